//! Backups: a consistent file while the shop writes, clear refusals, the page, the warning.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Duration as Days;
use fournil::audit::{self, Actor, AuditKind, Event};
use fournil::backup::child;
use fournil::backup::snapshot::{self, Options, SnapshotError};
use poem::http::StatusCode;
use rusqlite::Connection;

use crate::support::*;

/// One "sale-like" write: a row appended in its own IMMEDIATE transaction.
async fn write_one(t: &TestApp, n: usize) {
    let now = t.app.clock.now_text();
    t.app
        .db
        .write(move |tx| {
            let e = Event::new(AuditKind::SettingsChanged, "vente", n, format!("vente n° {n}"));
            audit::record(tx, &Actor::system(), &now, e)
        })
        .await
        .unwrap();
}

fn backup_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn assert_sound(path: &Path) {
    let conn = Connection::open(path).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let report = fournil::system::check::run(&conn).unwrap();
    assert!(report.ok(), "{:?}", report.failures().collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_1000_concurrent_writes_opens_and_passes_check() {
    let t = spawn_ready().await;
    // Enough pages that the copy, one page per step, spans the writes.
    for chunk in 0..10 {
        let now = t.app.clock.now_text();
        t.app
            .db
            .write(move |tx| {
                for i in 0..300 {
                    let e =
                        Event::new(AuditKind::SettingsChanged, "vente", i, format!("{chunk}-{i} {}", "x".repeat(300)));
                    audit::record(tx, &Actor::system(), &now, e)?;
                }
                Ok(())
            })
            .await
            .unwrap();
    }
    let before = t.count("SELECT count(*) FROM audit_log").await;
    let out = tempfile::tempdir().unwrap();
    let (source, dir) = (t.app.db.path().to_path_buf(), out.path().to_path_buf());
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let copier = std::thread::spawn(move || {
        let opts = Options { pages_per_step: 2, pause: Duration::from_millis(1), ..Options::default() };
        let snap = snapshot::write(&source, &dir, "fournil-copie.db", &opts, &mut |_, _| {});
        flag.store(true, Ordering::SeqCst);
        snap
    });
    let t = Arc::new(t);
    let mut tasks = Vec::new();
    for w in 0..10 {
        let t = t.clone();
        tasks.push(tokio::spawn(async move {
            let mut worst = Duration::ZERO;
            for i in 0..100 {
                let start = Instant::now();
                write_one(&t, w * 100 + i).await;
                worst = worst.max(start.elapsed());
            }
            worst
        }));
    }
    let mut worst = Duration::ZERO;
    for task in tasks {
        worst = worst.max(task.await.unwrap());
    }
    let during = done.load(Ordering::SeqCst);
    let snap = copier.join().unwrap().expect("backup written");
    eprintln!(
        "backup {} o in {:?}; slowest of 1000 writes: {worst:?}; copy still running when writes ended: {}",
        snap.size, snap.elapsed, !during
    );
    assert!(snap.check.is_ok(), "{:?}", snap.check);
    assert_sound(&snap.path);
    // A consistent point in time: everything written before it started, and whole transactions only.
    let conn = Connection::open(&snap.path).unwrap();
    let rows: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    assert!(rows >= before && rows <= before + 1000, "{rows}");
    assert_eq!(t.count("SELECT count(*) FROM audit_log").await, before + 1000);
    assert!(worst < Duration::from_millis(500), "a write waited {worst:?}");
    // No partial file is left beside it, and the copy needs no WAL.
    assert_eq!(backup_files(out.path()), vec!["fournil-copie.db".to_string()]);
}

#[tokio::test]
async fn fournil_backup_writes_a_verified_dated_file_and_records_it() {
    let t = spawn_ready().await;
    let out = fournil(t.dir.path(), &["backup"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Copie vérifiée"), "{}", text(&out));
    let files = backup_files(&t.dir.path().join("sauvegardes"));
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(fournil::backup::stamp_of(&files[0]).is_some(), "{files:?}");
    assert_sound(&t.dir.path().join("sauvegardes").join(&files[0]));
    assert_eq!(t.count("SELECT count(*) FROM backups WHERE ok = 1 AND reason = 'commande'").await, 1);
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE kind = 'sauvegarde.lancee'").await, 1);
}

#[tokio::test]
async fn a_missing_or_unwritable_directory_is_explained_and_leaves_nothing() {
    let t = spawn_ready().await;
    let missing = t.dir.path().join("cle-usb");
    let out = fournil(t.dir.path(), &["backup", "--to", missing.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert!(text(&out).contains("n'existe pas"), "{}", text(&out));
    assert!(!missing.exists());

    let locked = tempfile::tempdir().unwrap();
    let mut perms = std::fs::metadata(locked.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(locked.path(), perms).unwrap();
    // root ignores file modes: then use sysfs, which nobody may create files in.
    let probe = locked.path().join("sonde");
    let unwritable = if std::fs::write(&probe, b"").is_ok() {
        std::fs::remove_file(&probe).unwrap();
        Path::new("/sys").to_path_buf()
    } else {
        locked.path().to_path_buf()
    };
    let out = fournil(t.dir.path(), &["backup", "--to", unwritable.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert!(text(&out).contains("impossible d'écrire dans le dossier de sauvegarde"), "{}", text(&out));
    // Both failures are recorded, and admins are told.
    assert_eq!(t.count("SELECT count(*) FROM backups WHERE ok = 0").await, 2);
    let mut admin = t.admin().await;
    admin.get("/").await.assert_contains("La dernière sauvegarde a échoué");
}

#[tokio::test]
async fn a_disk_that_fills_up_mid_backup_leaves_no_partial_file() {
    let t = spawn_ready().await;
    let out = tempfile::tempdir().unwrap();
    // The copy may grow to 3 pages only: SQLite reports SQLITE_FULL as a full disk would.
    let opts = Options { max_pages: Some(3), ..Options::default() };
    let err = snapshot::write(t.app.db.path(), out.path(), "fournil-x.db", &opts, &mut |_, _| {}).unwrap_err();
    assert!(matches!(err, SnapshotError::DiskFull(_)), "{err:?}");
    assert!(err.to_string().contains("disque") && err.to_string().contains("plein"), "{err}");
    assert!(backup_files(out.path()).is_empty(), "{:?}", backup_files(out.path()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_backup_page_runs_downloads_and_warns_admins_until_a_backup_succeeds() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let page = admin.get("/admin/sauvegardes").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Aucune sauvegarde n'a encore réussi");
    page.assert_contains("Lancer une sauvegarde maintenant");
    // Every page warns the admin, the home page included; staff without the permission are not
    // warned on that same page.
    admin.get("/").await.assert_contains("Aucune sauvegarde n'a encore réussi");
    let mut vendeuse = t.signed_in("amina", "vendeuse").await;
    let home = vendeuse.get("/").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    home.assert_contains("Bonjour amina");
    assert!(!home.body.contains("sauvegarde"), "{}", home.body);

    admin.post("/admin/sauvegardes/lancer", &[]).await.assert_redirect("/admin/sauvegardes?ok=sauvegarde-faite");
    assert_eq!(backup_files(&t.dir.path().join("sauvegardes")).len(), 1);
    let page = admin.get("/admin/sauvegardes").await;
    assert!(!page.body.contains("toast warning"), "{}", page.body);
    page.assert_contains("Dernière sauvegarde réussie il y a 0 h");

    // Past 26 h, every page warns (the session slides with use: 11 h + 11 h + 5 h).
    for hours in [11, 11] {
        t.advance(Days::hours(hours));
        assert!(!admin.get("/").await.body.contains("toast warning"));
    }
    t.advance(Days::hours(5));
    admin.get("/").await.assert_contains("date de 27 h");

    let resp = t
        .http
        .get("/admin/sauvegardes/telecharger")
        .header("cookie", format!("fournil_session={}", admin.cookies["fournil_session"]))
        .send()
        .await;
    resp.assert_status_is_ok();
    resp.assert_header("content-type", "application/vnd.sqlite3");
    let bytes = resp.0.into_body().into_vec().await.unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    let copy = t.dir.path().join("telecharge.db");
    std::fs::write(&copy, &bytes).unwrap();
    assert_sound(&copy);
    // Nothing left behind by the download; it is audited.
    assert_eq!(backup_files(&t.dir.path().join("sauvegardes")).len(), 1);
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE kind = 'sauvegarde.telechargee'").await, 1);
}

#[tokio::test]
async fn backup_settings_refuse_bad_input_beside_each_field() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/admin/sauvegardes").await;
    let bad = admin
        .post(
            "/admin/sauvegardes/parametres",
            &[("hour", "25"), ("keep_daily", "0"), ("keep_monthly", "-1"), ("second_dir", "/nulle/part")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Une heure entre 0 et 23.");
    bad.assert_contains("Un nombre entre 1 et 366.");
    bad.assert_contains("Un nombre entre 0 et 120.");
    bad.assert_contains("n'existe pas");
    bad.assert_contains("value=\"25\"");
    let usb = tempfile::tempdir().unwrap();
    let dir = usb.path().to_str().unwrap();
    admin
        .post(
            "/admin/sauvegardes/parametres",
            &[("hour", "3"), ("keep_daily", "7"), ("keep_monthly", "6"), ("second_dir", dir)],
        )
        .await
        .assert_redirect("/admin/sauvegardes?ok=sauvegardes-reglages");
    assert_eq!(t.count("SELECT hour * 1000 + keep_daily * 10 + keep_monthly FROM backup_settings").await, 3076);
    // The next backup goes to both places.
    admin.post("/admin/sauvegardes/lancer", &[]).await.assert_redirect("/admin/sauvegardes?ok=sauvegarde-faite");
    assert_eq!(backup_files(usb.path()).len(), 1);
    assert_eq!(t.count("SELECT count(*) FROM backups WHERE ok = 1").await, 2);
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE kind = 'sauvegardes.parametres_modifies'").await, 1);
}

const ONE_DISK: &str = "Les sauvegardes ne sont que sur le disque de ce PC";

#[tokio::test]
async fn admins_are_told_in_red_until_a_second_directory_has_received_a_copy() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let home = admin.get("/").await;
    home.assert_contains(ONE_DISK);
    home.assert_contains("class=\"card danger\"");
    admin.get("/admin/sauvegardes").await.assert_contains(ONE_DISK);
    // Staff are not told.
    let mut vendeuse = t.signed_in("amina", "vendeuse").await;
    assert!(!vendeuse.get("/").await.body.contains(ONE_DISK));
    // A backup on the PC's own disk is not a second copy.
    admin.post("/admin/sauvegardes/lancer", &[]).await.assert_redirect("/admin/sauvegardes?ok=sauvegarde-faite");
    admin.get("/").await.assert_contains(ONE_DISK);
    // A second directory set but not written to yet: still one copy.
    let usb = tempfile::tempdir().unwrap();
    let dir = usb.path().to_str().unwrap();
    let settings = [("hour", "2"), ("keep_daily", "14"), ("keep_monthly", "12"), ("second_dir", dir)];
    admin.post("/admin/sauvegardes/parametres", &settings).await;
    admin.get("/").await.assert_contains(ONE_DISK);
    admin.post("/admin/sauvegardes/lancer", &[]).await.assert_redirect("/admin/sauvegardes?ok=sauvegarde-faite");
    assert_eq!(backup_files(usb.path()).len(), 1);
    assert!(!admin.get("/").await.body.contains(ONE_DISK));
    let page = admin.get("/admin/sauvegardes").await;
    assert!(!page.body.contains(ONE_DISK), "{}", page.body);
    page.assert_contains(dir);
}

#[tokio::test]
async fn a_litestream_replica_of_this_database_is_a_second_copy() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let config = t.dir.path().join("litestream.yml");
    let db = t.app.db.path().display().to_string();
    // Every replica commented out: nothing is copied.
    let commented =
        format!("dbs:\n  - path: {db}\n    replicas:\n      # - type: file\n      #   path: /mnt/sauvegarde/fournil\n");
    std::fs::write(&config, commented).unwrap();
    admin.get("/").await.assert_contains(ONE_DISK);
    // Another database's replica does not copy this one.
    std::fs::write(
        &config,
        "dbs:\n  - path: /ailleurs/autre.db\n    replicas:\n      - type: file\n        path: /mnt/x\n",
    )
    .unwrap();
    admin.get("/").await.assert_contains(ONE_DISK);
    let live = format!(
        "dbs:\n  - path: {db}\n    replicas:\n      - type: file\n        path: /mnt/sauvegarde/fournil\n        sync-interval: 1s\n"
    );
    std::fs::write(&config, live).unwrap();
    assert!(!admin.get("/").await.body.contains(ONE_DISK));
    admin.get("/admin/sauvegardes").await.assert_contains("Litestream");
}

/// The binary verifies its copies in a process of its own (`fournil verifier-copie FILE`, hidden):
/// it answers by its exit code, and what it found on its standard output.
#[tokio::test]
async fn a_copy_is_verified_by_a_child_process_that_answers_by_its_exit_code() {
    let t = spawn_ready().await;
    let out = fournil(t.dir.path(), &["backup"], "");
    assert!(out.status.success(), "{}", text(&out));
    let dir = t.dir.path().join("sauvegardes");
    let copy = dir.join(&backup_files(&dir)[0]);
    let verify = |path: &Path| fournil(t.dir.path(), &[child::VERIFY_COMMAND, path.to_str().unwrap()], "");

    let sound = verify(&copy);
    assert_eq!(sound.status.code(), Some(0), "{}", text(&sound));

    // A finding of the ledgers' rules: the audit log's guard gone from the copy.
    let tampered = dir.join("modifiee.db");
    std::fs::copy(&copy, &tampered).unwrap();
    Connection::open(&tampered).unwrap().execute_batch("DROP TRIGGER audit_log_no_delete;").unwrap();
    let found = verify(&tampered);
    assert_eq!(found.status.code(), Some(10), "{}", text(&found));
    assert!(String::from_utf8_lossy(&found.stdout).contains("protections du journal d'audit absentes"));

    // Not a database at all.
    let broken = dir.join("cassee.db");
    std::fs::write(&broken, vec![0x5a; 64 * 1024]).unwrap();
    let corrupt = verify(&broken);
    assert_eq!(corrupt.status.code(), Some(11), "{}", text(&corrupt));
    assert!(!String::from_utf8_lossy(&corrupt.stdout).trim().is_empty());
}

#[tokio::test]
async fn a_copy_is_taken_by_a_child_process_that_reports_its_progress_and_its_answer() {
    let t = spawn_ready().await;
    let source = t.dir.path().join("fournil.db");
    let dest = t.dir.path().join("copie.db");
    let copy = |dest: &Path| {
        let args =
            [child::COPY_COMMAND, source.to_str().unwrap(), dest.to_str().unwrap(), "--pages", "8", "--pause-ms", "0"];
        fournil(t.dir.path(), &args, "")
    };
    std::fs::File::create(&dest).unwrap();
    let done = copy(&dest);
    assert_eq!(done.status.code(), Some(0), "{}", text(&done));
    // Its progress, one "copied total" line per step of 8 pages, up to the whole file.
    let lines: Vec<(i32, i32)> = String::from_utf8_lossy(&done.stdout)
        .lines()
        .map(|l| l.split_once(' ').map(|(a, b)| (a.parse().unwrap(), b.parse().unwrap())).unwrap())
        .collect();
    let (last, total) = *lines.last().unwrap();
    assert!(lines.len() > 2 && last == total && total > 16, "{lines:?}");
    assert_sound(&dest);
    let users =
        |p: &Path| Connection::open(p).unwrap().query_row("SELECT count(*) FROM users", [], |r| r.get::<_, i64>(0));
    assert_eq!(users(&dest).unwrap(), users(&source).unwrap());

    // A folder that does not exist: the child says the folder cannot be written, by its exit code.
    let nowhere = copy(&t.dir.path().join("absent").join("copie.db"));
    assert_eq!(nowhere.status.code(), Some(21), "{}", text(&nowhere));
    assert!(String::from_utf8_lossy(&nowhere.stdout).contains("impossible d'écrire"), "{}", text(&nowhere));
}
