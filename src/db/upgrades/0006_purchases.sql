
-- Version 5 -> 6: purchases (brouillon -> reçu -> payé), their payments and supplier returns.
-- Money in centimes, quantities in thousandths of the product's base unit.
CREATE TABLE purchases (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,                -- ACH-2026-00012, gapless
    supplier_id   INTEGER NOT NULL REFERENCES suppliers(id),
    day           TEXT NOT NULL,                       -- the business day of the purchase (and of its receipt entry)
    status        TEXT NOT NULL DEFAULT 'brouillon' CHECK (status IN ('brouillon', 'recu', 'annule')),
    invoice_ref   TEXT NOT NULL DEFAULT '',            -- the supplier's invoice or delivery note number
    note          TEXT NOT NULL DEFAULT '',
    total         INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
    entry_id      INTEGER REFERENCES journal_entries(id), -- the current receipt entry
    token         TEXT UNIQUE,                         -- one-time form token: a double tap creates one purchase
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    received_at   TEXT,
    received_by   INTEGER REFERENCES users(id),
    cancelled_at  TEXT,
    cancelled_by  INTEGER REFERENCES users(id),
    cancel_reason TEXT NOT NULL DEFAULT '',
    CHECK (status <> 'recu' OR (received_at IS NOT NULL AND entry_id IS NOT NULL)),
    CHECK (status <> 'annule' OR cancelled_at IS NOT NULL)
) STRICT;
CREATE INDEX purchases_supplier ON purchases(supplier_id, day);
CREATE INDEX purchases_status ON purchases(status, day);

CREATE TABLE purchase_lines (
    id          INTEGER PRIMARY KEY,
    purchase_id INTEGER NOT NULL REFERENCES purchases(id),
    position    INTEGER NOT NULL,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    pack_id     INTEGER REFERENCES product_packs(id),  -- NULL: counted in the product's natural unit
    count       INTEGER NOT NULL CHECK (count > 0),    -- packs or natural units, thousandths, as typed
    base_qty    INTEGER NOT NULL CHECK (base_qty > 0), -- thousandths of the base unit
    price       INTEGER NOT NULL CHECK (price >= 0),   -- centimes per pack or per natural unit, as typed
    value       INTEGER NOT NULL CHECK (value >= 0),   -- the line's exact value, centimes
    location_id INTEGER NOT NULL REFERENCES locations(id)
) STRICT;
CREATE INDEX purchase_lines_purchase ON purchase_lines(purchase_id, position);

CREATE TABLE purchase_payments (
    id          INTEGER PRIMARY KEY,
    purchase_id INTEGER NOT NULL REFERENCES purchases(id),
    day         TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    method      TEXT NOT NULL CHECK (method IN ('especes', 'banque', 'cheque')),
    reference   TEXT NOT NULL DEFAULT '',
    entry_id    INTEGER NOT NULL REFERENCES journal_entries(id),
    token       TEXT UNIQUE,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    reversed_at TEXT,                                  -- a payment undone: its entry is reversed
    reversed_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX purchase_payments_purchase ON purchase_payments(purchase_id);

CREATE TABLE purchase_returns (
    id          INTEGER PRIMARY KEY,
    purchase_id INTEGER NOT NULL REFERENCES purchases(id),
    line_id     INTEGER NOT NULL REFERENCES purchase_lines(id),
    day         TEXT NOT NULL,
    qty         INTEGER NOT NULL CHECK (qty > 0),
    value       INTEGER NOT NULL CHECK (value >= 0),   -- at the PMP of the day
    reason      TEXT NOT NULL DEFAULT '',
    entry_id    INTEGER REFERENCES journal_entries(id),
    token       TEXT UNIQUE,                           -- one-time form token: a double tap returns once
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX purchase_returns_purchase ON purchase_returns(purchase_id);
