//! The day board (`/personnel/jour`): for each site, who is in, late, absent, on leave; the
//! punches to correct of the last days; and the clocks' health for the admin's home page.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rusqlite::Connection;

use super::hours::span;
use crate::clock::parse_stamp;
use crate::error::AppError;
use crate::people::pairing::{Anomaly, Interval};
use crate::people::presence::{Status, status};
use crate::people::store::{calendar, devices, employees, punches};
use crate::people::{AttendanceMode, Device, DeviceStatus, Employee, Punch, Shift, Site};

/// How far back the board looks for punches to correct.
pub const FIX_DAYS: i64 = 7;

#[derive(Debug, Clone)]
pub struct Row {
    pub employee: Employee,
    pub status: Status,
    pub shifts: Vec<Shift>,
    /// Today's live punches.
    pub punches: Vec<Punch>,
    pub worked: i64,
}

/// A punch that cannot be paired, to correct.
#[derive(Debug, Clone)]
pub struct Fix {
    pub employee_id: i64,
    pub employee: String,
    pub anomaly: Anomaly,
}

#[derive(Debug, Clone)]
pub struct Board {
    pub day: NaiveDate,
    pub now: NaiveDateTime,
    pub sites: Vec<(Site, Vec<Row>)>,
    pub fixes: Vec<Fix>,
    pub held: i64,
}

/// The board of `day` seen at `now` (shop time); `site`: one site only.
pub fn board(c: &Connection, day: NaiveDate, now: NaiveDateTime, site: Option<i64>) -> Result<Board, AppError> {
    let grace = calendar::settings(c)?.grace_minutes;
    let mut fixes = Vec::new();
    let mut sites: Vec<(Site, Vec<Row>)> = employees::sites(c)?.into_iter().map(|s| (s, Vec::new())).collect();
    for e in employees::employees(c, false)? {
        if site.is_some_and(|s| s != e.site_id) || !e.employed_on(day) {
            continue;
        }
        let s = span(c, &e, day - Duration::days(FIX_DAYS), day, Some(now))?;
        let Some(plan) = s.plans.iter().find(|p| p.day == day) else { continue };
        let tracked = e.attendance != AttendanceMode::Exempt;
        let today: Vec<&Interval> = s.pairing.intervals.iter().filter(|i| i.day == day).collect();
        fixes.extend(s.pairing.anomalies.iter().filter(|a| a.day <= day).map(|a| Fix {
            employee_id: e.id,
            employee: e.full_name.clone(),
            anomaly: *a,
        }));
        let row = Row {
            status: status(now, plan, &s.pairing, tracked, grace),
            shifts: plan.shifts.clone(),
            punches: s.punches.iter().filter(|p| !p.voided && p.local.date() == day).cloned().collect(),
            worked: today.iter().map(|i| i.minutes()).sum(),
            employee: e,
        };
        if let Some((_, rows)) = sites.iter_mut().find(|(s, _)| s.id == row.employee.site_id) {
            rows.push(row);
        }
    }
    sites.retain(|(s, rows)| !rows.is_empty() || site == Some(s.id));
    fixes.sort_by_key(|f| f.anomaly.at);
    Ok(Board { day, now, sites, fixes, held: punches::count_open_held(c)? })
}

/// A clock's health for the admin: how long since it was heard and since its last punch.
#[derive(Debug, Clone)]
pub struct Health {
    pub device: Device,
    pub silent_minutes: Option<i64>,
    pub since_punch_hours: Option<i64>,
    /// Silent beyond the heartbeat threshold, or no punch beyond the punch threshold.
    pub alarm: bool,
}

pub fn health(c: &Connection, now: DateTime<Utc>) -> Result<Vec<Health>, AppError> {
    let s = calendar::settings(c)?;
    let mut out = Vec::new();
    for d in devices::devices(c)? {
        if d.status == DeviceStatus::Retired {
            continue;
        }
        let age = |t: &Option<String>| t.as_deref().and_then(parse_stamp).map(|t| now - t);
        let silent = age(&d.last_seen_at);
        let since_punch = age(&d.last_punch_at);
        let alarm = d.status == DeviceStatus::Pending
            || silent.is_none_or(|a| a > Duration::minutes(s.heartbeat_alert_minutes))
            || since_punch.is_none_or(|a| a > Duration::hours(s.punch_alert_hours));
        out.push(Health {
            silent_minutes: silent.map(|a| a.num_minutes()),
            since_punch_hours: since_punch.map(|a| a.num_hours()),
            alarm,
            device: d,
        });
    }
    Ok(out)
}
