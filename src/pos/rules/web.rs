//! Routes of the packaging rules (`/caisse/emballages`) and limits (`/caisse/parametres`).

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::ops::{self, RuleForm};
use super::store;
use super::views::{self, PackagingChoices};
use crate::audit::Stamp;
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
    st: Stamp,
    Form(form): Form<RuleForm>,
) -> Result<Response, AppError> {
    let f = form.clone();
    let result = app.db.write(move |tx| ops::add_rule(tx, &st.actor, &f, &st.now)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, "/caisse/emballages?ok=parametres"),
        async |e| render_packaging(app, hx, &shell, &form, &e).await,
    )
    .await
}

#[handler]
pub async fn delete_rule(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::delete_rule(tx, &st.actor, id, &st.now)).await?;
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
    st: Stamp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let p = pairs.clone();
    let result = app.db.write(move |tx| ops::save_limits(tx, &st.actor, &p, &st.now)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, "/caisse/parametres?ok=parametres"),
        async |e| render_limits(app, hx, &shell, Some(&pairs), &e).await,
    )
    .await
}
