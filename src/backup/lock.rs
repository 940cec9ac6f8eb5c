//! Is a server running on this data directory? `serve` holds an exclusive advisory lock
//! (`flock`) on `<data-dir>/fournil.lock` for its whole life and writes its pid in it. The kernel
//! drops the lock when the process ends, however it ends (even SIGKILL or a power cut), so a
//! stale file never blocks a restore, and no port or pid guessing is involved. `restore` takes
//! the same lock for the duration of the swap, so a server cannot start in the middle of it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "fournil.lock";

/// Held while alive; released when dropped or when the process ends.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
    pub path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("le serveur Fournil est en marche sur ce dossier de données{}", pid_text(.0))]
    Held(Option<u32>),
    #[error("impossible d'ouvrir {0} : {1}")]
    Io(PathBuf, std::io::Error),
}

fn pid_text(pid: &Option<u32>) -> String {
    pid.map(|p| format!(" (processus {p})")).unwrap_or_default()
}

/// Takes the data directory's lock, or says who holds it.
pub fn acquire(data_dir: &Path) -> Result<DataDirLock, LockError> {
    let path = data_dir.join(FILE_NAME);
    let io = |e| LockError::Io(path.clone(), e);
    let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            return Err(LockError::Held(text.trim().parse().ok()));
        }
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    file.set_len(0).map_err(io)?;
    file.rewind().map_err(io)?;
    write!(file, "{}", std::process::id()).map_err(io)?;
    Ok(DataDirLock { _file: file, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_exclusive_and_names_its_holder() {
        let dir = tempfile::tempdir().unwrap();
        let held = acquire(dir.path()).unwrap();
        match acquire(dir.path()) {
            Err(LockError::Held(Some(pid))) => assert_eq!(pid, std::process::id()),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(held);
        assert!(acquire(dir.path()).is_ok());
    }
}
