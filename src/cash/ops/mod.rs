//! The cash operations: open a shift, move cash in or out, close blind, send the handed-over
//! cash to the bank. Each one writes its rows, its entry and its print job in the caller's
//! transaction; a replayed form token answers the first result.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

pub mod movement;
pub mod report;
pub mod shift;

pub use movement::{At, MovementInput, move_cash, queue_document_slip, record_document};
pub use shift::{CloseDraft, Float, OpenDraft, close, open};

use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::cash::{Counter, Shift, Till, store, till_id_of};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;

/// The refusal when no shift is open: nothing touches a drawer that nobody counted.
pub fn no_open_shift() -> AppError {
    AppError::refused("shift_closed", "Aucune caisse ouverte : ouvrez la caisse d'abord.")
}

fn user_of(actor: &Actor) -> Result<i64, AppError> {
    actor.user_id.ok_or_else(|| AppError::rule("La caisse se tient par une personne identifiée."))
}

/// The till's open shift, or the `shift_closed` refusal.
pub fn require_open(tx: &Transaction, till_id: i64) -> Result<Shift, AppError> {
    store::open_shift(tx, till_id)?.ok_or_else(no_open_shift)
}

/// When taking `amount` out would leave the drawer below zero, what it should hold (the one rule
/// for every cash out: pay-outs, deposits, refunds, supplier payments).
pub fn short_of(tx: &Transaction, shift: &Shift, amount: Money) -> Result<Option<Money>, AppError> {
    let held = store::expected(tx, shift.id)?;
    Ok((amount > held).then_some(held))
}

/// The shift a cash payment goes through: the given till's, else the first till with an open shift.
pub fn shift_for_cash(tx: &Transaction, till_id: Option<i64>) -> Result<Shift, AppError> {
    if let Some(t) = till_id {
        return require_open(tx, t);
    }
    for t in store::tills(tx)?.iter().filter(|t| t.active) {
        if let Some(s) = store::open_shift(tx, t.id)? {
            return Ok(s);
        }
    }
    Err(no_open_shift())
}

/// The shift cash goes through when a till is preferred but not required: that till's open
/// shift, else the first till with an open shift.
pub fn shift_preferring(tx: &Transaction, till_id: Option<i64>) -> Result<Shift, AppError> {
    if let Some(t) = till_id
        && let Some(s) = store::open_shift(tx, t)?
    {
        return Ok(s);
    }
    shift_for_cash(tx, None)
}

/// Carries cash handed over at closes (581) to the bank: Dr 512 / Cr 581, journal BQ. At most
/// what is in transit. Returns the entry id.
pub fn bank_transit(
    tx: &Transaction,
    actor: &Actor,
    amount: Money,
    reference: &str,
    token: Option<&str>,
    now: &str,
    day: NaiveDate,
) -> Result<Option<i64>, AppError> {
    if let Some(t) = token
        && store::transit_deposit_done(tx, t)?
    {
        return Ok(None);
    }
    let in_transit = accounting::store::net_of(tx, account::TRANSIT)?;
    let mut e = FieldErrors::new();
    if amount.cents() <= 0 {
        e.add("amount", "Le montant doit être supérieur à zéro.");
    } else if amount > in_transit {
        e.add("amount", format!("Seulement {in_transit} de remises attendent d'être versées."));
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    let label = "Versement en banque des remises";
    let mut entry = EntryDraft::new(Journal::Bank, day, format!("{label} {}", reference.trim()), "cash_transit", 0);
    entry.add(LineDraft::debit(account::BANK, amount, reference.trim()));
    entry.add(LineDraft::credit(account::TRANSIT, amount, reference.trim()));
    let id = accounting::ops::post(tx, actor, &entry, now)?;
    let key = token.map(str::to_string).unwrap_or_else(|| format!("entry-{id}"));
    let summary = format!("{label} : {amount}.");
    audit::record(tx, actor, now, Event::new(AuditKind::CashMoved, "versement_banque", key, summary))?;
    Ok(Some(id))
}

/// Every till, and the one this tablet works at: its cookie's, else the first active till.
pub fn till_here(conn: &Connection, cookie: Option<&str>) -> Result<(Vec<Till>, Till), AppError> {
    let tills = store::tills(conn)?;
    let id = till_id_of(cookie, &tills)
        .ok_or_else(|| AppError::rule("Aucune caisse active : la gérante doit en créer une."))?;
    let till = tills.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?;
    Ok((tills, till))
}

/// The drawer of the till this tablet works at, for the counter's pages (its cookie's till, else
/// the first active one).
pub fn counter(conn: &Connection, cookie: Option<&str>) -> Result<Counter, AppError> {
    let (tills, till) = till_here(conn, cookie)?;
    let shift = match store::open_shift(conn, till.id)? {
        Some(s) => Some((s.clone(), store::user_name(conn, s.opened_by)?)),
        None => None,
    };
    let movements = match &shift {
        Some((s, _)) => store::movements(conn, s.id)?,
        None => Vec::new(),
    };
    let carried = store::last_closed(conn, till.id)?.and_then(|s| s.next_float).unwrap_or(Money::ZERO);
    Ok(Counter { tills, till, shift, carried, movements })
}

/// The drawer of the till this tablet works at, for the home page: the till, and its open shift
/// with the name of who opened it.
pub fn drawer_here(conn: &Connection, cookie: Option<&str>) -> Result<(Till, Option<(Shift, String)>), AppError> {
    let (_, till) = till_here(conn, cookie)?;
    let shift = match store::open_shift(conn, till.id)? {
        Some(s) => Some((s.clone(), store::user_name(conn, s.opened_by)?)),
        None => None,
    };
    Ok((till, shift))
}
