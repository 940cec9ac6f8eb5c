-- Payroll (issue #17): the rates in force by month (SNMG, IRG barème, abatement, exemption and
-- smoothing, CNAS shares, premiums, rounding), the kinds of pay items, a month's payroll and its
-- payslips with their items, salary advances; the payroll accounts and permissions.

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
