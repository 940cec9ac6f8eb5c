//! Sellers' PINs and the quick switch at a shared till. A PIN is hashed like a password
//! (argon2id); wrong PINs are throttled like sign-ins (per seller and per address), and a right
//! one moves the current session to that seller.

use chrono::Duration;
use maud::{Markup, html};
use poem::http::StatusCode;
use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};

use super::{ops, pin_problem, store, views};
use crate::audit::{self, AuditKind, Event};
use crate::auth::login::{MAX_PER_IP, MAX_PER_NAME, WINDOW_MINUTES};
use crate::auth::session::{ClientIp, SessionSecret};
use crate::auth::{CurrentUser, Permission, password, token_hash};
use crate::clock::{parse_stamp, stamp};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

pub const WRONG_PIN: &str = "Code PIN incorrect.";

/// The throttling key of a seller's PINs (kept apart from her sign-ins).
fn key(username: &str) -> String {
    format!("pin:{username}")
}

/// "Mon compte" with the PIN card.
pub async fn account_main(
    app: &App,
    csrf: &str,
    user: &CurrentUser,
    password_errors: &FieldErrors,
    pin_errors: &FieldErrors,
) -> Result<Markup, AppError> {
    let id = user.id;
    let has_pin = app.db.read(move |c| Ok(store::pin_hash(c, id)?.is_some())).await?;
    Ok(html! {
        (crate::auth::views::account(csrf, user, password_errors))
        (views::own_pin_card(csrf, has_pin, pin_errors))
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct OwnPinForm {
    #[serde(default)]
    pin: String,
    #[serde(default)]
    pin_confirm: String,
    #[serde(default)]
    pin_current: String,
}

#[handler]
pub async fn set_own_pin(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(form): Form<OwnPinForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    if let Some(m) = pin_problem(form.pin.trim()) {
        errors.add("pin", m);
    } else if form.pin.trim() != form.pin_confirm.trim() {
        errors.add("pin_confirm", "Les deux codes PIN diffèrent.");
    }
    let id = me.id;
    let stored = app.db.read(move |c| Ok(crate::auth::store::password_hash(c, id)?)).await?.unwrap_or_default();
    if form.pin_current.is_empty() || !password::verify(form.pin_current.clone(), stored).await {
        errors.add("pin_current", "Mot de passe actuel incorrect.");
    }
    if !errors.is_empty() {
        let main = account_main(app, &shell.csrf, &me, &FieldErrors::new(), &errors).await?;
        return Ok(hx::invalid(hx, &shell, "Mon compte", main));
    }
    let hash = password::hash(form.pin.trim().to_string()).await?;
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::set_pin(tx, &actor, id, Some(&hash), &now)).await?;
    Ok(hx::redirect(hx, "/compte"))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct AdminPinForm {
    #[serde(default)]
    pin: String,
    #[serde(default)]
    action: String,
}

/// An admin sets or clears someone's PIN (a forgotten PIN, a seller who leaves).
#[handler]
pub async fn admin_set_pin(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<AdminPinForm>,
) -> Result<Response, AppError> {
    let hash = if form.action == "clear" {
        None
    } else {
        if let Some(m) = pin_problem(form.pin.trim()) {
            return Err(AppError::rule(m));
        }
        Some(password::hash(form.pin.trim().to_string()).await?)
    };
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::set_pin(tx, &actor, id, hash.as_deref(), &now)).await?;
    Ok(hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok=utilisateur-modifie")))
}

/// Sellers who may take the till: active, allowed to sell, with a PIN. (id, name)
/// Never an administrator: a short PIN must not open a session with every right.
fn sellers(c: &rusqlite::Connection) -> Result<Vec<(i64, String)>, AppError> {
    let mut out = Vec::new();
    for (id, username, display, role_id) in store::users_with_pin(c)? {
        let role = crate::auth::store::role(c, role_id)?;
        let sells = role.is_some_and(|r| !r.is_superuser && r.grants(Permission::Sell));
        if sells {
            out.push((id, if display.trim().is_empty() { username } else { display }));
        }
    }
    Ok(out)
}

#[handler]
pub async fn sellers_page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let list = app.db.read(sellers).await?;
    Ok(hx::page(hx, &shell, "Changer de vendeuse", views::seller_tiles(&shell.csrf, &list, me.id)))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    user_id: i64,
    #[serde(default)]
    pin: String,
}

/// Minutes to wait, if this seller's PINs or this address are throttled.
fn throttled(
    c: &rusqlite::Connection,
    username: &str,
    ip: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<i64>, AppError> {
    let since = stamp(now - Duration::minutes(WINDOW_MINUTES));
    let wait = |count: i64, max: i64, oldest: Option<String>| {
        (count >= max).then(|| {
            let free_at = oldest.and_then(|o| parse_stamp(&o)).unwrap_or(now) + Duration::minutes(WINDOW_MINUTES);
            ((free_at - now).num_seconds() + 59).div_euclid(60).max(1)
        })
    };
    let (n, oldest) = crate::auth::store::failures_for_name(c, &key(username), &since)?;
    if let Some(m) = wait(n, MAX_PER_NAME, oldest) {
        return Ok(Some(m));
    }
    let (n, oldest) = crate::auth::store::failures_for_ip(c, ip, &since)?;
    Ok(wait(n, MAX_PER_IP, oldest))
}

#[handler]
pub async fn switch(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    req: &Request,
    Form(form): Form<SwitchForm>,
) -> Result<Response, AppError> {
    let secret = req.extensions().get::<SessionSecret>().map(|s| token_hash(&s.0)).ok_or(AppError::Forbidden)?;
    let (target, now) = (form.user_id, app.clock.now());
    let ip2 = ip.clone();
    let (at, at2) = (stamp(now), stamp(now));
    // The attempt counts as a failure before the PIN is checked, in the same transaction as the
    // throttle check: parallel guesses cannot all slip under the limit. A right PIN takes it back.
    let (found, wait, attempt) = app
        .db
        .write(move |tx| {
            let seller = sellers(tx)?.into_iter().find(|(id, _)| *id == target);
            let user = crate::auth::store::user(tx, target)?;
            let found = match (seller, user) {
                (Some((_, name)), Some(u)) => store::pin_hash(tx, target)?.map(|h| (name, u.username, h)),
                _ => None,
            };
            let username = found.as_ref().map(|f| f.1.clone()).unwrap_or_default();
            let wait = throttled(tx, &username, &ip2, now)?;
            if wait.is_some() {
                return Ok((found, wait, None));
            }
            crate::auth::store::insert_failure(tx, &key(&username), &ip2, &at2)?;
            Ok((found, wait, Some(tx.last_insert_rowid())))
        })
        .await?;
    let name = found.as_ref().map(|(n, _, _)| n.clone()).unwrap_or_default();
    let tile = |message: &str, status: StatusCode| {
        let mut resp = hx::invalid(
            hx,
            &shell,
            "Changer de vendeuse",
            views::seller_tile(&shell.csrf, target, &name, Some(message)),
        );
        resp.set_status(status);
        resp
    };
    if let Some(minutes) = wait {
        let message = format!("Trop de codes erronés. Réessayez dans {minutes} minute(s).");
        return Ok(tile(&message, StatusCode::TOO_MANY_REQUESTS));
    }
    let (hash, username) = match &found {
        Some((_, u, h)) => (h.clone(), u.clone()),
        None => (password::decoy_hash().to_string(), String::new()),
    };
    let ok = password::verify(form.pin.trim().to_string(), hash).await && found.is_some();
    if !ok {
        return Ok(tile(WRONG_PIN, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let actor = me.actor().from_ip(&ip);
    let summary = format!("« {} » passe la caisse à « {} ».", me.username, username);
    app.db
        .write(move |tx| {
            store::switch_session(tx, &secret, target)?;
            if let Some(id) = attempt {
                store::forget_failure(tx, id)?;
            }
            crate::auth::store::clear_failures_for_name(tx, &key(&username))?;
            audit::record(tx, &actor, &at, Event::new(AuditKind::SellerSwitched, "users", target, summary))?;
            Ok(())
        })
        .await?;
    Ok(hx::redirect(hx, "/caisse"))
}
