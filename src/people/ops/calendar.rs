//! Operations on the shop's calendar (the holidays of each year) and on the attendance settings.

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;

use crate::audit::{self, Actor, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::people::calendar::{EXPECTED_NOTE, expected_days};
use crate::people::store::{calendar, hours};
use crate::people::{AttendanceSettings, Holiday, first_of_month, month_label, month_text};

fn refuse_locked(tx: &Transaction, day: NaiveDate) -> Result<(), AppError> {
    if hours::is_locked(tx, &month_text(first_of_month(day)))? {
        return Err(AppError::rule(format!(
            "Le mois de {} est verrouillé pour la paie : son calendrier ne change plus.",
            month_label(first_of_month(day))
        )));
    }
    Ok(())
}

/// Adds a holiday (or confirms the expected date of one: the same day, another note).
pub fn add_holiday(tx: &Transaction, st: &Stamp, day: NaiveDate, name: &str, confirmed: bool) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    if name.trim().is_empty() {
        e.add("name", "Le nom du jour férié est obligatoire.");
    }
    let fixed = calendar::holidays_between(tx, day, day)?.into_iter().find(|h| h.fixed);
    if let Some(h) = fixed {
        e.add("day", format!("Le {} est déjà férié : {}.", day.format("%d/%m/%Y"), h.name));
    }
    e.into_result(()).map_err(AppError::Invalid)?;
    refuse_locked(tx, day)?;
    calendar::delete_holiday(tx, day)?;
    let note = if confirmed { "Date confirmée." } else { EXPECTED_NOTE };
    let h = Holiday { day, name: name.trim().to_string(), fixed: false, confirmed, note: note.to_string() };
    calendar::insert_holiday(tx, &h, "religieuse")?;
    let summary = format!("Jour férié le {} : {}.", day.format("%d/%m/%Y"), h.name);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::CalendarChanged, "calendrier", day, summary))?;
    Ok(())
}

pub fn delete_holiday(tx: &Transaction, st: &Stamp, day: NaiveDate) -> Result<(), AppError> {
    refuse_locked(tx, day)?;
    if calendar::delete_holiday(tx, day)? > 0 {
        let summary = format!("Jour férié du {} retiré.", day.format("%d/%m/%Y"));
        audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::CalendarChanged, "calendrier", day, summary))?;
    }
    Ok(())
}

/// Pre-fills a year with the expected dates of the Islamic holidays, marked unconfirmed; a feast
/// already entered for that year (on whatever day) is left as the gérante set it. Returns how many.
pub fn prefill_year(tx: &Transaction, actor: &Actor, now: &str, year: i32) -> Result<usize, AppError> {
    let mut added = 0;
    for (day, name) in expected_days(year) {
        if calendar::holiday_named_in(tx, &name, year)? || calendar::holiday_exists(tx, day)? {
            continue;
        }
        if !calendar::holidays_between(tx, day, day)?.is_empty()
            || hours::is_locked(tx, &month_text(first_of_month(day)))?
        {
            continue;
        }
        let h = Holiday { day, name, fixed: false, confirmed: false, note: EXPECTED_NOTE.to_string() };
        calendar::insert_holiday(tx, &h, "religieuse")?;
        added += 1;
    }
    if added > 0 {
        let summary = format!("Calendrier {year} : {added} jour(s) férié(s) religieux pré-rempli(s) (dates prévues).");
        audit::record(tx, actor, now, Event::new(AuditKind::CalendarChanged, "calendrier", year, summary))?;
    }
    Ok(added)
}

/// The current and the next year, as the server does when it starts.
pub fn prefill_around(tx: &Transaction, actor: &Actor, now: &str, today: NaiveDate) -> Result<usize, AppError> {
    Ok(prefill_year(tx, actor, now, today.year())? + prefill_year(tx, actor, now, today.year() + 1)?)
}

pub fn save_settings(tx: &Transaction, st: &Stamp, s: &AttendanceSettings) -> Result<(), AppError> {
    let before = calendar::settings(tx)?;
    if &before == s {
        return Ok(());
    }
    calendar::save_settings(tx, s, &st.now)?;
    let to_json = |s: &AttendanceSettings| serde_json::to_value(s).unwrap_or_default();
    let event =
        Event::new(AuditKind::AttendanceSettingsChanged, "reglages_pointage", 1, "Réglages du pointage modifiés.")
            .before(to_json(&before))
            .after(to_json(s));
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(())
}
