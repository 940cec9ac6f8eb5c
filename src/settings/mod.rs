//! The shop's identity and preferences (name, address, legal ids, receipt texts, time zone).
//! Owns `shop_settings`, a single row, kept in memory by `App` and refreshed when saved; and
//! `system_state`, the installation's named values (the one-time setup code, the demo mark).

pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use chrono_tz::Tz;

use crate::clock::{DEFAULT_TZ, ShopTime, parse_tz};
use crate::error::FieldErrors;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShopSettings {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub nif: String,
    pub rc: String,
    pub nis: String,
    pub ai: String,
    pub cnas_employer: String,
    pub receipt_header: String,
    pub receipt_footer: String,
    pub timezone: String,
    pub day_start_hour: u32,
}

impl ShopSettings {
    pub fn tz(&self) -> Tz {
        parse_tz(&self.timezone).unwrap_or(DEFAULT_TZ)
    }

    pub fn shop_time(&self) -> ShopTime {
        ShopTime { tz: self.tz(), day_start_hour: self.day_start_hour }
    }
}

/// The settings form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub nif: String,
    pub rc: String,
    pub nis: String,
    pub ai: String,
    pub cnas_employer: String,
    pub receipt_header: String,
    pub receipt_footer: String,
    pub timezone: String,
    pub day_start_hour: String,
}

impl SettingsForm {
    pub fn of(s: &ShopSettings) -> SettingsForm {
        SettingsForm {
            name: s.name.clone(),
            address: s.address.clone(),
            phone: s.phone.clone(),
            nif: s.nif.clone(),
            rc: s.rc.clone(),
            nis: s.nis.clone(),
            ai: s.ai.clone(),
            cnas_employer: s.cnas_employer.clone(),
            receipt_header: s.receipt_header.clone(),
            receipt_footer: s.receipt_footer.clone(),
            timezone: s.timezone.clone(),
            day_start_hour: s.day_start_hour.to_string(),
        }
    }

    /// Validates field by field; every message is for the field it names.
    pub fn parse(&self) -> Result<ShopSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let t = |s: &str| s.trim().to_string();
        let name = t(&self.name);
        if name.is_empty() {
            errors.add("name", "Le nom de la boutique est obligatoire.");
        }
        let limits: [(&str, &str, usize); 11] = [
            ("name", &self.name, 80),
            ("address", &self.address, 300),
            ("phone", &self.phone, 60),
            ("nif", &self.nif, 30),
            ("rc", &self.rc, 30),
            ("nis", &self.nis, 30),
            ("ai", &self.ai, 30),
            ("cnas_employer", &self.cnas_employer, 30),
            ("receipt_header", &self.receipt_header, 400),
            ("receipt_footer", &self.receipt_footer, 400),
            ("timezone", &self.timezone, 60),
        ];
        for (field, value, max) in limits {
            if value.trim().chars().count() > max {
                errors.add(field, format!("Au plus {max} caractères."));
            }
        }
        for (field, value) in [("nif", &self.nif), ("nis", &self.nis), ("cnas_employer", &self.cnas_employer)] {
            if !value.trim().chars().all(|c| c.is_ascii_digit() || c == ' ') {
                errors.add(field, "Chiffres seulement.");
            }
        }
        let timezone = t(&self.timezone);
        if parse_tz(&timezone).is_none() {
            errors.add("timezone", "Fuseau horaire inconnu (par exemple Africa/Algiers).");
        }
        let day_start_hour = match self.day_start_hour.trim().parse::<u32>() {
            Ok(h) if h <= 12 => h,
            _ => {
                errors.add("day_start_hour", "Une heure entre 0 et 12.");
                0
            }
        };
        errors.into_result(ShopSettings {
            name,
            address: t(&self.address),
            phone: t(&self.phone),
            nif: t(&self.nif),
            rc: t(&self.rc),
            nis: t(&self.nis),
            ai: t(&self.ai),
            cnas_employer: t(&self.cnas_employer),
            receipt_header: self.receipt_header.trim().to_string(),
            receipt_footer: self.receipt_footer.trim().to_string(),
            timezone,
            day_start_hour,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_field_by_field() {
        let form = SettingsForm {
            name: " ".into(),
            timezone: "Mars/Olympus".into(),
            day_start_hour: "25".into(),
            nif: "12a".into(),
            cnas_employer: "CNAS-16".into(),
            ..Default::default()
        };
        let errors = form.parse().unwrap_err();
        assert!(errors.get("cnas_employer").is_some());
        assert!(errors.get("name").is_some());
        assert!(errors.get("timezone").is_some());
        assert!(errors.get("day_start_hour").is_some());
        assert!(errors.get("nif").is_some());
        let ok = SettingsForm {
            name: "Fée Maison".into(),
            timezone: "Africa/Algiers".into(),
            day_start_hour: "4".into(),
            nif: "000 123".into(),
            ..Default::default()
        };
        assert_eq!(ok.parse().unwrap().tz(), DEFAULT_TZ);
    }
}
