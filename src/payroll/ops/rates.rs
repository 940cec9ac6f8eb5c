//! The rates of payroll: the rows in force, and a new row (never in a month already paid).

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::invalid;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::AppError;
use crate::payroll::{Rates, bands_to_text, rates_on, store};
use crate::people::{month_label, parse_month};

/// The rates in force for the month starting at `first`.
pub fn rates_for(c: &Connection, first: NaiveDate) -> Result<Rates, AppError> {
    let all = store::rates(c)?;
    rates_on(&all, first)
        .cloned()
        .ok_or_else(|| AppError::rule(format!("Aucun barème de paie n'est en vigueur en {}.", month_label(first))))
}

/// Adds a row of rates from its first day (the first of a month). Refused in a month whose payroll
/// is validated (it would change what was paid), and on a date that already has its row.
pub fn add_rates(tx: &Transaction, st: &Stamp, r: &Rates) -> Result<(), AppError> {
    if r.valid_from.day() != 1 {
        return Err(invalid("valid_from", "Un barème s'applique à partir du premier jour d'un mois."));
    }
    if let Some(paid) = store::last_validated_month(tx)?.as_deref().and_then(parse_month)
        && r.valid_from <= paid
    {
        let m = format!(
            "La paie de {} est déjà validée : un nouveau barème ne peut commencer qu'après ce mois.",
            month_label(paid)
        );
        return Err(invalid("valid_from", m));
    }
    if store::rates_exist(tx, r.valid_from)? {
        return Err(invalid("valid_from", "Un barème commence déjà ce mois-là."));
    }
    store::insert_rates(tx, r, &st.now, st.actor.user_id)?;
    let summary = format!("Barème de paie à partir de {} (SNMG {}).", month_label(r.valid_from), r.snmg);
    let after = json!({"valid_from": r.valid_from.to_string(), "snmg": r.snmg.cents(), "irg_bands": bands_to_text(&r.irg.bands),
        "cnas_employee_bp": r.cnas_employee_bp, "cnas_employer_bp": r.cnas_employer_bp, "fnpos_bp": r.fnpos_bp,
        "night_bp": r.night_bp, "rest_day_bp": r.rest_day_bp, "rounding": r.rounding.code()});
    let event =
        Event::new(AuditKind::PayrollRatesAdded, "payroll_rates", r.valid_from.to_string(), summary).after(after);
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(())
}
