//! The database: one writer connection and a small pool of readers over the same SQLite file.
//! Every operation runs in `db.write(|tx| …)`: all or nothing, committed on `Ok` and rolled back on
//! `Err`, on the writer thread so no `.await` can happen inside it. Operations queued together
//! share one commit, each in its own savepoint (`writer.rs`).

pub mod checkpoint;
pub mod migrate;
pub mod replay;
mod writer;

use std::path::{Path, PathBuf};

use r2d2::Pool;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::AppError;

/// Set on every connection. WAL itself is set once, when the file is opened.
/// `busy_timeout` lets the CLI and the server share the file; Litestream needs it too.
/// Temporary sorts live in the page cache and spill to a file beyond it: a check or a report
/// over years of tickets must not hold them all in memory (the mini PC's RSS target is 60 MB).
/// A reader's page cache is 2 MB: the system's file cache holds the rest, and a sort's memory
/// follows the cache size (measured on five years: the check's peak went from 87 to 47 MB with
/// 2 MB instead of 8, in the same time). The writer keeps 4 MB for the pages every ticket touches:
/// 8 MB sold no faster (`fournil bench`, till and counter, three runs each alternated: 1 080–1 428
/// against 1 252–1 719 tickets/s) and counted 4 MB more in the bench's peak (issue #20).
const PER_CONNECTION: &str = "PRAGMA foreign_keys = ON;
     PRAGMA busy_timeout = 5000;
     PRAGMA synchronous = NORMAL;
     PRAGMA temp_store = FILE;
     PRAGMA cache_size = -2000;";

/// Prepared statements each connection keeps (`prepare_cached`). rusqlite keeps 16 by default,
/// fewer than one ticket runs (checkout, stock, books, TVA, aggregates): every statement of every
/// ticket was parsed and planned again (SQLite's parser was ~8 % of the till's CPU). The writer
/// runs every operation of the shop; a reader, the statements of the pages.
const WRITER_STATEMENTS: usize = 256;
const READER_STATEMENTS: usize = 128;

/// Set on every connection: the cache above, `PER_CONNECTION`, and the query planner's
/// stability guarantee. Without it SQLite plans a `LIKE ?` (and, with STAT4 samples, a range)
/// for the value bound, so such a cached statement was parsed and planned again at every run
/// (`sqlite3Reprepare`: 5 % of the owner's home under `perf`, from the orders' list). The plans
/// stay the ones the stores chose (the indexes they name, the ones `EXPLAIN` shows).
fn init(c: &Connection, statements: usize, extra: &str) -> rusqlite::Result<()> {
    c.set_prepared_statement_cache_capacity(statements);
    c.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    c.execute_batch(&format!("{PER_CONNECTION} {extra}"))
}

#[derive(Clone)]
pub struct Db {
    read: Pool<SqliteConnectionManager>,
    write: Pool<SqliteConnectionManager>,
    writer: writer::Writer,
    _checkpoints: checkpoint::Checkpoints,
    path: PathBuf,
}

impl Db {
    /// Opens (or creates) the database file, brings its schema to the latest version and
    /// refuses a database written by a newer Fournil.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("impossible de créer le dossier de données {} : {e}", dir.display()))?;
        }
        let manager = || SqliteConnectionManager::file(path).with_init(|c| init(c, READER_STATEMENTS, ""));
        // The writer never checkpoints in its commits: `checkpoint.rs` does, beside it.
        let writer_manager = SqliteConnectionManager::file(path).with_init(|c| {
            let extra = format!(
                "PRAGMA cache_size = -4000; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {};",
                checkpoint::LIMIT
            );
            init(c, WRITER_STATEMENTS, &extra)
        });
        let write = Pool::builder().max_size(1).build(writer_manager)?;
        {
            let mut conn = write.get()?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            // An older database is copied before it is upgraded (the upgrade itself is one
            // transaction: if it fails, the file is as it was, and the copy is there anyway).
            let found = migrate::version(&conn)?;
            let copy = if found > 0 && found < migrate::LATEST {
                Some(crate::backup::before_upgrade(path, found)?)
            } else {
                None
            };
            migrate::run(&mut conn)?;
            if let Some(run) = copy {
                crate::backup::store::insert_run(&conn, &run)?;
            }
        }
        let read = Pool::builder().max_size(4).build(manager())?;
        let writer = writer::Writer::start(write.clone())?;
        let _checkpoints = checkpoint::start(path)?;
        Ok(Db { read, write, writer, _checkpoints, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the single writer, in its own savepoint of an IMMEDIATE transaction it may
    /// share with other operations queued at the same moment (group commit, `writer.rs`): kept
    /// on `Ok`, rolled back alone on `Err`, answered only once the shared commit succeeded.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&Transaction) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.writer.write(f).await
    }

    /// Runs `f` on a reader, inside one deferred transaction so it sees a single snapshot.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.read.clone();
        blocking(move || {
            let mut conn = pool.get().map_err(anyhow::Error::from)?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            f(&tx)
        })
        .await
    }

    /// The same as `write`, for the command line and jobs that are not async.
    pub fn write_sync<T>(&self, f: impl FnOnce(&Transaction) -> Result<T, AppError>) -> Result<T, AppError> {
        let mut conn = self.write.get().map_err(anyhow::Error::from)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The same as `read`, for the command line.
    pub fn read_sync<T>(&self, f: impl FnOnce(&Connection) -> Result<T, AppError>) -> Result<T, AppError> {
        let mut conn = self.read.get().map_err(anyhow::Error::from)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        f(&tx)
    }
}

/// Runs `f` inside a savepoint of `tx`: kept when `f` succeeds, undone when it fails, so a failed
/// part (one row of an import) leaves nothing behind while the rest of the transaction goes on.
/// The outer error is the savepoint's own; the inner result is `f`'s.
pub fn savepoint<T, E>(
    tx: &Transaction,
    f: impl FnOnce(&Transaction) -> Result<T, E>,
) -> rusqlite::Result<Result<T, E>> {
    tx.execute_batch("SAVEPOINT part")?;
    let out = f(tx);
    tx.execute_batch(if out.is_ok() { "RELEASE part" } else { "ROLLBACK TO part; RELEASE part" })?;
    Ok(out)
}

/// Runs `f` inside a savepoint of `tx` and undoes all it wrote, whatever its outcome: a preview
/// made by the real operations (an import shows every row's fate before anything is saved).
pub fn undone<T>(tx: &Transaction, f: impl FnOnce(&Transaction) -> T) -> rusqlite::Result<T> {
    tx.execute_batch("SAVEPOINT preview")?;
    let out = f(tx);
    tx.execute_batch("ROLLBACK TO preview; RELEASE preview")?;
    Ok(out)
}

/// rusqlite blocks: keep it off the async workers, and let panics surface where they happened.
pub async fn blocking<R: Send + 'static>(job: impl FnOnce() -> R + Send + 'static) -> R {
    match tokio::task::spawn_blocking(job).await {
        Ok(r) => r,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}
