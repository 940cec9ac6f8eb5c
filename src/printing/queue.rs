//! The print queue: jobs written by operations (see `enqueue`), drained after commit by a
//! background task. A job is printed once (`imprime`), retried with a growing delay, and after
//! `MAX_ATTEMPTS` left as `echec` (visible, retryable, reprintable). A till without a printer
//! marks its jobs `sans_imprimante`: the browser prints the HTML receipt instead.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use tokio::sync::Notify;

use super::Doc;
use super::driver::Drivers;
use super::render::render;
use crate::cash::{self, Till};
use crate::clock::{Clock, stamp};
use crate::db::Db;
use crate::error::AppError;

/// After this many failed sends a job is `echec`.
pub const MAX_ATTEMPTS: i64 = 5;
/// The worker looks at the queue at least this often (retries come due on their own).
const POLL: StdDuration = StdDuration::from_secs(5);

/// Delay before the next try, after `attempts` failures.
pub fn backoff(attempts: i64) -> Duration {
    match attempts {
        ..=1 => Duration::seconds(5),
        2 => Duration::seconds(30),
        3 => Duration::minutes(2),
        _ => Duration::minutes(10),
    }
}

/// A job as stored.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub till_id: i64,
    pub kind: String,
    pub source_type: String,
    pub source_id: Option<i64>,
    pub payload: String,
    pub open_drawer: bool,
    pub status: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: String,
    pub printed_at: Option<String>,
}

impl Job {
    pub fn doc(&self) -> Result<Doc, String> {
        serde_json::from_str(&self.payload).map_err(|e| format!("document illisible : {e}"))
    }
}

/// French label of a job's status.
pub fn status_label(code: &str) -> &'static str {
    match code {
        "en_attente" => "En attente",
        "imprime" => "Imprimé",
        "echec" => "Échec",
        "sans_imprimante" => "Sans imprimante",
        _ => "Inconnu",
    }
}

/// French label of a job's kind.
pub fn kind_label(code: &str) -> &'static str {
    match code {
        "ticket" => "Ticket",
        "duplicata" => "Duplicata",
        "avoir" => "Avoir",
        "x" => "Rapport X",
        "z" => "Rapport Z",
        "mouvement" => "Mouvement de caisse",
        "test" => "Page de test",
        "tiroir" => "Ouverture du tiroir",
        _ => "Autre",
    }
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

/// What the till screen shows about its printer: jobs waiting, jobs given up, the last error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TillHealth {
    pub waiting: i64,
    pub failed: i64,
    /// The error of the latest job that failed at least once and is not printed.
    pub last_error: Option<String>,
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

fn mark_printed(conn: &Connection, id: i64, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE print_jobs SET status = 'imprime', printed_at = ?2, last_error = '' WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

fn mark_no_printer(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE print_jobs SET status = 'sans_imprimante' WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// A failed job is retried later without its drawer pulse: the moment cash changed hands has
/// passed, and a drawer must never pop open with nobody at the till ("sans vente" opens it).
fn mark_failed(conn: &Connection, job: &Job, error: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    let attempts = job.attempts + 1;
    let status = if attempts >= MAX_ATTEMPTS { "echec" } else { "en_attente" };
    let error: String = error.chars().take(300).collect();
    conn.prepare_cached(
        "UPDATE print_jobs SET attempts = ?2, last_error = ?3, status = ?4, next_try_at = ?5, open_drawer = 0 WHERE id = ?1",
    )?
    .execute(params![job.id, attempts, error, status, stamp(now + backoff(attempts))])?;
    Ok(())
}

/// Puts a failed job back in the queue, due now, with a fresh count of attempts.
/// Refused unless the job is `echec`.
pub fn retry(conn: &Connection, id: i64, now: &str) -> Result<Job, AppError> {
    let job = job(conn, id)?.ok_or(AppError::NotFound)?;
    if job.status != "echec" {
        return Err(AppError::rule("Seule une impression en échec peut être relancée."));
    }
    conn.prepare_cached("UPDATE print_jobs SET status = 'en_attente', attempts = 0, next_try_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(job)
}

/// What one pass over the queue did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drained {
    pub printed: usize,
    pub failed: usize,
    pub without_printer: usize,
}

/// One pass: every due job, in order, rendered and sent through its till's driver; the result is
/// written after each send (never while a printer is being waited for). After a failure the
/// till's later jobs wait for the next pass, so receipts come out in order.
pub fn drain_once(db: &Db, drivers: &dyn Drivers, now: DateTime<Utc>) -> Result<Drained, AppError> {
    let at = stamp(now);
    let (jobs, tills) = db.read_sync(|c| {
        let tills: Vec<Till> = cash::store::tills(c)?;
        Ok((due(c, &at)?, tills))
    })?;
    let mut out = Drained::default();
    let mut blocked: HashSet<i64> = HashSet::new();
    for job in jobs {
        if blocked.contains(&job.till_id) {
            continue;
        }
        let Some(till) = tills.iter().find(|t| t.id == job.till_id) else { continue };
        let sent = send(drivers, till, &job);
        db.write_sync(|tx| {
            match &sent {
                Ok(true) => mark_printed(tx, job.id, &at)?,
                Ok(false) => mark_no_printer(tx, job.id)?,
                Err(e) => mark_failed(tx, &job, e, now)?,
            }
            Ok(())
        })?;
        match sent {
            Ok(true) => out.printed += 1,
            Ok(false) => out.without_printer += 1,
            Err(e) => {
                tracing::warn!(job = job.id, caisse = %till.name, erreur = %e, "impression échouée");
                blocked.insert(job.till_id);
                out.failed += 1;
            }
        }
    }
    Ok(out)
}

/// `Ok(true)` printed, `Ok(false)` no printer on this till.
fn send(drivers: &dyn Drivers, till: &Till, job: &Job) -> Result<bool, String> {
    let doc = job.doc()?;
    let Some(mut sink) = drivers.open(till)? else { return Ok(false) };
    let width = usize::try_from(till.printer_width).unwrap_or(48);
    let bytes = render(&doc, width, job.open_drawer && till.drawer);
    sink.send(&bytes)?;
    Ok(true)
}

static WAKE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Call after committing an operation that queued a job: the worker prints it now rather than
/// at its next poll. Harmless when no worker runs.
pub fn wake() {
    WAKE.notify_one();
}

/// Starts the worker for `fournil serve`. It never stops on an error: it logs and tries later.
pub fn start(db: Db, clock: Clock, drivers: Arc<dyn Drivers>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let (db2, drivers2, now) = (db.clone(), drivers.clone(), clock.now());
            let pass = crate::db::blocking(move || drain_once(&db2, drivers2.as_ref(), now)).await;
            if let Err(e) = pass {
                tracing::error!(error = %e, "file d'impression illisible");
            }
            tokio::select! {
                _ = WAKE.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    })
}
