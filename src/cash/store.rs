//! All SQL of the cash.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{MovementDraft, Shift, Till};
use crate::money::Money;

fn till_of(r: &Row) -> rusqlite::Result<Till> {
    Ok(Till {
        id: r.get(0)?,
        name: r.get(1)?,
        location_id: r.get(2)?,
        printer_driver: r.get(3)?,
        printer_address: r.get(4)?,
        printer_width: r.get(5)?,
        drawer: r.get(6)?,
        active: r.get(7)?,
    })
}

const TILL: &str =
    "SELECT id, name, location_id, printer_driver, printer_address, printer_width, drawer, active FROM tills";

pub fn till(conn: &Connection, id: i64) -> rusqlite::Result<Option<Till>> {
    conn.prepare_cached(&format!("{TILL} WHERE id = ?1"))?.query_row([id], till_of).optional()
}

pub fn tills(conn: &Connection) -> rusqlite::Result<Vec<Till>> {
    conn.prepare_cached(&format!("{TILL} ORDER BY id"))?.query_map([], till_of)?.collect()
}

fn shift_of(r: &Row) -> rusqlite::Result<Shift> {
    Ok(Shift {
        id: r.get(0)?,
        till_id: r.get(1)?,
        open: r.get::<_, String>(2)? == "ouverte",
        day: r.get(3)?,
        opened_at: r.get(4)?,
        opened_by: r.get(5)?,
        opening_float: r.get(6)?,
        closed_at: r.get(7)?,
        closed_by: r.get(8)?,
        expected: r.get(9)?,
        counted: r.get(10)?,
        variance: r.get(11)?,
        next_float: r.get(12)?,
        comment: r.get(13)?,
    })
}

const SHIFT: &str = "SELECT id, till_id, status, day, opened_at, opened_by, opening_float, closed_at, closed_by,
                            expected, counted, variance, next_float, comment FROM cash_shifts";

pub fn shift(conn: &Connection, id: i64) -> rusqlite::Result<Option<Shift>> {
    conn.prepare_cached(&format!("{SHIFT} WHERE id = ?1"))?.query_row([id], shift_of).optional()
}

/// The till's open shift, if any.
pub fn open_shift(conn: &Connection, till_id: i64) -> rusqlite::Result<Option<Shift>> {
    conn.prepare_cached(&format!("{SHIFT} WHERE till_id = ?1 AND status = 'ouverte'"))?
        .query_row([till_id], shift_of)
        .optional()
}

/// Opening float + Σ movements: what the drawer should hold now.
pub fn expected(conn: &Connection, shift_id: i64) -> rusqlite::Result<Money> {
    conn.prepare_cached(
        "SELECT s.opening_float + coalesce((SELECT sum(amount) FROM cash_movements WHERE shift_id = s.id), 0)
         FROM cash_shifts s WHERE s.id = ?1",
    )?
    .query_row([shift_id], |r| r.get(0))
}

pub fn insert_movement(conn: &Connection, m: &MovementDraft) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO cash_movements (shift_id, at, day, kind, amount, reason, source_type, source_id, entry_id, user_id, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        m.shift_id,
        m.at,
        m.day.to_string(),
        m.kind.code(),
        m.amount,
        m.reason,
        m.source_type,
        m.source_id,
        m.entry_id,
        m.user_id,
        m.token
    ])?;
    Ok(conn.last_insert_rowid())
}
