//! SQL of punches and of the quarantine.

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{coded, local};
use crate::people::{Direction, Punch, PunchSource, QuarantineReason, Resolution, local_text};

/// A punch about to be written.
pub struct NewPunch<'a> {
    pub employee_id: i64,
    pub local: NaiveDateTime,
    pub at: &'a str,
    pub direction: Direction,
    pub source: PunchSource,
    pub device_id: Option<i64>,
    pub pin: Option<&'a str>,
    pub raw_state: Option<i64>,
    pub verify_mode: Option<i64>,
    pub raw_line: Option<&'a str>,
    pub reason: &'a str,
    pub created_by: Option<i64>,
}

pub fn insert_punch(c: &Connection, p: &NewPunch, now: &str) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO punches (employee_id, local_time, at, direction, source, device_id, pin, raw_state, verify_mode,
                              raw_line, reason, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        p.employee_id,
        local_text(p.local),
        p.at,
        p.direction.code(),
        p.source.code(),
        p.device_id,
        p.pin,
        p.raw_state,
        p.verify_mode,
        p.raw_line,
        p.reason,
        p.created_by,
        now
    ])?;
    Ok(c.last_insert_rowid())
}

/// The punch a device line already is, if it was credited before (the idempotency key).
pub fn punch_by_key(
    c: &Connection,
    device_id: i64,
    pin: &str,
    local: &str,
    state: i64,
) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached("SELECT id FROM punches WHERE device_id = ?1 AND pin = ?2 AND local_time = ?3 AND raw_state = ?4")?
        .query_row(params![device_id, pin, local, state], |r| r.get(0))
        .optional()
}

const COLUMNS: &str = "id, employee_id, local_time, direction, source, device_id, pin, raw_state, verify_mode, reason,
                       voided_at IS NOT NULL, void_reason";

fn row(r: &Row) -> rusqlite::Result<Punch> {
    Ok(Punch {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        local: local(r, 2)?,
        direction: coded(r, 3, Direction::from_code)?,
        source: coded(r, 4, PunchSource::from_code)?,
        device_id: r.get(5)?,
        pin: r.get(6)?,
        raw_state: r.get(7)?,
        verify_mode: r.get(8)?,
        reason: r.get(9)?,
        voided: r.get(10)?,
        void_reason: r.get(11)?,
    })
}

pub fn punch(c: &Connection, id: i64) -> rusqlite::Result<Option<Punch>> {
    c.query_row(&format!("SELECT {COLUMNS} FROM punches WHERE id = ?1"), [id], row).optional()
}

/// An employee's punches between two local moments (inclusive), voided ones included, in time order.
pub fn punches_between(c: &Connection, employee_id: i64, from: &str, to: &str) -> rusqlite::Result<Vec<Punch>> {
    let mut s = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM punches WHERE employee_id = ?1 AND local_time BETWEEN ?2 AND ?3 ORDER BY local_time, id"
    ))?;
    let rows = s.query_map(params![employee_id, from, to], row)?;
    rows.collect()
}

/// An employee's live punches, in time order, reduced to what pairing reads (id, moment,
/// direction): the check pairs five years of one employee's punches, ~32 bytes each instead of
/// the whole row (80 MB held at once on the bench's database, whose clock scenario adds a
/// million punches a run).
pub fn live_marks_of(c: &Connection, employee_id: i64) -> rusqlite::Result<Vec<crate::people::pairing::Mark>> {
    let mut s = c.prepare_cached(
        "SELECT id, local_time, direction FROM punches WHERE employee_id = ?1 AND voided_at IS NULL
         ORDER BY local_time, id",
    )?;
    let rows = s.query_map([employee_id], |r| {
        Ok(crate::people::pairing::Mark {
            id: r.get(0)?,
            at: local(r, 1)?,
            direction: coded(r, 2, Direction::from_code)?,
        })
    })?;
    rows.collect()
}

pub fn void_punch(c: &Connection, id: i64, reason: &str, user: Option<i64>, now: &str) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE punches SET voided_at = ?2, void_reason = ?3, voided_by = ?4 WHERE id = ?1 AND voided_at IS NULL",
        params![id, now, reason, user],
    )
}

/// A line held in quarantine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub id: i64,
    pub serial: String,
    pub device_id: Option<i64>,
    pub raw_line: String,
    pub pin: Option<String>,
    pub local_time: Option<String>,
    pub raw_state: Option<i64>,
    pub verify_mode: Option<i64>,
    pub reason: QuarantineReason,
    pub received_at: String,
    pub resolution: Option<Resolution>,
    pub resolution_note: String,
    pub punch_id: Option<i64>,
}

pub struct NewHeld<'a> {
    pub serial: &'a str,
    pub device_id: Option<i64>,
    pub raw_line: &'a str,
    pub pin: Option<&'a str>,
    pub local_time: Option<&'a str>,
    pub raw_state: Option<i64>,
    pub verify_mode: Option<i64>,
    pub reason: QuarantineReason,
}

/// Holds a line once: true if it was new.
pub fn hold(c: &Connection, h: &NewHeld, now: &str) -> rusqlite::Result<bool> {
    let n = c
        .prepare_cached(
            "INSERT INTO punch_quarantine (serial, device_id, raw_line, pin, local_time, raw_state, verify_mode, reason, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (serial, raw_line) DO NOTHING",
        )?
        .execute(params![
            h.serial,
            h.device_id,
            h.raw_line,
            h.pin,
            h.local_time,
            h.raw_state,
            h.verify_mode,
            h.reason.code(),
            now
        ])?;
    Ok(n == 1)
}

const HELD: &str =
    "SELECT id, serial, device_id, raw_line, pin, local_time, raw_state, verify_mode, reason, received_at,
                           resolution, resolution_note, punch_id FROM punch_quarantine";

fn held(r: &Row) -> rusqlite::Result<Held> {
    Ok(Held {
        id: r.get(0)?,
        serial: r.get(1)?,
        device_id: r.get(2)?,
        raw_line: r.get(3)?,
        pin: r.get(4)?,
        local_time: r.get(5)?,
        raw_state: r.get(6)?,
        verify_mode: r.get(7)?,
        reason: coded(r, 8, QuarantineReason::from_code)?,
        received_at: r.get(9)?,
        resolution: r.get::<_, Option<String>>(10)?.and_then(|c| Resolution::from_code(&c)),
        resolution_note: r.get(11)?,
        punch_id: r.get(12)?,
    })
}

pub fn held_line(c: &Connection, id: i64) -> rusqlite::Result<Option<Held>> {
    c.query_row(&format!("{HELD} WHERE id = ?1"), [id], held).optional()
}

/// Lines still waiting, oldest first (at most `limit`).
pub fn open_held(c: &Connection, limit: i64) -> rusqlite::Result<Vec<Held>> {
    let mut s = c.prepare(&format!("{HELD} WHERE resolved_at IS NULL ORDER BY id LIMIT ?1"))?;
    let rows = s.query_map([limit], held)?;
    rows.collect()
}

pub fn count_open_held(c: &Connection) -> rusqlite::Result<i64> {
    c.query_row("SELECT count(*) FROM punch_quarantine WHERE resolved_at IS NULL", [], |r| r.get(0))
}

/// The waiting lines of one device for one reason (a device approved, a PIN enrolled).
pub fn open_held_of(c: &Connection, serial: &str, reason: QuarantineReason) -> rusqlite::Result<Vec<Held>> {
    let mut s = c.prepare(&format!("{HELD} WHERE resolved_at IS NULL AND serial = ?1 AND reason = ?2 ORDER BY id"))?;
    let rows = s.query_map(params![serial, reason.code()], held)?;
    rows.collect()
}

pub fn set_held_reason(
    c: &Connection,
    id: i64,
    reason: QuarantineReason,
    device_id: Option<i64>,
) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE punch_quarantine SET reason = ?2, device_id = coalesce(?3, device_id) WHERE id = ?1",
        params![id, reason.code(), device_id],
    )?;
    Ok(())
}

pub fn resolve_held(
    c: &Connection,
    id: i64,
    resolution: Resolution,
    note: &str,
    punch_id: Option<i64>,
    user: Option<i64>,
    now: &str,
) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE punch_quarantine SET resolved_at = ?2, resolution = ?3, resolution_note = ?4, punch_id = ?5, resolved_by = ?6
         WHERE id = ?1 AND resolved_at IS NULL",
        params![id, now, resolution.code(), note, punch_id, user],
    )
}
