//! Taking a backup as the server and the command line do it (main directory, optional second
//! directory, rotation), and the server's daily task. Failures are logged and recorded in
//! `backups`, from which every admin page shows a warning until a backup succeeds.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::snapshot::{self, Options, Snapshot};
use super::{BackupSettings, NewRun, Reason, file_name, ops, store};
use crate::clock::Clock;
use crate::state::App;

/// Where a backup goes and how it is done.
pub struct Plan<'a> {
    pub source: &'a Path,
    pub main_dir: PathBuf,
    pub settings: BackupSettings,
    pub reason: Reason,
    pub options: Options,
}

/// Takes one backup: into the main directory, then (if set) a copy of it into the second
/// directory, then rotation of each. Returns the runs to record (one per directory) and the
/// main copy when it succeeded.
pub fn take(plan: &Plan, clock: &Clock, progress: &mut dyn FnMut(i32, i32)) -> (Vec<NewRun>, Option<Snapshot>) {
    let started = clock.now_text();
    let name = file_name(clock.local(clock.now()).naive_local());
    let main = snapshot::write(plan.source, &plan.main_dir, &name, &plan.options, progress);
    let mut runs = vec![run_of(&started, clock, plan.reason, false, &plan.main_dir, &main)];
    let snap = match main {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "sauvegarde échouée");
            return (runs, None);
        }
    };
    tracing::info!(fichier = %snap.path.display(), taille = snap.size, duree_ms = snap.elapsed.as_millis() as u64, copie_ms = snap.copied.as_millis() as u64, "sauvegarde écrite");
    // The second copy is taken before rotating: rotation may remove a same-minute `-2` file.
    if !plan.settings.second_dir.is_empty() {
        let second = PathBuf::from(&plan.settings.second_dir);
        let started = clock.now_text();
        let copy = snapshot::write(&snap.path, &second, &name, &plan.options, &mut |_, _| {});
        if let Err(e) = &copy {
            tracing::error!(error = %e, "copie sur le second dossier échouée");
        } else {
            rotate(&second, &plan.settings);
        }
        runs.push(run_of(&started, clock, plan.reason, true, &second, &copy));
    }
    rotate(&plan.main_dir, &plan.settings);
    (runs, Some(snap))
}

fn rotate(dir: &Path, s: &BackupSettings) {
    match snapshot::rotate(dir, s.keep_daily, s.keep_monthly) {
        Ok(gone) if !gone.is_empty() => tracing::info!(supprimees = gone.len(), "rotation des sauvegardes"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, dossier = %dir.display(), "rotation des sauvegardes impossible"),
    }
}

fn run_of(
    started: &str,
    clock: &Clock,
    reason: Reason,
    secondary: bool,
    dir: &Path,
    result: &Result<Snapshot, snapshot::SnapshotError>,
) -> NewRun {
    let (path, size_bytes, outcome) = match result {
        Ok(s) => {
            let check = match &s.check {
                Ok(()) => "ok".to_string(),
                Err(findings) => findings.clone(),
            };
            (s.path.display().to_string(), s.size, Ok(check))
        }
        Err(e) => (dir.display().to_string(), 0, Err(e.to_string())),
    };
    NewRun {
        started_at: started.to_string(),
        finished_at: clock.now_text(),
        reason,
        secondary,
        path,
        size_bytes,
        outcome,
    }
}

/// Takes a backup for the server (scheduled or asked for on the page) and records it.
/// Returns the runs recorded.
pub async fn take_and_record(
    app: &App,
    reason: Reason,
    actor: Option<crate::audit::Actor>,
) -> Result<Vec<NewRun>, crate::error::AppError> {
    let settings = app.db.read(|c| Ok(store::settings(c)?)).await?;
    let (source, main_dir, clock) =
        (app.db.path().to_path_buf(), super::default_dir(&app.config.data_dir), app.clock.clone());
    let runs = crate::db::blocking(move || {
        // The server's own folder is created on demand; a second directory must already exist.
        if let Err(e) = std::fs::create_dir_all(&main_dir) {
            tracing::warn!(error = %e, dossier = %main_dir.display(), "dossier de sauvegarde");
        }
        let plan = Plan { source: &source, main_dir, settings, reason, options: Options::default() };
        take(&plan, &clock, &mut |_, _| {}).0
    })
    .await;
    let (recorded, now) = (runs.clone(), app.clock.now_text());
    app.db.write(move |tx| ops::record_runs(tx, actor.as_ref(), &recorded, &now)).await?;
    Ok(runs)
}

/// The server's daily backup: checks every minute whether one is due (see `is_due`).
pub async fn daily(app: App) {
    tokio::time::sleep(Duration::from_secs(20)).await;
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        match due(&app).await {
            Ok(false) => {}
            Ok(true) => {
                if let Err(e) = take_and_record(&app, Reason::Scheduled, None).await {
                    tracing::error!(error = %e, "sauvegarde planifiée : enregistrement impossible");
                }
            }
            Err(e) => tracing::error!(error = %e, "sauvegarde planifiée : état illisible"),
        }
    }
}

async fn due(app: &App) -> Result<bool, crate::error::AppError> {
    let clock = app.clock.clone();
    app.db
        .read(move |c| {
            let settings = store::settings(c)?;
            let last = store::last_run(c, "principale")?.and_then(|r| {
                let at = crate::clock::parse_stamp(&r.started_at)?;
                Some((clock.local(at).naive_local(), r.ok))
            });
            Ok(super::is_due(clock.local(clock.now()).naive_local(), settings.hour, last))
        })
        .await
}
