//! The demo's deliveries, through the real operations: four zones of Algiers with their fees, two
//! deliverymen of the shop and a platform (Yassir, 15 % of the goods). A few delivery orders are
//! taken each day for the next days; the morning they are due, once made and received, they leave
//! in runs of up to three stops and each run is settled at the till the same day, in the day's
//! shift. Now and then a customer refuses the delivery, now and then a deliveryman brings back a
//! little less than he should: Sofiane pays it back the next day, Mourad a week later.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rusqlite::Transaction;

use super::catalog::Shop;
use super::orders::{Book, at, customer, lines, orders_total, payment};
use super::rng::Rng;
use super::{Staff, Summary};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::customers::CustomerDraft;
use crate::deliveries::{
    self, AssignDraft, DeliverymanDraft, Goods, Kind, Outcome, PaymentDraft, SettleDraft, StopDraft, TillSaleDraft,
    ZoneDraft,
};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::orders::{self, OrderDraft, Service};

/// Zones: commune, fee and cap (DA), a few addresses.
const ZONES: &[(&str, &str, &str, &[&str])] = &[
    (
        "Alger-Centre",
        "250",
        "350",
        &["12 rue Didouche Mourad", "3 boulevard Zighout Youcef", "45 rue Larbi Ben M'hidi"],
    ),
    ("Bab Ezzouar", "400", "500", &["Cité 5 Juillet, bât. 12", "Cité Rabia Tahar, bât. 4, 3e étage"]),
    ("Hydra", "300", "400", &["8 chemin Mackley", "15 rue des Pins", "Villa 21, lotissement Paradou"]),
    ("Kouba", "350", "450", &["22 rue Garidi", "7 rue Hassiba, Vieux Kouba"]),
];

/// The shop's zones and deliverymen.
pub struct Fleet {
    /// (zone id, its addresses).
    zones: Vec<(i64, &'static [&'static str])>,
    men: Vec<i64>,
    /// The one who pays what he owes a week late.
    late_payer: i64,
}

/// The setting (the fees of the shop's own deliverymen are the shop's: 706), the zones, the men.
pub fn setup(tx: &Transaction, st: &Stamp) -> Result<Fleet, AppError> {
    deliveries::ops::set_fee_to_shop(tx, st, true)?;
    let mut zones = Vec::new();
    for (name, fee, cap, streets) in ZONES {
        let d = ZoneDraft::parse(name, fee, cap).map_err(AppError::Invalid)?;
        zones.push((deliveries::ops::create_zone(tx, st, &d)?, *streets));
    }
    let mut men = Vec::new();
    for (name, phone, kind, pct) in [
        ("Mourad Belaid", "0550 12 34 56", "personnel", ""),
        ("Sofiane Kaci", "0661 23 45 67", "personnel", ""),
        ("Yassir", "0770 98 76 54", "plateforme", "15"),
    ] {
        let d = DeliverymanDraft::parse(name, phone, kind, pct, "", None).map_err(AppError::Invalid)?;
        men.push(deliveries::ops::create_man(tx, st, &d)?);
    }
    Ok(Fleet { late_payer: men[0], zones, men })
}

/// Takes `count` delivery orders during the shift, due one to three days ahead, each with its
/// zone (at the zone's fee); most with a deposit.
#[allow(clippy::too_many_arguments)]
pub fn take(
    tx: &Transaction,
    shop: &Shop,
    staff: &Staff,
    fleet: &Fleet,
    day: NaiveDate,
    count: i64,
    book: &mut Book,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    for k in 0..count {
        let seller = &staff.sellers[k as usize % staff.sellers.len()];
        let st = at(seller, day, rng.range(9 * 60, 18 * 60));
        let customer_id = customer(tx, book, seller, &st, rng)?;
        let lines = lines(shop, false, rng);
        if lines.is_empty() {
            continue;
        }
        let (zone_id, streets) = fleet.zones[rng.below(fleet.zones.len() as u64) as usize];
        let mut d = OrderDraft {
            token: rng.token(),
            customer_id,
            service: Service::Delivery,
            address: streets[rng.below(streets.len() as u64) as usize].into(),
            due_day: day + Duration::days(1 + rng.weighted(&[60, 90, 100]) as i64),
            due_time: NaiveTime::from_hms_opt(rng.range(11, 18) as u32, 0, 0).unwrap_or_default(),
            notes: if rng.chance(150) { "Sonner deux fois".into() } else { String::new() },
            lines,
            deposit: None,
            till_id: super::sales::TILL,
        };
        if rng.chance(700) {
            let total = orders_total(tx, &d)?;
            let part = Money::from_da((total.cents() / 100 * rng.range(30, 60) / 100 + 99) / 100 * 100).min(total);
            d.deposit = (part.cents() > 0).then(|| payment(part, rng));
        }
        let id = orders::ops::create(tx, &st, seller, &d)?;
        let zone = deliveries::ops::OrderDeliveryDraft { zone_id, fee: None };
        deliveries::ops::set_order_delivery(tx, &st, seller, id, &zone)?;
        summary.orders += 1;
    }
    let mut side = side(day, 0);
    if side.chance(300) {
        sell_at_till(tx, shop, staff, fleet, day, &mut side, summary)?;
    }
    Ok(())
}

/// The note of a delivery sold at the till in the demo (it leaves on a run of its own).
const TILL_NOTE: &str = "Vendue au comptoir, à livrer";

/// Regulars who now and then ask for a delivery of what is on the counter.
const REGULARS: &[(&str, &str)] =
    &[("Nadia Kaci", "0661 22 33 44"), ("Yasmine Belkacem", "0550 71 82 93"), ("Rachid Ouali", "0770 15 26 37")];

/// A delivery sold straight from the till from counter stock (`deliveries::ops::sell`): two of a
/// pastry the counter holds, most often paid at the door; it leaves on a run of its own (`rounds`).
fn sell_at_till(
    tx: &Transaction,
    shop: &Shop,
    staff: &Staff,
    fleet: &Fleet,
    day: NaiveDate,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let Some(till) = crate::cash::store::till(tx, super::sales::TILL)? else { return Ok(()) };
    let two = Qty::whole(2);
    let mut on_counter = Vec::new();
    for p in shop.sold.iter().filter(|p| matches!(p.group, 1 | 2)) {
        if crate::stock::store::balance(tx, p.id, till.location_id)?.qty >= two {
            on_counter.push(p.id);
        }
    }
    let Some(&product_id) = on_counter.get(rng.below(on_counter.len().max(1) as u64) as usize) else { return Ok(()) };
    let (name, phone) = REGULARS[rng.below(REGULARS.len() as u64) as usize];
    let (zone_id, streets) = fleet.zones[rng.below(fleet.zones.len() as u64) as usize];
    let seller = &staff.sellers[0];
    let d = TillSaleDraft {
        token: rng.token(),
        till_id: till.id,
        customer: CustomerDraft::parse(name, phone, "", "", "", None).map_err(AppError::Invalid)?,
        address: streets[rng.below(streets.len() as u64) as usize].into(),
        zone_id: Some(zone_id),
        fee: None,
        lines: vec![orders::LineDraft { line_id: None, product_id, qty: two, options: String::new(), price: None }],
        paid_now: rng.chance(300),
        method: orders::Method::Cash,
        deposit: None,
        notes: TILL_NOTE.into(),
    };
    deliveries::ops::sell(tx, &at(seller, day, rng.range(9 * 60, 12 * 60)), seller, &d)?;
    summary.orders += 1;
    summary.till_deliveries += 1;
    Ok(())
}

/// During the shift: the ready delivery orders leave in runs of up to three stops, the men taking
/// turns; each run is settled at the till two hours later; then what is owed is paid back.
pub fn rounds(
    tx: &Transaction,
    staff: &Staff,
    fleet: &Fleet,
    day: NaiveDate,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let (mut ready, mut sold_here) = (Vec::new(), Vec::new());
    for (o, _) in deliveries::ops::ready_orders(tx)?.into_iter().filter(|(_, d)| d.is_some()) {
        let here = orders::store::order(tx, o.id)?.is_some_and(|x| x.notes == TILL_NOTE);
        if here { sold_here.push(o.id) } else { ready.push(o.id) }
    }
    for (k, stops) in ready.chunks(3).enumerate() {
        let man = fleet.men[(k + day.ordinal() as usize) % fleet.men.len()];
        send(tx, staff, fleet, (day, k, man), stops, rng, summary)?;
    }
    // What was sold at the till leaves on a run of its own, drawn apart from the day's stream.
    let mut side = side(day, 1);
    for (k, id) in sold_here.into_iter().enumerate() {
        send(tx, staff, fleet, (day, ready.len() / 3 + 1 + k, fleet.men[0]), &[id], &mut side, summary)?;
    }
    pay_back(tx, staff, fleet, day, rng, summary)
}

/// A random stream of its own for the day, so that what it draws leaves the day's stream as it was.
fn side(day: NaiveDate, salt: u64) -> Rng {
    Rng::new((u64::from(day.ordinal()) * 7_919 + day.year() as u64) * 31 + salt)
}

/// A run of these stops sent out with a man, settled at the till two hours later.
fn send(
    tx: &Transaction,
    staff: &Staff,
    fleet: &Fleet,
    (day, k, man): (NaiveDate, usize, i64),
    stops: &[i64],
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let minute = (10 * 60 + k as i64 * 45).min(17 * 60);
    let d = AssignDraft {
        deliveryman_id: man,
        till_id: super::sales::TILL,
        order_ids: stops.to_vec(),
        token: Some(rng.token()),
    };
    let run = deliveries::ops::assign(tx, &at(&staff.manager, day, minute), &d)?;
    summary.delivery_runs += 1;
    let cashier = &staff.sellers[k % staff.sellers.len()];
    settle(tx, (cashier, &staff.manager), fleet, run, &at(cashier, day, minute + 120), rng, summary)
}

/// A run back at the till: each stop delivered, now and then refused (the cakes back to the
/// counter) or not delivered (nobody home: the order is ready again and leaves with a later run);
/// the cash he should bring, now and then a little less from one of the shop's men — Mourad's
/// shortages become his debt, one in four of Sofiane's is written off as a loss by the gérante.
fn settle(
    tx: &Transaction,
    (cashier, manager): (&CurrentUser, &CurrentUser),
    fleet: &Fleet,
    run: i64,
    st: &Stamp,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let r = deliveries::ops::run_full(tx, run)?;
    let mut expected = Money::ZERO;
    let mut stops = Vec::new();
    for s in &r.stops {
        let outcome = match rng.below(1000) {
            0..40 => Outcome::Refused,
            40..70 => Outcome::NotDelivered,
            _ => Outcome::Delivered,
        };
        match outcome {
            Outcome::Delivered => {
                let (fee_kept, commission) = deliveries::kept(s.fee, r.run.fee_to_shop, r.run.commission_pct, s.total);
                expected += deliveries::brought(s.balance, s.fee, fee_kept, commission);
                summary.handed_over += 1; // by the settlement, below
            }
            Outcome::Refused => summary.refused_deliveries += 1,
            Outcome::NotDelivered => summary.not_delivered += 1,
        }
        stops.push(StopDraft { stop_id: s.id, outcome, goods: Some(Goods::Counter) });
    }
    let late = r.man.id == fleet.late_payer;
    let short = Money::from_da(rng.range(2, 10) * 50);
    let is_short = r.man.kind == Kind::Staff && expected > short && rng.chance(if late { 80 } else { 40 });
    let counted = if is_short { expected - short } else { expected };
    let write_off = is_short && !late && rng.chance(250);
    let d = SettleDraft { till_id: super::sales::TILL, stops, counted, write_off, token: Some(rng.token()) };
    // A loss needs the gérante: she settles that run herself.
    let who = if write_off { manager } else { cashier };
    deliveries::ops::settle(tx, st, (who, None), run, &d)?.done()?;
    summary.settlements += 1;
    summary.written_off += i64::from(write_off);
    Ok(())
}

/// What a man owes is paid back in full at the till: the next day, or a week after the shortage
/// for the late payer.
fn pay_back(
    tx: &Transaction,
    staff: &Staff,
    fleet: &Fleet,
    day: NaiveDate,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    for &id in &fleet.men {
        let m = deliveries::ops::deliveryman(tx, id)?;
        let debt = deliveries::ops::debts::debt_of(tx, &m, day)?;
        let Some(since) = debt.oldest.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) else { continue };
        let wait = if id == fleet.late_payer { 7 } else { 1 };
        if debt.owed.cents() <= 0 || (day - since).num_days() < wait {
            continue;
        }
        let d = PaymentDraft { till_id: super::sales::TILL, amount: debt.owed, token: Some(rng.token()) };
        deliveries::ops::pay(tx, &at(&staff.sellers[1], day, 19 * 60), id, &d)?;
        summary.delivery_payments += 1;
    }
    Ok(())
}
