//! All the SQL of the staff domain, by subject. Store functions take `&Connection` and hold no rule.

pub mod calendar;
pub mod check;
pub mod devices;
pub mod employees;
pub mod hours;
pub mod leave;
pub mod punches;
pub mod schedules;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Row;
use rusqlite::types::Type;

fn conversion(i: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, Type::Text, format!("date illisible : {text}").into())
}

/// A stored local date (`2026-11-24`).
pub(crate) fn date(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(i)?;
    text.parse().map_err(|_| conversion(i, &text))
}

pub(crate) fn date_opt(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = r.get(i)?;
    text.map(|t| t.parse().map_err(|_| conversion(i, &t))).transpose()
}

/// A stored local moment (`2026-11-24 08:00:00`).
pub(crate) fn local(r: &Row, i: usize) -> rusqlite::Result<NaiveDateTime> {
    let text: String = r.get(i)?;
    super::parse_local(&text).ok_or_else(|| conversion(i, &text))
}

/// A stored code read through its enum.
pub(crate) fn coded<T>(r: &Row, i: usize, from: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    from(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(i, Type::Text, format!("code inconnu : {text}").into())
    })
}
