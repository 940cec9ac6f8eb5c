//! Cancelling an order before it is handed over, with its consequences said out loud: the
//! deposit goes back in cash from the till's open shift (Dr 4191 · Cr 530) or stays as the
//! customer's store credit (in 4191, no entry); goods already made leave "réservé commandes" for
//! the counter (a transfer, sellable there) or for the bin (Dr 658 · Cr 355).

use rusqlite::Transaction;
use serde_json::json;

use super::pay::{Kind, Place, Taken, journal_of, record};
use super::{order, reserved_place, slips, till, user_of, wrong_state};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::cash::{self, Till};
use crate::catalog;
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::orders::store::{self, Transition};
use crate::orders::{CancelDraft, Goods, Line, Method, Order, Refund};
use crate::stock::{self, MoveCtx, MoveKind};

/// The deposit back in cash from the drawer, never beyond what it holds.
fn refund_cash(tx: &Transaction, st: &Stamp, o: &Order, till: &Till) -> Result<(), AppError> {
    let shift = cash::ops::require_open(tx, till.id)?;
    if let Some(held) = cash::ops::short_of(tx, &shift, o.paid)? {
        return Err(AppError::refused(
            "not_enough_cash",
            format!("Le tiroir ne contient que {held} : impossible de rendre {} en espèces.", o.paid),
        ));
    }
    let mut entry = EntryDraft::new(
        journal_of(Method::Cash),
        st.day,
        format!("Acompte rendu : commande {} annulée", o.number),
        "order",
        o.id,
    );
    entry.add(LineDraft::debit(account::CUSTOMER_ADVANCES, o.paid, "Acompte rendu"));
    entry.add(LineDraft::credit(account::CASH, o.paid, ""));
    let entry_id = accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    let back = -o.paid;
    let t = Taken { method: Method::Cash, amount: back, tendered: back, change: Money::ZERO, reference: String::new() };
    let at = Place { till, shift: &shift, st, user_id: user_of(st)? };
    record(tx, &at, o, &t, Kind::Refund, Some(entry_id), None)?;
    Ok(())
}

/// Goods held for the order (made, or set aside from the counter) out of "réservé commandes": to
/// the till's counter, or thrown away (a loss).
fn dispose(tx: &Transaction, st: &Stamp, o: &Order, made: &[&Line], goods: Goods, till: &Till) -> Result<(), AppError> {
    let reserved = reserved_place(tx)?;
    let ctx = MoveCtx {
        at: st.now.clone(),
        day: st.day,
        user_id: st.actor.user_id,
        source_type: "order",
        source_id: o.id,
        note: format!("Commande {} annulée", o.number),
    };
    let mut entry = EntryDraft::new(
        Journal::Misc,
        st.day,
        format!("Commande {} annulée : produits jetés", o.number),
        "order",
        o.id,
    );
    for l in made {
        match goods {
            Goods::Counter => {
                stock::ops::transfer(tx, &ctx, l.product_id, reserved, till.location_id, l.qty)?;
            }
            Goods::Waste => {
                let p = catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
                let value = stock::ops::issue(tx, &ctx, l.product_id, reserved, l.qty, MoveKind::Waste)?;
                entry.add(LineDraft::debit(account::LOSSES, value, "Commande annulée"));
                entry.add(LineDraft::credit(stock_account(p.kind), value, ""));
            }
        }
    }
    if entry.lines.len() >= 2 {
        accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    }
    Ok(())
}

/// Refuses a cancellation that does not say what happens to the money or to the made goods.
fn check(o: &Order, d: &CancelDraft, made: &[&Line]) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    if d.reason.trim().is_empty() {
        e.add("reason", "Indiquez le motif de l'annulation.");
    }
    if o.paid.cents() > 0 && d.refund.is_none() {
        e.add(
            "refund",
            format!("{} ont été payés : les rendre en espèces, ou les garder en avoir pour le client ?", o.paid),
        );
    }
    if !made.is_empty() && d.goods.is_none() {
        e.add("goods", "Des produits sont déjà faits : les mettre en vente au comptoir, ou les jeter ?");
    }
    e.into_result(()).map_err(AppError::Invalid)
}

/// Cancels an order that is not handed over. Refused once handed over (the goods are the
/// customer's: a return at the counter is another matter). A replayed token answers the first.
pub fn cancel(tx: &Transaction, st: &Stamp, order_id: i64, d: &CancelDraft) -> Result<(), AppError> {
    crate::db::replay::claim(tx, "order_cancel", d.token.as_deref(), st.actor.user_id, &(order_id, d), &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::by_transition_token(tx, Transition::Cancel, t)?
    {
        return if id == order_id {
            Ok(())
        } else {
            Err(AppError::refused("token_reused", "Ce formulaire a déjà servi."))
        };
    }
    let o = order(tx, order_id)?;
    if !o.status.is_open() {
        return Err(wrong_state(&o, "l'annuler"));
    }
    let lines = store::lines(tx, o.id)?;
    let made: Vec<&Line> = lines.iter().filter(|l| l.held()).collect();
    check(&o, d, &made)?;
    let till = till(tx, d.till_id)?;
    let paid = o.paid;
    let refund = if paid.cents() > 0 { d.refund } else { None };
    match refund {
        Some(Refund::Cash) => refund_cash(tx, st, &o, &till)?,
        Some(Refund::Credit) => store::insert_credit(tx, o.customer_id, paid, o.id, None, &st.now, st.actor.user_id)?,
        None => {}
    }
    if let Some(goods) = d.goods.filter(|_| !made.is_empty()) {
        dispose(tx, st, &o, &made, goods, &till)?;
    }
    store::set_cancelled(tx, o.id, &st.now, st.actor.user_id, d.reason.trim(), d.token.as_deref())?;
    let money = match refund {
        Some(Refund::Cash) => format!("{paid} rendus en espèces"),
        Some(Refund::Credit) => format!("{paid} gardés en avoir"),
        None => "rien à rendre".to_string(),
    };
    let e = Event::new(AuditKind::OrderCancelled, "orders", o.id, format!("Commande {} annulée ({money}) : {}", o.number, d.reason.trim()))
        .after(json!({"paid": paid.cents(), "refund": refund.map(|r| format!("{r:?}")), "goods": d.goods.map(|g| format!("{g:?}"))}));
    audit::record(tx, &st.actor, &st.now, e)?;
    slips::queue_cancel(tx, o.id, refund, &till, st)?;
    Ok(())
}
