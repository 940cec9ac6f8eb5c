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
