//! The WAL stays bounded under a load that never pauses (issue #20): past its limit, and unless
//! Litestream replicates the database, the writer copies what is left of it into the database
//! between two groups, so that its next transaction starts the WAL again.

use std::path::Path;

use fournil::db::checkpoint::bound;
use rusqlite::Connection;

fn wal_size(db: &Path) -> u64 {
    std::fs::metadata(format!("{}-wal", db.display())).map(|m| m.len()).unwrap_or(0)
}

/// A database whose WAL a long reader let grow past 1 MB.
fn grown(dir: &Path) -> (Connection, std::path::PathBuf) {
    let db = dir.join("fournil.db");
    let w = Connection::open(&db).unwrap();
    w.execute_batch("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x BLOB);").unwrap();
    let reader = Connection::open(&db).unwrap();
    reader.execute_batch("BEGIN; SELECT count(*) FROM t;").unwrap();
    for _ in 0..64 {
        w.execute("INSERT INTO t VALUES (zeroblob(32768))", []).unwrap();
    }
    w.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).unwrap();
    reader.execute_batch("COMMIT").unwrap();
    assert!(wal_size(&db) > 1 << 20, "the WAL grew: {}", wal_size(&db));
    (w, db)
}

#[test]
fn past_its_limit_the_wal_is_caught_up_and_started_again_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, db) = grown(dir.path());
    conn.execute_batch("PRAGMA journal_size_limit = 65536").unwrap();
    assert!(!bound(&conn, &db, 64 << 20).unwrap(), "under the limit: left alone");
    conn.execute("INSERT INTO t VALUES (zeroblob(16))", []).unwrap();
    assert!(wal_size(&db) > 1 << 20, "not caught up, not started again");
    assert!(bound(&conn, &db, 1 << 20).unwrap());
    conn.execute("INSERT INTO t VALUES (zeroblob(16))", []).unwrap();
    assert!(wal_size(&db) <= 65_536, "the next write started the WAL again: {}", wal_size(&db));
    let rows: i64 = Connection::open(&db).unwrap().query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 66);
}

#[test]
fn when_litestream_replicates_the_database_it_owns_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, db) = grown(dir.path());
    let config =
        format!("dbs:\n  - path: {}\n    replicas:\n      - type: file\n        path: /tmp/replica\n", db.display());
    std::fs::write(dir.path().join("litestream.yml"), config).unwrap();
    conn.execute_batch("PRAGMA journal_size_limit = 65536").unwrap();
    assert!(!bound(&conn, &db, 1 << 20).unwrap());
    conn.execute("INSERT INTO t VALUES (zeroblob(16))", []).unwrap();
    assert!(wal_size(&db) > 1 << 20, "left to Litestream");
}
