//! All SQL of `b2b_orders`, `b2b_order_lines`, `b2b_notes`, `b2b_note_lines`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::b2b::{NoteLine, Order, OrderLine};
use crate::money::{Money, Qty};

const ORDER: &str = "o.id, o.number, o.customer_id, c.name, o.delivery_day, o.status, o.total, o.approved_by,
                     (SELECT n.id FROM b2b_notes n WHERE n.order_id = o.id)";

fn order_row(r: &Row) -> rusqlite::Result<Order> {
    Ok(Order {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        customer: r.get(3)?,
        delivery_day: r.get(4)?,
        status: r.get(5)?,
        total: r.get(6)?,
        approved_by: r.get(7)?,
        note_id: r.get(8)?,
    })
}

pub fn order(conn: &Connection, id: i64) -> rusqlite::Result<Option<Order>> {
    conn.prepare_cached(&format!(
        "SELECT {ORDER} FROM b2b_orders o JOIN b2b_customers c ON c.id = o.customer_id WHERE o.id = ?1"
    ))?
    .query_row([id], order_row)
    .optional()
}

pub fn by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM b2b_orders WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

/// The orders delivered from `from` on, latest day first.
pub fn orders_since(conn: &Connection, from: &str) -> rusqlite::Result<Vec<Order>> {
    conn.prepare_cached(&format!(
        "SELECT {ORDER} FROM b2b_orders o JOIN b2b_customers c ON c.id = o.customer_id
          WHERE o.delivery_day >= ?1 ORDER BY o.delivery_day DESC, c.name COLLATE NOCASE"
    ))?
    .query_map([from], order_row)?
    .collect()
}

/// The customer's live order for a day (not cancelled), if any.
pub fn order_of_day(conn: &Connection, customer_id: i64, day: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT number FROM b2b_orders WHERE customer_id = ?1 AND delivery_day = ?2 AND status <> 'annulee'",
    )?
    .query_row(params![customer_id, day], |r| r.get(0))
    .optional()
}

pub struct NewOrder<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub delivery_day: &'a str,
    pub total: Money,
    pub approved_by: Option<i64>,
    pub notes: &'a str,
    pub token: Option<&'a str>,
    pub user_id: Option<i64>,
    pub now: &'a str,
}

pub fn insert_order(conn: &Connection, o: &NewOrder) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO b2b_orders (number, customer_id, delivery_day, total, approved_by, notes, token, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![o.number, o.customer_id, o.delivery_day, o.total, o.approved_by, o.notes, o.token, o.user_id, o.now])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_order_line(conn: &Connection, order_id: i64, pos: i64, l: &OrderLine) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO b2b_order_lines (order_id, position, product_id, qty, unit_price, total)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![order_id, pos, l.product_id, l.qty, l.unit_price, l.total])?;
    Ok(())
}

pub fn order_lines(conn: &Connection, order_id: i64) -> rusqlite::Result<Vec<OrderLine>> {
    conn.prepare_cached(
        "SELECT l.product_id, p.name, l.qty, l.unit_price, l.total FROM b2b_order_lines l
           JOIN products p ON p.id = l.product_id WHERE l.order_id = ?1 ORDER BY l.position",
    )?
    .query_map([order_id], |r| {
        Ok(OrderLine {
            product_id: r.get(0)?,
            name: r.get(1)?,
            qty: r.get(2)?,
            unit_price: r.get(3)?,
            total: r.get(4)?,
        })
    })?
    .collect()
}

pub fn set_status(conn: &Connection, id: i64, from: &str, to: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE b2b_orders SET status = ?3 WHERE id = ?1 AND status = ?2")?
        .execute(params![id, from, to])
}

/// What a customer has ordered or had delivered and not yet invoiced (HT): confirmed orders,
/// and the delivered part of notes not invoiced.
pub fn uninvoiced(conn: &Connection, customer_id: i64) -> rusqlite::Result<Money> {
    conn.prepare_cached(
        "SELECT coalesce((SELECT sum(total) FROM b2b_orders WHERE customer_id = ?1 AND status = 'confirmee'), 0)
              + coalesce((SELECT sum((l.shipped - l.returned) * l.unit_price / 1000) FROM b2b_note_lines l
                            JOIN b2b_notes n ON n.id = l.note_id
                           WHERE n.customer_id = ?1 AND n.invoice_id IS NULL), 0)",
    )?
    .query_row([customer_id], |r| r.get(0))
}

/// What the lab must make for the B2B orders delivered on `day`: (order, product, quantity).
pub fn to_make(conn: &Connection, day: &str) -> rusqlite::Result<Vec<(i64, i64, Qty)>> {
    conn.prepare_cached(
        "SELECT o.id, l.product_id, l.qty FROM b2b_order_lines l JOIN b2b_orders o ON o.id = l.order_id
          WHERE o.delivery_day = ?1 AND o.status = 'confirmee' ORDER BY o.id, l.position",
    )?
    .query_map([day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}

// ---- delivery notes ----------------------------------------------------------------------

pub fn insert_note(
    conn: &Connection,
    number: &str,
    o: &Order,
    day: &str,
    (token, user_id, now): (Option<&str>, Option<i64>, &str),
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO b2b_notes (number, order_id, customer_id, day, token, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![number, o.id, o.customer_id, day, token, user_id, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn note_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM b2b_notes WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

pub fn insert_note_line(conn: &Connection, note_id: i64, pos: i64, l: &NoteLine) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO b2b_note_lines (note_id, position, product_id, ordered, shipped, unit_price, cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![note_id, pos, l.product_id, l.ordered, l.shipped, l.unit_price, l.cost])?;
    Ok(())
}

/// A note: (id, number, order_id, customer_id, day, status, invoice_id).
pub type NoteHead = (i64, String, i64, i64, String, String, Option<i64>);

pub fn note(conn: &Connection, id: i64) -> rusqlite::Result<Option<NoteHead>> {
    conn.prepare_cached(
        "SELECT id, number, order_id, customer_id, day, status, invoice_id FROM b2b_notes WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
    .optional()
}

pub fn note_lines(conn: &Connection, note_id: i64) -> rusqlite::Result<Vec<NoteLine>> {
    conn.prepare_cached(
        "SELECT l.position, l.product_id, p.name, l.ordered, l.shipped, l.returned, l.wasted, l.unit_price, l.cost
           FROM b2b_note_lines l JOIN products p ON p.id = l.product_id WHERE l.note_id = ?1 ORDER BY l.position",
    )?
    .query_map([note_id], |r| {
        Ok(NoteLine {
            position: r.get(0)?,
            product_id: r.get(1)?,
            name: r.get(2)?,
            ordered: r.get(3)?,
            shipped: r.get(4)?,
            returned: r.get(5)?,
            wasted: r.get(6)?,
            unit_price: r.get(7)?,
            cost: r.get(8)?,
        })
    })?
    .collect()
}

pub fn set_returned(conn: &Connection, note_id: i64, pos: i64, returned: Qty, wasted: Qty) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE b2b_note_lines SET returned = ?3, wasted = ?4 WHERE note_id = ?1 AND position = ?2")?
        .execute(params![note_id, pos, returned, wasted])
}

pub fn close_note(conn: &Connection, note_id: i64, now: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE b2b_notes SET status = 'livre', returned_at = ?2 WHERE id = ?1 AND status = 'sorti'")?
        .execute(params![note_id, now])
}

/// A customer's delivered notes not yet invoiced: (id, number, day).
pub fn notes_to_invoice(conn: &Connection, customer_id: i64) -> rusqlite::Result<Vec<(i64, String, String)>> {
    conn.prepare_cached(
        "SELECT id, number, day FROM b2b_notes WHERE customer_id = ?1 AND status = 'livre' AND invoice_id IS NULL
          ORDER BY day, id",
    )?
    .query_map([customer_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}

/// Marks a note invoiced; 0 when it already was.
pub fn set_invoiced(conn: &Connection, note_id: i64, invoice_id: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE b2b_notes SET invoice_id = ?2 WHERE id = ?1 AND invoice_id IS NULL")?
        .execute(params![note_id, invoice_id])
}

/// The notes of a customer (or all) from a day on, newest first.
pub fn notes(conn: &Connection, customer_id: Option<i64>, from: &str) -> rusqlite::Result<Vec<NoteHead>> {
    conn.prepare_cached(
        "SELECT id, number, order_id, customer_id, day, status, invoice_id FROM b2b_notes
          WHERE (?1 IS NULL OR customer_id = ?1) AND day >= ?2 ORDER BY day DESC, id DESC",
    )?
    .query_map(params![customer_id, from], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
    })?
    .collect()
}
