//! The print queue's worker: jobs written by operations (see `enqueue`), drained after commit by a
//! background task. A job is printed once (`imprime`), retried with a growing delay, and after
//! `MAX_ATTEMPTS` left as `echec` (visible, retryable, reprintable). A till without a printer
//! marks its jobs `sans_imprimante`: the browser prints the HTML receipt instead.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use tokio::sync::Notify;

use super::driver::Drivers;
use super::render::render;
use super::{Job, store};
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

/// A failed job is retried later without its drawer pulse: the moment cash changed hands has
/// passed, and a drawer must never pop open with nobody at the till ("sans vente" opens it).
fn mark_failed(conn: &Connection, job: &Job, error: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    let attempts = job.attempts + 1;
    let status = if attempts >= MAX_ATTEMPTS { "echec" } else { "en_attente" };
    let error: String = error.chars().take(300).collect();
    store::mark_failed(conn, job.id, attempts, &error, status, &stamp(now + backoff(attempts)))
}

/// Puts a failed job back in the queue, due now, with a fresh count of attempts.
/// Refused unless the job is `echec`.
pub fn retry(conn: &Connection, id: i64, now: &str) -> Result<Job, AppError> {
    let job = store::job(conn, id)?.ok_or(AppError::NotFound)?;
    if job.status != "echec" {
        return Err(AppError::rule("Seule une impression en échec peut être relancée."));
    }
    store::requeue(conn, id, now)?;
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
        Ok((store::due(c, &at)?, tills))
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
                Ok(true) => store::mark_printed(tx, job.id, &at)?,
                Ok(false) => store::mark_no_printer(tx, job.id)?,
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

/// Passes an operation's result through, waking the worker when it succeeded (the operation
/// queued a receipt, a run sheet…): `woken(app.db.write(…).await)`.
pub fn woken<T, E>(result: Result<T, E>) -> Result<T, E> {
    if result.is_ok() {
        wake();
    }
    result
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
