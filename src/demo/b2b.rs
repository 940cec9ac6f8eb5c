//! The demo's business customers, through the real B2B operations: a café, a hotel, two shops and
//! a school canteen (closed on Fridays, in the summer holidays and in Ramadan), a "Tarif pro"
//! price list, their standing orders and the B2B calendar (Ramadan special, the Aïds closed).
//! Each morning the day's orders are made from the standing orders (as at the cut-off the evening
//! before), the delivery notes leave the counter (short when the counter runs out, now and then a
//! crate forgotten) and come back (a few stale returns, thrown away); invoices each Saturday for
//! the week (each month for the hotel), paid on their terms by cheque, transfer or cash at the
//! till — except the épicerie, which pays weeks late and stays on the dunning list. About once a
//! month the café sends unsold pieces back after its invoice: a credit note that puts them back
//! in the window (one of them thrown away).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rusqlite::Transaction;

use super::catalog::{COMPTOIR, LABO, Shop};
use super::rng::Rng;
use super::season::{Season, season};
use super::{Staff, Summary, stamp};
use crate::audit::Stamp;
use crate::b2b::ops::notes::{ReturnDraft, ShipDraft};
use crate::b2b::ops::{self, PriceDraft, standing};
use crate::b2b::standing::{GridLine, OnSpecial, Outcome, StandingDraft};
use crate::b2b::{
    CreditDraft, CreditLineDraft, CustomerInput, InvoiceDraft, InvoiceKind, InvoiceLine, PayMode, PaymentDraft, store,
};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::production::ProductionDraft;

/// How a customer is invoiced and pays: monthly (else weekly), mode, days after the due day.
struct Habit {
    name: &'static str,
    legal_form: &'static str,
    terms: &'static str,
    monthly: bool,
    mode: PayMode,
    late: (i64, i64),
}

const HABITS: [Habit; 5] = [
    Habit {
        name: "Café des Arts",
        legal_form: "SARL",
        terms: "15j",
        monthly: false,
        mode: PayMode::Cheque,
        late: (0, 3),
    },
    Habit {
        name: "Hôtel El Djazaïr",
        legal_form: "SPA",
        terms: "fin_de_mois",
        monthly: true,
        mode: PayMode::Virement,
        late: (2, 8),
    },
    Habit {
        name: "Supérette Bab El Oued",
        legal_form: "EURL",
        terms: "comptant",
        monthly: false,
        mode: PayMode::Especes,
        late: (0, 1),
    },
    Habit {
        name: "Épicerie fine Hydra",
        legal_form: "SNC",
        terms: "comptant",
        monthly: false,
        mode: PayMode::Cheque,
        late: (35, 60),
    },
    Habit {
        name: "Cantine scolaire Ibn Khaldoun",
        legal_form: "EPA",
        terms: "30j",
        monthly: false,
        mode: PayMode::Traite,
        late: (5, 15),
    },
];

fn at(staff: &Staff, day: NaiveDate, minute: i64) -> Stamp {
    Stamp { actor: staff.manager.actor(), now: stamp(day, minute), day }
}

fn product(shop: &Shop, name: &str) -> Option<i64> {
    shop.names.iter().find(|(_, n)| n.as_str() == name).map(|(id, _)| *id)
}

/// A grid row: the product and its quantity for each day (samedi first), scaled to the shop.
fn row(shop: &Shop, name: &str, qty: [i64; 7], scale: i64) -> Option<GridLine> {
    let id = product(shop, name)?;
    Some(GridLine { product_id: id, qty: qty.map(|q| Qty::whole((q * scale / 1_000).max(i64::from(q > 0)))) })
}

fn customer(tx: &Transaction, st: &Stamp, h: &Habit, i: usize, list: i64) -> Result<i64, AppError> {
    let input = CustomerInput {
        name: h.name.into(),
        legal_form: h.legal_form.into(),
        contact: ["M. Haddad", "Mme Benali", "M. Ait Ahmed", "Mme Cherif", "M. Boudiaf (intendant)"][i].into(),
        phone: format!("0550 1{i} 22 3{i}"),
        address: format!("{} rue Didouche Mourad, Alger", 10 + i),
        nif: format!("00011600123456{i}"),
        nis: format!("09871600123456{i}"),
        rc: format!("16/00-123456{i} B 2{i}"),
        ai: format!("1601234567{i}"),
        terms: h.terms.into(),
        price_list_id: if i == 0 || i == 1 { list.to_string() } else { String::new() },
        ..Default::default()
    };
    ops::create_customer(tx, st, &input.parse()?)
}

/// The customers, the price list, the calendar from `first` to `last`, the standing orders.
pub fn setup(
    tx: &Transaction,
    st: &Stamp,
    shop: &Shop,
    (first, last): (NaiveDate, NaiveDate),
    tickets: u32,
) -> Result<(), AppError> {
    let list = ops::create_price_list(tx, st, "Tarif pro")?;
    for (name, price) in [("Baguette", 12), ("Croissant", 35), ("Pain au chocolat", 40)] {
        if let Some(id) = product(shop, name) {
            ops::set_price(
                tx,
                st,
                list,
                &PriceDraft { product_id: id, valid_from: first, price: Money::from_da(price) },
            )?;
        }
    }
    let mut ids = Vec::new();
    for (i, h) in HABITS.iter().enumerate() {
        ids.push(customer(tx, st, h, i, list)?);
    }
    calendar(tx, st, first, last)?;
    let scale = i64::from(tickets) * 1_000 / 400;
    let rows = |spec: &[(&str, [i64; 7])]| spec.iter().filter_map(|(n, q)| row(shop, n, *q, scale)).collect::<Vec<_>>();
    let every = |n| [n, n, n, n, n, n, n];
    let but_friday = |n| [n, n, n, n, n, n, 0];
    let grids = [
        (
            rows(&[("Croissant", but_friday(12)), ("Pain au chocolat", but_friday(8)), ("Baguette", every(6))]),
            OnSpecial::Alternate,
            rows(&[("Baguette", every(4))]),
        ),
        (
            rows(&[
                ("Baguette", every(20)),
                ("Croissant", every(25)),
                ("Pain au chocolat", every(15)),
                ("Pain de mie", every(2)),
            ]),
            OnSpecial::Normal,
            Vec::new(),
        ),
        (
            rows(&[("Baguette", [30, 30, 30, 30, 30, 30, 15])]),
            OnSpecial::Alternate,
            rows(&[("Baguette", every(45)), ("Msemen", every(10))]),
        ),
        (
            rows(&[("Baguette tradition", but_friday(10)), ("Pain de mie", but_friday(2))]),
            OnSpecial::Normal,
            Vec::new(),
        ),
        (rows(&[("Baguette", [0, 40, 40, 40, 40, 40, 0])]), OnSpecial::Skip, Vec::new()),
    ];
    for (i, (normal, on_special, alternate)) in grids.into_iter().enumerate() {
        let runs = if i == 4 { school_years(first, last) } else { vec![(first, None)] };
        for (from, to) in runs {
            let d = StandingDraft {
                customer_id: ids[i],
                active_from: from,
                active_to: to,
                cutoff: chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
                on_special,
                normal: normal.clone(),
                alternate: alternate.clone(),
            };
            standing::save(tx, st, 0, &d)?;
        }
    }
    Ok(())
}

/// The school years (1 September – 30 June) that meet the demo's days.
fn school_years(first: NaiveDate, last: NaiveDate) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(first);
    (first.year() - 1..=last.year())
        .map(|y| (ymd(y, 9, 1), Some(ymd(y + 1, 6, 30))))
        .filter(|(from, to)| to.is_some_and(|t| t >= first) && *from <= last)
        .map(|(from, to)| (from.max(first), to))
        .collect()
}

/// Ramadan as special days, the Aïds closed (consecutive days of one season make one period),
/// over the history and the year after it.
fn calendar(tx: &Transaction, st: &Stamp, first: NaiveDate, last: NaiveDate) -> Result<(), AppError> {
    // A year ahead too: the visitor sees the coming Ramadan and Aïds.
    let (horizon, mut day) = (last + Duration::days(366), first);
    while day <= horizon {
        let s = season(day);
        let mut end = day;
        while end + Duration::days(1) <= horizon && season(end + Duration::days(1)) == s {
            end += Duration::days(1);
        }
        let named = match s {
            Season::Ramadan => Some((false, format!("Ramadan {}", day.year()))),
            Season::Fitr => Some((true, format!("Aïd el-Fitr {}", day.year()))),
            Season::Adha => Some((true, format!("Aïd el-Adha {}", day.year()))),
            Season::Normal => None,
        };
        if let Some((closed, name)) = named {
            standing::add_period(tx, st, day, end, closed, &name)?;
        }
        day = end + Duration::days(1);
    }
    Ok(())
}

/// The day's orders made from the standing orders (as at the cut-off the evening before), each
/// sent out and back in the afternoon.
pub fn deliveries(
    tx: &Transaction,
    shop: &Shop,
    staff: &Staff,
    day: NaiveDate,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let started = std::time::Instant::now();
    let made = standing::generate(tx, &at(staff, day - Duration::days(1), 18 * 60), day, None)?;
    summary.b2b_orders += made.iter().filter(|g| matches!(g.outcome, Outcome::Made(..))).count() as i64;
    let today = day.to_string();
    let orders: Vec<i64> = store::orders::orders_since(tx, &today)?
        .into_iter()
        .filter(|o| o.delivery_day == today && o.status == "confirmee")
        .map(|o| o.id)
        .collect();
    let mut wanted: std::collections::BTreeMap<i64, i64> = Default::default();
    for id in &orders {
        for l in store::orders::order_lines(tx, *id)? {
            *wanted.entry(l.product_id).or_default() += l.qty.milli();
        }
    }
    for (product, qty) in wanted {
        let held = crate::stock::store::balance(tx, product, COMPTOIR)?.qty.milli();
        if qty > held {
            lab_batch(tx, shop, staff, day, product, qty - held, summary)?;
        }
    }
    for id in orders {
        deliver(tx, staff, day, id, rng)?;
    }
    summary.b2b_seconds += started.elapsed().as_secs_f64();
    Ok(())
}

/// The office's B2B work while the drawer is open: invoices, then payments when due.
pub fn office(tx: &Transaction, staff: &Staff, day: NaiveDate, summary: &mut Summary) -> Result<(), AppError> {
    let started = std::time::Instant::now();
    invoice(tx, staff, day, summary)?;
    pay(tx, staff, day, summary)?;
    summary.b2b_seconds += started.elapsed().as_secs_f64();
    Ok(())
}

/// The lab's batch for the B2B orders: what the counter lacks, its semi-finis first when the lab
/// lacks them; when the lab has not what it takes, nothing is made and the notes leave short.
fn lab_batch(
    tx: &Transaction,
    shop: &Shop,
    staff: &Staff,
    day: NaiveDate,
    product: i64,
    milli: i64,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let Some(r) = shop.recipes.get(&product) else { return Ok(()) };
    let qty = Qty::from_milli((milli + 999) / 1_000 * 1_000);
    let mut batches = Vec::new();
    for (ing, line) in &r.lines {
        if shop.kinds.get(ing) != Some(&crate::catalog::Kind::SemiFini) {
            continue;
        }
        let need = crate::production::need(*line, qty, r.yield_qty, r.loss_bp).milli();
        let have = crate::stock::store::balance(tx, *ing, LABO)?.qty.milli();
        if need > have {
            batches.push((*ing, ((need - have) * 12 / 10 + 99_999) / 100_000 * 100_000, LABO)); // by 100 g
        }
    }
    batches.push((product, qty.milli(), COMPTOIR));
    crate::b2b::store::standing::savepoint(tx)?;
    let mut made = 0;
    let mut done: Result<(), AppError> = Ok(());
    for (k, (id, milli, place)) in batches.into_iter().enumerate() {
        let d = ProductionDraft {
            product_id: id,
            qty: Qty::from_milli(milli),
            location_id: place,
            token: None,
            note: "Commandes pro".into(),
        };
        done = crate::production::ops::produce(tx, &staff.baker.actor(), &d, &stamp(day, 5 * 60 + 30 + k as i64), day)
            .map(|_| ());
        if done.is_err() {
            break;
        }
        made += 1;
    }
    crate::b2b::store::standing::end_savepoint(tx, done.is_ok())?;
    match done {
        Ok(()) => summary.productions += made,
        Err(AppError::Invalid(_) | AppError::Refused { .. }) => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

fn deliver(tx: &Transaction, staff: &Staff, day: NaiveDate, order_id: i64, rng: &mut Rng) -> Result<(), AppError> {
    let mut shipped = Vec::new();
    for (i, l) in store::orders::order_lines(tx, order_id)?.iter().enumerate() {
        let held = crate::stock::store::balance(tx, l.product_id, COMPTOIR)?.qty;
        let mut q = l.qty.min(held);
        if rng.chance(30) {
            q = Qty::from_milli(q.milli() * 3 / 4 / 1_000 * 1_000); // a crate left behind
        }
        shipped.push((i as i64 + 1, q));
    }
    if shipped.iter().all(|(_, q)| q.milli() == 0) {
        // Nothing left on the counter for it: the order is cancelled, the customer told.
        return ops::orders::cancel_order(tx, &at(staff, day, 6 * 60 + 40), order_id);
    }
    let note = ops::notes::ship(
        tx,
        &at(staff, day, 6 * 60 + 40),
        order_id,
        &ShipDraft { shipped: shipped.clone(), token: None },
    )?;
    // Back in the afternoon: now and then a few stale pieces, thrown away.
    let lines = shipped
        .iter()
        .map(|(pos, q)| {
            let back = if q.milli() >= 4_000 && rng.chance(40) { Qty::whole(rng.range(1, 3)) } else { Qty::ZERO };
            (*pos, back, back)
        })
        .collect();
    ops::notes::record_return(tx, &at(staff, day, 15 * 60), note, &ReturnDraft { lines })
}

fn invoice(tx: &Transaction, staff: &Staff, day: NaiveDate, summary: &mut Summary) -> Result<(), AppError> {
    let (weekly, monthly) = (day.weekday() == Weekday::Sat, day.day() == 1);
    if !weekly && !monthly {
        return Ok(());
    }
    for c in store::customers(tx, false)? {
        let Some(h) = HABITS.iter().find(|h| h.name == c.name) else { continue };
        if (h.monthly && !monthly) || (!h.monthly && !weekly) {
            continue;
        }
        let before = day - Duration::days(1);
        let from = if h.monthly { before.with_day(1).unwrap_or(before) } else { day - Duration::days(7) };
        let (a, z) = (from.to_string(), before.to_string());
        if !store::orders::notes_to_invoice(tx, c.id)?.iter().any(|(_, _, d)| *d >= a && *d <= z) {
            continue;
        }
        let d = InvoiceDraft {
            customer_id: c.id,
            kind: InvoiceKind::Facture,
            notes: Vec::new(),
            period: Some((from, before)),
            token: None,
        };
        let id = ops::invoices::issue(tx, &at(staff, day, 9 * 60), &d)?;
        summary.b2b_invoices += 1;
        if h.name == "Café des Arts" && day.iso_week().week() % 4 == 2 && goods_back(tx, staff, day, id)? {
            summary.b2b_invoices += 1;
            summary.b2b_credits += 1;
        }
    }
    Ok(())
}

/// About once a month the café sends back after its invoice up to 3 unsold pieces of the week's
/// largest line: a credit note at the invoiced price, one piece thrown away, the rest back in the
/// window at the value it left with. False when no line fits (nothing tracked in stock).
fn goods_back(tx: &Transaction, staff: &Staff, day: NaiveDate, invoice_id: i64) -> Result<bool, AppError> {
    let mut fits: Option<InvoiceLine> = None;
    for l in store::invoices::lines(tx, invoice_id)? {
        let tracked = match l.product_id {
            Some(p) => crate::catalog::store::product(tx, p)?.is_some_and(|p| p.track_stock),
            None => false,
        };
        if tracked && l.note_id.is_some() && fits.as_ref().is_none_or(|f| l.qty > f.qty) {
            fits = Some(l);
        }
    }
    let Some(l) = fits else { return Ok(false) };
    let back = l.qty.min(Qty::whole(3));
    let wasted = if back > Qty::whole(1) { Qty::whole(1) } else { Qty::ZERO };
    let line = CreditLineDraft { position: l.position, qty: back, price: l.unit_price, returned: back, wasted };
    let d =
        CreditDraft { invoice_id, reason: "Invendus rendus après la facture".into(), lines: vec![line], token: None };
    ops::invoices::credit(tx, &at(staff, day, 16 * 60), &d)?;
    Ok(true)
}

fn pay(tx: &Transaction, staff: &Staff, day: NaiveDate, summary: &mut Summary) -> Result<(), AppError> {
    for c in store::customers(tx, false)? {
        let Some(h) = HABITS.iter().find(|h| h.name == c.name) else { continue };
        for inv in ops::payments::open_invoices(tx, &c, &[])? {
            let due = NaiveDate::parse_from_str(&inv.due_day, "%Y-%m-%d").unwrap_or(day);
            // Each invoice waits its own number of days, the same on every build of a seed.
            let second = if inv.open < inv.total_ttc { 20 } else { 0 };
            let wait = h.late.0 + inv.id.rem_euclid(h.late.1 - h.late.0 + 1) + second;
            if day < due + Duration::days(wait) {
                continue;
            }
            // The late payer settles in two goes.
            let amount = if h.late.0 > 30 && inv.open == inv.total_ttc {
                Money::from_cents(inv.open.cents() / 2)
            } else {
                inv.open
            };
            let reference = if h.mode == PayMode::Especes {
                String::new()
            } else {
                format!("{}-{:06}", h.mode.code().to_uppercase(), inv.id * 7_919 % 1_000_000)
            };
            let d = PaymentDraft {
                customer_id: c.id,
                mode: h.mode,
                amount,
                reference,
                invoices: vec![inv.id],
                till_id: super::sales::TILL,
                token: None,
            };
            ops::payments::pay(tx, &at(staff, day, 11 * 60), &d)?;
            summary.b2b_payments += 1;
        }
    }
    Ok(())
}
