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
