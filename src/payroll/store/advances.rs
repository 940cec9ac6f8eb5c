//! SQL of salary advances.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{coded, date};
use crate::money::Money;
use crate::payroll::{Advance, Method};

const ADVANCE: &str = "SELECT a.id, a.employee_id, e.full_name, a.month, a.amount, a.given_on, a.method, a.reason,
        a.entry_id, a.payslip_id, a.cancelled_at
 FROM salary_advances a JOIN employees e ON e.id = a.employee_id";

fn row(r: &Row) -> rusqlite::Result<Advance> {
    Ok(Advance {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        employee: r.get(2)?,
        month: r.get(3)?,
        amount: r.get(4)?,
        given_on: date(r, 5)?,
        method: coded(r, 6, Method::from_code)?,
        reason: r.get(7)?,
        entry_id: r.get(8)?,
        payslip_id: r.get(9)?,
        cancelled_at: r.get(10)?,
    })
}

pub fn advance(c: &Connection, id: i64) -> rusqlite::Result<Option<Advance>> {
    c.query_row(&format!("{ADVANCE} WHERE a.id = ?1"), [id], row).optional()
}

pub fn advance_by_token(c: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    c.query_row("SELECT id FROM salary_advances WHERE token = ?1", [token], |r| r.get(0)).optional()
}

/// The latest advances, newest first.
pub fn recent(c: &Connection, limit: i64) -> rusqlite::Result<Vec<Advance>> {
    let mut s = c.prepare(&format!("{ADVANCE} ORDER BY a.given_on DESC, a.id DESC LIMIT ?1"))?;
    let rows = s.query_map([limit], row)?;
    rows.collect()
}

/// An employee's open advances to deduct from `month` (theirs or an earlier month's), oldest first.
pub fn open_until(c: &Connection, employee_id: i64, month: &str) -> rusqlite::Result<Vec<Advance>> {
    let mut s = c.prepare_cached(&format!(
        "{ADVANCE} WHERE a.employee_id = ?1 AND a.month <= ?2 AND a.payslip_id IS NULL AND a.cancelled_at IS NULL
         ORDER BY a.given_on, a.id"
    ))?;
    let rows = s.query_map(params![employee_id, month], row)?;
    rows.collect()
}

/// Σ of an employee's advances (open or taken, not cancelled) for one month.
pub fn total_for_month(c: &Connection, employee_id: i64, month: &str) -> rusqlite::Result<Money> {
    c.query_row(
        "SELECT coalesce(sum(amount), 0) FROM salary_advances
         WHERE employee_id = ?1 AND month = ?2 AND cancelled_at IS NULL",
        params![employee_id, month],
        |r| r.get(0),
    )
}

pub struct NewAdvance<'a> {
    pub employee_id: i64,
    pub month: &'a str,
    pub amount: Money,
    pub given_on: &'a str,
    pub method: Method,
    pub reason: &'a str,
    pub entry_id: i64,
    pub approved_by: Option<i64>,
    pub token: Option<&'a str>,
}

pub fn insert(c: &Connection, a: &NewAdvance, now: &str, user: Option<i64>) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO salary_advances (employee_id, month, amount, given_on, method, reason, entry_id, approved_by,
                                      created_at, created_by, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            a.employee_id,
            a.month,
            a.amount,
            a.given_on,
            a.method.code(),
            a.reason,
            a.entry_id,
            a.approved_by,
            now,
            user,
            a.token
        ],
    )?;
    Ok(c.last_insert_rowid())
}

/// The validated payslip that deducted it (once).
pub fn set_taken(c: &Connection, id: i64, payslip_id: i64) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE salary_advances SET payslip_id = ?2 WHERE id = ?1 AND payslip_id IS NULL",
        params![id, payslip_id],
    )
}

pub fn set_cancelled(c: &Connection, id: i64, entry_id: i64, now: &str) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE salary_advances SET cancelled_at = ?2, cancel_entry_id = ?3
         WHERE id = ?1 AND payslip_id IS NULL AND cancelled_at IS NULL",
        params![id, now, entry_id],
    )
}

/// The advances a payslip deducted.
pub fn taken_by(c: &Connection, payslip_id: i64) -> rusqlite::Result<Vec<Advance>> {
    let mut s = c.prepare(&format!("{ADVANCE} WHERE a.payslip_id = ?1 ORDER BY a.id"))?;
    let rows = s.query_map([payslip_id], row)?;
    rows.collect()
}
