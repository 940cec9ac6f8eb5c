//! The middleware around every request, outermost last: the first-run redirect, errors turned
//! into a page or a toast, the security headers, one log line per request.

use std::sync::Arc;
use std::time::Instant;

use poem::http::{Method, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};

use crate::auth;
use crate::error::AppError;
use crate::hx::Hx;
use crate::state::App;
use crate::ui;

/// Until the first administrator exists, every page leads to `/setup`.
pub async fn setup_redirect<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    if let Some(app) = req.data::<App>().cloned() {
        let path = req.uri().path();
        let exempt =
            path == "/setup" || path.starts_with("/static/") || path == "/healthz" || path.starts_with("/api/");
        if !app.setup_done() && !exempt {
            let has_users = app.db.read(|c| Ok(auth::store::count_users(c)? > 0)).await?;
            if has_users {
                app.mark_setup_done();
            } else {
                return Ok(crate::hx::redirect(Hx::from_headers(req.headers()), "/setup"));
            }
        }
    }
    Ok(ep.call(req).await?.into_response())
}

/// Errors become a French page, or a toast for htmx swaps, in one place. Internal causes are
/// logged, never shown.
pub async fn render_errors<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let hx = Hx::from_headers(req.headers());
    let shop_name = req.data::<App>().map(|a| a.settings().name).unwrap_or_default();
    let is_get = req.method() == Method::GET;
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let err = match ep.call(req).await {
        Ok(resp) => return Ok(resp.into_response()),
        Err(err) => err,
    };
    let (status, message, unauthenticated) = match err.downcast_ref::<AppError>() {
        Some(app_err) => {
            if let AppError::Internal(cause) = app_err {
                tracing::error!(error = ?cause, "request failed");
            }
            (app_err.status(), app_err.user_message(), matches!(app_err, AppError::Unauthenticated))
        }
        None => {
            let status = err.status();
            let message = match status {
                StatusCode::NOT_FOUND => AppError::NotFound.user_message(),
                StatusCode::METHOD_NOT_ALLOWED => "Cette action n'existe pas à cette adresse.".into(),
                s if s.is_server_error() => {
                    tracing::error!(error = %err, "request failed");
                    AppError::Internal(anyhow::anyhow!("")).user_message()
                }
                _ => "La requête est invalide.".into(),
            };
            (status, message, false)
        }
    };
    if unauthenticated {
        // Back to the sign-in page, returning here afterwards when it was a page.
        let target = if is_get && path_and_query != "/" {
            format!("/connexion?suivant={}", crate::auth::web::encode_component(&path_and_query))
        } else {
            "/connexion".to_string()
        };
        let resp = if hx.request {
            Response::builder().status(StatusCode::UNAUTHORIZED).header("HX-Redirect", target).finish()
        } else {
            poem::web::Redirect::see_other(target).into_response()
        };
        return Ok(resp);
    }
    let resp = if hx.wants_fragment() {
        ui::toast_error(&message)
            .with_header("HX-Retarget", "#flash")
            .with_header("HX-Reswap", "innerHTML")
            .with_status(status)
            .into_response()
    } else {
        ui::error_page(status, &message, &shop_name).with_status(status).into_response()
    };
    Ok(resp)
}

/// CSP `default-src 'self'`, no framing, no sniffing: on every answer.
pub async fn security_headers<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let mut resp = ep.call(req).await?.into_response();
    let h = resp.headers_mut();
    let set = |h: &mut poem::http::HeaderMap, k: &'static str, v: &'static str| {
        if let Ok(v) = v.parse() {
            h.insert(k, v);
        }
    };
    set(
        h,
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'",
    );
    set(h, "X-Frame-Options", "DENY");
    set(h, "X-Content-Type-Options", "nosniff");
    set(h, "Referrer-Policy", "same-origin");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, "Cache-Control", "no-store");
    }
    Ok(resp)
}

/// The largest request body a route accepts. Forms and JSON stay far below 256 KiB (a till's
/// cart of a hundred lines is a few KiB); the two uploads take twice the file their handler
/// accepts (declared beside it), so a file a little too big is told so beside its field and a
/// huge one is refused at the door.
pub fn max_body(path: &str) -> usize {
    use crate::catalog::web::{import, parts};
    let photo = path.starts_with("/catalogue/produits/") && path.ends_with("/photo");
    if photo {
        2 * parts::MAX_PHOTO_BYTES
    } else if path == "/catalogue/import" {
        2 * import::MAX_FILE_BYTES
    } else if path == "/compta/banque/import" {
        2 * crate::bank::web::MAX_FILE_BYTES
    } else if path.starts_with("/compta/depenses/") && path.ends_with("/piece") {
        2 * crate::expenses::web::MAX_ATTACHMENT_BYTES
    } else {
        256 * 1024
    }
}

/// Refuses a body over its route's limit (`max_body`) with 413, before reading it: a
/// declared length over the limit is answered at once; a body without one (chunked) is read up
/// to the limit and no further. Runs before sessions and the setup redirect, so anonymous
/// requests are bounded too.
pub async fn body_limit<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let limit = max_body(req.uri().path());
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => return Ok(too_large(&req, limit)),
        Some(_) => {}
        None => match req.take_body().into_bytes_limit(limit).await {
            Ok(bytes) => req.set_body(bytes),
            Err(_) => return Ok(too_large(&req, limit)),
        },
    }
    Ok(ep.call(req).await?.into_response())
}

/// 413, said in JSON to the API and in a sentence to a browser (no page: nothing was read).
fn too_large(req: &Request, limit: usize) -> Response {
    let message = format!("Requête trop volumineuse : {} Kio au plus.", limit / 1024);
    let mut resp = if req.uri().path().starts_with("/api/") {
        crate::api::too_large_response(message)
    } else {
        Response::builder().content_type("text/plain; charset=utf-8").body(message)
    };
    resp.set_status(StatusCode::PAYLOAD_TOO_LARGE);
    resp.headers_mut().insert(header::CONNECTION, poem::http::HeaderValue::from_static("close"));
    resp
}

/// One log line per request: method, path, status, latency.
pub async fn log_request<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let resp = ep.call(req).await?.into_response();
    let status = resp.status().as_u16();
    let micros = start.elapsed().as_micros() as u64;
    tracing::info!(target: "fournil::http", %method, %path, status, latency_us = micros, "requête");
    Ok(resp)
}
