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
