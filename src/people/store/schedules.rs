//! SQL of weekly schedules and their exceptions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::date;
use crate::people::Shift;
use crate::people::schedule::{Schedule, WeekVersion};

/// An employee's whole schedule: every version of the week and every exception.
pub fn schedule(c: &Connection, employee_id: i64) -> rusqlite::Result<Schedule> {
    let mut versions: Vec<WeekVersion> = Vec::new();
    let mut ids: Vec<i64> = Vec::new();
    {
        let mut s =
            c.prepare_cached("SELECT id, valid_from FROM schedules WHERE employee_id = ?1 ORDER BY valid_from")?;
        let mut rows = s.query([employee_id])?;
        while let Some(r) = rows.next()? {
            ids.push(r.get(0)?);
            versions.push(WeekVersion { valid_from: date(r, 1)?, shifts: Vec::new() });
        }
    }
    let mut s = c.prepare_cached(
        "SELECT weekday, start_min, end_min FROM schedule_shifts WHERE schedule_id = ?1 ORDER BY weekday, start_min",
    )?;
    for (v, id) in versions.iter_mut().zip(ids) {
        let rows = s.query_map([id], |r| Ok((r.get(0)?, Shift { start_min: r.get(1)?, end_min: r.get(2)? })))?;
        v.shifts = rows.collect::<rusqlite::Result<_>>()?;
    }
    let mut exceptions: BTreeMap<NaiveDate, Vec<Shift>> = BTreeMap::new();
    let mut s = c.prepare_cached(
        "SELECT day, start_min, end_min FROM schedule_exceptions WHERE employee_id = ?1 ORDER BY day, start_min",
    )?;
    let mut rows = s.query([employee_id])?;
    while let Some(r) = rows.next()? {
        let entry = exceptions.entry(date(r, 0)?).or_default();
        if let (Some(start_min), Some(end_min)) = (r.get::<_, Option<i64>>(1)?, r.get::<_, Option<i64>>(2)?) {
            entry.push(Shift { start_min, end_min });
        }
    }
    Ok(Schedule { versions, exceptions })
}

/// Replaces the week starting `valid_from` (a version of the same day is overwritten).
pub fn save_week(
    c: &Connection,
    employee_id: i64,
    valid_from: NaiveDate,
    shifts: &[(u32, Shift)],
    now: &str,
) -> rusqlite::Result<i64> {
    c.execute(
        "DELETE FROM schedules WHERE employee_id = ?1 AND valid_from = ?2",
        params![employee_id, valid_from.to_string()],
    )?;
    c.execute(
        "INSERT INTO schedules (employee_id, valid_from, created_at) VALUES (?1, ?2, ?3)",
        params![employee_id, valid_from.to_string(), now],
    )?;
    let id = c.last_insert_rowid();
    let mut s =
        c.prepare("INSERT INTO schedule_shifts (schedule_id, weekday, start_min, end_min) VALUES (?1, ?2, ?3, ?4)")?;
    for (day, shift) in shifts {
        s.execute(params![id, day, shift.start_min, shift.end_min])?;
    }
    Ok(id)
}

/// An exception for one day: `None` is a day off; otherwise one row per shift.
pub fn replace_exception(
    c: &Connection,
    employee_id: i64,
    day: NaiveDate,
    shifts: Option<&[Shift]>,
    note: &str,
) -> rusqlite::Result<()> {
    c.execute(
        "DELETE FROM schedule_exceptions WHERE employee_id = ?1 AND day = ?2",
        params![employee_id, day.to_string()],
    )?;
    let mut s = c.prepare(
        "INSERT INTO schedule_exceptions (employee_id, day, start_min, end_min, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    match shifts {
        None => {
            s.execute(params![employee_id, day.to_string(), None::<i64>, None::<i64>, note])?;
        }
        Some(shifts) => {
            for shift in shifts {
                s.execute(params![employee_id, day.to_string(), shift.start_min, shift.end_min, note])?;
            }
        }
    }
    Ok(())
}

pub fn delete_exception(c: &Connection, employee_id: i64, day: NaiveDate) -> rusqlite::Result<usize> {
    c.execute(
        "DELETE FROM schedule_exceptions WHERE employee_id = ?1 AND day = ?2",
        params![employee_id, day.to_string()],
    )
}

/// The notes of an employee's exceptions, by day.
pub fn exception_notes(c: &Connection, employee_id: i64) -> rusqlite::Result<BTreeMap<NaiveDate, String>> {
    let mut s = c.prepare("SELECT day, max(note) FROM schedule_exceptions WHERE employee_id = ?1 GROUP BY day")?;
    let mut rows = s.query([employee_id])?;
    let mut out = BTreeMap::new();
    while let Some(r) = rows.next()? {
        out.insert(date(r, 0)?, r.get(1)?);
    }
    Ok(out)
}
