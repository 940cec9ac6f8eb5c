//! `fournil backup [--to DIR]` and `fournil restore FILE [--force]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::restore::{self, Restored};
use super::schedule::{Plan, take};
use super::snapshot::Options;
use super::{Reason, default_dir, human_size, ops, store};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::error::AppError;

/// Progress is printed for databases above this many pages (40 MiB at 4 KiB a page).
const SHOW_PROGRESS_FROM: i32 = 10_240;

pub fn backup(config: &Config, to: Option<PathBuf>) -> anyhow::Result<()> {
    let db = Db::open(&config.db_path())?;
    let settings = db.read_sync(|c| Ok(store::settings(c)?))?;
    let shop = db.read_sync(|c| Ok(crate::settings::store::get(c)?))?;
    let clock = Clock::system();
    clock.set_shop(shop.shop_time());
    let main_dir = match to {
        Some(dir) => dir,
        None => {
            let dir = default_dir(&config.data_dir);
            std::fs::create_dir_all(&dir).map_err(|e| anyhow::anyhow!("dossier {} : {e}", dir.display()))?;
            dir
        }
    };
    let plan = Plan { source: db.path(), main_dir, settings, reason: Reason::Command, options: Options::default() };
    let mut last_tenth = -1;
    let mut progress = |done: i32, total: i32| {
        if total >= SHOW_PROGRESS_FROM {
            let tenth = done * 10 / total;
            if tenth != last_tenth {
                last_tenth = tenth;
                eprint!("\r  copie : {:>3} % ({done} / {total} pages)", tenth * 10);
                if done == total {
                    eprintln!();
                }
                let _ = std::io::stderr().flush();
            }
        }
    };
    let (runs, snap) = take(&plan, &clock, &mut progress);
    let now = clock.now_text();
    db.write_sync(|tx| ops::record_runs(tx, Some(&Actor::cli()), &runs, &now)).map_err(AppError::for_terminal)?;
    let snap = match snap {
        Some(s) => s,
        None => {
            let why = runs.first().and_then(|r| r.outcome.clone().err()).unwrap_or_default();
            anyhow::bail!("{why}");
        }
    };
    println!(
        "Sauvegarde écrite : {} ({}, {:.1} s).",
        snap.path.display(),
        human_size(snap.size as i64),
        snap.elapsed.as_secs_f64()
    );
    match &snap.check {
        Ok(()) => {
            println!("Copie vérifiée : integrity_check ok, schéma v{}, fournil check ok.", crate::db::migrate::LATEST)
        }
        Err(findings) => println!("Copie lisible, mais le contrôle signale (comme sur la base) : {findings}"),
    }
    for run in runs.iter().skip(1) {
        match &run.outcome {
            Ok(_) => println!("Copie sur le second dossier : {}.", run.path),
            Err(e) => anyhow::bail!("copie sur le second dossier échouée : {e}"),
        }
    }
    Ok(())
}

pub fn restore(config: &Config, file: &Path, force: bool) -> anyhow::Result<()> {
    let stamp = Clock::system().now().format("%Y%m%d-%H%M%S").to_string();
    let Restored { aside, from_version, forced } = restore::restore(&config.db_path(), file, force, &stamp)?;
    for finding in &forced {
        println!("ATTENTION (--force) : {finding}");
    }
    if from_version < crate::db::migrate::LATEST {
        println!("La sauvegarde était en version {from_version} : elle a été mise à jour.");
    }
    match &aside {
        Some(p) => println!("L'ancienne base est gardée sous {} (rien n'a été supprimé).", p.display()),
        None => println!("Il n'y avait pas de base à cet endroit."),
    }
    let db = Db::open(&config.db_path())?;
    let (now, summary) = (Clock::system().now_text(), format!("Base restaurée depuis {}.", file.display()));
    let event = Event::new(AuditKind::DatabaseRestored, "fournil.db", "", summary);
    db.write_sync(|tx| audit::record(tx, &Actor::cli(), &now, event)).map_err(AppError::for_terminal)?;
    println!(
        "Base restaurée depuis {} : {}. Redémarrez le service (sudo systemctl start fournil).",
        file.display(),
        config.db_path().display()
    );
    Ok(())
}
