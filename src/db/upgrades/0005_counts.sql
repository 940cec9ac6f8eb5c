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
    PRIMARY KEY (count_id, product_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER stock_count_lines_frozen BEFORE UPDATE ON stock_count_lines
WHEN (SELECT status FROM stock_counts WHERE id = OLD.count_id) <> 'ouvert'
BEGIN SELECT RAISE(ABORT, 'un inventaire clos ne se modifie pas'); END;
