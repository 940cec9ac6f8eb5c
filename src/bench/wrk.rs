//! The scenario `encaissement-wrk`: the same 3-line cash ticket as `encaissement`, posted by `wrk`
//! (an outside HTTP client, keep-alive, its own process) instead of the in-process clients, so the
//! figure includes the HTTP cost a tablet pays. Each request carries a fresh token (a Lua counter
//! per wrk thread). Skipped with the reason when `wrk` is not installed (`apt-get install wrk`).

use std::process::Command;
use std::time::Duration;

use super::ScenarioResult;
use super::setup::Target;

/// The Lua script: one fresh token per request, per thread.
fn script(env: &Target, run: u64) -> String {
    let lines: Vec<String> =
        env.ticket_products.iter().map(|id| format!(r#"{{\"product_id\":{id},\"qty\":\"1\"}}"#)).collect();
    format!(
        r#"local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {bearer}"
function request()
  n = n + 1
  local body = string.format("{{\"token\":\"wrk-{run}-%d-%d\",\"till_id\":{till},\"lines\":[{lines}],\"payments\":[{{\"method\":\"especes\",\"amount\":\"1000\"}}]}}", tid, n)
  return wrk.format(nil, "/api/v1/sales", nil, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("fournil %d %d %d %d %d %d %d\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"#,
        bearer = env.bearer,
        till = crate::demo::sales::TILL,
        lines = lines.join(","),
    )
}

/// Runs wrk for `duration` with `clients` connections on two threads at most.
pub async fn drive(env: &Target, clients: usize, duration: Duration) -> ScenarioResult {
    const NAME: &str = "encaissement-wrk";
    if let Some(why) = &env.no_sales {
        return ScenarioResult::skipped(NAME, why.clone());
    }
    if Command::new("wrk").arg("--version").output().is_err() {
        return ScenarioResult::skipped(NAME, "wrk n'est pas installé (apt-get install wrk)");
    }
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => return ScenarioResult::skipped(NAME, format!("dossier temporaire : {e}")),
    };
    let path = dir.path().join("encaissement.lua");
    if let Err(e) = std::fs::write(&path, script(env, run as u64)) {
        return ScenarioResult::skipped(NAME, format!("script wrk : {e}"));
    }
    let args = [
        format!("-t{}", clients.clamp(1, 2)),
        format!("-c{clients}"),
        format!("-d{}s", duration.as_secs().max(1)),
        "--latency".into(),
        "-s".into(),
        path.display().to_string(),
        format!("http://{}", env.addr),
    ];
    // The server keeps running on this runtime's workers while wrk drives it.
    let out = crate::db::blocking(move || Command::new("wrk").args(&args).output()).await;
    match out {
        Ok(o) if o.status.success() => parse(NAME, &String::from_utf8_lossy(&o.stdout)),
        Ok(o) => ScenarioResult::skipped(NAME, format!("wrk a échoué : {}", String::from_utf8_lossy(&o.stderr))),
        Err(e) => ScenarioResult::skipped(NAME, format!("wrk : {e}")),
    }
}

/// Reads the line the script's `done` writes: requests, errors, duration (µs), then p50, p95,
/// p99 and max latencies (µs).
fn parse(name: &str, out: &str) -> ScenarioResult {
    let line = out.lines().find_map(|l| l.strip_prefix("fournil "));
    let n: Vec<u64> = line.map(|l| l.split_whitespace().filter_map(|w| w.parse().ok()).collect()).unwrap_or_default();
    let [requests, errors, duration, p50, p95, p99, max] = n[..] else {
        return ScenarioResult::skipped(name, format!("sortie de wrk illisible : {out}"));
    };
    let ok = requests.saturating_sub(errors);
    let ms = |us: u64| us as f64 / 1_000.0;
    let mut r = ScenarioResult::of(name, Vec::new(), errors, duration as f64 / 1e6, None);
    (r.requests, r.per_second) = (requests, ok as f64 / (duration as f64 / 1e6).max(1e-9));
    (r.p50_ms, r.p95_ms, r.p99_ms, r.max_ms) = (ms(p50), ms(p95), ms(p99), ms(max));
    if errors > 0 {
        r.first_error = Some(format!("{errors} réponse(s) en erreur (non 2xx ou connexion)"));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_scripts_summary_line() {
        let out = "Running 5s test @ http://127.0.0.1:1\n  7960 requests in 5.00s\nfournil 7960 3 5000000 4800 6900 12400 40120\n";
        let r = parse("x", out);
        assert_eq!((r.p50_ms, r.p95_ms, r.p99_ms, r.max_ms), (4.8, 6.9, 12.4, 40.12));
        assert_eq!((r.requests, r.errors, r.per_second), (7960, 3, 1591.4));
        assert!(parse("x", "garbage").skipped.is_some());
    }
}
