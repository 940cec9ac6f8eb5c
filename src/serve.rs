//! `fournil serve`: opens the database, announces the setup code on first run, and serves.

use poem::Server;
use poem::listener::TcpListener;

use crate::auth::ops;
use crate::backup;
use crate::clock::Clock;
use crate::config::{Config, ServeOptions};
use crate::db::Db;
use crate::routes;
use crate::state::App;

/// Logs the one-time setup code while no user exists. Returns it (for tests and `install`).
pub fn announce_setup(db: &Db) -> anyhow::Result<Option<String>> {
    let code = db.write_sync(ops::pending_setup_code)?;
    if let Some(code) = &code {
        tracing::warn!(
            "Première mise en route : aucun utilisateur. Ouvrez /setup et saisissez le code d'installation {code}"
        );
        let line = format!("Code d'installation de Fournil : {code}");
        let bar = "─".repeat(line.chars().count() + 4);
        eprintln!("\n  ┌{bar}┐\n  │  {line}  │\n  └{bar}┘\n");
    }
    Ok(code)
}

pub async fn run(config: Config, opts: ServeOptions) -> anyhow::Result<()> {
    // One server per data directory; `fournil restore` checks this lock (see backup/lock.rs).
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| anyhow::anyhow!("dossier de données {} : {e}", config.data_dir.display()))?;
    let _lock = backup::lock::acquire(&config.data_dir)
        .map_err(|e| anyhow::anyhow!("{e} : un seul serveur Fournil par dossier de données"))?;
    let db = Db::open(&config.db_path())?;
    tracing::info!(base = %config.db_path().display(), "base de données ouverte");
    announce_setup(&db)?;
    let app = App::new(db, Clock::system(), config)?;
    tokio::spawn(backup::schedule::daily(app.clone()));
    // The integrity check runs each night on its own thread, for the owner's home.
    use crate::system::nightly;
    nightly::daily(app.clone(), "controle", nightly::CHECK_HOUR, false, nightly::check);
    // The forecast too, and once at the start (the page never computes it).
    nightly::daily(app.clone(), "prevision", nightly::FORECAST_HOUR, true, nightly::forecast);
    // E-mails leave from the outbox after commit, on their own thread; never in a request.
    crate::mail::sender::start(app.clone());
    // The owner's daily summary is queued at its hour (a setting of the e-mail page).
    nightly::every_minute(app.clone(), "resume", crate::home::ops::summary::job);
    // Tomorrow's B2B orders are made from the standing orders as each one's cut-off passes.
    nightly::every_minute(app.clone(), "abonnements", crate::b2b::ops::standing::job);
    let (actor, now, today) = (crate::audit::Actor::system(), app.clock.now_text(), app.clock.business_day());
    // The expected dates of this year's and next year's Islamic holidays, for the gérante to confirm.
    app.db.write(move |tx| crate::people::ops::calendar::prefill_around(tx, &actor, &now, today)).await?;
    // The clock's port opens once a clock is registered (or has been heard from).
    let every = std::time::Duration::from_secs(5);
    tokio::spawn(crate::zkteco::push::serve_when_registered(app.clone(), opts.clock_listen, every));
    if opts.clock_pull_minutes > 0 {
        let pull_every = std::time::Duration::from_secs(u64::from(opts.clock_pull_minutes) * 60);
        tokio::spawn(crate::zkteco::pull::schedule(app.clone(), pull_every));
    }
    // Receipts print after commit, from the queue; a printer fault never blocks a sale.
    crate::printing::queue::start(
        app.db.clone(),
        app.clock.clone(),
        std::sync::Arc::new(crate::printing::driver::Hardware),
    );
    let endpoint = routes::endpoint(app);
    tracing::info!(adresse = %opts.listen, "Fournil écoute sur http://{}", opts.listen);
    // A connection that sends nothing for a minute is closed: a slow or stalled client holds no
    // task (the tablets reconnect on their next request).
    Server::new(TcpListener::bind(opts.listen))
        .idle_timeout(std::time::Duration::from_secs(60))
        .run_with_graceful_shutdown(endpoint, shutdown_signal(), Some(std::time::Duration::from_secs(10)))
        .await?;
    tracing::info!("arrêt propre");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
