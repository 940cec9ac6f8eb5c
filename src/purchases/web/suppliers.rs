//! Routes of the supplier pages.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::catalog::{self, Kind};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::purchases::views::suppliers as views;
use crate::purchases::{SupplierForm, ops, store};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn list(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let suppliers = app.db.read(|c| Ok(store::suppliers(c)?)).await?;
    Ok(hx::page(hx, &shell, "Fournisseurs", views::list(&suppliers)))
}

#[handler]
pub async fn new_page(hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let v = SupplierForm { payment_days: "0".into(), ..Default::default() };
    Ok(hx::page(hx, &shell, "Nouveau fournisseur", views::form(&shell.csrf, None, &v, &FieldErrors::new())))
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(form): Form<SupplierForm>,
) -> Result<Response, AppError> {
    let result = match form.parse() {
        Ok(s) => {
            let (actor, now) = (me.actor(), app.clock.now_text());
            app.db.write(move |tx| ops::save_supplier(tx, &actor, 0, &s, &now)).await
        }
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(id) => Ok(hx::redirect(hx, &format!("/fournisseurs/{id}?ok=fournisseur"))),
        Err(AppError::Invalid(e)) => {
            Ok(hx::invalid(hx, &shell, "Nouveau fournisseur", views::form(&shell.csrf, None, &form, &e)))
        }
        Err(e) => Err(e),
    }
}

async fn render(
    app: &App,
    hx: Hx,
    shell: &Shell,
    id: i64,
    form: Option<SupplierForm>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let (s, supplied, others) = app
        .db
        .read(move |c| {
            let s = store::supplier(c, id)?.ok_or(AppError::NotFound)?;
            let ids = store::products_of(c, id)?;
            let bought = catalog::store::products_of_kinds(c, &[Kind::Ingredient, Kind::Revente, Kind::Consommable])?;
            let (supplied, others): (Vec<_>, Vec<_>) = bought.into_iter().partition(|p| ids.contains(&p.id));
            Ok((s, supplied, others))
        })
        .await?;
    let invalid = !errors.is_empty();
    let v = form.unwrap_or_else(|| SupplierForm::of(&s));
    let main = views::page(&shell.csrf, &s, &v, &errors, &supplied, &others);
    Ok(if invalid { hx::invalid(hx, shell, &s.name, main) } else { hx::page(hx, shell, &s.name, main) })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    render(app, hx, &shell, id, None, FieldErrors::new()).await
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<SupplierForm>,
) -> Result<Response, AppError> {
    let result = match form.parse() {
        Ok(s) => {
            let (actor, now) = (me.actor(), app.clock.now_text());
            app.db.write(move |tx| ops::save_supplier(tx, &actor, id, &s, &now)).await
        }
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(_) => Ok(hx::redirect(hx, &format!("/fournisseurs/{id}?ok=fournisseur"))),
        Err(AppError::Invalid(e)) => render(app, hx, &shell, id, Some(form), e).await,
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProductPick {
    product_id: i64,
}

#[handler]
pub async fn add_product(
    Data(app): Data<&App>,
    hx: Hx,
    Path(id): Path<i64>,
    Form(f): Form<ProductPick>,
) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::link_products(tx, id, &[f.product_id])).await?;
    Ok(hx::redirect(hx, &format!("/fournisseurs/{id}")))
}

#[handler]
pub async fn remove_product(
    Data(app): Data<&App>,
    hx: Hx,
    Path(id): Path<i64>,
    Form(f): Form<ProductPick>,
) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::unlink_product(tx, id, f.product_id)).await?;
    Ok(hx::redirect(hx, &format!("/fournisseurs/{id}")))
}
