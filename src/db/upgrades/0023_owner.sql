-- ============================================================================================
-- Version 22 -> 23: the owner's view, continued (issue 19).

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

-- The forecast of counter sales (src/forecast): each night's run, what its backtest measured,
-- and the expected quantity per day and product it wrote for the next 7 days (replaced each run).
CREATE TABLE forecast_runs (
    id               INTEGER PRIMARY KEY,
    computed_at      TEXT NOT NULL,
    first_day        TEXT NOT NULL,                -- the first day forecast
    model            TEXT NOT NULL CHECK (model IN ('naive', 'saisonniere')), -- the one stored
    naive_wape_bp    INTEGER,                      -- WAPE over the last 8 weeks, basis points
    seasonal_wape_bp INTEGER
) STRICT;
CREATE TABLE forecasts (
    day        TEXT NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty        INTEGER NOT NULL CHECK (qty >= 0),   -- thousandths of the base unit
    naive_qty  INTEGER NOT NULL CHECK (naive_qty >= 0),
    PRIMARY KEY (day, product_id)
) STRICT, WITHOUT ROWID;
