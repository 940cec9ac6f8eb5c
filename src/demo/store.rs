//! The demo mark in `system_state`, and what an existing file holds.

use rusqlite::{Connection, OptionalExtension, params};

/// What an existing database file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Built by `fournil demo`.
    Demo,
    /// No users and no products: nothing to lose.
    Empty,
    /// A shop's data.
    Shop,
}

fn table_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [name], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n > 0)
}

pub fn inspect(conn: &Connection) -> rusqlite::Result<Found> {
    if table_exists(conn, "system_state")? {
        let demo: Option<String> =
            conn.query_row("SELECT value FROM system_state WHERE key = 'demo'", [], |r| r.get(0)).optional()?;
        if demo.is_some() {
            return Ok(Found::Demo);
        }
    }
    for t in ["users", "products"] {
        if table_exists(conn, t)? {
            let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
            if n > 0 {
                return Ok(Found::Shop);
            }
        }
    }
    Ok(Found::Empty)
}

/// Marks the database as a demo.
pub fn mark(conn: &Connection, seed: u64, years: f64, at: &str) -> rusqlite::Result<()> {
    let value = serde_json::json!({"seed": seed, "years": years, "built_at": at}).to_string();
    conn.execute(
        "INSERT INTO system_state (key, value) VALUES ('demo', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![value],
    )?;
    Ok(())
}

pub fn is_demo(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(inspect(conn)? == Found::Demo)
}
