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

