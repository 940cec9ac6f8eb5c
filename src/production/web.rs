//! Routes of production: the page and the "Produire" form.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use serde::Deserialize;

use super::views::{self, ProductionValues};
use super::{TypedProduction, ops, store};
use crate::audit::Stamp;
use crate::auth::random_hex;
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

/// The "Produire" form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProductionForm {
    product_id: String,
    qty: String,
    location_id: String,
    note: String,
    token: String,
}

impl ProductionForm {
    fn values(&self) -> ProductionValues {
        ProductionValues {
            product: self.product_id.clone(),
            qty: self.qty.clone(),
            location: self.location_id.clone(),
            note: self.note.clone(),
            token: self.token.clone(),
        }
    }

    /// As typed: the quantity is read in the product's unit by the operation.
    fn typed(&self) -> TypedProduction {
        TypedProduction {
            product: self.product_id.clone(),
            qty: self.qty.clone(),
            location: self.location_id.clone(),
            note: self.note.clone(),
            token: Some(self.token.clone()).filter(|t| !t.is_empty()),
        }
    }
}

#[handler]
pub async fn produce(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<ProductionForm>,
) -> Result<Response, AppError> {
    let typed = f.typed();
    let result = app.db.write(move |tx| ops::produce_typed(tx, &st, &typed)).await;
    hx::kept(
        result,
        |_| hx::redirect(hx, "/production?ok=production"),
        async |e| render(app, hx, &shell, f.values(), &e).await,
    )
    .await
}

/// "Annuler la production": everything it moved taken back; refused on the page with the reason.
#[handler]
pub async fn cancel(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let result = app.db.write(move |tx| ops::cancel(tx, &st, id)).await;
    let values = ProductionValues { token: random_hex(16), ..Default::default() };
    hx::kept(
        result,
        |_| hx::redirect(hx, "/production?ok=production-annulee"),
        async |e| render(app, hx, &shell, values, &e).await,
    )
    .await
}
