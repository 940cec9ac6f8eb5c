-- Version 21 -> 22: the bank (issue #18, item 3): the column layout of each bank's statement
-- CSV, the statements imported, their lines (each stored once, by its key) and the matches of a
-- statement line with a line of account 512.
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
