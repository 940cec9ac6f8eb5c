//! The benchmark's figures: one table for people, the same as JSON for comparing two runs.

use std::path::Path;

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub name: String,
    pub requests: u64,
    pub errors: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// The slowest request: the till's tail a cashier feels.
    pub max_ms: f64,
    /// Why the scenario did not run (a feature not available yet), if so.
    pub skipped: Option<String>,
    /// The first error seen, to explain the count.
    pub first_error: Option<String>,
    /// The process's peak RSS once this scenario is over (kB): which one made it grow.
    pub peak_rss_kb: u64,
}

impl ScenarioResult {
    pub fn skipped(name: &str, why: impl Into<String>) -> ScenarioResult {
        ScenarioResult {
            name: name.into(),
            requests: 0,
            errors: 0,
            per_second: 0.0,
            p50_ms: 0.0,
            p95_ms: 0.0,
            p99_ms: 0.0,
            max_ms: 0.0,
            skipped: Some(why.into()),
            first_error: None,
            peak_rss_kb: crate::memory::peak_rss_kb(),
        }
    }

    /// From the latencies (µs) of the successful requests.
    pub fn of(
        name: &str,
        mut micros: Vec<u64>,
        errors: u64,
        seconds: f64,
        first_error: Option<String>,
    ) -> ScenarioResult {
        micros.sort_unstable();
        let pct = |p: f64| -> f64 {
            if micros.is_empty() {
                return 0.0;
            }
            let i = ((micros.len() as f64 * p).ceil() as usize).clamp(1, micros.len()) - 1;
            micros[i] as f64 / 1_000.0
        };
        ScenarioResult {
            name: name.into(),
            requests: micros.len() as u64 + errors,
            errors,
            per_second: micros.len() as f64 / seconds.max(1e-9),
            p50_ms: pct(0.50),
            p95_ms: pct(0.95),
            p99_ms: pct(0.99),
            max_ms: pct(1.0),
            skipped: None,
            first_error,
            peak_rss_kb: crate::memory::peak_rss_kb(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub years: f64,
    pub clients: usize,
    pub duration_s: f64,
    pub scenarios: Vec<ScenarioResult>,
    pub peak_rss_kb: u64,
    pub db_bytes: u64,
    pub acknowledged_sales: i64,
    pub missing_sales: i64,
    pub check_ok: bool,
    /// The final check's own peak (kB), in its child process; `None` when it ran in this one.
    pub check_peak_rss_kb: Option<u64>,
    /// The demo was built by this run: the peak RSS then includes the build.
    pub built: bool,
}

impl Report {
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<18} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}\n",
            "scénario", "requêtes", "erreurs", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "RSS Mo"
        );
        for s in &self.scenarios {
            match &s.skipped {
                Some(why) => out.push_str(&format!("{:<18} non mesuré : {why}\n", s.name)),
                None => out.push_str(&format!(
                    "{:<18} {:>9} {:>7} {:>9.0} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>8.1}\n",
                    s.name,
                    s.requests,
                    s.errors,
                    s.per_second,
                    s.p50_ms,
                    s.p95_ms,
                    s.p99_ms,
                    s.max_ms,
                    s.peak_rss_kb as f64 / 1024.0
                )),
            }
            if let Some(e) = &s.first_error {
                out.push_str(&format!("{:<18}   première erreur : {e}\n", ""));
            }
        }
        out.push_str(&format!(
            "RSS max {:.1} Mo · base {:.1} Mo · {} client(s) · {} ventes acquittées, {} introuvable(s) · contrôle {}",
            self.peak_rss_kb as f64 / 1024.0,
            self.db_bytes as f64 / 1_048_576.0,
            self.clients,
            self.acknowledged_sales,
            self.missing_sales,
            if self.check_ok { "ok" } else { "en ÉCHEC" }
        ));
        if let Some(kb) = self.check_peak_rss_kb {
            out.push_str(&format!(" (dans un processus à part : RSS max {:.1} Mo)", kb as f64 / 1024.0));
        }
        if self.built {
            out.push_str("\n(base construite par ce lancement : le RSS max inclut la construction ; relancez pour mesurer le serveur seul)");
        }
        out
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Successes per second in each window of `window_ms`, from the times they ended (ms): where a
/// load slowed down, e.g. during the copy or the verification of a backup.
pub fn timeline(ended_ms: &[u64], window_ms: u64) -> String {
    let windows = ended_ms.iter().max().map_or(0, |m| m / window_ms + 1) as usize;
    let mut counts = vec![0u64; windows];
    for t in ended_ms {
        counts[(t / window_ms) as usize] += 1;
    }
    let per_s = |c: &u64| format!("{:.0}", *c as f64 * 1_000.0 / window_ms as f64);
    counts.iter().map(per_s).collect::<Vec<_>>().join(" ")
}

/// The database file plus its WAL.
pub fn db_bytes(path: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    size(path) + size(Path::new(&format!("{}-wal", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_read_from_the_sorted_latencies() {
        let r = ScenarioResult::of("x", (1..=100).map(|i| i * 1_000).collect(), 2, 1.0, None);
        assert_eq!((r.p50_ms, r.p95_ms, r.p99_ms, r.max_ms), (50.0, 95.0, 99.0, 100.0));
        assert_eq!(r.requests, 102);
    }

    #[test]
    fn the_timeline_counts_successes_per_second_in_each_window() {
        assert_eq!(timeline(&[0, 500, 999, 1_000, 2_500, 2_600], 1_000), "3 1 2");
        assert_eq!(timeline(&[100, 19_999], 10_000), "0 0");
        assert_eq!(timeline(&[], 10_000), "");
    }
}
