//! Cash shifts: opening with a counted float, movements, blind close, X and Z reports, the
//! drawers' sub-ledger (530) and cash supplier payments through a drawer.

use fournil::audit::Actor;
use fournil::cash::{self, Counts, Purpose, ops};
use fournil::error::AppError;
use fournil::money::Money;

use crate::support::*;

/// The holder of the drawer in ops-level tests: the vendeuse who opens it in `t.given().shift()`.
async fn holder(t: &TestApp) -> Actor {
    t.given().user("caissiere", "vendeuse").await.actor()
}

/// Till 1 with an open shift (opened with this float when none is open); the shift id.
async fn ensure_open(t: &TestApp, float: Money) -> i64 {
    t.given().shift().float(float).await
}

async fn open_counted(t: &TestApp, counts: &[(&str, i64)], token: Option<&str>) -> Result<i64, AppError> {
    let actor = holder(t).await;
    let c = Counts(counts.iter().map(|(k, n)| (k.to_string(), *n)).collect());
    let d = ops::OpenDraft { till_id: 1, float: ops::Float::Counted(c), token: token.map(str::to_string) };
    t.app.db.write(move |tx| ops::open(tx, &actor, &d, NOW, day())).await
}

async fn move_cash(t: &TestApp, purpose: Purpose, da: i64, token: Option<&str>) -> Result<i64, AppError> {
    let actor = holder(t).await;
    let m = ops::MovementInput {
        at: ops::At::Till(1),
        purpose,
        amount: Money::from_da(da),
        reason: "motif".into(),
        token: token.map(str::to_string),
    };
    t.app.db.write(move |tx| ops::move_cash(tx, &actor, &m, NOW, day())).await
}

/// A bill paid from till 1's drawer, as the till's « Dépense payée en espèces » enters it:
/// « Livraison, transport » (624).
async fn till_expense(t: &TestApp, da: i64) -> Result<i64, AppError> {
    let actor = holder(t).await;
    let d = fournil::expenses::ExpenseDraft {
        day: day(),
        label_id: 6,
        beneficiary: "Yassir".into(),
        reference: String::new(),
        amount: Money::from_da(da),
        tva: Money::ZERO,
        tva_bp: 0,
        paid_by: fournil::expenses::PaidBy::Drawer,
        till_id: Some(1),
        monthly: false,
        note: String::new(),
        token: None,
    };
    let st = fournil::audit::Stamp { actor, now: NOW.into(), day: day() };
    t.app.db.write(move |tx| fournil::expenses::ops::record(tx, &st, &d)).await
}

async fn close(
    t: &TestApp,
    shift: i64,
    counts: &[(&str, i64)],
    next_float: Option<Money>,
    comment: &str,
    token: Option<&str>,
) -> Result<i64, AppError> {
    let actor = holder(t).await;
    let d = ops::CloseDraft {
        counts: Counts(counts.iter().map(|(k, n)| (k.to_string(), *n)).collect()),
        next_float,
        comment: comment.into(),
        token: token.map(str::to_string),
    };
    t.app.db.write(move |tx| ops::close(tx, &actor, shift, &d, NOW, day())).await
}

async fn net(t: &TestApp, account: &'static str) -> Money {
    t.app.db.read(move |c| Ok(fournil::accounting::store::net_of(c, account)?)).await.unwrap()
}

pub(crate) async fn report(t: &TestApp, shift: i64) -> cash::ShiftReport {
    t.app.db.read(move |c| cash::ops::report::compute(c, shift)).await.unwrap()
}

fn code(e: &AppError) -> &'static str {
    e.code()
}

/// The float counted note by note; the first shift's float comes from the owner (Dr 530 / Cr 108);
/// a replayed opening answers the same shift; a second shift on the till is refused.
#[tokio::test]
async fn opening_counts_the_float_and_posts_the_difference_against_the_owner() {
    let t = spawn_ready().await;
    let id = open_counted(&t, &[("2000", 1), ("1000", 2), ("p200", 3), ("5", 2)], Some("tok-1")).await.unwrap();
    let again = open_counted(&t, &[("2000", 1), ("1000", 2), ("p200", 3), ("5", 2)], Some("tok-1")).await.unwrap();
    assert_eq!(id, again, "a double tap opens once");
    // The same token with another count is no replay (issue #12 B5).
    let other = open_counted(&t, &[("2000", 1)], Some("tok-1")).await.unwrap_err();
    assert_eq!(code(&other), "token_reused");
    let second = open_counted(&t, &[("2000", 1)], Some("tok-2")).await.unwrap_err();
    assert_eq!(code(&second), "shift_already_open");
    assert!(second.user_message().contains("déjà ouverte"), "{}", second.user_message());
    assert_eq!(t.count("SELECT count(*) FROM cash_shifts").await, 1);
    let s = t.app.db.read(move |c| Ok(cash::store::shift(c, id)?.unwrap())).await.unwrap();
    assert_eq!(s.opening_float, Money::from_da(4_610));
    assert_eq!(net(&t, "530").await, Money::from_da(4_610));
    assert_eq!(net(&t, "108").await, Money::from_da(-4_610));
    t.assert_check_passes().await;
}

/// Every movement kind with its counter-account; expected = float + pay-ins − pay-outs − deposits;
/// the close posts the variance and the handover; the Z report equals its movements.
#[tokio::test]
async fn movements_then_a_blind_close_reconcile_the_drawer() {
    let t = spawn_ready().await;
    let shift = ensure_open(&t, Money::from_da(5_000)).await;
    move_cash(&t, Purpose::OwnerIn, 2_000, Some("m1")).await.unwrap();
    move_cash(&t, Purpose::OwnerIn, 2_000, Some("m1")).await.unwrap(); // replay: once
    till_expense(&t, 300).await.unwrap();
    move_cash(&t, Purpose::StaffAdvance, 1_000, None).await.unwrap();
    move_cash(&t, Purpose::OwnerOut, 200, None).await.unwrap();
    move_cash(&t, Purpose::BankDeposit, 3_000, None).await.unwrap();
    move_cash(&t, Purpose::NoSale, 0, None).await.unwrap();
    assert_eq!(net(&t, "658").await, Money::ZERO, "a till expense books its own account");
    assert_eq!(net(&t, "624").await, Money::from_da(300));
    assert_eq!(net(&t, "425").await, Money::from_da(1_000));
    assert_eq!(net(&t, "512").await, Money::from_da(3_000));
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'mouvement' AND open_drawer = 1").await, 5);
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'tiroir' AND open_drawer = 1").await, 1);
    let x = report(&t, shift).await;
    let expected = x.opening_float + x.pay_ins - x.pay_outs - x.deposits;
    assert_eq!(x.expected, expected);
    assert_eq!(x.expected, Money::from_da(2_500));
    let by: Vec<(String, Money)> = x.pay_outs_by_purpose.iter().map(|t| (t.label.clone(), t.amount)).collect();
    assert_eq!(
        by,
        vec![
            ("Retrait de l'exploitant".to_string(), Money::from_da(200)),
            ("Avance au personnel".to_string(), Money::from_da(1_000)),
            ("Transports de biens et transport collectif du personnel".to_string(), Money::from_da(300)),
        ]
    );
    assert_eq!(net(&t, "530").await, Money::from_da(2_500));
    t.assert_check_passes().await;

    // Counted 2 400 (100 short), 2 000 left for tomorrow, 400 handed over.
    close(&t, shift, &[("2000", 1), ("200", 2)], Some(Money::from_da(2_000)), "", Some("c1")).await.unwrap();
    close(&t, shift, &[("2000", 1), ("200", 2)], Some(Money::from_da(2_000)), "", Some("c1")).await.unwrap();
    let twice = close(&t, shift, &[("2000", 2)], None, "", Some("c2")).await.unwrap_err();
    assert_eq!(code(&twice), "shift_already_closed");
    let z = report(&t, shift).await;
    assert!(z.is_z());
    assert_eq!((z.counted, z.variance), (Some(Money::from_da(2_400)), Some(Money::from_da(-100))));
    assert_eq!(z.handover, Some(Money::from_da(400)));
    assert_eq!(net(&t, "658").await, Money::from_da(100), "the 100 DA short only: the expense went to 624");
    assert_eq!(net(&t, "581").await, Money::from_da(400));
    assert_eq!(net(&t, "530").await, Money::from_da(2_000));
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'z'").await, 1);
    // The next shift carries the 2 000 left; counting 1 500, the owner took 500 (Dr 108 / Cr 530).
    let entries = t.count("SELECT count(*) FROM journal_entries").await;
    let next = ensure_open(&t, Money::from_da(1_500)).await;
    assert_ne!(next, shift);
    assert_eq!(t.count("SELECT count(*) FROM journal_entries").await, entries + 1);
    assert_eq!(net(&t, "530").await, Money::from_da(1_500));
    let carried = t.count("SELECT carried_float FROM cash_shifts ORDER BY id DESC LIMIT 1").await;
    assert_eq!(carried, 200_000);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn bad_input_is_refused_in_french_and_nothing_is_saved() {
    let t = spawn_ready().await;
    let none = move_cash(&t, Purpose::OwnerIn, 100, None).await.unwrap_err();
    assert_eq!(code(&none), "shift_closed");
    assert_eq!(none.user_message(), "Aucune caisse ouverte : ouvrez la caisse d'abord.");
    let shift = ensure_open(&t, Money::from_da(1_000)).await;
    let e = move_cash(&t, Purpose::Expense, 100, None).await.unwrap_err();
    assert!(
        matches!(&e, AppError::Invalid(f) if f.get("purpose").is_some_and(|m| m.contains("Dépense payée en espèces")))
    );
    for da in [0, -5] {
        let e = move_cash(&t, Purpose::OwnerOut, da, None).await.unwrap_err();
        assert!(e.user_message().contains("supérieur à zéro"), "{}", e.user_message());
    }
    let e = move_cash(&t, Purpose::BankDeposit, 1_001, None).await.unwrap_err();
    assert!(e.user_message().contains("ne devrait contenir que 1 000,00 DA"), "{}", e.user_message());
    assert_eq!(t.count("SELECT count(*) FROM cash_movements").await, 0);
    // 600 DA short, above the 500 DA threshold: a comment is required.
    let entries = t.count("SELECT count(*) FROM journal_entries").await;
    let e = close(&t, shift, &[("200", 2)], None, " ", None).await.unwrap_err();
    assert!(matches!(&e, AppError::Invalid(f) if f.get("comment").is_some()), "{e:?}");
    assert_eq!(t.count("SELECT count(*) FROM cash_shifts WHERE status = 'ouverte'").await, 1);
    assert_eq!(t.count("SELECT count(*) FROM journal_entries").await, entries);
    // Leaving more than was counted is refused beside the field.
    let e = close(&t, shift, &[("200", 2)], Some(Money::from_da(500)), "perdu", None).await.unwrap_err();
    assert!(matches!(&e, AppError::Invalid(f) if f.get("next_float").is_some()), "{e:?}");
    close(&t, shift, &[("200", 2)], None, "un billet perdu", None).await.unwrap();
    t.assert_check_passes().await;
}

/// Real tickets: the Z report equals the sum of its tickets and movements, and expected cash =
/// float + cash sales − cash refunds + pay-ins − pay-outs − deposits.
#[tokio::test]
async fn the_z_report_equals_its_tickets_and_movements() {
    use fournil::pos::{self, Destination, PayMethod, RefundDraft, RefundLineDraft};
    let (t, amina, croissant) = shop().await;
    let shift = t.given().shift().await;
    move_cash(&t, Purpose::OwnerIn, 1_000, None).await.unwrap();
    // 3 croissants paid 200 in cash (80 change); 2 by card; 5 with 100 card + 100 cash.
    let a = t.given().sale(&amina).line(croissant, 3).cash("200").token("ticket-0001").await;
    t.given().sale(&amina).line(croissant, 2).card("80").token("ticket-0002").await;
    t.given().sale(&amina).line(croissant, 5).card("100").cash("100").token("ticket-0003").await;
    till_expense(&t, 50).await.unwrap();
    move_cash(&t, Purpose::BankDeposit, 500, None).await.unwrap();
    // One croissant of the first ticket comes back, paid back in cash.
    let line_id = t.app.db.read(move |c| Ok(pos::store::lines(c, a)?[0].id)).await.unwrap();
    let d = RefundDraft {
        token: "refund-0001".into(),
        sale_id: a,
        till_id: 1,
        lines: vec![RefundLineDraft { line_id, qty: fournil::money::Qty::whole(1), destination: Destination::Waste }],
        reason: "rassis".into(),
        method: PayMethod::Cash,
    };
    // The gérante refunds (a vendeuse would need her approval).
    let who = t.given().user("nadia", "gerante").await;
    t.app.db.write(move |tx| pos::ops::refund(tx, &stamp(&who), &who, &d, None)?.done()).await.unwrap();

    let x = report(&t, shift).await;
    assert_eq!(x.tickets, 3);
    // Net sales are the sales less the refunds: 400 − 40.
    assert_eq!((x.gross, x.sales, x.net_sales), (Money::from_da(400), Money::from_da(400), Money::from_da(360)));
    let method = |label: &str| x.by_method.iter().find(|m| m.label == label).map(|m| m.amount).unwrap();
    assert_eq!(method("Espèces"), Money::from_da(220), "cash net of change: 120 + 100");
    assert_eq!(method("Carte (TPE)"), Money::from_da(180));
    assert_eq!(x.by_method.iter().map(|m| m.amount).sum::<Money>(), x.sales);
    assert_eq!(x.by_category.iter().map(|m| m.amount).sum::<Money>(), x.sales);
    assert_eq!(x.by_seller.iter().map(|m| m.amount).sum::<Money>(), x.sales);
    assert_eq!((x.refunds_count, x.refunds_total, x.cash_refunds), (1, Money::from_da(40), Money::from_da(40)));
    let formula = x.opening_float + x.cash_sales - x.cash_refunds + x.pay_ins - x.pay_outs - x.deposits;
    assert_eq!(x.expected, formula);
    assert_eq!(x.expected, Money::from_da(630));
    assert_eq!(net(&t, "530").await, x.expected);
    t.assert_check_passes().await;

    close(&t, shift, &[("500", 1), ("100", 1), ("20", 1), ("10", 1)], Some(Money::ZERO), "", None).await.unwrap();
    let z = report(&t, shift).await;
    assert_eq!((z.tickets, z.net_sales, z.expected), (x.tickets, x.net_sales, x.expected));
    assert_eq!(z.variance, Some(Money::ZERO));
    assert_eq!(z.handover, Some(Money::from_da(630)));
    let doc = cash::ops::report::receipt(&z, false);
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b, fournil::printing::Block::Row { left, .. } if left == "Espèces attendues"))
    );
    let net_row = |b: &fournil::printing::Block| matches!(b, fournil::printing::Block::Row { left, right, .. } if left == "Ventes nettes" && right == "360,00 DA");
    assert!(doc.blocks.iter().any(net_row), "{:?}", doc.blocks);
    // The Z page and the day's sales page say the same net sales.
    let mut g = t.admin().await;
    let z_page = g.get(&format!("/caisse/sessions/{shift}")).await;
    assert!(z_page.body.contains("Ventes nettes") && z_page.body.contains("360,00 DA"), "{}", z_page.body);
    let sales_page = g.get(&format!("/ventes?jour={}", day())).await;
    sales_page.assert_contains("Ventes nettes");
    sales_page.assert_contains("360,00 DA");
    t.assert_check_passes().await;
}

/// A cash supplier payment leaves the drawer through the open shift (and comes back when
/// undone); with no shift open it is refused and nothing is saved.
#[tokio::test]
async fn a_cash_supplier_payment_goes_through_an_open_drawer() {
    use fournil::catalog::{Kind, Unit};
    use fournil::purchases::ops::payments;
    use fournil::purchases::{Drawer, Method, PaymentDraft};
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let id = t.given().purchase(s).line(farine, 10_000, "60").received().await;
    let d = PaymentDraft {
        day: day(),
        amount: Money::from_da(400),
        method: Method::Cash,
        reference: String::new(),
        token: None,
        drawer: Drawer::FirstOpen,
    };
    let d2 = d.clone();
    let e = t.app.db.write(move |tx| payments::pay(tx, &Actor::system(), id, &d2, NOW)).await.unwrap_err();
    assert_eq!(code(&e), "shift_closed");
    assert_eq!(t.count("SELECT count(*) FROM purchase_payments").await, 0);
    let shift = ensure_open(&t, Money::from_da(1_000)).await;
    let pid = t.app.db.write(move |tx| payments::pay(tx, &Actor::system(), id, &d, NOW)).await.unwrap();
    assert_eq!(report(&t, shift).await.supplier_payments, Money::from_da(400));
    assert_eq!(report(&t, shift).await.expected, Money::from_da(600));
    assert_eq!(net(&t, "530").await, Money::from_da(600));
    t.assert_check_passes().await;
    t.app.db.write(move |tx| payments::reverse_payment(tx, &Actor::system(), id, pid, NOW, day())).await.unwrap();
    assert_eq!(report(&t, shift).await.expected, Money::from_da(1_000));
    assert_eq!(t.count("SELECT count(*) FROM cash_movements WHERE kind = 'paiement_fournisseur'").await, 2);
    t.assert_check_passes().await;
}

/// `fournil check` sees cash posted to 530 outside any drawer.
#[tokio::test]
async fn the_check_sees_530_drift_from_the_drawers() {
    use fournil::accounting::{self, EntryDraft, Journal, LineDraft};
    let t = spawn_ready().await;
    ensure_open(&t, Money::from_da(1_000)).await;
    t.app
        .db
        .write(|tx| {
            let mut e = EntryDraft::new(Journal::Misc, day(), "à la main", "test", 1);
            e.add(LineDraft::debit("530", Money::from_da(5), ""));
            e.add(LineDraft::credit("108", Money::from_da(5), ""));
            accounting::ops::post(tx, &Actor::system(), &e, NOW)
        })
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failed: Vec<_> = report.failures().map(|f| f.rule.as_ref()).collect();
    assert_eq!(failed, vec!["Compte 530 = espèces des tiroirs"]);
}

/// What a drawer holds is kept as movements are written; `fournil check` sees it changed by hand.
#[tokio::test]
async fn the_kept_drawer_total_follows_the_movements_and_the_check_sees_it_changed() {
    let t = spawn_ready().await;
    let shift = ensure_open(&t, Money::from_da(1_000)).await;
    move_cash(&t, Purpose::OwnerIn, 300, None).await.unwrap();
    till_expense(&t, 120).await.unwrap();
    let held = t
        .app
        .db
        .read(move |c| Ok(c.query_row("SELECT held FROM cash_shifts WHERE id = ?1", [shift], |r| r.get::<_, i64>(0))?));
    assert_eq!(held.await.unwrap(), 18_000);
    assert_eq!(report(&t, shift).await.expected, Money::from_da(1_180));
    t.assert_check_passes().await;
    t.app
        .db
        .write(move |tx| Ok(tx.execute("UPDATE cash_shifts SET held = held + 500 WHERE id = ?1", [shift])?))
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failed: Vec<String> = report.failures().map(|f| f.detail.clone()).collect();
    assert!(failed.iter().any(|f| f.contains(&format!("caisse n° {shift} : tenu"))), "{failed:?}");
}

/// The Z report prints on the till's paper: every line fits 32 columns.
#[tokio::test]
async fn the_z_receipt_fits_a_narrow_paper() {
    let t = spawn_ready().await;
    let shift = ensure_open(&t, Money::from_da(1_000)).await;
    move_cash(&t, Purpose::StaffAdvance, 250, None).await.unwrap();
    close(&t, shift, &[("500", 1), ("200", 1), ("50", 1)], None, "", None).await.unwrap();
    let payload = t
        .app
        .db
        .read(|c| Ok(c.query_row("SELECT payload FROM print_jobs WHERE kind = 'z'", [], |r| r.get::<_, String>(0))?))
        .await
        .unwrap();
    let doc: fournil::printing::Doc = serde_json::from_str(&payload).unwrap();
    let z = report(&t, shift).await;
    assert_eq!(doc, cash::ops::report::receipt(&z, true));
    let bytes = fournil::printing::render::render(&doc, 32, false);
    assert!(!bytes.is_empty());
    for b in &doc.blocks {
        if let fournil::printing::Block::Row { left, right, .. } = b {
            for l in fournil::printing::render::row_lines(left, right, 32) {
                assert!(l.chars().count() <= 32, "{l:?}");
            }
        }
    }
    t.assert_check_passes().await;
}
