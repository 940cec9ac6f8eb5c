//! The expense operations: enter a bill (its entry, and its cash movement when the drawer pays
//! it), pay a bill owed. Each in the caller's transaction; a replayed form token answers the
//! first bill.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::{Expense, ExpenseDraft, PaidBy, PaymentDraft, store};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::cash::{self, MovementKind};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::tax::ops::tva;

/// The account a settlement credits, and its journal.
fn settled_by(by: PaidBy) -> (&'static str, Journal) {
    match by {
        PaidBy::Drawer => (account::CASH, Journal::Cash),
        PaidBy::Bank => (account::BANK, Journal::Bank),
        PaidBy::Later => (account::SUPPLIERS, Journal::Purchases),
    }
}

/// Checks what only the database and the clock know: the label, the month, today's date for the
/// drawer, the free texts.
fn validate(tx: &Transaction, st: &Stamp, d: &ExpenseDraft) -> Result<accounting::Account, AppError> {
    let mut e = FieldErrors::new();
    crate::text::Text::Name.check(&mut e, "beneficiary", &d.beneficiary);
    crate::text::Text::Reference.check(&mut e, "reference", &d.reference);
    crate::text::Text::Note.check(&mut e, "note", &d.note);
    let label = store::label(tx, d.label_id)?;
    if label.is_none() {
        e.add("label_id", "Choisissez la nature de la dépense.");
    }
    if d.paid_by == PaidBy::Drawer && d.day != st.day {
        e.add("day", "Une dépense payée par le tiroir est datée d'aujourd'hui.");
    }
    accounting::ops::manual::open_month(tx, d.day, "day", &mut e)?;
    crate::tax::check_rate(tx, d.tva_bp, d.day, "tva_rate", &mut e)?;
    if d.tva >= d.amount {
        e.add("tva", format!("La TVA ({}) ne peut pas atteindre le montant de la facture ({}).", d.tva, d.amount));
    }
    let account = match &label {
        Some(l) => accounting::store::account(tx, &l.account)?,
        None => None,
    };
    e.into_result(account)?.ok_or(AppError::NotFound)
}

/// Takes `amount` out of the drawer of an open shift, for the document `source` and its entry;
/// refused beside `field` when the drawer holds less.
fn out_of_drawer(
    tx: &Transaction,
    st: &Stamp,
    amount: Money,
    reason: &str,
    source: (&str, i64),
    entry_id: i64,
    (till_id, field): (Option<i64>, &str),
) -> Result<i64, AppError> {
    let shift = cash::ops::shift_for_cash(tx, till_id)?;
    if let Some(held) = cash::ops::short_of(tx, &shift, amount)? {
        let mut e = FieldErrors::new();
        e.add(field, format!("Le tiroir ne devrait contenir que {held} : impossible de payer {amount}."));
        return Err(AppError::Invalid(e));
    }
    let kind = MovementKind::PayOut;
    let id =
        cash::ops::record_document(tx, &st.actor, &shift, kind, -amount, reason, source, entry_id, &st.now, st.day)?;
    if till_id.is_some() {
        // Paid at the till itself: its slip, and the drawer opens.
        cash::ops::queue_document_slip(tx, &st.actor, &shift, (id, reason, -amount), &st.now)?;
    }
    Ok(id)
}

/// Enters a bill: Dr its account (HT under réel, TTC under IFU) and Dr 4456 its deductible TVA
/// (réel) · Cr 530 (drawer, with the cash movement), 512 or 401 (to pay later). Returns its id.
pub fn record(tx: &Transaction, st: &Stamp, d: &ExpenseDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "expense", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::by_token(tx, t)?
    {
        return Ok(id);
    }
    let charge = validate(tx, st, d)?;
    let id = store::next_id(tx)?;
    let (credit, journal) = settled_by(d.paid_by);
    let what = format!("{} — {}", charge.name, d.beneficiary.trim());
    let mut entry = EntryDraft::new(journal, d.day, format!("Dépense : {what}"), "expense", id);
    let tva = if crate::tax::regime_on(tx, d.day)?.has_tva() { d.tva } else { Money::ZERO };
    entry.add(LineDraft::debit(&charge.code, d.amount - tva, d.reference.trim()));
    let deductible = tva::Deductible { account: charge.code.clone(), rate_bp: d.tva_bp, base: d.amount - tva, tva };
    for line in tva::deductible_lines(tx, tva::Source { kind: "expense", id, day: d.day }, &[deductible], false)? {
        entry.add(line);
    }
    entry.add(LineDraft::credit(credit, d.amount, d.reference.trim()));
    let entry_id = accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    let movement = match d.paid_by {
        PaidBy::Drawer => {
            Some(out_of_drawer(tx, st, d.amount, &what, ("expense", id), entry_id, (d.till_id, "amount"))?)
        }
        _ => None,
    };
    store::insert(tx, id, d, (&charge.code, tva), entry_id, movement, &st.now, st.actor.user_id)?;
    let summary = format!("Dépense n° {id} : {what}, {} ({}).", d.amount, d.paid_by.label());
    let after = json!({"account": charge.code, "amount": d.amount.cents(), "paid_by": d.paid_by.code()});
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ExpenseSaved, "expenses", id, summary).after(after))?;
    Ok(id)
}

/// Pays a bill owed: Dr 401 · Cr 530 (today, from the drawer) or 512. Once.
pub fn pay(tx: &Transaction, st: &Stamp, id: i64, p: &PaymentDraft) -> Result<(), AppError> {
    let x = store::expense(tx, id)?.ok_or(AppError::NotFound)?;
    if !x.owed() {
        return Err(AppError::rule(format!("La dépense n° {id} n'est pas à payer : elle est déjà réglée.")));
    }
    let mut e = FieldErrors::new();
    if p.by == PaidBy::Later {
        e.add("by", "Choisissez le tiroir ou la banque.");
    }
    if p.by == PaidBy::Drawer && p.day != st.day {
        e.add("payment_day", "Un paiement par le tiroir est daté d'aujourd'hui.");
    }
    if p.day < day_of(&x)? {
        e.add("payment_day", "Le paiement ne précède pas la facture.");
    }
    accounting::ops::manual::open_month(tx, p.day, "payment_day", &mut e)?;
    e.into_result(())?;
    let (credit, journal) = settled_by(p.by);
    let what = format!("{} — {}", x.label, x.beneficiary);
    let mut entry = EntryDraft::new(journal, p.day, format!("Paiement de la dépense n° {id} : {what}"), "expense", id);
    entry.add(LineDraft::debit(account::SUPPLIERS, x.amount, &x.reference));
    entry.add(LineDraft::credit(credit, x.amount, &x.reference));
    let entry_id = accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    let movement = match p.by {
        PaidBy::Drawer => Some(out_of_drawer(tx, st, x.amount, &what, ("expense", id), entry_id, (None, "by"))?),
        _ => None,
    };
    store::set_payment(tx, id, &p.day.to_string(), p.by.code(), entry_id, movement)?;
    let summary = format!("Dépense n° {id} payée : {what}, {} ({}).", x.amount, p.by.label());
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ExpenseSaved, "expenses", id, summary))?;
    Ok(())
}

fn day_of(x: &Expense) -> Result<NaiveDate, AppError> {
    x.day.parse().map_err(|_| AppError::Internal(anyhow::anyhow!("dépense {} : date {}", x.id, x.day)))
}

/// Attaches the bill's photo or PDF (checked by its form: type and size), replacing an earlier one.
pub fn attach(tx: &Transaction, st: &Stamp, id: i64, content_type: &str, bytes: &[u8]) -> Result<(), AppError> {
    store::expense(tx, id)?.ok_or(AppError::NotFound)?;
    store::attach(tx, id, content_type, bytes, &st.now, st.actor.user_id)?;
    let summary = format!("Dépense n° {id} : pièce jointe ({content_type}, {} Ko).", bytes.len().div_ceil(1024));
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ExpenseSaved, "expenses", id, summary))?;
    Ok(())
}
