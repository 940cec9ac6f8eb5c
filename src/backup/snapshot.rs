//! One consistent copy of a live database in one file, taken with SQLite's online backup API
//! while the shop keeps selling. The copy reads from one pinned WAL snapshot (a read transaction
//! held for the whole copy), so concurrent sales neither restart it nor wait for it: in WAL mode
//! readers do not block the writer. It copies `PAGES_PER_STEP` pages at a time with a short pause
//! so a big copy does not hog the disk, and reports progress between steps.
//!
//! The copy is written under a hidden `.partiel` name, verified (`fournil check`, which includes
//! `PRAGMA quick_check` and the schema version), flushed to disk, and only then renamed to its
//! final name. When the binary runs, the copy and its verification each run in a child process
//! (`child`). On any error the partial file is removed. Never a file copy of the live database;
//! never a checkpoint or VACUUM on it.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::store;
use crate::db::migrate;
use crate::system::check;

/// 1 024 pages of 4 KiB: 4 MiB per step.
pub const PAGES_PER_STEP: i32 = 1024;
/// Between steps: lets the disk serve the shop's own writes.
pub const PAUSE: Duration = Duration::from_millis(2);

/// Why a backup could not be written, in words for the shop owner.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("le dossier de sauvegarde {0} n'existe pas (clé USB débranchée ? créez-le ou choisissez-en un autre)")]
    DirMissing(PathBuf),
    #[error("{0} n'est pas un dossier")]
    NotADir(PathBuf),
    #[error("impossible d'écrire dans le dossier de sauvegarde {0} (droits insuffisants ou support en lecture seule)")]
    NotWritable(PathBuf),
    #[error("le disque de {0} est plein : sauvegarde abandonnée, fichier partiel supprimé ; libérez de la place")]
    DiskFull(PathBuf),
    #[error("la base à sauvegarder {0} est introuvable")]
    SourceMissing(PathBuf),
    #[error("la copie {0} est abîmée ({1}) : elle a été supprimée")]
    Corrupt(PathBuf, String),
    #[error("sauvegarde impossible : {0}")]
    Other(String),
}

impl SnapshotError {
    fn io(dir: &Path, e: &std::io::Error) -> SnapshotError {
        match e.kind() {
            ErrorKind::NotFound => SnapshotError::DirMissing(dir.to_path_buf()),
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                SnapshotError::NotWritable(dir.to_path_buf())
            }
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SnapshotError::DiskFull(dir.to_path_buf()),
            _ => SnapshotError::Other(format!("{}: {e}", dir.display())),
        }
    }

    fn sql(dir: &Path, e: rusqlite::Error) -> SnapshotError {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => SnapshotError::DiskFull(dir.to_path_buf()),
            Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) | Some(ErrorCode::CannotOpen) => {
                SnapshotError::NotWritable(dir.to_path_buf())
            }
            _ => SnapshotError::Other(e.to_string()),
        }
    }
}

/// Knobs, mostly for tests.
#[derive(Debug, Clone)]
pub struct Options {
    pub pages_per_step: i32,
    pub pause: Duration,
    /// Caps the copy's size in pages: makes "disk full" reproducible in tests.
    pub max_pages: Option<u32>,
    /// Run `fournil check` on the copy (restore checks the staging copy itself).
    pub verify: bool,
    /// Open the source read-only: a file someone handed us is never modified.
    pub read_only_source: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { pages_per_step: PAGES_PER_STEP, pause: PAUSE, max_pages: None, verify: true, read_only_source: false }
    }
}

/// A verified copy on disk.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub path: PathBuf,
    pub size: u64,
    pub elapsed: Duration,
    /// The copy's part of `elapsed` (the rest is the verification and the final flush).
    pub copied: Duration,
    /// `Ok(())` when `fournil check` passes on the copy, else what it found. The copy is kept
    /// either way: it is faithful to the live database, which has the same findings.
    pub check: Result<(), String>,
}

/// Deletes a partial file (and its journal) unless the copy completed.
struct Partial(Option<PathBuf>);

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(&p);
            let _ = std::fs::remove_file(format!("{}-journal", p.display()));
        }
    }
}

/// The first free name: `name`, else `stem-2.db`, `stem-3.db`, …
pub fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let stem = name.strip_suffix(".db").unwrap_or(name);
    (2..).map(|n| dir.join(format!("{stem}-{n}.db"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Copies the database at `source` into `dir/name` (or the next free name), verified.
/// `progress(copied, total)` is called between steps, in pages.
pub fn write(
    source: &Path,
    dir: &Path,
    name: &str,
    opts: &Options,
    progress: &mut dyn FnMut(i32, i32),
) -> Result<Snapshot, SnapshotError> {
    let started = Instant::now();
    match std::fs::metadata(dir) {
        Err(e) => return Err(SnapshotError::io(dir, &e)),
        Ok(m) if !m.is_dir() => return Err(SnapshotError::NotADir(dir.to_path_buf())),
        Ok(_) => {}
    }
    if !source.is_file() {
        return Err(SnapshotError::SourceMissing(source.to_path_buf()));
    }
    let target = free_name(dir, name);
    let file_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial_path = dir.join(format!(".{file_name}.partiel"));
    // Created by hand first: a clear I/O error (missing, read-only) rather than SQLite's "unable to open".
    OpenOptions::new().write(true).create_new(true).open(&partial_path).map_err(|e| SnapshotError::io(dir, &e))?;
    let mut partial = Partial(Some(partial_path.clone()));

    // The copy runs at the till's priority: while it runs, its pinned snapshot keeps the WAL from
    // being recycled and the till's pages pile up in it. At nice 19 it took the same 17 s on the
    // five-year demo and the till did no better (the CPU is not what it takes; README, eighth
    // session).
    // A capped copy (`max_pages`, the tests' full disk) is not the child's: it runs here.
    let apart =
        if opts.max_pages.is_none() { super::child::copy(source, &partial_path, dir, opts, progress) } else { None };
    match apart {
        Some(copied) => copied?,
        None => {
            // What a child that could not answer may have left.
            let _ = std::fs::remove_file(format!("{}-journal", partial_path.display()));
            File::create(&partial_path).map_err(|e| SnapshotError::io(dir, &e))?;
            copy(source, &partial_path, dir, opts, progress)?;
        }
    }
    let copied = started.elapsed();
    let check = if opts.verify { verify_apart(partial_path.clone())? } else { Ok(()) };
    let file = File::open(&partial_path).map_err(|e| SnapshotError::io(dir, &e))?;
    file.sync_all().map_err(|e| SnapshotError::io(dir, &e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    std::fs::rename(&partial_path, &target).map_err(|e| SnapshotError::io(dir, &e))?;
    partial.0 = None;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    // The copy's and its check's buffers go back to the system (crate::memory).
    crate::memory::give_back();
    Ok(Snapshot { path: target, size, elapsed: started.elapsed(), copied, check })
}

/// The copy itself, on this thread (in the copy's child when the server runs, `child`).
pub(super) fn copy(
    source: &Path,
    dest: &Path,
    dir: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(i32, i32),
) -> Result<(), SnapshotError> {
    let other = |e: rusqlite::Error| SnapshotError::Other(e.to_string());
    // Read-write without create: a read-only open of a WAL database may need to write `-shm`.
    let mode = if opts.read_only_source { OpenFlags::SQLITE_OPEN_READ_ONLY } else { OpenFlags::SQLITE_OPEN_READ_WRITE };
    let src = Connection::open_with_flags(source, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(other)?;
    src.busy_timeout(Duration::from_secs(5)).map_err(other)?;
    // Pin one snapshot for the whole copy: writers on other connections neither restart it nor wait.
    store::pin_snapshot(&src).map_err(other)?;
    let mut dst = Connection::open(dest).map_err(|e| SnapshotError::sql(dir, e))?;
    if let Some(max) = opts.max_pages {
        dst.pragma_update(None, "max_page_count", max).map_err(other)?;
    }
    {
        let backup = Backup::new(&src, &mut dst).map_err(|e| SnapshotError::sql(dir, e))?;
        let mut busy_rounds = 0;
        loop {
            match backup.step(opts.pages_per_step).map_err(|e| SnapshotError::sql(dir, e))? {
                StepResult::Done => break,
                StepResult::More => {
                    let p = backup.progress();
                    progress(p.pagecount - p.remaining, p.pagecount);
                }
                StepResult::Busy | StepResult::Locked => {
                    busy_rounds += 1;
                    if busy_rounds > 5000 {
                        return Err(SnapshotError::Other("la base est restée verrouillée trop longtemps".into()));
                    }
                }
                _ => {}
            }
            std::thread::sleep(opts.pause);
        }
        let p = backup.progress();
        progress(p.pagecount, p.pagecount);
    }
    store::release_snapshot(&src).map_err(other)?;
    // A backup is one self-contained file: no WAL beside it on the USB stick.
    dst.pragma_update(None, "journal_mode", "DELETE").map_err(|e| SnapshotError::sql(dir, e))?;
    dst.close().map_err(|(_, e)| SnapshotError::sql(dir, e))?;
    Ok(())
}

/// Runs `f` on a thread of its own at the lowest CPU priority and waits for it: the copy's
/// verification reads the whole file and would otherwise take a core from the till (on Linux a
/// thread's nice value is its own; the thread ends with `f`, so nothing else inherits it).
fn in_background<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, SnapshotError> {
    std::thread::Builder::new()
        .name("sauvegarde".into())
        .spawn(move || {
            // SAFETY: setpriority only reads its arguments; 0 names the calling thread.
            unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 19) };
            f()
        })
        .map_err(|e| SnapshotError::Other(e.to_string()))?
        .join()
        .map_err(|_| SnapshotError::Other("la vérification de la copie s'est arrêtée net".into()))
}

/// Verifies the copy in a child process when the binary runs (`child`), otherwise on a thread of
/// the lowest priority, here.
fn verify_apart(path: PathBuf) -> Result<Result<(), String>, SnapshotError> {
    match super::child::verify(&path) {
        Some(answer) => answer,
        None => in_background(move || verify(&path))?,
    }
}

/// Opens the copy and runs `fournil check` on it. A broken file is an error; findings of the
/// business rules are reported (the live database has them too).
pub(super) fn verify(path: &Path) -> Result<Result<(), String>, SnapshotError> {
    let corrupt = |why: String| SnapshotError::Corrupt(path.to_path_buf(), why);
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| corrupt(e.to_string()))?;
    // The check's sorts over years of lines spill to a file, not to memory.
    store::spill_to_disk(&conn).map_err(|e| corrupt(e.to_string()))?;
    // A page-for-page copy: quick_check proves every page and record reads back; the indexes
    // against their tables (integrity_check) are the nightly full check's, on the live file.
    let integrity = store::quick_integrity(&conn).map_err(|e| corrupt(e.to_string()))?;
    if integrity != "ok" {
        return Err(corrupt(integrity));
    }
    let version = migrate::version(&conn).map_err(|e| corrupt(e.to_string()))?;
    if !(1..=migrate::LATEST).contains(&version) {
        return Err(corrupt(format!("version de schéma {version} inattendue")));
    }
    // The structure was just proven above: the ledgers' rules alone.
    let report = check::run_at(&conn, check::Depth::Ledgers).map_err(|e| corrupt(e.to_string()))?;
    if report.ok() {
        Ok(Ok(()))
    } else {
        Ok(Err(report.failures().map(|f| format!("{} : {}", f.rule, f.detail)).collect::<Vec<_>>().join(" ; ")))
    }
}

/// Removes the files rotation no longer keeps. Returns what was deleted.
pub fn rotate(dir: &Path, keep_daily: u32, keep_monthly: u32) -> std::io::Result<Vec<PathBuf>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    let mut deleted = Vec::new();
    for name in super::to_delete(&names, keep_daily, keep_monthly) {
        let path = dir.join(&name);
        std::fs::remove_file(&path)?;
        deleted.push(path);
    }
    Ok(deleted)
}
