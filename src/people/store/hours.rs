//! SQL of the months locked for payroll and their frozen hours.

use rusqlite::{Connection, OptionalExtension, params};

use crate::people::hours::Totals;

pub fn is_locked(c: &Connection, month: &str) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT EXISTS (SELECT 1 FROM hours_locks WHERE month = ?1)")?.query_row([month], |r| r.get(0))
}

/// When the month was locked, if it is.
pub fn lock_of(c: &Connection, month: &str) -> rusqlite::Result<Option<String>> {
    c.query_row("SELECT locked_at FROM hours_locks WHERE month = ?1", [month], |r| r.get(0)).optional()
}

pub fn locked_months(c: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut s = c.prepare("SELECT month FROM hours_locks ORDER BY month")?;
    let rows = s.query_map([], |r| r.get(0))?;
    rows.collect()
}

pub fn insert_lock(c: &Connection, month: &str, user: Option<i64>, now: &str) -> rusqlite::Result<()> {
    c.execute("INSERT INTO hours_locks (month, locked_at, locked_by) VALUES (?1, ?2, ?3)", params![month, now, user])?;
    Ok(())
}

pub fn insert_frozen(c: &Connection, month: &str, employee_id: i64, t: &Totals) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO hours_months (month, employee_id, worked_min, scheduled_min, regular_min, overtime_min, night_min,
                                   friday_min, rest_day_min, holiday_min, absence_days, missing_min, leave_days, anomalies)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            month,
            employee_id,
            t.worked_min,
            t.scheduled_min,
            t.regular_min,
            t.overtime_min,
            t.night_min,
            t.friday_min,
            t.rest_day_min,
            t.holiday_min,
            t.absence_days,
            t.missing_min,
            t.leave_days,
            t.anomalies
        ],
    )?;
    Ok(())
}

/// The frozen hours of a locked month, by employee.
pub fn frozen(c: &Connection, month: &str) -> rusqlite::Result<Vec<(i64, Totals)>> {
    let mut s = c.prepare(
        "SELECT employee_id, worked_min, scheduled_min, regular_min, overtime_min, night_min, friday_min, rest_day_min,
                holiday_min, absence_days, missing_min, leave_days, anomalies
         FROM hours_months WHERE month = ?1 ORDER BY employee_id",
    )?;
    let rows = s.query_map([month], |r| {
        Ok((
            r.get(0)?,
            Totals {
                worked_min: r.get(1)?,
                scheduled_min: r.get(2)?,
                regular_min: r.get(3)?,
                overtime_min: r.get(4)?,
                night_min: r.get(5)?,
                friday_min: r.get(6)?,
                rest_day_min: r.get(7)?,
                holiday_min: r.get(8)?,
                absence_days: r.get(9)?,
                missing_min: r.get(10)?,
                leave_days: r.get(11)?,
                anomalies: r.get(12)?,
            },
        ))
    })?;
    rows.collect()
}
