//! What each deliveryman owes, derived only from his settled runs (what he brought less than
//! expected, not written off; a surplus counts for him) and his payments, with its age; and a
//! payment at the till: cash into an open shift (Dr 530 · Cr his 467…), a receipt. The orders
//! themselves were settled by their stops (P10): paying a debt touches no order.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::invalid;
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::cash::{self, MovementKind};
use crate::deliveries::store::{self, NewPayment};
use crate::deliveries::{Debt, Deliveryman, PaymentDraft, ageing};
use crate::error::AppError;
use crate::money::Money;
use crate::printing::{self, Doc, JobKind};

/// What a deliveryman owes on `today` (at that day's end: later runs and payments left out), aged.
pub fn debt_of(conn: &Connection, m: &Deliveryman, today: NaiveDate) -> Result<Debt, AppError> {
    let day = today.to_string();
    let mut moves = store::debt_moves(conn, m.id)?;
    moves.retain(|(d, _)| *d <= day);
    let (owed, ages, oldest) = ageing(&moves, today);
    Ok(Debt { deliveryman_id: m.id, name: m.name.clone(), owed, ages, oldest })
}

/// Every deliveryman's debt on `today` (those who owe nothing and are inactive left out), the
/// largest first.
pub fn debts(conn: &Connection, today: NaiveDate) -> Result<Vec<Debt>, AppError> {
    let mut out = Vec::new();
    for m in store::deliverymen(conn)? {
        let d = debt_of(conn, &m, today)?;
        if m.active || d.owed.cents() != 0 {
            out.push(d);
        }
    }
    out.sort_by(|a, b| b.owed.cmp(&a.owed).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// The receipt of a payment, for the deliveryman.
fn receipt(shop: &str, name: &str, amount: Money, left: Money, by: &str, at: &str) -> Doc {
    let mut d = Doc::default();
    d.title(shop.to_string());
    d.center("REÇU — PAIEMENT LIVREUR");
    d.text(format!("Livreur : {name}")).text(format!("Le {at}, reçu par {by}"));
    d.rule();
    d.total("Payé", amount.to_string()).row("Reste dû", left.to_string());
    d.text("Signature :").push(printing::Block::Feed(3));
    d
}

/// A deliveryman pays part or all of what he owes, in cash at the till's open shift. Refused
/// beyond what he owes (nothing saved). A replayed token answers the first payment. Returns its id.
pub fn pay(tx: &Transaction, st: &Stamp, man_id: i64, d: &PaymentDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "delivery_payment", d.token.as_deref(), st.actor.user_id, &(man_id, d), &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::payment_by_token(tx, t)?
    {
        return Ok(id);
    }
    let m = store::deliveryman(tx, man_id)?.ok_or(AppError::NotFound)?;
    let owed = debt_of(tx, &m, st.day)?.owed;
    if d.amount.cents() <= 0 {
        return Err(invalid("amount", "Le montant doit être supérieur à zéro."));
    }
    if d.amount > owed {
        return Err(invalid("amount", format!("{} ne doit que {owed} : impossible d'encaisser {}.", m.name, d.amount)));
    }
    let user_id =
        st.actor.user_id.ok_or_else(|| AppError::rule("Un paiement se reçoit par une personne identifiée."))?;
    let till = crate::orders::ops::till(tx, d.till_id)?;
    let shift = cash::ops::require_open(tx, till.id)?;
    let label = format!("Paiement du livreur {}", m.name);
    let mut e = EntryDraft::new(Journal::Cash, st.day, label.clone(), "delivery_payment", 0);
    e.add(LineDraft::debit(account::CASH, d.amount, &label));
    e.add(LineDraft::credit(&m.account, d.amount, &label));
    let day = st.day.to_string();
    // The entry names its payment: the payment's id is the next one (one writer at a time).
    let id = store::next_payment_id(tx)?;
    e.source_id = id;
    let entry_id = accounting::ops::post(tx, &st.actor, &e, &st.now)?;
    let p = NewPayment {
        man: m.id,
        amount: d.amount,
        shift_id: shift.id,
        entry_id,
        now: &st.now,
        day: &day,
        user_id,
        token: d.token.as_deref(),
    };
    store::insert_payment(tx, &p)?;
    let source = ("delivery_payment", id);
    cash::ops::record_document(
        tx,
        &st.actor,
        &shift,
        MovementKind::Order,
        d.amount,
        &label,
        source,
        entry_id,
        &st.now,
        st.day,
    )?;
    if till.printer_driver != "aucun" {
        let shop = crate::settings::store::get(tx)?.name;
        let doc = receipt(&shop, &m.name, d.amount, owed - d.amount, &st.actor.name, &st.now.replace('T', " ")[..16]);
        let src = printing::Source { kind: JobKind::Ticket, source_type: "delivery_payment", source_id: Some(id) };
        printing::enqueue(tx, till.id, src, &doc, till.drawer, st.actor.user_id, &st.now)?;
    }
    let ev = Event::new(AuditKind::DeliveryPayment, "deliverymen", m.id, format!("{label} : {}.", d.amount))
        .after(json!({"amount": d.amount.cents(), "owed_before": owed.cents()}));
    audit::record(tx, &st.actor, &st.now, ev)?;
    Ok(id)
}
