//! The real app over a temp-file database, driven through poem's test client, and a "browser"
//! that keeps its cookies and sends the CSRF token like the pages do; the shop's clock stands
//! still at `NOW`. What a test starts from is built with `t.given()` (given.rs).

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use fournil::audit::Actor;
use fournil::auth::{ops, password, store};
use fournil::catalog::UnitCost;
use fournil::clock::{Clock, FixedTime, parse_stamp};
use fournil::config::Config;
use fournil::db::Db;
use fournil::money::{Money, Qty};
use fournil::routes;
use fournil::state::App;
use poem::endpoint::BoxEndpoint;
use poem::http::{Method, StatusCode, header};
use poem::test::TestClient;
use poem::{EndpointExt, Response};
use serde_json::Value;
use tempfile::TempDir;

mod given;
pub mod openapi;
pub mod pdf;
pub use given::*;

pub const PASSWORD: &str = "croissant-chaud-42";

/// The shop's clock in every test: Tuesday 24 November 2026, 9:00 in Algiers.
pub const NOW: &str = "2026-11-24T08:00:00Z";

/// The business day of `NOW`.
pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// Who acts at `NOW`, as an operation's stamp.
pub fn stamp(who: &fournil::auth::CurrentUser) -> fournil::audit::Stamp {
    fournil::audit::Stamp { actor: who.actor(), now: NOW.into(), day: day() }
}

/// The system acting at `now` (a UTC time of the morning: its date is the business day).
pub fn system_at(now: &str) -> fournil::audit::Stamp {
    let day = NaiveDate::parse_from_str(&now[..10], "%Y-%m-%d").unwrap();
    fournil::audit::Stamp { actor: fournil::audit::Actor::system(), now: now.into(), day }
}

pub struct TestApp {
    pub app: App,
    pub http: TestClient<BoxEndpoint<'static, Response>>,
    pub time: FixedTime,
    pub dir: TempDir,
}

/// What came back, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: poem::http::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn location(&self) -> Option<&str> {
        self.header("location").or_else(|| self.header("HX-Redirect"))
    }
    #[track_caller]
    pub fn assert_contains(&self, text: &str) {
        assert!(self.body.contains(text), "expected {text:?} in a {} page:\n{}", self.status, self.body);
    }
    #[track_caller]
    pub fn assert_redirect(&self, to: &str) {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "body: {}", self.body);
        assert_eq!(self.location(), Some(to));
    }
    /// The value of the hidden CSRF field in this page, else of the header htmx sends with every
    /// request (`hx-headers` on the body: the till's screen has no plain form).
    pub fn csrf(&self) -> Option<String> {
        let marker = "name=\"_csrf\" value=\"";
        if let Some(at) = self.body.find(marker) {
            return Some(self.body[at + marker.len()..].split('"').next()?.to_string());
        }
        let marker = "X-CSRF-Token&quot;:&quot;";
        let at = self.body.find(marker)? + marker.len();
        Some(self.body[at..].split("&quot;").next()?.to_string())
    }
}

pub async fn spawn() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("fournil.db")).unwrap();
    let time = FixedTime::new(parse_stamp(NOW).unwrap());
    let clock = Clock::with_source(Arc::new(time.clone()));
    let app = App::new(db, clock, Config::for_dir(dir.path())).unwrap();
    let http = TestClient::new(routes::endpoint(app.clone()).boxed());
    TestApp { app, http, time, dir }
}

/// A fresh app that is already set up, with an admin named "admin".
pub async fn spawn_ready() -> TestApp {
    let t = spawn().await;
    t.user_with_role("admin", "admin").await;
    t.app.mark_setup_done();
    t
}

impl TestApp {
    pub fn browser(&self) -> Browser<'_> {
        Browser { t: self, cookies: BTreeMap::new(), csrf: None, hx: false }
    }

    /// Creates a user through the real operation (as `fournil user add` does).
    pub async fn user_with_role(&self, username: &str, role_code: &str) -> i64 {
        let hash = password::hash(PASSWORD.to_string()).await.unwrap();
        let (u, r, now) = (username.to_string(), role_code.to_string(), self.app.clock.now_text());
        self.app
            .db
            .write(move |tx| {
                let role = store::role_by_code(tx, &r)?.expect("seeded role");
                let draft = ops::UserDraft { username: u, display_name: String::new(), role_id: role.id };
                ops::create_user(tx, &Actor::cli(), &draft, &hash, &now)
            })
            .await
            .unwrap()
    }

    /// A browser signed in as a new user of that role.
    pub async fn signed_in(&self, username: &str, role_code: &str) -> Browser<'_> {
        self.user_with_role(username, role_code).await;
        let mut b = self.browser();
        b.login(username, PASSWORD).await.assert_redirect("/");
        b
    }

    pub async fn admin(&self) -> Browser<'_> {
        let mut b = self.browser();
        b.login("admin", PASSWORD).await.assert_redirect("/");
        b
    }

    pub fn advance(&self, by: Duration) {
        self.time.advance(by);
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        self.app.db.read(move |c| Ok(c.query_row(sql, [], |r| r.get(0))?)).await.unwrap()
    }

    pub async fn audit_kinds(&self) -> Vec<String> {
        self.app
            .db
            .read(|c| {
                let mut s = c.prepare("SELECT kind FROM audit_log ORDER BY id")?;
                let rows = s.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                Ok(rows)
            })
            .await
            .unwrap()
    }

    /// Every scenario ends by proving the database agrees with itself.
    pub async fn assert_check_passes(&self) {
        let report = self.app.db.read(fournil::system::check::run).await.unwrap();
        assert!(report.ok(), "fournil check failed: {:?}", report.failures().collect::<Vec<_>>());
    }
}

/// A browser: cookies kept between requests, CSRF token sent like the pages send it.
pub struct Browser<'a> {
    t: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
    pub csrf: Option<String>,
    /// Send `HX-Request: true`, as htmx does.
    pub hx: bool,
}

impl Browser<'_> {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn finish(&mut self, resp: poem::test::TestResponse) -> Page {
        let resp = resp.0;
        let status = resp.status();
        let headers = resp.headers().clone();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = pair.split_once('=').unwrap();
            if val.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
        }
        // Lossy: some routes answer with a file (a backup download), not text.
        let body = String::from_utf8_lossy(&resp.into_body().into_vec().await.unwrap()).into_owned();
        let page = Page { status, headers, body };
        if let Some(token) = page.csrf() {
            self.csrf = Some(token);
        }
        page
    }

    pub async fn request(&mut self, method: Method, path: &str, form: &[(&str, &str)]) -> Page {
        let mut req = match method {
            Method::GET => self.t.http.get(path),
            Method::POST => self.t.http.post(path),
            Method::PUT => self.t.http.put(path),
            Method::DELETE => self.t.http.delete(path),
            m => panic!("method {m} not supported by the test browser"),
        };
        if !self.cookies.is_empty() {
            req = req.header(header::COOKIE, self.cookie_header());
        }
        if self.hx {
            req = req.header("HX-Request", "true");
        }
        if method != Method::GET {
            let mut fields: Vec<(String, String)> = form.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            if !form.iter().any(|(k, _)| *k == "_csrf")
                && let Some(token) = &self.csrf
            {
                fields.push(("_csrf".into(), token.clone()));
            }
            req = req.form(&fields);
        }
        let resp = req.send().await;
        self.finish(resp).await
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.request(Method::GET, path, &[]).await
    }

    /// Posts a form with the CSRF token of the last page seen (like a real form).
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        self.request(Method::POST, path, form).await
    }

    pub async fn login(&mut self, username: &str, password: &str) -> Page {
        self.get("/connexion").await;
        self.post("/connexion", &[("username", username), ("password", password)]).await
    }
}

/// What a place holds of a product: quantity and value.
pub async fn held(t: &TestApp, product: i64, place: i64) -> (Qty, Money) {
    let b = t.app.db.read(move |c| Ok(fournil::stock::store::balance(c, product, place)?)).await.unwrap();
    (b.qty, b.value)
}

/// What the shop holds of a product in all: quantity, value and PMP.
pub async fn totals(t: &TestApp, product: i64) -> (Qty, Money, UnitCost) {
    let b = t.app.db.read(move |c| Ok(fournil::stock::store::totals(c, product)?)).await.unwrap();
    (b.qty, b.value, fournil::stock::pmp_of(b))
}

/// An API token for a user, as the admin page issues it.
pub async fn token_for(t: &TestApp, user_id: i64) -> String {
    let (actor, now) = (fournil::audit::Actor::cli(), t.app.clock.now_text());
    t.app.db.write(move |tx| fournil::auth::ops::create_token(tx, &actor, user_id, "tests", &now)).await.unwrap()
}

/// One call to the JSON API with a bearer token: the status and the JSON answered, which must be
/// what the OpenAPI document says (listed status, body matching its schema).
pub async fn call(t: &TestApp, token: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("/api/v1{path}");
    let mut req = match method {
        "GET" => t.http.get(url),
        "POST" => t.http.post(url),
        "PUT" => t.http.put(url),
        m => panic!("{m}"),
    }
    .header("Authorization", format!("Bearer {token}"));
    if let Some(b) = body {
        req = req.body_json(&b);
    }
    let resp = req.send().await;
    let status = resp.0.status().as_u16();
    let text = resp.0.into_body().into_string().await.unwrap();
    let answer: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    // Every answer the suite sees is checked against the document the API publishes.
    openapi::check(openapi::document(t).await, method, path, status, &answer);
    (status, answer)
}

/// The real binary run as the shop's computer runs it, on a data directory, with `stdin` typed in.
pub fn fournil(dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fournil"))
        .args(args)
        .env("FOURNIL_DATA_DIR", dir)
        .env("FOURNIL_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// What the binary printed, both streams.
pub fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}
