//! Days, months and times of day as the staff pages read and write them (French names,
//! `08:30`, `7 h 05`, `2026-11`), and the shop-local moment of a punch.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// French weekday names by ISO number (1 = lundi … 7 = dimanche).
pub const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

pub fn weekday_name(iso: u32) -> &'static str {
    WEEKDAYS.get(iso.saturating_sub(1) as usize).copied().unwrap_or("?")
}

/// ISO weekday of a date, 1 = lundi.
pub fn iso_weekday(day: NaiveDate) -> u32 {
    day.weekday().number_from_monday()
}

/// Minutes of the day as `08:30`.
pub fn hhmm(minutes: i64) -> String {
    let m = minutes.rem_euclid(1440);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// A duration in minutes as people read it: `7 h 05`, `-0 h 30`.
pub fn duration_text(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    format!("{sign}{} h {:02}", m / 60, m % 60)
}

/// `08:30` or `8h30` or `8` → minutes of the day.
pub fn parse_hhmm(text: &str) -> Option<i64> {
    let t = text.trim().to_lowercase().replace('h', ":");
    let (h, m) = match t.split_once(':') {
        Some((h, "")) => (h, "0"),
        Some((h, m)) => (h, m),
        None => (t.as_str(), "0"),
    };
    let (h, m): (i64, i64) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// The local text form of a punch's moment.
pub fn local_text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()
}

/// `2026-11` → the first day of that month.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").ok()
}

pub fn month_text(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}

/// The last day of the month starting at `first`.
pub fn month_end(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.map(|n| n - Duration::days(1)).unwrap_or(first)
}

pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// French month name with its year: `novembre 2026`.
pub fn month_label(first: NaiveDate) -> String {
    const NAMES: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    format!("{} {}", NAMES[first.month0() as usize], first.year())
}
