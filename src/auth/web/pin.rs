//! Routes of sellers' PINs: one's own, an administrator's for someone, and the quick switch at a
//! shared till (the sellers' tiles, then a PIN).

use poem::http::StatusCode;
use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::{account_main, current_password_ok};
use crate::audit::Stamp;
use crate::auth::ops::{self, Switch, WRONG_PIN};
use crate::auth::session::SessionSecret;
use crate::auth::views::pin as views;
use crate::auth::{CurrentUser, password, pin_problem, token_hash};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OwnPinForm {
    pin: String,
    pin_confirm: String,
    pin_current: String,
}

impl OwnPinForm {
    /// What is wrong with the new PIN itself (the password is checked against the database).
    fn problems(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if let Some(m) = pin_problem(self.pin.trim()) {
            errors.add("pin", m);
        } else if self.pin.trim() != self.pin_confirm.trim() {
            errors.add("pin_confirm", "Les deux codes PIN diffèrent.");
        }
        errors
    }
}

#[handler]
pub async fn set_own_pin(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(form): Form<OwnPinForm>,
) -> Result<Response, AppError> {
    let mut errors = form.problems();
    if !current_password_ok(app, me.id, &form.pin_current).await? {
        errors.add("pin_current", "Mot de passe actuel incorrect.");
    }
    if !errors.is_empty() {
        let main = account_main(app, &shell.csrf, &me, &FieldErrors::new(), &errors).await?;
        return Ok(hx::invalid(hx, &shell, "Mon compte", main));
    }
    let hash = password::hash(form.pin.trim().to_string()).await?;
    let id = me.id;
    app.db.write(move |tx| ops::set_pin(tx, &st.actor, id, Some(&hash), &st.now)).await?;
    Ok(hx::redirect(hx, "/compte"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdminPinForm {
    pin: String,
    action: String,
}

/// An admin sets or clears someone's PIN (a forgotten PIN, a seller who leaves).
#[handler]
pub async fn admin_set_pin(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
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
    app.db.write(move |tx| ops::set_pin(tx, &st.actor, id, hash.as_deref(), &st.now)).await?;
    Ok(hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok=utilisateur-modifie")))
}

#[handler]
pub async fn sellers_page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let list = app.db.read(ops::sellers).await?;
    Ok(hx::page(hx, &shell, "Changer de vendeuse", views::seller_tiles(&shell.csrf, &list, me.id)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SwitchForm {
    user_id: i64,
    pin: String,
}

/// A seller takes the shared till with her PIN: the session becomes hers, or her tile says why not.
#[handler]
pub async fn switch(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Form(form): Form<SwitchForm>,
) -> Result<Response, AppError> {
    let session = req.extensions().get::<SessionSecret>().map(|s| token_hash(&s.0)).ok_or(AppError::Forbidden)?;
    let target = form.user_id;
    let outcome = app.db.write(move |tx| ops::switch_seller(tx, &st, &session, target, &form.pin)).await?;
    let (seller, message, status) = match outcome {
        Switch::Switched => return Ok(hx::redirect(hx, "/caisse")),
        Switch::WrongPin { seller } => (seller, WRONG_PIN.to_string(), StatusCode::UNPROCESSABLE_ENTITY),
        Switch::Wait { seller, minutes } => {
            let message = format!("Trop de codes erronés. Réessayez dans {minutes} minute(s).");
            (seller, message, StatusCode::TOO_MANY_REQUESTS)
        }
    };
    let tile = views::seller_tile(&shell.csrf, target, &seller, Some(&message));
    let mut resp = hx::invalid(hx, &shell, "Changer de vendeuse", tile);
    resp.set_status(status);
    Ok(resp)
}
