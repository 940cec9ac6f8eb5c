-- ============================================================================================
-- Version 8 -> 9: staff and the time clock (issue 16). Employees with their contract, enrolments
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
