//! Operations on the clocks: registered by serial number by a person, or heard from first and
//! then approved; their state maps; what they say of themselves (heartbeats, drift).

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::punches::integrate_held;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::people::store::devices::{self, DeviceRow};
use crate::people::store::employees;
use crate::people::{Device, DeviceMode, DeviceStatus, Meaning};

/// A clock as typed on its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceDraft {
    pub serial: String,
    pub name: String,
    pub site_id: Option<i64>,
    pub mode: DeviceMode,
    pub pull_host: String,
    pub pull_port: i64,
    pub comm_key: i64,
}

impl DeviceDraft {
    fn row(&self, status: DeviceStatus) -> DeviceRow<'_> {
        DeviceRow {
            serial: &self.serial,
            name: &self.name,
            site_id: self.site_id,
            status,
            mode: self.mode,
            pull_host: &self.pull_host,
            pull_port: self.pull_port,
            comm_key: self.comm_key,
        }
    }
}

fn check_site(tx: &Transaction, site: Option<i64>) -> Result<(), AppError> {
    if let Some(id) = site
        && !employees::site_exists(tx, id)?
    {
        let mut e = FieldErrors::new();
        e.add("site_id", "Choisissez un lieu.");
        return Err(AppError::Invalid(e));
    }
    Ok(())
}

/// Registers a clock by its serial number, approved, with its state map. A serial already heard
/// from (waiting for approval) is approved with these settings; one already registered is refused.
pub fn register(
    tx: &Transaction,
    st: &Stamp,
    d: &DeviceDraft,
    map: &[(i64, Meaning)],
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    check_site(tx, d.site_id)?;
    let id = match devices::device_by_serial(tx, &d.serial)? {
        Some(found) if found.status == DeviceStatus::Pending => {
            devices::update_device(tx, found.id, &d.row(DeviceStatus::Approved))?;
            devices::replace_state_map(tx, found.id, map)?;
            found.id
        }
        Some(_) => {
            let mut e = FieldErrors::new();
            e.add("serial", format!("La pointeuse {} est déjà enregistrée.", d.serial));
            return Err(AppError::Invalid(e));
        }
        None => {
            let id = devices::insert_device(tx, &d.row(DeviceStatus::Pending), &st.now)?;
            devices::replace_state_map(tx, id, map)?;
            id
        }
    };
    let taken = approve_inner(tx, id, st, now)?;
    let mut summary = format!("Pointeuse {} enregistrée ({}).", d.serial, d.mode.label());
    if taken > 0 {
        summary.push_str(&format!(" {taken} pointage(s) en attente intégré(s)."));
    }
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ClockChanged, "pointeuse", id, summary))?;
    Ok(id)
}

fn approve_inner(tx: &Transaction, id: i64, st: &Stamp, now: DateTime<Utc>) -> Result<usize, AppError> {
    devices::set_status(tx, id, DeviceStatus::Approved, &st.now)?;
    let device = devices::device(tx, id)?.ok_or(AppError::NotFound)?;
    integrate_held(tx, &device, now, st.actor.user_id)
}

/// Approves a clock that spoke first: the punches it sent while waiting are taken in.
pub fn approve(tx: &Transaction, st: &Stamp, id: i64, now: DateTime<Utc>) -> Result<usize, AppError> {
    let device = devices::device(tx, id)?.ok_or(AppError::NotFound)?;
    if device.status == DeviceStatus::Retired {
        return Err(AppError::rule("Cette pointeuse est retirée : enregistrez-la de nouveau si elle revient."));
    }
    let taken = approve_inner(tx, id, st, now)?;
    let summary = format!("Pointeuse {} approuvée ; {taken} pointage(s) en attente intégré(s).", device.serial);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ClockChanged, "pointeuse", id, summary))?;
    Ok(taken)
}

/// Saves a clock's settings and its state map; lines held for an unknown state are retried.
pub fn update(
    tx: &Transaction,
    st: &Stamp,
    id: i64,
    d: &DeviceDraft,
    map: &[(i64, Meaning)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    check_site(tx, d.site_id)?;
    let device = devices::device(tx, id)?.ok_or(AppError::NotFound)?;
    devices::update_device(tx, id, &d.row(device.status))?;
    let before = devices::state_map(tx, id)?;
    devices::replace_state_map(tx, id, map)?;
    let mut summary = format!("Pointeuse {} modifiée.", device.serial);
    if before != map {
        let text = map.iter().map(|(c, m)| format!("{c} = {}", m.label())).collect::<Vec<_>>().join(", ");
        summary.push_str(&format!(" États : {text}."));
    }
    if device.status == DeviceStatus::Approved {
        let device = devices::device(tx, id)?.ok_or(AppError::NotFound)?;
        integrate_held(tx, &device, now, st.actor.user_id)?;
    }
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ClockChanged, "pointeuse", id, summary))?;
    Ok(())
}

/// Retires a clock (after a swap): it is no longer heard, its history and enrolments stay.
pub fn retire(tx: &Transaction, st: &Stamp, id: i64) -> Result<(), AppError> {
    let device = devices::device(tx, id)?.ok_or(AppError::NotFound)?;
    devices::set_status(tx, id, DeviceStatus::Retired, &st.now)?;
    let summary = format!("Pointeuse {} retirée.", device.serial);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::ClockChanged, "pointeuse", id, summary))?;
    Ok(())
}

/// A request from a device: found by serial (an unknown serial is listed, waiting for approval),
/// marked alive. Returns the device as it now stands.
pub fn device_seen(tx: &Transaction, serial: &str, now: &str, info: Option<&str>) -> Result<Device, AppError> {
    let serial = serial.trim();
    let id = match devices::device_by_serial(tx, serial)? {
        Some(d) => d.id,
        None => {
            let row = DeviceRow {
                serial,
                name: "",
                site_id: None,
                status: DeviceStatus::Pending,
                mode: DeviceMode::Push,
                pull_host: "",
                pull_port: 4370,
                comm_key: 0,
            };
            let id = devices::insert_device(tx, &row, now)?;
            devices::replace_state_map(tx, id, &Meaning::DEFAULTS)?;
            id
        }
    };
    devices::touch(tx, id, now, info)?;
    devices::device(tx, id)?.ok_or(AppError::NotFound)
}

/// The device clock's drift from ours, in seconds (positive: the device is ahead).
pub fn note_drift(tx: &Transaction, device_id: i64, seconds: i64, now: &str) -> Result<(), AppError> {
    Ok(devices::note_drift(tx, device_id, seconds, now)?)
}
