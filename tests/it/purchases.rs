//! Purchases: drafts, receipts (stock in, PMP, entries), payments, cancellations, returns, edits.

use chrono::NaiveDate;
use fournil::accounting;
use fournil::audit::Actor;
use fournil::catalog::{self, Kind, Unit, UnitCost};
use fournil::error::AppError;
use fournil::money::{Money, Qty};
use fournil::purchases::ops::{self, payments};
use fournil::purchases::{self, Drawer, LineDraft, Method, PaymentDraft, PurchaseDraft, Status};
use fournil::stock;

use crate::support::*;

pub(crate) async fn pack(t: &TestApp, product: i64, name: &'static str, content: &'static str) -> i64 {
    t.app.db.write(move |tx| catalog::ops::add_pack(tx, &Actor::system(), product, name, content, NOW)).await.unwrap()
}

pub(crate) fn draft(supplier_id: i64, lines: Vec<LineDraft>) -> PurchaseDraft {
    PurchaseDraft { supplier_id, day: day(), invoice_ref: "F-1".into(), note: String::new(), lines, token: None }
}

pub(crate) fn line(product_id: i64, pack_id: Option<i64>, count: Qty, price: Money) -> LineDraft {
    LineDraft { product_id, pack_id, count, price, location_id: RESERVE, tva_bp: 0 }
}

pub(crate) async fn create(t: &TestApp, d: PurchaseDraft) -> Result<i64, AppError> {
    t.app.db.write(move |tx| ops::create(tx, &Actor::system(), &d, NOW)).await
}

pub(crate) async fn receive(t: &TestApp, id: i64) -> Result<(), AppError> {
    t.app.db.write(move |tx| ops::receive(tx, &Actor::system(), id, NOW)).await
}

pub(crate) async fn cancel(t: &TestApp, id: i64) -> Result<(), AppError> {
    t.app.db.write(move |tx| ops::cancel(tx, &Actor::system(), id, "erreur", "2026-11-24T12:00:00Z", day())).await
}

pub(crate) async fn pay(t: &TestApp, id: i64, amount: Money, method: Method) -> Result<i64, AppError> {
    if method == Method::Cash {
        t.given().shift().float(Money::from_da(1_000_000)).await;
    }
    let d =
        PaymentDraft { day: day(), amount, method, reference: String::new(), token: None, drawer: Drawer::FirstOpen };
    t.app.db.write(move |tx| payments::pay(tx, &Actor::system(), id, &d, NOW)).await
}

async fn purchase(t: &TestApp, id: i64) -> purchases::Purchase {
    t.app.db.read(move |c| Ok(purchases::store::purchase(c, id)?.unwrap())).await.unwrap()
}

fn field_error(e: &AppError, field: &str) -> String {
    match e {
        AppError::Invalid(f) => f.get(field).map(str::to_string).unwrap_or_else(|| panic!("no {field} in {f:?}")),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// The domain notes' worked example: 2 × Sac 25 kg at 1 500 DA → 50 000 g, 3 000 DA, 0,06 DA/g.
#[tokio::test]
async fn receiving_two_sacks_brings_in_50_kg_at_6_centimes_a_gram() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins du Sud").await;
    let farine = t.given().product("Farine T55").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let sac = pack(&t, farine, "Sac 25 kg", "25 kg").await;
    let id = create(&t, draft(s, vec![line(farine, Some(sac), Qty::whole(2), Money::from_da(1_500))])).await.unwrap();
    let p = purchase(&t, id).await;
    assert_eq!((p.status, p.total), (Status::Draft, Money::from_da(3_000)));
    assert!(p.number.starts_with("ACH-2026-"), "{}", p.number);
    assert_eq!(totals(&t, farine).await.0, Qty::ZERO, "a draft moves nothing");
    receive(&t, id).await.unwrap();
    assert_eq!(totals(&t, farine).await, (Qty::whole(50_000), Money::from_da(3_000), UnitCost(60_000)));
    let entries = t.app.db.read(move |c| Ok(accounting::store::entries_of(c, "purchase", id)?)).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].number.starts_with("AC-2026-"));
    assert_eq!(purchase(&t, id).await.owed(), Money::from_da(3_000));
    // Receiving twice is refused.
    assert!(matches!(receive(&t, id).await, Err(AppError::Rule(_))));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn bad_lines_are_refused_field_by_field_and_nothing_is_saved() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins du Sud").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let sucre = t.given().product("Sucre").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let sac_sucre = pack(&t, sucre, "Sac 50 kg", "50 kg").await;
    let e = create(&t, draft(s, vec![line(farine, Some(sac_sucre), Qty::whole(1), Money::from_da(100))]))
        .await
        .unwrap_err();
    assert!(field_error(&e, "line-0-pack").contains("n'est pas un conditionnement de « Farine »"));
    let e = create(&t, draft(s, vec![line(farine, None, Qty::ZERO, Money::from_da(100))])).await.unwrap_err();
    assert!(field_error(&e, "line-0-count").contains("supérieure à zéro"));
    let e = create(&t, draft(s, vec![line(farine, None, Qty::whole(10), -Money::from_da(1))])).await.unwrap_err();
    assert!(field_error(&e, "line-0-price").contains("négatif"));
    let mut counter = line(farine, None, Qty::whole(10), Money::from_da(1));
    counter.location_id = 3;
    let e = create(&t, draft(s, vec![counter])).await.unwrap_err();
    assert!(field_error(&e, "line-0-location").contains("ne se range pas"));
    assert_eq!(t.count("SELECT count(*) FROM purchases").await, 0);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn cancelling_a_receipt_restores_quantity_value_and_pmp_exactly() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Grossiste").await;
    for (name, kind, place) in [
        ("Beurre", Kind::Ingredient, 1),
        ("Boîtes", Kind::Consommable, 4),
        ("Jus", Kind::Revente, 1),
        ("Croissant", Kind::Fini, 3),
        ("Pâte feuilletée", Kind::SemiFini, 2),
    ] {
        let p = t.given().product(name).kind(kind).await;
        // An earlier stock, then the purchase to cancel at another cost.
        let mut first = line(p, None, Qty::whole(7), Money::from_cents(1_234));
        first.location_id = place;
        let a = create(&t, draft(s, vec![first])).await.unwrap();
        receive(&t, a).await.unwrap();
        let before = totals(&t, p).await;
        let mut second = line(p, None, Qty::whole(3), Money::from_cents(999));
        second.location_id = place;
        let b = create(&t, draft(s, vec![second])).await.unwrap();
        receive(&t, b).await.unwrap();
        assert_ne!(totals(&t, p).await, before);
        cancel(&t, b).await.unwrap();
        assert_eq!(totals(&t, p).await, before, "{name}: quantity, value and PMP as before");
        assert_eq!(purchase(&t, b).await.status, Status::Cancelled);
        // Cancelling twice is refused.
        let e = cancel(&t, b).await.unwrap_err();
        assert!(e.user_message().contains("déjà annulé"), "{e:?}");
        // The receipt entry and its reversal.
        let entries = t.app.db.read(move |c| Ok(accounting::store::entries_of(c, "purchase", b)?)).await.unwrap();
        assert_eq!(entries.len(), 2);
        t.assert_check_passes().await;
    }
}

#[tokio::test]
async fn a_consumed_receipt_cannot_be_cancelled_but_can_be_returned() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let id = create(&t, draft(s, vec![line(farine, None, Qty::whole(10_000), Money::from_da(60))])).await.unwrap();
    receive(&t, id).await.unwrap();
    // 4 kg used (a loss, posted like any issue).
    let used = stock::ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: RESERVE,
        reason: stock::Reason::Perte,
        lines: vec![(farine, -Qty::whole(4_000))],
        note: String::new(),
        token: None,
    };
    t.app.db.write(move |tx| stock::ops::adjust(tx, &Actor::system(), &used, NOW, day())).await.unwrap();
    let e = cancel(&t, id).await.unwrap_err();
    assert!(e.user_message().contains("retour fournisseur"), "{}", e.user_message());
    assert_eq!(purchase(&t, id).await.status, Status::Received);
    let line_id = t.app.db.read(move |c| Ok(purchases::store::lines(c, id)?[0].id)).await.unwrap();
    // More than what is left of the line is refused; 6 kg back to the supplier at the PMP.
    let e = t
        .app
        .db
        .write(move |tx| {
            payments::return_goods(tx, &Actor::system(), id, line_id, Qty::whole(20_000), "", None, NOW, day())
        })
        .await
        .unwrap_err();
    assert!(field_error(&e, "qty").contains("Au plus"));
    let value = t
        .app
        .db
        .write(move |tx| {
            payments::return_goods(
                tx,
                &Actor::system(),
                id,
                line_id,
                Qty::whole(6_000),
                "abîmée",
                Some("r1"),
                NOW,
                day(),
            )
        })
        .await
        .unwrap();
    assert_eq!(value, Money::from_da(360));
    // The same form sent twice (a double tap) returns once.
    let again = t
        .app
        .db
        .write(move |tx| {
            payments::return_goods(
                tx,
                &Actor::system(),
                id,
                line_id,
                Qty::whole(6_000),
                "abîmée",
                Some("r1"),
                NOW,
                day(),
            )
        })
        .await
        .unwrap();
    assert_eq!(again, value);
    assert_eq!(totals(&t, farine).await.0, Qty::ZERO);
    assert_eq!(purchase(&t, id).await.owed(), Money::from_da(240));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn editing_a_received_purchase_never_counts_twice() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let sac = pack(&t, farine, "Sac 25 kg", "25 kg").await;
    let id = create(&t, draft(s, vec![line(farine, Some(sac), Qty::whole(2), Money::from_da(1_500))])).await.unwrap();
    receive(&t, id).await.unwrap();
    let d = draft(s, vec![line(farine, Some(sac), Qty::whole(3), Money::from_da(1_400))]);
    t.app.db.write(move |tx| ops::edit(tx, &Actor::system(), id, &d, NOW, day())).await.unwrap();
    assert_eq!(totals(&t, farine).await, (Qty::whole(75_000), Money::from_da(4_200), UnitCost(56_000)));
    let p = purchase(&t, id).await;
    assert_eq!((p.status, p.total), (Status::Received, Money::from_da(4_200)));
    let owed = t.app.db.read(|c| Ok(accounting::store::net_of(c, "401")?)).await.unwrap();
    assert_eq!(owed, -Money::from_da(4_200), "401 holds the new total only");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn payments_partial_then_full_never_beyond_what_is_owed() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let id = create(&t, draft(s, vec![line(farine, None, Qty::whole(50_000), Money::from_da(60))])).await.unwrap();
    // A draft is not paid.
    assert!(matches!(pay(&t, id, Money::from_da(100), Method::Cash).await, Err(AppError::Rule(_))));
    receive(&t, id).await.unwrap();
    pay(&t, id, Money::from_da(1_000), Method::Cash).await.unwrap();
    assert_eq!(purchase(&t, id).await.owed(), Money::from_da(2_000));
    let e = pay(&t, id, Money::from_da(2_001), Method::Bank).await.unwrap_err();
    assert!(field_error(&e, "amount").contains("Il ne reste que 2 000,00"), "{e:?}");
    pay(&t, id, Money::from_da(2_000), Method::Cheque).await.unwrap();
    assert_eq!(purchase(&t, id).await.owed(), Money::ZERO);
    assert_eq!(
        t.app.db.read(|c| Ok(accounting::store::net_of(c, "530")?)).await.unwrap(),
        Money::from_da(1_000_000 - 1_000),
        "the float in, the payment out"
    );
    assert_eq!(t.app.db.read(|c| Ok(accounting::store::net_of(c, "512")?)).await.unwrap(), -Money::from_da(2_000));
    // A paid purchase is not cancelled until its payments are undone.
    let e = cancel(&t, id).await.unwrap_err();
    assert!(e.user_message().contains("annulez d'abord ces paiements"), "{}", e.user_message());
    let ids: Vec<i64> =
        t.app.db.read(move |c| Ok(purchases::store::payments_of(c, id)?.iter().map(|p| p.id).collect())).await.unwrap();
    for pid in ids {
        t.app.db.write(move |tx| payments::reverse_payment(tx, &Actor::system(), id, pid, NOW, day())).await.unwrap();
    }
    cancel(&t, id).await.unwrap();
    assert_eq!(totals(&t, farine).await.0, Qty::ZERO);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_receipt_in_a_closed_month_is_refused_and_nothing_moves() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let mut d = draft(s, vec![line(farine, None, Qty::whole(1_000), Money::from_da(60))]);
    d.day = NaiveDate::from_ymd_opt(2026, 10, 30).unwrap();
    let id = create(&t, d).await.unwrap();
    t.app.db.write(|tx| accounting::ops::close_month(tx, &system_at(NOW), "2026-10")).await.unwrap();
    let e = receive(&t, id).await.unwrap_err();
    assert!(e.user_message().contains("clôturé"), "{}", e.user_message());
    assert_eq!(totals(&t, farine).await.0, Qty::ZERO);
    assert_eq!(purchase(&t, id).await.status, Status::Draft);
    // A payment dated in the closed month is refused too; dated today it goes through.
    let mut d = draft(s, vec![line(farine, None, Qty::whole(1_000), Money::from_da(60))]);
    d.day = day();
    let open = create(&t, d).await.unwrap();
    receive(&t, open).await.unwrap();
    let late = PaymentDraft {
        day: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        amount: Money::from_da(10),
        method: Method::Cash,
        reference: String::new(),
        token: None,
        drawer: Drawer::FirstOpen,
    };
    t.given().shift().float(Money::from_da(1_000_000)).await;
    let e = t.app.db.write(move |tx| payments::pay(tx, &Actor::system(), open, &late, NOW)).await.unwrap_err();
    assert!(e.user_message().contains("clôturé"), "{}", e.user_message());
    assert_eq!(purchase(&t, open).await.paid, Money::ZERO);
    pay(&t, open, Money::from_da(10), Method::Cash).await.unwrap();
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_replayed_token_creates_one_purchase() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let mut d = draft(s, vec![line(farine, None, Qty::whole(1_000), Money::from_da(60))]);
    d.token = Some("tok".into());
    let a = create(&t, d.clone()).await.unwrap();
    let b = create(&t, d).await.unwrap();
    assert_eq!(a, b);
    assert_eq!(t.count("SELECT count(*) FROM purchases").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_edit_that_cannot_be_exact_is_refused_whole() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let id = create(&t, draft(s, vec![line(farine, None, Qty::whole(10_000), Money::from_da(60))])).await.unwrap();
    receive(&t, id).await.unwrap();
    pay(&t, id, Money::from_da(500), Method::Cash).await.unwrap();
    // A new total below what was paid is refused, and nothing moved.
    let cheaper = draft(s, vec![line(farine, None, Qty::whole(5_000), Money::from_da(60))]);
    let e = t.app.db.write(move |tx| ops::edit(tx, &Actor::system(), id, &cheaper, NOW, day())).await.unwrap_err();
    assert!(e.user_message().contains("inférieur à ce qui a déjà été payé"), "{}", e.user_message());
    assert_eq!(totals(&t, farine).await.0, Qty::whole(10_000));
    // Once goods are used, the old receipt cannot be taken back exactly: refused whole.
    let used = stock::ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: RESERVE,
        reason: stock::Reason::Perte,
        lines: vec![(farine, -Qty::whole(1_000))],
        note: String::new(),
        token: None,
    };
    t.app.db.write(move |tx| stock::ops::adjust(tx, &Actor::system(), &used, NOW, day())).await.unwrap();
    let before = totals(&t, farine).await;
    let more = draft(s, vec![line(farine, None, Qty::whole(12_000), Money::from_da(60))]);
    let e = t.app.db.write(move |tx| ops::edit(tx, &Actor::system(), id, &more, NOW, day())).await.unwrap_err();
    assert!(e.user_message().contains("retour fournisseur"), "{}", e.user_message());
    assert_eq!(totals(&t, farine).await, before);
    assert_eq!(purchase(&t, id).await.total, Money::from_da(600));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_undone_payment_is_owed_again_and_its_entry_reversed_once() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let id = create(&t, draft(s, vec![line(farine, None, Qty::whole(10_000), Money::from_da(60))])).await.unwrap();
    receive(&t, id).await.unwrap();
    let pid = pay(&t, id, Money::from_da(600), Method::Bank).await.unwrap();
    assert_eq!(purchase(&t, id).await.owed(), Money::ZERO);
    t.app.db.write(move |tx| payments::reverse_payment(tx, &Actor::system(), id, pid, NOW, day())).await.unwrap();
    assert_eq!(purchase(&t, id).await.owed(), Money::from_da(600));
    assert_eq!(t.app.db.read(|c| Ok(accounting::store::net_of(c, "512")?)).await.unwrap(), Money::ZERO);
    let e = t
        .app
        .db
        .write(move |tx| payments::reverse_payment(tx, &Actor::system(), id, pid, NOW, day()))
        .await
        .unwrap_err();
    assert!(e.user_message().contains("déjà annulé"));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn check_finds_a_purchase_whose_total_no_longer_matches_its_receipt() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let id = create(&t, draft(s, vec![line(farine, None, Qty::whole(1_000), Money::from_da(60))])).await.unwrap();
    receive(&t, id).await.unwrap();
    t.assert_check_passes().await;
    t.app
        .db
        .write(move |tx| Ok(tx.execute("UPDATE purchases SET total = total + 100 WHERE id = ?1", [id])?))
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let rules: Vec<_> = report.failures().map(|f| f.rule.as_ref()).collect();
    assert!(rules.contains(&"Achats : chaque réception a son écriture (401 = total)"), "{rules:?}");
    assert!(rules.contains(&"Achats : mouvements de stock = total reçu"), "{rules:?}");
}

#[tokio::test]
async fn an_archived_product_cannot_be_bought() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let old = t.given().product("Farine d'avant").kind(Kind::Ingredient).unit(Unit::Gram).await;
    t.app
        .db
        .write(move |tx| fournil::catalog::ops::set_product_active(tx, &Actor::system(), old, false, NOW))
        .await
        .unwrap();
    let err = create(&t, draft(s, vec![line(old, None, Qty::whole(1_000), Money::from_da(60))])).await.unwrap_err();
    assert!(field_error(&err, "line-0-product").contains("est archivé"));
    assert_eq!(t.count("SELECT count(*) FROM purchases").await, 0);
}

/// The review's case: 10 at 100 DA, then 10 at 300 DA, 5 used; cancelling the second receipt
/// would leave 5 pieces worth nothing. It is refused; the stock keeps its value.
#[tokio::test]
async fn a_receipt_cannot_be_taken_back_once_stock_left_after_it() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Boissons du Sahel").await;
    let eau = t.given().product("Eau").kind(Kind::Revente).await;
    let first = create(&t, draft(s, vec![line(eau, None, Qty::whole(10), Money::from_da(100))])).await.unwrap();
    receive(&t, first).await.unwrap();
    let second = create(&t, draft(s, vec![line(eau, None, Qty::whole(10), Money::from_da(300))])).await.unwrap();
    receive(&t, second).await.unwrap();
    let used = stock::ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: RESERVE,
        reason: stock::Reason::Perte,
        lines: vec![(eau, -Qty::whole(5))],
        note: String::new(),
        token: None,
    };
    t.app.db.write(move |tx| stock::ops::adjust(tx, &Actor::system(), &used, NOW, day())).await.unwrap();
    let before = totals(&t, eau).await;
    let err = cancel(&t, second).await.unwrap_err();
    assert!(err.user_message().contains("retour fournisseur"), "{}", err.user_message());
    assert_eq!(totals(&t, eau).await, before);
    assert_eq!(before.0, Qty::whole(15));
    assert_eq!(before.1, Money::from_da(3_000));
    t.assert_check_passes().await;
}

/// The review's case: 10 at 300 DA already held, then a purchase of 10 at 100 DA (PMP 200 DA).
/// Returning those 10 credits the supplier what they cost (1 000 DA), not their PMP value
/// (2 000 DA); the goods leave stock at the PMP and the 1 000 DA difference is a loss (658).
#[tokio::test]
async fn a_supplier_return_credits_what_the_goods_cost_on_the_purchase() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Boissons du Sahel").await;
    let jus = t.given().product("Jus").kind(Kind::Revente).await;
    let older = create(&t, draft(s, vec![line(jus, None, Qty::whole(10), Money::from_da(300))])).await.unwrap();
    receive(&t, older).await.unwrap();
    let cheap = create(&t, draft(s, vec![line(jus, None, Qty::whole(10), Money::from_da(100))])).await.unwrap();
    receive(&t, cheap).await.unwrap();
    let line_id = t.app.db.read(move |c| Ok(purchases::store::lines(c, cheap)?[0].id)).await.unwrap();
    let credit = t
        .app
        .db
        .write(move |tx| {
            payments::return_goods(tx, &Actor::system(), cheap, line_id, Qty::whole(10), "abîmé", None, NOW, day())
        })
        .await
        .unwrap();
    assert_eq!(credit, Money::from_da(1_000));
    assert_eq!(purchase(&t, cheap).await.owed(), Money::ZERO, "nothing owed, nothing to claim back");
    let (q, v, _) = totals(&t, jus).await;
    assert_eq!((q, v), (Qty::whole(10), Money::from_da(2_000)), "left at the PMP of 200 DA");
    assert_eq!(t.count("SELECT coalesce(sum(debit), 0) FROM journal_lines WHERE account = '658'").await, 100_000);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_payment_token_cannot_pay_another_purchase() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let id = create(&t, draft(s, vec![line(farine, None, Qty::whole(1_000), Money::from_da(60))])).await.unwrap();
        receive(&t, id).await.unwrap();
        ids.push(id);
    }
    let (a, b) = (ids[0], ids[1]);
    let d = PaymentDraft {
        day: day(),
        amount: Money::from_da(60),
        method: Method::Cash,
        reference: String::new(),
        token: Some("form-1".into()),
        drawer: Drawer::FirstOpen,
    };
    t.given().shift().float(Money::from_da(1_000_000)).await;
    let d2 = d.clone();
    t.app.db.write(move |tx| payments::pay(tx, &Actor::system(), a, &d, NOW)).await.unwrap();
    let err = t.app.db.write(move |tx| payments::pay(tx, &Actor::system(), b, &d2, NOW)).await.unwrap_err();
    assert!(err.user_message().contains("autre achat"), "{}", err.user_message());
    assert_eq!(purchase(&t, b).await.paid, Money::ZERO);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_cash_payment_never_takes_more_than_the_drawer_holds() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let id = create(&t, draft(s, vec![line(farine, None, Qty::whole(50_000), Money::from_da(60))])).await.unwrap();
    receive(&t, id).await.unwrap();
    t.given().shift().float(Money::from_da(500)).await;
    let e = pay(&t, id, Money::from_da(1_000), Method::Cash).await.unwrap_err();
    assert!(field_error(&e, "amount").contains("Le tiroir ne devrait contenir que 500,00 DA"), "{e:?}");
    assert_eq!(t.count("SELECT count(*) FROM purchase_payments").await, 0);
    pay(&t, id, Money::from_da(500), Method::Cash).await.unwrap();
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_payment_is_undone_only_through_its_own_purchase() {
    let t = spawn_ready().await;
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let id = create(&t, draft(s, vec![line(farine, None, Qty::whole(1_000), Money::from_da(60))])).await.unwrap();
        receive(&t, id).await.unwrap();
        ids.push(id);
    }
    let (a, b) = (ids[0], ids[1]);
    let pid = pay(&t, a, Money::from_da(60), Method::Bank).await.unwrap();
    let e = t.app.db.write(move |tx| payments::reverse_payment(tx, &Actor::system(), b, pid, NOW, day())).await;
    assert!(matches!(e, Err(AppError::NotFound)), "{e:?}");
    assert_eq!(purchase(&t, a).await.paid, Money::from_da(60));
    t.app.db.write(move |tx| payments::reverse_payment(tx, &Actor::system(), a, pid, NOW, day())).await.unwrap();
    assert_eq!(purchase(&t, a).await.paid, Money::ZERO);
    t.assert_check_passes().await;
}
