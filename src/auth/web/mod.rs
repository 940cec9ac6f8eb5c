//! Routes of first run, signing in and out, and one's own account. Thin: parse, one operation, view.

pub mod admin;
pub mod pin;

use maud::Markup;
use poem::http::header;
use poem::web::{Data, Form, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::session::{ClientIp, CsrfToken, SESSION_COOKIE, SessionExpired, SessionSecret, set_cookie};
use super::{CurrentUser, login, ops, password, password_problem, store, views};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// Only local paths: never `//evil.example` or `https://…` (old defect: unchecked `next`).
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://");
    if ok { next.to_string() } else { "/".to_string() }
}

/// Percent-encodes a query value.
pub fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn with_session_cookie(app: &App, mut resp: Response, secret: &str, max_age: i64) -> Response {
    if let Ok(v) = set_cookie(app, SESSION_COOKIE, secret, max_age).parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// The answer that signs someone in: `resp` with the new session's cookie.
fn signed_in(app: &App, resp: Response, secret: &str) -> Response {
    with_session_cookie(app, resp, secret, i64::from(app.config.session_hours) * 3600)
}

fn user_agent(req: &Request) -> &str {
    req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// Checks a new password and its confirmation, adding messages to `errors`.
fn check_new_password(errors: &mut FieldErrors, password: &str, confirm: &str, username: &str) {
    if let Some(p) = password_problem(password, username) {
        errors.add("password", p);
    } else if password != confirm {
        errors.add("password_confirm", "Les deux mots de passe ne sont pas identiques.");
    }
}

// ---- first run ------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    code: String,
    username: String,
    display_name: String,
    password: String,
    password_confirm: String,
}

impl SetupForm {
    /// What the form comes back with (never the password).
    fn values(&self) -> views::SetupValues {
        views::SetupValues {
            code: self.code.trim().to_string(),
            username: self.username.trim().to_string(),
            display_name: self.display_name.trim().to_string(),
        }
    }

    /// The first administrator, once the name, the password and the code are there.
    fn parse(&self) -> Result<ops::UserDraft, FieldErrors> {
        let v = self.values();
        let draft = ops::UserDraft { username: v.username, display_name: v.display_name, role_id: 1 };
        let mut errors = draft.problems();
        check_new_password(&mut errors, &self.password, &self.password_confirm, &draft.username);
        if v.code.is_empty() {
            errors.add("code", "Saisissez le code d'installation.");
        }
        errors.into_result(draft)
    }
}

#[handler]
pub async fn setup_page(Data(app): Data<&App>, hx: Hx, shell: Shell, csrf: CsrfToken) -> Result<Response, AppError> {
    let code = app.db.write(ops::pending_setup_code).await?;
    if code.is_none() {
        app.mark_setup_done();
        return Ok(hx::redirect(hx, "/connexion"));
    }
    let main = views::setup(&csrf.0, &views::SetupValues::default(), &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Installation", main))
}

/// Once set up, the new administrator is signed in.
async fn first_login(
    app: &App,
    hx: Hx,
    username: &str,
    pass: &str,
    ip: &str,
    agent: &str,
) -> Result<Response, AppError> {
    app.mark_setup_done();
    let secret = login::login(app, username, pass, ip, agent).await?;
    Ok(signed_in(app, hx::redirect(hx, "/?ok=bienvenue"), &secret))
}

#[handler]
pub async fn setup_submit(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    csrf: CsrfToken,
    ip: ClientIp,
    req: &Request,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    let values = form.values();
    let result = match form.parse() {
        Ok(draft) => {
            let hash = password::hash(form.password.clone()).await?;
            let (code, now, addr) = (values.code.clone(), app.clock.now_text(), ip.0.clone());
            app.db.write(move |tx| ops::complete_setup(tx, &code, &draft, &hash, &now, &addr)).await
        }
        Err(errors) => Err(errors.into()),
    };
    match result {
        Ok(_) => first_login(app, hx, &values.username, &form.password, &ip.0, user_agent(req)).await,
        Err(AppError::Invalid(errors)) => {
            Ok(hx::invalid(hx, &shell, "Installation", views::setup(&csrf.0, &values, &errors)))
        }
        Err(e) => Err(e),
    }
}

// ---- signing in and out ---------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    suivant: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
    suivant: String,
}

impl LoginForm {
    /// Both fields are needed.
    fn problems(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.username.trim().is_empty() {
            errors.add("username", "Saisissez votre nom d'utilisateur.");
        }
        if self.password.is_empty() {
            errors.add("password", "Saisissez votre mot de passe.");
        }
        errors
    }
}

/// Why signing in failed, said at the top of the form; other errors go on.
fn login_errors(e: AppError) -> Result<FieldErrors, AppError> {
    match e {
        AppError::Invalid(errors) => Ok(errors),
        e @ (AppError::Rule(_) | AppError::Throttled { .. }) => {
            let mut errors = FieldErrors::new();
            errors.add("_form", e.user_message());
            Ok(errors)
        }
        e => Err(e),
    }
}

#[handler]
pub async fn login_page(
    hx: Hx,
    shell: Shell,
    csrf: CsrfToken,
    req: &Request,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    if shell.user.is_some() {
        return Ok(hx::redirect(hx, &safe_next(&q.suivant)));
    }
    let notice = req.extensions().get::<SessionExpired>().map(|_| "Votre session a expiré : reconnectez-vous.");
    let main = views::login(&csrf.0, "", &q.suivant, notice, &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Connexion", main))
}

#[handler]
pub async fn login_submit(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    csrf: CsrfToken,
    ip: ClientIp,
    req: &Request,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let result = match form.problems().into_result(()) {
        Ok(()) => login::login(app, &form.username, &form.password, &ip.0, user_agent(req)).await,
        Err(errors) => Err(errors.into()),
    };
    match result {
        Ok(secret) => Ok(signed_in(app, hx::redirect(hx, &safe_next(&form.suivant)), &secret)),
        Err(e) => {
            let throttled = matches!(e, AppError::Throttled { .. });
            let errors = login_errors(e)?;
            let main = views::login(&csrf.0, form.username.trim(), &form.suivant, None, &errors);
            let mut resp = hx::invalid(hx, &shell, "Connexion", main);
            if throttled {
                resp.set_status(poem::http::StatusCode::TOO_MANY_REQUESTS);
            }
            Ok(resp)
        }
    }
}

#[handler]
pub async fn logout_page(hx: Hx, shell: Shell, user: CurrentUser) -> Result<Response, AppError> {
    let main = views::logout(&shell.csrf, &user);
    Ok(hx::page(hx, &shell, "Déconnexion", main))
}

#[handler]
pub async fn logout_submit(
    Data(app): Data<&App>,
    hx: Hx,
    user: CurrentUser,
    req: &Request,
) -> Result<Response, AppError> {
    if let Some(SessionSecret(secret)) = req.extensions().get::<SessionSecret>().cloned() {
        let now = app.clock.now_text();
        app.db.write(move |tx| ops::close_session(tx, &user, &secret, &now)).await?;
    }
    let resp = hx::redirect(hx, "/connexion");
    Ok(with_session_cookie(app, resp, "", 0))
}

// ---- my account -----------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    password: String,
    password_confirm: String,
}

/// "Mon compte", with whatever the last submission left to say beside the password or the PIN.
async fn account_main(
    app: &App,
    csrf: &str,
    user: &CurrentUser,
    password_errors: &FieldErrors,
    pin_errors: &FieldErrors,
) -> Result<Markup, AppError> {
    let id = user.id;
    let has_pin = app.db.read(move |c| Ok(store::pin_hash(c, id)?.is_some())).await?;
    Ok(views::account(csrf, user, has_pin, password_errors, pin_errors))
}

/// Whether `typed` is the user's current password (checked off the async threads).
async fn current_password_ok(app: &App, user_id: i64, typed: &str) -> Result<bool, AppError> {
    let stored = app.db.read(move |c| Ok(store::password_hash(c, user_id)?)).await?.unwrap_or_default();
    Ok(!typed.is_empty() && password::verify(typed.to_string(), stored).await)
}

#[handler]
pub async fn account_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let main = account_main(app, &shell.csrf, &user, &FieldErrors::new(), &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Mon compte", main))
}

#[handler]
pub async fn change_password(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    user: CurrentUser,
    req: &Request,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    check_new_password(&mut errors, &form.password, &form.password_confirm, &user.username);
    if !current_password_ok(app, user.id, &form.current).await? {
        errors.add("current", "Mot de passe actuel incorrect.");
    }
    if !errors.is_empty() {
        let main = account_main(app, &shell.csrf, &user, &errors, &FieldErrors::new()).await?;
        return Ok(hx::invalid(hx, &shell, "Mon compte", main));
    }
    let hash = password::hash(form.password).await?;
    let keep = req.extensions().get::<SessionSecret>().map(|s| super::token_hash(&s.0));
    let now = app.clock.now_text();
    app.db.write(move |tx| ops::change_own_password(tx, &user, &hash, keep.as_deref(), &now)).await?;
    Ok(hx::redirect(hx, "/compte?ok=mot-de-passe").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next("/admin/utilisateurs"), "/admin/utilisateurs");
        assert_eq!(safe_next("//evil.example/x"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
        assert_eq!(encode_component("/a?b=c d"), "/a%3Fb%3Dc%20d");
    }
}
