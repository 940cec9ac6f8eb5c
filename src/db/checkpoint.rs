//! WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the commit that
//! crosses 1 000 pages, so one sale in a few hundred waited for pages to be copied and the database
//! file to be synced: the till's tail (issue #20). The writer connection has it off; this thread
//! runs the same PASSIVE checkpoint on its own connection once a second, which never blocks the
//! writer nor a reader and keeps the WAL bounded. PASSIVE is also what Litestream tolerates (it
//! must own TRUNCATE/RESTART, TECH-NOTES §3): nothing here resets or truncates the WAL.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;

const EVERY: Duration = Duration::from_secs(1);

/// Keeps the checkpoint thread alive: it stops when the last clone of the `Db` is dropped.
#[derive(Clone)]
pub(super) struct Checkpoints {
    _alive: mpsc::Sender<()>,
}

/// Starts the checkpoint thread on `path` (already in WAL mode).
pub(super) fn start(path: &Path) -> anyhow::Result<Checkpoints> {
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA busy_timeout = 5000;")?;
    let (alive, stopped) = mpsc::channel::<()>();
    std::thread::Builder::new().name("fournil-checkpoint".into()).spawn(move || {
        while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
            if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!("point de contrôle du journal WAL impossible : {e}");
            }
        }
    })?;
    Ok(Checkpoints { _alive: alive })
}
