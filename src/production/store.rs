//! SQL of `productions`.

use rusqlite::{Connection, OptionalExtension, params};

use super::Production;
use crate::money::{Money, Qty};

pub fn by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM productions WHERE token = ?1", [token], |r| r.get(0)).optional()
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &Connection,
    product_id: i64,
    qty: Qty,
    location_id: i64,
    from_location: i64,
    note: &str,
    day: &str,
    now: &str,
    user_id: Option<i64>,
    token: Option<&str>,
) -> rusqlite::Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO productions (product_id, qty, location_id, from_location, note, day, created_at, user_id, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    stmt.execute(params![product_id, qty, location_id, from_location, note, day, now, user_id, token])?;
    Ok(conn.last_insert_rowid())
}

pub fn set_value(conn: &Connection, id: i64, value: Money, entry_id: Option<i64>) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached("UPDATE productions SET value = ?2, entry_id = ?3 WHERE id = ?1")?;
    stmt.execute(params![id, value, entry_id])?;
    Ok(())
}

/// What a cancellation needs of a production: (product, qty, destination, entry, cancelled).
pub type Recorded = (i64, Qty, i64, Option<i64>, bool);

pub fn recorded(conn: &Connection, id: i64) -> rusqlite::Result<Option<Recorded>> {
    conn.prepare_cached(
        "SELECT product_id, qty, location_id, entry_id, cancelled_at IS NOT NULL FROM productions WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
    .optional()
}

pub fn set_cancelled(conn: &Connection, id: i64, now: &str, user_id: Option<i64>) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE productions SET cancelled_at = ?2, cancelled_by = ?3 WHERE id = ?1")?
        .execute(params![id, now, user_id])?;
    Ok(())
}

/// The latest productions, newest first.
pub fn recent(conn: &Connection, limit: i64) -> rusqlite::Result<Vec<Production>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pr.id, pr.product_id, p.name, p.unit, pr.qty, l.name, pr.note, pr.day, pr.created_at, u.username,
                pr.cancelled_at IS NOT NULL
           FROM productions pr
           JOIN products p ON p.id = pr.product_id
           JOIN locations l ON l.id = pr.location_id
           LEFT JOIN users u ON u.id = pr.user_id
          ORDER BY pr.id DESC
          LIMIT ?1",
    )?;
    stmt.query_map([limit], |r| {
        let unit: String = r.get(3)?;
        Ok(Production {
            id: r.get(0)?,
            product_id: r.get(1)?,
            product: r.get(2)?,
            unit: crate::catalog::Unit::from_code(&unit).unwrap_or(crate::catalog::Unit::Piece),
            qty: r.get(4)?,
            location: r.get(5)?,
            note: r.get(6)?,
            day: r.get(7)?,
            at: r.get(8)?,
            user: r.get(9)?,
            cancelled: r.get(10)?,
        })
    })?
    .collect()
}

/// Productions whose value was never posted although they consumed something (for `fournil check`).
pub fn without_entry(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM productions WHERE value > 0 AND entry_id IS NULL ORDER BY id")?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// Cancelled productions that had an entry: (production, entry), for `fournil check`.
pub fn cancelled_with_entry(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT id, entry_id FROM productions WHERE cancelled_at IS NOT NULL AND entry_id IS NOT NULL ORDER BY id",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}
