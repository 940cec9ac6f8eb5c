-- Fournil: the schema of a NEW database at the latest version (see src/db/migrate.rs).
-- An older database is brought here by the UPGRADES ladder; tests/it/migrations.rs proves both agree.
-- Rules: STRICT tables; money = INTEGER centimes; quantities = INTEGER thousandths of a base unit;
-- timestamps = ISO-8601 UTC TEXT ('2026-11-24T08:15:00Z'); business_day = local DATE TEXT.

-- Key/value facts about this database itself (not shop settings): the one-time setup code.
CREATE TABLE system_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Roles: seeded admin, gérante, vendeuse, production. The superuser flag is explicit and never
-- inferred from a name (old defect: a profile renamed "admin" became superuser).
CREATE TABLE roles (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,            -- stable identifier used by the CLI: admin, gerante, ...
    name         TEXT NOT NULL UNIQUE,            -- shown to people; renaming changes no right
    description  TEXT NOT NULL DEFAULT '',
    is_superuser INTEGER NOT NULL DEFAULT 0 CHECK (is_superuser IN (0, 1))
) STRICT;

-- What each role may do: one row per (role, Permission::code()). Superusers need no rows.
CREATE TABLE role_permissions (
    role_id    INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    permission TEXT NOT NULL,
    PRIMARY KEY (role_id, permission)
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 2 AND 40),
    display_name        TEXT NOT NULL,
    role_id             INTEGER NOT NULL REFERENCES roles(id),
    password_hash       TEXT NOT NULL,            -- argon2id PHC string
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    last_login_at       TEXT
) STRICT;

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored here.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,                   -- valid for the session's whole life
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,                   -- slides forward with use
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins, kept for throttling per account name and per address (the name may not exist).
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL COLLATE NOCASE,
    ip       TEXT NOT NULL,
    at       TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

-- Bearer tokens for /api/v1. A token acts with its user's permissions; only its SHA-256 is stored.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,                   -- first characters, to recognise a token in lists
    created_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Append-only audit trail: who changed prices, stock, cash, users, permissions, entries.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER REFERENCES users(id),       -- NULL for the system or the command line
    actor     TEXT NOT NULL,                      -- user name, 'système' or 'ligne de commande'
    kind      TEXT NOT NULL,                      -- AuditKind::code(), e.g. 'utilisateur.cree'
    entity    TEXT NOT NULL DEFAULT '',           -- table-ish name of what changed
    entity_id TEXT NOT NULL DEFAULT '',
    summary   TEXT NOT NULL,                      -- one French sentence
    before    TEXT,                               -- JSON, or NULL
    after     TEXT,                               -- JSON, or NULL
    ip        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_kind ON audit_log(kind, at);
CREATE INDEX audit_log_user ON audit_log(user_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log est en ajout seul'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log est en ajout seul'); END;

-- The shop's identity and preferences: exactly one row.
CREATE TABLE shop_settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    nif            TEXT NOT NULL DEFAULT '',      -- numéro d'identification fiscale
    rc             TEXT NOT NULL DEFAULT '',      -- registre du commerce
    nis            TEXT NOT NULL DEFAULT '',      -- numéro d'identification statistique
    ai             TEXT NOT NULL DEFAULT '',      -- article d'imposition
    cnas_employer  TEXT NOT NULL DEFAULT '',      -- numéro d'employeur CNAS (bulletins de paie)
    receipt_header TEXT NOT NULL DEFAULT '',
    receipt_footer TEXT NOT NULL DEFAULT '',
    timezone       TEXT NOT NULL DEFAULT 'Africa/Algiers',
    day_start_hour INTEGER NOT NULL DEFAULT 4 CHECK (day_start_hour BETWEEN 0 AND 12),
    updated_at     TEXT NOT NULL
) STRICT;

-- Seed data: what every new shop starts with.
INSERT INTO shop_settings (id, name, updated_at) VALUES (1, 'Ma boulangerie', '1970-01-01T00:00:00Z');

INSERT INTO roles (id, code, name, description, is_superuser) VALUES
    (1, 'admin', 'Administrateur', 'Tous les droits, y compris les utilisateurs et les rôles.', 1),
    (2, 'gerante', 'Gérante', 'Dirige la boutique : ventes, stock, achats, rapports, comptabilité.', 0),
    (3, 'vendeuse', 'Vendeuse', 'Vend au comptoir et tient la caisse.', 0),
    (4, 'production', 'Production', 'Fabrique au labo : recettes et fiches, sans prix ni coûts.', 0);

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'audit.voir');

-- =====================================================================================-- Version 1 -> 2: the catalogue (locations, categories, products, packs, barcodes, thresholds,
-- photos, suppliers, recipes, cost history, pending imports) and its permissions.

-- Where stock lives. The stock domain owns it; the catalogue needs it for recipes and thresholds.
CREATE TABLE locations (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL UNIQUE,
    kind     TEXT NOT NULL CHECK (kind IN ('reserve', 'labo', 'comptoir', 'emballages', 'commandes')),
    position INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO locations (id, code, name, kind, position) VALUES
    (1, 'reserve', 'Réserve (magasin)', 'reserve', 1),
    (2, 'labo', 'Labo', 'labo', 2),
    (3, 'comptoir', 'Comptoir', 'comptoir', 3),
    (4, 'emballages', 'Emballages', 'emballages', 4),
    (5, 'commandes', 'Réservé commandes', 'commandes', 5);  -- goods made for a named customer (version 9)

CREATE TABLE categories (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
    position INTEGER NOT NULL DEFAULT 0,
    color    TEXT NOT NULL DEFAULT '#b5652b' CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
    at_till  INTEGER NOT NULL DEFAULT 1 CHECK (at_till IN (0, 1))
) STRICT;

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    reference   TEXT UNIQUE,                     -- optional code (SKU), the key of imports
    kind        TEXT NOT NULL CHECK (kind IN ('ingredient', 'semi_fini', 'fini', 'revente', 'consommable')),
    category_id INTEGER REFERENCES categories(id),
    unit        TEXT NOT NULL CHECK (unit IN ('g', 'ml', 'piece')),   -- the base unit
    sale_price  INTEGER CHECK (sale_price IS NULL OR sale_price >= 0), -- centimes per pièce, kg or L
    ref_cost    INTEGER CHECK (ref_cost IS NULL OR ref_cost >= 0),     -- micro-dinars per base unit
    allergens   INTEGER NOT NULL DEFAULT 0 CHECK (allergens >= 0),     -- bit set of Allergen
    track_stock INTEGER NOT NULL DEFAULT 1 CHECK (track_stock IN (0, 1)),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    receive_location_id INTEGER REFERENCES locations(id)  -- purchases received there (NULL: first suitable place)
) STRICT;
CREATE INDEX products_name ON products(name COLLATE NOCASE);
CREATE INDEX products_kind ON products(kind, active);
CREATE INDEX products_category ON products(category_id);

-- Purchase packs: "Sac 25 kg" holds 25 000 000 thousandths of a gram of its product.
CREATE TABLE product_packs (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    content    INTEGER NOT NULL CHECK (content > 0), -- thousandths of the product's base unit
    UNIQUE (product_id, name)
) STRICT;

CREATE TABLE barcodes (
    code       TEXT PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    pack_id    INTEGER REFERENCES product_packs(id) ON DELETE CASCADE -- scanning it means one pack
) STRICT;
CREATE INDEX barcodes_product ON barcodes(product_id);

CREATE TABLE product_thresholds (
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    location_id INTEGER NOT NULL REFERENCES locations(id),
    min_qty     INTEGER NOT NULL CHECK (min_qty >= 0), -- thousandths of the base unit
    PRIMARY KEY (product_id, location_id)
) STRICT, WITHOUT ROWID;

-- Photos live in the database (one file to back up), served by the binary.
CREATE TABLE product_photos (
    product_id   INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BLOB NOT NULL,
    hash         TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
) STRICT;

CREATE TABLE suppliers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
    contact       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    nif           TEXT NOT NULL DEFAULT '',
    rc            TEXT NOT NULL DEFAULT '',
    payment_days  INTEGER NOT NULL DEFAULT 0 CHECK (payment_days BETWEEN 0 AND 365),
    notes         TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE product_suppliers (
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, supplier_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX product_suppliers_supplier ON product_suppliers(supplier_id);

-- One recipe per made product (semi-fini or fini): a batch and its ingredient lines.
CREATE TABLE recipes (
    product_id  INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    yield_qty   INTEGER NOT NULL CHECK (yield_qty > 0),             -- thousandths of the product's base unit
    loss_bp     INTEGER NOT NULL DEFAULT 0 CHECK (loss_bp BETWEEN 0 AND 9000), -- hundredths of a percent
    location_id INTEGER NOT NULL REFERENCES locations(id),          -- a lab location, never the counter
    method      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE recipe_lines (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER NOT NULL REFERENCES recipes(product_id) ON DELETE CASCADE,
    ingredient_id INTEGER NOT NULL REFERENCES products(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),                 -- thousandths of the ingredient's base unit
    position      INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    CHECK (ingredient_id <> product_id)
) STRICT;
CREATE INDEX recipe_lines_product ON recipe_lines(product_id, position);
CREATE INDEX recipe_lines_ingredient ON recipe_lines(ingredient_id);

-- Each change of a product's own cost, for the "what changed" view.
CREATE TABLE cost_changes (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    old_cost   INTEGER,                          -- micro-dinars per base unit
    new_cost   INTEGER,
    source     TEXT NOT NULL CHECK (source IN ('reference', 'pmp')),
    user_id    INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX cost_changes_at ON cost_changes(at);

-- An uploaded import file between its preview and its confirmation.
CREATE TABLE pending_imports (
    token      TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    content    BLOB NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
) STRICT;

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'catalogue.voir'), (2, 'prix.voir'), (2, 'couts.voir'), (2, 'catalogue.modifier'), (2, 'fournisseurs.gerer'),
    (3, 'catalogue.voir'), (3, 'prix.voir'),
    (4, 'catalogue.voir');

-- ============================================================================================
-- Backups (issue 6): when and where the server copies the database, and a record of every run,
-- from which the backup page and the admins' warning are derived. One row of settings.
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

-- ============================================================================================
-- Version 3 -> 4: the two ledgers. Double-entry books (SCF chart, journals, gapless numbers,
-- closed periods) and the stock ledger (append-only moves, balances kept in the same transaction).

-- The Algerian SCF chart: the accounts the business uses (validate with the accountant).
CREATE TABLE accounts (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    class  INTEGER NOT NULL CHECK (class BETWEEN 1 AND 7),
    nature TEXT NOT NULL CHECK (nature IN ('debit', 'credit')),   -- the side its balance normally sits on
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT, WITHOUT ROWID;
INSERT INTO accounts (code, name, class, nature) VALUES
    ('101', 'Capital social', 1, 'credit'),
    ('108', 'Compte de l''exploitant', 1, 'credit'),
    ('12', 'Résultat de l''exercice', 1, 'credit'),
    ('30', 'Stocks de marchandises', 3, 'debit'),
    ('31', 'Matières premières et fournitures', 3, 'debit'),
    ('32', 'Autres approvisionnements (emballages)', 3, 'debit'),
    ('351', 'Stocks de produits intermédiaires (semi-finis)', 3, 'debit'),
    ('355', 'Stocks de produits finis', 3, 'debit'),
    ('401', 'Fournisseurs de stocks et services', 4, 'credit'),
    ('409', 'Fournisseurs débiteurs (avoirs à recevoir)', 4, 'debit'),
    ('411', 'Clients', 4, 'debit'),
    ('421', 'Personnel, rémunérations dues', 4, 'credit'),
    ('425', 'Personnel, avances et acomptes', 4, 'debit'),
    ('431', 'Organismes sociaux', 4, 'credit'),
    ('512', 'Banque', 5, 'debit'),
    ('530', 'Caisse', 5, 'debit'),
    ('581', 'Virements internes (fonds en transit)', 5, 'debit'),
    ('600', 'Achats de marchandises vendues', 6, 'debit'),
    ('601', 'Matières premières consommées', 6, 'debit'),
    ('602', 'Autres approvisionnements consommés', 6, 'debit'),
    ('631', 'Rémunérations du personnel', 6, 'debit'),
    ('635', 'Cotisations aux organismes sociaux', 6, 'debit'),
    ('658', 'Autres charges de gestion courante (pertes, casse, manquants)', 6, 'debit'),
    ('700', 'Ventes de marchandises', 7, 'credit'),
    ('701', 'Ventes de produits finis', 7, 'credit'),
    ('709', 'Rabais, remises et ristournes accordés', 7, 'debit'),
    ('758', 'Autres produits de gestion courante (excédents)', 7, 'credit');

CREATE TABLE journals (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO journals (code, name) VALUES
    ('VT', 'Ventes'), ('AC', 'Achats'), ('CA', 'Caisse'), ('BQ', 'Banque'), ('OD', 'Opérations diverses'), ('PA', 'Paie');

-- Gapless public numbers, one counter per series and year, taken inside the operation's transaction.
CREATE TABLE sequences (
    series TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL DEFAULT 0 CHECK (last >= 0),
    PRIMARY KEY (series, year)
) STRICT, WITHOUT ROWID;

-- A closed month refuses every posting dated in it.
CREATE TABLE closed_periods (
    month     TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    closed_at TEXT NOT NULL,
    user_id   INTEGER REFERENCES users(id)
) STRICT, WITHOUT ROWID;

-- Posted entries are never edited: a mistake is corrected by a reversing entry.
CREATE TABLE journal_entries (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,             -- AC-2026-00042
    journal     TEXT NOT NULL REFERENCES journals(code),
    day         TEXT NOT NULL,                    -- accounting date (the shop's business day)
    description TEXT NOT NULL,
    source_type TEXT NOT NULL,                    -- the document that caused it: purchase, adjustment, …
    source_id   INTEGER NOT NULL,
    reverses    INTEGER UNIQUE REFERENCES journal_entries(id),
    created_at  TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX journal_entries_day ON journal_entries(day);
CREATE INDEX journal_entries_source ON journal_entries(source_type, source_id);
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'une écriture passée ne se modifie pas : contre-passez-la'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'une écriture passée ne se supprime pas : contre-passez-la'); END;

CREATE TABLE journal_lines (
    id       INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES journal_entries(id),
    account  TEXT NOT NULL REFERENCES accounts(code),
    debit    INTEGER NOT NULL DEFAULT 0 CHECK (debit >= 0),   -- centimes
    credit   INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
    label    TEXT NOT NULL DEFAULT '',
    CHECK ((debit > 0 AND credit = 0) OR (credit > 0 AND debit = 0))
) STRICT;
CREATE INDEX journal_lines_entry ON journal_lines(entry_id);
CREATE INDEX journal_lines_account ON journal_lines(account, entry_id);
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'une écriture passée ne se modifie pas : contre-passez-la'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'une écriture passée ne se supprime pas : contre-passez-la'); END;

-- The stock ledger: every change of quantity or value is one immutable move.
CREATE TABLE stock_moves (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    day          TEXT NOT NULL,                   -- business day
    product_id   INTEGER NOT NULL REFERENCES products(id),
    location_id  INTEGER NOT NULL REFERENCES locations(id),
    qty          INTEGER NOT NULL,                -- signed thousandths of the base unit
    value        INTEGER NOT NULL,                -- signed centimes
    kind         TEXT NOT NULL,                   -- MoveKind::code()
    source_type  TEXT NOT NULL,
    source_id    INTEGER NOT NULL,
    user_id      INTEGER REFERENCES users(id),
    note         TEXT NOT NULL DEFAULT '',
    CHECK (qty <> 0 OR value <> 0),
    CHECK ((qty >= 0 AND value >= 0) OR (qty <= 0 AND value <= 0))
) STRICT;
CREATE INDEX stock_moves_product ON stock_moves(product_id, id);
CREATE INDEX stock_moves_source ON stock_moves(source_type, source_id);
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'un mouvement de stock ne se modifie pas'); END;
CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'un mouvement de stock ne se supprime pas'); END;

-- What each location holds: a cache of Σ moves, updated in the move's transaction.
CREATE TABLE stock_balances (
    product_id  INTEGER NOT NULL REFERENCES products(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    qty         INTEGER NOT NULL CHECK (qty >= 0),
    value       INTEGER NOT NULL CHECK (value >= 0),
    CHECK (qty > 0 OR value = 0),                 -- no value without quantity
    PRIMARY KEY (product_id, location_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX stock_balances_location ON stock_balances(location_id);

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'stock.voir'), (2, 'stock.modifier'), (2, 'achats.gerer'), (2, 'compta.voir'),
    (4, 'stock.voir');

-- Transfers, adjustments and waste: the documents stock moves point to (source_type 'stock_document').
CREATE TABLE stock_documents (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('transfert', 'ajustement')),
    reason        TEXT NOT NULL DEFAULT '' CHECK (reason IN ('', 'casse', 'perime', 'perte', 'correction')),
    from_location INTEGER REFERENCES locations(id),
    to_location   INTEGER REFERENCES locations(id),
    note          TEXT NOT NULL DEFAULT '',
    day           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    user_id       INTEGER REFERENCES users(id),
    token         TEXT UNIQUE,                    -- one-time form token: a double tap records one document
    CHECK (kind <> 'transfert' OR (from_location IS NOT NULL AND to_location IS NOT NULL AND from_location <> to_location))
) STRICT;

-- Physical stock counts: a snapshot of what one location should hold, the quantities counted,
-- and, once validated, the variances booked as stock moves (kind 'inventaire').
CREATE TABLE stock_counts (
    id           INTEGER PRIMARY KEY,
    location_id  INTEGER NOT NULL REFERENCES locations(id),
    status       TEXT NOT NULL DEFAULT 'ouvert' CHECK (status IN ('ouvert', 'valide', 'abandonne')),
    note         TEXT NOT NULL DEFAULT '',
    opened_at    TEXT NOT NULL,
    opened_by    INTEGER REFERENCES users(id),
    closed_at    TEXT,
    closed_by    INTEGER REFERENCES users(id),
    entry_id     INTEGER REFERENCES journal_entries(id)
) STRICT;
-- One open count per location at a time.
CREATE UNIQUE INDEX stock_counts_one_open ON stock_counts(location_id) WHERE status = 'ouvert';
CREATE TRIGGER stock_counts_frozen BEFORE UPDATE ON stock_counts WHEN OLD.status <> 'ouvert'
BEGIN SELECT RAISE(ABORT, 'un inventaire clos ne se modifie pas'); END;
CREATE TRIGGER stock_counts_no_delete BEFORE DELETE ON stock_counts
BEGIN SELECT RAISE(ABORT, 'un inventaire ne se supprime pas'); END;

CREATE TABLE stock_count_lines (
    count_id       INTEGER NOT NULL REFERENCES stock_counts(id),
    product_id     INTEGER NOT NULL REFERENCES products(id),
    expected_qty   INTEGER NOT NULL,              -- thousandths, at the opening
    expected_value INTEGER NOT NULL,              -- centimes, at the opening
    counted_qty    INTEGER CHECK (counted_qty IS NULL OR counted_qty >= 0),
    counted_book   INTEGER,                       -- what the ledger held when the line was counted
    book_qty       INTEGER,                       -- the ledger figure the variance was booked against
    variance_qty   INTEGER,                       -- counted − book_qty, booked at validation
    variance_value INTEGER,
    -- µDA per base unit typed for a surplus of a product with no known cost (version 12); NULL: none
    entry_cost     INTEGER CHECK (entry_cost IS NULL OR entry_cost >= 0),
    PRIMARY KEY (count_id, product_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER stock_count_lines_frozen BEFORE UPDATE ON stock_count_lines
WHEN (SELECT status FROM stock_counts WHERE id = OLD.count_id) <> 'ouvert'
BEGIN SELECT RAISE(ABORT, 'un inventaire clos ne se modifie pas'); END;

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

-- ============================================================================================
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

-- Production runs: a quantity of a made product (semi-fini or fini) made from its recipe. The
-- ingredients leave the recipe's place at their PMP (moves 'production_sortie'), the product
-- enters `location_id` at exactly that value (move 'production_entree'), and one OD entry moves
-- the value between the stock accounts. Moves point here with source_type 'production'.
CREATE TABLE productions (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER NOT NULL REFERENCES products(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),              -- thousandths of the product's base unit
    location_id   INTEGER NOT NULL REFERENCES locations(id),     -- where the made goods went
    from_location INTEGER NOT NULL REFERENCES locations(id),     -- the recipe's place, where ingredients came from
    value         INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0), -- centimes consumed = value received
    entry_id      INTEGER REFERENCES journal_entries(id),
    note          TEXT NOT NULL DEFAULT '',
    day           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    user_id       INTEGER REFERENCES users(id),
    token         TEXT UNIQUE,                                   -- one-time form token: a double tap produces once
    cancelled_at  TEXT,                                          -- cancelled: its moves taken back, its entry reversed
    cancelled_by  INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX productions_day ON productions(day, id);
CREATE INDEX productions_product ON productions(product_id, id);

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'production.produire'), (4, 'production.produire');

-- ============================================================================================
-- Version 8 -> 9: customer orders (issue 13). Customers, orders with their lines and payments,
-- customer store credit, the lab's counter targets; the "réservé commandes" stock place (above,
-- in `locations`); the cash movement kind 'commande' (above, in `cash_movements`); account 4191.

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
-- Version 9 -> 10: staff and the time clock (issue 16). Employees with their contract, enrolments
-- on the clocks (PIN as text), weekly schedules with exceptions, the calendar of public holidays,
-- the labour rules as dated data, punches (from a device, by hand, corrections) and the quarantine
-- of what a device sent that could not be credited, leave, and the months locked for payroll.

-- Where people work: the shop and the lab (renamable).
CREATE TABLE work_sites (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO work_sites (id, name) VALUES (1, 'Magasin'), (2, 'Labo');

CREATE TABLE employees (
    id             INTEGER PRIMARY KEY,
    full_name      TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    phone          TEXT NOT NULL DEFAULT '',
    cnas_number    TEXT NOT NULL DEFAULT '',                      -- numéro d'assuré social (CNAS)
    job            TEXT NOT NULL CHECK (job IN ('boulanger', 'patissier', 'chef_production', 'aide_production',
                                               'vendeuse', 'caissiere', 'livreur', 'menage', 'gerance', 'autre')),
    site_id        INTEGER NOT NULL REFERENCES work_sites(id),
    hired_on       TEXT NOT NULL,                                 -- local date
    contract       TEXT NOT NULL CHECK (contract IN ('cdi', 'cdd', 'essai')),
    contract_end   TEXT,                                          -- last day of a CDD or a trial
    monthly_salary INTEGER NOT NULL DEFAULT 0 CHECK (monthly_salary >= 0), -- centimes, gross base
    weekly_minutes INTEGER NOT NULL DEFAULT 2400 CHECK (weekly_minutes BETWEEN 0 AND 4800),
    rest_days      TEXT NOT NULL DEFAULT '5',                     -- ISO weekdays, '5' = vendredi, '5,6'
    attendance     TEXT NOT NULL CHECK (attendance IN ('pointeuse', 'manuel', 'exempt')),
    user_id        INTEGER UNIQUE REFERENCES users(id),           -- the employee's Fournil account, if any
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (contract = 'cdi' OR contract_end IS NOT NULL),
    CHECK (contract_end IS NULL OR contract_end >= hired_on)
) STRICT;

-- The time clocks, by serial number. A device that speaks before being registered is listed
-- 'en_attente' (its punches wait in quarantine); 'retiree' after a swap (its history stays).
CREATE TABLE clock_devices (
    id            INTEGER PRIMARY KEY,
    serial        TEXT NOT NULL UNIQUE CHECK (length(serial) BETWEEN 1 AND 64),
    name          TEXT NOT NULL DEFAULT '',
    site_id       INTEGER REFERENCES work_sites(id),
    status        TEXT NOT NULL CHECK (status IN ('en_attente', 'approuvee', 'retiree')),
    mode          TEXT NOT NULL DEFAULT 'push' CHECK (mode IN ('push', 'pull')),
    pull_host     TEXT NOT NULL DEFAULT '',                       -- pull mode: the device's address
    pull_port     INTEGER NOT NULL DEFAULT 4370 CHECK (pull_port BETWEEN 1 AND 65535),
    comm_key      INTEGER NOT NULL DEFAULT 0 CHECK (comm_key >= 0), -- the device's communication password
    attlog_stamp  TEXT,                                           -- push: the last ATTLOG Stamp acknowledged
    pull_cursor   INTEGER NOT NULL DEFAULT 0 CHECK (pull_cursor >= 0), -- pull: records of its log already read
    last_seen_at  TEXT,                                           -- last request of any kind (heartbeat)
    last_punch_at TEXT,                                           -- last punch line received
    drift_seconds INTEGER,                                        -- device clock minus ours, when measured
    drift_at      TEXT,
    info          TEXT NOT NULL DEFAULT '',                       -- what it says of itself (INFO=, firmware)
    last_error    TEXT NOT NULL DEFAULT '',                       -- pull: why the last reading failed
    created_at    TEXT NOT NULL,
    approved_at   TEXT
) STRICT;

-- What each state code of a device means (function keys can be remapped on the device).
CREATE TABLE clock_state_codes (
    device_id INTEGER NOT NULL REFERENCES clock_devices(id) ON DELETE CASCADE,
    code      INTEGER NOT NULL CHECK (code BETWEEN 0 AND 255),
    meaning   TEXT NOT NULL CHECK (meaning IN ('entree', 'sortie', 'pause_debut', 'pause_fin', 'sup_debut', 'sup_fin')),
    PRIMARY KEY (device_id, code)
) STRICT, WITHOUT ROWID;

-- Who a PIN is on a device. Never deleted, only ended: old punches keep proving whom they credit.
CREATE TABLE enrolments (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    device_id   INTEGER NOT NULL REFERENCES clock_devices(id),
    pin         TEXT NOT NULL CHECK (length(pin) BETWEEN 1 AND 24), -- as the device sends it: '007' is not '7'
    created_at  TEXT NOT NULL,
    ended_at    TEXT
) STRICT;
CREATE UNIQUE INDEX enrolments_live ON enrolments(device_id, pin) WHERE ended_at IS NULL;
CREATE INDEX enrolments_employee ON enrolments(employee_id);

-- A punch: local time as the device (or the person) said it, the same moment in UTC, the
-- direction it was read as, and for a device its raw state and verify mode. One line from a
-- device is one punch, whatever how often it is sent: UNIQUE (device, PIN, local time, state).
CREATE TABLE punches (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    local_time  TEXT NOT NULL,                                    -- 'YYYY-MM-DD HH:MM:SS', shop time
    at          TEXT NOT NULL,                                    -- the same moment, UTC
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    source      TEXT NOT NULL CHECK (source IN ('pointeuse', 'manuel', 'correction', 'reattribue')),
    device_id   INTEGER REFERENCES clock_devices(id),
    pin         TEXT,
    raw_state   INTEGER,
    verify_mode INTEGER,
    raw_line    TEXT,
    reason      TEXT NOT NULL DEFAULT '',                         -- why a person entered or moved it
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL,
    voided_at   TEXT,                                             -- a wrong punch is voided, never deleted
    void_reason TEXT,
    voided_by   INTEGER REFERENCES users(id),
    UNIQUE (device_id, pin, local_time, raw_state),
    CHECK (source = 'pointeuse' OR length(trim(reason)) > 0),
    CHECK ((device_id IS NULL) = (source IN ('manuel', 'correction'))),
    CHECK (voided_at IS NULL OR length(trim(void_reason)) > 0)
) STRICT;
CREATE INDEX punches_employee ON punches(employee_id, local_time);

-- What a device sent that could not be credited: never dropped, never timed "now". A line is
-- held once per device (UNIQUE serial, line) and settled by a person: given to an employee
-- ('reattribue'), taken in once its device or PIN is known ('integre'), or set aside ('ignore').
CREATE TABLE punch_quarantine (
    id              INTEGER PRIMARY KEY,
    serial          TEXT NOT NULL,
    device_id       INTEGER REFERENCES clock_devices(id),
    raw_line        TEXT NOT NULL,
    pin             TEXT,
    local_time      TEXT,
    raw_state       INTEGER,
    verify_mode     INTEGER,
    reason          TEXT NOT NULL CHECK (reason IN ('ligne_illisible', 'date_invalide', 'pin_inconnu', 'appareil_en_attente',
                                                    'etat_inconnu', 'mois_verrouille', 'employe_inactif')),
    received_at     TEXT NOT NULL,
    resolved_at     TEXT,
    resolution      TEXT CHECK (resolution IN ('reattribue', 'integre', 'ignore')),
    resolution_note TEXT NOT NULL DEFAULT '',
    resolved_by     INTEGER REFERENCES users(id),
    punch_id        INTEGER REFERENCES punches(id),
    UNIQUE (serial, raw_line),
    CHECK (resolved_at IS NULL OR resolution IS NOT NULL)
) STRICT;
CREATE INDEX punch_quarantine_open ON punch_quarantine(resolved_at, id);

-- Weekly schedules: a version per employee from a date; shifts by ISO weekday, in minutes of the
-- day; a shift whose end is not after its start ends the next day (the bakers' night).
CREATE TABLE schedules (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    valid_from  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (employee_id, valid_from)
) STRICT;
CREATE TABLE schedule_shifts (
    schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_min   INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min     INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1439),
    CHECK (end_min <> start_min)
) STRICT;
CREATE INDEX schedule_shifts_schedule ON schedule_shifts(schedule_id);
-- A day that differs from the week: no work (start and end NULL) or other shifts.
CREATE TABLE schedule_exceptions (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    day         TEXT NOT NULL,
    start_min   INTEGER CHECK (start_min BETWEEN 0 AND 1439),
    end_min     INTEGER CHECK (end_min BETWEEN 0 AND 1439),
    note        TEXT NOT NULL DEFAULT '',
    CHECK ((start_min IS NULL) = (end_min IS NULL))
) STRICT;
CREATE INDEX schedule_exceptions_day ON schedule_exceptions(employee_id, day);

-- The labour rules as dated data (Loi 90-11, ordonnance 97-03): a new row from the day a text changes.
CREATE TABLE labour_rules (
    valid_from            TEXT PRIMARY KEY,
    legal_week_minutes    INTEGER NOT NULL CHECK (legal_week_minutes > 0),
    overtime_cap_percent  INTEGER NOT NULL CHECK (overtime_cap_percent >= 0),  -- of the legal duration
    overtime_premium_pct  INTEGER NOT NULL CHECK (overtime_premium_pct >= 0),  -- minimum premium
    night_start_min       INTEGER NOT NULL CHECK (night_start_min BETWEEN 0 AND 1439),
    night_end_min         INTEGER NOT NULL CHECK (night_end_min BETWEEN 0 AND 1439),
    weekly_rest_day       INTEGER NOT NULL CHECK (weekly_rest_day BETWEEN 1 AND 7),
    leave_tenths_per_month INTEGER NOT NULL CHECK (leave_tenths_per_month > 0),   -- 25 = 2,5 days
    leave_max_days        INTEGER NOT NULL CHECK (leave_max_days > 0),
    leave_year_start_month INTEGER NOT NULL CHECK (leave_year_start_month BETWEEN 1 AND 12),
    source                TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO labour_rules VALUES
    ('1997-01-11', 2400, 20, 50, 1260, 300, 5, 25, 30, 7,
     'Ord. 97-03 art. 2 (40 h) ; loi 90-11 art. 27 (nuit 21 h–5 h), 31–32 (heures sup. ≤ 20 %, ≥ 50 %), 33 (repos le vendredi), 40–41 (2,5 j par mois, 30 j, année du 1er juillet)');

-- Public holidays on a fixed date, as dated rules; the Islamic ones are entered per year below.
CREATE TABLE holiday_rules (
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    name       TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    PRIMARY KEY (month, day, valid_from)
) STRICT;
INSERT INTO holiday_rules (month, day, name, valid_from) VALUES
    (1, 1, 'Nouvel an', '1963-07-26'),
    (1, 12, 'Yennayer', '2018-01-01'),
    (5, 1, 'Fête du travail', '1963-07-26'),
    (7, 5, 'Fête de l''indépendance', '1963-07-26'),
    (11, 1, 'Fête de la révolution', '1963-07-26');
-- Holidays of a given year: the Islamic calendar (dates follow the official announcement).
CREATE TABLE holidays (
    day        TEXT PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind       TEXT NOT NULL CHECK (kind IN ('religieuse', 'exceptionnelle')),
    confirmed  INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)), -- 0: the expected date, not yet announced
    note       TEXT NOT NULL DEFAULT ''
) STRICT;

-- The shop's attendance settings (one row): lateness grace, monitoring thresholds.
CREATE TABLE attendance_settings (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    grace_minutes           INTEGER NOT NULL DEFAULT 10 CHECK (grace_minutes BETWEEN 0 AND 120),
    heartbeat_alert_minutes INTEGER NOT NULL DEFAULT 15 CHECK (heartbeat_alert_minutes BETWEEN 1 AND 1440),
    punch_alert_hours       INTEGER NOT NULL DEFAULT 24 CHECK (punch_alert_hours BETWEEN 1 AND 720),
    updated_at              TEXT
) STRICT;
INSERT INTO attendance_settings (id) VALUES (1);

-- Leave: requested, then approved or refused by the gérante. Annual leave counts against the
-- balance (2,5 days per month of service); sick and exceptional leave do not.
CREATE TABLE leave_requests (
    id            INTEGER PRIMARY KEY,
    employee_id   INTEGER NOT NULL REFERENCES employees(id),
    kind          TEXT NOT NULL CHECK (kind IN ('annuel', 'maladie', 'exceptionnel')),
    first_day     TEXT NOT NULL,
    last_day      TEXT NOT NULL,
    days          INTEGER NOT NULL CHECK (days > 0),              -- calendar days, public holidays excluded
    status        TEXT NOT NULL CHECK (status IN ('demande', 'approuve', 'refuse', 'annule')),
    note          TEXT NOT NULL DEFAULT '',
    requested_at  TEXT NOT NULL,
    requested_by  INTEGER REFERENCES users(id),
    decided_at    TEXT,
    decided_by    INTEGER REFERENCES users(id),
    decision_note TEXT NOT NULL DEFAULT '',
    CHECK (last_day >= first_day)
) STRICT;
CREATE INDEX leave_requests_employee ON leave_requests(employee_id, first_day);

-- A month taken by payroll: its hours are frozen here, and its punches can no longer change.
CREATE TABLE hours_locks (
    month     TEXT PRIMARY KEY,                                   -- 'YYYY-MM'
    locked_at TEXT NOT NULL,
    locked_by INTEGER REFERENCES users(id)
) STRICT;
CREATE TABLE hours_months (
    month          TEXT NOT NULL REFERENCES hours_locks(month),
    employee_id    INTEGER NOT NULL REFERENCES employees(id),
    worked_min     INTEGER NOT NULL,
    scheduled_min  INTEGER NOT NULL,
    regular_min    INTEGER NOT NULL,
    overtime_min   INTEGER NOT NULL,
    night_min      INTEGER NOT NULL,
    friday_min     INTEGER NOT NULL,
    rest_day_min   INTEGER NOT NULL,
    holiday_min    INTEGER NOT NULL,
    absence_days   INTEGER NOT NULL,
    missing_min    INTEGER NOT NULL,
    leave_days     INTEGER NOT NULL,
    anomalies      INTEGER NOT NULL,
    PRIMARY KEY (month, employee_id)
) STRICT, WITHOUT ROWID;

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'personnel.voir'), (2, 'personnel.gerer'), (2, 'personnel.salaires');
-- One-time form tokens bound to the request and the person that first used them: the same token
-- with other content, or from another user, is refused (409 token_reused) instead of answered.
CREATE TABLE form_tokens (
    kind        TEXT NOT NULL,                     -- the operation: stock_document, refund, purchase, ...
    token       TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id),      -- NULL: the command line
    fingerprint TEXT NOT NULL,                     -- digest of the parsed request
    at          TEXT NOT NULL,
    PRIMARY KEY (kind, token)
) STRICT, WITHOUT ROWID;

-- =====================================================================================
-- Version 13 -> 14: payroll (issue #17).
INSERT OR IGNORE INTO accounts (code, name, class, nature) VALUES
    ('4251', 'Personnel, avances sur salaires', 4, 'debit'),
    ('442', 'État, IRG retenu sur salaires', 4, 'credit'),
    ('6311', 'Salaires de base', 6, 'debit'),
    ('6312', 'Primes et indemnités', 6, 'debit'),
    ('6313', 'Heures supplémentaires et majorations', 6, 'debit'),
    ('6351', 'Cotisations patronales CNAS', 6, 'debit'),
    ('6352', 'Quote-part œuvres sociales (FNPOS)', 6, 'debit');

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'paie.gerer'), (2, 'paie.avances');

-- The rates of payroll, in force from `valid_from` (the first day of a month) until the next row.
-- Amounts in centimes, rates in basis points (2300 = 23 %). A row is never edited: a change is a
-- new row, refused in a month already paid.
CREATE TABLE payroll_rates (
    valid_from        TEXT PRIMARY KEY,
    snmg              INTEGER NOT NULL CHECK (snmg > 0),                          -- a month, for the legal week
    month_hours       INTEGER NOT NULL CHECK (month_hours > 0),                   -- hundredths of an hour (17333)
    irg_bands         TEXT NOT NULL,                                              -- 'from:rate;…' centimes:bp, ascending
    abatement_bp      INTEGER NOT NULL CHECK (abatement_bp BETWEEN 0 AND 10000),  -- of the barème's tax
    abatement_min     INTEGER NOT NULL CHECK (abatement_min >= 0),
    abatement_max     INTEGER NOT NULL CHECK (abatement_max >= abatement_min),
    exempt_upto       INTEGER NOT NULL CHECK (exempt_upto >= 0),                  -- taxable pay up to this: no IRG
    smooth_upto       INTEGER NOT NULL CHECK (smooth_upto >= exempt_upto),        -- smoothing below this
    smooth_mul_num    INTEGER NOT NULL CHECK (smooth_mul_num > 0),                -- IRG × 137/51 − 27 925/8 DA
    smooth_mul_den    INTEGER NOT NULL CHECK (smooth_mul_den > 0),
    smooth_sub_num    INTEGER NOT NULL CHECK (smooth_sub_num >= 0),               -- centimes
    smooth_sub_den    INTEGER NOT NULL CHECK (smooth_sub_den > 0),
    cnas_employee_bp  INTEGER NOT NULL CHECK (cnas_employee_bp BETWEEN 0 AND 10000),
    cnas_employer_bp  INTEGER NOT NULL CHECK (cnas_employer_bp BETWEEN 0 AND 10000),
    fnpos_bp          INTEGER NOT NULL CHECK (fnpos_bp BETWEEN 0 AND 10000),
    night_bp          INTEGER NOT NULL CHECK (night_bp BETWEEN 0 AND 10000),      -- premium on night hours
    rest_day_bp       INTEGER NOT NULL CHECK (rest_day_bp BETWEEN 0 AND 10000),   -- premium on a rest day or holiday worked
    base_rounding     TEXT NOT NULL CHECK (base_rounding IN ('centime', 'dizaine_inf')),
    source            TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    created_by        INTEGER REFERENCES users(id)
) STRICT;
CREATE TRIGGER payroll_rates_no_update BEFORE UPDATE ON payroll_rates
BEGIN SELECT RAISE(ABORT, 'un barème de paie ne se modifie pas : ajoutez une ligne'); END;
CREATE TRIGGER payroll_rates_no_delete BEFORE DELETE ON payroll_rates
BEGIN SELECT RAISE(ABORT, 'un barème de paie ne se supprime pas'); END;
INSERT INTO payroll_rates VALUES
    ('2022-01-01', 2000000, 17333, '2000000:2300;4000000:2700;8000000:3000;16000000:3300;32000000:3500',
     4000, 100000, 150000, 3000000, 3500000, 137, 51, 2792500, 8, 900, 2500, 50, 0, 0, 'centime',
     'SNMG 20 000 DA (décret présidentiel 21-137) ; IRG : LF 2022 art. 31 (CIDTA art. 104), abattement 40 % entre 1 000 et 1 500 DA, exonération jusqu''à 30 000 DA, lissage jusqu''à 35 000 DA ; CNAS 9 % / 25 % + 0,5 % œuvres sociales',
     '2022-01-01T00:00:00Z', NULL),
    ('2026-01-01', 2400000, 17333, '2000000:2300;4000000:2700;8000000:3000;16000000:3300;32000000:3500',
     4000, 100000, 150000, 3000000, 3500000, 137, 51, 2792500, 8, 900, 2500, 50, 0, 0, 'centime',
     'SNMG 24 000 DA (décret présidentiel 26-01 du 7 janvier 2026) ; IRG : LF 2022 art. 31, inchangé ; CNAS 9 % / 25 % + 0,5 % œuvres sociales',
     '2026-01-01T00:00:00Z', NULL);

-- What may be added to a payslip by hand: a bonus or an allowance, flagged for the CNAS base and
-- the taxable base, and the account it is charged to. Only a regularisation may be negative.
CREATE TABLE pay_item_kinds (
    code       TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    cotisable  INTEGER NOT NULL CHECK (cotisable IN (0, 1)),
    imposable  INTEGER NOT NULL CHECK (imposable IN (0, 1)),
    account    TEXT NOT NULL REFERENCES accounts(code),
    signed     INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1))
) STRICT, WITHOUT ROWID;
INSERT INTO pay_item_kinds VALUES
    ('prime_rendement', 'Prime de rendement', 1, 1, '6312', 0),
    ('prime_panier', 'Prime de panier', 0, 1, '6312', 0),
    ('transport', 'Indemnité de transport', 0, 1, '6312', 0),
    ('regularisation', 'Régularisation d''un mois précédent', 1, 1, '6311', 1);

-- A month's payroll, prepared from the month's locked hours. Validated, it is frozen and has its
-- one accrual entry.
CREATE TABLE payroll_runs (
    id            INTEGER PRIMARY KEY,
    month         TEXT NOT NULL UNIQUE REFERENCES hours_locks(month),
    rates_from    TEXT NOT NULL REFERENCES payroll_rates(valid_from),
    status        TEXT NOT NULL CHECK (status IN ('preparee', 'validee')),
    prepared_at   TEXT NOT NULL,
    prepared_by   INTEGER REFERENCES users(id),
    validated_at  TEXT,
    validated_by  INTEGER REFERENCES users(id),
    entry_id      INTEGER UNIQUE REFERENCES journal_entries(id),
    CHECK ((status = 'validee') = (validated_at IS NOT NULL AND entry_id IS NOT NULL))
) STRICT;
CREATE TRIGGER payroll_runs_frozen BEFORE UPDATE ON payroll_runs WHEN OLD.status = 'validee'
BEGIN SELECT RAISE(ABORT, 'une paie validée ne se modifie pas'); END;
CREATE TRIGGER payroll_runs_no_delete BEFORE DELETE ON payroll_runs
BEGIN SELECT RAISE(ABORT, 'une paie ne se supprime pas'); END;

-- One employee's payslip of a month: the hours it was computed from, its totals (centimes), and
-- its payment (once).
CREATE TABLE payslips (
    id                INTEGER PRIMARY KEY,
    run_id            INTEGER NOT NULL REFERENCES payroll_runs(id),
    employee_id       INTEGER NOT NULL REFERENCES employees(id),
    monthly_salary    INTEGER NOT NULL CHECK (monthly_salary >= 0),
    worked_min        INTEGER NOT NULL,
    overtime_min      INTEGER NOT NULL,
    night_min         INTEGER NOT NULL,
    rest_min          INTEGER NOT NULL,      -- on a rest day or a public holiday
    missing_min       INTEGER NOT NULL,
    absence_days      INTEGER NOT NULL,
    leave_days        INTEGER NOT NULL,
    leave_balance     INTEGER NOT NULL,      -- tenths of a day, at the month's end
    gross             INTEGER NOT NULL,
    cnas_base         INTEGER NOT NULL,
    cnas_employee     INTEGER NOT NULL,
    taxable           INTEGER NOT NULL,
    irg_base          INTEGER NOT NULL,      -- the taxable pay after the rounding of the rates
    irg               INTEGER NOT NULL CHECK (irg >= 0),
    net               INTEGER NOT NULL,
    advances          INTEGER NOT NULL CHECK (advances >= 0),
    net_to_pay        INTEGER NOT NULL CHECK (net_to_pay >= 0),
    cnas_employer     INTEGER NOT NULL,
    fnpos             INTEGER NOT NULL,
    below_snmg        INTEGER NOT NULL CHECK (below_snmg IN (0, 1)),
    paid_at           TEXT,
    paid_by           INTEGER REFERENCES users(id),
    payment_method    TEXT CHECK (payment_method IN ('banque', 'cheque', 'especes')),
    payment_reference TEXT NOT NULL DEFAULT '',
    payment_entry_id  INTEGER UNIQUE REFERENCES journal_entries(id),
    UNIQUE (run_id, employee_id),
    CHECK ((paid_at IS NULL) = (payment_entry_id IS NULL))
) STRICT;
CREATE INDEX payslips_employee ON payslips(employee_id);
CREATE TRIGGER payslips_frozen BEFORE UPDATE ON payslips
WHEN (SELECT status FROM payroll_runs WHERE id = OLD.run_id) = 'validee'
     AND (OLD.paid_at IS NOT NULL OR NEW.gross <> OLD.gross OR NEW.net <> OLD.net OR NEW.irg <> OLD.irg
          OR NEW.cnas_employee <> OLD.cnas_employee OR NEW.advances <> OLD.advances OR NEW.net_to_pay <> OLD.net_to_pay)
BEGIN SELECT RAISE(ABORT, 'un bulletin validé ne se modifie pas'); END;
CREATE TRIGGER payslips_no_delete BEFORE DELETE ON payslips
WHEN (SELECT status FROM payroll_runs WHERE id = OLD.run_id) = 'validee'
BEGIN SELECT RAISE(ABORT, 'un bulletin validé ne se supprime pas'); END;

-- The lines of a payslip: computed ones (base, absences, overtime, night, rest days) and those
-- added by hand (`manual`), each with what it counts for.
CREATE TABLE payslip_items (
    id          INTEGER PRIMARY KEY,
    payslip_id  INTEGER NOT NULL REFERENCES payslips(id),
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL,
    base_text   TEXT NOT NULL DEFAULT '',
    rate_text   TEXT NOT NULL DEFAULT '',
    amount      INTEGER NOT NULL,                    -- signed centimes
    cotisable   INTEGER NOT NULL CHECK (cotisable IN (0, 1)),
    imposable   INTEGER NOT NULL CHECK (imposable IN (0, 1)),
    account     TEXT NOT NULL REFERENCES accounts(code),
    manual      INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1))
) STRICT;
CREATE INDEX payslip_items_payslip ON payslip_items(payslip_id);
CREATE TRIGGER payslip_items_frozen BEFORE UPDATE ON payslip_items
WHEN (SELECT r.status FROM payslips s JOIN payroll_runs r ON r.id = s.run_id WHERE s.id = OLD.payslip_id) = 'validee'
BEGIN SELECT RAISE(ABORT, 'un bulletin validé ne se modifie pas'); END;
CREATE TRIGGER payslip_items_no_delete BEFORE DELETE ON payslip_items
WHEN (SELECT r.status FROM payslips s JOIN payroll_runs r ON r.id = s.run_id WHERE s.id = OLD.payslip_id) = 'validee'
BEGIN SELECT RAISE(ABORT, 'un bulletin validé ne se modifie pas'); END;

-- Salary advances: handed out from a drawer or the bank (Dr 4251), deducted from the payslip of
-- `month` or a later one; `payslip_id` is set once, by the validated payslip that took it.
CREATE TABLE salary_advances (
    id               INTEGER PRIMARY KEY,
    employee_id      INTEGER NOT NULL REFERENCES employees(id),
    month            TEXT NOT NULL,                                   -- 'YYYY-MM'
    amount           INTEGER NOT NULL CHECK (amount > 0),
    given_on         TEXT NOT NULL,
    method           TEXT NOT NULL CHECK (method IN ('especes', 'banque')),
    reason           TEXT NOT NULL DEFAULT '',
    entry_id         INTEGER NOT NULL UNIQUE REFERENCES journal_entries(id),
    approved_by      INTEGER REFERENCES users(id),
    payslip_id       INTEGER REFERENCES payslips(id),
    cancelled_at     TEXT,
    cancel_entry_id  INTEGER UNIQUE REFERENCES journal_entries(id),
    created_at       TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id),
    token            TEXT UNIQUE,
    CHECK (payslip_id IS NULL OR cancelled_at IS NULL)
) STRICT;
CREATE INDEX salary_advances_employee ON salary_advances(employee_id, month);
CREATE TRIGGER salary_advances_taken BEFORE UPDATE ON salary_advances
WHEN OLD.payslip_id IS NOT NULL OR OLD.cancelled_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'une avance déduite ou annulée ne change plus'); END;
CREATE TRIGGER salary_advances_no_delete BEFORE DELETE ON salary_advances
BEGIN SELECT RAISE(ABORT, 'une avance ne se supprime pas : annulez-la'); END;
-- ============================================================================================
-- Version 14 -> 15: the books complete (issue 18). The bakery's chart (rent, repairs, fees,
-- taxes, TVA, retained earnings, sundry), editable by the accountant; manual entries (journal
-- OD); expenses with their familiar labels and their payment; the right
-- to write in the books and to reopen a closed month.

-- The accounts a bakery uses beside those the events post to (validate with the accountant).
-- The accountant adds sub-accounts (`custom` = 1); no account is ever deleted.
ALTER TABLE accounts ADD COLUMN custom INTEGER NOT NULL DEFAULT 0 CHECK (custom IN (0, 1));
INSERT OR IGNORE INTO accounts (code, name, class, nature) VALUES
    ('110', 'Report à nouveau (solde créditeur)', 1, 'credit'),
    ('119', 'Report à nouveau (solde débiteur)', 1, 'debit'),
    ('164', 'Emprunts auprès des établissements de crédit', 1, 'credit'),
    ('215', 'Installations techniques, matériel et outillage', 2, 'debit'),
    ('218', 'Autres immobilisations corporelles', 2, 'debit'),
    ('2815', 'Amortissement des installations techniques, matériel et outillage', 2, 'credit'),
    ('2818', 'Amortissement des autres immobilisations corporelles', 2, 'credit'),
    ('4456', 'État, TVA déductible', 4, 'debit'),
    ('4457', 'État, TVA collectée', 4, 'credit'),
    ('447', 'Autres impôts, taxes et versements assimilés', 4, 'credit'),
    ('467', 'Autres comptes débiteurs ou créditeurs', 4, 'credit'),
    ('607', 'Achats non stockés de matières et fournitures (énergie, eau, petit matériel)', 6, 'debit'),
    ('612', 'Redevances de crédit-bail (leasing)', 6, 'debit'),
    ('613', 'Locations (loyer)', 6, 'debit'),
    ('614', 'Charges locatives et de copropriété', 6, 'debit'),
    ('615', 'Entretien, réparations et maintenance', 6, 'debit'),
    ('616', 'Primes d''assurances', 6, 'debit'),
    ('622', 'Rémunérations d''intermédiaires et honoraires', 6, 'debit'),
    ('623', 'Publicité, publications, relations publiques', 6, 'debit'),
    ('624', 'Transports de biens et transport collectif du personnel', 6, 'debit'),
    ('625', 'Déplacements, missions et réceptions', 6, 'debit'),
    ('626', 'Frais postaux et de télécommunications', 6, 'debit'),
    ('627', 'Services bancaires et assimilés', 6, 'debit'),
    ('628', 'Cotisations et divers', 6, 'debit'),
    ('642', 'Impôts et taxes non récupérables sur chiffre d''affaires', 6, 'debit'),
    ('645', 'Autres impôts et taxes (droits de timbre, vignette, taxe foncière)', 6, 'debit'),
    ('661', 'Charges d''intérêts', 6, 'debit'),
    ('681', 'Dotations aux amortissements, provisions et pertes de valeur', 6, 'debit'),
    ('706', 'Prestations de services', 7, 'credit');

-- Writing in the books (manual entries, expenses, the chart) is its own right; reopening the
-- last closed month is the administrator's alone (no role is granted it).
INSERT INTO role_permissions (role_id, permission) VALUES (2, 'compta.saisir');

-- A manual entry of the accountant (journal OD): the document its entry points to
-- (source_type 'saisie'). Validated at once; corrected by reversal only.
CREATE TABLE manual_entries (
    id         INTEGER PRIMARY KEY,
    note       TEXT NOT NULL DEFAULT '',
    token      TEXT UNIQUE,
    created_at TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id)
) STRICT;

-- The familiar words of the shop for its bills, each mapped to its charge account.
CREATE TABLE expense_labels (
    id       INTEGER PRIMARY KEY,
    label    TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 120),
    account  TEXT NOT NULL REFERENCES accounts(code),
    position INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO expense_labels (label, account, position) VALUES
    ('Électricité et gaz (Sonelgaz)', '607', 1),
    ('Eau (SEAAL / ADE)', '607', 2),
    ('Loyer', '613', 3),
    ('Téléphone et Internet', '626', 4),
    ('Comptable, honoraires', '622', 5),
    ('Livraison, transport (Yassir…)', '624', 6),
    ('Assurance', '616', 7),
    ('Réparations, entretien', '615', 8),
    ('Frais bancaires', '627', 9),
    ('Impôts et taxes', '645', 10),
    ('Petit matériel, produits d''entretien', '607', 11),
    ('Publicité', '623', 12),
    ('Déplacements, réceptions', '625', 13),
    ('Cotisations, divers', '628', 14);

-- A bill: its charge (Dr account) against the drawer (530), the
-- bank (512) or, paid later, the supplier (401) until its payment. Written once; its entries are
-- the books' (never edited).
CREATE TABLE expenses (
    id                  INTEGER PRIMARY KEY,
    day                 TEXT NOT NULL,                               -- the bill's date (accounting date)
    label_id            INTEGER NOT NULL REFERENCES expense_labels(id),
    account             TEXT NOT NULL REFERENCES accounts(code),     -- the charge account, frozen
    beneficiary         TEXT NOT NULL CHECK (length(beneficiary) BETWEEN 1 AND 120),
    reference           TEXT NOT NULL DEFAULT '',
    amount              INTEGER NOT NULL CHECK (amount > 0),          -- TTC, centimes
    paid_by             TEXT NOT NULL CHECK (paid_by IN ('caisse', 'banque', 'plus_tard')),
    monthly             INTEGER NOT NULL DEFAULT 0 CHECK (monthly IN (0, 1)),
    note                TEXT NOT NULL DEFAULT '',
    entry_id            INTEGER NOT NULL REFERENCES journal_entries(id),
    movement_id         INTEGER REFERENCES cash_movements(id),      -- paid from a drawer
    payment_day         TEXT,                                        -- paid later: when, how, its entry
    payment_method      TEXT CHECK (payment_method IN ('caisse', 'banque')),
    payment_entry_id    INTEGER REFERENCES journal_entries(id),
    payment_movement_id INTEGER REFERENCES cash_movements(id),
    token               TEXT UNIQUE,
    created_at          TEXT NOT NULL,
    user_id             INTEGER REFERENCES users(id),
    CHECK ((payment_entry_id IS NULL) = (payment_day IS NULL)),
    CHECK (paid_by = 'plus_tard' OR payment_entry_id IS NULL)
) STRICT;
CREATE INDEX expenses_day ON expenses(day);
CREATE TRIGGER expenses_paid_once BEFORE UPDATE OF payment_entry_id ON expenses
WHEN OLD.payment_entry_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'une dépense payée ne se paie pas deux fois'); END;

INSERT INTO role_permissions (role_id, permission) VALUES (2, 'depenses.gerer');

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
-- ============================================================================================
-- Version 16 -> 17: the owner's figures (issue 19). Aggregates kept at write time by the sale,
-- the refund and the order handover, in their own transaction (src/kpi/ops.rs), so that a month
-- or five years of reports read a few thousand rows instead of every ticket. `fournil check`
-- proves them equal to the documents. An existing database is filled by the upgrade (the rows
-- need the shop's time zone for the hour: src/db/migrate.rs calls kpi::ops::rebuild after this
-- step, in the same transaction).

-- Revenue, quantity and frozen cost per business day × local hour × channel × product. A refund
-- counts on its own day and hour, negatively; an order counts on the day it was handed over.
CREATE TABLE kpi_sales (
    day        TEXT NOT NULL,                      -- business day
    hour       INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23), -- the shop's local hour
    channel    TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande')),
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty        INTEGER NOT NULL,                   -- thousandths of the base unit, net of returns
    revenue    INTEGER NOT NULL,                   -- centimes, net of discounts and returns
    cost       INTEGER NOT NULL,                   -- centimes: the frozen cost of the goods sold, net
    PRIMARY KEY (day, channel, product_id, hour)
) STRICT, WITHOUT ROWID;
CREATE INDEX kpi_sales_product ON kpi_sales(product_id, day);

-- Tickets (counter) and orders handed over per business day × local hour × channel × seller,
-- with their revenue; a refund lowers its ticket's seller's revenue on the refund's day.
CREATE TABLE kpi_tickets (
    day      TEXT NOT NULL,
    hour     INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    channel  TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande')),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    tickets  INTEGER NOT NULL CHECK (tickets >= 0),
    revenue  INTEGER NOT NULL,
    PRIMARY KEY (day, channel, user_id, hour)
) STRICT, WITHOUT ROWID;

-- Who reads the owner's figures and reports: the gérante (the administrator holds every right).
INSERT INTO role_permissions (role_id, permission) VALUES (2, 'rapports.voir');
-- ============================================================================================
-- Version 18 -> 19: the tax regime (issue #18 item 4; B2B invoices, issue #15). A dated setting:
-- IFU (no TVA anywhere; the flat tax due on turnover at its dated rate) or réel (TVA per product
-- category at dated rates). A change applies from a date, never backwards, never in a closed
-- month. The TVA rates and the brackets of the droit de timbre are dated rows with their source,
-- never constants (dz-law-facts §3.2–3.4).
CREATE TABLE tax_regimes (
    valid_from  TEXT PRIMARY KEY CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    regime      TEXT NOT NULL CHECK (regime IN ('ifu', 'reel')),
    ifu_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (ifu_rate_bp BETWEEN 0 AND 10000),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id)
) STRICT;
CREATE TRIGGER tax_regimes_no_update BEFORE UPDATE ON tax_regimes
BEGIN SELECT RAISE(ABORT, 'un régime fiscal ne se modifie pas : ajoutez un changement daté'); END;
CREATE TRIGGER tax_regimes_no_delete BEFORE DELETE ON tax_regimes
BEGIN SELECT RAISE(ABORT, 'un régime fiscal ne se supprime pas'); END;
INSERT INTO tax_regimes (valid_from, regime, ifu_rate_bp, note, created_at) VALUES
    ('2000-01-01', 'ifu', 500,
     'Régime par défaut : IFU 5 % (production et vente de biens, CIDTA art. 282 ter) — à confirmer par le comptable',
     '2000-01-01T00:00:00Z');

-- TVA by class at dated rates; a category says its class (pain, farines, semoules: exonéré).
CREATE TABLE tva_rates (
    class      TEXT NOT NULL CHECK (class IN ('exonere', 'reduit', 'normal')),
    valid_from TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    source     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (class, valid_from)
) STRICT;
CREATE TRIGGER tva_rates_no_update BEFORE UPDATE ON tva_rates
BEGIN SELECT RAISE(ABORT, 'un taux de TVA ne se modifie pas : ajoutez une ligne datée'); END;
CREATE TRIGGER tva_rates_no_delete BEFORE DELETE ON tva_rates
BEGIN SELECT RAISE(ABORT, 'un taux de TVA ne se supprime pas'); END;
INSERT INTO tva_rates VALUES
    ('exonere', '2017-01-01', 0, 'CTCA art. 9 (LF 2024 art. 33) : pain, farines courantes et supérieures, semoules', '2017-01-01T00:00:00Z'),
    ('reduit', '2017-01-01', 900, 'LF 2017 art. 27 : taux réduit', '2017-01-01T00:00:00Z'),
    ('normal', '2017-01-01', 1900, 'LF 2017 art. 26 (CTCA art. 21) : taux normal ; pâtisserie présumée à 19 % (à confirmer)', '2017-01-01T00:00:00Z');
ALTER TABLE categories ADD COLUMN tva_class TEXT NOT NULL DEFAULT 'normal'
    CHECK (tva_class IN ('exonere', 'reduit', 'normal'));

-- Droit de timbre on cash payments (Code du timbre art. 100-I): the bracket is chosen by the
-- whole amount (> `above`) and applies to all of it, per 100 DA or fraction; the duty is rounded
-- up to the dinar, then bounded by the bracket's minimum and maximum.
CREATE TABLE stamp_duty_brackets (
    valid_from TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    above      INTEGER NOT NULL CHECK (above >= 0),                 -- centimes
    per_100    INTEGER NOT NULL CHECK (per_100 >= 0),               -- centimes of duty per 100 DA
    min_duty   INTEGER NOT NULL DEFAULT 0 CHECK (min_duty >= 0),    -- centimes
    max_duty   INTEGER CHECK (max_duty IS NULL OR max_duty >= min_duty),
    source     TEXT NOT NULL,
    PRIMARY KEY (valid_from, above)
) STRICT;
INSERT INTO stamp_duty_brackets VALUES
    ('2023-01-01', 0, 100, 500, 1000000, 'LF 2023 art. 18 : 1 DA par 100 DA, minimum 5 DA, maximum 10 000 DA'),
    ('2025-01-01', 0, 0, 0, NULL, 'LF 2025 art. 46 (circulaire 14/MF/DGI/LF.2025) : exonéré jusqu''à 300 DA'),
    ('2025-01-01', 30000, 100, 0, NULL, 'LF 2025 art. 46 : de 300 à 30 000 DA, 1 DA par 100 DA'),
    ('2025-01-01', 3000000, 150, 0, NULL, 'LF 2025 art. 46 : de 30 000 à 100 000 DA, 1,5 DA par 100 DA'),
    ('2025-01-01', 10000000, 200, 0, NULL, 'LF 2025 art. 46 : au-delà de 100 000 DA, 2 DA par 100 DA');

INSERT OR IGNORE INTO accounts (code, name, class, nature) VALUES
    ('44575', 'Droits de timbre perçus au profit du Trésor', 4, 'credit');

-- ============================================================================================
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
-- Version 20 -> 21: the TVA of each document under the réel regime (issue #18 item 4). One row
-- per document, TVA rate and revenue or charge account: the base before tax and the TVA, signed
-- (a refund is negative). The TVA collected (4457) and the TVA deductible (4456) in the books
-- equal these rows' sums (`fournil check`); the receipt's "dont TVA" lines and the G50 figures
-- by rate read them. Written in the document's own transaction, never edited.
CREATE TABLE tva_lines (
    id          INTEGER PRIMARY KEY,
    source_type TEXT NOT NULL,
    source_id   INTEGER NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('collectee', 'deductible')),
    day         TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    account     TEXT NOT NULL,
    rate_bp     INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    base        INTEGER NOT NULL,
    tva         INTEGER NOT NULL
) STRICT;
CREATE INDEX tva_lines_source ON tva_lines (source_type, source_id);
CREATE INDEX tva_lines_day ON tva_lines (day);
CREATE TRIGGER tva_lines_no_update BEFORE UPDATE ON tva_lines
BEGIN SELECT RAISE(ABORT, 'une ligne de TVA ne se modifie pas'); END;
CREATE TRIGGER tva_lines_no_delete BEFORE DELETE ON tva_lines
BEGIN SELECT RAISE(ABORT, 'une ligne de TVA ne se supprime pas'); END;

-- ============================================================================================
-- Version 21 -> 22: the bank (issue #18): each bank's statement layout, the imports, their lines,
-- the matches with 512; closed years and their opening balances; the bills' attachments.
CREATE TABLE bank_layouts (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- the bank: « BNA », « CPA »…
    date_col      TEXT NOT NULL,                         -- header names, as in the file
    label_col     TEXT NOT NULL,
    reference_col TEXT NOT NULL DEFAULT '',
    debit_col     TEXT NOT NULL DEFAULT '',
    credit_col    TEXT NOT NULL DEFAULT '',
    amount_col    TEXT NOT NULL DEFAULT '',              -- a signed amount, instead of debit/credit
    updated_at    TEXT NOT NULL,
    CHECK (amount_col <> '' OR (debit_col <> '' AND credit_col <> ''))
) STRICT;

CREATE TABLE bank_imports (
    id         INTEGER PRIMARY KEY,
    layout_id  INTEGER NOT NULL REFERENCES bank_layouts(id),
    file_name  TEXT NOT NULL,
    lines_read INTEGER NOT NULL,
    lines_new  INTEGER NOT NULL,
    matched    INTEGER NOT NULL,
    at         TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id)
) STRICT;

-- line_key = day|amount|reference|label|n (n-th identical line of its file): a re-import of the
-- same or an overlapping statement finds its lines already there.
CREATE TABLE bank_lines (
    id        INTEGER PRIMARY KEY,
    day       TEXT NOT NULL,
    label     TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    amount    INTEGER NOT NULL CHECK (amount <> 0),      -- centimes; > 0 money in (Dr 512)
    line_key  TEXT NOT NULL UNIQUE,
    import_id INTEGER NOT NULL REFERENCES bank_imports(id)
) STRICT;
CREATE INDEX bank_lines_day ON bank_lines(day);

CREATE TABLE bank_matches (
    bank_line_id    INTEGER PRIMARY KEY REFERENCES bank_lines(id),
    journal_line_id INTEGER NOT NULL UNIQUE REFERENCES journal_lines(id),
    how             TEXT NOT NULL CHECK (how IN ('auto', 'manuel', 'frais')),
    at              TEXT NOT NULL,
    user_id         INTEGER REFERENCES users(id)
) STRICT;

-- The year end (issue #18, item 6): a closed year, its result and where the owner carried it
-- (11 report à nouveau, or left in 12), its closing entries; the à-nouveaux of the next year
-- (the balances of classes 1 to 5 at the closing). No entry may be dated in a closed year.
CREATE TABLE closed_years (
    year             INTEGER PRIMARY KEY,
    result           INTEGER NOT NULL,                 -- centimes; < 0 a loss
    carried_to       TEXT NOT NULL CHECK (carried_to IN ('11', '12')),
    closing_entry_id INTEGER REFERENCES journal_entries(id),
    carry_entry_id   INTEGER REFERENCES journal_entries(id),
    closed_at        TEXT NOT NULL,
    user_id          INTEGER REFERENCES users(id)
) STRICT;

CREATE TABLE opening_balances (
    year    INTEGER NOT NULL,                          -- the year they open
    account TEXT NOT NULL REFERENCES accounts(code),
    debit   INTEGER NOT NULL CHECK (debit >= 0),
    credit  INTEGER NOT NULL CHECK (credit >= 0),
    PRIMARY KEY (year, account)
) STRICT, WITHOUT ROWID;

-- The bill's photo or PDF, kept in the database so that a backup stays one file.
CREATE TABLE expense_attachments (
    expense_id   INTEGER PRIMARY KEY REFERENCES expenses(id),
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
    bytes        BLOB NOT NULL,
    attached_at  TEXT NOT NULL,
    user_id      INTEGER REFERENCES users(id)
) STRICT;

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
-- ============================================================================================
-- Version 23 -> 24: a deliveryman's phone link (issue #14 item 5): the page of his runs of the
-- day opens on his phone without an account, through a secret link the gérante makes and can
-- replace or withdraw. Only the secret's SHA-256 is kept (shown once, like an API token).
ALTER TABLE deliverymen ADD COLUMN phone_key_hash TEXT;
CREATE UNIQUE INDEX deliverymen_phone_key ON deliverymen(phone_key_hash) WHERE phone_key_hash IS NOT NULL;
-- ============================================================================================
-- Version 24 -> 25: the shop's e-mail (src/mail). The SMTP settings (one row; the password is
-- kept as typed, since it must be given to the server to log in: never shown back, never
-- logged), and the outbox: each message queued by an operation in its own transaction, sent by
-- the server's background sender after commit, retried with a growing delay, then given up.
CREATE TABLE mail_settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    host         TEXT NOT NULL DEFAULT '',          -- empty: e-mail not configured
    port         INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
    security     TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'aucune')),
    username     TEXT NOT NULL DEFAULT '',
    password     TEXT NOT NULL DEFAULT '',
    sender       TEXT NOT NULL DEFAULT '',          -- the From address
    owner_to     TEXT NOT NULL DEFAULT '',          -- the owner's addresses, comma-separated
    summary_hour INTEGER NOT NULL DEFAULT 7 CHECK (summary_hour BETWEEN 0 AND 23),
    updated_at   TEXT NOT NULL
) STRICT;
INSERT INTO mail_settings (id, updated_at) VALUES (1, '1970-01-01T00:00:00Z');

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    topic           TEXT UNIQUE,                    -- once-only key (the summary of a day), or NULL
    recipients      TEXT NOT NULL,                  -- comma-separated addresses
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT,
    attachment      BLOB,
    attachment_name TEXT,
    attachment_mime TEXT,
    status          TEXT NOT NULL DEFAULT 'attente' CHECK (status IN ('attente', 'envoye', 'echec')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT NOT NULL,                  -- UTC stamp
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    CHECK ((attachment IS NULL) = (attachment_name IS NULL) AND (attachment IS NULL) = (attachment_mime IS NULL))
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
-- ============================================================================================
-- Version 25 -> 26: the deductible TVA (issue #18 item 4): a purchase line carries the TVA rate
-- the supplier's invoice shows and, under the réel regime, its deductible TVA (its `value` is then
-- TTC: the stock takes value − tva, 4456 the tva); under IFU the TVA is part of the cost (tva 0).
-- An expense carries the deductible TVA of its bill (0 under IFU) and the rate it was read at.
ALTER TABLE purchase_lines ADD COLUMN tva_bp INTEGER NOT NULL DEFAULT 0 CHECK (tva_bp BETWEEN 0 AND 10000);
ALTER TABLE purchase_lines ADD COLUMN tva INTEGER NOT NULL DEFAULT 0 CHECK (tva >= 0);
ALTER TABLE expenses ADD COLUMN tva_bp INTEGER NOT NULL DEFAULT 0 CHECK (tva_bp BETWEEN 0 AND 10000);
ALTER TABLE expenses ADD COLUMN tva INTEGER NOT NULL DEFAULT 0 CHECK (tva >= 0);

-- ============================================================================================
-- Version 26 -> 27: what business customers pay (issue 15, item 6). A payment by cheque, transfer,
-- cash or bill of exchange (traite), to the bank (512, with its reference) or into the drawer of
-- an open shift (cash, with the droit de timbre on top, 44575), allocated to one or many of the
-- customer's invoices, partly or wholly. Never edited: a mistake is corrected by a new document.
CREATE TABLE b2b_payments (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES b2b_customers(id),
    day         TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('cheque', 'virement', 'especes', 'traite')),
    amount      INTEGER NOT NULL CHECK (amount > 0),              -- off the customer's 411
    stamp_duty  INTEGER NOT NULL DEFAULT 0 CHECK (stamp_duty >= 0), -- cash only, paid on top
    reference   TEXT NOT NULL DEFAULT '',                         -- cheque or transfer number
    shift_id    INTEGER REFERENCES cash_shifts(id),               -- cash: the drawer's shift
    entry_id    INTEGER NOT NULL REFERENCES journal_entries(id),
    token       TEXT UNIQUE,
    user_id     INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL,
    CHECK ((mode = 'especes') = (shift_id IS NOT NULL)),
    CHECK (mode = 'especes' OR stamp_duty = 0)
) STRICT;
CREATE INDEX b2b_payments_customer ON b2b_payments (customer_id, day);

CREATE TABLE b2b_payment_allocations (
    payment_id INTEGER NOT NULL REFERENCES b2b_payments(id),
    invoice_id INTEGER NOT NULL REFERENCES b2b_invoices(id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (payment_id, invoice_id)
) STRICT;
CREATE INDEX b2b_payment_allocations_invoice ON b2b_payment_allocations (invoice_id);

CREATE TRIGGER b2b_payments_frozen BEFORE UPDATE ON b2b_payments
BEGIN
    SELECT RAISE(ABORT, 'Un paiement enregistré ne se modifie pas.');
END;
CREATE TRIGGER b2b_payments_kept BEFORE DELETE ON b2b_payments
BEGIN
    SELECT RAISE(ABORT, 'Un paiement enregistré ne se supprime pas.');
END;
CREATE TRIGGER b2b_payment_allocations_frozen BEFORE UPDATE ON b2b_payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'Un paiement enregistré ne se modifie pas.');
END;
CREATE TRIGGER b2b_payment_allocations_kept BEFORE DELETE ON b2b_payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'Un paiement enregistré ne se supprime pas.');
END;
-- ============================================================================================
-- Version 27 -> 28: three indexes for the owner's figures over years of history (issue #20). The
-- losses of a period (stock moves 'perte') and the bank deposits of a period (drawer movements
-- 'depot_banque') were each a scan of every move: on the five-year demo 0,95 s and 0,32 s a call,
-- and the month report makes eight of them.
CREATE INDEX stock_moves_losses ON stock_moves(day) WHERE kind = 'perte';
CREATE INDEX cash_movements_kind_day ON cash_movements(kind, day);
-- The orders handed over on some days: fournil check compares the owner's aggregates one month at
-- a time, and each month scanned every order (0,6 s a month, 36 s over five years).
CREATE INDEX orders_handed ON orders(status, handed_day);
-- ============================================================================================
-- Version 28 -> 29: a delivery sold at the till from counter stock (issue #14 item 2, sales.md
-- §2.3): the order's counter lines whose goods left the counter for "réservé commandes" when it
-- was sold, so they are never sold twice; NULL: they leave with the run or at handover.
ALTER TABLE order_lines ADD COLUMN set_aside_at TEXT CHECK (set_aside_at IS NULL OR source = 'comptoir');
-- ============================================================================================
-- Version 29 -> 30: the owner's figures by four channels and the money received (issue #19 items
-- 1-2, issue #20): orders delivered by a run get their own channel (`livraison`), business
-- customers' invoices theirs (`pro`); the sales are kept per product without the hour and per
-- hour without the product (a month reads ~5 times fewer rows); what customers pay is kept per day and method
-- (`kpi_receipts`) by the sale, the refund, the order payment and the B2B payment in their own
-- transaction, so that a month's receipts read a few rows instead of a month of payments. The
-- aggregates are made again from the documents by `kpi::ops::rebuild` in the upgrade's transaction.
DROP TABLE kpi_sales;
DROP TABLE kpi_tickets;
-- Per business day × channel × product: what sold (no hour: the hours have their own table).
CREATE TABLE kpi_sales (
    day        TEXT NOT NULL,                      -- business day
    channel    TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande', 'livraison', 'pro')),
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty        INTEGER NOT NULL,                   -- thousandths of the base unit, net of returns
    revenue    INTEGER NOT NULL,                   -- centimes, net of discounts and returns
    cost       INTEGER NOT NULL,                   -- centimes: the frozen cost of the goods sold, net
    PRIMARY KEY (day, channel, product_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX kpi_sales_product ON kpi_sales(product_id, day);
-- Per business day × the shop's local hour × channel: revenue and cost, all products together
-- (the home's "today so far", the trend, the channels of a period read a few rows a day).
CREATE TABLE kpi_hours (
    day     TEXT NOT NULL,
    hour    INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    channel TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande', 'livraison', 'pro')),
    revenue INTEGER NOT NULL,
    cost    INTEGER NOT NULL,
    PRIMARY KEY (day, hour, channel)
) STRICT, WITHOUT ROWID;
-- Tickets (counter), orders handed over in the shop or delivered, per business day × local hour
-- × channel × seller, with their revenue; a refund lowers its ticket's seller's revenue on the
-- refund's day. Business customers' invoices have no seller: they are not tickets.
CREATE TABLE kpi_tickets (
    day      TEXT NOT NULL,
    hour     INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    channel  TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande', 'livraison')),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    tickets  INTEGER NOT NULL CHECK (tickets >= 0),
    revenue  INTEGER NOT NULL,
    PRIMARY KEY (day, channel, user_id, hour)
) STRICT, WITHOUT ROWID;
-- Money received per business day and method: tickets (change deducted), order payments (store
-- credit left out), refunds paid back (negative), business customers' payments (stamp duty included).
CREATE TABLE kpi_receipts (
    day    TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('especes', 'carte', 'cheque', 'virement', 'traite')),
    amount INTEGER NOT NULL,
    PRIMARY KEY (day, method)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_payments_day ON order_payments(day);
CREATE INDEX b2b_invoices_day ON b2b_invoices(day);
CREATE INDEX b2b_payments_day ON b2b_payments(day);

-- ============================================================================================
-- Version 30 -> 31: standing orders of business customers (issue #15 item 3). Per customer, the
-- quantities per product and weekday (0 = samedi … 6 = vendredi), a cut-off the day before, the
-- dates it runs; what it does on the special days of the B2B calendar (deliver as usual, skip,
-- or an alternate grid); one-off changes of one date. The B2B calendar holds the shop's closed
-- days (nothing is generated) and its special periods (Ramadan, Aïd; public holidays count too).
CREATE TABLE b2b_standing (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES b2b_customers(id),
    active_from TEXT NOT NULL,
    active_to   TEXT CHECK (active_to IS NULL OR active_to >= active_from),
    cutoff      TEXT NOT NULL DEFAULT '18:00',                -- HH:MM local, the day before
    on_special  TEXT NOT NULL DEFAULT 'normal' CHECK (on_special IN ('normal', 'saute', 'alterne')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX b2b_standing_customer ON b2b_standing (customer_id);

CREATE TABLE b2b_standing_lines (
    standing_id INTEGER NOT NULL REFERENCES b2b_standing(id),
    grid        TEXT NOT NULL CHECK (grid IN ('normal', 'alterne')),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    qty         INTEGER NOT NULL CHECK (qty > 0),
    PRIMARY KEY (standing_id, grid, product_id, weekday)
) STRICT;

-- A one-off change of one date: its lines replace the grid's that day; none: cancelled that day.
CREATE TABLE b2b_standing_days (
    standing_id INTEGER NOT NULL REFERENCES b2b_standing(id),
    day         TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (standing_id, day)
) STRICT;
CREATE TABLE b2b_standing_day_lines (
    standing_id INTEGER NOT NULL,
    day         TEXT NOT NULL,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    qty         INTEGER NOT NULL CHECK (qty > 0),
    PRIMARY KEY (standing_id, day, product_id),
    FOREIGN KEY (standing_id, day) REFERENCES b2b_standing_days (standing_id, day)
) STRICT;

-- The B2B calendar the gérante edits: closed days and special periods.
CREATE TABLE b2b_calendar (
    id        INTEGER PRIMARY KEY,
    first_day TEXT NOT NULL,
    last_day  TEXT NOT NULL CHECK (last_day >= first_day),
    kind      TEXT NOT NULL CHECK (kind IN ('ferme', 'special')),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0)
) STRICT;
CREATE INDEX b2b_calendar_days ON b2b_calendar (first_day, last_day);

-- ============================================================================================
-- Version 31 -> 32: what each shift's drawer holds beyond its opening float, kept at write time
-- (issue #20). `held` = Σ cash_movements.amount of the shift, added by a trigger on each
-- movement (movements are append-only): "what the drawer should hold" is one row read, not a sum
-- over the shift's movements. `fournil check` proves held = Σ movements for every shift.
ALTER TABLE cash_shifts ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER cash_movements_held AFTER INSERT ON cash_movements
BEGIN UPDATE cash_shifts SET held = held + NEW.amount WHERE id = NEW.shift_id; END;
-- The orders of one day in the order of their due time, first ones first (the home's "tomorrow",
-- the orders page): without it, a day of many orders was sorted whole to show twenty.
CREATE INDEX orders_due_time ON orders(due_day, due_time);

-- ============================================================================================
-- Version 32 -> 33: the TVA collected in the owner's aggregates (issue #19). Under the réel
-- regime the revenue of the channels, the trend, the hours and the sellers is read before tax:
-- each ticket, refund and order handed over adds its `tva_lines` (collected) to its hour and its
-- seller's row; under IFU it adds nothing. The upgrade rebuilds the aggregates from the documents
-- (migrate.rs, KPI_SINCE).
ALTER TABLE kpi_hours ADD COLUMN tva INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kpi_tickets ADD COLUMN tva INTEGER NOT NULL DEFAULT 0;

-- ============================================================================================
-- Version 33 -> 34: the incremental check (issue #20 item 4). After a passing check that proved
-- a domain's ledgers, `check_marks` keeps how far it proved them (the last row's id, the last
-- business day) and, in `check_mark_sums`, the proven running totals it needs (per product ×
-- location the stock's quantity and value). The next `fournil check` proves only what came after
-- the mark; `--full` proves everything from the first row again. The ledgers themselves are
-- append-only (their triggers abort an update or a delete); the aggregates kept by upsert record
-- in `check_dirty` each day written behind a mark, which the next check proves again. An upgraded
-- database has no mark: its first check proves everything and sets them.
CREATE TABLE check_marks (
    rule      TEXT PRIMARY KEY,                     -- the domain: stock, comptabilite, indicateurs, …
    upto      INTEGER NOT NULL DEFAULT 0,           -- the last row proven (its id)
    day       TEXT NOT NULL DEFAULT '',             -- the days before it are proven
    proven_at TEXT NOT NULL                         -- UTC stamp of the check that proved it
) STRICT, WITHOUT ROWID;
CREATE TABLE check_mark_sums (
    rule TEXT NOT NULL REFERENCES check_marks(rule),
    key  TEXT NOT NULL,                             -- e.g. 'produit:lieu'
    a    INTEGER NOT NULL,
    b    INTEGER NOT NULL,
    PRIMARY KEY (rule, key)
) STRICT, WITHOUT ROWID;
CREATE TABLE check_dirty (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,         -- a newer touch replaces the row: a fresh, never reused id
    rule TEXT NOT NULL,
    key  TEXT NOT NULL,
    UNIQUE (rule, key)
) STRICT;
ALTER TABLE check_runs ADD COLUMN full INTEGER NOT NULL DEFAULT 0 CHECK (full IN (0, 1)); -- fournil check --full
ALTER TABLE check_runs ADD COLUMN since TEXT;      -- incremental: the oldest mark it started from; NULL: complete
-- The books' day totals: a write on a day before the mark makes that day proven again.
CREATE TRIGGER account_days_mark_insert AFTER INSERT ON account_days
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'comptabilite')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('comptabilite', NEW.day); END;
CREATE TRIGGER account_days_mark_update AFTER UPDATE ON account_days
WHEN min(OLD.day, NEW.day) < (SELECT day FROM check_marks WHERE rule = 'comptabilite')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('comptabilite', OLD.day), ('comptabilite', NEW.day); END;
CREATE TRIGGER account_days_mark_delete AFTER DELETE ON account_days
WHEN OLD.day < (SELECT day FROM check_marks WHERE rule = 'comptabilite')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('comptabilite', OLD.day); END;
-- The owner's aggregates, and the documents they sum that may still change (payments of a
-- ticket, lines of a refund, orders and their lines): the same for the indicators' days.
CREATE TRIGGER kpi_sales_mark_insert AFTER INSERT ON kpi_sales
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER kpi_sales_mark_update AFTER UPDATE ON kpi_sales
WHEN min(OLD.day, NEW.day) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', OLD.day), ('indicateurs', NEW.day); END;
CREATE TRIGGER kpi_sales_mark_delete AFTER DELETE ON kpi_sales
WHEN OLD.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', OLD.day); END;
CREATE TRIGGER kpi_hours_mark_insert AFTER INSERT ON kpi_hours
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER kpi_hours_mark_update AFTER UPDATE ON kpi_hours
WHEN min(OLD.day, NEW.day) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', OLD.day), ('indicateurs', NEW.day); END;
CREATE TRIGGER kpi_hours_mark_delete AFTER DELETE ON kpi_hours
WHEN OLD.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', OLD.day); END;
CREATE TRIGGER kpi_tickets_mark_insert AFTER INSERT ON kpi_tickets
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER kpi_tickets_mark_update AFTER UPDATE ON kpi_tickets
WHEN min(OLD.day, NEW.day) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', OLD.day), ('indicateurs', NEW.day); END;
CREATE TRIGGER kpi_tickets_mark_delete AFTER DELETE ON kpi_tickets
WHEN OLD.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', OLD.day); END;
CREATE TRIGGER kpi_receipts_mark_insert AFTER INSERT ON kpi_receipts
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER kpi_receipts_mark_update AFTER UPDATE ON kpi_receipts
WHEN min(OLD.day, NEW.day) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', OLD.day), ('indicateurs', NEW.day); END;
CREATE TRIGGER kpi_receipts_mark_delete AFTER DELETE ON kpi_receipts
WHEN OLD.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', OLD.day); END;
CREATE TRIGGER sale_payments_mark_update AFTER UPDATE ON sale_payments
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key)
      SELECT 'indicateurs', day FROM sales WHERE id IN (OLD.sale_id, NEW.sale_id); END;
CREATE TRIGGER sale_payments_mark_delete AFTER DELETE ON sale_payments
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) SELECT 'indicateurs', day FROM sales WHERE id = OLD.sale_id; END;
CREATE TRIGGER refund_lines_mark_update AFTER UPDATE ON refund_lines
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key)
      SELECT 'indicateurs', day FROM refunds WHERE id IN (OLD.refund_id, NEW.refund_id); END;
CREATE TRIGGER refund_lines_mark_delete AFTER DELETE ON refund_lines
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) SELECT 'indicateurs', day FROM refunds WHERE id = OLD.refund_id; END;
CREATE TRIGGER orders_mark_update AFTER UPDATE ON orders
WHEN coalesce(min(OLD.handed_day, NEW.handed_day), OLD.handed_day, NEW.handed_day) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key)
      SELECT 'indicateurs', d FROM (SELECT OLD.handed_day AS d UNION SELECT NEW.handed_day) WHERE d IS NOT NULL; END;
CREATE TRIGGER order_lines_mark_update AFTER UPDATE ON order_lines
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key)
      SELECT 'indicateurs', handed_day FROM orders
       WHERE id IN (OLD.order_id, NEW.order_id) AND handed_day < (SELECT day FROM check_marks WHERE rule = 'indicateurs'); END;
CREATE TRIGGER order_lines_mark_delete AFTER DELETE ON order_lines
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key)
      SELECT 'indicateurs', handed_day FROM orders
       WHERE id = OLD.order_id AND handed_day < (SELECT day FROM check_marks WHERE rule = 'indicateurs'); END;
-- Rows added behind a mark (a line slipped into an old entry or an old ticket, a move given an
-- old id): the app never does it, the triggers note the day (or, for the stock, that its totals
-- must be summed again from the first move).
CREATE TRIGGER journal_lines_mark_insert AFTER INSERT ON journal_lines
WHEN NEW.entry_id <= (SELECT upto FROM check_marks WHERE rule = 'comptabilite')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) SELECT 'comptabilite', day FROM journal_entries WHERE id = NEW.entry_id; END;
CREATE TRIGGER journal_entries_mark_insert AFTER INSERT ON journal_entries
WHEN NEW.id <= (SELECT upto FROM check_marks WHERE rule = 'comptabilite')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('comptabilite', NEW.day); END;
CREATE TRIGGER stock_moves_mark_insert AFTER INSERT ON stock_moves
WHEN NEW.id <= (SELECT upto FROM check_marks WHERE rule = 'stock')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('stock', NEW.product_id || ':' || NEW.location_id); END;
CREATE TRIGGER sales_mark_insert AFTER INSERT ON sales
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER sale_lines_mark_insert AFTER INSERT ON sale_lines
WHEN (SELECT day FROM sales WHERE id = NEW.sale_id) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) SELECT 'indicateurs', day FROM sales WHERE id = NEW.sale_id; END;
CREATE TRIGGER sale_payments_mark_insert AFTER INSERT ON sale_payments
WHEN (SELECT day FROM sales WHERE id = NEW.sale_id) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) SELECT 'indicateurs', day FROM sales WHERE id = NEW.sale_id; END;
CREATE TRIGGER refunds_mark_insert AFTER INSERT ON refunds
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER refund_lines_mark_insert AFTER INSERT ON refund_lines
WHEN (SELECT day FROM refunds WHERE id = NEW.refund_id) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) SELECT 'indicateurs', day FROM refunds WHERE id = NEW.refund_id; END;
CREATE TRIGGER order_lines_mark_insert AFTER INSERT ON order_lines
WHEN (SELECT handed_day FROM orders WHERE id = NEW.order_id) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) SELECT 'indicateurs', handed_day FROM orders WHERE id = NEW.order_id; END;
CREATE TRIGGER order_payments_mark_insert AFTER INSERT ON order_payments
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER b2b_invoices_mark_insert AFTER INSERT ON b2b_invoices
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER b2b_invoice_lines_mark_insert AFTER INSERT ON b2b_invoice_lines
WHEN (SELECT day FROM b2b_invoices WHERE id = NEW.invoice_id) < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) SELECT 'indicateurs', day FROM b2b_invoices WHERE id = NEW.invoice_id; END;
CREATE TRIGGER b2b_payments_mark_insert AFTER INSERT ON b2b_payments
WHEN NEW.day < (SELECT day FROM check_marks WHERE rule = 'indicateurs')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('indicateurs', NEW.day); END;
CREATE TRIGGER cash_movements_mark_insert AFTER INSERT ON cash_movements
WHEN NEW.shift_id <= (SELECT a FROM check_mark_sums WHERE rule = 'tiroirs' AND key = 'caisses')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('tiroirs', NEW.shift_id); END;
-- The staff's punches: the pairing resumes, per employee, after the last punch it read (the mark's
-- `a`); a punch added before that point, or any punch changed or deleted, makes that employee's
-- punches paired again from the first; a changed enrolment makes every device punch read again.
CREATE TRIGGER punches_mark_insert AFTER INSERT ON punches
WHEN EXISTS (SELECT 1 FROM check_mark_sums s JOIN punches f ON f.id = s.a
              WHERE s.rule = 'personnel' AND s.key = CAST(NEW.employee_id AS TEXT)
                AND (NEW.local_time < f.local_time OR (NEW.local_time = f.local_time AND NEW.id < f.id)))
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('personnel', NEW.employee_id); END;
CREATE TRIGGER punches_mark_update AFTER UPDATE ON punches
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('personnel', OLD.employee_id), ('personnel', NEW.employee_id); END;
CREATE TRIGGER punches_mark_delete AFTER DELETE ON punches
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('personnel', OLD.employee_id); END;
CREATE TRIGGER enrolments_mark_update AFTER UPDATE OF employee_id, device_id, pin ON enrolments
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('personnel', 'inscriptions'); END;
CREATE TRIGGER enrolments_mark_delete AFTER DELETE ON enrolments
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('personnel', 'inscriptions'); END;
-- The orders: an order changed (its status, its payments' total, its lines) behind the mark is
-- proven again with its payments; so is an order that receives a payment behind the mark.
CREATE TRIGGER orders_mark_order_update AFTER UPDATE ON orders
WHEN OLD.id <= (SELECT upto FROM check_marks WHERE rule = 'commandes')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('commandes', OLD.id); END;
CREATE TRIGGER order_lines_mark_order_insert AFTER INSERT ON order_lines
WHEN NEW.order_id <= (SELECT upto FROM check_marks WHERE rule = 'commandes')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('commandes', NEW.order_id); END;
CREATE TRIGGER order_lines_mark_order_update AFTER UPDATE ON order_lines
WHEN min(OLD.order_id, NEW.order_id) <= (SELECT upto FROM check_marks WHERE rule = 'commandes')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('commandes', OLD.order_id), ('commandes', NEW.order_id); END;
CREATE TRIGGER order_lines_mark_order_delete AFTER DELETE ON order_lines
WHEN OLD.order_id <= (SELECT upto FROM check_marks WHERE rule = 'commandes')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('commandes', OLD.order_id); END;
CREATE TRIGGER order_payments_mark_order_insert AFTER INSERT ON order_payments
WHEN NEW.order_id <= (SELECT upto FROM check_marks WHERE rule = 'commandes')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('commandes', NEW.order_id); END;
-- The purchases: any change to a purchase, its lines, payments or returns behind the mark is
-- proven again with the purchase (receiving, paying and cancelling update them).
CREATE TRIGGER purchases_mark_update AFTER UPDATE ON purchases
WHEN min(OLD.id, NEW.id) <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', OLD.id), ('achats', NEW.id); END;
CREATE TRIGGER purchases_mark_delete AFTER DELETE ON purchases
WHEN OLD.id <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', OLD.id); END;
CREATE TRIGGER purchase_lines_mark_insert AFTER INSERT ON purchase_lines
WHEN NEW.purchase_id <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', NEW.purchase_id); END;
CREATE TRIGGER purchase_lines_mark_update AFTER UPDATE ON purchase_lines
WHEN min(OLD.purchase_id, NEW.purchase_id) <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', OLD.purchase_id), ('achats', NEW.purchase_id); END;
CREATE TRIGGER purchase_lines_mark_delete AFTER DELETE ON purchase_lines
WHEN OLD.purchase_id <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', OLD.purchase_id); END;
CREATE TRIGGER purchase_payments_mark_insert AFTER INSERT ON purchase_payments
WHEN NEW.purchase_id <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', NEW.purchase_id); END;
CREATE TRIGGER purchase_payments_mark_update AFTER UPDATE ON purchase_payments
WHEN min(OLD.purchase_id, NEW.purchase_id) <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', OLD.purchase_id), ('achats', NEW.purchase_id); END;
CREATE TRIGGER purchase_payments_mark_delete AFTER DELETE ON purchase_payments
WHEN OLD.purchase_id <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', OLD.purchase_id); END;
CREATE TRIGGER purchase_returns_mark_insert AFTER INSERT ON purchase_returns
WHEN NEW.purchase_id <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', NEW.purchase_id); END;
CREATE TRIGGER purchase_returns_mark_update AFTER UPDATE ON purchase_returns
WHEN min(OLD.purchase_id, NEW.purchase_id) <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', OLD.purchase_id), ('achats', NEW.purchase_id); END;
CREATE TRIGGER purchase_returns_mark_delete AFTER DELETE ON purchase_returns
WHEN OLD.purchase_id <= (SELECT upto FROM check_marks WHERE rule = 'achats')
BEGIN INSERT OR REPLACE INTO check_dirty (rule, key) VALUES ('achats', OLD.purchase_id); END;

-- ============================================================================================
-- Version 34 -> 35: what each deliveryman owes, read from an index (issue #19). The owner's
-- figures (`reports::ops::figures`, twice per report: the period and the one compared) replay
-- each deliveryman's settled runs with a difference; the runs were read row by row from the
-- table through `delivery_runs_man` (1 200 runs per deliveryman over five years: 18 % of the
-- month report under `perf`). This partial index holds only those runs, with what the replay
-- reads: a few dozen entries per deliveryman, nothing more to fetch.
CREATE INDEX delivery_runs_owed ON delivery_runs(deliveryman_id, settle_day, expected, counted)
    WHERE status = 'reglee' AND written_off = 0 AND expected <> counted;

-- ============================================================================================
-- Version 35 -> 36: a B2B credit note for goods sent back after invoicing moves the goods (issue
-- #15). Per credit-note line, what physically came back (`returned`, at most the quantity
-- credited) and, of it, what was thrown away (`wasted`); the rest went back to the counter at the
-- unit value it left with on its delivery note (`back_value`: Dr stock · Cr cost of sales). A
-- price correction, and every invoice line, has none (0). The lines stay frozen (0020's triggers).
ALTER TABLE b2b_invoice_lines ADD COLUMN returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= qty);
ALTER TABLE b2b_invoice_lines ADD COLUMN wasted INTEGER NOT NULL DEFAULT 0 CHECK (wasted >= 0 AND wasted <= returned);
ALTER TABLE b2b_invoice_lines ADD COLUMN back_value INTEGER NOT NULL DEFAULT 0 CHECK (back_value >= 0);

-- ============================================================================================
-- Version 36 -> 37: the invoice lines of a delivery note, read from an index (issue #20). The
-- check's rule "no note invoiced twice" looks up, for each note, the invoice lines that bill it;
-- without an index each look-up read every invoice line: 14 s of the 21-s `fournil check` on the
-- five-year demo (7 800 notes × 17 500 lines), 0,03 s with it. Only lines that bill a note.
CREATE INDEX b2b_invoice_lines_note ON b2b_invoice_lines(note_id) WHERE note_id IS NOT NULL;
