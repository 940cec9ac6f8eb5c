//! All SQL of `kpi`: the aggregates it owns (`kpi_sales`, `kpi_hours`, `kpi_tickets`, `kpi_receipts`) and,
//! read only, the
//! documents and ledgers of other domains its figures are made of (as a dashboard may).

use rusqlite::{Connection, params};

use super::{Channel, HourKey, HourSums, MoneySums, SalesKey, SalesSums, TicketKey, TicketSums};
use crate::money::Money;

/// A document line as the aggregates see it: business day, UTC stamp, product (or seller), and
/// signed quantity, revenue, cost (or tickets, revenue, 0).
#[derive(Debug, Clone)]
pub struct DocRow {
    pub day: String,
    pub at: String,
    pub key: i64,
    pub a: i64,
    pub b: i64,
    pub c: i64,
}

/// Which documents to read: one (just written), those of some business days, or all.
#[derive(Debug, Clone, Copy)]
pub enum Docs<'a> {
    One(i64),
    Days(&'a str, &'a str),
}

/// Where document rows go, one at a time: a month of the bench's days is millions of lines
/// (200 MB held at once when they were collected first, for `fournil check`).
pub type Sink<'s> = &'s mut dyn FnMut(DocRow);

/// `sql` ends in a WHERE clause; `day` names the document's business day column.
fn doc_rows(conn: &Connection, sql: &str, day: &str, docs: Docs, each: Sink) -> rusqlite::Result<()> {
    let map = |r: &rusqlite::Row| {
        Ok(DocRow { day: r.get(0)?, at: r.get(1)?, key: r.get(2)?, a: r.get(3)?, b: r.get(4)?, c: r.get(5)? })
    };
    match docs {
        Docs::One(id) => {
            for r in conn.prepare_cached(&format!("{sql} AND d.id = ?1"))?.query_map([id], map)? {
                each(r?);
            }
        }
        Docs::Days(from, to) => {
            for r in conn.prepare_cached(&format!("{sql} AND {day} BETWEEN ?1 AND ?2"))?.query_map([from, to], map)? {
                each(r?);
            }
        }
    }
    Ok(())
}

/// The lines of counter tickets.
pub fn sale_lines(conn: &Connection, docs: Docs, each: Sink) -> rusqlite::Result<()> {
    let sql = "SELECT d.day, d.at, l.product_id, l.qty, l.total, l.cost
                 FROM sale_lines l JOIN sales d ON d.id = l.sale_id WHERE 1";
    doc_rows(conn, sql, "d.day", docs, each)
}

/// The lines given back by refunds, negative.
pub fn refund_lines(conn: &Connection, docs: Docs, each: Sink) -> rusqlite::Result<()> {
    let sql = "SELECT d.day, d.at, l.product_id, -r.qty, -r.amount, -r.cost
                 FROM refund_lines r JOIN refunds d ON d.id = r.refund_id JOIN sale_lines l ON l.id = r.sale_line_id
                WHERE 1";
    doc_rows(conn, sql, "d.day", docs, each)
}

/// The lines of orders handed over, on their handover's day: those collected in the shop
/// (`retrait`) or delivered (`livraison`), as `service` says.
pub fn order_lines(conn: &Connection, docs: Docs, service: &str, each: Sink) -> rusqlite::Result<()> {
    let sql = format!(
        "SELECT d.handed_day, d.handed_at, l.product_id, l.qty, l.total, l.cost
           FROM order_lines l JOIN orders d ON d.id = l.order_id
          WHERE d.status = 'remise' AND d.service = '{}'",
        service_code(service)
    );
    doc_rows(conn, &sql, "d.handed_day", docs, each)
}

/// Only the two services an order knows, never text from outside in the SQL.
fn service_code(service: &str) -> &'static str {
    if service == "livraison" { "livraison" } else { "retrait" }
}

/// The product lines of business customers' invoices (+) and credit notes (−), HT, on the
/// document's day; an invoice line's cost is its delivery note's frozen cost for the quantity
/// invoiced (rounded half up); a credit note gives back the quantity that came back and, as cost,
/// the value that went back to the counter (what was thrown away stays a cost); proformas are
/// left out.
pub fn b2b_lines(conn: &Connection, docs: Docs, each: Sink) -> rusqlite::Result<()> {
    let sql = "SELECT d.day, d.created_at, l.product_id,
                      CASE d.kind WHEN 'facture' THEN l.qty ELSE -l.returned END,
                      CASE d.kind WHEN 'facture' THEN l.total_ht ELSE -l.total_ht END,
                      CASE d.kind WHEN 'facture' THEN coalesce(
                          (SELECT (2 * sum(n.cost) * l.qty + sum(n.shipped)) / (2 * sum(n.shipped))
                             FROM b2b_note_lines n
                            WHERE n.note_id = l.note_id AND n.product_id = l.product_id AND n.shipped > 0), 0)
                      ELSE -l.back_value END
                 FROM b2b_invoice_lines l JOIN b2b_invoices d ON d.id = l.invoice_id
                WHERE d.kind IN ('facture', 'avoir') AND l.product_id IS NOT NULL";
    doc_rows(conn, sql, "d.day", docs, each)
}

/// Money received: (business day, method, signed amount).
pub type ReceiptRow = (String, String, i64);

/// Where receipt rows go, one at a time (one row per payment: as many as the tickets).
pub type ReceiptSink<'s> = &'s mut dyn FnMut(ReceiptRow);

fn receipt_rows(conn: &Connection, sql: &str, docs: Docs, each: ReceiptSink) -> rusqlite::Result<()> {
    let map = |r: &rusqlite::Row| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
    match docs {
        Docs::One(id) => {
            for r in conn.prepare_cached(&format!("{sql} AND d.id = ?1"))?.query_map([id], map)? {
                each(r?);
            }
        }
        Docs::Days(from, to) => {
            for r in conn.prepare_cached(&format!("{sql} AND d.day BETWEEN ?1 AND ?2"))?.query_map([from, to], map)? {
                each(r?);
            }
        }
    }
    Ok(())
}

/// What a ticket received: its payments (vouchers are no money), less the change in cash.
pub fn sale_receipts(conn: &Connection, docs: Docs, each: ReceiptSink) -> rusqlite::Result<()> {
    receipt_rows(
        conn,
        "SELECT d.day, p.method, p.amount FROM sale_payments p JOIN sales d ON d.id = p.sale_id WHERE p.method <> 'bon'",
        docs,
        each,
    )?;
    receipt_rows(conn, "SELECT d.day, 'especes', -d.change_given FROM sales d WHERE d.change_given <> 0", docs, each)
}

/// What a refund paid back (a voucher is no money).
pub fn refund_receipts(conn: &Connection, docs: Docs, each: ReceiptSink) -> rusqlite::Result<()> {
    receipt_rows(conn, "SELECT d.day, d.method, -d.total FROM refunds d WHERE d.method <> 'bon'", docs, each)
}

/// What an order payment received or paid back (store credit is no money).
pub fn order_receipts(conn: &Connection, docs: Docs, each: ReceiptSink) -> rusqlite::Result<()> {
    receipt_rows(conn, "SELECT d.day, d.method, d.amount FROM order_payments d WHERE d.method <> 'avoir'", docs, each)
}

/// What a business customer paid, the stamp duty on cash included.
pub fn b2b_receipts(conn: &Connection, docs: Docs, each: ReceiptSink) -> rusqlite::Result<()> {
    receipt_rows(conn, "SELECT d.day, d.mode, d.amount + d.stamp_duty FROM b2b_payments d WHERE 1", docs, each)
}

/// The TVA collected on a document (`tva_lines`, signed; none under IFU), `kind` its source type.
fn tva_of(kind: &str) -> String {
    format!(
        "coalesce((SELECT sum(t.tva) FROM tva_lines t
                    WHERE t.source_type = '{kind}' AND t.source_id = d.id AND t.direction = 'collectee'), 0)"
    )
}

/// Tickets: one each, their total, their seller, their TVA.
pub fn sale_tickets(conn: &Connection, docs: Docs, each: Sink) -> rusqlite::Result<()> {
    let sql = format!("SELECT d.day, d.at, d.user_id, 1, d.total, {} FROM sales d WHERE 1", tva_of("sale"));
    doc_rows(conn, &sql, "d.day", docs, each)
}

/// Refunds: no ticket, their total back, against the refunded ticket's seller, their TVA (−).
pub fn refund_tickets(conn: &Connection, docs: Docs, each: Sink) -> rusqlite::Result<()> {
    let sql = format!(
        "SELECT d.day, d.at, s.user_id, 0, -d.total, {} FROM refunds d JOIN sales s ON s.id = d.sale_id WHERE 1",
        tva_of("refund")
    );
    doc_rows(conn, &sql, "d.day", docs, each)
}

/// Orders handed over: one each, their total, who handed them over, their TVA; by service as
/// `order_lines`.
pub fn order_tickets(conn: &Connection, docs: Docs, service: &str, each: Sink) -> rusqlite::Result<()> {
    let sql = format!(
        "SELECT d.handed_day, d.handed_at, coalesce(d.handed_by, d.user_id), 1, d.total, {}
           FROM orders d WHERE d.status = 'remise' AND d.service = '{}'",
        tva_of("order"),
        service_code(service)
    );
    doc_rows(conn, &sql, "d.handed_day", docs, each)
}

/// The first and last business day any document or aggregate row carries (None: no sales yet).
pub fn day_span(conn: &Connection) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT min(lo), max(hi) FROM (
             SELECT min(day) AS lo, max(day) AS hi FROM sales
             UNION ALL SELECT min(day), max(day) FROM refunds
             UNION ALL SELECT min(handed_day), max(handed_day) FROM orders WHERE status = 'remise'
             UNION ALL SELECT min(day), max(day) FROM order_payments
             UNION ALL SELECT min(day), max(day) FROM b2b_invoices
             UNION ALL SELECT min(day), max(day) FROM b2b_payments
             UNION ALL SELECT min(day), max(day) FROM kpi_sales
             UNION ALL SELECT min(day), max(day) FROM kpi_hours
             UNION ALL SELECT min(day), max(day) FROM kpi_tickets
             UNION ALL SELECT min(day), max(day) FROM kpi_receipts)",
        [],
        |r| Ok(r.get::<_, Option<String>>(0)?.zip(r.get::<_, Option<String>>(1)?)),
    )
}

pub fn add_sales(conn: &Connection, k: &SalesKey, s: SalesSums) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO kpi_sales (day, channel, product_id, qty, revenue, cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (day, channel, product_id) DO UPDATE SET
             qty = qty + excluded.qty, revenue = revenue + excluded.revenue, cost = cost + excluded.cost",
    )?
    .execute(params![k.0, k.1.code(), k.2, s.0, s.1, s.2])?;
    Ok(())
}

pub fn add_hour(conn: &Connection, k: &HourKey, s: HourSums) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO kpi_hours (day, hour, channel, revenue, cost, tva) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (day, hour, channel) DO UPDATE SET
             revenue = revenue + excluded.revenue, cost = cost + excluded.cost, tva = tva + excluded.tva",
    )?
    .execute(params![k.0, k.1, k.2.code(), s.0, s.1, s.2])?;
    Ok(())
}

pub fn add_tickets(conn: &Connection, k: &TicketKey, s: TicketSums) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO kpi_tickets (day, hour, channel, user_id, tickets, revenue, tva) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (day, channel, user_id, hour) DO UPDATE SET
             tickets = tickets + excluded.tickets, revenue = revenue + excluded.revenue, tva = tva + excluded.tva",
    )?
    .execute(params![k.0, k.1, k.2.code(), k.3, s.0, s.1, s.2])?;
    Ok(())
}

pub fn add_receipt(conn: &Connection, day: &str, method: &str, amount: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO kpi_receipts (day, method, amount) VALUES (?1, ?2, ?3)
         ON CONFLICT (day, method) DO UPDATE SET amount = amount + excluded.amount",
    )?
    .execute(params![day, method, amount])?;
    Ok(())
}

pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM kpi_sales; DELETE FROM kpi_hours; DELETE FROM kpi_tickets; DELETE FROM kpi_receipts;",
    )
}

/// The rows of `kpi_receipts` of some business days: ((day, method), amount).
pub fn receipts_between(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<((String, String), i64)>> {
    let mut stmt = conn.prepare_cached("SELECT day, method, amount FROM kpi_receipts WHERE day BETWEEN ?1 AND ?2")?;
    stmt.query_map([from, to], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?.collect()
}

fn channel(code: String) -> rusqlite::Result<Channel> {
    Channel::from_code(&code).ok_or_else(|| rusqlite::Error::InvalidColumnType(2, code, rusqlite::types::Type::Text))
}

/// The rows of `kpi_sales` of some business days.
pub fn sales_between(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(SalesKey, SalesSums)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, channel, product_id, qty, revenue, cost FROM kpi_sales WHERE day BETWEEN ?1 AND ?2",
    )?;
    stmt.query_map([from, to], |r| {
        Ok(((r.get(0)?, channel(r.get(1)?)?, r.get(2)?), (r.get(3)?, r.get(4)?, r.get(5)?)))
    })?
    .collect()
}

/// The rows of `kpi_hours` of some business days.
pub fn hours_between(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(HourKey, HourSums)>> {
    let mut stmt = conn
        .prepare_cached("SELECT day, hour, channel, revenue, cost, tva FROM kpi_hours WHERE day BETWEEN ?1 AND ?2")?;
    stmt.query_map([from, to], |r| {
        Ok(((r.get(0)?, r.get(1)?, channel(r.get(2)?)?), (r.get(3)?, r.get(4)?, r.get(5)?)))
    })?
    .collect()
}

/// The rows of `kpi_tickets` of some business days.
pub fn tickets_between(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(TicketKey, TicketSums)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, hour, channel, user_id, tickets, revenue, tva FROM kpi_tickets WHERE day BETWEEN ?1 AND ?2",
    )?;
    stmt.query_map([from, to], |r| {
        Ok(((r.get(0)?, r.get(1)?, channel(r.get(2)?)?, r.get(3)?), (r.get(4)?, r.get(5)?, r.get(6)?)))
    })?
    .collect()
}

/// Per channel over the days: (revenue, cost), from the hours (a few rows a day).
pub fn by_channel(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(Channel, MoneySums)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT channel, sum(revenue - tva), sum(cost) FROM kpi_hours WHERE day BETWEEN ?1 AND ?2 GROUP BY channel",
    )?;
    stmt.query_map([from, to], |r| Ok((channel(r.get(0)?)?, (r.get(1)?, r.get(2)?))))?.collect()
}

/// Per channel over the days: (tickets, revenue with tax, TVA).
pub fn tickets_by_channel(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(Channel, TicketSums)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT channel, sum(tickets), sum(revenue), sum(tva) FROM kpi_tickets WHERE day BETWEEN ?1 AND ?2 GROUP BY channel",
    )?;
    stmt.query_map([from, to], |r| Ok((channel(r.get(0)?)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?.collect()
}

/// Counter tickets over the days (the headline's basket): one pass over the period's rows, no
/// grouping to sort (`tickets_by_channel` was 19 % of the owner's home under `perf`).
pub fn counter_tickets(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT coalesce(sum(tickets), 0) FROM kpi_tickets WHERE day BETWEEN ?1 AND ?2 AND channel = 'comptoir'",
    )?
    .query_row([from, to], |r| r.get(0))
}

/// Money received per method over the days, from the kept aggregate (`kpi_receipts`).
pub fn receipts(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(String, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT method, sum(amount) FROM kpi_receipts WHERE day BETWEEN ?1 AND ?2 GROUP BY method ORDER BY method",
    )?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// The cost of goods declared lost (moves `perte`) and of returns thrown away, over the days.
pub fn waste(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Money> {
    conn.prepare_cached(
        "SELECT coalesce((SELECT -sum(value) FROM stock_moves WHERE kind = 'perte' AND day BETWEEN ?1 AND ?2), 0)
              + coalesce((SELECT sum(l.cost) FROM refund_lines l JOIN refunds r ON r.id = l.refund_id
                           WHERE l.destination = 'perte' AND r.day BETWEEN ?1 AND ?2), 0)",
    )?
    .query_row([from, to], |r| r.get(0))
}

/// Purchases received, by their day.
pub fn purchases(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Money> {
    conn.prepare_cached(
        "SELECT coalesce(sum(total), 0) FROM purchases WHERE status = 'recu' AND day BETWEEN ?1 AND ?2",
    )?
    .query_row([from, to], |r| r.get(0))
}

/// The value of all the stock now: Σ balances.
pub fn stock_value(conn: &Connection) -> rusqlite::Result<Money> {
    conn.prepare_cached("SELECT coalesce(sum(value), 0) FROM stock_balances")?.query_row([], |r| r.get(0))
}

/// A day up to a local hour (included): (revenue of all channels, counter tickets).
pub fn day_until(conn: &Connection, day: &str, hour: i64) -> rusqlite::Result<(Money, i64)> {
    conn.prepare_cached(
        "SELECT coalesce((SELECT sum(revenue - tva) FROM kpi_hours WHERE day = ?1 AND hour <= ?2), 0),
                coalesce((SELECT sum(tickets) FROM kpi_tickets WHERE day = ?1 AND hour <= ?2 AND channel = 'comptoir'), 0)",
    )?
    .query_row(params![day, hour], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Revenue and cost per day, Monday-started week or month (`grain`: `jour`, `semaine`, `mois`).
pub fn series(conn: &Connection, from: &str, to: &str, grain: &str) -> rusqlite::Result<Vec<(String, i64, i64)>> {
    let bucket = match grain {
        "mois" => "substr(day, 1, 7)",
        "semaine" => "date(day, '-6 days', 'weekday 1')",
        _ => "day",
    };
    let sql = format!(
        "SELECT {bucket} AS b, sum(revenue - tva), sum(cost) FROM kpi_hours WHERE day BETWEEN ?1 AND ?2 GROUP BY b ORDER BY b"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// Revenue and tickets per weekday (0 = Sunday) × local hour.
pub fn heatmap(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(i64, i64, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT CAST(strftime('%w', day) AS INTEGER) AS w, hour, sum(revenue - tva), sum(tickets) FROM kpi_tickets
          WHERE day BETWEEN ?1 AND ?2 GROUP BY w, hour",
    )?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// (product id, name, category, qty, revenue, cost).
pub type ProductSums = (i64, String, String, i64, i64, i64);

/// Per product sold: (id, name, category, qty, revenue, cost), best revenue first.
///
/// The period's rows are summed first, read in day order from the table itself (`NOT INDEXED`),
/// then named: joined from the products, the planner walked `kpi_sales_product` product by
/// product and fetched each row from the table (7 500 lookups for a month: 11 ms against 4 ms in
/// the sqlite3 shell on the five-year demo; 30 % of the month report under `perf`).
pub fn products(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<ProductSums>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.product_id, p.name, coalesce(c.name, ''), s.qty, s.revenue, s.cost
           FROM (SELECT product_id, sum(qty) AS qty, sum(revenue) AS revenue, sum(cost) AS cost
                   FROM kpi_sales NOT INDEXED WHERE day BETWEEN ?1 AND ?2 GROUP BY product_id) s
           JOIN products p ON p.id = s.product_id LEFT JOIN categories c ON c.id = p.category_id
          ORDER BY s.revenue DESC, p.name",
    )?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?.collect()
}

/// Per seller: (name, channel, tickets, revenue before tax), best revenue first.
pub fn sellers(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(String, String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(nullif(u.display_name, ''), u.username), k.channel, sum(k.tickets), sum(k.revenue - k.tva)
           FROM kpi_tickets k JOIN users u ON u.id = k.user_id
          WHERE k.day BETWEEN ?1 AND ?2 GROUP BY k.user_id, k.channel ORDER BY sum(k.revenue - k.tva) DESC",
    )?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// The waste of the days as (day, product id, qty, value): losses declared (moves `perte`) and
/// returns thrown away, at the cost frozen on their move or line; qty in thousandths, value in
/// centimes, both positive.
const WASTE: &str = "SELECT day, product_id, -qty AS qty, -value AS value FROM stock_moves
                       WHERE kind = 'perte' AND day BETWEEN ?1 AND ?2
                      UNION ALL
                     SELECT r.day, s.product_id, l.qty, l.cost FROM refund_lines l JOIN refunds r ON r.id = l.refund_id
                       JOIN sale_lines s ON s.id = l.sale_line_id
                      WHERE l.destination = 'perte' AND r.day BETWEEN ?1 AND ?2";

/// Waste per day: (day, value), in order.
pub fn waste_by_day(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT day, sum(value) FROM ({WASTE}) GROUP BY day ORDER BY day"))?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// Waste per product: (id, name, qty, value), largest value first.
pub fn waste_by_product(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(i64, String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT w.product_id, p.name, sum(w.qty), sum(w.value) FROM ({WASTE}) w JOIN products p ON p.id = w.product_id
          GROUP BY w.product_id ORDER BY sum(w.value) DESC, p.name"
    ))?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// Counter quantity per day and product over the days: (day, product id, qty), for the forecast.
pub fn counter_qty(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, product_id, sum(qty) FROM kpi_sales WHERE channel = 'comptoir' AND day BETWEEN ?1 AND ?2
          GROUP BY day, product_id",
    )?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}
