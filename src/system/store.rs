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
    /// `fournil check --full` (integrity_check and foreign keys).
    pub full: bool,
    /// Incremental: when the oldest mark it started from was proven; `None`: every ledger from
    /// its first row.
    pub since: Option<String>,
    /// The marks it proved, kept with it when it passed (never read back).
    pub marks: Vec<super::marks::NewMark>,
}

pub fn insert_check_run(conn: &Connection, r: &CheckRun) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO check_runs (started_at, duration_ms, origin, ok, failed, full, since)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        r.started_at,
        r.duration_ms,
        r.origin,
        r.ok,
        r.failed.join("\n"),
        r.full,
        r.since
    ])?;
    Ok(())
}

/// The last run of the check, if any ever ran.
pub fn last_check_run(conn: &Connection) -> rusqlite::Result<Option<CheckRun>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(
        "SELECT started_at, duration_ms, origin, ok, failed, full, since FROM check_runs
         ORDER BY started_at DESC, id DESC LIMIT 1",
    )?
    .query_row([], |r| {
        let failed: String = r.get(4)?;
        Ok(CheckRun {
            started_at: r.get(0)?,
            duration_ms: r.get(1)?,
            origin: r.get(2)?,
            ok: r.get(3)?,
            failed: failed.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
            full: r.get(5)?,
            since: r.get(6)?,
            marks: Vec::new(),
        })
    })
    .optional()
}

/// The marks of the incremental check: (rule, upto, day, proven_at).
pub fn marks(conn: &Connection) -> rusqlite::Result<Vec<(String, i64, String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT rule, upto, day, proven_at FROM check_marks")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// The marks' running totals: (rule, key, a, b).
pub fn mark_sums(conn: &Connection) -> rusqlite::Result<Vec<(String, String, i64, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT rule, key, a, b FROM check_mark_sums")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// The keys written behind a mark since it was set: (id, rule, key).
pub fn dirty(conn: &Connection) -> rusqlite::Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, rule, key FROM check_dirty ORDER BY id")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// Every trigger's name.
pub fn trigger_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    strings(conn, "SELECT name FROM sqlite_master WHERE type = 'trigger'")
}

/// Replaces `rule`'s mark and its running totals.
pub fn put_mark(conn: &Connection, rule: &str, m: &super::marks::Mark, at: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM check_mark_sums WHERE rule = ?1")?.execute([rule])?;
    conn.prepare_cached(
        "INSERT INTO check_marks (rule, upto, day, proven_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (rule) DO UPDATE SET upto = excluded.upto, day = excluded.day, proven_at = excluded.proven_at",
    )?
    .execute(rusqlite::params![rule, m.upto, m.day, at])?;
    let mut put = conn.prepare_cached("INSERT INTO check_mark_sums (rule, key, a, b) VALUES (?1, ?2, ?3, ?4)")?;
    for (key, (a, b)) in &m.sums {
        put.execute(rusqlite::params![rule, key, a, b])?;
    }
    Ok(())
}

/// Forgets `rule`'s dirty keys up to the last one the run read (a later write stays).
pub fn forget_dirty(conn: &Connection, rule: &str, upto: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM check_dirty WHERE rule = ?1 AND id <= ?2")?
        .execute(rusqlite::params![rule, upto])?;
    Ok(())
}

/// Whether a `--full` run passed at or after `after` (a UTC stamp).
pub fn full_run_since(conn: &Connection, after: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM check_runs WHERE full = 1 AND ok = 1 AND started_at >= ?1)")?
        .query_row([after], |r| r.get(0))
}

/// When the last passing run that proved every ledger from its first row started.
pub fn last_complete_run(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT max(started_at) FROM check_runs WHERE ok = 1 AND since IS NULL")?
        .query_row([], |r| r.get(0))
}
