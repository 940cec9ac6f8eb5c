//! SQL of the integrity check: SQLite's own checks and the schema's catalogue.

use rusqlite::Connection;

fn strings(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// `PRAGMA integrity_check`: "ok", or one line per problem.
pub fn integrity_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    strings(conn, "PRAGMA integrity_check")
}

/// Every row whose foreign key points nowhere ("table ligne rowid").
pub fn foreign_key_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    strings(conn, "SELECT \"table\" || ' ligne ' || rowid FROM pragma_foreign_key_check")
}

/// The names of the triggers that guard `audit_log`.
pub fn audit_log_triggers(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    strings(conn, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
}
