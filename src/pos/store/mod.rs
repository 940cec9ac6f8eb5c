//! All SQL of the counter: tickets, their lines and payments, refunds, vouchers, parked tickets.
//! The sales in figures are in `totals`.

pub mod check;
pub mod report;
mod totals;

pub use totals::{MethodTotal, SalesTotals, Scope, Totals, day_totals, net_sales, sales_totals};

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Parked, Refund, RefundLine, Ticket, TicketLine, TicketPayment, TicketSummary};
use crate::money::{Money, Qty};

/// The ticket recorded under a token: (id, number, the request's fingerprint).
pub fn sale_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<(i64, String, String)>> {
    conn.prepare_cached("SELECT id, number, fingerprint FROM sales WHERE token = ?1")?
        .query_row([token], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()
}

/// The refund recorded under a token: (id, its ticket).
pub fn refund_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<(i64, i64)>> {
    conn.prepare_cached("SELECT id, sale_id FROM refunds WHERE token = ?1")?
        .query_row([token], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The new ticket's header; its totals, cost and entry are set by `finish_sale`.
#[allow(clippy::too_many_arguments)]
pub fn insert_sale(
    conn: &Connection,
    number: &str,
    token: &str,
    fingerprint: &str,
    till_id: i64,
    shift_id: i64,
    at: &str,
    day: &str,
    user_id: i64,
    discount_reason: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO sales (number, token, fingerprint, till_id, shift_id, at, day, user_id, gross, discount, total, tendered, change_given, discount_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 0, 0, 0, 0, ?9)",
    )?
    .execute(params![number, token, fingerprint, till_id, shift_id, at, day, user_id, discount_reason])?;
    Ok(conn.last_insert_rowid())
}

/// Sets the ticket's figures and its entry, once: the ticket is frozen afterwards (trigger).
#[allow(clippy::too_many_arguments)]
pub fn finish_sale(
    conn: &Connection,
    id: i64,
    gross: Money,
    discount: Money,
    tendered: Money,
    change: Money,
    cost: Money,
    entry_id: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE sales SET gross = ?2, discount = ?3, total = ?2 - ?3, tendered = ?4, change_given = ?5, cost = ?6, entry_id = ?7
         WHERE id = ?1",
    )?
    .execute(params![id, gross, discount, tendered, change, cost, entry_id])?;
    Ok(())
}

/// A ticket line as written.
pub struct LineRow<'a> {
    pub position: i64,
    pub product_id: i64,
    pub name: &'a str,
    pub category_id: Option<i64>,
    pub qty: Qty,
    pub unit_price: Money,
    pub gross: Money,
    pub discount: Money,
    pub line_discount: Money,
    pub cost: Money,
}

pub fn insert_line(conn: &Connection, sale_id: i64, l: &LineRow) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO sale_lines (sale_id, position, product_id, name, category_id, qty, unit_price, gross, discount, line_discount, total, cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8 - ?9, ?11)",
    )?
    .execute(params![
        sale_id,
        l.position,
        l.product_id,
        l.name,
        l.category_id,
        l.qty,
        l.unit_price,
        l.gross,
        l.discount,
        l.line_discount,
        l.cost
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_payment(
    conn: &Connection,
    sale_id: i64,
    method: &str,
    amount: Money,
    reference: &str,
    voucher_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sale_payments (sale_id, method, amount, reference, voucher_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![sale_id, method, amount, reference, voucher_id])?;
    Ok(())
}

pub fn insert_packaging(
    conn: &Connection,
    sale_id: i64,
    packaging_id: i64,
    qty: Qty,
    missing: Qty,
    value: Money,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sale_packaging (sale_id, packaging_id, qty, missing, value) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (sale_id, packaging_id) DO UPDATE SET qty = qty + ?3, missing = missing + ?4, value = value + ?5",
    )?
    .execute(params![sale_id, packaging_id, qty, missing, value])?;
    Ok(())
}

/// A voucher by its code: (id, remaining amount).
pub fn voucher(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, Money, Option<String>)>> {
    conn.prepare_cached(
        "SELECT v.id, v.amount - coalesce((SELECT sum(p.amount) FROM sale_payments p WHERE p.voucher_id = v.id), 0), v.expires_on
         FROM vouchers v WHERE v.code = ?1",
    )?
    .query_row([code.trim().to_uppercase()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()
}

pub fn insert_voucher(
    conn: &Connection,
    code: &str,
    amount: Money,
    refund_id: i64,
    now: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached("INSERT INTO vouchers (code, amount, refund_id, created_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![code, amount, refund_id, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn voucher_of_refund(conn: &Connection, refund_id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT code FROM vouchers WHERE refund_id = ?1")?
        .query_row([refund_id], |r| r.get(0))
        .optional()
}

#[allow(clippy::too_many_arguments)]
pub fn insert_refund(
    conn: &Connection,
    number: &str,
    token: &str,
    sale_id: i64,
    till_id: i64,
    shift_id: Option<i64>,
    at: &str,
    day: &str,
    user_id: i64,
    reason: &str,
    method: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO refunds (number, token, sale_id, till_id, shift_id, at, day, user_id, reason, method, total)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)",
    )?
    .execute(params![number, token, sale_id, till_id, shift_id, at, day, user_id, reason, method])?;
    Ok(conn.last_insert_rowid())
}

pub fn finish_refund(conn: &Connection, id: i64, total: Money, entry_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE refunds SET total = ?2, entry_id = ?3 WHERE id = ?1")?
        .execute(params![id, total, entry_id])?;
    Ok(())
}

pub fn insert_refund_line(
    conn: &Connection,
    refund_id: i64,
    sale_line_id: i64,
    qty: Qty,
    amount: Money,
    cost: Money,
    destination: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO refund_lines (refund_id, sale_line_id, qty, amount, cost, destination) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![refund_id, sale_line_id, qty, amount, cost, destination])?;
    Ok(())
}

fn line_of(r: &Row) -> rusqlite::Result<TicketLine> {
    Ok(TicketLine {
        id: r.get(0)?,
        product_id: r.get(1)?,
        name: r.get(2)?,
        unit: crate::catalog::Unit::from_code(&r.get::<_, String>(3)?).unwrap_or(crate::catalog::Unit::Piece),
        kind: crate::catalog::Kind::from_code(&r.get::<_, String>(4)?).unwrap_or(crate::catalog::Kind::Fini),
        qty: r.get(5)?,
        unit_price: r.get(6)?,
        gross: r.get(7)?,
        discount: r.get(8)?,
        line_discount: r.get(9)?,
        total: r.get(10)?,
        cost: r.get(11)?,
        refunded_qty: r.get(12)?,
        refunded_amount: r.get(13)?,
        refunded_cost: r.get(14)?,
    })
}

pub fn lines(conn: &Connection, sale_id: i64) -> rusqlite::Result<Vec<TicketLine>> {
    conn.prepare_cached(
        "SELECT l.id, l.product_id, l.name, p.unit, p.kind, l.qty, l.unit_price, l.gross, l.discount, l.line_discount, l.total, l.cost,
                coalesce(sum(r.qty), 0), coalesce(sum(r.amount), 0), coalesce(sum(r.cost), 0)
         FROM sale_lines l JOIN products p ON p.id = l.product_id
         LEFT JOIN refund_lines r ON r.sale_line_id = l.id
         WHERE l.sale_id = ?1 GROUP BY l.id ORDER BY l.position",
    )?
    .query_map([sale_id], line_of)?
    .collect()
}

fn summary_of(r: &Row) -> rusqlite::Result<TicketSummary> {
    Ok(TicketSummary {
        id: r.get(0)?,
        number: r.get(1)?,
        till_id: r.get(2)?,
        till: r.get(3)?,
        shift_id: r.get(4)?,
        at: r.get(5)?,
        day: r.get(6)?,
        user_id: r.get(7)?,
        seller: r.get(8)?,
        gross: r.get(9)?,
        discount: r.get(10)?,
        total: r.get(11)?,
        tendered: r.get(12)?,
        change: r.get(13)?,
        discount_reason: r.get(14)?,
        cost: r.get(15)?,
        entry_id: r.get(16)?,
        refunded: r.get(17)?,
        methods: r.get(18)?,
    })
}

const SUMMARY: &str = "SELECT s.id, s.number, s.till_id, t.name, s.shift_id, s.at, s.day, s.user_id, u.display_name,
        s.gross, s.discount, s.total, s.tendered, s.change_given, s.discount_reason, s.cost, s.entry_id,
        coalesce((SELECT sum(total) FROM refunds WHERE sale_id = s.id), 0),
        coalesce((SELECT group_concat(method, ',') FROM sale_payments WHERE sale_id = s.id), '')
        FROM sales s JOIN tills t ON t.id = s.till_id JOIN users u ON u.id = s.user_id";

pub fn summary(conn: &Connection, id: i64) -> rusqlite::Result<Option<TicketSummary>> {
    conn.prepare_cached(&format!("{SUMMARY} WHERE s.id = ?1"))?.query_row([id], summary_of).optional()
}

pub fn ticket(conn: &Connection, id: i64) -> rusqlite::Result<Option<Ticket>> {
    let Some(summary) = summary(conn, id)? else { return Ok(None) };
    let payments = conn
        .prepare_cached("SELECT method, amount, reference FROM sale_payments WHERE sale_id = ?1 ORDER BY id")?
        .query_map([id], |r| Ok(TicketPayment { method: r.get(0)?, amount: r.get(1)?, reference: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let refunds = conn
        .prepare_cached(
            "SELECT r.id, r.number, r.at, r.day, u.display_name, r.reason, r.method, r.total, r.sale_id, s.number, r.till_id
             FROM refunds r JOIN users u ON u.id = r.user_id JOIN sales s ON s.id = r.sale_id
             WHERE r.sale_id = ?1 ORDER BY r.id",
        )?
        .query_map([id], refund_of)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Ticket { lines: lines(conn, id)?, payments, refunds, summary }))
}

fn refund_of(r: &Row) -> rusqlite::Result<Refund> {
    Ok(Refund {
        id: r.get(0)?,
        number: r.get(1)?,
        at: r.get(2)?,
        day: r.get(3)?,
        user: r.get(4)?,
        reason: r.get(5)?,
        method: r.get(6)?,
        total: r.get(7)?,
        sale_id: r.get(8)?,
        sale_number: r.get(9)?,
        till_id: r.get(10)?,
    })
}

pub fn refund(conn: &Connection, id: i64) -> rusqlite::Result<Option<Refund>> {
    conn.prepare_cached(
        "SELECT r.id, r.number, r.at, r.day, u.display_name, r.reason, r.method, r.total, r.sale_id, s.number, r.till_id
         FROM refunds r JOIN users u ON u.id = r.user_id JOIN sales s ON s.id = r.sale_id WHERE r.id = ?1",
    )?
    .query_row([id], refund_of)
    .optional()
}

pub fn refund_lines(conn: &Connection, refund_id: i64) -> rusqlite::Result<Vec<RefundLine>> {
    conn.prepare_cached(
        "SELECT l.name, p.unit, r.qty, r.amount, r.destination FROM refund_lines r
         JOIN sale_lines l ON l.id = r.sale_line_id JOIN products p ON p.id = l.product_id
         WHERE r.refund_id = ?1 ORDER BY l.position",
    )?
    .query_map([refund_id], |r| {
        Ok(RefundLine {
            name: r.get(0)?,
            unit: crate::catalog::Unit::from_code(&r.get::<_, String>(1)?).unwrap_or(crate::catalog::Unit::Piece),
            qty: r.get(2)?,
            amount: r.get(3)?,
            destination: r.get(4)?,
        })
    })?
    .collect()
}

/// Tickets of a business day, newest first, optionally of one till, one seller, or matching a number.
pub fn tickets_of_day(
    conn: &Connection,
    day: &str,
    till_id: Option<i64>,
    user_id: Option<i64>,
    number: &str,
) -> rusqlite::Result<Vec<TicketSummary>> {
    conn.prepare_cached(&format!(
        "{SUMMARY} WHERE s.day = ?1 AND (?2 IS NULL OR s.till_id = ?2) AND (?3 IS NULL OR s.user_id = ?3)
         AND (?4 = '' OR s.number LIKE '%' || ?4) ORDER BY s.id DESC LIMIT 1000"
    ))?
    .query_map(params![day, till_id, user_id, number.trim()], summary_of)?
    .collect()
}

/// The latest tickets of a till, or, with `number`, the latest whose number ends with it (at any
/// till, any day): what the till's refund starts from. Newest first.
pub fn recent_tickets(
    conn: &Connection,
    till_id: i64,
    number: &str,
    limit: i64,
) -> rusqlite::Result<Vec<TicketSummary>> {
    conn.prepare_cached(&format!(
        "{SUMMARY} WHERE (?2 = '' AND s.till_id = ?1) OR (?2 <> '' AND s.number LIKE '%' || ?2)
         ORDER BY s.id DESC LIMIT ?3"
    ))?
    .query_map(params![till_id, number.trim(), limit], summary_of)?
    .collect()
}

/// Parked tickets of a till, oldest first.
pub fn parked(conn: &Connection, till_id: i64) -> rusqlite::Result<Vec<Parked>> {
    conn.prepare_cached(
        "SELECT p.id, p.label, CASE WHEN trim(u.display_name) = '' THEN u.username ELSE u.display_name END,
                p.cart, p.created_at
         FROM parked_tickets p JOIN users u ON u.id = p.user_id
         WHERE p.till_id = ?1 ORDER BY p.id",
    )?
    .query_map([till_id], |r| {
        Ok(Parked { id: r.get(0)?, label: r.get(1)?, seller: r.get(2)?, cart: r.get(3)?, at: r.get(4)? })
    })?
    .collect()
}

pub fn park(
    conn: &Connection,
    till_id: i64,
    user_id: i64,
    label: &str,
    cart: &str,
    now: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO parked_tickets (till_id, user_id, label, cart, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![till_id, user_id, label, cart, now])?;
    Ok(conn.last_insert_rowid())
}

/// Takes a parked ticket off the shelf: its cart, or None when someone recalled it already.
pub fn unpark(conn: &Connection, id: i64, till_id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("DELETE FROM parked_tickets WHERE id = ?1 AND till_id = ?2 RETURNING cart")?
        .query_row(params![id, till_id], |r| r.get(0))
        .optional()
}

/// What the till offers: active finished and resale products with a price, in categories shown at
/// the till (or none), with what the till's counter holds.
pub fn for_sale(conn: &Connection, location_id: i64) -> rusqlite::Result<Vec<super::ForSale>> {
    conn.prepare_cached(
        "SELECT p.id, p.name, p.unit, p.sale_price, p.track_stock, p.category_id, coalesce(c.name, 'Autres'),
                coalesce(c.color, '#8a7560'), coalesce(b.qty, 0), ph.hash,
                (SELECT group_concat(code, ' ') FROM barcodes WHERE product_id = p.id)
         FROM products p
         LEFT JOIN categories c ON c.id = p.category_id
         LEFT JOIN stock_balances b ON b.product_id = p.id AND b.location_id = ?1
         LEFT JOIN product_photos ph ON ph.product_id = p.id
         WHERE p.active = 1 AND p.kind IN ('fini', 'revente') AND p.sale_price IS NOT NULL
           AND (c.id IS NULL OR c.at_till = 1)
         ORDER BY c.id IS NULL, c.position, c.name, p.name COLLATE NOCASE",
    )?
    .query_map([location_id], |r| {
        Ok(super::ForSale {
            id: r.get(0)?,
            name: r.get(1)?,
            unit: crate::catalog::Unit::from_code(&r.get::<_, String>(2)?).unwrap_or(crate::catalog::Unit::Piece),
            price: r.get(3)?,
            tracked: r.get(4)?,
            category_id: r.get(5)?,
            category: r.get(6)?,
            color: r.get(7)?,
            available: r.get(8)?,
            photo: r.get(9)?,
            barcodes: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
        })
    })?
    .collect()
}

/// A scanned code: the product, the quantity one scan means (a pack's content, one pièce; None
/// when the item must be weighed) and the product's unit code.
pub fn scan(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, Option<Qty>, String)>> {
    conn.prepare_cached(
        "SELECT b.product_id, pk.content, p.unit FROM barcodes b JOIN products p ON p.id = b.product_id
         LEFT JOIN product_packs pk ON pk.id = b.pack_id WHERE b.code = ?1",
    )?
    .query_row([code.trim()], |r| {
        let content: Option<Qty> = r.get(1)?;
        let unit: String = r.get(2)?;
        Ok((r.get(0)?, content.or((unit == "piece").then_some(Qty::whole(1))), unit))
    })
    .optional()
}

/// The refunds written on a day, newest first.
pub fn refunds_of_day(conn: &Connection, day: &str) -> rusqlite::Result<Vec<Refund>> {
    conn.prepare_cached(
        "SELECT r.id, r.number, r.at, r.day, u.display_name, r.reason, r.method, r.total, r.sale_id, s.number, r.till_id
         FROM refunds r JOIN users u ON u.id = r.user_id JOIN sales s ON s.id = r.sale_id
         WHERE r.day = ?1 ORDER BY r.id DESC",
    )?
    .query_map([day], refund_of)?
    .collect()
}

/// The sellers who sold on a day (for the filter).
pub fn sellers(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached("SELECT id, display_name FROM users WHERE active = 1 ORDER BY display_name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}
