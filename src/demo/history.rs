//! The days of the demo shop, one transaction per day: supplier purchases received and paid when
//! due, semi-finis then finished goods produced in the morning, the day's shift and tickets, the
//! evening's waste, a weekly count of the lab. Rhythm: weekends, Ramadan evenings, the Aïds.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::catalog::{Bought, COMPTOIR, LABO, Shop};
use super::rng::Rng;
use super::season::{Season, group_factor, minute_of, season, traffic};
use super::{Options, Staff, Summary, sales, stamp};
use crate::catalog::Kind;
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::production::{self, ProductionDraft};
use crate::purchases::{self, LineDraft, PaymentDraft, PurchaseDraft};
use crate::stock::{self, Reason};

struct State {
    /// Unpaid purchases: (purchase id, due day).
    unpaid: Vec<(i64, NaiveDate)>,
    /// Tickets of the day that may be refunded.
    tickets: Vec<i64>,
    shift_sales: bool,
}

/// Price drift: about 6 % a year (per mille, in whole days), plus a little noise per delivery.
fn pack_price(b: &Bought, days_in: i64, rng: &mut Rng) -> Money {
    let drift = 1_000 + days_in * 60 / 365 + rng.range(-25, 25);
    Money::from_cents(b.pack_price.cents() * drift / 1_000)
}

fn held(tx: &Transaction, product: i64, location: i64) -> Result<i64, AppError> {
    Ok(stock::store::balance(tx, product, location)?.qty.milli())
}

/// The whole history, one transaction per day.
#[allow(clippy::too_many_arguments)]
pub fn run(
    conn: &mut Connection,
    printer_queue: &crate::db::Db,
    (shop, fleet): (&Shop, &super::deliveries::Fleet),
    staff: &Staff,
    o: &Options,
    first: NaiveDate,
    rng: &mut Rng,
    summary: &mut Summary,
    started: Instant,
) -> anyhow::Result<()> {
    let prices: HashMap<i64, Money> = {
        let mut m = HashMap::new();
        for p in crate::catalog::store::all_products(conn)? {
            if let Some(price) = p.sale_price {
                m.insert(p.id, price);
            }
        }
        m
    };
    let bought: HashMap<i64, &Bought> = shop.bought.iter().map(|b| (b.id, b)).collect();
    let mut state = State { unpaid: Vec::new(), tickets: Vec::new(), shift_sales: false };
    let mut book = super::orders::Book::default();
    let mut last_report = Instant::now();
    for n in 0..summary.days {
        let day = first + Duration::days(n);
        let s = season(day);
        let tickets_today = i64::from(o.tickets_per_day) * traffic(day, s, rng) / 1_000;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Expected units sold per product today.
        let cumulative = weights(shop, s);
        // A ticket sells about 4,3 units (lines × quantities).
        let units_per_ticket = 4_300; // per mille
        let season_total: u64 = *cumulative.last().unwrap_or(&1);
        let expected = |i: usize| -> i64 {
            let w = (cumulative[i] - if i == 0 { 0 } else { cumulative[i - 1] }) as i64;
            tickets_today * units_per_ticket / 1_000 * w / season_total.max(1) as i64
        };
        // Customer orders: what today's need from the lab joins the morning's purchases; the lab
        // makes them after the counter's batches; new ones are taken and ready ones handed over
        // while the shift is open. About 15 orders for 100 tickets, with the same seasons.
        let order_needs = super::orders::needs_today(&tx, day)?;
        morning(&tx, shop, staff, &bought, day, n, &expected, &order_needs, rng, summary, &mut state)?;
        super::orders::make_due(&tx, staff, day, rng, summary)?;
        let orders_today = i64::from(o.tickets_per_day) * 15 / 100 * traffic(day, s, rng) / 1_000;
        let fitr = s == Season::Fitr;
        let mut during = |tx: &Transaction, rng: &mut Rng, summary: &mut Summary| -> Result<(), AppError> {
            super::orders::hand_over_ready(tx, staff, day, rng, summary)?;
            super::orders::take(tx, shop, staff, day, orders_today, fitr, &mut book, rng, summary)?;
            // A few delivery orders for the coming days; today's leave in runs, settled by evening.
            let deliveries_today = if s == Season::Adha { 1 } else { rng.range(3, 7) };
            super::deliveries::take(tx, shop, staff, fleet, day, deliveries_today, &mut book, rng, summary)?;
            super::deliveries::rounds(tx, staff, fleet, day, rng, summary)?;
            super::b2b::office(tx, staff, day, summary)
        };
        counter(&tx, shop, staff, &prices, &cumulative, day, s, tickets_today, rng, summary, &mut state, &mut during)?;
        // The B2B notes of the day, from their own random stream and after the tickets, so the
        // other steps' days stay as they were.
        let mut own = Rng::new(o.seed ^ (day.num_days_from_ce() as u64).wrapping_mul(0x9E37_79B9));
        super::b2b::deliveries(&tx, shop, staff, day, &mut own, summary)?;
        evening(&tx, shop, staff, day, rng)?;
        pay_due(&tx, staff, day, rng, &mut state)?;
        tx.commit()?;
        // The print worker's pass of the evening, as `fournil serve` runs it: the demo till has
        // no printer, so each receipt is marked "sans imprimante" (the browser prints it).
        crate::printing::drain_once(printer_queue, &crate::printing::driver::Hardware, super::utc(day, 21 * 60))?;
        if o.progress && (last_report.elapsed().as_secs() >= 2 || n + 1 == summary.days) {
            last_report = Instant::now();
            let secs = started.elapsed().as_secs_f64();
            eprintln!(
                "demo : {day} ({}/{} jours) — {} tickets, {} productions, {} achats — {:.0} s ({:.0} tickets/s)",
                n + 1,
                summary.days,
                summary.tickets,
                summary.productions,
                summary.purchases,
                secs,
                summary.tickets as f64 / secs.max(0.001)
            );
        }
    }
    summary.sales = state.shift_sales;
    Ok(())
}

/// The cumulative sales weights of the sold products in a season.
fn weights(shop: &Shop, s: Season) -> Vec<u64> {
    let mut acc = 0;
    shop.sold
        .iter()
        .map(|p| {
            acc += p.weight * group_factor(p.group, s);
            acc
        })
        .collect()
}

/// Pays, by bank transfer, every purchase whose term has come.
fn pay_due(tx: &Transaction, staff: &Staff, day: NaiveDate, rng: &mut Rng, state: &mut State) -> Result<(), AppError> {
    let actor = staff.manager.actor();
    let (due, later): (Vec<_>, Vec<_>) = state.unpaid.iter().partition(|(_, d)| *d <= day);
    state.unpaid = later;
    for (k, (id, _)) in due.into_iter().enumerate() {
        let Some(p) = purchases::store::purchase(tx, id)? else { continue };
        let owed = p.owed();
        if owed.cents() <= 0 {
            continue;
        }
        let d = PaymentDraft {
            day,
            amount: owed,
            method: purchases::Method::Bank,
            reference: format!("VIR-{}", p.number),
            drawer: purchases::Drawer::FirstOpen,
            token: Some(rng.token()),
        };
        purchases::ops::pay(tx, &actor, id, &d, &stamp(day, 11 * 60 + k as i64 % 60))?;
    }
    Ok(())
}

/// Buys what the lab will lack (and the counter's drinks), produces semi-finis then finished goods.
#[allow(clippy::too_many_arguments)]
fn morning(
    tx: &Transaction,
    shop: &Shop,
    staff: &Staff,
    bought: &HashMap<i64, &Bought>,
    day: NaiveDate,
    days_in: i64,
    expected: &dyn Fn(usize) -> i64,
    order_needs: &[(i64, i64)],
    rng: &mut Rng,
    summary: &mut Summary,
    state: &mut State,
) -> Result<(), AppError> {
    // The plan: fresh goods for today; the others topped up to three days.
    let mut plan: Vec<(i64, i64)> = Vec::new();
    let mut drinks: Vec<(i64, i64)> = Vec::new();
    for (i, p) in shop.sold.iter().enumerate() {
        let want = expected(i) * 1_000; // thousandths of a pièce
        let have = held(tx, p.id, COMPTOIR)?;
        if !p.made {
            if have < want * 2 {
                drinks.push((p.id, want * 7 - have));
            }
            continue;
        }
        let target = if p.fresh { want * 115 / 100 } else { want * 3 };
        let make = if p.fresh || have < want { target - have } else { 0 };
        let make = (make + 999) / 1_000 * 1_000;
        if make > 0 {
            plan.push((p.id, make));
        }
    }
    // Packaging taken by the till's rules: about one piece a ticket, a week ahead.
    let tickets: i64 = (0..shop.sold.len()).map(expected).sum::<i64>() * 1_000 / 4_300;
    for id in &shop.packaging_used {
        let have = held(tx, *id, super::catalog::EMBALLAGES)?;
        if have < tickets * 2 * 1_000 {
            drinks.push((*id, tickets * 7 * 1_000));
        }
    }
    // Semi-finis the plan needs, beyond what the lab holds (with a 20 % margin).
    let mut semi_need: HashMap<i64, i64> = HashMap::new();
    let mut ing_need: HashMap<i64, i64> = HashMap::new();
    for (id, qty) in plan.iter().chain(order_needs) {
        add_needs(shop, *id, *qty, &mut semi_need, &mut ing_need);
    }
    let mut semi_plan = Vec::new();
    for semi in &shop.semis {
        let need = semi_need.get(semi).copied().unwrap_or(0);
        let have = held(tx, *semi, LABO)?;
        if need > have {
            let make = ((need - have) * 12 / 10 + 99_999) / 100_000 * 100_000; // by 100 g
            semi_plan.push((*semi, make));
            let mut nested = HashMap::new();
            add_needs(shop, *semi, make, &mut nested, &mut ing_need);
        }
    }
    // Purchases: per supplier, everything short for today, for about ten days.
    let mut orders: HashMap<i64, Vec<LineDraft>> = HashMap::new();
    let mut wanted: Vec<(i64, i64)> = ing_need.into_iter().collect();
    wanted.sort();
    for (id, need) in wanted.into_iter().chain(drinks) {
        let Some(b) = bought.get(&id) else { continue };
        let have = held(tx, id, b.location_id)?;
        if have >= need {
            continue;
        }
        let target = if b.location_id == LABO { need * 10 } else { need };
        let packs = ((target - have) + b.pack_content.milli() - 1) / b.pack_content.milli();
        orders.entry(b.supplier_id).or_default().push(LineDraft {
            product_id: id,
            pack_id: Some(b.pack_id),
            count: Qty::whole(packs.max(1)),
            price: pack_price(b, days_in, rng),
            location_id: b.location_id,
            tva_bp: 0,
        });
    }
    let buyer = staff.manager.actor();
    let mut suppliers: Vec<_> = orders.into_iter().collect();
    suppliers.sort_by_key(|(s, _)| *s);
    for (k, (supplier_id, lines)) in suppliers.into_iter().enumerate() {
        let now = stamp(day, 5 * 60 + 30 + k as i64);
        let d = PurchaseDraft {
            supplier_id,
            day,
            invoice_ref: format!("F{}-{}", day.format("%y%m%d"), supplier_id),
            note: String::new(),
            lines,
            token: Some(rng.token()),
        };
        let id = purchases::ops::create(tx, &buyer, &d, &now)?;
        purchases::ops::receive(tx, &buyer, id, &now)?;
        let terms = purchases::store::supplier(tx, supplier_id)?.map(|s| s.payment_days).unwrap_or(30);
        state.unpaid.push((id, day + Duration::days(terms)));
        summary.purchases += 1;
    }
    // Production: semi-finis first, then what goes to the counter.
    let baker = staff.baker.actor();
    for (k, (id, qty, place)) in
        (0..).zip(semi_plan.iter().map(|(i, q)| (*i, *q, LABO)).chain(plan.iter().map(|(i, q)| (*i, *q, COMPTOIR))))
    {
        let d = ProductionDraft {
            product_id: id,
            qty: Qty::from_milli(qty),
            location_id: place,
            token: Some(rng.token()),
            note: String::new(),
        };
        let now = stamp(day, 6 * 60 + k / 4);
        production::ops::produce(tx, &baker, &d, &now, day)?;
        summary.productions += 1;
    }
    Ok(())
}

/// Adds what `qty` of `product` takes: semi-finis to `semis`, bought ingredients to `ingredients`.
fn add_needs(shop: &Shop, product: i64, qty: i64, semis: &mut HashMap<i64, i64>, ingredients: &mut HashMap<i64, i64>) {
    let Some(r) = shop.recipes.get(&product) else { return };
    for (ing, line) in &r.lines {
        let n = production::need(*line, Qty::from_milli(qty), r.yield_qty, r.loss_bp).milli();
        if shop.kinds.get(ing) == Some(&Kind::SemiFini) {
            *semis.entry(*ing).or_default() += n;
        } else {
            *ingredients.entry(*ing).or_default() += n;
        }
    }
}

/// The day at the counter: the shift, the tickets, a rare refund.
#[allow(clippy::too_many_arguments)]
fn counter(
    tx: &Transaction,
    shop: &Shop,
    staff: &Staff,
    prices: &HashMap<i64, Money>,
    cumulative: &[u64],
    day: NaiveDate,
    s: Season,
    tickets: i64,
    rng: &mut Rng,
    summary: &mut Summary,
    state: &mut State,
    during: &mut dyn FnMut(&Transaction, &mut Rng, &mut Summary) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let opener = &staff.sellers[day.ordinal() as usize % staff.sellers.len()];
    let Some(shift) = sales::open_shift(tx, opener, Money::from_da(10_000), &stamp(day, 6 * 60 + 15), day, rng)? else {
        return Ok(());
    };
    state.shift_sales = true;
    during(tx, rng, summary)?;
    state.tickets.clear();
    // What the counter holds, kept here so a ticket never asks for what is not there.
    let mut left: HashMap<i64, i64> = HashMap::new();
    for p in &shop.sold {
        left.insert(p.id, held(tx, p.id, COMPTOIR)?);
    }
    let mut minutes: Vec<i64> = (0..tickets).map(|_| minute_of(s, rng)).collect();
    minutes.sort_unstable();
    let price_of = |id: i64| prices.get(&id).copied().unwrap_or(Money::ZERO);
    for (k, minute) in minutes.into_iter().enumerate() {
        let n_lines = 1 + rng.weighted(&[30, 55, 75, 88, 96, 100]);
        let mut lines: Vec<(i64, Qty)> = Vec::with_capacity(n_lines);
        for _ in 0..n_lines {
            let p = &shop.sold[rng.weighted(cumulative)];
            if lines.iter().any(|(id, _)| *id == p.id) {
                continue;
            }
            let qty = match p.group {
                0 => rng.range(1, 4),
                3 => rng.range(2, 12),
                _ => rng.range(1, 3),
            } * 1_000;
            let here = left.get(&p.id).copied().unwrap_or(0);
            if here >= qty {
                left.insert(p.id, here - qty);
                lines.push((p.id, Qty::from_milli(qty)));
            }
        }
        if lines.is_empty() {
            continue;
        }
        let seller = &staff.sellers[k % staff.sellers.len()];
        let discount = if rng.chance(20) { 5 } else { 0 };
        let now = stamp(day, minute);
        let (id, _) = sales::sell(tx, seller, &lines, &price_of, discount, &now, day, rng)?;
        summary.tickets += 1;
        if rng.chance(2) {
            state.tickets.push(id);
        }
    }
    for sale in std::mem::take(&mut state.tickets) {
        sales::refund(tx, &staff.manager, sale, &stamp(day, 20 * 60 + 10), day, rng)?;
        summary.refunds += 1;
    }
    sales::close_shift(tx, opener, shift, &stamp(day, 20 * 60 + 30), day, rng)?;
    Ok(())
}

/// The evening: fresh goods left on the counter are thrown away; on Fridays, the lab is counted.
fn evening(tx: &Transaction, shop: &Shop, staff: &Staff, day: NaiveDate, rng: &mut Rng) -> Result<(), AppError> {
    let mut lines = Vec::new();
    for p in shop.sold.iter().filter(|p| p.fresh) {
        let left = held(tx, p.id, COMPTOIR)?;
        // Bread and viennoiseries left at night: most of it is lost, the rest sold off next morning.
        let lost = left * 7 / 10 / 1_000 * 1_000;
        if lost > 0 {
            lines.push((p.id, -Qty::from_milli(lost)));
        }
    }
    let actor = staff.manager.actor();
    if !lines.is_empty() {
        let d = stock::ops::AdjustmentDraft {
            costs: Vec::new(),
            location_id: COMPTOIR,
            reason: Reason::Perime,
            lines,
            note: "Invendus du jour".into(),
            token: Some(rng.token()),
        };
        stock::ops::adjust(tx, &actor, &d, &stamp(day, 20 * 60 + 45), day)?;
    }
    if day.weekday() == Weekday::Fri {
        let now = stamp(day, 21 * 60);
        let count = stock::counts::ops::open(tx, &actor, LABO, "Inventaire hebdomadaire du labo", &now)?;
        let mut typed = Vec::new();
        for _ in 0..8 {
            let id = shop.bought[rng.below(shop.bought.len() as u64) as usize].id;
            if typed.iter().any(|(p, _): &(i64, String)| *p == id) || shop.kinds.get(&id) != Some(&Kind::Ingredient) {
                continue;
            }
            let have = held(tx, id, LABO)?;
            if have <= 0 {
                continue;
            }
            let counted = have * rng.range(975, 1_005) / 1_000;
            typed.push((id, format!("{},{:03}", counted / 1_000, counted % 1_000)));
        }
        if typed.is_empty() {
            stock::counts::ops::abandon(tx, &actor, count, &now)?;
        } else {
            stock::counts::ops::record(tx, count, &typed)?;
            stock::counts::ops::validate(tx, &actor, count, &now, day)?;
        }
    }
    Ok(())
}
