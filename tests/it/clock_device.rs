//! A ZKTeco clock in PUSH mode (ADMS, firmware 6.60 as at the shop), for the tests: it keeps
//! its punches until the server answers `OK`, sends them again after `ErrorDelay` when it does
//! not, can run its clock fast or slow, end its lines in CRLF, or lose the network. It talks to
//! the clock endpoint in process, or over a real socket to `fournil serve --clock-listen`.
//! Written from the protocol notes (domain §3.2, TECH-NOTES §6.1), not from the server's code.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};
use poem::Response;
use poem::endpoint::BoxEndpoint;
use poem::test::TestClient;

pub enum Link {
    InProcess(TestClient<BoxEndpoint<'static, Response>>),
    /// `http://127.0.0.1:port`
    Http(String),
}

pub struct PushDevice {
    pub sn: String,
    link: Link,
    /// Punch lines the server has not acknowledged yet (the device's "unsent" memory).
    pub unsent: Vec<String>,
    /// Every line this device ever recorded.
    pub memory: Vec<String>,
    pub stamp: u64,
    /// What the handshake answered (`ErrorDelay`, `Realtime`, `ATTLOGStamp`, …).
    pub options: BTreeMap<String, String>,
    pub crlf: bool,
    /// The network is down: nothing reaches the server.
    pub down: bool,
    /// How far the device's clock is from the true time.
    pub skew: Duration,
}

impl PushDevice {
    pub fn new(sn: &str, link: Link) -> PushDevice {
        PushDevice {
            sn: sn.to_string(),
            link,
            unsent: Vec::new(),
            memory: Vec::new(),
            stamp: 0,
            options: BTreeMap::new(),
            crlf: false,
            down: false,
            skew: Duration::zero(),
        }
    }

    pub fn in_process(sn: &str, app: &fournil::state::App) -> PushDevice {
        let endpoint = poem::EndpointExt::boxed(fournil::zkteco::push::endpoint(app.clone()));
        PushDevice::new(sn, Link::InProcess(TestClient::new(endpoint)))
    }

    async fn call(&self, post: Option<String>, path: &str) -> (u16, String) {
        match &self.link {
            Link::InProcess(client) => {
                let resp = match post {
                    Some(body) => client.post(path).content_type("text/plain").body(body).send().await,
                    None => client.get(path).send().await,
                };
                let status = resp.0.status().as_u16();
                (status, resp.0.into_body().into_string().await.unwrap_or_default())
            }
            Link::Http(base) => http(base, post, path).await,
        }
    }

    /// `GET /iclock/cdata?SN=…&options=all`: reads the options the server gives.
    pub async fn handshake(&mut self) -> (u16, String) {
        let path = format!("/iclock/cdata?SN={}&options=all&pushver=3.0.1&language=70", self.sn);
        let (status, body) = self.call(None, &path).await;
        if status == 200 {
            for line in body.lines().skip(1) {
                if let Some((k, v)) = line.split_once('=') {
                    self.options.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
        }
        (status, body)
    }

    /// `GET /iclock/getrequest?SN=…&INFO=…`, every `Delay` seconds.
    pub async fn heartbeat(&mut self) -> (u16, String) {
        let path = format!(
            "/iclock/getrequest?SN={}&INFO=Ver%206.60%20Apr%2028%202022,5,0,120,192.168.8.20,10,7,0,0,1",
            self.sn
        );
        if self.down {
            return (0, String::new());
        }
        self.call(None, &path).await
    }

    /// The line the device writes for a punch at `true_time` (its own clock may be off).
    pub fn line(&self, pin: &str, true_time: NaiveDateTime, state: u8, verify: u8) -> String {
        let t = true_time + self.skew;
        format!("{pin}\t{}\t{state}\t{verify}\t0\t0\t0\t0\t0\t0", t.format("%Y-%m-%d %H:%M:%S"))
    }

    /// Someone punches: the line is kept, and sent at once when the server asked for `Realtime=1`.
    pub async fn punch(&mut self, pin: &str, true_time: NaiveDateTime, state: u8, verify: u8) -> Result<usize, u16> {
        let line = self.line(pin, true_time, state, verify);
        self.memory.push(line.clone());
        self.unsent.push(line);
        if self.options.get("Realtime").map(String::as_str) == Some("1") { self.upload().await } else { Ok(0) }
    }

    /// Sends every unacknowledged line; forgets them only on `OK`.
    pub async fn upload(&mut self) -> Result<usize, u16> {
        if self.down {
            return Err(0);
        }
        if self.unsent.is_empty() {
            return Ok(0);
        }
        let eol = if self.crlf { "\r\n" } else { "\n" };
        let body = self.unsent.join(eol) + eol;
        self.stamp += self.unsent.len() as u64;
        let (status, text) = self.post("ATTLOG", &format!("&Stamp={}", self.stamp), body).await;
        if status == 200 && text.starts_with("OK") {
            let n = self.unsent.len();
            self.unsent.clear();
            Ok(n)
        } else {
            Err(status)
        }
    }

    /// `POST /iclock/cdata?SN=…&table=…`, any body.
    pub async fn post(&self, table: &str, extra: &str, body: String) -> (u16, String) {
        if self.down {
            return (0, String::new());
        }
        self.call(Some(body), &format!("/iclock/cdata?SN={}&table={table}{extra}", self.sn)).await
    }

    /// How long the device waits after a failure before sending again.
    pub fn error_delay(&self) -> Duration {
        Duration::seconds(self.options.get("ErrorDelay").and_then(|v| v.parse().ok()).unwrap_or(60))
    }

    /// Sends again the whole memory (a device reset, or a firmware that re-sends its history).
    pub async fn resend_everything(&mut self) -> Result<usize, u16> {
        self.unsent = self.memory.clone();
        self.upload().await
    }
}

/// One HTTP/1 request over a real socket.
async fn http(base: &str, post: Option<String>, path: &str) -> (u16, String) {
    use http_body_util::BodyExt;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<hyper::body::Bytes>>();
    let uri: hyper::Uri = format!("{base}{path}").parse().unwrap();
    let (method, body) = match post {
        Some(b) => (hyper::Method::POST, b),
        None => (hyper::Method::GET, String::new()),
    };
    let req = hyper::Request::builder().method(method).uri(uri).body(http_body_util::Full::from(body)).unwrap();
    match client.request(req).await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let bytes = resp.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
            (status, String::from_utf8_lossy(&bytes).into_owned())
        }
        Err(_) => (0, String::new()),
    }
}
