//! The server's checks through their child process, from the server's side: the real `fournil`
//! binary is started as the server starts it, and its answer read back. A test target of its own:
//! enabling children is global to the process, and the `it` tests run the checks on a thread.

use fournil::db::Db;
use fournil::system::check::{Depth, Origin};
use fournil::system::child::run_apart;

#[test]
fn the_server_s_check_is_answered_by_its_child_and_recorded_once() {
    fournil::children::enable_with(env!("CARGO_BIN_EXE_fournil").into());
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("fournil.db")).unwrap();
    let runs = |db: &Db| {
        db.read_sync(|c| {
            Ok(c.query_row("SELECT count(*), sum(full), min(origin) FROM check_runs", [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, Option<String>>(2)?))
            })?)
        })
        .unwrap()
    };

    let quick = run_apart(&db, Origin::Page, Depth::Quick, "2026-11-24T09:00:00Z".into()).unwrap();
    assert!(quick.report.ok(), "{:?}", quick.report.failures().collect::<Vec<_>>());
    assert!(quick.child_peak_kb.is_some_and(|kb| kb > 1_000), "answered by the child: {:?}", quick.child_peak_kb);
    assert!(quick.report.findings.iter().any(|f| f.rule == "Structure du fichier SQLite (quick_check)"));
    assert_eq!(runs(&db), (1, Some(0), Some("page".to_string())), "recorded once, by the child");

    let full = run_apart(&db, Origin::Server, Depth::Full, "2026-11-25T02:00:00Z".into()).unwrap();
    assert!(full.child_peak_kb.is_some());
    assert!(full.report.findings.iter().any(|f| f.rule == "Clés étrangères"), "{:?}", full.report.findings);
    assert_eq!(runs(&db).0, 2);

    // A finding comes back with its detail.
    db.write_sync(|tx| Ok(tx.execute("UPDATE shop_settings SET timezone = 'Nulle/Part'", [])?)).unwrap();
    let found = run_apart(&db, Origin::Page, Depth::Quick, "2026-11-25T09:00:00Z".into()).unwrap();
    assert!(found.child_peak_kb.is_some());
    let failed: Vec<_> = found.report.failures().map(|f| (f.rule.as_ref(), f.detail.as_str())).collect();
    assert_eq!(failed, [("Paramètres de la boutique", "fuseau horaire inconnu : Nulle/Part")]);
}
