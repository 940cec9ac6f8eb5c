//! Routes of the administration of users, tokens and roles.

use std::collections::BTreeSet;

use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use serde::Deserialize;

use super::check_new_password;
use crate::auth::views::admin::{self as views, UserPageState, UserValues};
use crate::auth::{CurrentUser, Permission, ops, password, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    username: String,
    display_name: String,
    role_id: String,
    password: String,
    password_confirm: String,
}

impl UserForm {
    fn values(&self) -> UserValues {
        UserValues {
            username: self.username.trim().to_string(),
            display_name: self.display_name.trim().to_string(),
            role_id: self.role_id.trim().to_string(),
        }
    }

    /// The draft, with a role id that is a number (existence is checked by the operation).
    fn parse(&self) -> (ops::UserDraft, FieldErrors) {
        let v = self.values();
        let role_id = v.role_id.parse::<i64>().unwrap_or(0);
        let draft = ops::UserDraft { username: v.username, display_name: v.display_name, role_id };
        let mut errors = draft.problems();
        if role_id <= 0 {
            errors.add("role_id", "Rôle inconnu.");
        }
        (draft, errors)
    }
}

async fn roles(app: &App) -> Result<Vec<crate::auth::Role>, AppError> {
    app.db.read(|c| Ok(store::roles(c)?)).await
}

#[handler]
pub async fn users_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let users = app.db.read(|c| Ok(store::users(c)?)).await?;
    Ok(hx::page(hx, &shell, "Utilisateurs", views::users(&app.clock, &users)))
}

#[handler]
pub async fn new_user_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let roles = roles(app).await?;
    let values = UserValues { role_id: "3".into(), ..Default::default() };
    let main = views::new_user(&shell.csrf, &values, &roles, &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Nouvel utilisateur", main))
}

#[handler]
pub async fn create_user(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    let (draft, mut errors) = form.parse();
    check_new_password(&mut errors, &form.password, &form.password_confirm, &draft.username);
    let result = if errors.is_empty() {
        let hash = password::hash(form.password.clone()).await?;
        let (actor, now) = (me.actor(), app.clock.now_text());
        app.db.write(move |tx| ops::create_user(tx, &actor, &draft, &hash, &now)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(id) => Ok(hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok=utilisateur-cree"))),
        Err(AppError::Invalid(errors)) => {
            let main = views::new_user(&shell.csrf, &form.values(), &roles(app).await?, &errors);
            Ok(hx::invalid(hx, &shell, "Nouvel utilisateur", main))
        }
        Err(e) => Err(e),
    }
}

/// Renders the user page, with whatever the last submission left to show.
async fn render_user(
    app: &App,
    hx: Hx,
    shell: &Shell,
    id: i64,
    state: UserPageState<'_>,
    invalid: bool,
) -> Result<Response, AppError> {
    let (user, roles, tokens, has_pin) = app
        .db
        .read(move |c| {
            let user = store::user(c, id)?.ok_or(AppError::NotFound)?;
            let has_pin = store::pin_hash(c, id)?.is_some();
            Ok((user, store::roles(c)?, store::tokens_of(c, id)?, has_pin))
        })
        .await?;
    let main = views::user(&shell.csrf, &app.clock, &user, &roles, &tokens, has_pin, &state);
    let title = format!("Utilisateur {}", user.username);
    Ok(if invalid { hx::invalid(hx, shell, &title, main) } else { hx::page(hx, shell, &title, main) })
}

#[handler]
pub async fn user_page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    render_user(app, hx, &shell, id, UserPageState::default(), false).await
}

#[handler]
pub async fn update_user(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    let (draft, errors) = form.parse();
    let result = if errors.is_empty() {
        let (actor, now) = (me.actor(), app.clock.now_text());
        app.db.write(move |tx| ops::update_user(tx, &actor, id, &draft, &now)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok=utilisateur-modifie"))),
        Err(AppError::Invalid(errors)) => {
            let state = UserPageState { values: Some(form.values()), identity_errors: errors, ..Default::default() };
            render_user(app, hx, &shell, id, state, true).await
        }
        Err(e) => Err(e),
    }
}

async fn set_active(app: &App, hx: Hx, me: CurrentUser, id: i64, active: bool) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::set_user_active(tx, &actor, id, active, &now)).await?;
    let ok = if active { "utilisateur-active" } else { "utilisateur-desactive" };
    Ok(hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok={ok}")))
}

#[handler]
pub async fn disable_user(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    set_active(app, hx, me, id, false).await
}

#[handler]
pub async fn enable_user(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    set_active(app, hx, me, id, true).await
}

#[handler]
pub async fn reset_password(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    let username = app.db.read(move |c| Ok(store::user(c, id)?)).await?.ok_or(AppError::NotFound)?.username;
    let mut errors = FieldErrors::new();
    check_new_password(&mut errors, &form.password, &form.password_confirm, &username);
    if !errors.is_empty() {
        let state = UserPageState { password_errors: errors, ..Default::default() };
        return render_user(app, hx, &shell, id, state, true).await;
    }
    let hash = password::hash(form.password).await?;
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::reset_password(tx, &actor, id, &hash, &now)).await?;
    Ok(hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok=mot-de-passe-reinitialise")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    token_name: String,
}

#[handler]
pub async fn create_token(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    let result = app.db.write(move |tx| ops::create_token(tx, &actor, id, &form.token_name, &now)).await;
    match result {
        // Shown once, on this answer: the secret is never stored nor put in a URL.
        Ok(secret) => {
            let state = UserPageState { new_secret: Some(&secret), ..Default::default() };
            render_user(app, hx, &shell, id, state, false).await
        }
        Err(AppError::Invalid(errors)) => {
            let state = UserPageState { token_errors: errors, ..Default::default() };
            render_user(app, hx, &shell, id, state, true).await
        }
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn revoke_token(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    let user_id = app.db.write(move |tx| ops::revoke_token(tx, &actor, id, &now)).await?;
    Ok(hx::redirect(hx, &format!("/admin/utilisateurs/{user_id}?ok=jeton-revoque")))
}

#[handler]
pub async fn roles_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let roles = roles(app).await?;
    Ok(hx::page(hx, &shell, "Rôles", views::roles(&roles)))
}

#[handler]
pub async fn role_page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let role = app.db.read(move |c| Ok(store::role(c, id)?)).await?.ok_or(AppError::NotFound)?;
    let main = views::role(&shell.csrf, &role, &role.name, &role.description, &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Rôle", main))
}

/// The role form arrives as pairs: `name`, `description`, and one `permission` per ticked box.
#[handler]
pub async fn update_role(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let (name, description) = (value("name"), value("description"));
    let mut permissions = BTreeSet::new();
    let mut errors = FieldErrors::new();
    for (k, v) in pairs.iter().filter(|(k, _)| k == "permission") {
        match Permission::from_code(v) {
            Some(p) => {
                permissions.insert(p);
            }
            None => errors.add("_form", format!("Droit inconnu : « {v} » ({k}).")),
        }
    }
    let result = if errors.is_empty() {
        let (actor, now, n, d) = (me.actor(), app.clock.now_text(), name.clone(), description.clone());
        app.db.write(move |tx| ops::update_role(tx, &actor, id, &n, &d, &permissions, &now)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(hx::redirect(hx, &format!("/admin/roles/{id}?ok=role-modifie"))),
        Err(AppError::Invalid(errors)) => {
            let role = app.db.read(move |c| Ok(store::role(c, id)?)).await?.ok_or(AppError::NotFound)?;
            Ok(hx::invalid(hx, &shell, "Rôle", views::role(&shell.csrf, &role, &name, &description, &errors)))
        }
        Err(e) => Err(e),
    }
}
