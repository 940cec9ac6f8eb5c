-- ============================================================================================
-- Version 18 -> 19: the owner's view, continued (issue 19).

-- Every run of the integrity check (`fournil check`, the admin's page, the server's nightly run):
-- when, how long, and which rules failed (empty when all passed). The home shows the last one.
CREATE TABLE check_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,                     -- UTC stamp
    duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
    origin      TEXT NOT NULL CHECK (origin IN ('commande', 'page', 'serveur')),
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    failed      TEXT NOT NULL DEFAULT ''           -- the failed rules' names, one per line
) STRICT;
