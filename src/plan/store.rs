//! All SQL of `plan_targets`.

use rusqlite::{Connection, params};

use crate::money::Qty;

/// The counter's targets of a weekday (1 = Monday … 7 = Sunday): (product, quantity).
pub fn targets(conn: &Connection, weekday: u32) -> rusqlite::Result<Vec<(i64, Qty)>> {
    conn.prepare_cached("SELECT product_id, qty FROM plan_targets WHERE weekday = ?1 ORDER BY product_id")?
        .query_map([weekday], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

pub fn clear(conn: &Connection, weekday: u32) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM plan_targets WHERE weekday = ?1")?.execute([weekday])
}

pub fn insert(conn: &Connection, weekday: u32, product_id: i64, qty: Qty) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO plan_targets (product_id, weekday, qty) VALUES (?1, ?2, ?3)")?
        .execute(params![product_id, weekday, qty])?;
    Ok(())
}
