//! Forms of time: punches typed or voided, leave, holidays, the attendance settings, and the
//! queries that choose a day or a month.

use chrono::{NaiveDate, NaiveDateTime};

use super::{checked, date_field, id_of, parse_date};
use crate::error::FieldErrors;
use crate::people::ops::leave::LeaveDraft;
use crate::people::ops::punches::PunchDraft;
use crate::people::{AttendanceSettings, Direction, LeaveKind, PunchSource, first_of_month, parse_hhmm, parse_month};

/// A punch typed by a person: a correction (a missed punch) or the way a manual employee punches.
/// `now` set: at this very moment (the day board's Arrivée / Départ buttons).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PunchForm {
    pub day: String,
    pub time: String,
    pub direction: String,
    pub reason: String,
    pub source: String,
    pub now: Option<String>,
    /// Where to go back to (the day board or the employee's month).
    pub back: String,
    /// The punch whose missing pair this enters (from the day board's list to correct).
    pub fix: String,
}

impl PunchForm {
    pub fn parse(&self, employee_id: i64, now: NaiveDateTime) -> Result<PunchDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let local = if checked(&self.now) {
            chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
        } else {
            let day = date_field(&mut e, "day", &self.day, "Jour");
            match parse_hhmm(&self.time) {
                Some(m) => day.and_hms_opt((m / 60) as u32, (m % 60) as u32, 0).unwrap_or_default(),
                None => {
                    e.add("time", "Une heure (par exemple 17:00).");
                    NaiveDateTime::default()
                }
            }
        };
        let direction = Direction::from_code(&self.direction).unwrap_or_else(|| {
            e.add("direction", "Entrée ou sortie ?");
            Direction::In
        });
        let source = if self.source == "manuel" { PunchSource::Manual } else { PunchSource::Correction };
        if self.reason.trim().is_empty() {
            e.add("reason", "Un motif est obligatoire (par exemple : oubli de pointer la sortie).");
        }
        e.into_result(PunchDraft { employee_id, local, direction, reason: self.reason.trim().to_string(), source })
    }

    /// Only our own pages as a way back.
    pub fn back_or(&self, default: &str) -> String {
        if self.back.starts_with("/personnel") && !self.back.contains("//") {
            self.back.clone()
        } else {
            default.to_string()
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    pub reason: String,
    pub back: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct LeaveForm {
    pub employee_id: String,
    pub kind: String,
    pub first_day: String,
    pub last_day: String,
    pub note: String,
}

impl LeaveForm {
    pub fn parse(&self) -> Result<LeaveDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let employee_id = id_of(&self.employee_id).unwrap_or_else(|| {
            e.add("employee_id", "Choisissez l'employé.");
            0
        });
        let kind = LeaveKind::from_code(&self.kind).unwrap_or_else(|| {
            e.add("kind", "Choisissez le type de congé.");
            LeaveKind::Annual
        });
        let first_day = date_field(&mut e, "first_day", &self.first_day, "Premier jour");
        let last_day = date_field(&mut e, "last_day", &self.last_day, "Dernier jour");
        if last_day < first_day {
            e.add("last_day", "Le dernier jour est avant le premier.");
        }
        e.into_result(LeaveDraft { employee_id, kind, first_day, last_day, note: self.note.trim().to_string() })
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct HolidayForm {
    pub day: String,
    pub name: String,
    pub confirmed: Option<String>,
}

impl HolidayForm {
    pub fn parse(&self) -> Result<(NaiveDate, String, bool), FieldErrors> {
        let mut e = FieldErrors::new();
        let day = date_field(&mut e, "day", &self.day, "Jour");
        if self.name.trim().is_empty() {
            e.add("name", "Le nom du jour férié est obligatoire.");
        }
        e.into_result((day, self.name.trim().to_string(), checked(&self.confirmed)))
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub grace_minutes: String,
    pub heartbeat_alert_minutes: String,
    pub punch_alert_hours: String,
}

impl SettingsForm {
    pub fn of(s: &AttendanceSettings) -> SettingsForm {
        SettingsForm {
            grace_minutes: s.grace_minutes.to_string(),
            heartbeat_alert_minutes: s.heartbeat_alert_minutes.to_string(),
            punch_alert_hours: s.punch_alert_hours.to_string(),
        }
    }

    pub fn parse(&self) -> Result<AttendanceSettings, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut number = |field: &str, text: &str, max: i64, what: &str| {
            text.trim().parse::<i64>().ok().filter(|n| (0..=max).contains(n)).unwrap_or_else(|| {
                e.add(field, format!("{what} : un nombre entre 0 et {max}."));
                0
            })
        };
        let s = AttendanceSettings {
            grace_minutes: number("grace_minutes", &self.grace_minutes, 120, "Tolérance"),
            heartbeat_alert_minutes: number(
                "heartbeat_alert_minutes",
                &self.heartbeat_alert_minutes,
                1440,
                "Alerte de silence",
            ),
            punch_alert_hours: number("punch_alert_hours", &self.punch_alert_hours, 720, "Alerte sans pointage"),
        };
        if s.heartbeat_alert_minutes == 0 {
            e.add("heartbeat_alert_minutes", "Au moins 1 minute.");
        }
        if s.punch_alert_hours == 0 {
            e.add("punch_alert_hours", "Au moins 1 heure.");
        }
        e.into_result(s)
    }
}

/// `?mois=2026-11` (default: the month of `today`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MonthQuery {
    pub mois: String,
}

impl MonthQuery {
    pub fn first(&self, today: NaiveDate) -> NaiveDate {
        parse_month(&self.mois).unwrap_or_else(|| first_of_month(today))
    }
}

/// `?jour=2026-11-24&lieu=1` (default: today, every site).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct DayQuery {
    pub jour: String,
    pub lieu: String,
}

impl DayQuery {
    pub fn day(&self, today: NaiveDate) -> NaiveDate {
        parse_date(&self.jour).unwrap_or(today)
    }
    pub fn site(&self) -> Option<i64> {
        id_of(&self.lieu)
    }
}

/// `?annee=2027`
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct YearQuery {
    pub annee: String,
}

impl YearQuery {
    pub fn year(&self, today: NaiveDate) -> i32 {
        self.annee.trim().parse().ok().filter(|y| (2000..=2100).contains(y)).unwrap_or(chrono::Datelike::year(&today))
    }
}

/// The month a `?mois=` form posts (locking).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MonthForm {
    pub mois: String,
}

impl MonthForm {
    pub fn parse(&self) -> Result<NaiveDate, FieldErrors> {
        parse_month(&self.mois).ok_or_else(|| {
            let mut e = FieldErrors::new();
            e.add("mois", "Choisissez un mois.");
            e
        })
    }
}
