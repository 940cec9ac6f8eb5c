//! Routes of the administration of users, tokens and roles.

use std::collections::BTreeSet;

use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use serde::Deserialize;

use super::check_new_password;
use crate::audit::Stamp;
use crate::auth::views::admin::{self as views, UserPageState, UserValues};
use crate::auth::{Permission, ops, password, store};
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
    fn parse(&self) -> Result<ops::UserDraft, FieldErrors> {
        let (draft, errors) = self.identity();
        errors.into_result(draft)
    }

    /// A new account: the draft and its password.
    fn parse_new(&self) -> Result<ops::UserDraft, FieldErrors> {
        let (draft, mut errors) = self.identity();
        check_new_password(&mut errors, &self.password, &self.password_confirm, &draft.username);
        errors.into_result(draft)
    }

    fn identity(&self) -> (ops::UserDraft, FieldErrors) {
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
    st: Stamp,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    let result = match form.parse_new() {
        Ok(draft) => {
            let hash = password::hash(form.password.clone()).await?;
            app.db.write(move |tx| ops::create_user(tx, &st.actor, &draft, &hash, &st.now)).await
        }
        Err(errors) => Err(errors.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok=utilisateur-cree")),
        async |e| {
            let main = views::new_user(&shell.csrf, &form.values(), &roles(app).await?, &e);
            Ok(hx::invalid(hx, &shell, "Nouvel utilisateur", main))
        },
    )
    .await
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
    st: Stamp,
    Path(id): Path<i64>,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    let result = match form.parse() {
        Ok(draft) => app.db.write(move |tx| ops::update_user(tx, &st.actor, id, &draft, &st.now)).await,
        Err(errors) => Err(errors.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok=utilisateur-modifie")),
        async |e| {
            let state = UserPageState { values: Some(form.values()), identity_errors: e, ..Default::default() };
            render_user(app, hx, &shell, id, state, true).await
        },
    )
    .await
}

async fn set_active(app: &App, hx: Hx, st: Stamp, id: i64, active: bool) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_user_active(tx, &st.actor, id, active, &st.now)).await?;
    let ok = if active { "utilisateur-active" } else { "utilisateur-desactive" };
    Ok(hx::redirect(hx, &format!("/admin/utilisateurs/{id}?ok={ok}")))
}

#[handler]
pub async fn disable_user(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    set_active(app, hx, st, id, false).await
}

#[handler]
pub async fn enable_user(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    set_active(app, hx, st, id, true).await
}

#[handler]
pub async fn reset_password(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
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
    app.db.write(move |tx| ops::reset_password(tx, &st.actor, id, &hash, &st.now)).await?;
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
    st: Stamp,
    Path(id): Path<i64>,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let result = app.db.write(move |tx| ops::create_token(tx, &st.actor, id, &form.token_name, &st.now)).await;
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
pub async fn revoke_token(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    let user_id = app.db.write(move |tx| ops::revoke_token(tx, &st.actor, id, &st.now)).await?;
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

/// The role form, as typed: `name`, `description`, and one `permission` per ticked box.
struct RoleForm {
    name: String,
    description: String,
    permissions: Vec<String>,
}

impl RoleForm {
    fn of(pairs: &[(String, String)]) -> RoleForm {
        let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string());
        let permissions = pairs.iter().filter(|(k, _)| k == "permission").map(|(_, v)| v.clone()).collect();
        RoleForm {
            name: value("name").unwrap_or_default(),
            description: value("description").unwrap_or_default(),
            permissions,
        }
    }

    /// The permissions ticked, each one known to this binary.
    fn parse(&self) -> Result<BTreeSet<Permission>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut permissions = BTreeSet::new();
        for code in &self.permissions {
            match Permission::from_code(code) {
                Some(p) => {
                    permissions.insert(p);
                }
                None => errors.add("_form", format!("Droit inconnu : « {code} » (permission).")),
            }
        }
        errors.into_result(permissions)
    }
}

#[handler]
pub async fn update_role(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = RoleForm::of(&pairs);
    let result = match f.parse() {
        Ok(set) => {
            let (name, description) = (f.name.clone(), f.description.clone());
            app.db.write(move |tx| ops::update_role(tx, &st.actor, id, &name, &description, &set, &st.now)).await
        }
        Err(errors) => Err(errors.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/admin/roles/{id}?ok=role-modifie")),
        async |errors| {
            let role = app.db.read(move |c| Ok(store::role(c, id)?)).await?.ok_or(AppError::NotFound)?;
            Ok(hx::invalid(hx, &shell, "Rôle", views::role(&shell.csrf, &role, &f.name, &f.description, &errors)))
        },
    )
    .await
}
