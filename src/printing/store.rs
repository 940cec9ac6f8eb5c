//! SQL of the print queue: `print_jobs`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Job, Source, TillHealth};

/// Writes a job, due at once; returns its id.
#[allow(clippy::too_many_arguments)]
pub fn insert_job(
    conn: &Connection,
    till_id: i64,
    source: Source,
    payload: &str,
    open_drawer: bool,
    user_id: Option<i64>,
    now: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO print_jobs (till_id, kind, source_type, source_id, payload, open_drawer, created_at, next_try_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
    )?
    .execute(params![till_id, source.kind.code(), source.source_type, source.source_id, payload, open_drawer, now, user_id])?;
    Ok(conn.last_insert_rowid())
}

const JOB: &str = "SELECT id, till_id, kind, source_type, source_id, payload, open_drawer, status, attempts,
                          last_error, created_at, printed_at FROM print_jobs";

fn job_of(r: &Row) -> rusqlite::Result<Job> {
    Ok(Job {
        id: r.get(0)?,
        till_id: r.get(1)?,
        kind: r.get(2)?,
        source_type: r.get(3)?,
        source_id: r.get(4)?,
        payload: r.get(5)?,
        open_drawer: r.get(6)?,
        status: r.get(7)?,
        attempts: r.get(8)?,
        last_error: r.get(9)?,
        created_at: r.get(10)?,
        printed_at: r.get(11)?,
    })
}

pub fn job(conn: &Connection, id: i64) -> rusqlite::Result<Option<Job>> {
    conn.prepare_cached(&format!("{JOB} WHERE id = ?1"))?.query_row([id], job_of).optional()
}

/// Jobs due now, oldest first.
pub fn due(conn: &Connection, now: &str) -> rusqlite::Result<Vec<Job>> {
    conn.prepare_cached(&format!("{JOB} WHERE status = 'en_attente' AND next_try_at <= ?1 ORDER BY id LIMIT 100"))?
        .query_map([now], job_of)?
        .collect()
}

/// The latest jobs, newest first (all tills when `till_id` is None).
pub fn recent(conn: &Connection, till_id: Option<i64>, limit: i64) -> rusqlite::Result<Vec<Job>> {
    conn.prepare_cached(&format!("{JOB} WHERE ?1 IS NULL OR till_id = ?1 ORDER BY id DESC LIMIT ?2"))?
        .query_map(params![till_id, limit], job_of)?
        .collect()
}

/// Jobs of a document (a ticket's receipt and its duplicatas), newest first.
pub fn of_source(conn: &Connection, source_type: &str, source_id: i64) -> rusqlite::Result<Vec<Job>> {
    conn.prepare_cached(&format!("{JOB} WHERE source_type = ?1 AND source_id = ?2 ORDER BY id DESC"))?
        .query_map(params![source_type, source_id], job_of)?
        .collect()
}

pub fn till_health(conn: &Connection, till_id: i64) -> rusqlite::Result<TillHealth> {
    let (waiting, failed): (i64, i64) = conn
        .prepare_cached(
            "SELECT coalesce(sum(status = 'en_attente'), 0), coalesce(sum(status = 'echec'), 0)
             FROM print_jobs WHERE till_id = ?1 AND status IN ('en_attente', 'echec')",
        )?
        .query_row([till_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let last_error = conn
        .prepare_cached(
            "SELECT last_error FROM print_jobs WHERE till_id = ?1 AND status IN ('en_attente', 'echec')
             AND last_error <> '' ORDER BY id DESC LIMIT 1",
        )?
        .query_row([till_id], |r| r.get(0))
        .optional()?;
    Ok(TillHealth { waiting, failed, last_error })
}

pub fn mark_printed(conn: &Connection, id: i64, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE print_jobs SET status = 'imprime', printed_at = ?2, last_error = '' WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

pub fn mark_no_printer(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE print_jobs SET status = 'sans_imprimante' WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// A failed send: its count of attempts, its error, its new status and when to try again; the
/// drawer pulse is dropped.
pub fn mark_failed(
    conn: &Connection,
    id: i64,
    attempts: i64,
    error: &str,
    status: &str,
    next_try_at: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE print_jobs SET attempts = ?2, last_error = ?3, status = ?4, next_try_at = ?5, open_drawer = 0 WHERE id = ?1",
    )?
    .execute(params![id, attempts, error, status, next_try_at])?;
    Ok(())
}

/// Puts a job back in the queue, due at `now`, with no attempt counted.
pub fn requeue(conn: &Connection, id: i64, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE print_jobs SET status = 'en_attente', attempts = 0, next_try_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}
