//! Cash put in or taken out of a drawer by hand, and the cash movements of other domains'
//! documents (a supplier paid in cash).

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::{no_open_shift, report, require_open, short_of, user_of};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::cash::{MovementDraft, MovementKind, Purpose, Shift, Till, store};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::printing::{self, JobKind, Source};

/// Which drawer a movement goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The till's open shift (the pages name the till).
    Till(i64),
    /// This shift, which must be open (the API names the shift).
    Shift(i64),
}

#[derive(Debug, Clone)]
pub struct MovementInput {
    pub at: At,
    pub purpose: Purpose,
    /// Typed positive; the purpose gives the sign.
    pub amount: Money,
    pub reason: String,
    pub token: Option<String>,
}

/// Puts cash in or takes it out of the till's open shift, with its entry (one counter-account per
/// purpose), its slip and the drawer pulse; "sans vente" only opens the drawer. Returns the
/// movement id.
pub fn move_cash(
    tx: &Transaction,
    actor: &Actor,
    m: &MovementInput,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    let till_id = match m.at {
        At::Till(t) => t,
        At::Shift(s) => open_till_of(tx, s)?,
    };
    crate::db::replay::claim(tx, "cash_movement", m.token.as_deref(), actor.user_id, m, now)?;
    if let Some(t) = &m.token
        && let Some((id, _)) = store::movement_by_token(tx, t)?
    {
        return Ok(id);
    }
    crate::text::check_all(&[("reason", &m.reason, crate::text::Text::Reason)])?;
    let user = user_of(actor)?;
    let shift = require_open(tx, till_id)?;
    let till = store::till(tx, till_id)?.ok_or(AppError::NotFound)?;
    let amount = movable(tx, m, &shift)?;
    let (reason, signed) = (m.reason.trim(), Money::from_cents(amount.cents() * m.purpose.sign()));
    let id = store::next_movement_id(tx)?;
    let entry_id = match movement_entry(m.purpose, &till, amount, signed, reason, id, day) {
        Some(entry) => Some(accounting::ops::post(tx, actor, &entry, now)?),
        None => None,
    };
    let label = format!("{} : {reason}", m.purpose.label());
    let written = store::insert_movement(
        tx,
        &MovementDraft {
            shift_id: shift.id,
            at: now,
            day,
            kind: m.purpose.kind(),
            amount: signed,
            reason: &label,
            source_type: "",
            source_id: None,
            entry_id,
            user_id: user,
            token: m.token.as_deref(),
        },
    )?;
    if written != id {
        return Err(AppError::Internal(anyhow::anyhow!("mouvement {written} écrit, {id} attendu")));
    }
    let audit_kind = queue_slip(tx, actor, &till, m.purpose, (id, &label, signed), now)?;
    let summary = format!("{} — {label} ({signed}).", till.name);
    let after = json!({"shift": shift.id, "kind": m.purpose.code(), "amount": signed.cents(), "reason": reason});
    audit::record(tx, actor, now, Event::new(audit_kind, "cash_movements", id, summary).after(after))?;
    Ok(id)
}

/// The till of a shift that must be open (not found, or `shift_closed`).
fn open_till_of(tx: &Transaction, shift_id: i64) -> Result<i64, AppError> {
    let s = store::shift(tx, shift_id)?.ok_or(AppError::NotFound)?;
    if !s.open {
        return Err(no_open_shift());
    }
    Ok(s.till_id)
}

/// The amount a movement moves (none for "sans vente"), once its reason is given, it is above
/// zero, and a cash out does not take more than the drawer should hold.
fn movable(tx: &Transaction, m: &MovementInput, shift: &Shift) -> Result<Money, AppError> {
    let mut e = FieldErrors::new();
    if m.reason.trim().is_empty() {
        e.add("reason", "Indiquez le motif.");
    }
    if m.purpose == Purpose::Expense {
        e.add(
            "purpose",
            "Une dépense se saisit avec sa nature (bouton « Dépense payée en espèces ») : elle va à son propre compte.",
        );
    }
    let amount = if m.purpose == Purpose::NoSale { Money::ZERO } else { m.amount };
    if m.purpose != Purpose::NoSale {
        if amount.cents() <= 0 {
            e.add("amount", "Le montant doit être supérieur à zéro.");
        } else if m.purpose.sign() < 0
            && let Some(expected) = short_of(tx, shift, amount)?
        {
            let what = if m.purpose == Purpose::BankDeposit { "déposer" } else { "sortir" };
            e.add("amount", format!("Le tiroir ne devrait contenir que {expected} : impossible de {what} {amount}."));
        }
    }
    Ok(e.into_result(amount)?)
}

/// The movement's entry: 530 against the purpose's account (journal BQ for a bank deposit, CA
/// otherwise); none when no money moves.
fn movement_entry(
    purpose: Purpose,
    till: &Till,
    amount: Money,
    signed: Money,
    reason: &str,
    id: i64,
    day: NaiveDate,
) -> Option<EntryDraft> {
    let other = purpose.counter_account()?;
    let journal = if purpose == Purpose::BankDeposit { Journal::Bank } else { Journal::Cash };
    let label = format!("{} — {} : {reason}", purpose.label(), till.name);
    let mut entry = EntryDraft::new(journal, day, label, "cash_movement", id);
    if signed.is_negative() {
        entry.add(LineDraft::debit(other, amount, reason));
        entry.add(LineDraft::credit(account::CASH, amount, reason));
    } else {
        entry.add(LineDraft::debit(account::CASH, amount, reason));
        entry.add(LineDraft::credit(other, amount, reason));
    }
    Some(entry)
}

/// Queues the movement's slip, with the drawer pulse ("sans vente": the pulse alone); returns
/// how the audit log names the event.
fn queue_slip(
    tx: &Transaction,
    actor: &Actor,
    till: &Till,
    purpose: Purpose,
    (id, label, signed): (i64, &str, Money),
    now: &str,
) -> Result<AuditKind, AppError> {
    let tz = crate::settings::store::get(tx)?.shop_time().tz;
    let doc = report::slip(&till.name, label, signed, &actor.name, &report::local(Some(now), tz));
    let (kind, audit_kind) = match purpose {
        Purpose::NoSale => (JobKind::Drawer, AuditKind::DrawerOpened),
        _ => (JobKind::CashSlip, AuditKind::CashMoved),
    };
    let source = Source { kind, source_type: "cash_movement", source_id: Some(id) };
    printing::enqueue(tx, till.id, source, &doc, true, actor.user_id, now)?;
    Ok(audit_kind)
}

/// Queues the slip of a document's cash movement at its shift's till, with the drawer pulse: the
/// till's quick expense takes the cash out there and then, as a movement would.
pub fn queue_document_slip(
    tx: &Transaction,
    actor: &Actor,
    shift: &Shift,
    (id, label, signed): (i64, &str, Money),
    now: &str,
) -> Result<(), AppError> {
    let till = store::till(tx, shift.till_id)?.ok_or(AppError::NotFound)?;
    queue_slip(tx, actor, &till, Purpose::Expense, (id, label, signed), now)?;
    Ok(())
}

/// A cash movement of another domain's document (a supplier payment and its undoing), written in
/// that document's transaction. The entry is the document's. Returns the movement id.
#[allow(clippy::too_many_arguments)]
pub fn record_document(
    tx: &Transaction,
    actor: &Actor,
    shift: &Shift,
    kind: MovementKind,
    amount: Money,
    reason: &str,
    source: (&str, i64),
    entry_id: i64,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    let user = actor.user_id.unwrap_or(shift.opened_by);
    Ok(store::insert_movement(
        tx,
        &MovementDraft {
            shift_id: shift.id,
            at: now,
            day,
            kind,
            amount,
            reason,
            source_type: source.0,
            source_id: Some(source.1),
            entry_id: Some(entry_id),
            user_id: user,
            token: None,
        },
    )?)
}
