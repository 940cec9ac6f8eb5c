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
