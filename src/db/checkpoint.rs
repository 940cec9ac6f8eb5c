//! WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the commit that
//! crosses 1 000 pages, so one sale in a few hundred waited for pages to be copied and the database
//! file to be synced: the till's tail (issue #20). The writer connection has it off; this thread
//! runs the same PASSIVE checkpoint on its own connection once a second, which never blocks the
//! writer nor a reader. PASSIVE is also what Litestream tolerates (it must own TRUNCATE/RESTART,
//! TECH-NOTES §3).
//!
//! PASSIVE alone does not keep the WAL bounded: the file restarts from its beginning only when a
//! write begins while no reader still uses it, which never happens while the till sells and the
//! pages read without a pause (the bench saw 11 GB after five minutes of eight clients). So when
//! the WAL passes `LIMIT` and no Litestream configuration replicates this database (Litestream
//! then truncates it itself, at ~500 MB), the thread runs one TRUNCATE checkpoint: it waits for
//! the readers of the moment to finish (new writes wait behind it, a few ms), copies the WAL into
//! the database and empties the file.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;

const EVERY: Duration = Duration::from_secs(1);
/// The WAL's size beyond which it is emptied when Litestream does not own it.
pub const LIMIT: u64 = 256 * 1024 * 1024;

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
    let db = path.to_path_buf();
    std::thread::Builder::new().name("fournil-checkpoint".into()).spawn(move || {
        while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
            if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!("point de contrôle du journal WAL impossible : {e}");
            }
            if let Err(e) = bound(&conn, &db, LIMIT) {
                tracing::warn!("journal WAL non vidé : {e}");
            }
        }
    })?;
    Ok(Checkpoints { _alive: alive })
}

fn wal_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Empties the WAL when it has passed `limit` bytes and no Litestream configuration replicates
/// the database. Whether it did (the WAL was then copied into the database and emptied).
pub fn bound(conn: &Connection, db: &Path, limit: u64) -> rusqlite::Result<bool> {
    let size = std::fs::metadata(wal_of(db)).map(|m| m.len()).unwrap_or(0);
    if size <= limit || replicated(db) {
        return Ok(false);
    }
    // (busy, frames in the WAL, frames copied): busy = 1 when a reader outlived the busy timeout.
    let (busy, log, copied): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    tracing::info!(wal_mo = size / 1_000_000, busy, log, copied, "journal WAL vidé");
    Ok(busy == 0)
}

/// Whether Litestream replicates this database (it then owns TRUNCATE and RESTART).
fn replicated(db: &Path) -> bool {
    let dir = db.parent().unwrap_or(Path::new("."));
    crate::backup::litestream_configs(dir)
        .iter()
        .any(|c| std::fs::read_to_string(c).is_ok_and(|text| crate::backup::litestream_replicates(&text, db)))
}
