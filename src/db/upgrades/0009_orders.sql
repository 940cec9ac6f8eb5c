-- Version 8 -> 9: customer orders (issue 13). Customers, orders with their lines and payments,
-- customer store credit, the lab's counter targets; the "réservé commandes" stock place; the
-- cash movement kind of order payments; account 4191 (advances received on orders).

-- Stock places: a new kind, 'commandes', for goods made for a named customer (never sold at the
-- counter, never consumed by a recipe). SQLite cannot widen a CHECK in place: the table is
-- rebuilt under its own name, its rows put back, the references checked at commit (deferred).
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE locations_copy AS SELECT id, code, name, kind, position, active FROM locations;
DROP TABLE locations;
CREATE TABLE locations (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL UNIQUE,
    kind     TEXT NOT NULL CHECK (kind IN ('reserve', 'labo', 'comptoir', 'emballages', 'commandes')),
    position INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO locations (id, code, name, kind, position, active)
    SELECT id, code, name, kind, position, active FROM locations_copy;
DROP TABLE locations_copy;
INSERT INTO locations (code, name, kind, position)
    SELECT 'commandes', 'Réservé commandes', 'commandes', coalesce(max(position), 0) + 1 FROM locations;

-- Cash movements: a new kind, 'commande' (deposits, balances and refunds of customer orders;
-- signed like every movement). Rebuilt the same way; nothing references this table.
CREATE TEMP TABLE cash_movements_copy AS
    SELECT id, shift_id, at, day, kind, amount, reason, source_type, source_id, entry_id, user_id, token FROM cash_movements;
DROP TABLE cash_movements;
CREATE TABLE cash_movements (
    id          INTEGER PRIMARY KEY,
    shift_id    INTEGER NOT NULL REFERENCES cash_shifts(id),
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('vente', 'remboursement', 'apport', 'retrait', 'depot_banque',
                                              'paiement_fournisseur', 'sans_vente', 'commande')),
    amount      INTEGER NOT NULL,                     -- signed centimes: + into the drawer, − out of it
    reason      TEXT NOT NULL DEFAULT '',
    source_type TEXT NOT NULL DEFAULT '',             -- sale, refund, purchase_payment, order_payment, '' for a manual movement
    source_id   INTEGER,
    entry_id    INTEGER REFERENCES journal_entries(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    token       TEXT UNIQUE,
    CHECK ((kind = 'sans_vente' AND amount = 0) OR (kind <> 'sans_vente' AND amount <> 0)),
    CHECK (kind NOT IN ('vente', 'apport') OR amount > 0),
    CHECK (kind NOT IN ('remboursement', 'retrait', 'depot_banque') OR amount < 0)  -- a supplier payment undone comes back (+)
) STRICT;
INSERT INTO cash_movements (id, shift_id, at, day, kind, amount, reason, source_type, source_id, entry_id, user_id, token)
    SELECT id, shift_id, at, day, kind, amount, reason, source_type, source_id, entry_id, user_id, token FROM cash_movements_copy;
DROP TABLE cash_movements_copy;
CREATE INDEX cash_movements_shift ON cash_movements(shift_id, id);
CREATE INDEX cash_movements_source ON cash_movements(source_type, source_id);
CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
BEGIN SELECT RAISE(ABORT, 'un mouvement de caisse ne se modifie pas'); END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
BEGIN SELECT RAISE(ABORT, 'un mouvement de caisse ne se supprime pas'); END;

-- Advances received on customer orders: credited by deposits, debited at handover (or by a refund).
-- A cancelled order's deposit kept as the customer's store credit stays here until it is spent.
INSERT INTO accounts (code, name, class, nature) VALUES
    ('4191', 'Clients - avances et acomptes reçus sur commandes', 4, 'credit');

-- Customers: one per phone number, stored normalised (0551234567, 021234567).
CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    phone      TEXT NOT NULL UNIQUE CHECK (length(phone) BETWEEN 9 AND 10),
    addresses  TEXT NOT NULL DEFAULT '',              -- one address per line
    notes      TEXT NOT NULL DEFAULT '',
    allergies  TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    token      TEXT UNIQUE                            -- one-time form token: a double tap creates one customer
) STRICT;
CREATE INDEX customers_name ON customers(name COLLATE NOCASE);

-- A customer order: confirmee -> en_production -> prete (received at the shop) -> remise (handed
-- over); annulee from any state before remise. `paid` = Σ its payments; revenue and cost are
-- recognised once, at handover (entry_id).
CREATE TABLE orders (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,               -- CMD-2026-00001, gapless per year; the pickup reference
    token         TEXT NOT NULL UNIQUE,               -- one-time form token: a replay answers this order
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    status        TEXT NOT NULL DEFAULT 'confirmee' CHECK (status IN ('confirmee', 'en_production', 'prete', 'remise', 'annulee')),
    service       TEXT NOT NULL DEFAULT 'retrait' CHECK (service IN ('retrait', 'livraison')),
    address       TEXT NOT NULL DEFAULT '',           -- delivery address
    due_day       TEXT NOT NULL,                      -- shop's local date
    due_time      TEXT NOT NULL CHECK (due_time GLOB '[0-2][0-9]:[0-5][0-9]'), -- shop's local time (slot)
    due_at        TEXT NOT NULL,                      -- the same moment in UTC
    notes         TEXT NOT NULL DEFAULT '',
    total         INTEGER NOT NULL CHECK (total >= 0),
    paid          INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= total), -- Σ order_payments.amount
    cost          INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),       -- frozen at handover: the goods' value out
    packaging     INTEGER NOT NULL DEFAULT 0 CHECK (packaging >= 0),  -- packaging consumed at handover
    till_id       INTEGER REFERENCES tills(id),       -- where it was taken (its slips print there)
    day           TEXT NOT NULL,                      -- business day it was taken
    created_at    TEXT NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    updated_at    TEXT NOT NULL,
    started_at    TEXT,
    ready_at      TEXT,
    handed_at     TEXT,
    handed_day    TEXT,
    handed_by     INTEGER REFERENCES users(id),
    entry_id      INTEGER REFERENCES journal_entries(id), -- the revenue entry, posted once at handover
    cancelled_at  TEXT,
    cancelled_by  INTEGER REFERENCES users(id),
    cancel_reason TEXT NOT NULL DEFAULT '',
    handover_token TEXT UNIQUE,                       -- one-time tokens of the handover and cancel forms
    cancel_token  TEXT UNIQUE,
    CHECK (status <> 'remise' OR (handed_at IS NOT NULL AND paid = total)),
    CHECK (status <> 'annulee' OR cancelled_at IS NOT NULL)
) STRICT;
CREATE INDEX orders_due ON orders(due_day, status);
CREATE INDEX orders_customer ON orders(customer_id, id);
CREATE INDEX orders_status ON orders(status, due_day);
CREATE TRIGGER orders_no_delete BEFORE DELETE ON orders
BEGIN SELECT RAISE(ABORT, 'une commande ne se supprime pas : annulez-la'); END;

-- The lines: catalogue products at the price agreed (the catalogue's unless changed with
-- prix.modifier), options in free text. 'labo' lines are made by the lab into the reserved place;
-- 'comptoir' lines (bought-in goods, products without a recipe) leave the counter at handover.
CREATE TABLE order_lines (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders(id),
    position      INTEGER NOT NULL,
    product_id    INTEGER NOT NULL REFERENCES products(id),
    name          TEXT NOT NULL,
    qty           INTEGER NOT NULL CHECK (qty > 0),   -- thousandths of the base unit
    unit_price    INTEGER NOT NULL CHECK (unit_price >= 0),    -- per pièce, kg or L, as agreed
    catalog_price INTEGER NOT NULL CHECK (catalog_price >= 0), -- the catalogue's when taken
    total         INTEGER NOT NULL CHECK (total >= 0),
    options       TEXT NOT NULL DEFAULT '',           -- size, flavour, inscription
    source        TEXT NOT NULL CHECK (source IN ('labo', 'comptoir')),
    production_id INTEGER REFERENCES productions(id), -- set once, when the lab made it
    made_at       TEXT,
    cost          INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0), -- frozen at handover
    UNIQUE (order_id, position),
    CHECK (source = 'labo' OR production_id IS NULL)
) STRICT;
CREATE INDEX order_lines_order ON order_lines(order_id);
CREATE INDEX order_lines_product ON order_lines(product_id);
CREATE TRIGGER order_lines_frozen BEFORE DELETE ON order_lines
WHEN (SELECT status FROM orders WHERE id = OLD.order_id) <> 'confirmee'
BEGIN SELECT RAISE(ABORT, 'les lignes d''une commande lancée ne se suppriment pas'); END;

-- Every payment of an order, linked to the shift (and drawer) it went through. Append-only.
-- A refund is a negative payment; cash change is given back on cash payments only.
CREATE TABLE order_payments (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    kind         TEXT NOT NULL CHECK (kind IN ('acompte', 'solde', 'remboursement')),
    method       TEXT NOT NULL CHECK (method IN ('especes', 'carte', 'cheque', 'avoir')),
    amount       INTEGER NOT NULL CHECK (amount <> 0),   -- signed: what the order received
    tendered     INTEGER NOT NULL,                       -- what was handed over (cash), else = amount
    change_given INTEGER NOT NULL DEFAULT 0 CHECK (change_given >= 0),
    reference    TEXT NOT NULL DEFAULT '',               -- cheque number, card slip
    till_id      INTEGER NOT NULL REFERENCES tills(id),
    shift_id     INTEGER NOT NULL REFERENCES cash_shifts(id),
    entry_id     INTEGER REFERENCES journal_entries(id), -- NULL only for store credit (it stays in 4191)
    at           TEXT NOT NULL,
    day          TEXT NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    token        TEXT UNIQUE,
    CHECK ((kind = 'remboursement') = (amount < 0)),
    CHECK (change_given = tendered - amount),
    CHECK (method = 'especes' OR change_given = 0)
) STRICT;
CREATE INDEX order_payments_order ON order_payments(order_id);
CREATE INDEX order_payments_shift ON order_payments(shift_id);
CREATE TRIGGER order_payments_no_update BEFORE UPDATE ON order_payments
BEGIN SELECT RAISE(ABORT, 'un paiement ne se modifie pas'); END;
CREATE TRIGGER order_payments_no_delete BEFORE DELETE ON order_payments
BEGIN SELECT RAISE(ABORT, 'un paiement ne se supprime pas'); END;

-- A customer's store credit: + a cancelled order's deposit kept, − spent on another order (its
-- payment 'avoir'). Append-only; the balance is Σ amount, never below zero.
CREATE TABLE customer_credits (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    amount      INTEGER NOT NULL CHECK (amount <> 0),
    order_id    INTEGER NOT NULL REFERENCES orders(id),        -- the cancelled order, or the order it paid
    payment_id  INTEGER UNIQUE REFERENCES order_payments(id),  -- when spent
    at          TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    CHECK ((amount < 0) = (payment_id IS NOT NULL))
) STRICT;
CREATE INDEX customer_credits_customer ON customer_credits(customer_id);
CREATE TRIGGER customer_credits_no_update BEFORE UPDATE ON customer_credits
BEGIN SELECT RAISE(ABORT, 'un avoir client ne se modifie pas'); END;
CREATE TRIGGER customer_credits_no_delete BEFORE DELETE ON customer_credits
BEGIN SELECT RAISE(ABORT, 'un avoir client ne se supprime pas'); END;

-- What the counter should have each weekday (1 = Monday … 7 = Sunday), for the production plan.
CREATE TABLE plan_targets (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    qty        INTEGER NOT NULL CHECK (qty >= 0),     -- thousandths of the base unit
    PRIMARY KEY (product_id, weekday)
) STRICT, WITHOUT ROWID;

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'commandes.prendre'), (2, 'commandes.annuler'), (2, 'prix.modifier'), (2, 'production.planifier'),
    (3, 'commandes.prendre');
