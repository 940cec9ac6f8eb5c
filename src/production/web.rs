//! Routes of production: the page and the "Produire" form.

use poem::web::{Data, Form};
use poem::{Response, handler};
use serde::Deserialize;

use super::views::{self, ProductionValues};
use super::{ProductionDraft, ops, store};
use crate::auth::{CurrentUser, random_hex};
use crate::catalog;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

async fn render(
    app: &App,
    hx: Hx,
    shell: &Shell,
    values: ProductionValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (products, locations, past) = app
        .db
        .read(|c| {
            let products = catalog::store::all_products(c)?
                .into_iter()
                .filter(|p| p.active && p.kind.has_recipe())
                .collect::<Vec<_>>();
            Ok((products, crate::stock::store::locations(c)?, store::recent(c, 50)?))
        })
        .await?;
    let main = views::page(&app.clock, &shell.csrf, &values, &products, &locations, &past, errors);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Production", main)
    } else {
        hx::invalid(hx, shell, "Production", main)
    })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let values = ProductionValues { token: random_hex(16), ..Default::default() };
    render(app, hx, &shell, values, &FieldErrors::new()).await
}

#[derive(Debug, Deserialize)]
pub struct ProductionForm {
    #[serde(default)]
    product_id: String,
    #[serde(default)]
    qty: String,
    #[serde(default)]
    location_id: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    token: String,
}

/// Parses a typed production against the product's unit.
pub(crate) async fn parse(
    app: &App,
    product: &str,
    qty: &str,
    location: &str,
) -> Result<(i64, crate::money::Qty, i64), FieldErrors> {
    let mut errors = FieldErrors::new();
    let product_id = product.trim().parse::<i64>().ok();
    let unit = match product_id {
        Some(id) => app.db.read(move |c| Ok(catalog::store::product(c, id)?.map(|p| p.unit))).await.ok().flatten(),
        None => None,
    };
    if unit.is_none() {
        errors.add("product_id", "Choisissez le produit à fabriquer.");
    }
    let qty = unit.and_then(|u| u.parse_positive(qty).map_err(|e| errors.add("qty", e)).ok());
    let location =
        location.trim().parse::<i64>().map_err(|_| errors.add("location_id", "Choisissez la destination.")).ok();
    match (product_id, qty, location) {
        (Some(p), Some(q), Some(l)) if errors.is_empty() => Ok((p, q, l)),
        _ => Err(errors),
    }
}

#[handler]
pub async fn produce(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(f): Form<ProductionForm>,
) -> Result<Response, AppError> {
    let values = ProductionValues {
        product: f.product_id.clone(),
        qty: f.qty.clone(),
        location: f.location_id.clone(),
        note: f.note.clone(),
        token: f.token.clone(),
    };
    let result = match parse(app, &f.product_id, &f.qty, &f.location_id).await {
        Ok((product_id, qty, location_id)) => {
            let draft = ProductionDraft {
                product_id,
                qty,
                location_id,
                token: Some(f.token).filter(|t| !t.is_empty()),
                note: f.note,
            };
            let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
            app.db.write(move |tx| ops::produce(tx, &actor, &draft, &now, day)).await
        }
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(_) => Ok(hx::redirect(hx, "/production?ok=production")),
        Err(AppError::Invalid(e)) => render(app, hx, &shell, values, &e).await,
        Err(e) => Err(e),
    }
}
