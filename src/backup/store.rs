//! SQL of the backups: `backup_settings` (one row) and `backups` (one row per run); and what a
//! copy is asked before it is trusted (its integrity, that it is a Fournil database), on the
//! copy's own connection.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{BackupSettings, NewRun, Run};

pub fn settings(conn: &Connection) -> rusqlite::Result<BackupSettings> {
    conn.query_row("SELECT hour, second_dir, keep_daily, keep_monthly FROM backup_settings WHERE id = 1", [], |r| {
        Ok(BackupSettings { hour: r.get(0)?, second_dir: r.get(1)?, keep_daily: r.get(2)?, keep_monthly: r.get(3)? })
    })
}

pub fn save_settings(conn: &Connection, s: &BackupSettings, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE backup_settings SET hour = ?1, second_dir = ?2, keep_daily = ?3, keep_monthly = ?4, updated_at = ?5
         WHERE id = 1",
        params![s.hour, s.second_dir, s.keep_daily, s.keep_monthly, now],
    )?;
    Ok(())
}

pub fn insert_run(conn: &Connection, run: &NewRun) -> rusqlite::Result<i64> {
    let (ok, check_result, error) = match &run.outcome {
        Ok(check) => (true, check.as_str(), ""),
        Err(e) => (false, "", e.as_str()),
    };
    conn.execute(
        "INSERT INTO backups (started_at, finished_at, reason, target, path, size_bytes, ok, check_result, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            run.started_at,
            run.finished_at,
            run.reason.code(),
            if run.secondary { "secondaire" } else { "principale" },
            run.path,
            i64::try_from(run.size_bytes).unwrap_or(i64::MAX),
            ok,
            check_result,
            error
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

const COLUMNS: &str = "id, started_at, finished_at, reason, target, path, size_bytes, ok, check_result, error";

fn run_of(r: &Row) -> rusqlite::Result<Run> {
    Ok(Run {
        id: r.get(0)?,
        started_at: r.get(1)?,
        finished_at: r.get(2)?,
        reason: r.get(3)?,
        target: r.get(4)?,
        path: r.get(5)?,
        size_bytes: r.get(6)?,
        ok: r.get(7)?,
        check_result: r.get(8)?,
        error: r.get(9)?,
    })
}

/// The most recent runs first.
pub fn recent_runs(conn: &Connection, limit: u32) -> rusqlite::Result<Vec<Run>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {COLUMNS} FROM backups ORDER BY started_at DESC, id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit], run_of)?;
    rows.collect()
}

/// The latest run to a target ('principale' or 'secondaire'), successful or not.
pub fn last_run(conn: &Connection, target: &str) -> rusqlite::Result<Option<Run>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM backups WHERE target = ?1 ORDER BY started_at DESC, id DESC LIMIT 1"),
        [target],
        run_of,
    )
    .optional()
}

/// The latest successful copy to the second directory.
pub fn last_second_copy(conn: &Connection) -> rusqlite::Result<Option<Run>> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM backups WHERE target = 'secondaire' AND ok = 1
             ORDER BY started_at DESC, id DESC LIMIT 1"
        ),
        [],
        run_of,
    )
    .optional()
}

/// The latest successful run to the main directory.
pub fn last_success(conn: &Connection) -> rusqlite::Result<Option<Run>> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM backups WHERE target = 'principale' AND ok = 1
             ORDER BY started_at DESC, id DESC LIMIT 1"
        ),
        [],
        run_of,
    )
    .optional()
}

/// The first line of `PRAGMA quick_check`: "ok" when every page and record reads back (the
/// indexes' contents aside, which a page-for-page copy cannot make differ from its source's).
pub fn quick_integrity(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("PRAGMA quick_check", [], |r| r.get(0))
}

/// The first line of `PRAGMA integrity_check`: "ok" for a sound file.
pub fn integrity(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
}

/// How many of Fournil's first tables (`shop_settings`, `users`, `roles`) the file has.
pub fn fournil_tables(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('shop_settings', 'users', 'roles')",
        [],
        |r| r.get(0),
    )
}

/// Big sorts (the check over years of lines) spill to a temporary file, not to memory.
pub fn spill_to_disk(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA temp_store = FILE; PRAGMA cache_size = -2000;")
}

/// Pins one snapshot of the source for a whole copy (a read transaction, reading once).
pub fn pin_snapshot(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN DEFERRED; SELECT count(*) FROM sqlite_master;")
}

/// Lets the pinned snapshot go.
pub fn release_snapshot(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("COMMIT")
}
