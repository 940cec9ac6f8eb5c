//! WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the commit that
//! crosses 1 000 pages, so one sale in a few hundred waited for pages to be copied and the database
//! file to be synced: the till's tail (issue #20). The writer connection has it off; this thread
//! runs the same PASSIVE checkpoint on its own connection once a second, which never blocks the
//! writer nor a reader. PASSIVE is also what Litestream tolerates (it must own TRUNCATE/RESTART,
//! TECH-NOTES §3).
//!
//! This thread alone does not keep the WAL bounded: the file restarts from its beginning only when
//! a write begins on a WAL that is wholly copied into the database, which never happens while the
//! till sells without a pause (the bench saw 1,2 GB after ten seconds of eight clients, 11 GB after
//! five minutes). So when the WAL passes `LIMIT` and no Litestream configuration replicates this
//! database (Litestream then empties it itself, at ~500 MB), the writer, between two groups, runs
//! the same PASSIVE checkpoint on its own connection (`bound`): the few frames written since this
//! thread's last pass are copied, so its next transaction starts the WAL again from the beginning
//! (unless a reader is still on it: it tries again later), and `journal_size_limit` cuts the file
//! back. Nothing waits for a reader; a TRUNCATE checkpoint stalled the till for 0,3–0,6 s.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;

const EVERY: Duration = Duration::from_secs(1);
/// The pace once the WAL holds more than `CHASE` bytes: under a load that never pauses the thread
/// keeps up with the writer, so that what the writer's own catch-up (`bound`) has left to copy is
/// a tenth of a second of sales, not a second of them (measured in release with 8 clients: one
/// second's frames, ~120 MB, stalled the till 0,2–0,5 s).
const CHASING_EVERY: Duration = Duration::from_millis(100);
const CHASE: i64 = (LIMIT / 4) as i64;
/// The WAL's size beyond which the writer catches it up (`bound`) when Litestream does not own it;
/// also the size `journal_size_limit` cuts the file back to.
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
    std::thread::Builder::new().name("fournil-checkpoint".into()).spawn(move || {
        let mut wait = EVERY;
        while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
            match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(1)) {
                // The WAL's frames (page + 24-byte header each).
                Ok(frames) => wait = if frames * 4120 > CHASE { CHASING_EVERY } else { EVERY },
                Err(e) => tracing::warn!("point de contrôle du journal WAL impossible : {e}"),
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

/// On the writer's connection, between two groups: when the WAL has passed `limit` bytes and no
/// Litestream configuration replicates the database, copies what is left of it into the database
/// so that the next transaction starts it again. Whether it did.
pub fn bound(conn: &Connection, db: &Path, limit: u64) -> rusqlite::Result<bool> {
    let size = std::fs::metadata(wal_of(db)).map(|m| m.len()).unwrap_or(0);
    if size <= limit || replicated(db) {
        return Ok(false);
    }
    // The writer waits for this: its time is the till's one-client tail (README, eighth session).
    let started = std::time::Instant::now();
    let (busy, log, copied): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let micros = started.elapsed().as_micros() as u64;
    tracing::debug!(wal_mo = size / 1_000_000, busy, log, copied, micros, "journal WAL rattrapé");
    Ok(true)
}

/// Whether Litestream replicates this database (it then owns TRUNCATE and RESTART).
fn replicated(db: &Path) -> bool {
    let dir = db.parent().unwrap_or(Path::new("."));
    crate::backup::litestream_configs(dir)
        .iter()
        .any(|c| std::fs::read_to_string(c).is_ok_and(|text| crate::backup::litestream_replicates(&text, db)))
}
