//! Operations on leave: a request (refused beyond the balance), the gérante's decision, the
//! balance of each employee.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::people::leave::{accrued_tenths, days_taken, tenths_text};
use crate::people::store::leave::{self as store, NewLeave};
use crate::people::store::{calendar, employees, hours};
use crate::people::{Employee, LeaveKind, LeaveStatus, month_end, month_label, parse_month};

/// An employee's leave: earned to date, taken (approved), asked (waiting), what remains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub accrued: i64,
    pub taken: i64,
    pub pending: i64,
    /// Earned minus taken, in tenths of a day.
    pub remaining: i64,
}

impl Balance {
    pub fn remaining_text(&self) -> String {
        tenths_text(self.remaining)
    }
}

pub fn balance(c: &Connection, e: &Employee, today: NaiveDate) -> Result<Balance, AppError> {
    let rules = calendar::labour_rules(c)?;
    let accrued = accrued_tenths(e.hired_on, e.contract_end, today, &rules);
    let taken = store::annual_days_taken(c, e.id, false, 0)? * 10;
    let with_pending = store::annual_days_taken(c, e.id, true, 0)? * 10;
    Ok(Balance { accrued, taken, pending: with_pending - taken, remaining: accrued - taken })
}

/// A request as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveDraft {
    pub employee_id: i64,
    pub kind: LeaveKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub note: String,
}

fn days_of(c: &Connection, first: NaiveDate, last: NaiveDate) -> Result<i64, AppError> {
    let holidays: Vec<NaiveDate> = calendar::holidays_between(c, first, last)?.into_iter().map(|h| h.day).collect();
    Ok(days_taken(first, last, &|d| holidays.contains(&d)))
}

/// Annual leave beyond what remains (counting other waiting requests) is refused, field by field.
fn refuse_beyond_balance(
    c: &Connection,
    e: &Employee,
    days: i64,
    except: i64,
    today: NaiveDate,
) -> Result<(), AppError> {
    let rules = calendar::labour_rules(c)?;
    let accrued = accrued_tenths(e.hired_on, e.contract_end, today, &rules);
    let other = store::annual_days_taken(c, e.id, true, except)? * 10;
    let left = accrued - other;
    if days * 10 > left {
        let mut err = FieldErrors::new();
        err.add(
            "last_day",
            format!(
                "Solde insuffisant : {} disponible(s) (demandes en attente comprises), {days} jour(s) demandé(s).",
                tenths_text(left)
            ),
        );
        return Err(AppError::Invalid(err));
    }
    Ok(())
}

/// Leave that falls in a month already locked for payroll would change its frozen hours.
fn refuse_locked(c: &Connection, first: NaiveDate, last: NaiveDate) -> Result<(), AppError> {
    for m in hours::locked_months(c)? {
        let Some(start) = parse_month(&m) else { continue };
        if start <= last && month_end(start) >= first {
            return Err(AppError::rule(format!(
                "Le mois de {} est verrouillé pour la paie : ses congés ne changent plus.",
                month_label(start)
            )));
        }
    }
    Ok(())
}

pub fn request(tx: &Transaction, st: &Stamp, d: &LeaveDraft) -> Result<i64, AppError> {
    crate::text::check_all(&[("note", &d.note, crate::text::Text::Note)])?;
    let e = employees::employee(tx, d.employee_id)?.ok_or(AppError::NotFound)?;
    refuse_locked(tx, d.first_day, d.last_day)?;
    let days = days_of(tx, d.first_day, d.last_day)?;
    let mut err = FieldErrors::new();
    if days == 0 {
        err.add("last_day", "Ces jours sont tous fériés : rien à poser.");
    }
    if let Some(other) = store::overlapping(tx, e.id, d.first_day, d.last_day, 0)? {
        err.add("first_day", format!("Ces jours recouvrent la demande n° {other} de {}.", e.full_name));
    }
    err.into_result(()).map_err(AppError::Invalid)?;
    if d.kind == LeaveKind::Annual {
        refuse_beyond_balance(tx, &e, days, 0, st.day)?;
    }
    let new = NewLeave {
        employee_id: e.id,
        kind: d.kind,
        first_day: d.first_day,
        last_day: d.last_day,
        days,
        note: d.note.trim(),
        requested_by: st.actor.user_id,
    };
    let id = store::insert_request(tx, &new, &st.now)?;
    let summary = format!(
        "{} demandé pour {} du {} au {} ({days} j).",
        d.kind.label(),
        e.full_name,
        d.first_day.format("%d/%m/%Y"),
        d.last_day.format("%d/%m/%Y")
    );
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::LeaveChanged, "conge", id, summary))?;
    Ok(id)
}

/// The gérante's decision on a request: approve (the balance is checked again), refuse, cancel.
pub fn decide(tx: &Transaction, st: &Stamp, id: i64, to: LeaveStatus, note: &str) -> Result<(), AppError> {
    let r = store::request(tx, id)?.ok_or(AppError::NotFound)?;
    let allowed = match to {
        LeaveStatus::Approved | LeaveStatus::Refused => r.status == LeaveStatus::Requested,
        LeaveStatus::Cancelled => matches!(r.status, LeaveStatus::Requested | LeaveStatus::Approved),
        LeaveStatus::Requested => false,
    };
    if !allowed {
        return Err(AppError::rule(format!("Cette demande est déjà : {}.", r.status.label().to_lowercase())));
    }
    if to == LeaveStatus::Approved || r.status == LeaveStatus::Approved {
        refuse_locked(tx, r.first_day, r.last_day)?;
    }
    if to == LeaveStatus::Approved && r.kind == LeaveKind::Annual {
        let e = employees::employee(tx, r.employee_id)?.ok_or(AppError::NotFound)?;
        refuse_beyond_balance(tx, &e, r.days, r.id, st.day)?;
    }
    store::decide(tx, id, to, note.trim(), st.actor.user_id, &st.now)?;
    let summary = format!(
        "{} de {} du {} au {} : {}.",
        r.kind.label(),
        r.employee,
        r.first_day.format("%d/%m/%Y"),
        r.last_day.format("%d/%m/%Y"),
        to.label().to_lowercase()
    );
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::LeaveChanged, "conge", id, summary))?;
    Ok(())
}
