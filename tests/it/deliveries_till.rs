//! A delivery sold straight from the till from counter stock (issue #14 item 2, sales.md §2.3,
//! P27): the order is ready at once, its goods set aside from the counter at that moment (never
//! sold twice, never leaving twice), it goes out on a run like any ready delivery and its revenue
//! comes when its stop is settled as delivered. `fournil check` holds after each step.

use fournil::auth::CurrentUser;
use fournil::customers::CustomerDraft;
use fournil::deliveries::{self, Outcome, TillSaleDraft};
use fournil::error::AppError;
use fournil::money::Money;
use fournil::orders::{Method, Service, Status};
use poem::http::StatusCode;

use crate::deliveries::{OUT, Rounds, rounds};
use crate::orders::{RESERVED, line};
use crate::support::*;

pub(crate) fn sale(r: &Rounds, token: &str, lines: Vec<(i64, i64)>) -> TillSaleDraft {
    TillSaleDraft {
        token: token.into(),
        till_id: TILL,
        customer: CustomerDraft::parse("Nadia Kaci", "0661 22 33 44", "", "", "", None).unwrap(),
        address: "8 chemin Macklay, Hydra".into(),
        zone_id: Some(r.zone),
        fee: None,
        lines: lines.into_iter().map(|(p, n)| line(p, n, "")).collect(),
        paid_now: false,
        method: Method::Cash,
        deposit: None,
        notes: String::new(),
    }
}

pub(crate) async fn sell(r: &Rounds, who: &CurrentUser, d: TillSaleDraft) -> Result<i64, AppError> {
    let (st, who) = (r.b.stamp(who), who.clone());
    r.b.t.app.db.write(move |tx| deliveries::ops::sell(tx, &st, &who, &d)).await
}

fn field(e: &AppError, name: &str) -> String {
    match e {
        AppError::Invalid(f) => f.get(name).unwrap_or_else(|| panic!("no message for {name}: {f:?}")).to_string(),
        other => panic!("expected a message beside {name}, got {other:?}"),
    }
}

/// Two cakes and three juices sold for delivery with a 1 000 DA deposit: ready at once, the
/// goods off the counter into the reserve, on the runs board; the run delivers it and the
/// deliveryman brings back exactly the balance (he keeps the fee).
#[tokio::test]
async fn a_delivery_sold_at_the_till_is_ready_at_once_and_settles_on_a_run() {
    let r = rounds().await;
    r.b.t.given().stock(r.b.cake, 4).at(COUNTER).worth("624").await;
    let mut d = sale(&r, "livraison-caisse-1", vec![(r.b.cake, 2), (r.b.juice, 3)]);
    d.deposit = Some(Money::from_da(1_000));
    let drawer = r.b.drawer().await;
    let id = sell(&r, &r.b.seller, d).await.unwrap();
    let f = r.b.order(id).await;
    assert_eq!((f.order.status, f.order.service), (Status::Ready, Service::Delivery));
    assert_eq!((f.order.total, f.order.paid), (Money::from_da(3_450), Money::from_da(1_000)));
    assert_eq!(f.order.due_day, day().to_string());
    assert!(f.lines.iter().all(|l| l.set_aside && l.production_id.is_none()));
    // The goods left the counter at that moment: the till cannot sell them again.
    assert_eq!(r.b.held(r.b.cake, COUNTER).await.0.milli(), 2_000);
    assert_eq!(r.b.held(r.b.juice, COUNTER).await.0.milli(), 7_000);
    assert_eq!(r.b.held(r.b.cake, RESERVED).await.0.milli(), 2_000);
    assert_eq!(r.b.held(r.b.juice, RESERVED).await.0.milli(), 3_000);
    assert_eq!(r.b.drawer().await - drawer, 100_000);
    assert_eq!(r.b.net("4191").await, Money::from_da(-1_000));
    let fee = r.b.t.app.db.read(move |c| deliveries::ops::order_delivery(c, id)).await.unwrap().unwrap().fee;
    assert_eq!(fee, Money::from_da(300));
    // No revenue yet: it comes when the stop is settled as delivered.
    assert_eq!(r.b.net("700").await, Money::ZERO);
    r.b.t.assert_check_passes().await;
    // It is on the runs board, ready to leave.
    let board = r.b.t.app.db.read(deliveries::ops::ready_orders).await.unwrap();
    assert!(board.iter().any(|(o, d)| o.id == id && d.as_ref().is_some_and(|d| d.fee == fee)));
    let run = r.assign(r.karim, vec![id], "tournee-caisse").await.unwrap();
    assert_eq!(r.b.held(r.b.cake, OUT).await.0.milli(), 2_000);
    assert_eq!(r.b.held(r.b.cake, RESERVED).await.0.milli(), 0);
    assert_eq!(r.b.held(r.b.cake, COUNTER).await.0.milli(), 2_000);
    assert_eq!(r.run(run).await.stops[0].to_collect(), Money::from_da(2_450 + 300));
    r.b.t.assert_check_passes().await;
    r.settle(run, &[Outcome::Delivered], 2_450, "reglement-caisse").await.unwrap();
    let f = r.b.order(id).await;
    assert_eq!((f.order.status, f.order.balance()), (Status::HandedOver, Money::ZERO));
    assert_eq!(r.run(run).await.run.difference(), Some(Money::ZERO));
    for place in [OUT, RESERVED] {
        assert_eq!(r.b.held(r.b.cake, place).await.0.milli(), 0);
        assert_eq!(r.b.held(r.b.juice, place).await.0.milli(), 0);
    }
    // The goods left stock once: the counter still holds what it held after the sale.
    assert_eq!(r.b.held(r.b.juice, COUNTER).await.0.milli(), 7_000);
    assert_eq!(r.b.drawer().await - drawer, 100_000 + 245_000);
    r.b.t.assert_check_passes().await;
}

/// Paid in full at the till: the whole total is a deposit, the deliveryman collects only the fee.
/// The same form again (a double tap, a retry) gives the same order.
#[tokio::test]
async fn a_retry_of_the_same_form_makes_one_order_and_paid_now_leaves_only_the_fee() {
    let r = rounds().await;
    let mut d = sale(&r, "livraison-caisse-2", vec![(r.b.juice, 2)]);
    d.paid_now = true;
    let first = sell(&r, &r.b.seller, d.clone()).await.unwrap();
    let again = sell(&r, &r.b.seller, d).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(r.b.t.count("SELECT count(*) FROM orders").await, 1);
    assert_eq!(r.b.t.count("SELECT count(*) FROM order_payments").await, 1);
    assert_eq!(r.b.held(r.b.juice, COUNTER).await.0.milli(), 8_000);
    assert_eq!(r.b.order(first).await.order.balance(), Money::ZERO);
    let run = r.assign(r.karim, vec![first], "tournee-payee").await.unwrap();
    assert_eq!(r.run(run).await.stops[0].to_collect(), Money::from_da(300));
    r.settle(run, &[Outcome::Delivered], 0, "reglement-payee").await.unwrap();
    assert_eq!(r.b.order(first).await.order.status, Status::HandedOver);
    r.b.t.assert_check_passes().await;
}

/// Refused at the door: the set-aside goods come back from the van and go to the counter again.
#[tokio::test]
async fn a_refused_delivery_sold_at_the_till_puts_its_goods_back_on_the_counter() {
    let r = rounds().await;
    let id = sell(&r, &r.b.seller, sale(&r, "livraison-caisse-3", vec![(r.b.juice, 4)])).await.unwrap();
    let run = r.assign(r.karim, vec![id], "tournee-refus").await.unwrap();
    let r2 = r.run(run).await;
    let stops = vec![deliveries::StopDraft { stop_id: r2.stops[0].id, outcome: Outcome::Refused, goods: None }];
    let d = deliveries::SettleDraft { till_id: TILL, stops, counted: Money::ZERO, write_off: false, token: None };
    let (st, who) = (r.b.stamp(&r.b.seller), r.b.seller.clone());
    r.b.t
        .app
        .db
        .write(move |tx| deliveries::ops::settle(tx, &st, (&who, None), run, &d))
        .await
        .unwrap()
        .done()
        .unwrap();
    assert_eq!(r.b.order(id).await.order.status, Status::Cancelled);
    assert_eq!(r.b.held(r.b.juice, COUNTER).await.0.milli(), 10_000);
    assert_eq!(r.b.held(r.b.juice, RESERVED).await.0.milli(), 0);
    r.b.t.assert_check_passes().await;
}

/// No address, no zone, a fee above the zone's cap without the permission, an empty cart, more
/// than the counter holds: each said beside its field, nothing saved (no order, no customer,
/// no stock moved).
#[tokio::test]
async fn bad_deliveries_at_the_till_are_refused_beside_their_field_and_save_nothing() {
    let r = rounds().await;
    let customers = r.b.t.count("SELECT count(*) FROM customers").await;
    let mut d = sale(&r, "livraison-mauvaise-1", vec![(r.b.juice, 1)]);
    d.address = "  ".into();
    let e = sell(&r, &r.b.seller, d).await.unwrap_err();
    assert!(field(&e, "address").contains("adresse de livraison"), "{e:?}");
    let mut d = sale(&r, "livraison-mauvaise-2", vec![(r.b.juice, 1)]);
    d.zone_id = Some(999);
    let e = sell(&r, &r.b.seller, d).await.unwrap_err();
    assert!(field(&e, "zone_id").contains("zone de livraison"), "{e:?}");
    let mut d = sale(&r, "livraison-mauvaise-3", vec![(r.b.juice, 1)]);
    d.zone_id = None;
    let e = sell(&r, &r.b.seller, d).await.unwrap_err();
    assert!(field(&e, "zone_id").contains("zone de livraison"), "{e:?}");
    let mut d = sale(&r, "livraison-mauvaise-4", vec![(r.b.juice, 1)]);
    d.fee = Some(Money::from_da(500));
    let e = sell(&r, &r.b.seller, d.clone()).await.unwrap_err();
    assert!(field(&e, "fee").contains("au-delà du plafond"), "{e:?}");
    let e = sell(&r, &r.b.seller, sale(&r, "livraison-mauvaise-5", vec![])).await.unwrap_err();
    assert!(field(&e, "lines").contains("au moins un produit"), "{e:?}");
    let e = sell(&r, &r.b.seller, sale(&r, "livraison-mauvaise-6", vec![(r.b.juice, 11)])).await.unwrap_err();
    assert!(field(&e, "lines.0.qty").contains("Il ne reste que 10"), "{e:?}");
    let mut d = sale(&r, "livraison-mauvaise-7", vec![(r.b.juice, 1)]);
    d.deposit = Some(Money::from_da(200));
    let e = sell(&r, &r.b.seller, d).await.unwrap_err();
    assert!(field(&e, "deposit").contains("dépasse le total"), "{e:?}");
    assert_eq!(r.b.t.count("SELECT count(*) FROM orders").await, 0);
    assert_eq!(r.b.t.count("SELECT count(*) FROM customers").await, customers);
    assert_eq!(r.b.held(r.b.juice, COUNTER).await.0.milli(), 10_000);
    // The gérante may go above the cap (livraisons.frais).
    let d = TillSaleDraft { token: "livraison-gerante".into(), ..d_with_fee(&r, 500) };
    let id = sell(&r, &r.b.manager, d).await.unwrap();
    let fee = r.b.t.app.db.read(move |c| deliveries::ops::order_delivery(c, id)).await.unwrap().unwrap().fee;
    assert_eq!(fee, Money::from_da(500));
    r.b.t.assert_check_passes().await;
}

fn d_with_fee(r: &Rounds, da: i64) -> TillSaleDraft {
    TillSaleDraft { fee: Some(Money::from_da(da)), ..sale(r, "", vec![(r.b.juice, 1)]) }
}

/// At the till: "Livraison" opens the form for the tablet's cart; a missing address comes back
/// beside its field (422, nothing saved, the cart kept); the sale then starts a new ticket.
#[tokio::test]
async fn the_till_sells_the_cart_for_delivery_through_its_window() {
    let r = rounds().await;
    let mut amina = r.b.t.browser();
    amina.login("amina", PASSWORD).await.assert_redirect("/");
    amina.get("/caisse").await.assert_contains(r#"data-act="deliver""#);
    let cart = format!(r#"{{"lines":[{{"product_id":{},"qty":2000,"discount":0}}]}}"#, r.b.juice);
    let form = amina.post("/caisse/livraison/formulaire", &[("cart", &cart)]).await;
    form.assert_contains("Livraison depuis le comptoir");
    form.assert_contains("Hydra");
    let zone = r.zone.to_string();
    let mut fields = vec![
        ("cart", cart.as_str()),
        ("token", "livraison-web-0001"),
        ("name", "Nadia Kaci"),
        ("phone", "0661 22 33 44"),
        ("address", ""),
        ("zone_id", zone.as_str()),
        ("fee", ""),
        ("pay", "livraison"),
        ("method", "especes"),
        ("deposit", ""),
        ("notes", ""),
    ];
    let bad = amina.post("/caisse/livraison", &fields).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("f-address-err");
    bad.assert_contains("Indiquez l'adresse de livraison.");
    assert_eq!(r.b.t.count("SELECT count(*) FROM orders").await, 0);
    fields[4] = ("address", "8 chemin Macklay, Hydra");
    let done = amina.post("/caisse/livraison", &fields).await;
    assert_eq!(done.status, StatusCode::OK);
    done.assert_contains("enregistrée");
    assert!(done.header("HX-Trigger").is_some_and(|h| h.contains("sale-done")));
    // 300,00 DA of juice and the 300,00 DA fee, all at the door.
    done.assert_contains("600,00");
    assert_eq!(r.b.t.count("SELECT count(*) FROM orders WHERE status = 'prete'").await, 1);
    r.b.t.assert_check_passes().await;
}
