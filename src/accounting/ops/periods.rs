//! Closing and reopening months. A month is closed once it has ended (closing today's month
//! would stop the till); only the last closed month may be reopened, with a reason, audited.

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;
use serde_json::json;

use super::month_of;
use crate::accounting::store;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};

/// The first day of a month typed as `2026-10`, or the message beside the field.
pub fn parse_month(text: &str, field: &str) -> Result<NaiveDate, FieldErrors> {
    let mut e = FieldErrors::new();
    match NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d") {
        Ok(d) if text.trim().len() == 7 => Ok(d),
        _ => {
            e.add(field, "Un mois comme 2026-10.");
            Err(e)
        }
    }
}

/// The first day of the month after `first`.
pub fn next_month(first: NaiveDate) -> NaiveDate {
    first.checked_add_months(chrono::Months::new(1)).unwrap_or(first)
}

/// Closes a month that has ended: nothing may be posted in it any more. Idempotent.
pub fn close_month(tx: &Transaction, st: &Stamp, month: &str) -> Result<(), AppError> {
    let first = parse_month(month, "month")?;
    let month = month_of(first);
    if month >= month_of(st.day) {
        let mut e = FieldErrors::new();
        e.add(
            "month",
            format!(
                "Le mois {} n'est pas terminé : il se clôture à partir du {}.",
                first.format("%m/%Y"),
                next_month(first).format("%d/%m/%Y")
            ),
        );
        return Err(AppError::Invalid(e));
    }
    if store::close(tx, &month, &st.now, st.actor.user_id)? > 0 {
        let summary = format!("Mois {month} clôturé.");
        let event = Event::new(AuditKind::PeriodClosed, "closed_periods", &month, summary);
        audit::record(tx, &st.actor, &st.now, event)?;
    }
    Ok(())
}

/// Reopens the last closed month (field `reopen`), for a reason (audited). An earlier month stays closed: its
/// successors' balances rely on it.
pub fn reopen_month(tx: &Transaction, st: &Stamp, month: &str, reason: &str) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    let reason = crate::text::Text::Reason.check(&mut e, "reason", reason);
    if reason.is_empty() && e.is_empty() {
        e.add("reason", "Indiquez pourquoi le mois est rouvert.");
    }
    let first = parse_month(month, "reopen");
    let last = store::closed_months(tx)?.into_iter().next();
    match (&first, &last) {
        (Err(bad), _) => bad.iter().for_each(|(f, m)| e.add(f, m)),
        (Ok(_), None) => e.add("reopen", "Aucun mois n'est clôturé."),
        (Ok(f), _) if store::year_closed(tx, f.year())? => {
            e.add(
                "reopen",
                format!("L'exercice {} est clôturé définitivement : ses mois ne se rouvrent plus.", f.year()),
            );
        }
        (Ok(f), Some(last)) if &month_of(*f) != last => {
            e.add("reopen", format!("Seul le dernier mois clôturé ({last}) peut être rouvert."));
        }
        _ => {}
    }
    let month = e.into_result(last.unwrap_or_default())?;
    store::reopen(tx, &month)?;
    let summary = format!("Mois {month} rouvert : {reason}.");
    let event =
        Event::new(AuditKind::PeriodReopened, "closed_periods", &month, summary).after(json!({"reason": reason}));
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(())
}
