//! Handing an order over: the balance taken in the same tap, the goods leaving stock once (the
//! lab's from "réservé commandes", the rest from the till's counter) at their PMP, frozen on the
//! lines, the packaging of the till's rules, and the one revenue entry of the order:
//! Dr 4191 (paid before) + Dr 530/512 (the balance) · Cr 70x; Dr 60x · Cr stock; Dr 602 · Cr 32.

use std::collections::BTreeMap;

use rusqlite::Transaction;
use serde_json::json;

use super::pay::{self, Kind, Place, Taken};
use super::{invalid, order, reserved_place, slips, till, user_of, wrong_state};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::cash::{self, Till};
use crate::catalog::{self, Kind as ProductKind, Product};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::orders::store::{self, Handed, Transition};
use crate::orders::{HandOverDraft, Line, Method, Order, Source, Status};
use crate::pos::ops::{cost_account, revenue_account};
use crate::pos::rules::{self, boxes};
use crate::stock::{self, MoveCtx, MoveKind};
use crate::tax::ops::tva;

/// The balance as tendered: exactly what is left to pay, or nothing when all is paid.
fn balance_of(tx: &Transaction, o: &Order, d: &HandOverDraft) -> Result<Option<Taken>, AppError> {
    let balance = o.balance();
    match &d.payment {
        None if balance.cents() > 0 => Err(AppError::refused(
            "balance_due",
            format!("Il reste {balance} à encaisser avant de remettre la commande {}.", o.number),
        )),
        None => Ok(None),
        Some(p) if p.amount.cents() > 0 && balance.cents() == 0 => {
            Err(invalid("amount", "La commande est déjà payée : rien à encaisser."))
        }
        Some(p) if p.amount != balance && balance.cents() > 0 => {
            Err(invalid("amount", format!("Le solde à encaisser est de {balance}.")))
        }
        Some(_) if balance.cents() == 0 => Ok(None),
        Some(p) => Ok(Some(pay::check(tx, o, p, "amount")?)),
    }
}

/// Takes one line's goods out of stock (those held for the order from "réservé commandes", or
/// from `from` when they are elsewhere: out with a deliveryman; the rest from the till's
/// counter); returns their value (the line's frozen cost).
fn issue(
    tx: &Transaction,
    ctx: &MoveCtx,
    l: &Line,
    p: &Product,
    places: (i64, i64),
    from: Option<i64>,
) -> Result<Money, AppError> {
    let (reserved, counter) = places;
    match l.source {
        Source::Lab => stock::ops::issue(tx, ctx, l.product_id, from.unwrap_or(reserved), l.qty, MoveKind::Sale),
        Source::Counter if l.set_aside => {
            stock::ops::issue(tx, ctx, l.product_id, from.unwrap_or(reserved), l.qty, MoveKind::Sale)
        }
        Source::Counter => {
            // Like the till: a product not tracked takes what the counter holds and no more.
            let held = stock::store::balance(tx, p.id, counter)?.qty;
            let out = if p.track_stock { l.qty } else { l.qty.min(held) };
            if out.milli() <= 0 {
                return Ok(Money::ZERO);
            }
            stock::ops::issue(tx, ctx, p.id, counter, out, MoveKind::Sale)
        }
    }
}

/// The pieces a line counts for the packaging rules (weighed goods: one piece per line).
fn pieces(p: &Product, qty: Qty) -> i64 {
    match p.unit {
        catalog::Unit::Piece => (qty.milli() + 999) / 1000,
        _ => 1,
    }
}

/// The boxes the till's packaging rules ask for these goods, out of the packaging store at the
/// PMP (what the store does not hold is not taken: a count off never stops a handover). Adds
/// Dr 602 · Cr 32 to the entry; returns the value.
fn packaging(
    tx: &Transaction,
    ctx: &MoveCtx,
    goods: &[(Product, Qty)],
    entry: &mut EntryDraft,
) -> Result<Money, AppError> {
    let mut groups: BTreeMap<(bool, i64), (Vec<rules::Range>, i64)> = BTreeMap::new();
    for (p, qty) in goods {
        let own = rules::store::rules_for_product(tx, p.id)?;
        let (key, ranges) = match (own.is_empty(), p.category_id) {
            (false, _) => ((false, p.id), own),
            (true, Some(c)) => ((true, c), rules::store::rules_for_category(tx, c)?),
            (true, None) => continue,
        };
        if !ranges.is_empty() {
            groups.entry(key).or_insert_with(|| (ranges, 0)).1 += pieces(p, *qty);
        }
    }
    let place =
        stock::store::all_locations(tx)?.into_iter().find(|(l, on)| *on && l.kind == "emballages").map(|(l, _)| l.id);
    let (Some(place), false) = (place, groups.is_empty()) else { return Ok(Money::ZERO) };
    let mut value = Money::ZERO;
    for (ranges, count) in groups.values() {
        for (packaging_id, n) in boxes(*count, ranges) {
            let out = Qty::whole(n).min(stock::store::balance(tx, packaging_id, place)?.qty);
            if out.milli() > 0 {
                let moved = MoveCtx { note: format!("{} (emballage)", ctx.note), ..ctx.clone() };
                value += stock::ops::issue(tx, &moved, packaging_id, place, out, MoveKind::Sale)?;
            }
        }
    }
    entry.add(LineDraft::debit(account::PACKAGING_USED, value, "Emballages"));
    entry.add(LineDraft::credit(stock_account(ProductKind::Consommable), value, "Emballages"));
    Ok(value)
}

/// The goods out and the revenue entry; returns (cost of the goods, packaging).
fn book(
    tx: &Transaction,
    st: &Stamp,
    o: &Order,
    (till, from): (&Till, Option<i64>),
    entry: &mut EntryDraft,
) -> Result<(Money, Money), AppError> {
    let ctx = MoveCtx {
        at: st.now.clone(),
        day: st.day,
        user_id: st.actor.user_id,
        source_type: "order",
        source_id: o.id,
        note: format!("Commande {}", o.number),
    };
    let reserved = reserved_place(tx)?;
    let mut cost_total = Money::ZERO;
    let mut goods = Vec::new();
    let mut revenue = Vec::new();
    for l in store::lines(tx, o.id)? {
        if !l.is_made() {
            return Err(AppError::refused("not_made", format!("« {} » n'a pas été fabriqué.", l.name)));
        }
        let p = catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
        let cost = issue(tx, &ctx, &l, &p, (reserved, till.location_id), from)?;
        store::set_line_cost(tx, l.id, cost)?;
        revenue.push(tva::Revenue { product_id: p.id, account: revenue_account(p.kind).into(), ttc: l.total });
        entry.add(LineDraft::debit(cost_account(p.kind), cost, "Coût des ventes"));
        entry.add(LineDraft::credit(stock_account(p.kind), cost, "Coût des ventes"));
        cost_total += cost;
        goods.push((p, l.qty));
    }
    let src = tva::Source { kind: "order", id: o.id, day: st.day };
    for line in tva::revenue_lines(tx, src, st.day, &revenue, tva::Side::Sale)? {
        entry.add(line);
    }
    let wrapped = packaging(tx, &ctx, &goods, entry)?;
    Ok((cost_total, wrapped))
}

/// Hands a ready order over to its customer, taking the balance if any (exactly what is left).
/// Refused from any other state (handing over twice, a cancelled order), when a balance is left
/// unpaid, or when a payment finds no open shift. A replayed token answers the first handover.
pub fn hand_over(tx: &Transaction, st: &Stamp, order_id: i64, d: &HandOverDraft) -> Result<(), AppError> {
    hand_over_from(tx, st, order_id, d, None)
}

/// `hand_over`, the goods taken from the place `from` when they are not where the order keeps
/// them (a delivered stop: out with the deliveryman since the run left).
pub fn hand_over_from(
    tx: &Transaction,
    st: &Stamp,
    order_id: i64,
    d: &HandOverDraft,
    from: Option<i64>,
) -> Result<(), AppError> {
    crate::db::replay::claim(tx, "order_handover", d.token.as_deref(), st.actor.user_id, &(order_id, d), &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::by_transition_token(tx, Transition::HandOver, t)?
    {
        return if id == order_id {
            Ok(())
        } else {
            Err(AppError::refused("token_reused", "Ce formulaire a déjà servi."))
        };
    }
    let o = order(tx, order_id)?;
    if o.status != Status::Ready {
        return Err(wrong_state(&o, "la remettre au client"));
    }
    let till = till(tx, d.till_id)?;
    let taken = balance_of(tx, &o, d)?;
    let shift = match &taken {
        Some(_) => Some(cash::ops::require_open(tx, till.id)?),
        None => None,
    };
    let mut entry =
        EntryDraft::new(Journal::Sales, st.day, format!("Remise de la commande {}", o.number), "order", o.id);
    entry.add(LineDraft::debit(account::CUSTOMER_ADVANCES, o.paid, "Acomptes reçus"));
    if let Some(t) = &taken {
        entry.add(LineDraft::debit(pay::account_of(t.method), t.amount, "Solde"));
    }
    let (cost, wrapped) = book(tx, st, &o, (&till, from), &mut entry)?;
    let entry_id =
        if entry.lines.len() >= 2 { Some(accounting::ops::post(tx, &st.actor, &entry, &st.now)?) } else { None };
    if let (Some(t), Some(shift)) = (&taken, &shift) {
        let at = Place { till: &till, shift, st, user_id: user_of(st)? };
        let token = d.payment.as_ref().and_then(|p| p.token.as_deref());
        pay::record(tx, &at, &o, t, Kind::Balance, entry_id, token)?;
    }
    let day = st.day.to_string();
    let handed = Handed {
        now: &st.now,
        day: &day,
        user_id: st.actor.user_id,
        entry_id,
        cost,
        packaging: wrapped,
        token: d.token.as_deref(),
    };
    store::set_handed(tx, o.id, &handed)?;
    crate::kpi::ops::record_handover(tx, o.id)?;
    let balance = taken.as_ref().map(|t| t.amount).unwrap_or(Money::ZERO);
    let e = Event::new(
        AuditKind::OrderHandedOver,
        "orders",
        o.id,
        format!("Commande {} remise ({} encaissés).", o.number, balance),
    )
    .after(json!({"total": o.total.cents(), "balance": balance.cents(), "cost": cost.cents()}));
    audit::record(tx, &st.actor, &st.now, e)?;
    let cash = taken.as_ref().is_some_and(|t| t.method == Method::Cash);
    slips::queue_handover(tx, o.id, &till, cash, st)?;
    Ok(())
}
