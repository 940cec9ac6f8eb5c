//! Sessions on every request: reads the cookie, loads the user (sliding the expiry), enforces the
//! route's `Access`, and checks the CSRF token of every state-changing request.
//! A signed-in user's CSRF token lives as long as the session, so a till left open all day still
//! submits; an anonymous form (login, setup) uses a double-submit cookie instead.

use chrono::Duration;
use poem::http::{Method, header};
use poem::{Body, Endpoint, FromRequest, IntoResponse, Request, RequestBody, Response};

use super::{Access, CurrentUser, ops, store, token_hash};
use crate::audit::Stamp;
use crate::clock::{parse_stamp, stamp};
use crate::error::AppError;
use crate::state::App;

pub const SESSION_COOKIE: &str = "fournil_session";
pub const ANON_CSRF_COOKIE: &str = "fournil_csrf";
pub const CSRF_HEADER: &str = "X-CSRF-Token";
pub const CSRF_FIELD: &str = "_csrf";

/// A session's expiry is pushed forward at most once a minute, to spare the writer.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// The CSRF token the page must embed: the session's, or the anonymous cookie's.
#[derive(Debug, Clone, Default)]
pub struct CsrfToken(pub String);

/// The session cookie's secret, when the request had a live session (needed to log out).
#[derive(Debug, Clone)]
pub struct SessionSecret(pub String);

/// A session cookie came in but matched no live session: the login page says it expired.
#[derive(Debug, Clone, Copy)]
pub struct SessionExpired;

pub fn cookie(req: &Request, name: &str) -> Option<String> {
    req.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|h| {
        h.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name && !v.is_empty()).then(|| v.to_string())
        })
    })
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/.
pub fn set_cookie(app: &App, name: &str, value: &str, max_age_seconds: i64) -> String {
    let secure = if app.config.secure_cookies { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}")
}

pub fn client_ip(req: &Request) -> String {
    match &req.remote_addr().0 {
        poem::Addr::SocketAddr(a) => a.ip().to_string(),
        _ => String::new(),
    }
}

/// Loads the signed-in user behind the cookie, sliding the session's expiry.
async fn load(app: &App, secret: &str) -> Result<Option<CurrentUser>, AppError> {
    let hash = token_hash(secret);
    let now = app.clock.now();
    let ttl = Duration::hours(i64::from(app.config.session_hours));
    let found = {
        let hash = hash.clone();
        app.db
            .read(move |c| {
                let Some(row) = store::session(c, &hash)? else { return Ok(None) };
                let user = ops::current_user(c, row.user_id, row.csrf.clone())?;
                Ok(user.map(|u| (u, row)))
            })
            .await?
    };
    let Some((user, row)) = found else { return Ok(None) };
    let expired = parse_stamp(&row.expires_at).is_none_or(|t| t <= now);
    if expired {
        app.db.write(move |tx| Ok(store::delete_session(tx, &hash)?)).await?;
        return Ok(None);
    }
    let stale = parse_stamp(&row.last_seen_at).is_none_or(|t| (now - t).num_seconds() >= TOUCH_EVERY_SECONDS);
    if stale {
        let (at, until) = (stamp(now), stamp(now + ttl));
        app.db.write(move |tx| Ok(store::extend_session(tx, &hash, &at, &until)?)).await?;
    }
    Ok(Some(user))
}

/// The token a state-changing request carries: the header (htmx), the form field, or — for
/// file uploads, whose multipart body is not read here — the form action's query string.
async fn submitted_csrf(req: &mut Request) -> Result<Option<String>, AppError> {
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return Ok(Some(v.to_string()));
    }
    let in_query = req.uri().query().and_then(|q| form_urlencoded_value(q.as_bytes(), CSRF_FIELD));
    if in_query.is_some() {
        return Ok(in_query);
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(None);
    }
    let bytes = req
        .take_body()
        .into_bytes()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("lecture du formulaire : {e}")))?;
    let token = form_urlencoded_value(&bytes, CSRF_FIELD);
    req.set_body(Body::from(bytes));
    Ok(token)
}

fn form_urlencoded_value(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded_pairs(body).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn serde_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default()
}

fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Wraps one route of the table with the access it declared.
pub struct Guard<E> {
    pub access: Access,
    pub inner: E,
}

impl<E: Endpoint> Endpoint for Guard<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let app = req.data::<App>().cloned().ok_or_else(|| AppError::Internal(anyhow::anyhow!("App manquante")))?;
        let secret = cookie(&req, SESSION_COOKIE);
        let user = match &secret {
            Some(s) => load(&app, s).await?,
            None => None,
        };
        if user.is_none() && secret.is_some() {
            req.extensions_mut().insert(SessionExpired);
        }
        match (self.access, &user) {
            (Access::Public, _) => {}
            (_, None) => return Err(AppError::Unauthenticated.into()),
            (Access::Perm(p), Some(u)) if !u.can(p) => return Err(AppError::Forbidden.into()),
            _ => {}
        }

        // The token this page embeds, and the one a submission must carry.
        let mut new_anon_cookie = None;
        let expected = match &user {
            Some(u) => u.csrf.clone(),
            None => match cookie(&req, ANON_CSRF_COOKIE) {
                Some(c) => c,
                None => {
                    let fresh = super::random_hex(32);
                    new_anon_cookie = Some(fresh.clone());
                    fresh
                }
            },
        };
        let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        if unsafe_method {
            let submitted = submitted_csrf(&mut req).await?;
            let valid = new_anon_cookie.is_none() && submitted.is_some_and(|s| same(&s, &expected));
            if !valid {
                return Err(AppError::Csrf.into());
            }
        }

        req.extensions_mut().insert(CsrfToken(expected));
        if let (Some(s), Some(_)) = (secret, &user) {
            req.extensions_mut().insert(SessionSecret(s));
        }
        if let Some(u) = user {
            req.extensions_mut().insert(u);
        }
        let mut resp = self.inner.call(req).await?.into_response();
        if let Some(token) = new_anon_cookie
            && let Ok(v) = set_cookie(&app, ANON_CSRF_COOKIE, &token, 86_400).parse()
        {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
        Ok(resp)
    }
}

impl<'a> FromRequest<'a> for CurrentUser {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        req.extensions().get::<CurrentUser>().cloned().ok_or_else(|| AppError::Unauthenticated.into())
    }
}

/// Who acts and when, for an operation: the signed-in user (with the request's address) and the
/// shop's clock.
impl<'a> FromRequest<'a> for Stamp {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let user = CurrentUser::from_request(req, body).await?;
        let app = req.data::<App>().ok_or_else(|| AppError::Internal(anyhow::anyhow!("App manquante")))?;
        let mut actor = user.actor();
        actor.ip = client_ip(req);
        Ok(Stamp::new(actor, &app.clock))
    }
}

impl<'a> FromRequest<'a> for CsrfToken {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        Ok(req.extensions().get::<CsrfToken>().cloned().unwrap_or_default())
    }
}

/// The caller's address, for throttling and the audit trail.
pub struct ClientIp(pub String);

impl<'a> FromRequest<'a> for ClientIp {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        Ok(ClientIp(client_ip(req)))
    }
}
