//! SQL of the calendar (fixed-date rules and the holidays of each year), the dated labour rules
//! and the attendance settings.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};

use super::{date, date_opt};
use crate::people::{AttendanceSettings, Holiday, LabourRules};

/// Every public holiday from `from` to `to` (inclusive): the fixed-date rules in force that day,
/// and the rows of the year. Sorted by day.
pub fn holidays_between(c: &Connection, from: NaiveDate, to: NaiveDate) -> rusqlite::Result<Vec<Holiday>> {
    let mut out = Vec::new();
    let mut s =
        c.prepare_cached("SELECT day, name, confirmed, note FROM holidays WHERE day BETWEEN ?1 AND ?2 ORDER BY day")?;
    let mut rows = s.query(params![from.to_string(), to.to_string()])?;
    while let Some(r) = rows.next()? {
        out.push(Holiday { day: date(r, 0)?, name: r.get(1)?, fixed: false, confirmed: r.get(2)?, note: r.get(3)? });
    }
    let mut s = c.prepare_cached("SELECT month, day, name, valid_from, valid_to FROM holiday_rules")?;
    let mut rows = s.query([])?;
    while let Some(r) = rows.next()? {
        let (month, day, name): (u32, u32, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let (valid_from, valid_to) = (date(r, 3)?, date_opt(r, 4)?);
        for year in from.year()..=to.year() {
            let Some(d) = NaiveDate::from_ymd_opt(year, month, day) else { continue };
            if d >= from && d <= to && d >= valid_from && valid_to.is_none_or(|end| d <= end) {
                out.push(Holiday { day: d, name: name.clone(), fixed: true, confirmed: true, note: String::new() });
            }
        }
    }
    out.sort_by(|a, b| a.day.cmp(&b.day).then(b.fixed.cmp(&a.fixed)));
    out.dedup_by_key(|h| h.day);
    Ok(out)
}

/// The rows of the year with this name, if any (pre-filling never doubles one).
pub fn holiday_named_in(c: &Connection, name: &str, year: i32) -> rusqlite::Result<bool> {
    c.query_row(
        "SELECT EXISTS (SELECT 1 FROM holidays WHERE name = ?1 AND substr(day, 1, 4) = ?2)",
        params![name, year.to_string()],
        |r| r.get(0),
    )
}

pub fn holiday_exists(c: &Connection, day: NaiveDate) -> rusqlite::Result<bool> {
    c.query_row("SELECT EXISTS (SELECT 1 FROM holidays WHERE day = ?1)", [day.to_string()], |r| r.get(0))
}

pub fn insert_holiday(c: &Connection, h: &Holiday, kind: &str) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO holidays (day, name, kind, confirmed, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![h.day.to_string(), h.name, kind, h.confirmed, h.note],
    )?;
    Ok(())
}

pub fn delete_holiday(c: &Connection, day: NaiveDate) -> rusqlite::Result<usize> {
    c.execute("DELETE FROM holidays WHERE day = ?1", [day.to_string()])
}

pub fn labour_rules(c: &Connection) -> rusqlite::Result<Vec<LabourRules>> {
    let mut s = c.prepare_cached(
        "SELECT valid_from, legal_week_minutes, overtime_cap_percent, overtime_premium_pct, night_start_min, night_end_min,
                weekly_rest_day, leave_tenths_per_month, leave_max_days, leave_year_start_month, source
         FROM labour_rules ORDER BY valid_from",
    )?;
    let rows = s.query_map([], |r| {
        Ok(LabourRules {
            valid_from: date(r, 0)?,
            legal_week_minutes: r.get(1)?,
            overtime_cap_percent: r.get(2)?,
            overtime_premium_pct: r.get(3)?,
            night_start_min: r.get(4)?,
            night_end_min: r.get(5)?,
            weekly_rest_day: r.get(6)?,
            leave_tenths_per_month: r.get(7)?,
            leave_max_days: r.get(8)?,
            leave_year_start_month: r.get(9)?,
            source: r.get(10)?,
        })
    })?;
    rows.collect()
}

pub fn settings(c: &Connection) -> rusqlite::Result<AttendanceSettings> {
    c.query_row(
        "SELECT grace_minutes, heartbeat_alert_minutes, punch_alert_hours FROM attendance_settings WHERE id = 1",
        [],
        |r| {
            Ok(AttendanceSettings {
                grace_minutes: r.get(0)?,
                heartbeat_alert_minutes: r.get(1)?,
                punch_alert_hours: r.get(2)?,
            })
        },
    )
}

pub fn save_settings(c: &Connection, s: &AttendanceSettings, now: &str) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE attendance_settings SET grace_minutes = ?1, heartbeat_alert_minutes = ?2, punch_alert_hours = ?3, updated_at = ?4
         WHERE id = 1",
        params![s.grace_minutes, s.heartbeat_alert_minutes, s.punch_alert_hours, now],
    )?;
    Ok(())
}
