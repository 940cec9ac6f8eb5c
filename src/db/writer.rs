//! The single writer with group commit. One thread owns the writing: it takes the operations
//! waiting in its queue (up to `GROUP`), runs each inside its own savepoint of one IMMEDIATE
//! transaction, and commits them together — one fsync-free WAL commit instead of one per
//! operation. A refused operation (an `Err`, or a panic) is rolled back to its savepoint alone:
//! every other one keeps its exact outcome. Nobody hears "done" before the shared commit: each
//! caller's answer is sent only once `COMMIT` returned, and if the commit fails every operation
//! of the group fails with it (none was acknowledged).
//!
//! The thread also saves callers a `spawn_blocking` per write: the till's tail (issue #20).

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc;

use r2d2::Pool;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Transaction, TransactionBehavior};
use tokio::sync::oneshot;

use crate::error::AppError;

/// The most operations committed together. A group never waits for more: it takes what is queued.
const GROUP: usize = 64;

/// An operation as the writer sees it: run it in the open transaction, say whether it wrote
/// something to keep, and hand back how to answer its caller once the commit is known.
type Job = Box<dyn FnOnce(&Transaction) -> Ran + Send>;

/// What an operation left after running: whether to keep its savepoint, and its answer.
struct Ran {
    keep: bool,
    answer: Box<dyn FnOnce(Result<(), String>) + Send>,
}

/// The handle the pool's clones share: a queue into the writer thread.
#[derive(Clone)]
pub(super) struct Writer {
    queue: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread over `pool` (one connection); it ends with the last handle.
    pub(super) fn start(pool: Pool<SqliteConnectionManager>) -> std::io::Result<Writer> {
        let (queue, jobs) = mpsc::channel::<Job>();
        std::thread::Builder::new().name("fournil-writer".into()).spawn(move || run(&pool, &jobs))?;
        Ok(Writer { queue })
    }

    /// Queues `f` and waits for the commit of its group; `f`'s own result, or the commit's error.
    pub(super) async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&Transaction) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        type Outcome<T> = Result<Result<T, AppError>, Box<dyn Any + Send>>;
        let (tx, rx) = oneshot::channel::<Outcome<T>>();
        let job: Job = Box::new(move |db_tx: &Transaction| {
            let out = catch_unwind(AssertUnwindSafe(|| f(db_tx)));
            let keep = matches!(out, Ok(Ok(_)));
            let answer = Box::new(move |commit: Result<(), String>| {
                let out = match (out, commit) {
                    (Ok(Ok(_)), Err(e)) => Ok(Err(AppError::Internal(anyhow::anyhow!(e)))),
                    (out, _) => out,
                };
                let _ = tx.send(out);
            });
            Ran { keep, answer }
        });
        self.queue.send(job).map_err(|_| stopped())?;
        match rx.await.map_err(|_| stopped())? {
            Ok(result) => result,
            Err(panic) => resume_unwind(panic),
        }
    }
}

fn stopped() -> AppError {
    AppError::Internal(anyhow::anyhow!("l'écriture en base s'est arrêtée"))
}

/// Every how many groups the writer looks at the WAL's size (`checkpoint::bound`).
const LOOK_EVERY: u32 = 64;

/// The writer thread: one group per turn, until every handle is gone.
fn run(pool: &Pool<SqliteConnectionManager>, jobs: &mpsc::Receiver<Job>) {
    let mut groups = 0u32;
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        commit_group(pool, group);
        groups += 1;
        if groups.is_multiple_of(LOOK_EVERY) {
            bound_wal(pool);
        }
    }
}

/// Keeps the WAL bounded between two groups (see `checkpoint`): nobody waits on it but the next group.
fn bound_wal(pool: &Pool<SqliteConnectionManager>) {
    let Ok(conn) = pool.get() else { return };
    let Some(path) = conn.path().map(std::path::PathBuf::from) else { return };
    if let Err(e) = super::checkpoint::bound(&conn, &path, super::checkpoint::LIMIT) {
        tracing::warn!("journal WAL non rattrapé : {e}");
    }
}

/// Runs a group in one transaction and answers each caller after the commit. A job that could not
/// run (no connection, BEGIN refused) is dropped: its caller hears that the writer stopped.
fn commit_group(pool: &Pool<SqliteConnectionManager>, group: Vec<Job>) {
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(e) => return tracing::error!("écriture impossible : {e}"),
    };
    let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => return tracing::error!("écriture impossible : {e}"),
    };
    let mut answers = Vec::with_capacity(group.len());
    let mut failed: Option<String> = None;
    for job in group {
        if let Some(e) = &failed {
            // The transaction is already lost: the rest of the group is not run.
            drop(job);
            tracing::error!("opération abandonnée : {e}");
            continue;
        }
        match in_savepoint(&tx, job) {
            Ok(ran) => answers.push(ran.answer),
            Err(e) => failed = Some(e.to_string()),
        }
    }
    let commit = match failed {
        Some(e) => Err(e),
        None => tx.commit().map_err(|e| e.to_string()),
    };
    for answer in answers {
        answer(commit.clone());
    }
}

/// Runs one job in its own savepoint: released when it succeeded, rolled back when it did not.
fn in_savepoint(tx: &Transaction, job: Job) -> rusqlite::Result<Ran> {
    tx.execute_batch("SAVEPOINT operation")?;
    let ran = job(tx);
    let end = if ran.keep { "RELEASE operation" } else { "ROLLBACK TO operation; RELEASE operation" };
    match tx.execute_batch(end) {
        Ok(()) => Ok(ran),
        Err(e) => {
            (ran.answer)(Err(e.to_string()));
            Err(e)
        }
    }
}
