//! The four channels of the owner's figures and the money received (issue #19 item 1): orders
//! delivered by a run are the deliveries' revenue, never the shop's orders'; business customers'
//! invoices less their credit notes, HT, are the B2B revenue with the notes' frozen cost; every
//! payment received is in the receipts, by method, kept at write time and proven by the check.

use fournil::deliveries::Outcome;
use fournil::kpi::{self, Kpi, Period, Value};
use fournil::money::Money;

use crate::b2b_invoices::week;
use crate::support::*;

fn money(da: i64) -> Value {
    Value::Money(Money::from_da(da))
}

async fn figures(t: &TestApp) -> Vec<kpi::Figure> {
    let p = Period::day(day());
    t.app.db.read(move |c| fournil::reports::ops::figures(c, p, day())).await.unwrap()
}

#[tokio::test]
async fn orders_delivered_by_a_run_are_the_deliveries_revenue_and_their_money_is_received() {
    let r = crate::deliveries::rounds().await;
    // One cake paid in full beforehand, two cakes with 1 000 DA down, one refused at the door.
    let paid = r.ready("kc-payee", 1, Some(1_500)).await;
    let deposit = r.ready("kc-acompte", 2, Some(1_000)).await;
    let refused = r.ready("kc-refus", 1, None).await;
    let run = r.assign(r.karim, vec![paid, deposit, refused], "kc-tournee").await.unwrap();
    r.settle(run, &[Outcome::Delivered, Outcome::Delivered, Outcome::Refused], 2_000, "kc-reglement").await.unwrap();
    let f = figures(&r.b.t).await;
    let v = |k| kpi::ops::value_of(&f, k);
    // 1 500 + 3 000 on the day the run handed them over; nothing in the shop's orders.
    assert_eq!(v(Kpi::RevenueDeliveries), money(4_500));
    assert_eq!(v(Kpi::RevenueOrders), money(0));
    assert_eq!(v(Kpi::Revenue), money(4_500));
    assert_eq!(v(Kpi::OrdersHanded), Value::Count(2));
    // Received in cash: the two deposits and the balance the deliveryman brought back.
    assert_eq!(v(Kpi::Receipts), money(1_500 + 1_000 + 2_000));
    assert_eq!(v(Kpi::ReceiptsCash), money(4_500));
    assert_eq!(r.b.t.count("SELECT count(*) FROM kpi_sales WHERE channel = 'livraison'").await, 1);
    assert_eq!(r.b.t.count("SELECT count(*) FROM kpi_sales WHERE channel = 'commande'").await, 0);
    r.b.t.assert_check_passes().await;
}

#[tokio::test]
async fn business_invoices_less_credit_notes_are_the_b2b_revenue_and_their_payments_are_received() {
    let (t, amina, croissant) = shop().await;
    // Three notes: 6, 6 (2 back) and 6 croissants at 40 DA; 15 DA each at cost.
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    let week_form = [("du", "2026-11-16"), ("au", "2026-11-22"), ("kind", "facture"), ("token", "kc-fac")];
    boss.post("/b2b/clients/1/facturer", &week_form).await.assert_redirect("/b2b/factures/1?ok=facture-pro");
    // A proforma adds nothing.
    let pro = [("du", "2026-11-16"), ("au", "2026-11-22"), ("kind", "proforma"), ("token", "kc-pro")];
    boss.post("/b2b/clients/1/facturer", &pro).await;
    // Two croissants of the first note come back after the invoice: 80 DA credited.
    let credit = [("reason", "Retour"), ("qty.1", "2"), ("price.1", "40"), ("token", "kc-avoir")];
    boss.post("/b2b/factures/1/avoir", &credit).await;
    let pay = |amount: &'static str, mode: &'static str, token: &'static str| {
        vec![("invoice", "1"), ("amount", amount), ("mode", mode), ("reference", "REF-1"), ("token", token)]
    };
    for (amount, mode, token) in [("300", "cheque", "kc-p1"), ("200", "virement", "kc-p2")] {
        boss.post("/b2b/clients/1/paiement", &pay(amount, mode, token))
            .await
            .assert_redirect("/b2b/factures?client=1&ok=paiement-pro");
    }
    let f = figures(&t).await;
    let v = |k| kpi::ops::value_of(&f, k);
    // 6 + 4 + 6 croissants invoiced (640 DA HT under IFU), 80 DA credited.
    assert_eq!(v(Kpi::RevenueB2b), money(560));
    assert_eq!(v(Kpi::Revenue), money(560));
    // The notes' frozen cost for what was invoiced: 90 + 60 (4 of 6) + 90; the credit note none.
    assert_eq!(v(Kpi::CostOfGoods), money(240));
    assert_eq!(v(Kpi::GrossMargin), money(320));
    // No ticket, no order handed over: an invoice is neither.
    assert_eq!(v(Kpi::Tickets), Value::Count(0));
    assert_eq!(v(Kpi::OrdersHanded), Value::Count(0));
    assert_eq!(v(Kpi::Receipts), money(500));
    assert_eq!(v(Kpi::ReceiptsCash), money(0));
    // What the café still owes is its 411 account: 640 − 80 − 500.
    assert_eq!(v(Kpi::CustomersOwe), money(60));
    let methods = t.app.db.read(|c| Ok(fournil::kpi::store::receipts(c, "2026-11-24", "2026-11-24")?)).await.unwrap();
    assert_eq!(
        methods,
        vec![("cheque".to_string(), Money::from_da(300)), ("virement".to_string(), Money::from_da(200))]
    );
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_check_finds_receipts_kept_behind_the_payments_back() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    t.given().sale(&amina).line(croissant, 1).cash("50").await;
    t.assert_check_passes().await;
    t.app
        .db
        .write(|tx| Ok(tx.execute("UPDATE kpi_receipts SET amount = amount + 100 WHERE method = 'especes'", [])?))
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    assert!(report.failures().any(|f| f.rule.starts_with("Indicateurs : encaissements")), "{:?}", report.findings);
}
