//! Routes of the packaging rules (`/caisse/emballages`) and limits (`/caisse/parametres`).

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::ops::{self, RuleForm};
use super::store;
use super::views::{self, PackagingChoices};
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

async fn render_packaging(
    app: &App,
    hx: Hx,
    shell: &Shell,
    f: &RuleForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (rules, categories, products, packagings) = app
        .db
        .read(|c| Ok((store::all_rules(c)?, store::categories(c)?, store::sold_products(c)?, store::packagings(c)?)))
        .await?;
    let choices = PackagingChoices { categories: &categories, products: &products, packagings: &packagings };
    let main = views::packaging_page(&shell.csrf, &rules, &choices, f, errors);
    let title = "Règles d'emballage";
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[handler]
pub async fn packaging_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    render_packaging(app, hx, &shell, &RuleForm::default(), &FieldErrors::new()).await
}

#[handler]
pub async fn add_rule(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(form): Form<RuleForm>,
) -> Result<Response, AppError> {
    let (actor, now, f) = (me.actor(), app.clock.now_text(), form.clone());
    match app.db.write(move |tx| ops::add_rule(tx, &actor, &f, &now)).await {
        Ok(_) => Ok(hx::redirect(hx, "/caisse/emballages?ok=parametres")),
        Err(AppError::Invalid(errors)) => render_packaging(app, hx, &shell, &form, &errors).await,
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn delete_rule(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::delete_rule(tx, &actor, id, &now)).await?;
    Ok(hx::redirect(hx, "/caisse/emballages?ok=parametres"))
}

async fn render_limits(
    app: &App,
    hx: Hx,
    shell: &Shell,
    typed: Option<&[(String, String)]>,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (rules, roles) = app.db.read(|c| Ok((store::settings(c)?, crate::auth::store::role_limits(c)?))).await?;
    let main = views::limits_page(&shell.csrf, &rules, &roles, typed, errors);
    let title = "Limites de caisse";
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[handler]
pub async fn limits_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    render_limits(app, hx, &shell, None, &FieldErrors::new()).await
}

#[handler]
pub async fn save_limits(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (actor, now, p) = (me.actor(), app.clock.now_text(), pairs.clone());
    match app.db.write(move |tx| ops::save_limits(tx, &actor, &p, &now)).await {
        Ok(()) => Ok(hx::redirect(hx, "/caisse/parametres?ok=parametres")),
        Err(AppError::Invalid(errors)) => render_limits(app, hx, &shell, Some(&pairs), &errors).await,
        Err(e) => Err(e),
    }
}
