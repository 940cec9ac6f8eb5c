//! SQL of the integrity check: SQLite's own checks and the schema's catalogue.

use rusqlite::Connection;

fn strings(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// `PRAGMA integrity_check` (`full`) or `PRAGMA quick_check`: "ok", or one line per problem.
pub fn structure_check(conn: &Connection, full: bool) -> rusqlite::Result<Vec<String>> {
    strings(conn, if full { "PRAGMA integrity_check" } else { "PRAGMA quick_check" })
}

/// Every row whose foreign key points nowhere ("table ligne rowid").
pub fn foreign_key_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    strings(conn, "SELECT \"table\" || ' ligne ' || rowid FROM pragma_foreign_key_check")
}

/// The names of the triggers that guard `audit_log`.
pub fn audit_log_triggers(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    strings(conn, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
}

/// One recorded run of the integrity check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRun {
    pub started_at: String,
    pub duration_ms: i64,
    /// `commande`, `page` or `serveur`.
    pub origin: String,
    pub ok: bool,
    /// The failed rules' names (empty when all passed).
    pub failed: Vec<String>,
}

pub fn insert_check_run(conn: &Connection, r: &CheckRun) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO check_runs (started_at, duration_ms, origin, ok, failed) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![r.started_at, r.duration_ms, r.origin, r.ok, r.failed.join("\n")])?;
    Ok(())
}

/// The last run of the check, if any ever ran.
pub fn last_check_run(conn: &Connection) -> rusqlite::Result<Option<CheckRun>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(
        "SELECT started_at, duration_ms, origin, ok, failed FROM check_runs ORDER BY started_at DESC, id DESC LIMIT 1",
    )?
    .query_row([], |r| {
        let failed: String = r.get(4)?;
        Ok(CheckRun {
            started_at: r.get(0)?,
            duration_ms: r.get(1)?,
            origin: r.get(2)?,
            ok: r.get(3)?,
            failed: failed.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
        })
    })
    .optional()
}
