//! Punches: from a clock (`record_punch`, the one door the device protocols use), by hand,
//! corrected, voided; and the quarantine of what could not be credited.
//!
//! A device line becomes a punch only if its device is approved, its state code is in the
//! device's map, its PIN is enrolled on that device (as text: `007` is not `7`), the employee is
//! active and its month is not locked. Otherwise it is held in quarantine, once, with the reason;
//! never dropped and never given another time. The same line sent again changes nothing.

use chrono::{Datelike, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::Transaction;

use crate::audit::{self, AuditKind, Event, Stamp};
use crate::clock;
use crate::error::{AppError, FieldErrors};
use crate::people::store::{devices, employees, hours, punches};
use crate::people::{
    Device, DeviceStatus, Direction, Meaning, PunchSource, QuarantineReason, Resolution, local_text, month_label,
    parse_local,
};

/// A punch record read from a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockRecord {
    pub pin: String,
    pub local: NaiveDateTime,
    pub state: i64,
    pub verify: Option<i64>,
}

/// One line from a device: the text as received (trimmed) and what it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockLine {
    pub raw: String,
    pub record: Result<ClockRecord, QuarantineReason>,
}

/// What became of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A new punch.
    New(i64),
    /// Already a punch (the same line sent again).
    Known,
    /// Held in quarantine now.
    Held(QuarantineReason),
    /// Already held in quarantine.
    HeldBefore,
}

/// What a batch needs once, not per line: the shop's zone, now, the device's state map.
pub struct Ingest {
    pub tz: Tz,
    pub now: String,
    pub now_local: NaiveDateTime,
    pub map: Vec<(i64, Meaning)>,
}

impl Ingest {
    pub fn for_device(tx: &Transaction, device: &Device, now: chrono::DateTime<Utc>) -> Result<Ingest, AppError> {
        let tz = crate::settings::store::get(tx)?.tz();
        Ok(Ingest {
            tz,
            now: clock::stamp(now),
            now_local: now.with_timezone(&tz).naive_local(),
            map: devices::state_map(tx, device.id)?,
        })
    }

    /// The UTC moment of a local time of the shop.
    pub fn utc(&self, local: NaiveDateTime) -> Option<String> {
        self.tz.from_local_datetime(&local).earliest().map(|t| clock::stamp(t.with_timezone(&Utc)))
    }
}

/// Why a record cannot be credited now, or the punch it becomes.
fn credit(
    tx: &Transaction,
    device: &Device,
    ctx: &Ingest,
    r: &ClockRecord,
    raw: &str,
) -> Result<Result<i64, QuarantineReason>, AppError> {
    if r.local.year() < 2000 || r.local > ctx.now_local + Duration::days(1) {
        return Ok(Err(QuarantineReason::BadDate));
    }
    if device.status != DeviceStatus::Approved {
        return Ok(Err(QuarantineReason::DevicePending));
    }
    let Some(meaning) = ctx.map.iter().find(|(code, _)| *code == r.state).map(|(_, m)| *m) else {
        return Ok(Err(QuarantineReason::UnknownState));
    };
    let Some((employee_id, active)) = employees::credited(tx, device.id, &r.pin)? else {
        return Ok(Err(QuarantineReason::UnknownPin));
    };
    if !active {
        return Ok(Err(QuarantineReason::InactiveEmployee));
    }
    if hours::is_locked(tx, &crate::people::month_text(crate::people::first_of_month(r.local.date())))? {
        return Ok(Err(QuarantineReason::MonthLocked));
    }
    let Some(at) = ctx.utc(r.local) else { return Ok(Err(QuarantineReason::BadDate)) };
    let p = punches::NewPunch {
        employee_id,
        local: r.local,
        at: &at,
        direction: meaning.direction(),
        source: PunchSource::Device,
        device_id: Some(device.id),
        pin: Some(&r.pin),
        raw_state: Some(r.state),
        verify_mode: r.verify,
        raw_line: Some(raw),
        reason: "",
        created_by: None,
    };
    Ok(Ok(punches::insert_punch(tx, &p, &ctx.now)?))
}

fn hold(
    tx: &Transaction,
    serial: &str,
    device_id: Option<i64>,
    line: &ClockLine,
    reason: QuarantineReason,
    now: &str,
) -> Result<Recorded, AppError> {
    let r = line.record.as_ref().ok();
    let local = r.map(|r| local_text(r.local));
    let held = punches::NewHeld {
        serial,
        device_id,
        raw_line: &line.raw,
        pin: r.map(|r| r.pin.as_str()),
        local_time: local.as_deref(),
        raw_state: r.map(|r| r.state),
        verify_mode: r.and_then(|r| r.verify),
        reason,
    };
    Ok(if punches::hold(tx, &held, now)? { Recorded::Held(reason) } else { Recorded::HeldBefore })
}

/// THE door of a device's punch: credited once, or held in quarantine once.
pub fn record_punch(tx: &Transaction, device: &Device, ctx: &Ingest, line: &ClockLine) -> Result<Recorded, AppError> {
    let r = match &line.record {
        Ok(r) => r,
        Err(reason) => return hold(tx, &device.serial, Some(device.id), line, *reason, &ctx.now),
    };
    if punches::punch_by_key(tx, device.id, &r.pin, &local_text(r.local), r.state)?.is_some() {
        return Ok(Recorded::Known);
    }
    match credit(tx, device, ctx, r, &line.raw)? {
        Ok(id) => Ok(Recorded::New(id)),
        Err(reason) => hold(tx, &device.serial, Some(device.id), line, reason, &ctx.now),
    }
}

/// Takes in the lines of a device held for a reason that may have gone (the device approved, its
/// state map completed, a PIN enrolled, an employee back). Returns how many became punches.
pub fn integrate_held(
    tx: &Transaction,
    device: &Device,
    now: chrono::DateTime<Utc>,
    user: Option<i64>,
) -> Result<usize, AppError> {
    let ctx = Ingest::for_device(tx, device, now)?;
    let mut taken = 0;
    for reason in [
        QuarantineReason::DevicePending,
        QuarantineReason::UnknownState,
        QuarantineReason::UnknownPin,
        QuarantineReason::InactiveEmployee,
    ] {
        for h in punches::open_held_of(tx, &device.serial, reason)? {
            let (Some(pin), Some(local), Some(state)) =
                (&h.pin, h.local_time.as_deref().and_then(parse_local), h.raw_state)
            else {
                continue;
            };
            let r = ClockRecord { pin: pin.clone(), local, state, verify: h.verify_mode };
            let found = punches::punch_by_key(tx, device.id, pin, &local_text(local), state)?;
            let outcome = match found {
                Some(id) => Ok(id),
                None => credit(tx, device, &ctx, &r, &h.raw_line)?,
            };
            match outcome {
                Ok(id) => {
                    punches::resolve_held(tx, h.id, Resolution::Integrated, "", Some(id), user, &ctx.now)?;
                    taken += 1;
                }
                Err(now_reason) if now_reason != h.reason => {
                    punches::set_held_reason(tx, h.id, now_reason, Some(device.id))?;
                }
                Err(_) => {}
            }
        }
    }
    Ok(taken)
}

/// A punch typed by a person: for staff who punch by hand, or to correct a missing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunchDraft {
    pub employee_id: i64,
    pub local: NaiveDateTime,
    pub direction: Direction,
    pub reason: String,
    /// Manual (the way this person punches) or Correction (a punch that was missed).
    pub source: PunchSource,
}

fn refuse_locked(tx: &Transaction, local: NaiveDateTime) -> Result<(), AppError> {
    let first = crate::people::first_of_month(local.date());
    if hours::is_locked(tx, &crate::people::month_text(first))? {
        return Err(AppError::rule(format!(
            "Le mois de {} est verrouillé pour la paie : ses pointages ne changent plus.",
            month_label(first)
        )));
    }
    Ok(())
}

/// Enters a punch by hand, with its reason, audited. The same punch typed twice is entered once.
pub fn enter_punch(tx: &Transaction, st: &Stamp, d: &PunchDraft) -> Result<i64, AppError> {
    crate::text::check_all(&[("reason", &d.reason, crate::text::Text::Reason)])?;
    let now = clock::parse_stamp(&st.now).unwrap_or_default();
    let employee = employees::employee(tx, d.employee_id)?.ok_or(AppError::NotFound)?;
    let tz = crate::settings::store::get(tx)?.tz();
    let mut e = FieldErrors::new();
    if d.reason.trim().is_empty() {
        e.add("reason", "Un motif est obligatoire (par exemple : oubli de pointer la sortie).");
    }
    if d.local > now.with_timezone(&tz).naive_local() + Duration::minutes(5) {
        e.add("time", "Ce moment n'est pas encore passé.");
    }
    e.into_result(()).map_err(AppError::Invalid)?;
    refuse_locked(tx, d.local)?;
    let minute = d.local.format("%Y-%m-%d %H:%M").to_string();
    let same = punches::punches_between(tx, d.employee_id, &format!("{minute}:00"), &format!("{minute}:59"))?;
    if let Some(p) = same.iter().find(|p| !p.voided && p.direction == d.direction) {
        return Ok(p.id);
    }
    let at =
        tz.from_local_datetime(&d.local).earliest().map(|t| clock::stamp(t.with_timezone(&Utc))).unwrap_or_default();
    let p = punches::NewPunch {
        employee_id: d.employee_id,
        local: d.local,
        at: &at,
        direction: d.direction,
        source: d.source,
        device_id: None,
        pin: None,
        raw_state: None,
        verify_mode: None,
        raw_line: None,
        reason: d.reason.trim(),
        created_by: st.actor.user_id,
    };
    let id = punches::insert_punch(tx, &p, &st.now)?;
    let summary = format!(
        "{} de {} le {} saisie : {}.",
        d.direction.label(),
        employee.full_name,
        d.local.format("%d/%m/%Y à %H:%M"),
        d.reason.trim()
    );
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::PunchEntered, "pointage", id, summary))?;
    Ok(id)
}

/// Voids a wrong punch (kept, marked, with its reason, audited).
pub fn void_punch(tx: &Transaction, st: &Stamp, punch_id: i64, reason: &str) -> Result<i64, AppError> {
    crate::text::check_all(&[("reason", reason, crate::text::Text::Reason)])?;
    let p = punches::punch(tx, punch_id)?.ok_or(AppError::NotFound)?;
    if reason.trim().is_empty() {
        let mut e = FieldErrors::new();
        e.add("reason", "Un motif est obligatoire pour annuler un pointage.");
        return Err(AppError::Invalid(e));
    }
    refuse_locked(tx, p.local)?;
    if punches::void_punch(tx, punch_id, reason.trim(), st.actor.user_id, &st.now)? == 0 {
        return Ok(p.employee_id);
    }
    let summary =
        format!("{} du {} annulée : {}.", p.direction.label(), p.local.format("%d/%m/%Y %H:%M"), reason.trim());
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::PunchVoided, "pointage", punch_id, summary))?;
    Ok(p.employee_id)
}

/// Gives a held line to an employee: the punch keeps the device's key, so the line sent again
/// changes nothing. `direction` is needed when the state code is unknown.
pub fn reassign_held(
    tx: &Transaction,
    st: &Stamp,
    held_id: i64,
    employee_id: i64,
    direction: Option<Direction>,
    note: &str,
) -> Result<i64, AppError> {
    let h = punches::held_line(tx, held_id)?.filter(|h| h.resolution.is_none()).ok_or(AppError::NotFound)?;
    let employee = employees::employee(tx, employee_id)?.ok_or(AppError::NotFound)?;
    let (Some(device_id), Some(pin), Some(local), Some(state)) =
        (h.device_id, h.pin.as_deref(), h.local_time.as_deref().and_then(parse_local), h.raw_state)
    else {
        return Err(AppError::rule(
            "Cette ligne est illisible : saisissez le pointage à la main sur la fiche de l'employé, puis écartez la ligne.",
        ));
    };
    let mut e = FieldErrors::new();
    if note.trim().is_empty() {
        e.add("note", "Un motif est obligatoire (par exemple : code pas encore inscrit).");
    }
    let mapped = devices::state_map(tx, device_id)?.into_iter().find(|(c, _)| *c == state).map(|(_, m)| m.direction());
    let Some(direction) = direction.or(mapped) else {
        e.add("direction", "Dites si c'est une entrée ou une sortie.");
        return Err(AppError::Invalid(e));
    };
    e.into_result(()).map_err(AppError::Invalid)?;
    refuse_locked(tx, local)?;
    let tz = crate::settings::store::get(tx)?.tz();
    let at = tz.from_local_datetime(&local).earliest().map(|t| clock::stamp(t.with_timezone(&Utc))).unwrap_or_default();
    let id = match punches::punch_by_key(tx, device_id, pin, &local_text(local), state)? {
        Some(id) => id,
        None => {
            let p = punches::NewPunch {
                employee_id,
                local,
                at: &at,
                direction,
                source: PunchSource::Reassigned,
                device_id: Some(device_id),
                pin: Some(pin),
                raw_state: Some(state),
                verify_mode: h.verify_mode,
                raw_line: Some(&h.raw_line),
                reason: note.trim(),
                created_by: st.actor.user_id,
            };
            punches::insert_punch(tx, &p, &st.now)?
        }
    };
    punches::resolve_held(tx, held_id, Resolution::Reassigned, note.trim(), Some(id), st.actor.user_id, &st.now)?;
    let summary = format!(
        "Ligne « {} » de la pointeuse {} attribuée à {} : {}.",
        h.raw_line.replace('\t', " "),
        h.serial,
        employee.full_name,
        note.trim()
    );
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::QuarantineSettled, "pointage", id, summary))?;
    Ok(id)
}

/// Sets a held line aside, with the reason why.
pub fn ignore_held(tx: &Transaction, st: &Stamp, held_id: i64, note: &str) -> Result<(), AppError> {
    let h = punches::held_line(tx, held_id)?.filter(|h| h.resolution.is_none()).ok_or(AppError::NotFound)?;
    if note.trim().is_empty() {
        let mut e = FieldErrors::new();
        e.add("note", "Un motif est obligatoire pour écarter une ligne.");
        return Err(AppError::Invalid(e));
    }
    punches::resolve_held(tx, held_id, Resolution::Ignored, note.trim(), None, st.actor.user_id, &st.now)?;
    let summary =
        format!("Ligne « {} » de la pointeuse {} écartée : {}.", h.raw_line.replace('\t', " "), h.serial, note.trim());
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::QuarantineSettled, "quarantaine", held_id, summary))?;
    Ok(())
}
