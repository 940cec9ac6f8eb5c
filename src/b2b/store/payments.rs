//! The SQL of what business customers pay (`b2b_payments`, `b2b_payment_allocations`).

use rusqlite::{Connection, OptionalExtension, params};

use crate::money::Money;

pub fn by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM b2b_payments WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

pub fn next_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM b2b_payments", [], |r| r.get(0))
}

/// A payment as it is written, once.
pub struct NewPayment<'a> {
    pub id: i64,
    pub customer_id: i64,
    pub day: &'a str,
    pub mode: &'a str,
    pub amount: Money,
    pub stamp_duty: Money,
    pub reference: &'a str,
    pub shift_id: Option<i64>,
    pub entry_id: i64,
    pub token: Option<&'a str>,
    pub user_id: Option<i64>,
    pub now: &'a str,
}

pub fn insert(conn: &Connection, p: &NewPayment) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO b2b_payments (id, customer_id, day, mode, amount, stamp_duty, reference, shift_id, entry_id,
                                   token, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        p.id,
        p.customer_id,
        p.day,
        p.mode,
        p.amount,
        p.stamp_duty,
        p.reference,
        p.shift_id,
        p.entry_id,
        p.token,
        p.user_id,
        p.now
    ])?;
    Ok(())
}

pub fn allocate(conn: &Connection, payment_id: i64, invoice_id: i64, amount: Money) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO b2b_payment_allocations (payment_id, invoice_id, amount) VALUES (?1, ?2, ?3)")?
        .execute(params![payment_id, invoice_id, amount])?;
    Ok(())
}

/// The payments allocated to an invoice: (day, mode, reference, amount allocated).
pub fn of_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<(String, String, String, Money)>> {
    conn.prepare_cached(
        "SELECT p.day, p.mode, p.reference, a.amount FROM b2b_payment_allocations a
           JOIN b2b_payments p ON p.id = a.payment_id WHERE a.invoice_id = ?1 ORDER BY p.id",
    )?
    .query_map([invoice_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}
