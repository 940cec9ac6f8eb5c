//! SQL of the clocks and their state maps.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::coded;
use crate::people::{Device, DeviceMode, DeviceStatus, Meaning};

const COLUMNS: &str =
    "id, serial, name, site_id, status, mode, pull_host, pull_port, comm_key, attlog_stamp, pull_cursor,
                       last_seen_at, last_punch_at, drift_seconds, info, last_error";

fn row(r: &Row) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        serial: r.get(1)?,
        name: r.get(2)?,
        site_id: r.get(3)?,
        status: coded(r, 4, DeviceStatus::from_code)?,
        mode: coded(r, 5, DeviceMode::from_code)?,
        pull_host: r.get(6)?,
        pull_port: r.get(7)?,
        comm_key: r.get(8)?,
        attlog_stamp: r.get(9)?,
        pull_cursor: r.get(10)?,
        last_seen_at: r.get(11)?,
        last_punch_at: r.get(12)?,
        drift_seconds: r.get(13)?,
        info: r.get(14)?,
        last_error: r.get(15)?,
    })
}

pub fn devices(c: &Connection) -> rusqlite::Result<Vec<Device>> {
    let mut s = c.prepare(&format!("SELECT {COLUMNS} FROM clock_devices ORDER BY status = 'retiree', id"))?;
    let rows = s.query_map([], row)?;
    rows.collect()
}

pub fn device(c: &Connection, id: i64) -> rusqlite::Result<Option<Device>> {
    c.query_row(&format!("SELECT {COLUMNS} FROM clock_devices WHERE id = ?1"), [id], row).optional()
}

pub fn device_by_serial(c: &Connection, serial: &str) -> rusqlite::Result<Option<Device>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM clock_devices WHERE serial = ?1"))?
        .query_row([serial], row)
        .optional()
}

/// How many clocks are known (the push listener starts once there is one).
pub fn count(c: &Connection) -> rusqlite::Result<i64> {
    c.query_row("SELECT count(*) FROM clock_devices WHERE status <> 'retiree'", [], |r| r.get(0))
}

/// The approved clocks Fournil reads itself.
pub fn pull_devices(c: &Connection) -> rusqlite::Result<Vec<Device>> {
    let mut s = c.prepare(&format!(
        "SELECT {COLUMNS} FROM clock_devices WHERE status = 'approuvee' AND mode = 'pull' AND pull_host <> '' ORDER BY id"
    ))?;
    let rows = s.query_map([], row)?;
    rows.collect()
}

pub struct DeviceRow<'a> {
    pub serial: &'a str,
    pub name: &'a str,
    pub site_id: Option<i64>,
    pub status: DeviceStatus,
    pub mode: DeviceMode,
    pub pull_host: &'a str,
    pub pull_port: i64,
    pub comm_key: i64,
}

pub fn insert_device(c: &Connection, d: &DeviceRow, now: &str) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO clock_devices (serial, name, site_id, status, mode, pull_host, pull_port, comm_key, created_at, approved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?4 = 'approuvee' THEN ?9 END)",
        params![d.serial, d.name, d.site_id, d.status.code(), d.mode.code(), d.pull_host, d.pull_port, d.comm_key, now],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn update_device(c: &Connection, id: i64, d: &DeviceRow) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE clock_devices SET name = ?2, site_id = ?3, mode = ?4, pull_host = ?5, pull_port = ?6, comm_key = ?7
         WHERE id = ?1",
        params![id, d.name, d.site_id, d.mode.code(), d.pull_host, d.pull_port, d.comm_key],
    )?;
    Ok(())
}

pub fn set_status(c: &Connection, id: i64, status: DeviceStatus, now: &str) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE clock_devices SET status = ?2, approved_at = CASE WHEN ?2 = 'approuvee' THEN ?3 ELSE approved_at END
         WHERE id = ?1",
        params![id, status.code(), now],
    )?;
    Ok(())
}

/// Any request from the device: it is alive.
pub fn touch(c: &Connection, id: i64, now: &str, info: Option<&str>) -> rusqlite::Result<()> {
    c.prepare_cached("UPDATE clock_devices SET last_seen_at = ?2, info = coalesce(?3, info) WHERE id = ?1")?
        .execute(params![id, now, info])?;
    Ok(())
}

/// After a batch of punch lines: when, the push cursor, and the clock drift if it was measured.
pub fn note_batch(c: &Connection, id: i64, now: &str, stamp: Option<&str>) -> rusqlite::Result<()> {
    c.prepare_cached(
        "UPDATE clock_devices SET last_seen_at = ?2, last_punch_at = ?2, attlog_stamp = coalesce(?3, attlog_stamp)
         WHERE id = ?1",
    )?
    .execute(params![id, now, stamp])?;
    Ok(())
}

pub fn note_drift(c: &Connection, id: i64, seconds: i64, now: &str) -> rusqlite::Result<()> {
    c.execute("UPDATE clock_devices SET drift_seconds = ?2, drift_at = ?3 WHERE id = ?1", params![id, seconds, now])?;
    Ok(())
}

/// After a pull: where the reading stopped, and why it failed if it did.
pub fn note_pull(c: &Connection, id: i64, cursor: Option<i64>, error: &str, now: &str) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE clock_devices SET pull_cursor = coalesce(?2, pull_cursor), last_error = ?3,
                last_seen_at = CASE WHEN ?3 = '' THEN ?4 ELSE last_seen_at END
         WHERE id = ?1",
        params![id, cursor, error, now],
    )?;
    Ok(())
}

pub fn state_map(c: &Connection, device_id: i64) -> rusqlite::Result<Vec<(i64, Meaning)>> {
    let mut s = c.prepare_cached("SELECT code, meaning FROM clock_state_codes WHERE device_id = ?1 ORDER BY code")?;
    let rows = s.query_map([device_id], |r| Ok((r.get(0)?, coded(r, 1, Meaning::from_code)?)))?;
    rows.collect()
}

pub fn replace_state_map(c: &Connection, device_id: i64, map: &[(i64, Meaning)]) -> rusqlite::Result<()> {
    c.execute("DELETE FROM clock_state_codes WHERE device_id = ?1", [device_id])?;
    let mut s = c.prepare("INSERT INTO clock_state_codes (device_id, code, meaning) VALUES (?1, ?2, ?3)")?;
    for (code, meaning) in map {
        s.execute(params![device_id, code, meaning.code()])?;
    }
    Ok(())
}
