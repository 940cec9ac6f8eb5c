//! A backup's heavy work in a process of its own: the same binary, run by the server with a hidden
//! subcommand, answering by its exit code. The copy (`copier-base`) and its verification
//! (`verifier-copie`) then use their own memory and their own allocator, not the till's.
//!
//! Measured with `fournil bench --scenarios sauvegarde` on the five-year demo, the database reset
//! between runs (README, eighth and ninth sessions):
//! - the verification on a thread of the server shared the till's allocator and caches: the till
//!   sold 71 % of its tickets during the backup, 83–86 % with the verification in a child;
//! - the copy on a thread of the server left 10–20 MB of the server's heap behind it (its page
//!   caches among the till's allocations): the server's peak during a backup was 55–68 MB (four
//!   runs), 44–45 MB with the copy in a child (three runs), its serving level.
//!
//! Either child falls back to the same work on a thread here when it cannot answer (the binary
//! replaced by an upgrade while the server ran, killed), and where the library runs inside another
//! program (the tests), children are never enabled (`crate::children`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::time::Duration;

use super::snapshot::{self, Options, SnapshotError};
use crate::children::command as child;

/// The hidden subcommands (`cli`).
pub const VERIFY_COMMAND: &str = "verifier-copie";
pub const COPY_COMMAND: &str = "copier-base";

/// The verification's answers: the check found something (the findings on its standard output),
/// the file is broken (the reason on its standard output). Any other end means it could not say.
const FINDINGS: u8 = 10;
const CORRUPT: u8 = 11;
/// The copy's answers besides 0: the disk is full, the folder cannot be written, another error
/// (its message on the last line of the standard output).
const DISK_FULL: u8 = 20;
const NOT_WRITABLE: u8 = 21;
const FAILED: u8 = 22;

/// Verifies the copy in a child at the lowest priority. `None` when children are not enabled or
/// the child could not answer: the caller then verifies the copy itself.
pub(super) fn verify(path: &Path) -> Option<Result<Result<(), String>, SnapshotError>> {
    let out = child(VERIFY_COMMAND)?.arg(path).stdin(Stdio::null()).stderr(Stdio::inherit()).output().ok()?;
    let said = String::from_utf8_lossy(&out.stdout).trim().to_string();
    match u8::try_from(out.status.code()?).ok()? {
        0 => Some(Ok(Ok(()))),
        FINDINGS => Some(Ok(Err(said))),
        CORRUPT => Some(Err(SnapshotError::Corrupt(path.to_path_buf(), said))),
        _ => None,
    }
}

/// `fournil verifier-copie FILE`, the child's side: verifies the copy at the lowest priority and
/// answers by its exit code.
pub fn verify_as_child(path: &Path) -> ExitCode {
    crate::children::lowest_priority();
    match snapshot::verify(path) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(findings)) => {
            println!("{findings}");
            ExitCode::from(FINDINGS)
        }
        Err(SnapshotError::Corrupt(_, why)) => {
            println!("{why}");
            ExitCode::from(CORRUPT)
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Copies `source` into `dest` (created empty) in a child, which reports its progress line by
/// line ("copied total", in pages). `None` when children are not enabled or the child could not
/// answer: `dest` may then hold part of a copy.
pub(super) fn copy(
    source: &Path,
    dest: &Path,
    dir: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(i32, i32),
) -> Option<Result<(), SnapshotError>> {
    let mut command = child(COPY_COMMAND)?;
    command.arg(source).arg(dest);
    command.arg("--pages").arg(opts.pages_per_step.to_string());
    command.arg("--pause-ms").arg(opts.pause.as_millis().to_string());
    if opts.read_only_source {
        command.arg("--lecture-seule");
    }
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().ok()?;
    let mut said = String::new();
    for line in BufReader::new(child.stdout.take()?).lines() {
        let Ok(line) = line else { break };
        match line.split_once(' ').and_then(|(done, total)| Some((done.parse().ok()?, total.parse().ok()?))) {
            Some((done, total)) => progress(done, total),
            None => said = line,
        }
    }
    match u8::try_from(child.wait().ok()?.code()?).ok()? {
        0 => Some(Ok(())),
        DISK_FULL => Some(Err(SnapshotError::DiskFull(dir.to_path_buf()))),
        NOT_WRITABLE => Some(Err(SnapshotError::NotWritable(dir.to_path_buf()))),
        FAILED => Some(Err(SnapshotError::Other(said))),
        _ => None,
    }
}

/// What the copy's child is told.
#[derive(Debug, clap::Args)]
pub struct CopyArgs {
    source: std::path::PathBuf,
    dest: std::path::PathBuf,
    #[arg(long)]
    pages: i32,
    #[arg(long)]
    pause_ms: u64,
    #[arg(long = "lecture-seule")]
    read_only: bool,
}

/// `fournil copier-base SOURCE DEST`, the child's side: the copy at the till's priority (see
/// `snapshot::write`), its progress on the standard output, its answer by the exit code.
pub fn copy_as_child(args: &CopyArgs) -> ExitCode {
    let opts = Options {
        pages_per_step: args.pages,
        pause: Duration::from_millis(args.pause_ms),
        read_only_source: args.read_only,
        ..Options::default()
    };
    let dir = args.dest.parent().unwrap_or(Path::new("."));
    let mut progress = |done: i32, total: i32| println!("{done} {total}");
    match snapshot::copy(&args.source, &args.dest, dir, &opts, &mut progress) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &e {
                SnapshotError::Other(message) => println!("{message}"),
                e => println!("{e}"),
            }
            ExitCode::from(match e {
                SnapshotError::DiskFull(_) => DISK_FULL,
                SnapshotError::NotWritable(_) => NOT_WRITABLE,
                _ => FAILED,
            })
        }
    }
}
