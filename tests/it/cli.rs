//! The command line, run as the real binary on a data directory the server also has open.

use fournil::system::check::Report;
use fournil::system::child::CHECK_COMMAND;

use crate::support::*;

#[tokio::test]
async fn users_and_tokens_are_managed_while_the_server_runs() {
    let t = spawn_ready().await;
    let dir = t.dir.path();
    let added = fournil(
        dir,
        &["user", "add", "amina", "--role", "vendeuse", "--display-name", "Amina"],
        &format!("{PASSWORD}\n"),
    );
    assert!(added.status.success(), "{}", text(&added));
    assert!(text(&added).contains("Utilisateur « amina » créé"));
    // The running app sees her at once and she can sign in.
    t.browser().login("amina", PASSWORD).await.assert_redirect("/");

    let list = fournil(dir, &["user", "list"], "");
    assert!(text(&list).contains("amina") && text(&list).contains("Vendeuse"), "{}", text(&list));

    let token = fournil(dir, &["token", "create", "amina"], "");
    assert!(token.status.success(), "{}", text(&token));
    let secret = String::from_utf8_lossy(&token.stdout).trim().to_string();
    let me = t.http.get("/api/v1/me").header("Authorization", format!("Bearer {secret}")).send().await;
    me.assert_status_is_ok();

    let reset = fournil(dir, &["user", "reset-password", "amina"], "mille-feuille-2026\n");
    assert!(reset.status.success(), "{}", text(&reset));
    t.browser().login("amina", "mille-feuille-2026").await.assert_redirect("/");

    let disabled = fournil(dir, &["user", "disable", "amina"], "");
    assert!(disabled.status.success(), "{}", text(&disabled));
    assert_eq!(t.browser().login("amina", "mille-feuille-2026").await.status, 422);
    // The admin made by the test's setup, then add, token, reset, disable: all on the trail.
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE actor = 'ligne de commande'").await, 5);

    let check = fournil(dir, &["check"], "");
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("Base saine"));
    assert!(text(&check).contains("(quick_check)") && !text(&check).contains("Clés étrangères"), "{}", text(&check));
    // --full adds every index against its table and every foreign key.
    let full = fournil(dir, &["check", "--full"], "");
    assert!(full.status.success(), "{}", text(&full));
    assert!(text(&full).contains("(integrity_check)") && text(&full).contains("Clés étrangères"), "{}", text(&full));
}

#[tokio::test]
async fn bad_command_line_input_is_explained_and_changes_nothing() {
    let t = spawn_ready().await;
    let dir = t.dir.path();
    let weak = fournil(dir, &["user", "add", "amina", "--role", "vendeuse"], "court\n");
    assert!(!weak.status.success());
    assert!(text(&weak).contains("Au moins 10 caractères"), "{}", text(&weak));
    let role = fournil(dir, &["user", "add", "amina", "--role", "chef"], &format!("{PASSWORD}\n"));
    assert!(!role.status.success());
    assert!(text(&role).contains("rôle inconnu"), "{}", text(&role));
    let dup = fournil(dir, &["user", "add", "ADMIN", "--role", "vendeuse"], &format!("{PASSWORD}\n"));
    assert!(!dup.status.success());
    assert!(text(&dup).contains("déjà pris"), "{}", text(&dup));
    let nobody = fournil(dir, &["user", "disable", "personne"], "");
    assert!(text(&nobody).contains("aucun utilisateur « personne »"));
    let last_admin = fournil(dir, &["user", "disable", "admin"], "");
    assert!(!last_admin.status.success());
    assert!(text(&last_admin).contains("dernier administrateur"), "{}", text(&last_admin));
    assert_eq!(t.count("SELECT count(*) FROM users").await, 1);
    let help = fournil(dir, &["--help"], "");
    assert!(text(&help).contains("FOURNIL_DATA_DIR") && text(&help).contains("serve"), "{}", text(&help));
}

/// The server runs its checks (nightly, the admin's page, the API) in a process of its own
/// (`fournil controler-base DB`, hidden): the child records the run and prints its report as JSON.
#[tokio::test]
async fn the_server_s_check_runs_in_a_child_that_records_it_and_prints_its_report() {
    let t = spawn_ready().await;
    let dir = t.dir.path();
    let db = dir.join("fournil.db");
    let child = |origin: &str| {
        let args = [CHECK_COMMAND, db.to_str().unwrap(), "--origine", origin, "--debut", "2026-11-24T02:00:00Z"];
        fournil(dir, &args, "")
    };
    let answer = |out: &std::process::Output| -> (Report, u64) {
        assert!(out.status.success(), "{}", text(out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (serde_json::from_value(json["report"].clone()).unwrap(), json["peak_rss_kb"].as_u64().unwrap())
    };

    let (report, peak) = answer(&child("serveur"));
    assert!(report.ok(), "{:?}", report.failures().collect::<Vec<_>>());
    assert!(report.findings.iter().any(|f| f.rule == "Version du schéma"), "{:?}", report.findings);
    assert!(peak > 1_000, "its own peak memory, in kB: {peak}");
    let recorded = "SELECT count(*) FROM check_runs WHERE origin = 'serveur' AND ok = 1 AND full = 0";
    assert_eq!(t.count(recorded).await, 1);
    assert!(t.count("SELECT count(*) FROM check_marks").await > 0, "a passing run moves the marks");

    // A finding is an answer too: the report says it, and the failed run is recorded.
    t.app.db.write(|tx| Ok(tx.execute("UPDATE shop_settings SET timezone = 'Nulle/Part'", [])?)).await.unwrap();
    let (report, _) = answer(&child("page"));
    let failed: Vec<_> = report.failures().map(|f| (f.rule.to_string(), f.detail.clone())).collect();
    assert_eq!(failed, [("Paramètres de la boutique".to_string(), "fuseau horaire inconnu : Nulle/Part".to_string())]);
    assert_eq!(t.count("SELECT count(*) FROM check_runs WHERE origin = 'page' AND ok = 0").await, 1);

    // An origin it does not know: refused, nothing recorded.
    let unknown = child("robot");
    assert!(!unknown.status.success() && text(&unknown).contains("origine inconnue"), "{}", text(&unknown));
    assert_eq!(t.count("SELECT count(*) FROM check_runs").await, 2);
}

#[test]
fn check_fails_on_a_broken_database() {
    let dir = tempfile::tempdir().unwrap();
    drop(fournil::db::Db::open(&dir.path().join("fournil.db")).unwrap());
    {
        let conn = rusqlite::Connection::open(dir.path().join("fournil.db")).unwrap();
        conn.execute("UPDATE shop_settings SET timezone = 'Nulle/Part'", []).unwrap();
    }
    let out = fournil(dir.path(), &["check"], "");
    assert!(!out.status.success());
    assert!(text(&out).contains("ÉCHEC Paramètres de la boutique"), "{}", text(&out));
}

#[test]
fn install_with_a_root_lays_out_a_shop_and_uninstall_keeps_the_data() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path().to_str().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = fournil(work.path(), &["install", "--root", r], "");
    assert!(out.status.success(), "{}", text(&out));
    let at = |p: &str| root.path().join(p);
    let bin = std::fs::metadata(at("usr/local/bin/fournil")).unwrap();
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&bin.permissions()) & 0o777, 0o755);
    assert_eq!(bin.len(), std::fs::metadata(env!("CARGO_BIN_EXE_fournil")).unwrap().len());
    let env = std::fs::read_to_string(at("etc/fournil/fournil.env")).unwrap();
    assert!(env.contains("FOURNIL_LISTEN=0.0.0.0:8080"), "{env}");
    assert_eq!(
        std::fs::read_to_string(at("etc/systemd/system/fournil.service")).unwrap(),
        include_str!("../../systemd/fournil.service")
    );
    assert!(at("etc/systemd/system/fournil-litestream.service").exists());
    assert!(at("etc/fournil/litestream.yml.example").exists());
    assert!(at("var/lib/fournil/fournil.db").exists());
    let said = text(&out);
    assert!(said.contains("http://") && said.contains(":8080/"), "{said}");
    let code = said.split("Code d'installation (à saisir sur la première page) : ").nth(1).unwrap().trim();
    let stored = fournil::db::Db::open(&at("var/lib/fournil/fournil.db"))
        .unwrap()
        .write_sync(fournil::auth::ops::pending_setup_code)
        .unwrap();
    assert_eq!(stored.as_deref(), Some(code));

    // A second install keeps the admin's settings.
    std::fs::write(at("etc/fournil/fournil.env"), "FOURNIL_LISTEN=0.0.0.0:9000\n").unwrap();
    assert!(fournil(work.path(), &["install", "--root", r], "").status.success());
    assert!(std::fs::read_to_string(at("etc/fournil/fournil.env")).unwrap().contains("9000"));

    let gone = fournil(work.path(), &["uninstall", "--root", r], "");
    assert!(gone.status.success(), "{}", text(&gone));
    assert!(!at("usr/local/bin/fournil").exists());
    assert!(!at("etc/systemd/system/fournil.service").exists());
    assert!(at("var/lib/fournil/fournil.db").exists(), "the data is kept");
    assert!(at("etc/fournil/fournil.env").exists());
}

#[test]
fn install_offers_a_second_backup_directory_and_sets_the_one_given() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path().to_str().unwrap();
    let work = tempfile::tempdir().unwrap();
    let at = |p: &str| root.path().join(p);
    // A directory that does not exist: refused before anything is installed.
    let bad = fournil(work.path(), &["install", "--root", r, "--second-dir", "/nulle/part"], "");
    assert!(!bad.status.success(), "{}", text(&bad));
    assert!(text(&bad).contains("n'existe pas"), "{}", text(&bad));
    assert!(!at("var/lib/fournil/fournil.db").exists());
    // Without it (and not on a terminal): installed, and told how to add one.
    let plain = fournil(work.path(), &["install", "--root", r], "");
    assert!(plain.status.success(), "{}", text(&plain));
    assert!(text(&plain).contains("--second-dir"), "{}", text(&plain));
    let usb = tempfile::tempdir().unwrap();
    let dir = usb.path().to_str().unwrap();
    let out = fournil(work.path(), &["install", "--root", r, "--second-dir", dir], "");
    assert!(out.status.success(), "{}", text(&out));
    let conn = rusqlite::Connection::open(at("var/lib/fournil/fournil.db")).unwrap();
    let stored: String = conn.query_row("SELECT second_dir FROM backup_settings", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, dir);
    // The hardened service may write there.
    let drop_in = std::fs::read_to_string(at("etc/systemd/system/fournil.service.d/second-dir.conf")).unwrap();
    assert!(drop_in.contains(&format!("ReadWritePaths={dir}")), "{drop_in}");
    assert!(text(&out).contains(dir), "{}", text(&out));
}
