//! htmx requests: one place decides between a whole page and the fragment htmx swaps in.

use poem::http::HeaderMap;
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response};

use crate::error::{AppError, FieldErrors};

#[derive(Debug, Clone, Copy, Default)]
pub struct Hx {
    pub request: bool,
    pub boosted: bool,
    pub history_restore: bool,
}

impl Hx {
    pub fn from_headers(h: &HeaderMap) -> Hx {
        let on = |name: &str| h.get(name).is_some_and(|v| v == "true");
        Hx { request: on("HX-Request"), boosted: on("HX-Boosted"), history_restore: on("HX-History-Restore-Request") }
    }

    /// A fragment only when htmx will swap it into an existing page.
    /// Boosted links and back-button restores need the whole document.
    pub fn wants_fragment(self) -> bool {
        self.request && !self.boosted && !self.history_restore
    }
}

impl<'a> FromRequest<'a> for Hx {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        Ok(Hx::from_headers(req.headers()))
    }
}

/// After a successful POST: a 303 for plain forms, `HX-Redirect` for htmx (which follows it).
pub fn redirect(hx: Hx, to: &str) -> Response {
    if hx.request {
        Response::builder().header("HX-Redirect", to).finish()
    } else {
        poem::web::Redirect::see_other(to).into_response()
    }
}

/// Same URL, two shapes: the whole page for navigation, its `main` for swaps. Caches must know.
pub fn page(hx: Hx, shell: &crate::ui::Shell, title: &str, main: maud::Markup) -> Response {
    let body = if hx.wants_fragment() { main } else { crate::ui::page(shell, title, main) };
    body.with_header("Vary", "HX-Request").into_response()
}

/// The same, for a screen of its own (`ui::screen`: the till, without the site's menu).
pub fn screen(hx: Hx, shell: &crate::ui::Shell, title: &str, main: maud::Markup) -> Response {
    let body = if hx.wants_fragment() { main } else { crate::ui::screen(shell, title, main) };
    body.with_header("Vary", "HX-Request").into_response()
}

/// A form that came back with messages: the same page, status 422.
pub fn invalid(hx: Hx, shell: &crate::ui::Shell, title: &str, main: maud::Markup) -> Response {
    let mut resp = page(hx, shell, title, main);
    resp.set_status(poem::http::StatusCode::UNPROCESSABLE_ENTITY);
    resp
}

/// The one shape of a form's answer: on success, where to go (`ok`, usually `redirect`); when
/// the operation said the input is wrong (`AppError::Invalid`, the same messages the API gives),
/// the same page again with the messages beside the fields (`invalid`, which answers 422); any
/// other refusal goes on to the error middleware (a toast or an error page).
pub async fn saved<T, F>(
    result: Result<T, AppError>,
    ok: impl FnOnce(T) -> Response,
    invalid: impl FnOnce(FieldErrors) -> F,
) -> Result<Response, AppError>
where
    F: Future<Output = Result<Response, AppError>>,
{
    match result {
        Ok(value) => Ok(ok(value)),
        Err(AppError::Invalid(errors)) => invalid(errors).await,
        Err(e) => Err(e),
    }
}

/// Like `saved`, for a page whose refusals keep the page: a rule's refusal (`Rule`, `Refused`)
/// comes back as the same page too, its message beside the form (`_form`), status 409, so the
/// page, its menu and what was typed stay (htmx swaps a 409, see app.js).
pub async fn kept<T, F>(
    result: Result<T, AppError>,
    ok: impl FnOnce(T) -> Response,
    again: impl FnOnce(FieldErrors) -> F,
) -> Result<Response, AppError>
where
    F: Future<Output = Result<Response, AppError>>,
{
    match result {
        Err(e @ (AppError::Rule(_) | AppError::Refused { .. })) => {
            let mut errors = FieldErrors::new();
            errors.add("_form", e.user_message());
            let mut resp = again(errors).await?;
            resp.set_status(poem::http::StatusCode::CONFLICT);
            Ok(resp)
        }
        other => saved(other, ok, again).await,
    }
}

/// An `HX-Trigger` header value: JSON with every non-ASCII character escaped (`\u00e9`), since
/// browsers read header bytes as Latin-1 and would garble accents.
pub fn trigger(value: &serde_json::Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// The media type of an Excel workbook (.xlsx).
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file the browser saves (an export): its bytes, media type and file name.
pub fn download(bytes: Vec<u8>, content_type: &str, filename: &str) -> Response {
    file(bytes, content_type, "attachment", filename)
}

/// A PDF the browser opens in its viewer (a payslip, an invoice, a statement); `filename` is the
/// name it is saved under.
pub fn pdf(bytes: Vec<u8>, filename: &str) -> Response {
    file(bytes, "application/pdf", "inline", filename)
}

fn file(bytes: Vec<u8>, content_type: &str, disposition: &str, filename: &str) -> Response {
    let name: String = filename.chars().filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\').collect();
    bytes
        .with_content_type(content_type.to_string())
        .with_header(poem::http::header::CONTENT_DISPOSITION, format!("{disposition}; filename=\"{name}\""))
        .into_response()
}

/// The address the browser reached the shop by (`http://192.168.1.20:8080`), for links to hand
/// to someone else: the `Host` it sent, over https when a proxy in front says so.
pub fn origin(req: &Request) -> String {
    let host = req.headers().get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let https = req.headers().get("x-forwarded-proto").and_then(|h| h.to_str().ok()) == Some("https");
    format!("{}://{host}", if https { "https" } else { "http" })
}

#[cfg(test)]
mod tests {
    #[test]
    fn triggers_travel_as_ascii_and_read_back_the_same() {
        let v = serde_json::json!({"till-recalled": {"reason": "Client fidèle ☕"}});
        let header = super::trigger(&v);
        assert!(header.is_ascii(), "{header}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&header).unwrap(), v);
    }
}
