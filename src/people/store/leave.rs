//! SQL of leave requests.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{coded, date};
use crate::people::{LeaveKind, LeaveStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveRequest {
    pub id: i64,
    pub employee_id: i64,
    pub employee: String,
    pub kind: LeaveKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub days: i64,
    pub status: LeaveStatus,
    pub note: String,
    pub decision_note: String,
}

const COLUMNS: &str =
    "l.id, l.employee_id, e.full_name, l.kind, l.first_day, l.last_day, l.days, l.status, l.note, l.decision_note
                       FROM leave_requests l JOIN employees e ON e.id = l.employee_id";

fn row(r: &Row) -> rusqlite::Result<LeaveRequest> {
    Ok(LeaveRequest {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        employee: r.get(2)?,
        kind: coded(r, 3, LeaveKind::from_code)?,
        first_day: date(r, 4)?,
        last_day: date(r, 5)?,
        days: r.get(6)?,
        status: coded(r, 7, LeaveStatus::from_code)?,
        note: r.get(8)?,
        decision_note: r.get(9)?,
    })
}

pub fn request(c: &Connection, id: i64) -> rusqlite::Result<Option<LeaveRequest>> {
    c.query_row(&format!("SELECT {COLUMNS} WHERE l.id = ?1"), [id], row).optional()
}

/// Requests touching `[from, to]`, most recent first.
pub fn requests_between(c: &Connection, from: NaiveDate, to: NaiveDate) -> rusqlite::Result<Vec<LeaveRequest>> {
    let mut s = c.prepare(&format!(
        "SELECT {COLUMNS} WHERE l.last_day >= ?1 AND l.first_day <= ?2 ORDER BY l.first_day DESC, l.id DESC"
    ))?;
    let rows = s.query_map(params![from.to_string(), to.to_string()], row)?;
    rows.collect()
}

pub fn requests_of(c: &Connection, employee_id: i64) -> rusqlite::Result<Vec<LeaveRequest>> {
    let mut s =
        c.prepare(&format!("SELECT {COLUMNS} WHERE l.employee_id = ?1 ORDER BY l.first_day DESC, l.id DESC"))?;
    let rows = s.query_map([employee_id], row)?;
    rows.collect()
}

/// Approved leave of an employee touching `[from, to]`.
pub fn approved_between(
    c: &Connection,
    employee_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<LeaveRequest>> {
    let mut s = c.prepare_cached(&format!(
        "SELECT {COLUMNS} WHERE l.employee_id = ?1 AND l.status = 'approuve' AND l.last_day >= ?2 AND l.first_day <= ?3
         ORDER BY l.first_day"
    ))?;
    let rows = s.query_map(params![employee_id, from.to_string(), to.to_string()], row)?;
    rows.collect()
}

/// Annual leave days approved (and, with `pending`, requested) for an employee, except one request.
pub fn annual_days_taken(c: &Connection, employee_id: i64, pending: bool, except: i64) -> rusqlite::Result<i64> {
    c.query_row(
        "SELECT coalesce(sum(days), 0) FROM leave_requests
         WHERE employee_id = ?1 AND kind = 'annuel' AND id <> ?3
           AND (status = 'approuve' OR (?2 AND status = 'demande'))",
        params![employee_id, pending, except],
        |r| r.get(0),
    )
}

/// Another live request of the employee overlapping these days.
pub fn overlapping(
    c: &Connection,
    employee_id: i64,
    first: NaiveDate,
    last: NaiveDate,
    except: i64,
) -> rusqlite::Result<Option<i64>> {
    c.query_row(
        "SELECT id FROM leave_requests WHERE employee_id = ?1 AND id <> ?4 AND status IN ('demande', 'approuve')
           AND last_day >= ?2 AND first_day <= ?3 LIMIT 1",
        params![employee_id, first.to_string(), last.to_string(), except],
        |r| r.get(0),
    )
    .optional()
}

pub struct NewLeave<'a> {
    pub employee_id: i64,
    pub kind: LeaveKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub days: i64,
    pub note: &'a str,
    pub requested_by: Option<i64>,
}

pub fn insert_request(c: &Connection, l: &NewLeave, now: &str) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO leave_requests (employee_id, kind, first_day, last_day, days, status, note, requested_at, requested_by)
         VALUES (?1, ?2, ?3, ?4, ?5, 'demande', ?6, ?7, ?8)",
        params![
            l.employee_id,
            l.kind.code(),
            l.first_day.to_string(),
            l.last_day.to_string(),
            l.days,
            l.note,
            now,
            l.requested_by
        ],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn decide(
    c: &Connection,
    id: i64,
    status: LeaveStatus,
    note: &str,
    user: Option<i64>,
    now: &str,
) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE leave_requests SET status = ?2, decision_note = ?3, decided_by = ?4, decided_at = ?5 WHERE id = ?1",
        params![id, status.code(), note, user, now],
    )
}

/// Every employee's approved annual days and the last day they run to (the integrity check).
pub fn approved_annual_totals(c: &Connection) -> rusqlite::Result<Vec<(i64, i64, NaiveDate)>> {
    let mut s = c.prepare(
        "SELECT employee_id, sum(days), max(last_day) FROM leave_requests
         WHERE kind = 'annuel' AND status = 'approuve' GROUP BY employee_id",
    )?;
    let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, date(r, 2)?)))?;
    rows.collect()
}
