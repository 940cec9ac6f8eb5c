//! The server's daily background jobs, each on its own thread, never on a page load: once a day
//! at a quiet local hour, the job runs (the integrity check, the forecast). A job
//! that runs twice in a day (a restart within its hour) must be harmless: each one says how.

use std::time::Duration;

use chrono::{NaiveDate, Timelike};

use crate::state::App;

/// The hour the integrity check runs, local time: the shop is closed, the backup is done.
pub const CHECK_HOUR: u32 = 3;

/// The hour the forecast is computed, local time (after the check).
pub const FORECAST_HOUR: u32 = 4;

/// Whether a job due at `hour` should run now: it is that hour and the job has not run today.
pub fn is_due(local_day: NaiveDate, local_hour: u32, hour: u32, last_done: Option<NaiveDate>) -> bool {
    local_hour == hour && last_done != Some(local_day)
}

/// Starts a thread that runs `job` once a day at the local `hour` (checked every minute), and
/// once at the start when `at_start`.
pub fn daily(app: App, name: &'static str, hour: u32, at_start: bool, job: impl Fn(&App) + Send + 'static) {
    let spawned = std::thread::Builder::new().name(format!("fournil-{name}")).spawn(move || {
        if at_start {
            std::thread::sleep(Duration::from_secs(30));
            job(&app);
        }
        let mut last_done = None;
        loop {
            let now = app.clock.local(app.clock.now());
            let today = now.date_naive();
            if is_due(today, now.hour(), hour, last_done) {
                job(&app);
                last_done = Some(today);
            }
            std::thread::sleep(Duration::from_secs(60));
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, tache = name, "tâche quotidienne : démarrage impossible");
    }
}

/// Starts a thread that runs `job` every minute (a job that decides itself whether it is due,
/// such as the daily summary whose hour is a setting).
pub fn every_minute(app: App, name: &'static str, job: impl Fn(&App) + Send + 'static) {
    let spawned = std::thread::Builder::new().name(format!("fournil-{name}")).spawn(move || {
        loop {
            job(&app);
            std::thread::sleep(Duration::from_secs(60));
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, tache = name, "tâche : démarrage impossible");
    }
}

/// Runs the check and records it, from a thread that may block (the command line, the server's
/// nightly run).
pub fn run_recorded(
    db: &crate::db::Db,
    origin: super::check::Origin,
    depth: super::check::Depth,
    started_at: String,
) -> Result<super::check::Report, crate::error::AppError> {
    let (report, run) = db.read_sync(|c| super::check::timed(c, origin, depth, started_at))?;
    // A run that cannot be recorded still gives its verdict.
    if let Err(e) = db.write_sync(|tx| super::check::record(tx, &run)) {
        tracing::warn!(error = %e, "contrôle : enregistrement impossible");
    }
    Ok(report)
}

/// The nightly integrity check, in a process of its own, recorded for the owner's home.
pub fn check(app: &App) {
    let started = app.clock.now_text();
    let checked = super::child::run_apart(&app.db, super::check::Origin::Server, super::check::Depth::Full, started);
    match checked.map(|c| c.report) {
        Ok(r) if r.ok() => tracing::info!("contrôle de nuit : tout est cohérent"),
        Ok(r) => tracing::error!(echecs = r.failures().count(), "contrôle de nuit : des incohérences"),
        Err(e) => tracing::error!(error = %e, "contrôle de nuit impossible"),
    }
}

/// The nightly forecast: both models measured, the better one's next 7 days stored.
pub fn forecast(app: &App) {
    let (today, now) = (app.clock.business_day(), app.clock.now_text());
    let computed = app.db.read_sync(|c| crate::forecast::ops::compute(c, today, &now));
    let stored = computed.and_then(|(run, rows)| app.db.write_sync(|tx| crate::forecast::ops::store(tx, &run, &rows)));
    if let Err(e) = stored {
        tracing::error!(error = %e, "prévision impossible");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_daily_job_runs_once_at_its_hour() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert!(is_due(d, 3, 3, None));
        assert!(is_due(d, 3, 3, d.pred_opt()));
        assert!(!is_due(d, 3, 3, Some(d)), "once a day");
        assert!(!is_due(d, 10, 3, None), "never outside its quiet hour");
    }
}
