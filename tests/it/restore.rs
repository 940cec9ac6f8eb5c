//! Restore and upgrades: refusals leave the live database untouched; a round trip brings the
//! books back; an older database is copied, then upgraded, with its data.

use std::path::{Path, PathBuf};

use fournil::db::{Db, migrate};
use rusqlite::Connection;

use crate::support::*;

fn users(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut s = conn.prepare("SELECT username FROM users ORDER BY username").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// A shop with a backup in hand, and a user created after it.
async fn shop_with_backup() -> (TestApp, PathBuf) {
    let t = spawn_ready().await;
    t.user_with_role("amina", "vendeuse").await;
    let out = fournil(t.dir.path(), &["backup"], "");
    assert!(out.status.success(), "{}", text(&out));
    let dir = t.dir.path().join("sauvegardes");
    let file = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    t.user_with_role("yacine", "vendeuse").await;
    (t, file)
}

fn refused(dir: &Path, args: &[&str], expected: &str) {
    let before = users(&dir.join("fournil.db"));
    let out = fournil(dir, args, "");
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(expected), "expected {expected:?} in {}", text(&out));
    assert_eq!(users(&dir.join("fournil.db")), before, "the live database changed");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restauration"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn a_restore_round_trips_and_keeps_the_previous_database_aside() {
    let (t, file) = shop_with_backup().await;
    let live = t.dir.path().join("fournil.db");
    assert_eq!(users(&live), ["admin", "amina", "yacine"]);
    let TestApp { app, http, dir: keep, .. } = t;
    drop((app, http)); // the server stops
    let data = keep.path().to_path_buf();
    let out = fournil(&data, &["restore", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(users(&live), ["admin", "amina"]);
    let aside: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("fournil.db.avant-restauration-") && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{}", text(&out));
    assert_eq!(users(&aside[0]), ["admin", "amina", "yacine"], "the previous books are kept");
    let check = fournil(&data, &["check"], "");
    assert!(check.status.success(), "{}", text(&check));
    let conn = Connection::open(&live).unwrap();
    let audited: i64 =
        conn.query_row("SELECT count(*) FROM audit_log WHERE kind = 'base.restauree'", [], |r| r.get(0)).unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn restore_refuses_while_the_server_runs() {
    let (t, file) = shop_with_backup().await;
    // What `serve` holds for its whole life.
    let lock = fournil::backup::lock::acquire(t.dir.path()).unwrap();
    refused(t.dir.path(), &["restore", file.to_str().unwrap()], "le serveur Fournil est en marche");
    drop(lock);
}

#[tokio::test]
async fn restore_refuses_truncated_foreign_newer_and_inconsistent_files() {
    let (t, file) = shop_with_backup().await;
    let dir = t.dir.path();
    let scratch = tempfile::tempdir().unwrap();

    let bytes = std::fs::read(&file).unwrap();
    let truncated = scratch.path().join("tronque.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    refused(dir, &["restore", truncated.to_str().unwrap()], "est tronqué");

    let text_file = scratch.path().join("notes.db");
    std::fs::write(&text_file, "Liste des courses : farine, beurre, sucre.\n".repeat(10)).unwrap();
    refused(dir, &["restore", text_file.to_str().unwrap()], "n'est pas une base SQLite");

    let foreign = scratch.path().join("autre.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE clients (nom TEXT);").unwrap();
    refused(dir, &["restore", foreign.to_str().unwrap()], "pas une base Fournil");

    let newer = scratch.path().join("futur.db");
    std::fs::copy(&file, &newer).unwrap();
    Connection::open(&newer).unwrap().pragma_update(None, "user_version", migrate::LATEST + 1).unwrap();
    refused(dir, &["restore", newer.to_str().unwrap()], "vient d'un Fournil plus récent");

    let broken = scratch.path().join("incoherent.db");
    std::fs::copy(&file, &broken).unwrap();
    Connection::open(&broken).unwrap().execute("UPDATE shop_settings SET timezone = 'Nulle/Part'", []).unwrap();
    refused(dir, &["restore", broken.to_str().unwrap()], "Relancez avec --force");
    refused(dir, &["restore", scratch.path().join("absent.db").to_str().unwrap()], "introuvable");

    // --force restores it, saying what is wrong.
    let out = fournil(dir, &["restore", broken.to_str().unwrap(), "--force"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("ATTENTION (--force)") && text(&out).contains("Nulle/Part"), "{}", text(&out));
}

/// A database as version 1 of Fournil left it, with a shop's data in it.
fn v1_shop(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(include_str!("../fixtures/schema_v1.sql")).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         UPDATE shop_settings SET name = 'Boulangerie Benali', nif = '000123' WHERE id = 1;
         INSERT INTO users (username, display_name, role_id, password_hash, created_at, updated_at, password_changed_at)
         VALUES ('admin', 'Admin', 1, 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                ('amina', 'Amina', 3, 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO audit_log (at, actor, kind, summary) VALUES ('2026-01-01T00:00:00Z', 'système', 'utilisateur.cree', 'Amina');",
    )
    .unwrap();
}

#[test]
fn an_older_database_is_copied_then_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fournil.db");
    v1_shop(&path);
    let db = Db::open(&path).unwrap();
    let (version, name, users_n, audit_n, runs) = db
        .read_sync(|c| {
            let one = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
            Ok((
                migrate::version(c)?,
                c.query_row("SELECT name FROM shop_settings", [], |r| r.get::<_, String>(0))?,
                one("SELECT count(*) FROM users")?,
                one("SELECT count(*) FROM audit_log")?,
                one("SELECT count(*) FROM backups WHERE reason = 'mise_a_jour' AND ok = 1")?,
            ))
        })
        .unwrap();
    assert_eq!((version, name.as_str(), users_n, audit_n, runs), (migrate::LATEST, "Boulangerie Benali", 2, 1, 1));
    assert!(db.read_sync(fournil::system::check::run).unwrap().ok());
    let copies: Vec<PathBuf> =
        std::fs::read_dir(dir.path().join("sauvegardes")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(copies.len(), 1);
    assert!(copies[0].file_name().unwrap().to_string_lossy().starts_with("fournil-avant-mise-a-jour-v1-"));
    let old = Connection::open(&copies[0]).unwrap();
    assert_eq!(migrate::version(&old).unwrap(), 1, "the copy is the database as it was");
    assert_eq!(users(&copies[0]), ["admin", "amina"]);
}

#[test]
fn a_failed_upgrade_leaves_the_old_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fournil.db");
    v1_shop(&path);
    // Something in the way of the upgrade step.
    Connection::open(&path).unwrap().execute_batch("CREATE TABLE backups (x INTEGER);").unwrap();
    let err = Db::open(&path).err().expect("the upgrade must fail").to_string();
    assert!(err.contains("mise à jour 2 → 3 échouée"), "{err}");
    let conn = Connection::open(&path).unwrap();
    assert_eq!(migrate::version(&conn).unwrap(), 1);
    let settings: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'backup_settings'", [], |r| r.get(0)).unwrap();
    assert_eq!(settings, 0, "nothing of the failed step remains");
    let products: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'products'", [], |r| r.get(0)).unwrap();
    assert_eq!(products, 0, "the steps before it, done in the same transaction, are undone too");
    assert_eq!(users(&path), ["admin", "amina"]);
    // And the copy taken before is there.
    assert_eq!(std::fs::read_dir(dir.path().join("sauvegardes")).unwrap().count(), 1);
}
