//! The integrity check in a process of its own: the server's nightly run, the admin's page, the
//! API and the bench's final proof run `fournil controler-base DB` (hidden), which checks and
//! records the run as `fournil check` does, and prints its report as JSON.
//!
//! The check reads every ledger through SQLite's page caches and sorts: run on a reader of the
//! server, it left its memory in the server's allocator among the till's. Measured with `fournil
//! bench` on the five-year demo (README, eleventh session): the bench's final check took the
//! server's peak from 58,7 to 63,3 MB on a reader; with the check in a child, the server's peak
//! through the whole bench was 58,3 and 57,8 MB (two runs), the child's own 35 MB, given back
//! when it ends.
//!
//! The child runs at the lowest priority. Where it cannot answer (children not enabled, the binary
//! replaced by an upgrade, the child killed), the check runs on a thread of the server as before.

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use super::check::{Depth, Origin, Report};
use crate::db::Db;
use crate::error::AppError;

/// The hidden subcommand (`cli`).
pub const CHECK_COMMAND: &str = "controler-base";

/// What the child prints on its standard output.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Answer {
    report: Report,
    /// The child's peak resident memory (VmHWM), in kB.
    peak_rss_kb: u64,
}

/// What the check's child is told.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// La base à contrôler.
    db: PathBuf,
    /// Qui l'a demandé : commande, page ou serveur.
    #[arg(long)]
    origine: String,
    /// Le contrôle complet (`fournil check --full`).
    #[arg(long)]
    complet: bool,
    /// Quand il a été demandé (horodatage UTC).
    #[arg(long)]
    debut: String,
}

/// A check run and recorded away from the server's memory.
#[derive(Debug)]
pub struct Checked {
    pub report: Report,
    /// The child's peak memory in kB; `None` when the check ran in this process.
    pub child_peak_kb: Option<u64>,
}

/// `run_apart` from a request or the bench, on a thread that may block.
pub async fn run_apart_async(db: &Db, origin: Origin, depth: Depth, started_at: String) -> Result<Checked, AppError> {
    let db = db.clone();
    crate::db::blocking(move || run_apart(&db, origin, depth, started_at)).await
}

/// Runs the check and records it, in a child when one can answer, else on this thread. Blocks:
/// call it from a thread that may (`run_apart_async`, a daily job).
pub fn run_apart(db: &Db, origin: Origin, depth: Depth, started_at: String) -> Result<Checked, AppError> {
    if let Some(answer) = in_child(db.path(), origin, depth, &started_at) {
        return Ok(Checked { report: answer.report, child_peak_kb: Some(answer.peak_rss_kb) });
    }
    let report = super::nightly::run_recorded(db, origin, depth, started_at)?;
    Ok(Checked { report, child_peak_kb: None })
}

fn in_child(db: &Path, origin: Origin, depth: Depth, started_at: &str) -> Option<Answer> {
    let full = match depth {
        Depth::Full => true,
        Depth::Quick => false,
        // Only a backup's copy is checked on its ledgers alone, by `backup::child`.
        Depth::Ledgers => return None,
    };
    let mut command = crate::children::command(CHECK_COMMAND)?;
    command.arg(db).args(["--origine", origin.code(), "--debut", started_at]);
    if full {
        command.arg("--complet");
    }
    let out = command.stdin(Stdio::null()).stderr(Stdio::inherit()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

/// `fournil controler-base DB`, the child's side: the check at the lowest priority, recorded in
/// the database, its report and peak memory on the standard output as JSON.
pub fn check_as_child(args: &CheckArgs) -> ExitCode {
    crate::children::lowest_priority();
    let Some(origin) = Origin::from_code(&args.origine) else {
        eprintln!("origine inconnue : {}", args.origine);
        return ExitCode::FAILURE;
    };
    let depth = if args.complet { Depth::Full } else { Depth::Quick };
    let checked = Db::open(&args.db)
        .map_err(AppError::from)
        .and_then(|db| super::nightly::run_recorded(&db, origin, depth, args.debut.clone()));
    match checked {
        Ok(report) => {
            let answer = Answer { report, peak_rss_kb: crate::memory::peak_rss_kb() };
            match serde_json::to_string(&answer) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("contrôle : réponse impossible : {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("contrôle impossible : {e}");
            ExitCode::FAILURE
        }
    }
}
