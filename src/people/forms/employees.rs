//! Forms of employees, their enrolments and their schedules.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{checked, date_field, id_of, parse_date};
use crate::error::FieldErrors;
use crate::money::Money;
use crate::people::{
    AttendanceMode, Contract, Employee, EmployeeDraft, Job, Shift, WEEKDAYS, hhmm, parse_hhmm, rest_days_from_text,
    rest_days_to_text,
};

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EmployeeForm {
    pub full_name: String,
    pub phone: String,
    pub cnas_number: String,
    pub job: String,
    pub site_id: String,
    pub hired_on: String,
    pub contract: String,
    pub contract_end: String,
    pub monthly_salary: String,
    pub weekly_hours: String,
    /// ISO weekdays, comma separated (the page's checkboxes `rest_1` … `rest_7` fill it).
    pub rest_days: String,
    pub rest_1: Option<String>,
    pub rest_2: Option<String>,
    pub rest_3: Option<String>,
    pub rest_4: Option<String>,
    pub rest_5: Option<String>,
    pub rest_6: Option<String>,
    pub rest_7: Option<String>,
    pub attendance: String,
    pub user_id: String,
    pub active: Option<String>,
    pub notes: String,
}

/// Hours per week as typed (`40`, `37,5`) → minutes.
fn weekly_minutes(text: &str) -> Option<i64> {
    let d: Decimal = text.trim().replace(',', ".").parse().ok()?;
    let m = (d * Decimal::from(60)).round();
    let m: i64 = m.try_into().ok()?;
    (0..=4800).contains(&m).then_some(m)
}

impl EmployeeForm {
    /// A new employee's defaults: today's hire, CDI, 40 h, resting on Friday, on the clock.
    pub fn blank(today: NaiveDate) -> EmployeeForm {
        EmployeeForm {
            job: "vendeuse".into(),
            site_id: "1".into(),
            hired_on: today.to_string(),
            contract: "cdi".into(),
            weekly_hours: "40".into(),
            rest_days: "5".into(),
            attendance: "pointeuse".into(),
            active: Some("1".into()),
            ..Default::default()
        }
    }

    pub fn of(e: &Employee) -> EmployeeForm {
        let hours = Decimal::from(e.weekly_minutes) / Decimal::from(60);
        EmployeeForm {
            full_name: e.full_name.clone(),
            phone: e.phone.clone(),
            cnas_number: e.cnas_number.clone(),
            job: e.job.code().into(),
            site_id: e.site_id.to_string(),
            hired_on: e.hired_on.to_string(),
            contract: e.contract.code().into(),
            contract_end: e.contract_end.map(|d| d.to_string()).unwrap_or_default(),
            monthly_salary: e.monthly_salary.input_value(),
            weekly_hours: hours.normalize().to_string().replace('.', ","),
            rest_days: rest_days_to_text(&e.rest_days),
            attendance: e.attendance.code().into(),
            user_id: e.user_id.map(|u| u.to_string()).unwrap_or_default(),
            active: e.active.then(|| "1".into()),
            notes: e.notes.clone(),
            ..Default::default()
        }
    }

    /// The rest days ticked (the checkboxes win over the text field).
    pub fn rest(&self) -> Vec<u32> {
        let boxes = [&self.rest_1, &self.rest_2, &self.rest_3, &self.rest_4, &self.rest_5, &self.rest_6, &self.rest_7];
        let ticked: Vec<u32> = (1..=7).filter(|d| checked(boxes[*d as usize - 1])).collect();
        if ticked.is_empty() { rest_days_from_text(&self.rest_days) } else { ticked }
    }

    /// `salaries`: whether the person may set the salary (otherwise the stored one stays).
    pub fn parse(&self, salaries: bool) -> Result<EmployeeDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let full_name = self.full_name.trim().to_string();
        if full_name.is_empty() || full_name.chars().count() > 80 {
            e.add("full_name", "Le nom est obligatoire (80 caractères au plus).");
        }
        let job = Job::from_code(&self.job).unwrap_or_else(|| {
            e.add("job", "Choisissez un poste.");
            Job::Autre
        });
        let contract = Contract::from_code(&self.contract).unwrap_or_else(|| {
            e.add("contract", "Choisissez un contrat.");
            Contract::Cdi
        });
        let hired_on = date_field(&mut e, "hired_on", &self.hired_on, "Date d'embauche");
        let contract_end = parse_date(&self.contract_end);
        if contract != Contract::Cdi && contract_end.is_none() {
            e.add("contract_end", "Un CDD ou une période d'essai a une date de fin.");
        }
        if contract_end.is_some_and(|end| end < hired_on) {
            e.add("contract_end", "La fin du contrat est avant l'embauche.");
        }
        let salary = if salaries {
            match Money::parse(&self.monthly_salary) {
                Ok(m) => Some(m),
                Err(_) if self.monthly_salary.trim().is_empty() => Some(Money::ZERO),
                Err(err) => {
                    e.add("monthly_salary", err.to_string());
                    None
                }
            }
        } else {
            None
        };
        let weekly_minutes = weekly_minutes(&self.weekly_hours).unwrap_or_else(|| {
            e.add("weekly_hours", "Des heures par semaine, entre 0 et 80 (par exemple 40).");
            2400
        });
        let attendance = AttendanceMode::from_code(&self.attendance).unwrap_or_else(|| {
            e.add("attendance", "Choisissez comment sa présence est connue.");
            AttendanceMode::Clock
        });
        let rest_days = self.rest();
        if rest_days.len() > 3 {
            e.add("rest_days", "Trois jours de repos au plus.");
        }
        let site_id = id_of(&self.site_id).unwrap_or_else(|| {
            e.add("site_id", "Choisissez un lieu de travail.");
            0
        });
        let cnas_number = self.cnas_number.trim().to_string();
        if cnas_number.chars().count() > 20 || !cnas_number.chars().all(|c| c.is_ascii_digit() || c == ' ') {
            e.add("cnas_number", "Le numéro CNAS : des chiffres seulement (20 au plus).");
        }
        e.into_result(EmployeeDraft {
            full_name,
            phone: self.phone.trim().to_string(),
            cnas_number,
            job,
            site_id,
            hired_on,
            contract,
            contract_end: if contract == Contract::Cdi { None } else { contract_end },
            salary,
            weekly_minutes,
            rest_days,
            attendance,
            user_id: id_of(&self.user_id),
            active: checked(&self.active),
            notes: self.notes.trim().to_string(),
        })
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EnrolForm {
    pub device_id: String,
    pub pin: String,
}

impl EnrolForm {
    pub fn parse(&self) -> Result<(i64, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let device = id_of(&self.device_id).unwrap_or_else(|| {
            e.add("device_id", "Choisissez une pointeuse.");
            0
        });
        let pin = crate::people::ops::employees::parse_pin(&self.pin).unwrap_or_else(|m| {
            e.add("pin", m);
            String::new()
        });
        e.into_result((device, pin))
    }
}

/// The week editor: for each weekday `d` (1–7) and shift `k` (0–1), `s{d}_{k}_start` and
/// `s{d}_{k}_end`; and `valid_from`. Read as pairs, parsed here in one place.
#[derive(Debug, Clone, Default)]
pub struct WeekForm {
    pub fields: Vec<(String, String)>,
}

/// How many shifts a day the editor offers.
pub const SHIFTS_PER_DAY: usize = 2;

impl WeekForm {
    pub fn value(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// The form showing a week (and the day it would start from).
    pub fn of(shifts: &[(u32, Shift)], valid_from: NaiveDate) -> WeekForm {
        let mut fields = vec![("valid_from".to_string(), valid_from.to_string())];
        for d in 1..=7u32 {
            for (k, s) in shifts.iter().filter(|(day, _)| *day == d).map(|(_, s)| s).enumerate().take(SHIFTS_PER_DAY) {
                fields.push((format!("s{d}_{k}_start"), hhmm(s.start_min)));
                fields.push((format!("s{d}_{k}_end"), hhmm(s.end_min)));
            }
        }
        WeekForm { fields }
    }

    pub fn parse(&self) -> Result<(NaiveDate, Vec<(u32, Shift)>), FieldErrors> {
        let mut e = FieldErrors::new();
        let valid_from = date_field(&mut e, "valid_from", self.value("valid_from"), "À partir du");
        let mut shifts = Vec::new();
        for d in 1..=7u32 {
            for k in 0..SHIFTS_PER_DAY {
                let (a, b) = (format!("s{d}_{k}_start"), format!("s{d}_{k}_end"));
                let (start, end) = (self.value(&a).trim(), self.value(&b).trim());
                if start.is_empty() && end.is_empty() {
                    continue;
                }
                match (parse_hhmm(start), parse_hhmm(end)) {
                    (Some(s), Some(t)) if s != t => shifts.push((d, Shift { start_min: s, end_min: t })),
                    _ => e.add(
                        &a,
                        format!(
                            "{} : un début et une fin différents (08:00 et 16:00 ; 22:00 et 06:00 pour une nuit).",
                            WEEKDAYS[d as usize - 1]
                        ),
                    ),
                }
            }
        }
        e.into_result((valid_from, shifts))
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ExceptionForm {
    pub day: String,
    /// Ticked: the day is off.
    pub off: Option<String>,
    pub start: String,
    pub end: String,
    pub note: String,
}

impl ExceptionForm {
    pub fn parse(&self) -> Result<(NaiveDate, Vec<Shift>), FieldErrors> {
        let mut e = FieldErrors::new();
        let day = date_field(&mut e, "day", &self.day, "Jour");
        if checked(&self.off) {
            return e.into_result((day, Vec::new()));
        }
        match (parse_hhmm(&self.start), parse_hhmm(&self.end)) {
            (Some(s), Some(t)) if s != t => e.into_result((day, vec![Shift { start_min: s, end_min: t }])),
            _ => {
                e.add("start", "Un début et une fin (ou cochez « jour non travaillé »).");
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_employee_is_checked_field_by_field() {
        let f = EmployeeForm {
            contract: "cdd".into(),
            weekly_hours: "99".into(),
            cnas_number: "16-AB".into(),
            ..EmployeeForm::blank(NaiveDate::default())
        };
        let e = f.parse(true).unwrap_err();
        for field in ["full_name", "contract_end", "weekly_hours", "cnas_number"] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        let f = EmployeeForm {
            full_name: " Karim ".into(),
            weekly_hours: "37,5".into(),
            monthly_salary: "32 000".into(),
            cnas_number: " 1625 0042 1234 ".into(),
            rest_5: Some("1".into()),
            rest_6: Some("1".into()),
            ..EmployeeForm::blank(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())
        };
        let d = f.parse(true).unwrap();
        assert_eq!((d.full_name.as_str(), d.weekly_minutes, d.rest_days.clone()), ("Karim", 2250, vec![5, 6]));
        assert_eq!(d.salary, Some(Money::from_da(32_000)));
        assert_eq!(d.cnas_number, "1625 0042 1234");
        assert_eq!(f.parse(false).unwrap().salary, None, "without the permission the salary is not touched");
    }

    #[test]
    fn a_week_reads_night_shifts_and_names_the_bad_day() {
        let form = WeekForm {
            fields: vec![
                ("valid_from".into(), "2026-11-01".into()),
                ("s1_0_start".into(), "22:00".into()),
                ("s1_0_end".into(), "06:00".into()),
                ("s2_0_start".into(), "8h".into()),
                ("s2_0_end".into(), "".into()),
            ],
        };
        let e = form.parse().unwrap_err();
        assert!(e.get("s2_0_start").unwrap().starts_with("mardi"), "{e:?}");
        let ok = WeekForm::of(
            &[(1, Shift { start_min: 1320, end_min: 360 })],
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        );
        assert_eq!(ok.parse().unwrap().1, vec![(1, Shift { start_min: 1320, end_min: 360 })]);
    }
}
