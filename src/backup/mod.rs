//! Owning the data: consistent single-file backups taken while the shop sells, their rotation,
//! the daily schedule, the admin page, restore, and the automatic copy before a schema upgrade.
//! Owns the tables `backup_settings` (one row) and `backups` (one row per run).
//!
//! Files: `snapshot.rs` copies a live database into one file with SQLite's online backup API
//! (never a file copy) and verifies the copy; `restore.rs` swaps a verified file in while the
//! server is stopped (`lock.rs` tells whether it runs); `schedule.rs` is the server's daily task.
//! Nothing here checkpoints with TRUNCATE or VACUUMs the live database: Litestream owns the WAL.

pub mod child;
pub mod cli;
pub mod lock;
pub mod ops;
pub mod restore;
pub mod schedule;
pub mod snapshot;
pub mod store;
pub mod views;
pub mod web;

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::FieldErrors;

/// The folder, inside the data directory, where the server writes its daily copies.
pub const DIR_NAME: &str = "sauvegardes";

/// A successful backup older than this is shown as a warning to admins.
pub const MAX_AGE_HOURS: i64 = 26;

pub fn default_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(DIR_NAME)
}

/// Told to admins in red until a copy of the backups exists off this PC's disk.
pub const ONE_DISK: &str = "Les sauvegardes ne sont que sur le disque de ce PC";

/// The Litestream configurations that may replicate the database: beside the data, or where
/// `fournil install` puts its example (`/etc/fournil/litestream.yml`).
pub fn litestream_configs(data_dir: &Path) -> [PathBuf; 2] {
    [data_dir.join("litestream.yml"), PathBuf::from("/etc/fournil/litestream.yml")]
}

/// Whether a Litestream configuration replicates `db`: an entry of `dbs` whose `path` is this
/// database, with at least one replica that is not commented out. A line reading, not a YAML
/// parser: the entries are the list items at the first indentation under `dbs`.
pub fn litestream_replicates(config: &str, db: &Path) -> bool {
    let same = |p: &str| {
        let p = Path::new(p.trim().trim_matches(|c| c == '"' || c == '\''));
        p == db || p.canonicalize().ok().zip(db.canonicalize().ok()).is_some_and(|(a, b)| a == b)
    };
    let (mut entry_indent, mut ours) = (None, false);
    for line in config.lines() {
        let text = line.trim_start();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let indent = line.len() - text.len();
        if indent == 0 {
            (entry_indent, ours) = (None, false);
            continue;
        }
        if text.starts_with("- ") && entry_indent.is_none_or(|i| i == indent) {
            entry_indent = Some(indent);
            ours = text[2..].trim_start().strip_prefix("path:").is_some_and(same);
            continue;
        }
        if let Some(rest) = text.strip_prefix("path:").filter(|_| entry_indent.is_some_and(|i| indent == i + 2)) {
            ours = same(rest);
        } else if ours
            && (text.starts_with("replica:") || entry_indent.is_some_and(|i| indent > i + 2) && text.starts_with("- "))
        {
            return true;
        }
    }
    false
}

/// What the admin sets on the backup page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupSettings {
    /// The shop's local hour (0–23) of the daily backup.
    pub hour: u32,
    /// An optional second directory (USB stick, another disk); empty for none.
    pub second_dir: String,
    pub keep_daily: u32,
    pub keep_monthly: u32,
}

/// The settings form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub hour: String,
    pub second_dir: String,
    pub keep_daily: String,
    pub keep_monthly: String,
}

impl SettingsForm {
    pub fn of(s: &BackupSettings) -> SettingsForm {
        SettingsForm {
            hour: s.hour.to_string(),
            second_dir: s.second_dir.clone(),
            keep_daily: s.keep_daily.to_string(),
            keep_monthly: s.keep_monthly.to_string(),
        }
    }

    /// Validates field by field. A second directory must be an absolute path to an existing
    /// directory: a USB stick that is not plugged in is reported now, not at 2 in the morning.
    pub fn parse(&self) -> Result<BackupSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut number = |field: &str, value: &str, min: u32, max: u32, message: &str| -> u32 {
            match value.trim().parse::<u32>() {
                Ok(n) if (min..=max).contains(&n) => n,
                _ => {
                    errors.add(field, message);
                    min
                }
            }
        };
        let hour = number("hour", &self.hour, 0, 23, "Une heure entre 0 et 23.");
        let keep_daily = number("keep_daily", &self.keep_daily, 1, 366, "Un nombre entre 1 et 366.");
        let keep_monthly = number("keep_monthly", &self.keep_monthly, 0, 120, "Un nombre entre 0 et 120.");
        let second_dir = self.second_dir.trim().to_string();
        if !second_dir.is_empty() {
            if let Some(problem) = dir_problem(Path::new(&second_dir)) {
                errors.add("second_dir", problem);
            } else if second_dir.chars().count() > 300 {
                errors.add("second_dir", "Au plus 300 caractères.");
            }
        }
        errors.into_result(BackupSettings { hour, second_dir, keep_daily, keep_monthly })
    }
}

/// Why a directory cannot receive backups, in words for the shop owner; `None` if it can.
pub fn dir_problem(dir: &Path) -> Option<String> {
    if !dir.is_absolute() {
        return Some("Indiquez un chemin complet, par exemple /media/cle-usb/sauvegardes.".into());
    }
    match std::fs::metadata(dir) {
        Err(_) => Some(format!("Le dossier {} n'existe pas (clé USB débranchée ?).", dir.display())),
        Ok(m) if !m.is_dir() => Some(format!("{} n'est pas un dossier.", dir.display())),
        Ok(m) if m.permissions().readonly() => Some(format!("Le dossier {} est en lecture seule.", dir.display())),
        Ok(_) => None,
    }
}

/// Why a run happened; stored in `backups.reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Scheduled,
    Manual,
    Command,
    Upgrade,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Scheduled => "planifiee",
            Reason::Manual => "manuelle",
            Reason::Command => "commande",
            Reason::Upgrade => "mise_a_jour",
        }
    }

    pub fn label_of(code: &str) -> &'static str {
        match code {
            "planifiee" => "Planifiée",
            "manuelle" => "Manuelle",
            "commande" => "Ligne de commande",
            "mise_a_jour" => "Avant mise à jour",
            _ => "Autre",
        }
    }
}

/// One recorded run, as read back.
#[derive(Debug, Clone)]
pub struct Run {
    pub id: i64,
    pub started_at: String,
    pub finished_at: String,
    pub reason: String,
    pub target: String,
    pub path: String,
    pub size_bytes: i64,
    pub ok: bool,
    pub check_result: String,
    pub error: String,
}

/// A run about to be recorded.
#[derive(Debug, Clone)]
pub struct NewRun {
    pub started_at: String,
    pub finished_at: String,
    pub reason: Reason,
    /// The second directory's copy, or the main one.
    pub secondary: bool,
    pub path: String,
    pub size_bytes: u64,
    pub outcome: Result<String, String>,
}

/// `fournil-YYYYMMDD-HHMMSS.db`, in the shop's local time (what the owner reads on the stick).
pub fn file_name(local: NaiveDateTime) -> String {
    format!("fournil-{}.db", local.format("%Y%m%d-%H%M%S"))
}

/// The moment a backup file's name records, if it is one of ours (`fournil-…[-N].db`).
pub fn stamp_of(name: &str) -> Option<NaiveDateTime> {
    let core = name.strip_prefix("fournil-")?.strip_suffix(".db")?;
    let stamp = core.get(..15)?;
    let rest = &core[15..];
    if !(rest.is_empty()
        || rest.strip_prefix('-').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
    {
        return None;
    }
    NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()
}

/// Which of these backup files rotation deletes: it keeps the newest file of each of the
/// `keep_daily` most recent days and of each of the `keep_monthly` most recent months.
/// Files whose names are not ours (copies taken before an upgrade, anything else) are never deleted.
pub fn to_delete(names: &[String], keep_daily: u32, keep_monthly: u32) -> Vec<String> {
    let mut ours: Vec<(NaiveDateTime, &String)> = names.iter().filter_map(|n| Some((stamp_of(n)?, n))).collect();
    ours.sort_by(|a, b| b.cmp(a));
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut months: Vec<(i32, u32)> = Vec::new();
    let mut delete = Vec::new();
    for (at, name) in ours {
        let day = at.date();
        let month = (day.year(), day.month());
        let mut keep = false;
        if !days.contains(&day) && days.len() < keep_daily as usize {
            days.push(day);
            keep = true;
        }
        if !months.contains(&month) && months.len() < keep_monthly as usize {
            months.push(month);
            keep = true;
        }
        if !keep {
            delete.push(name.clone());
        }
    }
    delete
}

/// Whether the daily backup is due: the last attempt came before the most recent scheduled
/// moment (today at `hour`, or yesterday if that is still to come), or it failed over an hour ago
/// (retry hourly until one succeeds). With no attempt at all, a backup is due at once.
pub fn is_due(now: NaiveDateTime, hour: u32, last: Option<(NaiveDateTime, bool)>) -> bool {
    let at = NaiveTime::from_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
    let today = now.date().and_time(at);
    let slot = if now >= today { today } else { today - Duration::days(1) };
    match last {
        None => true,
        Some((when, _)) if when < slot => true,
        Some((when, ok)) => !ok && now - when >= Duration::hours(1),
    }
}

/// The copy taken when a binary starts on an older database, before upgrading it:
/// `<data-dir>/sauvegardes/fournil-avant-mise-a-jour-v<N>-<stamp>.db`, never rotated.
/// Refuses the upgrade (the caller stops) when the copy cannot be written.
pub fn before_upgrade(db_path: &Path, from: i64) -> anyhow::Result<NewRun> {
    let clock = crate::clock::Clock::system();
    let data_dir = db_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = default_dir(data_dir);
    let started = clock.now_text();
    let name = format!("fournil-avant-mise-a-jour-v{from}-{}.db", clock.now().format("%Y%m%d-%H%M%S"));
    let written = std::fs::create_dir_all(&dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))
        .and_then(|_| Ok(snapshot::write(db_path, &dir, &name, &snapshot::Options::default(), &mut |_, _| {})?));
    let snap = written.map_err(|e| {
        anyhow::anyhow!(
            "la base est en version {from} et doit être mise à jour, mais la sauvegarde préalable a échoué ({e:#}) ; \
             la base n'a pas été modifiée"
        )
    })?;
    tracing::warn!(copie = %snap.path.display(), "base en version {from} : copie prise avant la mise à jour");
    Ok(NewRun {
        started_at: started,
        finished_at: clock.now_text(),
        reason: Reason::Upgrade,
        secondary: false,
        path: snap.path.display().to_string(),
        size_bytes: snap.size,
        outcome: Ok(snap.check.err().unwrap_or_else(|| "ok".into())),
    })
}

/// Bytes as people read them: `12,4 Mo`.
pub fn human_size(bytes: i64) -> String {
    const UNITS: [&str; 4] = ["o", "Ko", "Mo", "Go"];
    let mut unit = 0;
    let mut divisor: i64 = 1;
    while bytes / divisor >= 1024 && unit < UNITS.len() - 1 {
        divisor *= 1024;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} o");
    }
    // Tenths, rounded half up, in integers.
    let tenths = (bytes * 10 + divisor / 2) / divisor;
    format!("{},{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn names_carry_the_local_time_and_parse_back() {
        let t = at("2026-11-24 02:00");
        assert_eq!(file_name(t), "fournil-20261124-020000.db");
        assert_eq!(stamp_of("fournil-20261124-020000.db"), Some(t));
        assert_eq!(stamp_of("fournil-20261124-020000-2.db"), Some(t));
        assert_eq!(stamp_of("fournil-avant-mise-a-jour-v1-20261124-020000.db"), None);
        assert_eq!(stamp_of("fournil-20261124-020000.db-journal"), None);
        assert_eq!(stamp_of("notes.txt"), None);
    }

    #[test]
    fn rotation_keeps_the_newest_of_each_recent_day_and_month() {
        let mut names: Vec<String> = Vec::new();
        // Two a day from 1 October to 24 November.
        let mut d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        while d <= NaiveDate::from_ymd_opt(2026, 11, 24).unwrap() {
            names.push(file_name(d.and_hms_opt(2, 0, 0).unwrap()));
            names.push(file_name(d.and_hms_opt(15, 30, 0).unwrap()));
            d += Duration::days(1);
        }
        names.push("fournil-avant-mise-a-jour-v1-20261001-020000.db".into());
        let gone = to_delete(&names, 7, 3);
        let kept: Vec<&String> = names.iter().filter(|n| !gone.contains(n)).collect();
        // 7 days (18–24 Nov, the 15:30 copy), October's last, and the upgrade copy.
        assert_eq!(kept.len(), 7 + 1 + 1, "{kept:?}");
        assert!(kept.contains(&&"fournil-20261124-153000.db".to_string()));
        assert!(kept.contains(&&"fournil-20261118-153000.db".to_string()));
        assert!(!kept.contains(&&"fournil-20261117-153000.db".to_string()));
        assert!(kept.contains(&&"fournil-20261031-153000.db".to_string()));
        assert!(kept.contains(&&"fournil-avant-mise-a-jour-v1-20261001-020000.db".to_string()));
        assert!(to_delete(&names[..1], 1, 0).is_empty());
    }

    #[test]
    fn the_daily_backup_is_due_once_a_day_and_retried_hourly_after_a_failure() {
        assert!(is_due(at("2026-11-24 10:00"), 2, None));
        assert!(!is_due(at("2026-11-24 10:00"), 2, Some((at("2026-11-24 02:00"), true))));
        assert!(is_due(at("2026-11-24 10:00"), 2, Some((at("2026-11-23 02:00"), true))));
        // Before today's hour, yesterday's slot counts.
        assert!(!is_due(at("2026-11-24 01:00"), 2, Some((at("2026-11-23 02:01"), true))));
        assert!(!is_due(at("2026-11-24 02:30"), 2, Some((at("2026-11-24 02:00"), false))));
        assert!(is_due(at("2026-11-24 03:00"), 2, Some((at("2026-11-24 02:00"), false))));
    }

    #[test]
    fn settings_are_checked_field_by_field() {
        let bad = SettingsForm {
            hour: "24".into(),
            second_dir: "relatif/dossier".into(),
            keep_daily: "0".into(),
            keep_monthly: "x".into(),
        };
        let e = bad.parse().unwrap_err();
        for field in ["hour", "second_dir", "keep_daily", "keep_monthly"] {
            assert!(e.get(field).is_some(), "{field}");
        }
        let missing = SettingsForm { second_dir: "/nulle/part/ici".into(), ..SettingsForm::of(&ok()) };
        assert!(missing.parse().unwrap_err().get("second_dir").unwrap().contains("n'existe pas"));
        assert_eq!(SettingsForm::of(&ok()).parse().unwrap(), ok());
    }

    #[test]
    fn a_litestream_replica_counts_only_for_this_database_and_when_not_commented() {
        let db = Path::new("/var/lib/fournil/fournil.db");
        let live =
            "dbs:\n  - path: /var/lib/fournil/fournil.db\n    replicas:\n      - type: file\n        path: /mnt/x\n";
        assert!(litestream_replicates(live, db));
        let commented = "dbs:\n  - path: /var/lib/fournil/fournil.db\n    replicas:\n      # - type: file\n";
        assert!(!litestream_replicates(commented, db));
        let other = "dbs:\n  - path: /ailleurs/autre.db\n    replicas:\n      - type: file\n        path: /mnt/x\n";
        assert!(!litestream_replicates(other, db));
        let two = format!("{other}  - path: /var/lib/fournil/fournil.db\n    replica:\n      type: s3\n");
        assert!(litestream_replicates(&two, db));
    }

    fn ok() -> BackupSettings {
        BackupSettings { hour: 2, second_dir: String::new(), keep_daily: 14, keep_monthly: 12 }
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(512), "512 o");
        assert_eq!(human_size(1536), "1,5 Ko");
        assert_eq!(human_size(200 * 1024 * 1024), "200,0 Mo");
    }
}
