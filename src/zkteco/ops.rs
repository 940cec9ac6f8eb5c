//! What a clock's message does, inside one transaction: every line goes through
//! `people::ops::record_punch` (credited once or held in quarantine once), the device is marked
//! alive with its push cursor, and a real-time punch measures the device clock's drift. The
//! caller answers the device only after this transaction commits.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Transaction;

use super::attlog::{lines, parse_line};
use super::pull::client::Reading;
use crate::clock;
use crate::error::AppError;
use crate::people::QuarantineReason;
use crate::people::ops::devices::{device_seen, note_drift};
use crate::people::ops::{ClockLine, ClockRecord, Ingest, Recorded, record_punch};
use crate::people::store::devices;
use crate::people::{Device, local_text};

/// What a batch of lines became.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Batch {
    pub lines: usize,
    pub new: usize,
    pub known: usize,
    pub held: usize,
}

/// A real-time upload is one punch, sent within seconds: how far its time is from ours is the
/// device clock's drift. Older punches (a backlog after an outage) say nothing of the clock.
const REALTIME_WINDOW_MINUTES: i64 = 60;

/// Records parsed lines from a device (push or pull).
pub fn ingest_lines(
    tx: &Transaction,
    device: &Device,
    parsed: &[ClockLine],
    now: DateTime<Utc>,
) -> Result<Batch, AppError> {
    let ctx = Ingest::for_device(tx, device, now)?;
    let mut b = Batch { lines: parsed.len(), ..Batch::default() };
    for line in parsed {
        match record_punch(tx, device, &ctx, line)? {
            Recorded::New(_) => b.new += 1,
            Recorded::Known => b.known += 1,
            Recorded::Held(_) | Recorded::HeldBefore => b.held += 1,
        }
    }
    if let [ClockLine { record: Ok(r), .. }] = parsed {
        let drift = r.local - ctx.now_local;
        if drift.abs() <= Duration::minutes(REALTIME_WINDOW_MINUTES) {
            note_drift(tx, device.id, drift.num_seconds(), &ctx.now)?;
        }
    }
    Ok(b)
}

/// `POST /iclock/cdata?table=ATTLOG&Stamp=…`: the device's punch lines.
pub fn ingest_attlog(
    tx: &Transaction,
    serial: &str,
    stamp: Option<&str>,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Batch, AppError> {
    let at = clock::stamp(now);
    let device = device_seen(tx, serial, &at, None)?;
    let parsed: Vec<ClockLine> = lines(body).map(parse_line).collect();
    let batch = ingest_lines(tx, &device, &parsed, now)?;
    devices::note_batch(tx, device.id, &at, stamp)?;
    Ok(batch)
}

/// Any other message (handshake, poll, other tables, command results): the device is alive.
pub fn heard(tx: &Transaction, serial: &str, info: Option<&str>, now: DateTime<Utc>) -> Result<Device, AppError> {
    device_seen(tx, serial, &clock::stamp(now), info)
}

/// A reading of the pull protocol: the records after the device's cursor (all of them when the
/// device's log is shorter than the cursor: it was cleared), the new cursor, the drift.
pub fn ingest_pulled(
    tx: &Transaction,
    device_id: i64,
    reading: &Reading,
    now: DateTime<Utc>,
) -> Result<Batch, AppError> {
    let device = devices::device(tx, device_id)?.ok_or(AppError::NotFound)?;
    let cursor = usize::try_from(device.pull_cursor).unwrap_or(0);
    let from = if reading.records.len() < cursor { 0 } else { cursor };
    let parsed: Vec<ClockLine> = reading.records[from..]
        .iter()
        .map(|r| {
            let raw = format!("{}\t{}\t{}\t{}", r.pin, r.raw_time, r.state, r.verify);
            let record = match r.time {
                Some(local) => Ok(ClockRecord {
                    pin: r.pin.clone(),
                    local,
                    state: i64::from(r.state),
                    verify: Some(i64::from(r.verify)),
                }),
                None => Err(QuarantineReason::BadDate),
            };
            ClockLine {
                raw: r.time.map(|t| pulled_line(&r.pin, t, i64::from(r.state), i64::from(r.verify))).unwrap_or(raw),
                record,
            }
        })
        .collect();
    let at = clock::stamp(now);
    let batch = ingest_lines(tx, &device, &parsed, now)?;
    if let Some(device_time) = reading.device_time {
        let ctx_now = Ingest::for_device(tx, &device, now)?.now_local;
        note_drift(tx, device.id, (device_time - ctx_now).num_seconds(), &at)?;
    }
    devices::note_pull(tx, device.id, Some(reading.records.len() as i64), "", &at)?;
    if !parsed.is_empty() {
        devices::note_batch(tx, device.id, &at, None)?;
    }
    Ok(batch)
}

/// A record's text as the pull protocol gives it, in the same form as a pushed line, so a punch
/// read both ways is the same punch.
pub fn pulled_line(pin: &str, local: chrono::NaiveDateTime, state: i64, verify: i64) -> String {
    format!("{pin}\t{}\t{state}\t{verify}", local_text(local))
}
