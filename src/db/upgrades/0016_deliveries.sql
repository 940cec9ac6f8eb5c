-- Version 15 -> 16: deliveries (issue 14). Zones (commune, default fee, the fee a seller may go
-- up to), deliverymen (own staff or a platform, a receivable account 467 each), the delivery of
-- an order (its zone and fee: the fee is never part of the order's total), runs and their stops
-- (goods out to "En livraison" at assignment, settled at the till stop by stop), and the
-- payments of what a deliveryman owes.

-- 467 (a deliveryman's account opens under it), 622 (platforms' commissions) and 706 (delivery
-- fees) come with the bakery's chart (step 14 -> 15).

-- Goods on their way to a customer: still the shop's, at their value, until the stop is settled.
INSERT INTO locations (code, name, kind, position)
    SELECT 'livraison', 'En livraison', 'commandes', coalesce(max(position), 0) + 1 FROM locations;

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'livraisons.gerer'), (2, 'livraisons.regler'), (2, 'livraisons.frais'), (3, 'livraisons.regler');

-- The one setting of the fee: 1 = the shop's own deliverymen bring the fee back (revenue 706),
-- 0 = they keep it. A platform always keeps it.
CREATE TABLE delivery_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fee_to_shop INTEGER NOT NULL DEFAULT 0 CHECK (fee_to_shop IN (0, 1)),
    updated_at  TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO delivery_settings (id, fee_to_shop) VALUES (1, 0);

CREATE TABLE delivery_zones (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,      -- the commune
    fee        INTEGER NOT NULL CHECK (fee >= 0),         -- centimes: pre-fills an order's fee
    max_fee    INTEGER NOT NULL CHECK (max_fee >= fee),   -- above it, the fee needs livraisons.frais
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE deliverymen (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    phone          TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL CHECK (kind IN ('personnel', 'plateforme')),
    commission_pct INTEGER NOT NULL DEFAULT 0 CHECK (commission_pct BETWEEN 0 AND 100),  -- a platform's cut of the goods
    employee_id    INTEGER REFERENCES employees(id),
    account        TEXT NOT NULL UNIQUE REFERENCES accounts(code),  -- his 467 auxiliary account
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    token          TEXT UNIQUE,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (kind = 'plateforme' OR commission_pct = 0)
) STRICT;

-- Where and for how much an order is delivered. The fee is a pass-through owed to whoever
-- delivers: it never enters the order's total, so the order closes to zero at its stop.
CREATE TABLE order_deliveries (
    order_id   INTEGER PRIMARY KEY REFERENCES orders(id),
    zone_id    INTEGER NOT NULL REFERENCES delivery_zones(id),
    fee        INTEGER NOT NULL CHECK (fee >= 0),
    updated_at TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id)
) STRICT;

CREATE TABLE delivery_runs (
    id             INTEGER PRIMARY KEY,
    deliveryman_id INTEGER NOT NULL REFERENCES deliverymen(id),
    till_id        INTEGER NOT NULL REFERENCES tills(id),
    status         TEXT NOT NULL CHECK (status IN ('en_cours', 'reglee')),
    day            TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    user_id        INTEGER REFERENCES users(id),
    fee_to_shop    INTEGER NOT NULL CHECK (fee_to_shop IN (0, 1)),            -- frozen at assignment
    commission_pct INTEGER NOT NULL CHECK (commission_pct BETWEEN 0 AND 100), -- frozen at assignment
    token          TEXT UNIQUE,
    settled_at     TEXT,
    settle_day     TEXT,
    settled_by     INTEGER REFERENCES users(id),
    shift_id       INTEGER REFERENCES cash_shifts(id),
    expected       INTEGER,          -- centimes the deliveryman had to bring back
    counted        INTEGER,          -- centimes handed in
    written_off    INTEGER NOT NULL DEFAULT 0 CHECK (written_off IN (0, 1)),  -- a shortage taken as a loss
    approved_by    INTEGER REFERENCES users(id),
    entry_id       INTEGER REFERENCES journal_entries(id),
    settle_token   TEXT UNIQUE,
    CHECK ((status = 'en_cours') = (settled_at IS NULL)),
    CHECK (status = 'en_cours' OR (expected IS NOT NULL AND counted IS NOT NULL AND counted >= 0))
) STRICT;
CREATE INDEX delivery_runs_man ON delivery_runs(deliveryman_id, day);
CREATE INDEX delivery_runs_day ON delivery_runs(day, status);

CREATE TABLE delivery_stops (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES delivery_runs(id),
    position   INTEGER NOT NULL,
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    fee        INTEGER NOT NULL CHECK (fee >= 0),
    outcome    TEXT CHECK (outcome IS NULL OR outcome IN ('livree', 'non_livree', 'refusee')),
    goods      TEXT CHECK (goods IS NULL OR goods IN ('comptoir', 'perte')),  -- a refused order's made goods
    balance    INTEGER,          -- what the order still owed when its stop was settled
    fee_kept   INTEGER,          -- the part of the fee the deliveryman keeps
    commission INTEGER,          -- a platform's cut
    UNIQUE (run_id, order_id)
) STRICT;
-- An order is on one open run at most.
CREATE UNIQUE INDEX delivery_stops_open ON delivery_stops(order_id) WHERE outcome IS NULL;
CREATE INDEX delivery_stops_run ON delivery_stops(run_id, position);

CREATE TABLE delivery_payments (
    id             INTEGER PRIMARY KEY,
    deliveryman_id INTEGER NOT NULL REFERENCES deliverymen(id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    shift_id       INTEGER NOT NULL REFERENCES cash_shifts(id),
    entry_id       INTEGER NOT NULL REFERENCES journal_entries(id),
    at             TEXT NOT NULL,
    day            TEXT NOT NULL,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    token          TEXT UNIQUE
) STRICT;
CREATE INDEX delivery_payments_man ON delivery_payments(deliveryman_id, day);
