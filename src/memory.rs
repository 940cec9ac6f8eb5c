//! How the process's memory allocator behaves (issue #20: RSS ≤ 60 MB at every moment).
//!
//! glibc gives each thread that allocates under contention its own arena, up to 8 per core
//! (16 here): the tokio workers, the blocking pool that runs every page's SQLite reads, the
//! writer, the backup's and the check's threads. Each arena keeps what its heavy moments freed
//! (a five-year report, the stock list, the check's batches), so RSS climbed with the number of
//! threads that once did something large. Measured with `fournil bench` on the five-year demo
//! (stock, balance, home, month report and the check, 8 clients): peak 72,9 MB as glibc ships;
//! 60,0 MB with two arenas; 65,4 MB with fixed mmap/trim thresholds alone; 58,7 MB with both.
//!
//! So: two arenas (the two cores), and fixed thresholds of 128 KiB. A fixed `M_MMAP_THRESHOLD`
//! also stops glibc from raising it after each large free (up to 32 MiB), which kept later large
//! buffers (a CSV export, a page of five years) inside the arenas instead of giving them back.
//! [`give_back`] returns the free pages inside the arenas after the moments known to be large.

/// Sets the allocator's limits; called first thing in `main`, before any thread exists.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets glibc's allocator parameters; called before any other thread runs.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
    }
    sqlite_without_statistics();
}

/// Turns off SQLite's memory statistics, which it keeps by default (`SQLITE_DEFAULT_MEMSTATUS`):
/// with them, every allocation any connection makes runs under one mutex shared by the whole
/// process, so a thread at the lowest priority preempted while holding it (a check on its
/// background thread) makes every sale wait. Measured with `fournil bench --scenarios
/// sauvegarde` on the five-year demo, the database reset between runs, the copy still verified
/// inside the server: the till sold 63 % of its tickets during the backup with the statistics,
/// 71 % without. Nothing in Fournil reads them. Must run before the first connection opens
/// (SQLite refuses it once initialised).
fn sqlite_without_statistics() {
    // SAFETY: SQLITE_CONFIG_MEMSTATUS takes one int; before sqlite3_initialize, as here, it sets
    // the option; after it, SQLite answers SQLITE_MISUSE and changes nothing.
    unsafe {
        rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int);
    }
}

/// Gives the free pages of every arena back to the system (after a check, a backup): what a
/// large moment freed stops counting in the RSS.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory glibc holds free; safe from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The process's peak resident memory (VmHWM), in kB; 0 where /proc is absent.
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}
