//! The incremental check (issue #20 item 4): a passing run leaves marks; the next ordinary run
//! proves only what came after them, yet still finds a row changed behind the app's back before
//! the mark or after it; `--full` finds both; a dropped trigger is a finding.

use chrono::Duration;
use fournil::system::check::{Depth, Origin, Report};

use crate::kpi::{hand_made_day, sale_at};
use crate::orders::Bakery;
use crate::support::*;

/// Runs the check as `fournil check` does (recorded: a passing run moves the marks).
fn run(t: &TestApp, depth: Depth) -> Report {
    let started = t.app.clock.now_text();
    fournil::system::nightly::run_recorded(&t.app.db, Origin::Command, depth, started).unwrap()
}

fn failed<'a>(r: &'a Report, rule: &str) -> Option<&'a str> {
    r.failures().find(|f| f.rule.starts_with(rule)).map(|f| f.detail.as_str())
}

async fn tamper(t: &TestApp, sql: &str) {
    let sql = sql.to_string();
    t.app.db.write(move |tx| Ok(tx.execute_batch(&sql)?)).await.unwrap();
}

/// The hand-made day and month, a first passing run (complete: no mark yet), then a day.
async fn marked() -> (Bakery, i64) {
    let (b, croissant) = hand_made_day(true).await;
    let first = run(&b.t, Depth::Quick);
    assert!(first.ok(), "{:?}", first.failures().collect::<Vec<_>>());
    assert_eq!(first.since, None, "no mark yet: every ledger from its first row");
    assert!(first.mode.starts_with("Contrôle complet"), "{}", first.mode);
    assert_eq!(b.t.count("SELECT count(*) FROM check_marks").await, 8);
    b.t.advance(Duration::days(1));
    sale_at(&b.t, &b.seller, "2026-11-25T09:00:00Z", croissant, 1, 40).await;
    (b, croissant)
}

#[tokio::test]
async fn a_passing_check_then_a_day_of_sales_is_proven_from_the_marks() {
    let (b, _) = marked().await;
    let r = run(&b.t, Depth::Quick);
    assert!(r.ok(), "{:?}", r.failures().collect::<Vec<_>>());
    assert!(r.since.is_some(), "{}", r.mode);
    assert!(r.mode.starts_with("Contrôle incrémental : registres prouvés depuis le 2026-11-24"), "{}", r.mode);
    assert!(r.mode.contains("dernier contrôle complet le 2026-11-24"), "{}", r.mode);
    let last = b.t.app.db.read(fournil::system::check::last).await.unwrap().unwrap();
    assert!(last.since.is_some(), "the run is recorded as incremental");
    // The marks moved to what this run proved: the stock's last move, the books' last day.
    assert_eq!(
        b.t.count("SELECT count(*) FROM check_marks WHERE rule = 'indicateurs' AND day = '2026-11-25'").await,
        1
    );
    let moves = b.t.count("SELECT max(id) FROM stock_moves").await;
    assert_eq!(b.t.count("SELECT upto FROM check_marks WHERE rule = 'stock'").await, moves);
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn an_aggregate_changed_before_or_after_the_mark_is_found() {
    let (b, _) = marked().await;
    tamper(&b.t, "UPDATE kpi_sales SET revenue = revenue + 1 WHERE day = '2026-11-10'").await;
    assert_eq!(b.t.count("SELECT count(*) FROM check_dirty WHERE key = '2026-11-10'").await, 1);
    let r = run(&b.t, Depth::Quick);
    assert!(r.since.is_some(), "{}", r.mode);
    let found = failed(&r, "Indicateurs : ventes par jour, canal et produit").expect("an old day changed");
    assert!(found.contains("2026-11-10"), "{found}");
    tamper(&b.t, "UPDATE kpi_sales SET revenue = revenue - 1 WHERE day = '2026-11-10'").await;
    tamper(&b.t, "UPDATE kpi_receipts SET amount = amount + 100 WHERE day = '2026-11-25'").await;
    let r = run(&b.t, Depth::Quick);
    let found = failed(&r, "Indicateurs : encaissements").expect("a day after the mark changed");
    assert!(found.contains("2026-11-25"), "{found}");
    let full = run(&b.t, Depth::Full);
    assert!(failed(&full, "Indicateurs : encaissements").is_some());
    // A line slipped into an old ticket (the app never adds one) marks its day too.
    tamper(&b.t, "UPDATE kpi_receipts SET amount = amount - 100 WHERE day = '2026-11-25'").await;
    assert!(run(&b.t, Depth::Quick).ok(), "put back, the run passes and moves the marks");
    tamper(
        &b.t,
        "INSERT INTO sale_payments (sale_id, method, amount) SELECT id, 'carte', 100 FROM sales WHERE day = '2026-11-10'",
    )
    .await;
    let r = run(&b.t, Depth::Quick);
    assert!(failed(&r, "Indicateurs : encaissements").is_some_and(|f| f.contains("2026-11-10")), "{:?}", r.findings);
}

#[tokio::test]
async fn the_stock_is_proven_from_its_mark_and_an_old_move_cannot_change_unseen() {
    let (b, _) = marked().await;
    let t = &b.t;
    // The moves are append-only: an update is refused by the app's own database.
    let refused =
        t.app.db.write(|tx| Ok(tx.execute("UPDATE stock_moves SET qty = qty + 1000 WHERE id = 1", [])?)).await;
    assert!(refused.is_err());
    tamper(t, "UPDATE stock_balances SET qty = qty + 1000 WHERE product_id = (SELECT min(product_id) FROM stock_balances WHERE qty > 0)").await;
    let r = run(t, Depth::Quick);
    assert!(r.since.is_some());
    assert!(failed(&r, "Stock : soldes = somme des mouvements").is_some(), "{:?}", r.findings);
    tamper(t, "UPDATE stock_balances SET qty = qty - 1000 WHERE product_id = (SELECT min(product_id) FROM stock_balances WHERE qty > 0)").await;
    assert!(run(t, Depth::Quick).ok());
    // Behind the app's back: the guard dropped, an old move changed.
    tamper(t, "DROP TRIGGER stock_moves_no_update; UPDATE stock_moves SET qty = qty + 1000 WHERE id = 1").await;
    let r = run(t, Depth::Quick);
    let guard = failed(&r, "Registres en ajout seul").expect("the dropped trigger is found");
    assert!(
        guard.contains(
            "contrôle incrémental désactivé : déclencheur stock_moves_no_update absent — lancez fournil check --full"
        ),
        "{guard}"
    );
    assert!(
        failed(&r, "Stock : soldes = somme des mouvements").is_some(),
        "proven from the first move: {:?}",
        r.findings
    );
    let full = run(t, Depth::Full);
    assert!(failed(&full, "Stock : soldes = somme des mouvements").is_some());
    assert!(failed(&full, "Registres en ajout seul").is_some());
}

#[tokio::test]
async fn the_books_are_proven_from_their_mark_and_an_old_day_written_is_found() {
    let (b, _) = marked().await;
    let t = &b.t;
    tamper(t, "INSERT INTO account_days (account, day, debit, credit) VALUES ('530', '2026-11-01', 100, 0)").await;
    let r = run(t, Depth::Quick);
    assert!(r.since.is_some());
    let found = failed(&r, "Comptabilité : totaux par compte et par jour = lignes").expect("an old day written");
    assert!(found.contains("2026-11-01"), "{found}");
    tamper(t, "DELETE FROM account_days WHERE account = '530' AND day = '2026-11-01'").await;
    assert!(run(t, Depth::Quick).ok());
    // A line slipped into the first entry: its day is proven again, and the entry found unbalanced.
    tamper(t, "INSERT INTO journal_lines (entry_id, account, debit) VALUES (1, '530', 100)").await;
    let r = run(t, Depth::Quick);
    assert!(failed(&r, "Comptabilité : chaque écriture équilibrée").is_some(), "{:?}", r.findings);
    assert!(failed(&r, "Comptabilité : totaux par compte et par jour = lignes").is_some());
    let full = run(t, Depth::Full);
    assert!(failed(&full, "Comptabilité : chaque écriture équilibrée").is_some());
}

#[tokio::test]
async fn a_dropped_trigger_is_a_finding_and_a_recent_full_run_spares_the_quick_check() {
    let (b, _) = marked().await;
    let t = &b.t;
    let full = run(t, Depth::Full);
    assert!(full.ok() && full.since.is_none(), "{}", full.mode);
    let r = run(t, Depth::Quick);
    assert!(r.ok());
    assert!(
        !r.findings.iter().any(|f| f.rule.contains("quick_check")),
        "a full run passed today: the structure is not read again"
    );
    tamper(t, "DROP TRIGGER kpi_sales_mark_update").await;
    let r = run(t, Depth::Quick);
    let guard = failed(&r, "Registres en ajout seul").expect("found");
    assert!(guard.contains("déclencheur kpi_sales_mark_update absent"), "{guard}");
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    assert!(failed(&report, "Registres en ajout seul").is_some());
}

#[tokio::test]
async fn the_till_and_the_drawers_are_proven_from_their_marks() {
    let (b, _) = marked().await;
    let t = &b.t;
    // A payment slipped into the ticket sold after the mark: the till's own rule finds it.
    tamper(t, "INSERT INTO sale_payments (sale_id, method, amount) SELECT max(id), 'carte', 100 FROM sales").await;
    let r = run(t, Depth::Quick);
    assert!(r.since.is_some());
    assert!(failed(&r, "Tickets : payés en entier").is_some(), "{:?}", r.findings);
    // One slipped into a ticket before the mark: found by its day's receipts, and by --full.
    let old = "INSERT INTO sale_payments (sale_id, method, amount) SELECT min(id), 'carte', 100 FROM sales";
    tamper(t, old).await;
    let r = run(t, Depth::Quick);
    assert!(failed(&r, "Indicateurs : encaissements").is_some_and(|f| f.contains("2026-10-31")), "{:?}", r.findings);
    let full = run(t, Depth::Full);
    let paid = failed(&full, "Tickets : payés en entier").expect("both tickets");
    assert_eq!(paid.split(" ; ").count(), 2, "{paid}");
}

#[tokio::test]
async fn a_drawer_movement_without_its_entry_after_the_mark_is_found() {
    let (b, _) = marked().await;
    let t = &b.t;
    tamper(
        t,
        "INSERT INTO cash_movements (shift_id, at, day, kind, amount, user_id)
         SELECT id, '2026-11-25T10:00:00Z', '2026-11-25', 'apport', 500, 1 FROM cash_shifts WHERE status = 'ouverte'",
    )
    .await;
    let r = run(t, Depth::Quick);
    assert!(r.since.is_some());
    assert!(failed(&r, "Mouvements de caisse : chacun son écriture").is_some(), "{:?}", r.findings);
    assert!(failed(&r, "Compte 530 = espèces des tiroirs").is_some());
}

#[tokio::test]
async fn the_staff_pairing_resumes_from_the_mark_and_an_old_punch_deleted_is_found() {
    use crate::clock_device::PushDevice;
    use crate::staff_given::{StaffOf, at};
    use fournil::people::AttendanceMode;
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let dev_id = t.staff().device("INC001").await;
    t.staff().enrol(ana, dev_id, "1").await;
    let mut dev = PushDevice::in_process("INC001", &t.app);
    dev.handshake().await;
    dev.punch("1", at("2026-11-20 08:00"), 0, 1).await.unwrap();
    dev.punch("1", at("2026-11-20 16:00"), 1, 1).await.unwrap();
    // A shift in progress when the check runs: the pairing stops on its open IN.
    dev.punch("1", at("2026-11-23 08:00"), 0, 1).await.unwrap();
    let first = run(&t, Depth::Quick);
    assert!(first.ok() && first.since.is_none(), "{:?}", first.failures().collect::<Vec<_>>());
    dev.punch("1", at("2026-11-23 16:00"), 1, 1).await.unwrap();
    let r = run(&t, Depth::Quick);
    assert!(r.ok() && r.since.is_some(), "the OUT closes the IN read by the last run: {:?}", r.findings);
    // An OUT alone after the mark is found; the OUT the pairing resumes from is not.
    dev.punch("1", at("2026-11-24 16:00"), 1, 1).await.unwrap();
    let r = run(&t, Depth::Quick);
    let found = failed(&r, "Pointages : chacun apparié").expect("the lone OUT");
    assert!(found.contains("24/11/2026 16:00") && !found.contains("23/11/2026"), "{found}");
    // Behind the app's back, before the mark: the 20th's OUT deleted. Ana's punches are paired
    // again from the first.
    tamper(&t, "DELETE FROM punches WHERE local_time = '2026-11-20 16:00:00'").await;
    let r = run(&t, Depth::Quick);
    let found = failed(&r, "Pointages : chacun apparié").expect("found");
    assert!(found.contains("20/11/2026 08:00"), "{found}");
    let full = run(&t, Depth::Full);
    assert!(failed(&full, "Pointages : chacun apparié").is_some_and(|f| f.contains("20/11/2026 08:00")));
}

#[tokio::test]
async fn an_old_order_changed_behind_the_back_is_proven_again() {
    let (b, _) = marked().await;
    let t = &b.t;
    let which = "id = (SELECT min(id) FROM orders WHERE status NOT IN ('remise', 'annulee') AND paid >= 100)";
    tamper(t, &format!("UPDATE orders SET paid = paid - 100 WHERE {which}")).await;
    assert_eq!(t.count("SELECT count(*) FROM check_dirty WHERE rule = 'commandes'").await, 1);
    let r = run(t, Depth::Quick);
    assert!(r.since.is_some());
    assert!(failed(&r, "Commandes : payé = somme des paiements").is_some(), "{:?}", r.findings);
    let full = run(t, Depth::Full);
    assert!(failed(&full, "Commandes : payé = somme des paiements").is_some());
    // Put back: the run passes, the marks move and the order is forgotten.
    tamper(t, &format!("UPDATE orders SET paid = paid + 100 WHERE {which}")).await;
    assert!(run(t, Depth::Quick).ok());
    assert_eq!(t.count("SELECT count(*) FROM check_dirty").await, 0);
}

#[tokio::test]
async fn an_old_purchase_changed_behind_the_back_is_proven_again() {
    let (b, _) = marked().await;
    let t = &b.t;
    tamper(
        t,
        "UPDATE purchases SET total = total + 100 WHERE id = (SELECT min(id) FROM purchases WHERE status = 'recu')",
    )
    .await;
    let r = run(t, Depth::Quick);
    assert!(r.since.is_some());
    assert!(failed(&r, "Achats : chaque réception a son écriture").is_some(), "{:?}", r.findings);
    assert!(failed(&run(t, Depth::Full), "Achats : chaque réception a son écriture").is_some());
}
