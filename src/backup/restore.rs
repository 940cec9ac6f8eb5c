//! `fournil restore FILE`: puts a backup back in place of the live database, safely.
//!
//! 1. Refuses while a server runs on the data directory (see `lock.rs`), and holds the lock.
//! 2. Reads the file's header: not SQLite, or shorter than its header says (truncated): refused.
//! 3. Copies it (online backup API) to a staging file beside the live database, so the file
//!    given is never modified; `integrity_check` on the copy; a foreign SQLite file or one from
//!    a newer Fournil is refused; an older one is upgraded (in the copy).
//! 4. Runs `fournil check` on the copy: findings refuse the restore unless `--force`, which
//!    lists them.
//! 5. Moves the live database aside as `fournil.db.avant-restauration-<stamp>` (with its `-wal`
//!    and `-shm`, renamed alike so SQLite still pairs them) — never deleted — then renames the
//!    staging copy to `fournil.db`. Any refusal leaves the live database untouched.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::lock::{self, LockError};
use super::snapshot::{self, Options};
use super::store;
use crate::db::migrate;
use crate::system::check;

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{0} ; arrêtez-le d'abord (sudo systemctl stop fournil), puis relancez la restauration")]
    ServerRunning(LockError),
    #[error("le fichier {0} est introuvable")]
    Missing(PathBuf),
    #[error("{0} n'est pas une base SQLite : ce n'est pas une sauvegarde Fournil")]
    NotSqlite(PathBuf),
    #[error("{0} est tronqué : {1} octets au lieu de {2} (copie interrompue ?)")]
    Truncated(PathBuf, u64, u64),
    #[error("{0} est abîmé : {1}")]
    Corrupt(PathBuf, String),
    #[error("{0} est une base SQLite, mais pas une base Fournil")]
    Foreign(PathBuf),
    #[error(
        "{0} vient d'un Fournil plus récent (schéma v{1}, ce programme connaît jusqu'à v{2}) : installez la version récente de Fournil"
    )]
    Newer(PathBuf, i64, i64),
    #[error("le contrôle de {0} a trouvé des incohérences : {1}. Relancez avec --force pour restaurer quand même")]
    CheckFailed(PathBuf, String),
    #[error("restauration impossible : {0}")]
    Io(String),
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// Where the previous database was moved (None if there was none).
    pub aside: Option<PathBuf>,
    /// Schema version of the file given (upgraded if older).
    pub from_version: i64,
    /// Findings accepted with `--force`.
    pub forced: Vec<String>,
}

/// Restores `file` as `db_path`. `stamp` names the copy kept aside.
pub fn restore(db_path: &Path, file: &Path, force: bool, stamp: &str) -> Result<Restored, RestoreError> {
    let data_dir = db_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(data_dir).map_err(|e| RestoreError::Io(e.to_string()))?;
    let _lock = lock::acquire(data_dir).map_err(|e| match e {
        LockError::Held(_) => RestoreError::ServerRunning(e),
        LockError::Io(..) => RestoreError::Io(e.to_string()),
    })?;
    check_header(file)?;

    let staging_name = format!("fournil.db.restauration-{stamp}");
    let _ = std::fs::remove_file(data_dir.join(&staging_name));
    let opts = Options { verify: false, read_only_source: true, ..Options::default() };
    let copy = snapshot::write(file, data_dir, &staging_name, &opts, &mut |_, _| {});
    let staging = match copy {
        Ok(s) => s.path,
        Err(snapshot::SnapshotError::Corrupt(_, why)) => return Err(RestoreError::Corrupt(file.to_path_buf(), why)),
        Err(e) => return Err(RestoreError::Corrupt(file.to_path_buf(), e.to_string())),
    };
    let staged = Staging(Some(staging.clone()));
    let (from_version, forced) = prepare(&staging, file, force)?;
    swap(db_path, &staging, stamp).map(|aside| {
        std::mem::forget(staged);
        Restored { aside, from_version, forced }
    })
}

/// Removes the staging copy when the restore is refused.
struct Staging(Option<PathBuf>);

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
            }
        }
    }
}

/// "SQLite format 3\0", and a file as long as its header says.
fn check_header(file: &Path) -> Result<(), RestoreError> {
    let mut f = std::fs::File::open(file).map_err(|_| RestoreError::Missing(file.to_path_buf()))?;
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut header = [0u8; 100];
    if f.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(RestoreError::NotSqlite(file.to_path_buf()));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([header[28], header[29], header[30], header[31]]));
    let expected = page_size * pages;
    // The in-header size is valid when both change counters agree (SQLite ≥ 3.7.0 writers).
    if header[24..28] == header[92..96] && pages > 0 && len < expected {
        return Err(RestoreError::Truncated(file.to_path_buf(), len, expected));
    }
    Ok(())
}

/// Checks the staging copy, upgrades it if it is older, and leaves it as one self-contained file.
fn prepare(staging: &Path, file: &Path, force: bool) -> Result<(i64, Vec<String>), RestoreError> {
    let corrupt = |e: rusqlite::Error| RestoreError::Corrupt(file.to_path_buf(), e.to_string());
    let mut conn =
        Connection::open_with_flags(staging, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(corrupt)?;
    let integrity = store::integrity(&conn).map_err(corrupt)?;
    if integrity != "ok" {
        return Err(RestoreError::Corrupt(file.to_path_buf(), integrity));
    }
    let version = migrate::version(&conn).map_err(corrupt)?;
    let fournil_tables = store::fournil_tables(&conn).map_err(corrupt)?;
    if version == 0 || fournil_tables < 3 {
        return Err(RestoreError::Foreign(file.to_path_buf()));
    }
    if version > migrate::LATEST {
        return Err(RestoreError::Newer(file.to_path_buf(), version, migrate::LATEST));
    }
    if version < migrate::LATEST {
        migrate::run(&mut conn).map_err(|e| RestoreError::Corrupt(file.to_path_buf(), format!("{e:#}")))?;
    }
    let report = check::run(&conn).map_err(|e| RestoreError::Corrupt(file.to_path_buf(), e.to_string()))?;
    let findings: Vec<String> = report.failures().map(|f| format!("{} : {}", f.rule, f.detail)).collect();
    if !findings.is_empty() && !force {
        return Err(RestoreError::CheckFailed(file.to_path_buf(), findings.join(" ; ")));
    }
    conn.pragma_update(None, "journal_mode", "DELETE").map_err(corrupt)?;
    conn.close().map_err(|(_, e)| corrupt(e))?;
    Ok((version, findings))
}

/// Moves the live database (and its WAL files) aside, then puts the staging copy in its place.
fn swap(db_path: &Path, staging: &Path, stamp: &str) -> Result<Option<PathBuf>, RestoreError> {
    let io = |e: std::io::Error| RestoreError::Io(e.to_string());
    let aside = PathBuf::from(format!("{}.avant-restauration-{stamp}", db_path.display()));
    let had_db = db_path.exists();
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db_path.display()));
        if from.exists() {
            let to = PathBuf::from(format!("{}{suffix}", aside.display()));
            if let Err(e) = std::fs::rename(&from, &to) {
                undo(&moved);
                return Err(io(e));
            }
            moved.push((from, to));
        }
    }
    if let Err(e) = std::fs::rename(staging, db_path) {
        undo(&moved);
        return Err(io(e));
    }
    if let Some(dir) = db_path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(had_db.then_some(aside))
}

fn undo(moved: &[(PathBuf, PathBuf)]) {
    for (from, to) in moved.iter().rev() {
        let _ = std::fs::rename(to, from);
    }
}
