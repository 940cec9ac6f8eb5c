//! Counter goods set aside for an order, and a delivery sold at the till from counter stock
//! (sales.md §2.3, P27): the cart becomes a customer order due at once with nothing to make, its
//! followed goods leave the counter for "réservé commandes" at that moment (never sold twice),
//! and it is ready to go out on a run. The money follows the orders' rules: what is paid now is a
//! deposit (4191), the revenue comes at handover, when its stop is settled as delivered.

use rusqlite::Transaction;

use super::take::{check_address, check_deposit, customer_of, price_lines, record, texts};
use super::{flow, invalid, order, pay, reserved_place, slips, user_of};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::cash::Till;
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::orders::{CounterDraft, Method, Order, OrderDraft, PaymentDraft, Service, Source, store};
use crate::stock::{self, MoveCtx};

/// Moves an order's counter lines whose stock is followed from the till's counter to "réservé
/// commandes", once (the lab's goods are already there; a product not followed stays a counter
/// line taken at handover). Nothing moves when the counter lacks something: returns, per line
/// position, what is missing.
pub fn set_aside(tx: &Transaction, st: &Stamp, o: &Order, till: &Till) -> Result<Vec<(i64, String)>, AppError> {
    let mut todo = Vec::new();
    let mut short = Vec::new();
    for l in store::lines(tx, o.id)? {
        let p = crate::catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
        if l.source != Source::Counter || l.set_aside || !p.track_stock {
            continue;
        }
        let held = stock::store::balance(tx, p.id, till.location_id)?.qty;
        if held < l.qty {
            short.push((l.position, format!("Il ne reste que {} de « {} » au comptoir.", p.unit.format(held), p.name)));
        }
        todo.push(l);
    }
    if !short.is_empty() {
        return Ok(short);
    }
    let ctx = MoveCtx {
        at: st.now.clone(),
        day: st.day,
        user_id: st.actor.user_id,
        source_type: "order",
        source_id: o.id,
        note: format!("Commande {} mise de côté", o.number),
    };
    let reserved = reserved_place(tx)?;
    for l in todo {
        stock::ops::transfer(tx, &ctx, l.product_id, till.location_id, reserved, l.qty)?;
        store::set_aside(tx, l.id, &st.now)?;
    }
    Ok(Vec::new())
}

/// The order a delivery sold at the till makes: due now, in shop time.
fn draft_of(tx: &Transaction, st: &Stamp, d: &CounterDraft) -> Result<OrderDraft, AppError> {
    let tz = crate::settings::store::get(tx)?.shop_time().tz;
    let due_time = crate::clock::parse_stamp(&st.now).map(|t| t.with_timezone(&tz).time());
    Ok(OrderDraft {
        token: d.token.clone(),
        customer_id: d.customer_id,
        service: Service::Delivery,
        address: d.address.clone(),
        due_day: st.day,
        due_time: due_time.unwrap_or_default(),
        notes: d.notes.clone(),
        lines: d.lines.clone(),
        deposit: None,
        till_id: d.till_id,
    })
}

/// Sells a delivery at the till: the order (every line from the counter, its followed goods set
/// aside), ready at once, with what is paid now (the whole total, or a deposit) through the till's
/// open shift; the customer's slip queued. Refused beside its field (nothing saved) for an empty
/// cart, a missing address, a counter that lacks something, a deposit above the total. A replayed
/// token answers the first order.
pub fn from_counter(tx: &Transaction, st: &Stamp, who: &CurrentUser, d: &CounterDraft) -> Result<i64, AppError> {
    texts(&d.address, &d.notes, &d.lines)?;
    crate::db::replay::claim(tx, "order", Some(&d.token), Some(who.id), d, &st.now)?;
    if let Some(id) = store::by_token(tx, &d.token)? {
        return Ok(id);
    }
    if d.token.trim().len() < 8 {
        return Err(AppError::refused("bad_token", "Jeton de commande manquant : rechargez la page."));
    }
    let (user_id, customer) = (user_of(st)?, customer_of(tx, d.customer_id)?);
    let mut e = FieldErrors::new();
    check_address(Service::Delivery, &d.address, &mut e);
    let (priced, changes) = price_lines(tx, who, (&d.lines, &[]), true, &mut e)?;
    let total: Money = priced.iter().map(|l| l.total).sum();
    let payment = payment_of(d, total);
    check_deposit(payment.as_ref().filter(|_| !d.paid_in_full), total, &mut e);
    if !e.is_empty() {
        return Err(e.into());
    }
    let draft = draft_of(tx, st, d)?;
    let (id, till) = record(tx, st, &draft, (&customer, &st.now, user_id), (&priced, &changes))?;
    if let Some((pos, why)) = set_aside(tx, st, &order(tx, id)?, &till)?.into_iter().next() {
        return Err(invalid(&format!("lines.{}.qty", pos - 1), why));
    }
    flow::receive(tx, st, id)?;
    let cash = match payment.filter(|p| p.amount.cents() > 0) {
        Some(p) => {
            pay::take(tx, st, &order(tx, id)?, &till, &p, pay::Kind::Deposit, "deposit")?;
            p.method == Method::Cash
        }
        None => false,
    };
    slips::queue_customer_copy(tx, id, &till, cash, st)?;
    Ok(id)
}

/// What is paid now: the whole total when paid in full, else the deposit typed.
fn payment_of(d: &CounterDraft, total: Money) -> Option<PaymentDraft> {
    let p = d.payment.clone()?;
    Some(if d.paid_in_full { PaymentDraft { amount: total, ..p } } else { p })
}
