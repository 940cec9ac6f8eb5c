//! Paying an order: a deposit at creation, a payment on account, the balance at handover. Every
//! payment goes through an open shift of the till, is one row linked to the order and the shift,
//! and never takes the order beyond its total. Cash may be handed over in excess (the change is
//! given back); cards, cheques and store credit pay the exact amount.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::{invalid, order, slips, till, user_of, wrong_state};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::cash::{self, MovementDraft, MovementKind, Shift, Till};
use crate::error::AppError;
use crate::money::Money;
use crate::orders::{Method, Order, PaymentDraft, store};

/// What a payment is for. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Deposit,
    Balance,
    Refund,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Deposit => "acompte",
            Kind::Balance => "solde",
            Kind::Refund => "remboursement",
        }
    }
}

/// A payment checked against its order.
#[derive(Debug, Clone)]
pub(crate) struct Taken {
    pub method: Method,
    pub amount: Money,
    pub tendered: Money,
    pub change: Money,
    pub reference: String,
}

/// The account a method debits when money comes in (and credits when it goes back).
pub(crate) fn account_of(m: Method) -> &'static str {
    match m {
        Method::Cash => account::CASH,
        Method::Card | Method::Cheque => account::BANK,
        Method::Credit => account::CUSTOMER_ADVANCES,
    }
}

/// Checks a payment: more than zero, never beyond what is left to pay (the message goes beside
/// `field`), no change on anything but cash, cash handed over at least the amount, the
/// customer's store credit holding it.
pub(crate) fn check(tx: &Transaction, o: &Order, d: &PaymentDraft, field: &str) -> Result<Taken, AppError> {
    if d.amount.cents() <= 0 {
        return Err(invalid(field, "Le montant doit être supérieur à zéro."));
    }
    let balance = o.balance();
    if d.amount > balance {
        let msg = if o.paid.cents() == 0 {
            format!("{} dépasse le total de la commande ({balance}).", d.amount)
        } else {
            format!("{} dépasse le reste à payer ({balance}).", d.amount)
        };
        return Err(invalid(field, msg));
    }
    let tendered = d.tendered.unwrap_or(d.amount);
    if d.method == Method::Cash && tendered < d.amount {
        return Err(invalid("tendered", format!("Le client doit remettre au moins {}.", d.amount)));
    }
    if d.method != Method::Cash && tendered != d.amount {
        return Err(invalid("tendered", "Pas de monnaie rendue sur une carte, un chèque ou un avoir."));
    }
    if d.method == Method::Credit {
        let credit = store::credit_of(tx, o.customer_id)?;
        if d.amount > credit {
            return Err(invalid(field, format!("L'avoir de ce client n'est que de {credit}.")));
        }
    }
    Ok(Taken {
        method: d.method,
        amount: d.amount,
        tendered,
        change: tendered - d.amount,
        reference: d.reference.trim().chars().take(60).collect(),
    })
}

/// Where a payment is written and who did it.
pub(crate) struct Place<'a> {
    pub till: &'a Till,
    pub shift: &'a Shift,
    pub st: &'a Stamp,
    pub user_id: i64,
}

/// Writes a checked payment (or refund, negative): its row, the order's paid amount, the cash
/// movement of the drawer (cash only) and the store credit spent (credit only).
pub(crate) fn record(
    tx: &Transaction,
    at: &Place,
    o: &Order,
    t: &Taken,
    kind: Kind,
    entry_id: Option<i64>,
    token: Option<&str>,
) -> Result<i64, AppError> {
    let day = at.st.day.to_string();
    let row = store::NewPayment {
        order_id: o.id,
        kind: kind.code(),
        method: t.method.code(),
        amount: t.amount,
        tendered: t.tendered,
        change: t.change,
        reference: &t.reference,
        till_id: at.till.id,
        shift_id: at.shift.id,
        entry_id,
        at: &at.st.now,
        day: &day,
        user_id: at.user_id,
        token,
    };
    let id = store::insert_payment(tx, &row)?;
    crate::kpi::ops::record_order_payment(tx, id)?;
    store::add_paid(tx, o.id, t.amount, &at.st.now)?;
    match t.method {
        Method::Cash => {
            let reason = format!("{} {}", label(kind), o.number);
            let m = MovementDraft {
                shift_id: at.shift.id,
                at: &at.st.now,
                day: at.st.day,
                kind: MovementKind::Order,
                amount: t.amount,
                reason: &reason,
                source_type: "order_payment",
                source_id: Some(id),
                entry_id,
                user_id: at.user_id,
                token: None,
            };
            cash::store::insert_movement(tx, &m)?;
        }
        Method::Credit => {
            store::insert_credit(tx, o.customer_id, -t.amount, o.id, Some(id), &at.st.now, Some(at.user_id))?;
        }
        Method::Card | Method::Cheque => {}
    }
    Ok(id)
}

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Deposit => "Acompte",
        Kind::Balance => "Solde",
        Kind::Refund => "Remboursement",
    }
}

/// The journal of a payment on its own: the cash book for cash, the bank book otherwise.
pub(crate) fn journal_of(m: Method) -> Journal {
    if m == Method::Cash { Journal::Cash } else { Journal::Bank }
}

/// Posts a payment received before handover: Dr 530 / 512 · Cr 4191 (nothing for store credit,
/// which already sits in 4191). Returns the entry.
fn post_advance(tx: &Transaction, st: &Stamp, o: &Order, t: &Taken, day: NaiveDate) -> Result<Option<i64>, AppError> {
    if t.method == Method::Credit {
        return Ok(None);
    }
    let mut entry =
        EntryDraft::new(journal_of(t.method), day, format!("Acompte sur la commande {}", o.number), "order", o.id);
    entry.add(LineDraft::debit(account_of(t.method), t.amount, ""));
    entry.add(LineDraft::credit(account::CUSTOMER_ADVANCES, t.amount, "Acompte reçu"));
    Ok(Some(accounting::ops::post(tx, &st.actor, &entry, &st.now)?))
}

/// Takes a payment before handover (a deposit, a payment on account) at a till whose shift is
/// open: checks, posts, records. Returns the payment's id.
pub(crate) fn take(
    tx: &Transaction,
    st: &Stamp,
    o: &Order,
    till: &Till,
    d: &PaymentDraft,
    kind: Kind,
    field: &str,
) -> Result<i64, AppError> {
    let t = check(tx, o, d, field)?;
    let shift = cash::ops::require_open(tx, till.id)?;
    let entry_id = post_advance(tx, st, o, &t, st.day)?;
    let at = Place { till, shift: &shift, st, user_id: user_of(st)? };
    let id = record(tx, &at, o, &t, kind, entry_id, d.token.as_deref())?;
    let e = Event::new(
        AuditKind::OrderPaid,
        "orders",
        o.id,
        format!("{} de {} sur la commande {} ({}).", label(kind), t.amount, o.number, t.method.label()),
    )
    .after(json!({"payment_id": id, "amount": t.amount.cents(), "method": t.method.code()}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(id)
}

/// Records a payment on an order not yet handed over; returns the payment's id. Its receipt (with
/// what is left to pay) prints at the till, the drawer opening only for cash. A replayed token
/// returns the first payment.
pub fn pay(tx: &Transaction, st: &Stamp, order_id: i64, till_id: i64, d: &PaymentDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "order_payment", d.token.as_deref(), st.actor.user_id, &(order_id, d), &st.now)?;
    if let Some(t) = &d.token
        && let Some((id, of)) = store::payment_by_token(tx, t)?
    {
        if of != order_id {
            return Err(AppError::refused("token_reused", "Ce paiement a déjà été enregistré sur une autre commande."));
        }
        return Ok(id);
    }
    let o = order(tx, order_id)?;
    if !o.status.is_open() {
        return Err(wrong_state(&o, "encaisser un paiement"));
    }
    let till = till(tx, till_id)?;
    let id = take(tx, st, &o, &till, d, Kind::Deposit, "amount")?;
    slips::queue_payment(tx, o.id, id, &till, d.method == Method::Cash, st)?;
    Ok(id)
}
