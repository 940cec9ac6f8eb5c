-- Version 19 -> 20: B2B (issue 15). Business customers (a receivable account 411 each), price
-- lists with dated prices, B2B orders (one per customer and delivery day, feeding the production
-- plan), delivery notes (what left the counter, what came back), and invoices in separate
-- gapless series (proforma, invoice, credit note) that are never edited once issued.

INSERT INTO role_permissions (role_id, permission) VALUES (2, 'b2b.gerer'), (2, 'b2b.livrer'), (3, 'b2b.livrer');

-- A price list: one customer's, or a group's ("Cafés", "Hôtels").
CREATE TABLE b2b_price_lists (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
) STRICT;

-- A product's price (HT, centimes) in a list from a day on; the one in force on a day is the
-- latest valid_from on or before it.
CREATE TABLE b2b_prices (
    id         INTEGER PRIMARY KEY,
    list_id    INTEGER NOT NULL REFERENCES b2b_price_lists(id),
    product_id INTEGER NOT NULL REFERENCES products(id),
    valid_from TEXT NOT NULL,
    price      INTEGER NOT NULL CHECK (price >= 0),
    created_at TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id),
    UNIQUE (list_id, product_id, valid_from)
) STRICT;

CREATE TABLE b2b_customers (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- raison sociale
    legal_form       TEXT NOT NULL DEFAULT '',             -- SARL, EURL, SPA…
    contact          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',             -- billing address
    delivery_address TEXT NOT NULL DEFAULT '',
    nif              TEXT NOT NULL CHECK (length(nif) = 15),
    nis              TEXT NOT NULL CHECK (length(nis) = 15),
    rc               TEXT NOT NULL DEFAULT '',
    ai               TEXT NOT NULL DEFAULT '',
    terms            TEXT NOT NULL CHECK (terms IN ('comptant', '15j', '30j', '45j', '60j', 'fin_de_mois')),
    credit_limit     INTEGER CHECK (credit_limit >= 0),    -- centimes; NULL: no limit
    price_list_id    INTEGER REFERENCES b2b_price_lists(id),
    account          TEXT NOT NULL UNIQUE REFERENCES accounts(code),  -- its 411 auxiliary account
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    token            TEXT UNIQUE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

-- One order per customer and delivery day (its lines at the price in force that day, HT).
CREATE TABLE b2b_orders (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,                     -- CB-2026-00001
    customer_id  INTEGER NOT NULL REFERENCES b2b_customers(id),
    delivery_day TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'confirmee' CHECK (status IN ('confirmee', 'livree', 'annulee')),
    total        INTEGER NOT NULL CHECK (total >= 0),      -- HT
    approved_by  INTEGER REFERENCES users(id),             -- beyond the credit limit
    notes        TEXT NOT NULL DEFAULT '',
    token        TEXT UNIQUE,
    user_id      INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX b2b_orders_one_a_day ON b2b_orders (customer_id, delivery_day) WHERE status <> 'annulee';
CREATE INDEX b2b_orders_day ON b2b_orders (delivery_day, status);

CREATE TABLE b2b_order_lines (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES b2b_orders(id),
    position   INTEGER NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty        INTEGER NOT NULL CHECK (qty > 0),
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),   -- HT
    total      INTEGER NOT NULL CHECK (total >= 0),
    UNIQUE (order_id, position)
) STRICT;

-- A delivery note: what left the counter for an order (at the PMP), and on return what was
-- delivered and what came back (to the counter or to waste).
CREATE TABLE b2b_notes (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,                      -- BL-2026-00001
    order_id    INTEGER NOT NULL UNIQUE REFERENCES b2b_orders(id),
    customer_id INTEGER NOT NULL REFERENCES b2b_customers(id),
    day         TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'sorti' CHECK (status IN ('sorti', 'livre')),
    invoice_id  INTEGER REFERENCES b2b_invoices(id),
    token       TEXT UNIQUE,
    user_id     INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL,
    returned_at TEXT
) STRICT;
CREATE INDEX b2b_notes_customer ON b2b_notes (customer_id, status, invoice_id);

CREATE TABLE b2b_note_lines (
    id          INTEGER PRIMARY KEY,
    note_id     INTEGER NOT NULL REFERENCES b2b_notes(id),
    position    INTEGER NOT NULL,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    ordered     INTEGER NOT NULL CHECK (ordered > 0),
    shipped     INTEGER NOT NULL CHECK (shipped >= 0 AND shipped <= ordered),  -- short = ordered - shipped
    returned    INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= shipped),
    wasted      INTEGER NOT NULL DEFAULT 0 CHECK (wasted >= 0 AND wasted <= returned),  -- of the returned
    unit_price  INTEGER NOT NULL CHECK (unit_price >= 0),
    cost        INTEGER NOT NULL CHECK (cost >= 0),        -- value out of the counter
    UNIQUE (note_id, position)
) STRICT;

-- Invoices, proformas and credit notes: issued once, never edited (the triggers below).
CREATE TABLE b2b_invoices (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('proforma', 'facture', 'avoir')),
    number       TEXT NOT NULL UNIQUE,                     -- PRO-…, FAC-2026-00001, AVF-…
    customer_id  INTEGER NOT NULL REFERENCES b2b_customers(id),
    day          TEXT NOT NULL,
    due_day      TEXT NOT NULL,
    regime       TEXT NOT NULL CHECK (regime IN ('ifu', 'reel')),
    total_ht     INTEGER NOT NULL CHECK (total_ht >= 0),
    total_tva    INTEGER NOT NULL CHECK (total_tva >= 0),
    total_ttc    INTEGER NOT NULL CHECK (total_ttc = total_ht + total_tva),
    corrects_id  INTEGER REFERENCES b2b_invoices(id),      -- a credit note's invoice
    reason       TEXT NOT NULL DEFAULT '',
    entry_id     INTEGER REFERENCES journal_entries(id),   -- NULL for a proforma
    token        TEXT UNIQUE,
    user_id      INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    CHECK ((kind = 'avoir') = (corrects_id IS NOT NULL)),
    CHECK ((kind = 'proforma') = (entry_id IS NULL))
) STRICT;
CREATE INDEX b2b_invoices_customer ON b2b_invoices (customer_id, kind, day);

CREATE TABLE b2b_invoice_lines (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES b2b_invoices(id),
    position   INTEGER NOT NULL,
    section    TEXT NOT NULL DEFAULT '',                   -- "Livraison du 07/12/2026 (BL-2026-00001)"
    note_id    INTEGER REFERENCES b2b_notes(id),
    product_id INTEGER REFERENCES products(id),
    label      TEXT NOT NULL,
    qty        INTEGER NOT NULL CHECK (qty > 0),
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),   -- HT
    tva_bp     INTEGER NOT NULL DEFAULT 0 CHECK (tva_bp >= 0),
    total_ht   INTEGER NOT NULL CHECK (total_ht >= 0),
    tva        INTEGER NOT NULL CHECK (tva >= 0),
    UNIQUE (invoice_id, position)
) STRICT;

CREATE TRIGGER b2b_invoices_frozen BEFORE UPDATE ON b2b_invoices
BEGIN
    SELECT RAISE(ABORT, 'Une facture émise ne se modifie pas : faites un avoir.');
END;
CREATE TRIGGER b2b_invoices_kept BEFORE DELETE ON b2b_invoices
BEGIN
    SELECT RAISE(ABORT, 'Une facture émise ne se supprime pas : faites un avoir.');
END;
CREATE TRIGGER b2b_invoice_lines_frozen BEFORE UPDATE ON b2b_invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'Une facture émise ne se modifie pas : faites un avoir.');
END;
CREATE TRIGGER b2b_invoice_lines_kept BEFORE DELETE ON b2b_invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'Une facture émise ne se supprime pas : faites un avoir.');
END;
