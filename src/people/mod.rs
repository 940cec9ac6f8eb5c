//! The staff and their time: employees and their contracts, the clocks they punch on (devices,
//! state maps, enrolments), weekly schedules and their exceptions, the shop's calendar of public
//! holidays, punches and the quarantine of what a device sent that could not be credited, leave,
//! and the hours of a month (computed from the punches by one pairing algorithm, frozen when
//! payroll takes the month).
//!
//! Owns `work_sites`, `employees`, `clock_devices`, `clock_state_codes`, `enrolments`, `punches`,
//! `punch_quarantine`, `schedules`, `schedule_shifts`, `schedule_exceptions`, `labour_rules`,
//! `holiday_rules`, `holidays`, `attendance_settings`, `leave_requests`, `hours_locks` and
//! `hours_months`. The device protocols live in `zkteco`, which calls `ops::record_punch`; this
//! domain never imports `zkteco`.
//!
//! Times of punches are the shop's local time (Africa/Algiers has no summer time), as the device
//! says them, kept beside the same moment in UTC. The law's figures (40 h, night 21 h–5 h, 2,5
//! days of leave a month…) are dated rows of `labour_rules`, never constants.

pub mod calendar;
pub mod check;
pub mod forms;
pub mod hours;
pub mod leave;
pub mod ops;
pub mod pairing;
pub mod presence;
pub mod schedule;
pub mod store;
mod time;
pub mod views;
pub mod web;

pub use time::*;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::money::Money;

/// An enumeration stored as a French code: its code, its label, and the list of all values.
macro_rules! coded {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The value stored in the database. Never change a released code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == code)
            }
            /// (code, label) pairs, for a select.
            pub fn options() -> Vec<(String, String)> {
                $name::ALL.iter().map(|v| (v.code().to_string(), v.label().to_string())).collect()
            }
        }
    };
}

coded!(
    /// What an employee does.
    Job {
        Boulanger => ("boulanger", "Boulanger"),
        Patissier => ("patissier", "Pâtissier"),
        ChefProduction => ("chef_production", "Chef de production"),
        AideProduction => ("aide_production", "Aide de production"),
        Vendeuse => ("vendeuse", "Vendeuse"),
        Caissiere => ("caissiere", "Caissière"),
        Livreur => ("livreur", "Livreur"),
        Menage => ("menage", "Agent d'entretien"),
        Gerance => ("gerance", "Gérance"),
        Autre => ("autre", "Autre"),
    }
);

coded!(
    /// The kind of contract.
    Contract {
        Cdi => ("cdi", "CDI"),
        Cdd => ("cdd", "CDD"),
        Essai => ("essai", "Période d'essai"),
    }
);

coded!(
    /// How an employee's presence is known: the clock, punches entered by hand, or not tracked
    /// (the partners, a cleaner paid by the month): presence figures only count the first two.
    AttendanceMode {
        Clock => ("pointeuse", "Pointeuse"),
        Manual => ("manuel", "Saisie manuelle"),
        Exempt => ("exempt", "Non suivi"),
    }
);

coded!(
    /// A punch's direction, as read from the device's state map or typed.
    Direction {
        In => ("in", "Entrée"),
        Out => ("out", "Sortie"),
    }
);

coded!(
    /// Where a punch comes from.
    PunchSource {
        Device => ("pointeuse", "Pointeuse"),
        Manual => ("manuel", "Saisie manuelle"),
        Correction => ("correction", "Correction"),
        Reassigned => ("reattribue", "Réattribué (quarantaine)"),
    }
);

coded!(
    /// A clock's standing.
    DeviceStatus {
        Pending => ("en_attente", "En attente d'approbation"),
        Approved => ("approuvee", "Approuvée"),
        Retired => ("retiree", "Retirée"),
    }
);

coded!(
    /// How Fournil hears from a clock: it pushes (ADMS, HTTP), or Fournil reads it (TCP 4370).
    DeviceMode {
        Push => ("push", "Envoi par la pointeuse (ADMS)"),
        Pull => ("pull", "Relevé par Fournil (TCP 4370)"),
    }
);

coded!(
    /// What a state code of a device means. ZKTeco's defaults: 0 check-in, 1 check-out,
    /// 2 break-out, 3 break-in, 4 overtime-in, 5 overtime-out (the keys can be remapped).
    Meaning {
        Entree => ("entree", "Entrée"),
        Sortie => ("sortie", "Sortie"),
        PauseDebut => ("pause_debut", "Début de pause (sortie)"),
        PauseFin => ("pause_fin", "Fin de pause (entrée)"),
        SupDebut => ("sup_debut", "Début d'heures sup. (entrée)"),
        SupFin => ("sup_fin", "Fin d'heures sup. (sortie)"),
    }
);

impl Meaning {
    pub fn direction(self) -> Direction {
        match self {
            Meaning::Entree | Meaning::PauseFin | Meaning::SupDebut => Direction::In,
            Meaning::Sortie | Meaning::PauseDebut | Meaning::SupFin => Direction::Out,
        }
    }

    /// The state map a new device starts with.
    pub const DEFAULTS: [(i64, Meaning); 6] = [
        (0, Meaning::Entree),
        (1, Meaning::Sortie),
        (2, Meaning::PauseDebut),
        (3, Meaning::PauseFin),
        (4, Meaning::SupDebut),
        (5, Meaning::SupFin),
    ];
}

coded!(
    /// Why a line from a device waits in quarantine.
    QuarantineReason {
        Unreadable => ("ligne_illisible", "Ligne illisible"),
        BadDate => ("date_invalide", "Date invalide"),
        UnknownPin => ("pin_inconnu", "Code inconnu sur cette pointeuse"),
        DevicePending => ("appareil_en_attente", "Pointeuse pas encore approuvée"),
        UnknownState => ("etat_inconnu", "État inconnu pour cette pointeuse"),
        MonthLocked => ("mois_verrouille", "Mois déjà verrouillé pour la paie"),
        InactiveEmployee => ("employe_inactif", "Employé inactif"),
    }
);

coded!(
    /// How a quarantined line was settled.
    Resolution {
        Reassigned => ("reattribue", "Attribué à un employé"),
        Integrated => ("integre", "Intégré"),
        Ignored => ("ignore", "Écarté"),
    }
);

coded!(
    /// The kinds of leave. Only annual leave counts against the balance.
    LeaveKind {
        Annual => ("annuel", "Congé annuel"),
        Sick => ("maladie", "Congé maladie"),
        Exceptional => ("exceptionnel", "Absence autorisée"),
    }
);

coded!(
    LeaveStatus {
        Requested => ("demande", "Demandé"),
        Approved => ("approuve", "Approuvé"),
        Refused => ("refuse", "Refusé"),
        Cancelled => ("annule", "Annulé"),
    }
);

/// A shift of a day, in minutes from that day's midnight; `end <= start` means it ends the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Shift {
    pub start_min: i64,
    pub end_min: i64,
}

impl Shift {
    /// The end in minutes from the day's midnight (beyond 1440 for a night shift).
    pub fn end_abs(self) -> i64 {
        if self.end_min <= self.start_min { self.end_min + 1440 } else { self.end_min }
    }

    pub fn minutes(self) -> i64 {
        self.end_abs() - self.start_min
    }

    pub fn crosses_midnight(self) -> bool {
        self.end_min <= self.start_min
    }

    /// The shift as moments, on `day`.
    pub fn on(self, day: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
        let midnight = day.and_time(NaiveTime::MIN);
        (midnight + Duration::minutes(self.start_min), midnight + Duration::minutes(self.end_abs()))
    }

    pub fn text(self) -> String {
        format!("{}–{}", hhmm(self.start_min), hhmm(self.end_min))
    }
}

/// A place of work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub id: i64,
    pub name: String,
}

/// An employee as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    pub id: i64,
    pub full_name: String,
    pub phone: String,
    /// The social-security number (numéro d'assuré CNAS), printed on payslips.
    pub cnas_number: String,
    pub job: Job,
    pub site_id: i64,
    pub site_name: String,
    pub hired_on: NaiveDate,
    pub contract: Contract,
    pub contract_end: Option<NaiveDate>,
    pub monthly_salary: Money,
    pub weekly_minutes: i64,
    /// ISO weekdays (1 = lundi).
    pub rest_days: Vec<u32>,
    pub attendance: AttendanceMode,
    pub user_id: Option<i64>,
    pub active: bool,
    pub notes: String,
}

impl Employee {
    /// Under contract on `day`.
    pub fn employed_on(&self, day: NaiveDate) -> bool {
        day >= self.hired_on && self.contract_end.is_none_or(|end| day <= end)
    }

    pub fn rests_on(&self, day: NaiveDate) -> bool {
        self.rest_days.contains(&iso_weekday(day))
    }

    pub fn rest_days_text(&self) -> String {
        self.rest_days.iter().map(|d| weekday_name(*d)).collect::<Vec<_>>().join(", ")
    }
}

/// An employee as typed and checked, ready to save. `salary` is `None` when the person saving
/// may not see salaries: the stored one is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeDraft {
    pub full_name: String,
    pub phone: String,
    /// The social-security number (numéro d'assuré CNAS), printed on payslips.
    pub cnas_number: String,
    pub job: Job,
    pub site_id: i64,
    pub hired_on: NaiveDate,
    pub contract: Contract,
    pub contract_end: Option<NaiveDate>,
    pub salary: Option<Money>,
    pub weekly_minutes: i64,
    pub rest_days: Vec<u32>,
    pub attendance: AttendanceMode,
    pub user_id: Option<i64>,
    pub active: bool,
    pub notes: String,
}

/// `5,6` → [5, 6]; the stored form of rest days.
pub fn rest_days_from_text(text: &str) -> Vec<u32> {
    let mut days: Vec<u32> =
        text.split(',').filter_map(|d| d.trim().parse().ok()).filter(|d| (1..=7).contains(d)).collect();
    days.sort_unstable();
    days.dedup();
    days
}

pub fn rest_days_to_text(days: &[u32]) -> String {
    days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(",")
}

/// A registered (or waiting) clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: i64,
    pub serial: String,
    pub name: String,
    pub site_id: Option<i64>,
    pub status: DeviceStatus,
    pub mode: DeviceMode,
    pub pull_host: String,
    pub pull_port: i64,
    pub comm_key: i64,
    pub attlog_stamp: Option<String>,
    pub pull_cursor: i64,
    pub last_seen_at: Option<String>,
    pub last_punch_at: Option<String>,
    pub drift_seconds: Option<i64>,
    pub info: String,
    pub last_error: String,
}

impl Device {
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            format!("Pointeuse {}", self.serial)
        } else {
            format!("{} ({})", self.name, self.serial)
        }
    }
}

/// A punch as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Punch {
    pub id: i64,
    pub employee_id: i64,
    pub local: NaiveDateTime,
    pub direction: Direction,
    pub source: PunchSource,
    pub device_id: Option<i64>,
    pub pin: Option<String>,
    pub raw_state: Option<i64>,
    pub verify_mode: Option<i64>,
    pub reason: String,
    pub voided: bool,
    pub void_reason: Option<String>,
}

/// The labour rules in force on a date (a row of `labour_rules`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LabourRules {
    pub valid_from: NaiveDate,
    pub legal_week_minutes: i64,
    pub overtime_cap_percent: i64,
    pub overtime_premium_pct: i64,
    pub night_start_min: i64,
    pub night_end_min: i64,
    pub weekly_rest_day: u32,
    pub leave_tenths_per_month: i64,
    pub leave_max_days: i64,
    pub leave_year_start_month: u32,
    pub source: String,
}

/// The shop's attendance settings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AttendanceSettings {
    pub grace_minutes: i64,
    pub heartbeat_alert_minutes: i64,
    pub punch_alert_hours: i64,
}

/// A public holiday on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub day: NaiveDate,
    pub name: String,
    /// From a fixed-date rule (not editable), or a row of the year.
    pub fixed: bool,
    pub confirmed: bool,
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_night_shift_ends_the_next_day() {
        let s = Shift { start_min: 22 * 60, end_min: 6 * 60 };
        assert!(s.crosses_midnight());
        assert_eq!(s.minutes(), 8 * 60);
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let (a, b) = s.on(day);
        assert_eq!(local_text(a), "2026-11-24 22:00:00");
        assert_eq!(local_text(b), "2026-11-25 06:00:00");
        assert_eq!(s.text(), "22:00–06:00");
    }

    #[test]
    fn times_are_typed_as_people_type_them() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("8h30"), Some(510));
        assert_eq!(parse_hhmm("22"), Some(1320));
        assert_eq!(parse_hhmm("24:00"), None);
        assert_eq!(parse_hhmm("8:75"), None);
        assert_eq!(duration_text(425), "7 h 05");
        assert_eq!(rest_days_from_text("6, 5,9,5"), vec![5, 6]);
        assert_eq!(month_end(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).to_string(), "2026-12-31");
        assert_eq!(month_label(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()), "février 2026");
    }
}
