//! The SQL of an order's payments (`order_payments`) and of customers' store credit
//! (`customer_credits`).

use rusqlite::{Connection, OptionalExtension, params};

use crate::money::Money;
use crate::orders::Payment;

/// A payment as written.
pub struct NewPayment<'a> {
    pub order_id: i64,
    pub kind: &'a str,
    pub method: &'a str,
    pub amount: Money,
    pub tendered: Money,
    pub change: Money,
    pub reference: &'a str,
    pub till_id: i64,
    pub shift_id: i64,
    pub entry_id: Option<i64>,
    pub at: &'a str,
    pub day: &'a str,
    pub user_id: i64,
    pub token: Option<&'a str>,
}

pub fn insert_payment(conn: &Connection, p: &NewPayment) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO order_payments (order_id, kind, method, amount, tendered, change_given, reference, till_id,
                                     shift_id, entry_id, at, day, user_id, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        p.order_id,
        p.kind,
        p.method,
        p.amount,
        p.tendered,
        p.change,
        p.reference,
        p.till_id,
        p.shift_id,
        p.entry_id,
        p.at,
        p.day,
        p.user_id,
        p.token
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The payment a token already recorded: (payment id, order id).
pub fn payment_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<(i64, i64)>> {
    conn.prepare_cached("SELECT id, order_id FROM order_payments WHERE token = ?1")?
        .query_row([token], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

pub fn payments(conn: &Connection, order_id: i64) -> rusqlite::Result<Vec<Payment>> {
    conn.prepare_cached(
        "SELECT p.id, p.kind, p.method, p.amount, p.tendered, p.change_given, p.reference, p.at,
                coalesce(nullif(u.display_name, ''), u.username)
           FROM order_payments p JOIN users u ON u.id = p.user_id
          WHERE p.order_id = ?1 ORDER BY p.id",
    )?
    .query_map([order_id], |r| {
        Ok(Payment {
            id: r.get(0)?,
            kind: r.get(1)?,
            method: r.get(2)?,
            amount: r.get(3)?,
            tendered: r.get(4)?,
            change: r.get(5)?,
            reference: r.get(6)?,
            at: r.get(7)?,
            user: r.get(8)?,
        })
    })?
    .collect()
}

pub fn payment(conn: &Connection, id: i64) -> rusqlite::Result<Option<Payment>> {
    let order_id: Option<i64> =
        conn.query_row("SELECT order_id FROM order_payments WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    let Some(order_id) = order_id else { return Ok(None) };
    Ok(payments(conn, order_id)?.into_iter().find(|p| p.id == id))
}

/// A customer's store credit: Σ of what was kept for them less what they spent.
pub fn credit_of(conn: &Connection, customer_id: i64) -> rusqlite::Result<Money> {
    conn.prepare_cached("SELECT coalesce(sum(amount), 0) FROM customer_credits WHERE customer_id = ?1")?
        .query_row([customer_id], |r| r.get(0))
}

pub fn insert_credit(
    conn: &Connection,
    customer_id: i64,
    amount: Money,
    order_id: i64,
    payment_id: Option<i64>,
    at: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO customer_credits (customer_id, amount, order_id, payment_id, at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![customer_id, amount, order_id, payment_id, at, user_id])?;
    Ok(())
}
