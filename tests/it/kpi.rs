//! The owner's figures on a hand-made day and month, each KPI pinned to a figure worked out by
//! hand; the aggregates kept at write time equal the documents (`fournil check`).

use chrono::{Duration, NaiveDate};
use fournil::audit::{Actor, Stamp};
use fournil::auth::CurrentUser;
use fournil::deliveries::Outcome;
use fournil::kpi::{self, Kpi, Period, Source, Value};
use fournil::money::{Money, Qty};
use fournil::people::AttendanceMode;
use fournil::pos::{self, Cart, CartLine, CheckoutDraft, Destination, PayMethod, RefundDraft, RefundLineDraft, Tender};
use fournil::stock::{self, Reason};

use crate::orders::{Bakery, bakery, cash, line};
use crate::support::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A counter sale at another moment than `NOW` (the shift opened on the 24th stays open).
pub(crate) async fn sale_at(t: &TestApp, who: &CurrentUser, at: &str, product: i64, pieces: i64, cash_da: i64) -> i64 {
    let st =
        Stamp { actor: who.actor(), now: at.into(), day: NaiveDate::parse_from_str(&at[..10], "%Y-%m-%d").unwrap() };
    let n = t.count("SELECT count(*) FROM sales").await;
    let d = CheckoutDraft {
        token: format!("kpi-sale-{n:04}"),
        till_id: TILL,
        cart: Cart {
            lines: vec![CartLine { product_id: product, qty: Qty::whole(pieces), discount: Money::ZERO }],
            ..Default::default()
        },
        payments: vec![Tender { method: PayMethod::Cash, amount: Money::from_da(cash_da), reference: String::new() }],
    };
    let who = who.clone();
    t.app.db.write(move |tx| Ok(pos::ops::checkout(tx, &st, &who, &d, None)?.done()?.sold()?.id)).await.unwrap()
}

/// The hand-made day, Tuesday 24 November 2026 (and, with `month`, two more tickets: the 10th and
/// the 31st of October). Returns the bakery and the croissant.
pub(crate) async fn hand_made_day(month: bool) -> (Bakery, i64) {
    let b = bakery().await;
    let t = &b.t;
    let vien = t.given().category("Viennoiseries").await;
    // 20 croissants worth 300 DA (15 DA each), sold 40 DA.
    let croissant =
        t.given().product("Croissant").price("40").category(vien).on_hand(20).at(COUNTER).worth("300").await;
    if month {
        sale_at(t, &b.seller, "2026-10-31T16:00:00Z", croissant, 1, 40).await;
        sale_at(t, &b.seller, "2026-11-10T10:30:00Z", croissant, 5, 200).await;
    }
    // Ticket A: 3 croissants, 200 DA handed over, 80 given back. Ticket B: 2 by card.
    let a = t.given().sale(&b.seller).line(croissant, 3).cash("200").await;
    t.given().sale(&b.seller).line(croissant, 2).card("80").await;
    // One croissant of A comes back stale: 40 DA back in cash, the croissant thrown away (15 DA).
    let line_id = t.app.db.read(move |c| Ok(pos::store::lines(c, a)?[0].id)).await.unwrap();
    let r = RefundDraft {
        token: "kpi-refund-1".into(),
        sale_id: a,
        till_id: TILL,
        lines: vec![RefundLineDraft { line_id, qty: Qty::whole(1), destination: Destination::Waste }],
        reason: "rassis".into(),
        method: PayMethod::Cash,
    };
    let m = b.manager.clone();
    t.app.db.write(move |tx| pos::ops::refund(tx, &stamp(&m), &m, &r, None)?.done()).await.unwrap();
    // 2 croissants dropped: 30 DA of waste.
    let loss = stock::ops::AdjustmentDraft {
        location_id: COUNTER,
        reason: Reason::Casse,
        lines: vec![(croissant, -Qty::whole(2))],
        costs: Vec::new(),
        note: "Tombés".into(),
        token: Some("kpi-loss".into()),
    };
    t.app.db.write(move |tx| stock::ops::adjust(tx, &Actor::system(), &loss, NOW, day())).await.unwrap();
    // An order paid in full (a cake, 2 juices: 1 800 DA, cost 156 + 160) handed over today, and
    // a cake order with a 1 500 DA deposit, due tomorrow.
    let prepaid =
        b.draft("kpi-order", vec![line(b.cake, 1, ""), line(b.juice, 2, "")], Some(cash(1_800, 1_800, "kpi-order-p")));
    let id = b.create(&b.seller, prepaid).await.unwrap();
    b.make(id).await.unwrap();
    b.receive(id).await.unwrap();
    b.hand_over(id, None, "kpi-order-h").await.unwrap();
    b.cake_order("kpi-cakes").await;
    // 12 juices bought for 960 DA, not paid yet.
    let supplier = t.given().supplier("Boissons du Sahel").await;
    t.given().purchase(supplier).line(b.juice, 12, "80").received().await;
    (b, croissant)
}

async fn figures(t: &TestApp, p: Period) -> Vec<kpi::Figure> {
    t.app.db.read(move |c| fournil::reports::ops::figures(c, p, day())).await.unwrap()
}

fn money(da: i64) -> Value {
    Value::Money(Money::from_da(da))
}

#[tokio::test]
async fn every_kpi_of_a_hand_made_day() {
    let (b, _) = hand_made_day(false).await;
    let f = figures(&b.t, Period::day(day())).await;
    let v = |k| kpi::ops::value_of(&f, k);
    // Counter: 120 + 80 − 40; orders: 1 800 on the day of the handover, the deposit is no revenue.
    assert_eq!(v(Kpi::RevenueCounter), money(160));
    assert_eq!(v(Kpi::RevenueOrders), money(1_800));
    assert_eq!(v(Kpi::RevenueDeliveries), money(0));
    assert_eq!(v(Kpi::RevenueB2b), money(0));
    assert_eq!(v(Kpi::Revenue), money(1_960));
    // Received: cash 200 − 80 change − 40 refund + 1 800 + 1 500 deposit; card 80.
    assert_eq!(v(Kpi::ReceiptsCash), money(3_380));
    assert_eq!(v(Kpi::Receipts), money(3_460));
    assert_eq!(v(Kpi::Tickets), Value::Count(2));
    assert_eq!(v(Kpi::AverageBasket), money(80));
    assert_eq!(v(Kpi::OrdersHanded), Value::Count(1));
    // Cost: 45 + 30 − 15 (the croissant back) + 156 (cake) + 160 (juices).
    assert_eq!(v(Kpi::CostOfGoods), money(376));
    assert_eq!(v(Kpi::GrossMargin), money(1_584));
    assert_eq!(v(Kpi::GrossMarginRate), Value::Percent(Some(8_082)));
    // Waste: the croissant thrown away (15) + the two dropped (30); 45 ÷ 376.
    assert_eq!(v(Kpi::Waste), money(45));
    assert_eq!(v(Kpi::WasteRate), Value::Percent(Some(1_197)));
    assert_eq!(v(Kpi::Purchases), money(960));
    // A day holds no whole month: no labour cost, no prime cost (not "no data").
    assert_eq!(v(Kpi::LabourCost), Value::None);
    assert_eq!(v(Kpi::PrimeCost), Value::None);
    // Stock: flour 800 − 16, butter 7 000 − 140, juices 800 − 160 + 960, croissants 20 − 7 at 15.
    assert_eq!(v(Kpi::StockValue), money(784 + 6_860 + 1_600 + 195));
    // Account 401: the 960 DA of juices, and the 8 900 DA of stock the fixture received on account
    // (flour 800, butter 7 000, juices 800, croissants 300), which the ledger owes too.
    assert_eq!(v(Kpi::OwedToSuppliers), money(960 + 8_900));
    assert_eq!(v(Kpi::CustomersOwe), money(0));
    assert_eq!(v(Kpi::DeliverymenOwe), money(0));
    assert_eq!(v(Kpi::OwedToCustomers), money(1_500));
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn every_kpi_of_a_hand_made_month_and_its_comparisons() {
    let (b, _) = hand_made_day(true).await;
    let f = figures(&b.t, Period::month_to(day())).await;
    let v = |k| kpi::ops::value_of(&f, k);
    assert_eq!(v(Kpi::RevenueCounter), money(360));
    assert_eq!(v(Kpi::Revenue), money(2_160));
    assert_eq!(v(Kpi::Tickets), Value::Count(3));
    assert_eq!(v(Kpi::AverageBasket), money(120));
    assert_eq!(v(Kpi::CostOfGoods), money(451));
    assert_eq!(v(Kpi::ReceiptsCash), money(3_580));
    let october = figures(&b.t, Period::previous_month(day())).await;
    assert_eq!(kpi::ops::value_of(&october, Kpi::Revenue), money(40));
    assert_eq!(kpi::ops::value_of(&october, Kpi::AverageBasket), money(40));
    let empty = figures(&b.t, Period::day(d(2026, 11, 1))).await;
    assert_eq!(kpi::ops::value_of(&empty, Kpi::AverageBasket), Value::None, "no ticket, no basket");
    assert_eq!(kpi::ops::value_of(&empty, Kpi::GrossMarginRate), Value::Percent(None));
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn the_aggregates_are_kept_by_hour_and_seller_and_rebuilt_equal() {
    let (b, croissant) = hand_made_day(true).await;
    let rows = |sql: &'static str| b.t.count(sql);
    // The 10th at 10:30 UTC is 11 h in Algiers; today's tickets at 9 h.
    assert_eq!(rows("SELECT revenue FROM kpi_hours WHERE day = '2026-11-10' AND hour = 11").await, 20_000);
    assert_eq!(rows("SELECT qty FROM kpi_sales WHERE day = '2026-11-10' AND channel = 'comptoir'").await, 5_000);
    assert_eq!(
        rows("SELECT sum(tickets) FROM kpi_tickets WHERE day = '2026-11-24' AND channel = 'comptoir' AND hour = 9")
            .await,
        2
    );
    let before = b.t.app.db.read(|c| Ok(kpi::store::sales_between(c, "0000-01-01", "9999-12-31")?)).await.unwrap();
    b.t.app.db.write(kpi::ops::rebuild).await.unwrap();
    let after = b.t.app.db.read(|c| Ok(kpi::store::sales_between(c, "0000-01-01", "9999-12-31")?)).await.unwrap();
    assert_eq!(before, after);
    // A row changed behind the operations' back is caught by the check.
    let sql =
        format!("UPDATE kpi_sales SET revenue = revenue + 1 WHERE product_id = {croissant} AND day = '2026-11-10'");
    b.t.app.db.write(move |tx| Ok(tx.execute(&sql, [])?)).await.unwrap();
    let report = b.t.app.db.read(fournil::system::check::run).await.unwrap();
    assert!(report.failures().any(|f| f.rule.starts_with("Indicateurs : ventes")), "{:?}", report.findings);
}

async fn figures_on(t: &TestApp, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Vec<kpi::Figure> {
    t.app.db.read(move |c| fournil::reports::ops::figures(c, Period { from, to }, today)).await.unwrap()
}

/// The hand-made day, then November's payroll for Badra (35 000 DA) and Chafia (24 000 DA, the
/// SNMG), both exempt from the clock: labour counts once validated, for whole months only.
#[tokio::test]
async fn labour_and_prime_cost_come_from_the_validated_payrolls_of_whole_months() {
    let (b, _) = hand_made_day(false).await;
    let t = &b.t;
    t.advance(Duration::days(10)); // Friday 4 December: November is over.
    let today = d(2026, 12, 4);
    crate::payroll::employee(t, "Badra", 35_000, AttendanceMode::Exempt).await;
    crate::payroll::employee(t, "Chafia", 24_000, AttendanceMode::Exempt).await;
    let november = |t| figures_on(t, d(2026, 11, 1), d(2026, 11, 30), today);
    let f = november(t).await;
    assert_eq!(kpi::ops::value_of(&f, Kpi::LabourCost), Value::NoData(Source::Payroll), "no payroll yet");
    assert_eq!(kpi::ops::value_of(&f, Kpi::PrimeCost), Value::NoData(Source::Payroll));

    crate::payroll::lock(t, "2026-11").await;
    let st = Stamp::new(Actor::system(), &t.app.clock);
    let run = t.app.db.write(move |tx| fournil::payroll::ops::run::prepare(tx, &st, "2026-11")).await.unwrap();
    let f = november(t).await;
    assert_eq!(kpi::ops::value_of(&f, Kpi::LabourCost), Value::NoData(Source::Payroll), "prepared, not validated");

    let st = Stamp::new(Actor::system(), &t.app.clock);
    t.app.db.write(move |tx| fournil::payroll::ops::run::validate(tx, &st, run)).await.unwrap();
    // Badra 35 000 + 25 % CNAS 8 750 + 0,5 % 175; Chafia 24 000 + 6 000 + 120: 74 045 DA.
    let f = november(t).await;
    assert_eq!(kpi::ops::value_of(&f, Kpi::LabourCost), money(74_045));
    // November sold 1 960 DA at a cost of 376: (376 + 74 045) ÷ 1 960 = 3 796,99 %.
    assert_eq!(kpi::ops::value_of(&f, Kpi::PrimeCost), Value::Percent(Some(379_699)));
    // The month to date holds no whole month; mid-October to November counts November only,
    // October alone has no validated payroll.
    let to_date = figures_on(t, d(2026, 11, 1), d(2026, 11, 24), today).await;
    assert_eq!(kpi::ops::value_of(&to_date, Kpi::LabourCost), Value::None);
    let longer = figures_on(t, d(2026, 10, 15), d(2026, 11, 30), today).await;
    assert_eq!(kpi::ops::value_of(&longer, Kpi::LabourCost), money(74_045));
    assert_eq!(kpi::ops::value_of(&longer, Kpi::PrimeCost), Value::Percent(Some(379_699)));
    let october = figures_on(t, d(2026, 10, 1), d(2026, 10, 31), today).await;
    assert_eq!(kpi::ops::value_of(&october, Kpi::LabourCost), Value::NoData(Source::Payroll));
    t.assert_check_passes().await;
}

/// Karim brings 200 DA short on the 24th and pays 150 on the 25th: the KPI reads what the
/// deliveries domain says he owes at each period's end.
#[tokio::test]
async fn what_the_deliverymen_owe_is_read_at_the_period_end() {
    let r = crate::deliveries::rounds().await;
    // Two cakes (3 000 DA), a 1 000 DA deposit: he must bring the 2 000 DA balance (the fee is his).
    let order = r.ready("kpi-liv", 2, Some(1_000)).await;
    let run = r.assign(r.karim, vec![order], "kpi-tournee").await.unwrap();
    r.settle(run, &[Outcome::Delivered], 1_800, "kpi-reglement").await.unwrap();
    r.b.t.advance(Duration::days(1));
    r.pay(r.karim, Money::from_da(150), "kpi-paiement").await.unwrap();
    let t = &r.b.t;
    let (on_24, on_25) = (d(2026, 11, 24), d(2026, 11, 25));
    let f = figures_on(t, d(2026, 11, 1), on_24, on_25).await;
    assert_eq!(kpi::ops::value_of(&f, Kpi::DeliverymenOwe), money(200));
    let f = figures_on(t, on_25, on_25, on_25).await;
    assert_eq!(kpi::ops::value_of(&f, Kpi::DeliverymenOwe), money(50));
    let f = figures_on(t, d(2026, 11, 1), d(2026, 11, 23), on_25).await;
    assert_eq!(kpi::ops::value_of(&f, Kpi::DeliverymenOwe), money(0), "before the run");
    t.assert_check_passes().await;
}
