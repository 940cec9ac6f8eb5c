-- Version 2 -> 3: backups. `backup_settings` (one seeded row: hour of the daily run, second
-- directory, how many daily and monthly copies to keep) and `backups` (one row per run).
CREATE TABLE backup_settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hour         INTEGER NOT NULL DEFAULT 2 CHECK (hour BETWEEN 0 AND 23),   -- shop's local hour of the daily run
    second_dir   TEXT NOT NULL DEFAULT '',                                   -- optional second copy (USB stick, other disk)
    keep_daily   INTEGER NOT NULL DEFAULT 14 CHECK (keep_daily BETWEEN 1 AND 366),
    keep_monthly INTEGER NOT NULL DEFAULT 12 CHECK (keep_monthly BETWEEN 0 AND 120),
    updated_at   TEXT NOT NULL
) STRICT;
INSERT INTO backup_settings (id, updated_at) VALUES (1, '1970-01-01T00:00:00Z');

CREATE TABLE backups (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('planifiee', 'manuelle', 'commande', 'mise_a_jour')),
    target       TEXT NOT NULL CHECK (target IN ('principale', 'secondaire')),
    path         TEXT NOT NULL DEFAULT '',
    size_bytes   INTEGER NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    ok           INTEGER NOT NULL CHECK (ok IN (0, 1)),
    check_result TEXT NOT NULL DEFAULT '',                                   -- 'ok' or what `fournil check` found in the copy
    error        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX backups_started ON backups(started_at);
