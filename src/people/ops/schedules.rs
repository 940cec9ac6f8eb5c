//! Operations on schedules: a week from a date, exceptions by day. Overlapping shifts are
//! refused; what a locked month was computed with cannot change.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::people::schedule::{check_day, check_week};
use crate::people::store::{employees, hours, schedules};
use crate::people::{Shift, first_of_month, month_label, month_text, weekday_name};

fn refuse_locked(tx: &Transaction, day: NaiveDate, what: &str) -> Result<(), AppError> {
    let last = hours::locked_months(tx)?.into_iter().max();
    if last.is_some_and(|m| month_text(first_of_month(day)) <= m) {
        return Err(AppError::rule(format!(
            "{what} : le mois de {} est déjà verrouillé pour la paie. Choisissez une date dans un mois ouvert.",
            month_label(first_of_month(day))
        )));
    }
    Ok(())
}

/// Saves the week of an employee from `valid_from` (the same date replaces that version).
pub fn save_week(
    tx: &Transaction,
    st: &Stamp,
    employee_id: i64,
    valid_from: NaiveDate,
    shifts: &[(u32, Shift)],
) -> Result<(), AppError> {
    let employee = employees::employee(tx, employee_id)?.ok_or(AppError::NotFound)?;
    if let Err(message) = check_week(shifts, &employee.rest_days) {
        let mut e = FieldErrors::new();
        e.add("_form", message);
        return Err(AppError::Invalid(e));
    }
    refuse_locked(tx, valid_from, "Horaire non enregistré")?;
    schedules::save_week(tx, employee_id, valid_from, shifts, &st.now)?;
    let text: Vec<String> = shifts.iter().map(|(d, s)| format!("{} {}", weekday_name(*d), s.text())).collect();
    let summary = format!(
        "Horaire de {} à partir du {} : {}.",
        employee.full_name,
        valid_from.format("%d/%m/%Y"),
        text.join(", ")
    );
    let after = json!({ "a_partir_du": valid_from.to_string(), "services": text });
    audit::record(
        tx,
        &st.actor,
        &st.now,
        Event::new(AuditKind::ScheduleSaved, "horaire", employee_id, summary).after(after),
    )?;
    Ok(())
}

/// An exception for one day: `shifts` empty = the day is off.
pub fn save_exception(
    tx: &Transaction,
    st: &Stamp,
    employee_id: i64,
    day: NaiveDate,
    shifts: &[Shift],
    note: &str,
) -> Result<(), AppError> {
    let employee = employees::employee(tx, employee_id)?.ok_or(AppError::NotFound)?;
    if let Err(message) = check_day(shifts) {
        let mut e = FieldErrors::new();
        e.add("_form", message);
        return Err(AppError::Invalid(e));
    }
    refuse_locked(tx, day, "Exception non enregistrée")?;
    let what = if shifts.is_empty() {
        "pas de travail".to_string()
    } else {
        shifts.iter().map(|s| s.text()).collect::<Vec<_>>().join(", ")
    };
    schedules::replace_exception(tx, employee_id, day, (!shifts.is_empty()).then_some(shifts), note.trim())?;
    let summary = format!("Exception pour {} le {} : {what}.", employee.full_name, day.format("%d/%m/%Y"));
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ScheduleSaved, "horaire", employee_id, summary))?;
    Ok(())
}

pub fn delete_exception(tx: &Transaction, st: &Stamp, employee_id: i64, day: NaiveDate) -> Result<(), AppError> {
    let employee = employees::employee(tx, employee_id)?.ok_or(AppError::NotFound)?;
    refuse_locked(tx, day, "Exception conservée")?;
    if schedules::delete_exception(tx, employee_id, day)? > 0 {
        let summary = format!("Exception de {} le {} retirée.", employee.full_name, day.format("%d/%m/%Y"));
        audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ScheduleSaved, "horaire", employee_id, summary))?;
    }
    Ok(())
}
