//! The orders' part of `fournil check`, in set-based queries: each returns what is wrong, one
//! sentence per order, payment or product (at most `SHOWN`).

use rusqlite::Connection;

use crate::money::Money;

const SHOWN: i64 = 20;

fn rows(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("{sql} LIMIT {SHOWN}"))?;
    stmt.query_map([], |r| r.get::<_, String>(0))?.collect()
}

/// Which orders and payments the incremental check reads: those after the mark and the orders
/// written behind it (all when both ids are 0).
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub orders_after: i64,
    pub payments_after: i64,
    /// The orders written behind the mark: a JSON array of ids.
    pub dirty: &'a str,
}

/// `sql` over the orders of `ids` and the payments of `pids`.
fn rows_in(conn: &Connection, sql: &str, s: Scope) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "WITH ids(id) AS (SELECT id FROM orders WHERE id > ?1 UNION SELECT CAST(value AS INTEGER) FROM json_each(?3)),
              pids(id) AS (SELECT id FROM order_payments WHERE id > ?2
                           UNION SELECT id FROM order_payments
                                  WHERE order_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?3)))
         {sql} LIMIT {SHOWN}"
    ))?;
    stmt.query_map(rusqlite::params![s.orders_after, s.payments_after, s.dirty], |r| r.get::<_, String>(0))?.collect()
}

/// The last order and the last payment (the incremental check's mark).
pub fn last_ids(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    conn.query_row(
        "SELECT coalesce((SELECT max(id) FROM orders), 0), coalesce((SELECT max(id) FROM order_payments), 0)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Orders whose paid amount is not Σ their payment rows, or whose payments pass their total.
pub fn paid_mismatch(conn: &Connection, scope: Scope) -> rusqlite::Result<Vec<String>> {
    rows_in(
        conn,
        "SELECT o.number || ' : payé ' || o.paid || ', paiements ' || coalesce(sum(p.amount), 0) || ', total ' || o.total
           FROM orders o LEFT JOIN order_payments p ON p.order_id = o.id WHERE o.id IN ids GROUP BY o.id
         HAVING o.paid <> coalesce(sum(p.amount), 0) OR coalesce(sum(p.amount), 0) > o.total",
        scope,
    )
}

/// What 4191 must hold: the payments of orders neither handed over nor cancelled, and the store
/// credit customers have not spent.
pub fn advances_due(conn: &Connection) -> rusqlite::Result<Money> {
    conn.query_row(
        "SELECT coalesce((SELECT sum(paid) FROM orders WHERE status NOT IN ('remise', 'annulee')), 0)
              + coalesce((SELECT sum(amount) FROM customer_credits), 0)",
        [],
        |r| r.get(0),
    )
}

/// Orders without exactly one sales entry once handed over (none before), or whose entry's
/// revenue is not their total.
pub fn revenue(conn: &Connection, scope: Scope) -> rusqlite::Result<Vec<String>> {
    let mut out = rows_in(
        conn,
        "SELECT o.number || ' : ' || count(e.id) || ' écriture(s) de vente (' || o.status || ')'
           FROM orders o LEFT JOIN journal_entries e ON e.source_type = 'order' AND e.source_id = o.id AND e.journal = 'VT'
          WHERE o.id IN ids GROUP BY o.id
         HAVING count(e.id) <> CASE WHEN o.status = 'remise' AND o.total + o.cost + o.packaging > 0 THEN 1 ELSE 0 END
             OR (o.status = 'remise' AND count(e.id) = 1 AND max(e.id) <> o.entry_id)",
        scope,
    )?;
    out.extend(rows_in(
        conn,
        "SELECT o.number || ' : ventes ' || coalesce(sum(l.credit - l.debit), 0) || ' pour un total de ' || o.total
           FROM orders o LEFT JOIN journal_lines l ON l.entry_id = o.entry_id AND l.account IN ('700', '701', '4457')
          WHERE o.status = 'remise' AND o.id IN ids GROUP BY o.id HAVING coalesce(sum(l.credit - l.debit), 0) <> o.total",
        scope,
    )?);
    Ok(out)
}

/// Orders whose goods did not leave stock exactly once: the value out is the frozen cost (and
/// the packaging) once handed over, nothing before; the lab's goods left "réservé commandes".
pub fn stock_out(conn: &Connection, scope: Scope) -> rusqlite::Result<Vec<String>> {
    let mut out = rows_in(
        conn,
        "SELECT o.number || ' : stock sorti ' || coalesce(-sum(m.value), 0) || ', coût figé ' || (o.cost + o.packaging)
           FROM orders o LEFT JOIN stock_moves m ON m.source_type = 'order' AND m.source_id = o.id AND m.kind = 'vente'
          WHERE o.id IN ids GROUP BY o.id
         HAVING coalesce(-sum(m.value), 0) <> CASE WHEN o.status = 'remise' THEN o.cost + o.packaging ELSE 0 END",
        scope,
    )?;
    out.extend(rows_in(
        conn,
        "SELECT o.number || ' : ' || coalesce(r.q, 0) || ' sortis de la réserve pour ' || coalesce(w.q, 0) || ' faits ou mis de côté'
           FROM orders o
           LEFT JOIN (SELECT m.source_id AS id, -sum(m.qty) AS q FROM stock_moves m JOIN locations loc ON loc.id = m.location_id
                       WHERE m.source_type = 'order' AND m.kind = 'vente' AND loc.kind = 'commandes'
                         AND m.source_id IN ids GROUP BY m.source_id) r
                  ON r.id = o.id
           LEFT JOIN (SELECT order_id AS id, sum(qty) AS q FROM order_lines
                       WHERE (source = 'labo' OR set_aside_at IS NOT NULL) AND order_id IN ids GROUP BY order_id) w
                  ON w.id = o.id
          WHERE o.status = 'remise' AND o.id IN ids AND coalesce(r.q, 0) <> coalesce(w.q, 0)
         UNION ALL
         SELECT o.number || ' : coût ' || o.cost || ', lignes ' || sum(l.cost)
           FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.id IN ids GROUP BY o.id HAVING o.cost <> sum(l.cost)",
        scope,
    )?);
    Ok(out)
}

/// Products whose quantity in "réservé commandes" is not what the open orders had made.
pub fn reserved(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    rows(
        conn,
        "WITH held AS (SELECT b.product_id, sum(b.qty) AS q FROM stock_balances b JOIN locations l ON l.id = b.location_id
                        WHERE l.kind = 'commandes' GROUP BY b.product_id),
              owed AS (SELECT l.product_id, sum(l.qty) AS q FROM order_lines l JOIN orders o ON o.id = l.order_id
                        WHERE o.status IN ('confirmee', 'en_production', 'prete')
                          AND (l.production_id IS NOT NULL OR l.set_aside_at IS NOT NULL)
                        GROUP BY l.product_id)
         SELECT p.name || ' : ' || coalesce(h.q, 0) || ' en réserve, ' || coalesce(w.q, 0) || ' pour des commandes en cours'
           FROM (SELECT product_id FROM held UNION SELECT product_id FROM owed) x
           JOIN products p ON p.id = x.product_id
           LEFT JOIN held h ON h.product_id = x.product_id
           LEFT JOIN owed w ON w.product_id = x.product_id
          WHERE coalesce(h.q, 0) <> coalesce(w.q, 0)",
    )
}

/// Payments without their entry, cash payments without their drawer movement, payments on
/// account whose entry says another amount, store credit spent without its debit or overdrawn.
pub fn payments(conn: &Connection, scope: Scope) -> rusqlite::Result<Vec<String>> {
    rows_in(
        conn,
        "SELECT 'paiement n° ' || p.id || ' (' || o.number || ') sans écriture'
           FROM order_payments p JOIN orders o ON o.id = p.order_id
          WHERE p.id IN pids AND p.method <> 'avoir' AND p.entry_id IS NULL
         UNION ALL
         SELECT 'paiement n° ' || p.id || ' : ' || p.amount || ' en espèces, tiroir ' || coalesce(sum(m.amount), 0)
           FROM order_payments p LEFT JOIN cash_movements m ON m.source_type = 'order_payment' AND m.source_id = p.id
          WHERE p.id IN pids AND p.method = 'especes' GROUP BY p.id HAVING coalesce(sum(m.amount), 0) <> p.amount
         UNION ALL
         SELECT 'paiement n° ' || p.id || ' : ' || p.amount || ', écriture ' || sum(l.debit - l.credit)
           FROM order_payments p JOIN journal_lines l ON l.entry_id = p.entry_id AND l.account IN ('530', '512')
          WHERE p.id IN pids AND p.kind IN ('acompte', 'remboursement') GROUP BY p.id HAVING sum(l.debit - l.credit) <> p.amount
         UNION ALL
         SELECT 'paiement n° ' || p.id || ' par avoir sans débit de l''avoir'
           FROM order_payments p LEFT JOIN customer_credits k ON k.payment_id = p.id
          WHERE p.id IN pids AND p.method = 'avoir' AND (k.id IS NULL OR k.amount <> -p.amount)
         UNION ALL
         SELECT c.name || ' : avoir de ' || sum(k.amount)
           FROM customer_credits k JOIN customers c ON c.id = k.customer_id GROUP BY k.customer_id HAVING sum(k.amount) < 0",
        scope,
    )
}
