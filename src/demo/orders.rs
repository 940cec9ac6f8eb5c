//! The demo's customer orders, through the real operations: about sixty a day (more on Fridays,
//! in Ramadan and before the Aïd el-Fitr, few at the Aïd el-Adha), mostly whole cakes and trays of
//! traditional cakes, most with a deposit. The lab makes them the morning they are due, the shop
//! receives them and hands them over during the day with the balance; a few are picked up a day
//! late, a few are cancelled (the deposit refunded or kept as credit).

use chrono::{Duration, NaiveDate, NaiveTime};
use rusqlite::Transaction;

use super::catalog::Shop;
use super::rng::Rng;
use super::{Staff, Summary, stamp};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::customers::{self, CustomerDraft};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::orders::{
    self, CancelDraft, Goods, HandOverDraft, LineDraft, Method, OrderDraft, PaymentDraft, Refund, Service, Status,
};

const FIRST: &[&str] = &[
    "Amina", "Lina", "Sara", "Yacine", "Karim", "Nassima", "Rym", "Walid", "Imane", "Sofiane", "Meriem", "Hichem",
    "Nour", "Anis", "Feriel", "Mehdi", "Samira", "Farid", "Houda", "Rachid",
];
const LAST: &[&str] = &[
    "Benali",
    "Haddad",
    "Boudiaf",
    "Kaci",
    "Cherif",
    "Mansouri",
    "Belkacem",
    "Saadi",
    "Ait Ahmed",
    "Brahimi",
    "Ziani",
    "Hamidi",
    "Bouzid",
    "Larbi",
    "Meziane",
];
const OPTIONS: &[&str] = &[
    "",
    "",
    "",
    "Joyeux anniversaire",
    "Sans noix",
    "Moins sucré",
    "Bougies 7 ans",
    "Félicitations Yasmine",
    "Bienvenue bébé",
    "Bon anniversaire Papa",
];

/// The shop's customers so far, and the next phone number to give.
#[derive(Debug, Default)]
pub struct Book {
    customers: Vec<i64>,
    next: i64,
}

/// A stamp at a minute of a day, as `who`.
pub(super) fn at(who: &CurrentUser, day: NaiveDate, minute: i64) -> Stamp {
    Stamp { actor: who.actor(), now: stamp(day, minute), day }
}

/// A returning customer most of the time, else a new one (with a phone of their own).
pub(super) fn customer(
    tx: &Transaction,
    book: &mut Book,
    who: &CurrentUser,
    st: &Stamp,
    rng: &mut Rng,
) -> Result<i64, AppError> {
    if !book.customers.is_empty() && rng.chance(700) {
        return Ok(book.customers[rng.below(book.customers.len() as u64) as usize]);
    }
    book.next += 1;
    let name =
        format!("{} {}", FIRST[rng.below(FIRST.len() as u64) as usize], LAST[rng.below(LAST.len() as u64) as usize]);
    let phone = format!("0{}{:08}", 5 + book.next % 3, 10_000_000 + book.next * 7_919 % 89_000_000);
    let d = CustomerDraft::parse(&name, &phone, "", "", if rng.chance(40) { "Arachides" } else { "" }, None)
        .map_err(AppError::Invalid)?;
    let id = customers::ops::create(tx, &Stamp { actor: who.actor(), ..st.clone() }, &d)?;
    book.customers.push(id);
    Ok(id)
}

/// What an order holds: whole cakes, trays of traditional cakes (by the dozens before the Aïd),
/// pastries by the box.
pub(super) fn lines(shop: &Shop, fitr: bool, rng: &mut Rng) -> Vec<LineDraft> {
    let wanted: Vec<&super::catalog::Sold> = shop
        .sold
        .iter()
        .filter(|p| p.made && matches!(p.group, 2 | 3 | 5) && shop.recipes.contains_key(&p.id))
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<LineDraft> = Vec::new();
    for _ in 0..1 + rng.weighted(&[70, 95, 100]) {
        let group = if fitr { [3, 3, 3, 5, 2][rng.below(5) as usize] } else { [5, 5, 5, 3, 2][rng.below(5) as usize] };
        let of: Vec<&&super::catalog::Sold> = wanted.iter().filter(|p| p.group == group).collect();
        let Some(p) = of.get(rng.below(of.len().max(1) as u64) as usize) else { continue };
        if out.iter().any(|l| l.product_id == p.id) {
            continue;
        }
        let pieces = match (group, fitr) {
            (5, _) => 1 + i64::from(rng.chance(100)),
            (3, true) => rng.range(40, 120),
            (3, false) => rng.range(20, 50),
            _ => rng.range(6, 24),
        };
        let options = OPTIONS[rng.below(OPTIONS.len() as u64) as usize];
        out.push(LineDraft {
            line_id: None,
            product_id: p.id,
            qty: Qty::whole(pieces),
            options: options.into(),
            price: None,
        });
    }
    out
}

/// Takes `count` new orders during the shift, due one to five days ahead.
#[allow(clippy::too_many_arguments)]
pub fn take(
    tx: &Transaction,
    shop: &Shop,
    staff: &Staff,
    day: NaiveDate,
    count: i64,
    fitr: bool,
    book: &mut Book,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    for k in 0..count {
        let seller = &staff.sellers[k as usize % staff.sellers.len()];
        let st = at(seller, day, rng.range(9 * 60, 19 * 60));
        let customer_id = customer(tx, book, seller, &st, rng)?;
        let lines = lines(shop, fitr, rng);
        if lines.is_empty() {
            continue;
        }
        let due_day = day + Duration::days(1 + rng.weighted(&[45, 75, 88, 95, 100]) as i64);
        let due_time = NaiveTime::from_hms_opt(rng.range(9, 19) as u32, if rng.chance(500) { 30 } else { 0 }, 0)
            .unwrap_or_default();
        let mut d = OrderDraft {
            token: rng.token(),
            customer_id,
            service: Service::Pickup,
            address: String::new(),
            due_day,
            due_time,
            notes: if rng.chance(100) { "Appeler avant de venir".into() } else { String::new() },
            lines,
            deposit: None,
            till_id: super::sales::TILL,
        };
        if rng.chance(850) {
            let total = orders_total(tx, &d)?;
            let part = Money::from_da((total.cents() / 100 * rng.range(30, 60) / 100 + 99) / 100 * 100).min(total);
            d.deposit = (part.cents() > 0).then(|| payment(part, rng));
        }
        orders::ops::create(tx, &st, seller, &d)?;
        summary.orders += 1;
    }
    Ok(())
}

/// What an order would cost at today's prices (to size its deposit).
pub(super) fn orders_total(tx: &Transaction, d: &OrderDraft) -> Result<Money, AppError> {
    let mut total = Money::ZERO;
    for l in &d.lines {
        if let Some(p) = crate::catalog::store::product(tx, l.product_id)? {
            total += orders::line_total(p.sale_price.unwrap_or_default(), p.unit, l.qty);
        }
    }
    Ok(total)
}

/// Cash (a note or two above the amount) most of the time, else a card.
pub(super) fn payment(amount: Money, rng: &mut Rng) -> PaymentDraft {
    if rng.chance(800) {
        let handed = Money::from_da((amount.cents() / 100 + 499) / 500 * 500);
        PaymentDraft {
            method: Method::Cash,
            amount,
            tendered: Some(handed),
            reference: String::new(),
            token: Some(rng.token()),
        }
    } else {
        PaymentDraft { method: Method::Card, amount, tendered: None, reference: "TPE".into(), token: Some(rng.token()) }
    }
}

/// What today's orders take from the lab, for the morning's purchases and semi-finis.
pub fn needs_today(tx: &Transaction, day: NaiveDate) -> Result<Vec<(i64, i64)>, AppError> {
    let d = day.to_string();
    Ok(orders::store::to_make(tx, &d, &d)?.into_iter().map(|m| (m.product_id, m.qty.milli())).collect())
}

/// Early morning at the lab: a few of today's orders are cancelled before anything is made; the
/// others are made (into "réservé commandes") and the shop receives them.
pub fn make_due(
    tx: &Transaction,
    staff: &Staff,
    day: NaiveDate,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let d = day.to_string();
    let f = orders::store::Filter {
        from: Some(d.clone()),
        to: Some(d),
        statuses: vec![Status::Confirmed],
        limit: 1_000,
        ..Default::default()
    };
    for (k, o) in orders::store::list(tx, &f)?.into_iter().enumerate() {
        if rng.chance(25) {
            let st = at(&staff.manager, day, 6 * 60 + 5);
            // Before the shift opens there is no drawer to refund from: the deposit is kept as credit.
            let refund = (o.paid.cents() > 0).then_some(Refund::Credit);
            let c = CancelDraft {
                reason: "Le client a annulé".into(),
                refund,
                goods: None,
                till_id: super::sales::TILL,
                token: Some(rng.token()),
            };
            orders::ops::cancel(tx, &st, o.id, &c)?;
            summary.cancelled += 1;
            continue;
        }
        let st = at(&staff.baker, day, 5 * 60 + 30 + k as i64 % 120);
        summary.productions += orders::ops::make(tx, &st, o.id, None)? as i64;
        orders::ops::receive(tx, &at(&staff.sellers[0], day, 8 * 60 + k as i64 % 60), o.id)?;
    }
    Ok(())
}

/// A customer who never came gets the deposit back in cash when the drawer holds it; otherwise
/// it stays as store credit (the operation refuses to hand out cash the drawer does not hold).
fn late_refund(tx: &Transaction, paid: Money) -> Result<Refund, AppError> {
    let shift = crate::cash::ops::require_open(tx, super::sales::TILL)?;
    let short = crate::cash::ops::short_of(tx, &shift, paid)?.is_some();
    Ok(if short { Refund::Credit } else { Refund::Cash })
}

/// During the shift: the ready orders to pick up are handed over with their balance (a few customers come
/// the next day); now and then a ready order is cancelled and its cakes go to the counter.
pub fn hand_over_ready(
    tx: &Transaction,
    staff: &Staff,
    day: NaiveDate,
    rng: &mut Rng,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let f = orders::store::Filter { statuses: vec![Status::Ready], limit: 2_000, ..Default::default() };
    for (k, o) in orders::store::list(tx, &f)?.into_iter().enumerate() {
        if o.service == Service::Delivery {
            continue; // it leaves on a run (super::deliveries)
        }
        let late = o.due_day < day.to_string();
        if !late && rng.chance(40) {
            continue; // picked up tomorrow
        }
        let seller = &staff.sellers[k % staff.sellers.len()];
        let minute = o.due_time.get(..2).and_then(|h| h.parse::<i64>().ok()).unwrap_or(12) * 60 + rng.range(0, 50);
        let st = at(seller, day, minute.clamp(9 * 60, 19 * 60 + 50));
        if late && rng.chance(100) {
            let c = CancelDraft {
                reason: "Jamais venu le chercher".into(),
                refund: Some(late_refund(tx, o.paid)?),
                goods: Some(Goods::Counter),
                till_id: super::sales::TILL,
                token: Some(rng.token()),
            };
            orders::ops::cancel(tx, &st, o.id, &c)?;
            summary.cancelled += 1;
            continue;
        }
        let balance = o.balance();
        let payment = (balance.cents() > 0).then(|| payment(balance, rng));
        let d = HandOverDraft { till_id: super::sales::TILL, payment, token: Some(rng.token()) };
        orders::ops::hand_over(tx, &st, o.id, &d)?;
        summary.handed_over += 1;
    }
    Ok(())
}
