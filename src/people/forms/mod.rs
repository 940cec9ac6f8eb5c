//! The staff's forms as typed (all text) and their `parse()` into drafts: every message is in
//! French, beside the field it concerns. Pages render them back with what was typed.

pub mod clocks;
pub mod employees;
pub mod time;

use chrono::NaiveDate;

use crate::error::FieldErrors;

/// A date typed in a form (`2026-11-24` from a date input, or `24/11/2026`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y")).ok()
}

/// A required date, with its message.
pub fn date_field(e: &mut FieldErrors, field: &str, text: &str, label: &str) -> NaiveDate {
    parse_date(text).unwrap_or_else(|| {
        e.add(field, format!("{label} : une date (jj/mm/aaaa)."));
        NaiveDate::default()
    })
}

/// An id chosen in a select (empty: none).
pub fn id_of(text: &str) -> Option<i64> {
    text.trim().parse().ok().filter(|id: &i64| *id > 0)
}

/// A checkbox's value in a form.
pub fn checked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| !v.is_empty() && v != "0")
}
