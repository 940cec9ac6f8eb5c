//! The PUSH (ADMS, "iclock") endpoints the clock calls, served on their own port
//! (`--clock-listen`, 0.0.0.0:8090 by default): plain HTTP, text bodies. A device is known by
//! its serial number (`SN=`); one never seen is listed for approval and its punches are held.
//! The device gets `OK` only once its lines are committed; if the database fails it gets a 500
//! and sends the same lines again after `ErrorDelay`. `.aspx` and trailing-slash variants are
//! accepted; anything else under `/iclock/` is answered `OK` so the device never loops on it.

use std::collections::BTreeMap;

use poem::http::StatusCode;
use poem::web::{Data, Query};
use poem::{Body, Endpoint, EndpointExt, Response, Route, get, handler, post};
use rusqlite::Transaction;

use super::attlog::options;
use super::ops::{heard, ingest_attlog};
use crate::state::App;

/// Biggest body read (a full device memory of ATTLOG lines is a few MB).
const MAX_BODY: usize = 16 * 1024 * 1024;
/// How long a device may take to send its lines once its turn has come.
const READ_WITHIN: std::time::Duration = std::time::Duration::from_secs(60);

/// ATTLOG batches are read and recorded one at a time: the single writer records them one after
/// the other anyway, and a batch waiting for its turn stays in its socket instead of in memory.
/// Eight clients pushing 10 000-line batches at once held eight bodies, their text and their
/// parsed lines together (`fournil bench --scenarios pointeuse`, issue #20: RSS ≤ 60 MB).
static BATCH_TURN: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The query parameters, found whatever their case (`SN`, `sn`).
#[derive(Debug, Clone, Default)]
struct Params(BTreeMap<String, String>);

impl Params {
    fn of(q: BTreeMap<String, String>) -> Params {
        Params(q.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect())
    }
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str).filter(|v| !v.trim().is_empty())
    }
}

fn text(status: StatusCode, body: impl Into<String>) -> Response {
    Response::builder().status(status).content_type("text/plain; charset=utf-8").body(body.into())
}

fn no_serial() -> Response {
    text(StatusCode::BAD_REQUEST, "ERROR: SN manquant\n")
}

/// The database failed: the device keeps its lines and tries again after `ErrorDelay`.
fn failed(e: crate::error::AppError) -> Response {
    tracing::error!(error = %e, "pointeuse : message non enregistré, la pointeuse renverra");
    text(StatusCode::INTERNAL_SERVER_ERROR, "ERROR\n")
}

/// `GET /iclock/cdata?SN=…&options=all`: the handshake.
#[handler]
async fn handshake(Data(app): Data<&App>, Query(q): Query<BTreeMap<String, String>>) -> Response {
    let q = Params::of(q);
    let Some(sn) = q.get("sn").map(str::to_string) else { return no_serial() };
    let now = app.clock.now();
    let info = q.get("pushver").map(|v| format!("pushver={v}"));
    let serial = sn.clone();
    match app.db.write(move |tx| heard(tx, &serial, info.as_deref(), now)).await {
        Ok(device) => text(StatusCode::OK, options(&sn, device.attlog_stamp.as_deref())),
        Err(e) => failed(e),
    }
}

/// `POST /iclock/cdata?SN=…&table=…`: punches (ATTLOG) are recorded; other tables are accepted.
#[handler]
async fn upload(Data(app): Data<&App>, Query(q): Query<BTreeMap<String, String>>, body: Body) -> Response {
    let q = Params::of(q);
    let Some(sn) = q.get("sn").map(str::to_string) else { return no_serial() };
    let table = q.get("table").unwrap_or("").to_ascii_uppercase();
    let _turn = if table == "ATTLOG" { BATCH_TURN.acquire().await.ok() } else { None };
    let bytes = match tokio::time::timeout(READ_WITHIN, body.into_bytes_limit(MAX_BODY)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => return text(StatusCode::PAYLOAD_TOO_LARGE, "ERROR: trop de données\n"),
        Err(_) => return text(StatusCode::REQUEST_TIMEOUT, "ERROR: données trop lentes\n"),
    };
    let now = app.clock.now();
    if table != "ATTLOG" {
        return match app.db.write(move |tx| heard(tx, &sn, None, now)).await {
            Ok(_) => text(StatusCode::OK, "OK\n"),
            Err(e) => failed(e),
        };
    }
    let stamp = q.get("stamp").map(str::to_string);
    let batch = move |tx: &Transaction| ingest_attlog(tx, &sn, stamp.as_deref(), &String::from_utf8_lossy(&bytes), now);
    match app.db.write(batch).await {
        Ok(b) => text(StatusCode::OK, format!("OK: {}\n", b.lines)),
        Err(e) => failed(e),
    }
}

/// `GET /iclock/getrequest?SN=…`: the heartbeat and command poll. We send no command.
#[handler]
async fn poll(Data(app): Data<&App>, Query(q): Query<BTreeMap<String, String>>) -> Response {
    let q = Params::of(q);
    let Some(sn) = q.get("sn").map(str::to_string) else { return no_serial() };
    let (now, info) = (app.clock.now(), q.get("info").map(|i| format!("INFO={i}")));
    match app.db.write(move |tx| heard(tx, &sn, info.as_deref(), now)).await {
        Ok(_) => text(StatusCode::OK, "OK\n"),
        Err(e) => failed(e),
    }
}

/// `POST /iclock/devicecmd`, `/iclock/ping` and the rest: understood, nothing to do.
#[handler]
async fn ok() -> Response {
    text(StatusCode::OK, "OK\n")
}

/// The clock's endpoint, with the shop's state.
pub fn endpoint(app: App) -> impl Endpoint<Output = Response> {
    let mut route = Route::new();
    for base in ["/iclock/cdata", "/iclock/getrequest", "/iclock/devicecmd"] {
        for path in [base.to_string(), format!("{base}/"), format!("{base}.aspx")] {
            route = match base {
                "/iclock/cdata" => route.at(path, get(handshake).post(upload)),
                "/iclock/getrequest" => route.at(path, get(poll)),
                _ => route.at(path, post(ok)),
            };
        }
    }
    route.at("/iclock/*rest", ok).data(app).map_to_response()
}

/// Serves the clock's endpoint on `addr` once a clock is registered (or has spoken), checking
/// every `every`: a shop without a clock opens no port for it.
pub async fn serve_when_registered(app: App, addr: std::net::SocketAddr, every: std::time::Duration) {
    loop {
        let count = app.db.read(|c| Ok(crate::people::store::devices::count(c)?)).await.unwrap_or(0);
        if count > 0 {
            break;
        }
        tokio::time::sleep(every).await;
    }
    tracing::info!(adresse = %addr, "pointeuse : écoute ADMS sur http://{addr}/iclock/");
    let server = poem::Server::new(poem::listener::TcpListener::bind(addr));
    if let Err(e) = server.run(endpoint(app)).await {
        tracing::error!(error = %e, adresse = %addr, "pointeuse : écoute impossible");
    }
}
