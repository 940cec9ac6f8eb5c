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
