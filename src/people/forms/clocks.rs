//! Forms of the clocks: a device and its state map, and what to do with a quarantined line.

use super::id_of;
use crate::error::FieldErrors;
use crate::people::ops::devices::DeviceDraft;
use crate::people::{Device, DeviceMode, Direction, Meaning};

/// The state codes the map editor offers (0–9 covers every firmware seen).
pub const CODES: std::ops::RangeInclusive<i64> = 0..=9;

/// A clock's settings, and its state map as `state_0` … `state_9` (empty: not used). Read as
/// pairs so the map's fields stay in one `parse`.
#[derive(Debug, Clone, Default)]
pub struct DeviceForm {
    pub fields: Vec<(String, String)>,
}

impl DeviceForm {
    pub fn value(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    pub fn blank() -> DeviceForm {
        let mut fields: Vec<(String, String)> =
            vec![("mode".into(), "push".into()), ("pull_port".into(), "4370".into()), ("comm_key".into(), "0".into())];
        fields.extend(Meaning::DEFAULTS.iter().map(|(c, m)| (format!("state_{c}"), m.code().to_string())));
        DeviceForm { fields }
    }

    pub fn of(d: &Device, map: &[(i64, Meaning)]) -> DeviceForm {
        let mut fields = vec![
            ("serial".to_string(), d.serial.clone()),
            ("name".to_string(), d.name.clone()),
            ("site_id".to_string(), d.site_id.map(|s| s.to_string()).unwrap_or_default()),
            ("mode".to_string(), d.mode.code().to_string()),
            ("pull_host".to_string(), d.pull_host.clone()),
            ("pull_port".to_string(), d.pull_port.to_string()),
            ("comm_key".to_string(), d.comm_key.to_string()),
        ];
        fields.extend(map.iter().map(|(c, m)| (format!("state_{c}"), m.code().to_string())));
        DeviceForm { fields }
    }

    pub fn parse(&self) -> Result<(DeviceDraft, Vec<(i64, Meaning)>), FieldErrors> {
        let mut e = FieldErrors::new();
        let serial = self.value("serial").trim().to_string();
        if serial.is_empty() || serial.len() > 64 || !serial.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            e.add("serial", "Le numéro de série, tel que la pointeuse l'affiche (menu Système > Infos).");
        }
        let mode = DeviceMode::from_code(self.value("mode")).unwrap_or(DeviceMode::Push);
        let pull_host = self.value("pull_host").trim().to_string();
        if mode == DeviceMode::Pull && pull_host.is_empty() {
            e.add(
                "pull_host",
                "L'adresse IP de la pointeuse sur le réseau de la boutique (par exemple 192.168.8.201).",
            );
        }
        let pull_port =
            self.value("pull_port").trim().parse().ok().filter(|p| (1..=65535).contains(p)).unwrap_or_else(|| {
                e.add("pull_port", "Un port entre 1 et 65535 (4370 d'habitude).");
                4370
            });
        let comm_key =
            self.value("comm_key").trim().parse().ok().filter(|k: &i64| *k >= 0 && *k <= 999_999).unwrap_or_else(
                || {
                    e.add("comm_key", "Le mot de passe de communication : des chiffres (0 si aucun).");
                    0
                },
            );
        let mut map = Vec::new();
        for code in CODES {
            let v = self.value(&format!("state_{code}"));
            if let Some(m) = Meaning::from_code(v) {
                map.push((code, m));
            }
        }
        if !map.iter().any(|(_, m)| m.direction() == Direction::In)
            || !map.iter().any(|(_, m)| m.direction() == Direction::Out)
        {
            e.add("state_0", "Il faut au moins un état d'entrée et un état de sortie.");
        }
        let draft = DeviceDraft {
            serial,
            name: self.value("name").trim().to_string(),
            site_id: id_of(self.value("site_id")),
            mode,
            pull_host,
            pull_port,
            comm_key,
        };
        e.into_result((draft, map))
    }
}

/// What to do with a held line: give it to an employee (with a direction when its state is
/// unknown), or set it aside; a reason either way.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct HeldForm {
    pub employee_id: String,
    pub direction: String,
    pub note: String,
}

impl HeldForm {
    pub fn parse_reassign(&self) -> Result<(i64, Option<Direction>, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let employee = id_of(&self.employee_id).unwrap_or_else(|| {
            e.add("employee_id", "Choisissez l'employé.");
            0
        });
        if self.note.trim().is_empty() {
            e.add("note", "Un motif est obligatoire.");
        }
        e.into_result((employee, Direction::from_code(&self.direction), self.note.trim().to_string()))
    }
}
