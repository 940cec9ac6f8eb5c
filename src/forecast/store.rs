//! All SQL of the forecast: its runs and the quantities it wrote.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Model, Run};

pub fn insert_run(conn: &Connection, r: &Run) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO forecast_runs (computed_at, first_day, model, naive_wape_bp, seasonal_wape_bp)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![r.computed_at, r.first_day, r.model.code(), r.naive_wape_bp, r.seasonal_wape_bp])?;
    Ok(())
}

pub fn last_run(conn: &Connection) -> rusqlite::Result<Option<Run>> {
    conn.prepare_cached(
        "SELECT computed_at, first_day, model, naive_wape_bp, seasonal_wape_bp FROM forecast_runs
          ORDER BY id DESC LIMIT 1",
    )?
    .query_row([], |r| {
        Ok(Run {
            computed_at: r.get(0)?,
            first_day: r.get(1)?,
            model: Model::from_code(&r.get::<_, String>(2)?),
            naive_wape_bp: r.get(3)?,
            seasonal_wape_bp: r.get(4)?,
        })
    })
    .optional()
}

/// Replaces the stored forecast by these (day, product, qty, naive qty) rows.
pub fn replace(conn: &Connection, rows: &[(String, i64, i64, i64)]) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM forecasts", [])?;
    let mut stmt =
        conn.prepare_cached("INSERT INTO forecasts (day, product_id, qty, naive_qty) VALUES (?1, ?2, ?3, ?4)")?;
    for (day, product, qty, naive) in rows {
        stmt.execute(params![day, product, qty, naive])?;
    }
    Ok(())
}

/// The stored forecast: (day, product name, qty, naive qty), by product then day.
pub fn forecasts(conn: &Connection) -> rusqlite::Result<Vec<(String, String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.day, p.name, f.qty, f.naive_qty FROM forecasts f JOIN products p ON p.id = f.product_id
          ORDER BY p.name, f.day",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// The stored forecast: (day, product id, qty in thousandths).
pub fn rows(conn: &Connection) -> rusqlite::Result<Vec<(String, i64, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT day, product_id, qty FROM forecasts ORDER BY day, product_id")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}
