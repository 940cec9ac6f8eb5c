//! The server's heavy work in processes of their own: the same binary, run by the server with a
//! hidden subcommand (a backup's copy and its verification, `backup::child`; the integrity check,
//! `system::child`). Each child uses its own memory and allocator, gives it all back when it ends,
//! and never holds the till's locks or caches.
//!
//! Children are enabled by the binary's `main`. Where the library runs inside another program
//! (the tests), they never are, and the callers do the same work on a thread of their own.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the binary's `main` (`enable`).
static ENABLED: AtomicBool = AtomicBool::new(false);

/// The binary to start, when it is not this process's own (`enable_with`).
static BINARY: OnceLock<PathBuf> = OnceLock::new();

/// From now on, the heavy work is done in child processes.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// The same, for a program that runs the library but is not `fournil` itself (a test): its
/// children are `binary`.
pub fn enable_with(binary: PathBuf) {
    let _ = BINARY.set(binary);
    enable();
}

/// This binary, told to run `subcommand`; `None` when children are not enabled. A binary replaced
/// by an upgrade since the server started fails to spawn: the callers then do the work themselves.
pub fn command(subcommand: &str) -> Option<Command> {
    if !ENABLED.load(Ordering::Relaxed) {
        return None;
    }
    let binary = match BINARY.get() {
        Some(binary) => binary.clone(),
        None => std::env::current_exe().ok()?,
    };
    let mut command = Command::new(binary);
    command.arg(subcommand);
    Some(command)
}

/// Puts the calling process at the lowest priority: the till's requests come first.
pub fn lowest_priority() {
    // SAFETY: setpriority only reads its arguments; 0 names this process.
    unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 19) };
}
