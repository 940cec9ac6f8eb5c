//! Operations on the backup records and settings, and what admins are warned about.

use chrono::{DateTime, Utc};
use std::path::Path;

use rusqlite::{Connection, Transaction};

use super::{
    BackupSettings, MAX_AGE_HOURS, NewRun, Reason, human_size, litestream_configs, litestream_replicates, store,
};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::clock::{Clock, parse_stamp};
use crate::error::AppError;

/// Saves the backup settings and audits what changed.
pub fn save_settings(
    tx: &Transaction,
    actor: &Actor,
    new: &BackupSettings,
    now: &str,
) -> Result<BackupSettings, AppError> {
    let before = store::settings(tx)?;
    if &before == new {
        return Ok(before);
    }
    store::save_settings(tx, new, now)?;
    let json = |s: &BackupSettings| serde_json::to_value(s).unwrap_or_default();
    let event =
        Event::new(AuditKind::BackupSettingsChanged, "backup_settings", 1, "Réglages des sauvegardes modifiés.")
            .before(json(&before))
            .after(json(new));
    audit::record(tx, actor, now, event)?;
    Ok(new.clone())
}

/// Records the runs of one backup. A backup someone asked for (page or command line) is also
/// audited; the scheduled ones are only recorded in `backups`.
pub fn record_runs(tx: &Transaction, actor: Option<&Actor>, runs: &[NewRun], now: &str) -> Result<(), AppError> {
    for run in runs {
        let id = store::insert_run(tx, run)?;
        if let Some(actor) = actor.filter(|_| matches!(run.reason, Reason::Manual | Reason::Command)) {
            let summary = match &run.outcome {
                Ok(_) => format!("Sauvegarde écrite : {} ({}).", run.path, human_size(run.size_bytes as i64)),
                Err(e) => format!("Sauvegarde échouée : {e}"),
            };
            audit::record(tx, actor, now, Event::new(AuditKind::BackupTaken, "backups", id, summary))?;
        }
    }
    Ok(())
}

/// Records that someone downloaded a copy of the whole database.
pub fn record_download(tx: &Transaction, actor: &Actor, size: u64, now: &str) -> Result<(), AppError> {
    let summary = format!("Copie complète de la base téléchargée ({}).", human_size(size as i64));
    audit::record(tx, actor, now, Event::new(AuditKind::BackupDownloaded, "backups", "", summary))?;
    Ok(())
}

/// What an admin must know on every page: a failed last backup, or none recent enough.
/// Derived from `backups` only, so it clears itself when a backup succeeds.
pub fn warnings(conn: &Connection, clock: &Clock) -> Result<Vec<String>, AppError> {
    let now = clock.now();
    let mut out = Vec::new();
    let when = |stamp: &str| clock.datetime_text(stamp);
    for target in ["principale", "secondaire"] {
        if let Some(run) = store::last_run(conn, target)?.filter(|r| !r.ok) {
            let place =
                if target == "principale" { "La dernière sauvegarde" } else { "La copie sur le second dossier" };
            out.push(format!("{place} a échoué le {} : {}", when(&run.started_at), run.error));
        }
    }
    match store::last_success(conn)? {
        None => {
            out.push("Aucune sauvegarde n'a encore réussi : lancez-en une depuis Administration → Sauvegardes.".into())
        }
        Some(run) => {
            let age = age_hours(&run.finished_at, now);
            if age >= MAX_AGE_HOURS {
                out.push(format!(
                    "La dernière sauvegarde réussie date de {age} h (le {}) : vérifiez la page Sauvegardes.",
                    when(&run.finished_at)
                ));
            }
        }
    }
    Ok(out)
}

/// Where the backups have a second copy, off this PC's disk: the second directory once it received
/// a copy, or a Litestream replica of this database. None: everything is on this disk only.
pub fn second_copy(conn: &Connection, data_dir: &Path, db: &Path) -> Result<Option<String>, AppError> {
    let settings = store::settings(conn)?;
    let dir = settings.second_dir.trim();
    let copied = store::last_second_copy(conn)?.filter(|r| !dir.is_empty() && Path::new(&r.path).starts_with(dir));
    if copied.is_some() {
        return Ok(Some(format!("Seconde copie dans {dir}")));
    }
    let replicated = litestream_configs(data_dir)
        .into_iter()
        .find(|c| std::fs::read_to_string(c).is_ok_and(|text| litestream_replicates(&text, db)));
    Ok(replicated.map(|c| format!("Réplique Litestream ({})", c.display())))
}

/// Whole hours since a stored timestamp (0 if it cannot be read).
pub fn age_hours(stamp: &str, now: DateTime<Utc>) -> i64 {
    parse_stamp(stamp).map(|t| (now - t).num_hours()).unwrap_or(0)
}
