-- Version 6 -> 7: the till and the cash (issue 5). Tills with their printers, cash shifts with
-- blind counts, the drawer's movements, tickets with lines, payments and packaging, refunds with
-- credit-note numbers, store-credit vouchers, packaging rules, the print queue, sellers' PINs and
-- discount limits. Money in centimes, quantities in thousandths of the product's base unit.

-- A seller's PIN for the quick switch at a shared tablet (argon2id, like passwords).
ALTER TABLE users ADD COLUMN pin_hash TEXT;
-- The largest discount a role may give, in % of the line or of the ticket (superusers: any).
ALTER TABLE roles ADD COLUMN max_discount_pct INTEGER NOT NULL DEFAULT 0 CHECK (max_discount_pct BETWEEN 0 AND 100);
UPDATE roles SET max_discount_pct = 100 WHERE code = 'admin';
UPDATE roles SET max_discount_pct = 20 WHERE code = 'gerante';
UPDATE roles SET max_discount_pct = 5 WHERE code = 'vendeuse';

INSERT INTO accounts (code, name, class, nature) VALUES
    ('419', 'Clients créditeurs (avoirs et bons d''achat)', 4, 'credit');

-- Σ debit and Σ credit per account and business day, kept by every posting in its own
-- transaction: the trial balance and the account balances read a few rows per account instead
-- of years of journal lines. `fournil check` proves it equals the lines.
CREATE TABLE account_days (
    account TEXT NOT NULL REFERENCES accounts(code),
    day     TEXT NOT NULL,
    debit   INTEGER NOT NULL DEFAULT 0 CHECK (debit >= 0),
    credit  INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
    PRIMARY KEY (account, day)
) STRICT, WITHOUT ROWID;
INSERT INTO account_days (account, day, debit, credit)
    SELECT l.account, e.day, sum(l.debit), sum(l.credit)
    FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id GROUP BY l.account, e.day;

-- The till's rules, set by the gérante: one row.
CREATE TABLE till_settings (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    discount_reason_pct   INTEGER NOT NULL DEFAULT 10 CHECK (discount_reason_pct BETWEEN 0 AND 100), -- above: a reason is required
    variance_reason_cents INTEGER NOT NULL DEFAULT 50000 CHECK (variance_reason_cents >= 0),         -- above: the closer must explain
    updated_at            TEXT NOT NULL
) STRICT;
INSERT INTO till_settings (id, updated_at) VALUES (1, '1970-01-01T00:00:00Z');

-- A till: a drawer, the counter it sells from, and its receipt printer.
CREATE TABLE tills (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
    location_id     INTEGER NOT NULL REFERENCES locations(id),          -- the counter it sells from
    printer_driver  TEXT NOT NULL DEFAULT 'aucun' CHECK (printer_driver IN ('aucun', 'reseau', 'fichier', 'serie')),
    printer_address TEXT NOT NULL DEFAULT '',                            -- 192.168.1.50:9100, /dev/usb/lp0, /dev/ttyUSB0
    printer_width   INTEGER NOT NULL DEFAULT 48 CHECK (printer_width IN (32, 42, 48)), -- characters per line
    drawer          INTEGER NOT NULL DEFAULT 1 CHECK (drawer IN (0, 1)), -- a drawer hangs on the printer
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO tills (id, name, location_id) VALUES (1, 'Caisse 1', 3);

-- A cash shift: one drawer between its opening count and its blind closing count.
CREATE TABLE cash_shifts (
    id             INTEGER PRIMARY KEY,
    till_id        INTEGER NOT NULL REFERENCES tills(id),
    status         TEXT NOT NULL DEFAULT 'ouverte' CHECK (status IN ('ouverte', 'fermee')),
    day            TEXT NOT NULL,                     -- business day of the opening
    opened_at      TEXT NOT NULL,
    opened_by      INTEGER NOT NULL REFERENCES users(id),
    opening_float  INTEGER NOT NULL CHECK (opening_float >= 0),   -- counted at the opening
    opening_counts TEXT NOT NULL DEFAULT '{}',        -- JSON {"2000": 3, "100": 5, …}: notes and coins
    carried_float  INTEGER NOT NULL DEFAULT 0 CHECK (carried_float >= 0), -- what the previous shift left
    opening_entry  INTEGER REFERENCES journal_entries(id), -- float put in or taken out by the owner (108)
    closed_at      TEXT,
    closed_by      INTEGER REFERENCES users(id),
    expected       INTEGER,                           -- derived from the movements at the close, kept
    counted        INTEGER CHECK (counted IS NULL OR counted >= 0),
    closing_counts TEXT,                              -- JSON, like opening_counts
    variance       INTEGER,                           -- counted − expected
    variance_entry INTEGER REFERENCES journal_entries(id),
    next_float     INTEGER CHECK (next_float IS NULL OR next_float >= 0), -- left in the drawer for the next shift
    handover       INTEGER CHECK (handover IS NULL OR handover >= 0),     -- counted − next_float, taken out (581)
    handover_entry INTEGER REFERENCES journal_entries(id),
    comment        TEXT NOT NULL DEFAULT '',
    token          TEXT UNIQUE,                       -- one-time token of the opening form
    close_token    TEXT UNIQUE,                       -- one-time token of the closing form
    CHECK (status <> 'fermee' OR (closed_at IS NOT NULL AND closed_by IS NOT NULL AND expected IS NOT NULL
        AND counted IS NOT NULL AND variance = counted - expected AND next_float IS NOT NULL
        AND handover = counted - next_float))
) STRICT;
-- One open shift per till.
CREATE UNIQUE INDEX cash_shifts_one_open ON cash_shifts(till_id) WHERE status = 'ouverte';
CREATE INDEX cash_shifts_till ON cash_shifts(till_id, id);
CREATE INDEX cash_shifts_day ON cash_shifts(day);
CREATE TRIGGER cash_shifts_frozen BEFORE UPDATE ON cash_shifts WHEN OLD.status <> 'ouverte'
BEGIN SELECT RAISE(ABORT, 'une caisse fermée ne se modifie pas'); END;
CREATE TRIGGER cash_shifts_no_delete BEFORE DELETE ON cash_shifts
BEGIN SELECT RAISE(ABORT, 'une caisse ne se supprime pas'); END;

-- Every movement of cash in or out of a shift's drawer, linked to its document. Append-only.
-- Expected cash = opening_float + Σ amount.
CREATE TABLE cash_movements (
    id          INTEGER PRIMARY KEY,
    shift_id    INTEGER NOT NULL REFERENCES cash_shifts(id),
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('vente', 'remboursement', 'apport', 'retrait', 'depot_banque',
                                              'paiement_fournisseur', 'sans_vente')),
    amount      INTEGER NOT NULL,                     -- signed centimes: + into the drawer, − out of it
    reason      TEXT NOT NULL DEFAULT '',
    source_type TEXT NOT NULL DEFAULT '',             -- sale, refund, purchase_payment, '' for a manual movement
    source_id   INTEGER,
    entry_id    INTEGER REFERENCES journal_entries(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    token       TEXT UNIQUE,
    CHECK ((kind = 'sans_vente' AND amount = 0) OR (kind <> 'sans_vente' AND amount <> 0)),
    CHECK (kind NOT IN ('vente', 'apport') OR amount > 0),
    CHECK (kind NOT IN ('remboursement', 'retrait', 'depot_banque') OR amount < 0)  -- a supplier payment undone comes back (+)
) STRICT;
CREATE INDEX cash_movements_shift ON cash_movements(shift_id, id);
CREATE INDEX cash_movements_source ON cash_movements(source_type, source_id);
CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
BEGIN SELECT RAISE(ABORT, 'un mouvement de caisse ne se modifie pas'); END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
BEGIN SELECT RAISE(ABORT, 'un mouvement de caisse ne se supprime pas'); END;

-- Packaging consumed by sales: for a category or for one product (the product's rules win),
-- a box for a range of pieces. One configuration model (old defect: two systems both fired).
CREATE TABLE packaging_rules (
    id           INTEGER PRIMARY KEY,
    category_id  INTEGER REFERENCES categories(id) ON DELETE CASCADE,
    product_id   INTEGER REFERENCES products(id) ON DELETE CASCADE,
    min_pieces   INTEGER NOT NULL CHECK (min_pieces >= 1),
    max_pieces   INTEGER NOT NULL,
    packaging_id INTEGER NOT NULL REFERENCES products(id),   -- a consommable
    CHECK ((category_id IS NULL) <> (product_id IS NULL)),
    CHECK (max_pieces >= min_pieces)
) STRICT;
CREATE INDEX packaging_rules_category ON packaging_rules(category_id);
CREATE INDEX packaging_rules_product ON packaging_rules(product_id);

-- A ticket: one counter sale, fully tendered, with its gapless number.
CREATE TABLE sales (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,             -- T-2026-000123
    token           TEXT NOT NULL UNIQUE,             -- the till's one-time key: a retry answers this ticket
    fingerprint     TEXT NOT NULL DEFAULT '',         -- what the request asked for: a replay must ask the same
    till_id         INTEGER NOT NULL REFERENCES tills(id),
    shift_id        INTEGER NOT NULL REFERENCES cash_shifts(id),
    at              TEXT NOT NULL,
    day             TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users(id),  -- the vendeuse
    gross           INTEGER NOT NULL CHECK (gross >= 0),    -- Σ lines before discounts
    discount        INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    total           INTEGER NOT NULL CHECK (total >= 0),    -- gross − discount
    tendered        INTEGER NOT NULL CHECK (tendered >= total), -- Σ payments as handed over
    change_given    INTEGER NOT NULL DEFAULT 0 CHECK (change_given >= 0), -- cash given back
    discount_reason TEXT NOT NULL DEFAULT '',
    cost            INTEGER NOT NULL DEFAULT 0,             -- Σ frozen line costs
    entry_id        INTEGER REFERENCES journal_entries(id), -- set once, at the end of the sale's transaction
    CHECK (total = gross - discount),
    CHECK (change_given = tendered - total)
) STRICT;
CREATE INDEX sales_day ON sales(day, id);
CREATE INDEX sales_shift ON sales(shift_id);
CREATE TRIGGER sales_no_update BEFORE UPDATE ON sales WHEN OLD.entry_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'un ticket ne se modifie pas : faites un retour'); END;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
BEGIN SELECT RAISE(ABORT, 'un ticket ne se supprime pas : faites un retour'); END;

CREATE TABLE sale_lines (
    id              INTEGER PRIMARY KEY,
    sale_id         INTEGER NOT NULL REFERENCES sales(id),
    position        INTEGER NOT NULL,
    product_id      INTEGER NOT NULL REFERENCES products(id),
    name            TEXT NOT NULL,                    -- as printed
    category_id     INTEGER REFERENCES categories(id),
    qty             INTEGER NOT NULL CHECK (qty > 0), -- thousandths of the base unit
    unit_price      INTEGER NOT NULL CHECK (unit_price >= 0), -- the catalogue's, per pièce, kg or L
    gross           INTEGER NOT NULL CHECK (gross >= 0),
    discount        INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0 AND discount <= gross), -- line + share of the ticket's
    line_discount   INTEGER NOT NULL DEFAULT 0 CHECK (line_discount >= 0 AND line_discount <= discount),
    discount_reason TEXT NOT NULL DEFAULT '',
    total           INTEGER NOT NULL CHECK (total = gross - discount),
    cost            INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0), -- frozen: the stock value that left
    UNIQUE (sale_id, position)
) STRICT;
CREATE INDEX sale_lines_product ON sale_lines(product_id);
CREATE TRIGGER sale_lines_no_update BEFORE UPDATE ON sale_lines
BEGIN SELECT RAISE(ABORT, 'un ticket ne se modifie pas : faites un retour'); END;
CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines
BEGIN SELECT RAISE(ABORT, 'un ticket ne se supprime pas : faites un retour'); END;

-- Store credit: an avoir given on a refund, spent later as a payment ('bon').
CREATE TABLE vouchers (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,                  -- printed on the credit note
    amount     INTEGER NOT NULL CHECK (amount > 0),
    refund_id  INTEGER REFERENCES refunds(id),        -- the refund that issued it
    created_at TEXT NOT NULL,
    expires_on TEXT                                   -- NULL: no expiry
) STRICT;

-- How a ticket was paid: one row per method; cash is what was handed over (change separate).
CREATE TABLE sale_payments (
    id         INTEGER PRIMARY KEY,
    sale_id    INTEGER NOT NULL REFERENCES sales(id),
    method     TEXT NOT NULL CHECK (method IN ('especes', 'carte', 'cheque', 'bon')),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    reference  TEXT NOT NULL DEFAULT '',              -- cheque number, card slip
    voucher_id INTEGER REFERENCES vouchers(id),
    CHECK ((method = 'bon') = (voucher_id IS NOT NULL))
) STRICT;
CREATE INDEX sale_payments_sale ON sale_payments(sale_id);
CREATE INDEX sale_payments_voucher ON sale_payments(voucher_id);

-- Packaging a ticket consumed (and what its rule asked for but the stock did not hold).
CREATE TABLE sale_packaging (
    sale_id      INTEGER NOT NULL REFERENCES sales(id),
    packaging_id INTEGER NOT NULL REFERENCES products(id),
    qty          INTEGER NOT NULL CHECK (qty >= 0),   -- consumed, thousandths of pièces
    missing      INTEGER NOT NULL DEFAULT 0 CHECK (missing >= 0), -- asked for, not in stock
    value        INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
    PRIMARY KEY (sale_id, packaging_id)
) STRICT, WITHOUT ROWID;

-- A refund (retour client) on a past ticket, with its credit-note number.
CREATE TABLE refunds (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,                  -- AV-2026-00012
    token      TEXT NOT NULL UNIQUE,
    sale_id    INTEGER NOT NULL REFERENCES sales(id),
    till_id    INTEGER NOT NULL REFERENCES tills(id),
    shift_id   INTEGER REFERENCES cash_shifts(id),    -- set when cash went out of a drawer
    at         TEXT NOT NULL,
    day        TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    reason     TEXT NOT NULL CHECK (length(reason) >= 1),
    method     TEXT NOT NULL CHECK (method IN ('especes', 'carte', 'cheque', 'bon')),
    total      INTEGER NOT NULL CHECK (total >= 0),
    entry_id   INTEGER REFERENCES journal_entries(id)    -- set once, at the end of the refund's transaction
) STRICT;
CREATE INDEX refunds_sale ON refunds(sale_id);
CREATE INDEX refunds_day ON refunds(day);
CREATE TRIGGER refunds_no_update BEFORE UPDATE ON refunds WHEN OLD.entry_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'un avoir ne se modifie pas'); END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
BEGIN SELECT RAISE(ABORT, 'un avoir ne se supprime pas'); END;

CREATE TABLE refund_lines (
    refund_id    INTEGER NOT NULL REFERENCES refunds(id),
    sale_line_id INTEGER NOT NULL REFERENCES sale_lines(id),
    qty          INTEGER NOT NULL CHECK (qty > 0),
    amount       INTEGER NOT NULL CHECK (amount >= 0), -- its share of the line's total
    cost         INTEGER NOT NULL CHECK (cost >= 0),   -- its share of the line's frozen cost
    destination  TEXT NOT NULL CHECK (destination IN ('comptoir', 'perte')),
    PRIMARY KEY (refund_id, sale_line_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX refund_lines_line ON refund_lines(sale_line_id);

-- Receipts and reports waiting for (or sent to) a till's printer. Written in the document's own
-- transaction, drained by a worker after commit; a printer fault never loses a sale.
CREATE TABLE print_jobs (
    id           INTEGER PRIMARY KEY,
    till_id      INTEGER NOT NULL REFERENCES tills(id),
    kind         TEXT NOT NULL CHECK (kind IN ('ticket', 'duplicata', 'avoir', 'x', 'z', 'mouvement', 'test', 'tiroir')),
    source_type  TEXT NOT NULL DEFAULT '',
    source_id    INTEGER,
    payload      TEXT NOT NULL,                       -- the self-contained document (JSON), rendered at print time
    open_drawer  INTEGER NOT NULL DEFAULT 0 CHECK (open_drawer IN (0, 1)),
    status       TEXT NOT NULL DEFAULT 'en_attente' CHECK (status IN ('en_attente', 'imprime', 'echec', 'sans_imprimante')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    next_try_at  TEXT NOT NULL,
    printed_at   TEXT,
    user_id      INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX print_jobs_pending ON print_jobs(status, next_try_at) WHERE status = 'en_attente';
CREATE INDEX print_jobs_source ON print_jobs(source_type, source_id);
CREATE INDEX print_jobs_till ON print_jobs(till_id, status);

-- Tickets put on hold (mise en attente) at a till, recalled later by anyone at that till.
-- The cart is what the till held (product ids, quantities, discounts); prices are recomputed on recall.
CREATE TABLE parked_tickets (
    id         INTEGER PRIMARY KEY,
    till_id    INTEGER NOT NULL REFERENCES tills(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    label      TEXT NOT NULL DEFAULT '',
    cart       TEXT NOT NULL,                         -- JSON
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX parked_tickets_till ON parked_tickets(till_id, id);

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'caisse.vendre'), (2, 'caisse.remise'), (2, 'caisse.rembourser'), (2, 'caisse.tenir'),
    (2, 'ventes.voir'), (2, 'caisse.parametrer'),
    (3, 'caisse.vendre'), (3, 'caisse.remise'), (3, 'caisse.tenir'), (3, 'ventes.voir');
