//! The load: K clients, each with its own keep-alive connection, sending one scenario's request
//! in a loop until the time is up; latencies of the answers that succeeded, errors counted.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::report::ScenarioResult;
use super::setup::Target;

type Http = Client<HttpConnector, Full<Bytes>>;

fn http() -> Http {
    Client::builder(TokioExecutor::new()).build_http()
}

/// What one request of a scenario is.
enum Call {
    Page(String),
    Ticket,
    Backup,
    Order,
    HandOver,
    /// A batch of `ATTLOG_BATCH` punch lines from the clock.
    Attlog,
}

fn post_json(
    req: hyper::http::request::Builder,
    env: &Target,
    path: &str,
    body: serde_json::Value,
) -> Result<Request<Full<Bytes>>, hyper::http::Error> {
    req.method(Method::POST)
        .uri(format!("http://{}{path}", env.addr))
        .header("authorization", format!("Bearer {}", env.bearer))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
}

/// The punches in one clock batch.
pub const ATTLOG_BATCH: usize = 10_000;

/// Batch `n` of the clock scenario: `ATTLOG_BATCH / 2` pairs (an IN on the hour, its OUT 30
/// minutes later), shared round the PINs, in the days before every earlier batch: all new, all
/// paired. The low 20 bits of `n` number the requests of this run.
fn attlog_body(c: &super::setup::ClockTarget, n: u64) -> String {
    let pins = c.pins.len().max(1);
    let days_per_batch = (ATTLOG_BATCH / 2).div_ceil(pins * 24) as i64 + 1;
    let start = c.from - chrono::Duration::days(((n & 0xF_FFFF) as i64 + 1) * days_per_batch);
    let mut body = String::with_capacity(ATTLOG_BATCH * 40);
    for q in 0..ATTLOG_BATCH / 2 {
        let (pin, slot) = (&c.pins[q % pins], (q / pins) as i64);
        let at = start + chrono::Duration::hours(slot);
        for (at, state) in [(at, 0), (at + chrono::Duration::minutes(30), 1)] {
            body.push_str(&format!("{pin}\t{}\t{state}\t1\t0\t0\t0\r\n", at.format("%Y-%m-%d %H:%M:%S")));
        }
    }
    body
}

fn build(env: &Target, call: &Call, n: u64) -> Request<Full<Bytes>> {
    let base = format!("http://{}", env.addr);
    let req = Request::builder();
    let r = match call {
        Call::Page(path) if path.starts_with("/api/") => req
            .method(Method::GET)
            .uri(format!("{base}{path}"))
            .header("authorization", format!("Bearer {}", env.bearer))
            .body(Full::default()),
        Call::Page(path) => {
            req.method(Method::GET).uri(format!("{base}{path}")).header("cookie", &env.cookie).body(Full::default())
        }
        Call::Backup => req
            .method(Method::POST)
            .uri(format!("{base}/admin/sauvegardes/lancer"))
            .header("cookie", &env.cookie)
            .header(crate::auth::session::CSRF_HEADER, &env.csrf)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Full::new(Bytes::from(format!("_csrf={}", env.csrf)))),
        Call::Attlog => match &env.clock {
            Some(c) => req
                .method(Method::POST)
                .uri(format!("http://{}/iclock/cdata?SN={}&table=ATTLOG&Stamp={n}", c.addr, c.serial))
                .header("content-type", "text/plain")
                .body(Full::new(Bytes::from(attlog_body(c, n)))),
            None => req.method(Method::GET).uri(format!("{base}/")).body(Full::default()),
        },
        Call::Ticket => {
            let lines: Vec<_> =
                env.ticket_products.iter().map(|id| serde_json::json!({"product_id": id, "qty": "1"})).collect();
            let body = serde_json::json!({
                "token": format!("bench-{n:x}"),
                "till_id": crate::demo::sales::TILL,
                "lines": lines,
                "payments": [{"method": "especes", "amount": "1000"}],
            });
            req.method(Method::POST)
                .uri(format!("{base}/api/v1/sales"))
                .header("authorization", format!("Bearer {}", env.bearer))
                .header("content-type", "application/json")
                .body(Full::new(Bytes::from(body.to_string())))
        }
        Call::Order => {
            let body = serde_json::json!({
                "token": format!("bench-o-{n:x}"),
                "customer_id": env.order_customer,
                "due_day": env.tomorrow,
                "due_time": "15:00",
                "lines": [{"product_id": env.order_product, "qty": "1", "options": "Joyeux anniversaire"}],
                "deposit": {"method": "especes", "amount": "100", "tendered": "200", "token": format!("bench-a-{n:x}")},
                "till_id": crate::demo::sales::TILL,
            });
            post_json(req, env, "/api/v1/commandes", body)
        }
        Call::HandOver => {
            let (id, balance) = &env.ready[(n & 0xF_FFFF) as usize % env.ready.len().max(1)];
            let body = serde_json::json!({
                "payment": {"method": "especes", "amount": balance, "tendered": balance, "token": format!("bench-s-{n:x}")},
                "token": format!("bench-r-{n:x}"),
                "till_id": crate::demo::sales::TILL,
            });
            post_json(req, env, &format!("/api/v1/commandes/{id}/remettre"), body)
        }
    };
    r.unwrap_or_default()
}

/// The hidden CSRF field of a page, for the state-changing requests.
pub async fn csrf_of(env: &Target) -> anyhow::Result<String> {
    let resp = http().request(build(env, &Call::Page("/stock".into()), 0)).await?;
    let body = resp.into_body().collect().await?.to_bytes();
    let text = String::from_utf8_lossy(&body);
    let marker = "name=\"_csrf\" value=\"";
    text.find(marker)
        .and_then(|i| text[i + marker.len()..].split('"').next().map(str::to_string))
        .ok_or_else(|| anyhow::anyhow!("jeton CSRF introuvable dans /stock (session refusée ?)"))
}

#[derive(Default)]
struct Tally {
    micros: Vec<u64>,
    /// When each success ended, in ms from the scenario's start (the timeline around a backup).
    ended_ms: Vec<u64>,
    errors: u64,
    first_error: Option<String>,
}

/// When a client stops: at `until`, and around a backup not before the backup ends (on a big
/// database one backup outlasts `--duration`: the till's figure is then over the whole backup).
#[derive(Clone)]
struct Stop {
    started: Instant,
    until: Instant,
    /// Backup clients still running, for the clients around them.
    backups: Option<Arc<AtomicUsize>>,
}

impl Stop {
    fn reached(&self) -> bool {
        Instant::now() >= self.until && self.backups.as_ref().is_none_or(|b| b.load(Ordering::Acquire) == 0)
    }
}

/// A backup client running: counted down when its task ends, however it ends.
struct Running(Option<Arc<AtomicUsize>>);

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(r) = &self.0 {
            r.fetch_sub(1, Ordering::Release);
        }
    }
}

/// One client's loop.
async fn worker(
    env: Arc<Target>,
    call: Call,
    stop: Stop,
    seq: Arc<std::sync::atomic::AtomicU64>,
    acked: Arc<Mutex<Vec<i64>>>,
) -> Tally {
    let client = http();
    let mut t = Tally::default();
    while !stop.reached() {
        let n = seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if matches!(call, Call::HandOver) && (n & 0xF_FFFF) as usize >= env.ready.len() {
            break; // every ready order of the pool is handed over: a fast machine ends early
        }
        let req = build(&env, &call, n);
        let started = Instant::now();
        let outcome = match client.request(req).await {
            Ok(resp) => {
                let status = resp.status();
                match resp.into_body().collect().await {
                    Ok(b) if status.is_success() || status.is_redirection() => Ok(b.to_bytes()),
                    Ok(b) => Err(format!(
                        "{status} {}",
                        String::from_utf8_lossy(&b.to_bytes()).chars().take(200).collect::<String>()
                    )),
                    Err(e) => Err(e.to_string()),
                }
            }
            Err(e) => Err(e.to_string()),
        };
        let elapsed = started.elapsed().as_micros() as u64;
        match outcome {
            Ok(body) => {
                t.micros.push(elapsed);
                t.ended_ms.push(stop.started.elapsed().as_millis() as u64);
                if matches!(call, Call::Ticket)
                    && let Some(id) = serde_json::from_slice::<serde_json::Value>(&body)
                        .ok()
                        .and_then(|v| v.pointer("/data/id").and_then(|i| i.as_i64()))
                    && let Ok(mut v) = acked.lock()
                {
                    v.push(id);
                }
            }
            Err(e) => {
                t.errors += 1;
                t.first_error.get_or_insert(e);
            }
        }
    }
    t
}

fn call_of(env: &Target, name: &str) -> Result<Call, String> {
    Ok(match name {
        "encaissement" => {
            if let Some(why) = &env.no_sales {
                return Err(why.clone());
            }
            Call::Ticket
        }
        "caisse" if crate::routes::access_of_page("/caisse").is_none() => {
            return Err("pas encore d'écran de caisse dans cette version".into());
        }
        "caisse" => Call::Page("/caisse".into()),
        "recherche" => Call::Page(format!("/catalogue/produits?q={}", env.search)),
        "stock" => Call::Page("/stock".into()),
        "fiche-stock" => Call::Page(format!("/stock/produits/{}", env.card_product)),
        "balance" => Call::Page("/compta/balance".into()),
        "tableau-de-bord" => Call::Page("/".into()),
        "rapport-mois" => Call::Page("/rapports".into()),
        "commande" if env.order_product.is_none() => return Err("aucun produit fabriqué à commander".into()),
        "commande" => Call::Order,
        "retrait" if env.ready.is_empty() => return Err("aucune commande prête à remettre".into()),
        "retrait" => Call::HandOver,
        "rapport-z" => match &env.z_path {
            Some(p) => Call::Page(p.clone()),
            None => return Err("pas de rapport Z : aucune caisse clôturée, ou opérations de caisse absentes".into()),
        },
        "pointeuse" if env.clock.is_none() => {
            return Err("pas de pointeuse inscrite dans la base de démonstration".into());
        }
        "pointeuse" => Call::Attlog,
        _ => return Err(format!("scénario inconnu « {name} »")),
    })
}

/// Runs one scenario; "sauvegarde" gives two results: the backups, and the load around them.
pub async fn drive(
    env: &Arc<Target>,
    name: &str,
    clients: usize,
    duration: Duration,
    acked: Arc<Mutex<Vec<i64>>>,
) -> Vec<ScenarioResult> {
    let until = Instant::now() + duration;
    // Ticket tokens: unique across runs over the same database.
    let base = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
        as u64)
        << 20;
    let seq = Arc::new(std::sync::atomic::AtomicU64::new(base));
    let mut calls: Vec<(String, Call)> = Vec::new();
    if name == "sauvegarde" {
        calls.push(("sauvegarde".into(), Call::Backup));
        // Around the backups: tickets when the till can sell, else the stock overview.
        for _ in 1..clients.max(2) {
            let around = if env.no_sales.is_none() { Call::Ticket } else { Call::Page("/stock".into()) };
            calls.push(("pendant-sauvegarde".into(), around));
        }
    } else {
        match call_of(env, name) {
            Ok(_) => {
                for _ in 0..clients {
                    calls.push((name.into(), call_of(env, name).unwrap_or(Call::Page("/".into()))));
                }
            }
            Err(why) => return vec![ScenarioResult::skipped(name, why)],
        }
    }
    let started = Instant::now();
    let backups = (name == "sauvegarde").then(|| Arc::new(AtomicUsize::new(1)));
    let mut handles = Vec::new();
    for (label, call) in calls {
        let env = env.clone();
        let (seq, acked) = (seq.clone(), acked.clone());
        let is_backup = matches!(call, Call::Backup);
        let stop = Stop { started, until, backups: if is_backup { None } else { backups.clone() } };
        let running = Running(if is_backup { backups.clone() } else { None });
        handles.push((
            label,
            tokio::spawn(async move {
                let _running = running;
                worker(env, call, stop, seq, acked).await
            }),
        ));
    }
    let by_label = tally_by_label(handles).await;
    let seconds = started.elapsed().as_secs_f64();
    if let Some((_, t)) = by_label.iter().find(|(l, _)| l == "pendant-sauvegarde") {
        eprintln!(
            "bench : ventes/s pendant la sauvegarde, par 10 s : {}",
            super::report::timeline(&t.ended_ms, 10_000)
        );
    }
    by_label.into_iter().map(|(l, t)| ScenarioResult::of(&l, t.micros, t.errors, seconds, t.first_error)).collect()
}

/// The clients' tallies added up by label.
async fn tally_by_label(handles: Vec<(String, tokio::task::JoinHandle<Tally>)>) -> Vec<(String, Tally)> {
    let mut by_label: Vec<(String, Tally)> = Vec::new();
    for (label, h) in handles {
        let t = h.await.unwrap_or_default();
        match by_label.iter_mut().find(|(l, _)| *l == label) {
            Some((_, acc)) => {
                acc.micros.extend(t.micros);
                acc.ended_ms.extend(t.ended_ms);
                acc.errors += t.errors;
                if acc.first_error.is_none() {
                    acc.first_error = t.first_error;
                }
            }
            None => by_label.push((label, t)),
        }
    }
    by_label
}
