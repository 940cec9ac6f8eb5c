//! Routes of production: the page and the "Produire" form.

use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::views::{self, ProductionValues};
use super::{TypedProduction, ops, store};
use crate::audit::Stamp;
use crate::auth::{Permission, random_hex};
use crate::catalog;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Qty;
use crate::state::App;
use crate::stock::{
    self,
    ops::{DocumentDraft, TransferDraft},
};
use crate::ui::Shell;

/// The page; after a refusal (`_form`), with the transfer that would let the production through.
async fn render(
    app: &App,
    hx: Hx,
    shell: &Shell,
    values: ProductionValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let typed = errors.get("_form").map(|_| values.typed());
    let (products, locations, past, offer) = app
        .db
        .read(move |c| {
            let products = catalog::store::all_products(c)?
                .into_iter()
                .filter(|p| p.active && p.kind.has_recipe())
                .collect::<Vec<_>>();
            let offer = typed.map(|t| ops::transfer_offer(c, &t)).transpose()?.flatten();
            Ok((products, crate::stock::store::locations(c)?, store::recent(c, 50)?, offer))
        })
        .await?;
    let may_transfer = shell.user.as_ref().is_some_and(|u| u.can(Permission::StockEdit));
    let offer = offer.map(|o| views::Offer { offer: o, may_transfer, token: random_hex(16) });
    let lists = views::Lists { products: &products, locations: &locations, past: &past };
    let main = views::page(&app.clock, &shell.csrf, &values, &lists, offer.as_ref(), errors);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Production", main)
    } else {
        hx::invalid(hx, shell, "Production", main)
    })
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<ProductionForm>,
) -> Result<Response, AppError> {
    // Back from the transfer a refusal offered: the form as it was typed, with a new token.
    let values = ProductionValues { token: random_hex(16), ..q.values() };
    render(app, hx, &shell, values, &FieldErrors::new()).await
}

/// The transfer offered by a refused production, and the production form to come back to.
#[derive(Debug)]
pub struct OfferForm {
    draft: TransferDraft,
    back: ProductionForm,
}

impl OfferForm {
    fn parse(pairs: &[(String, String)]) -> Result<OfferForm, AppError> {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let bad = || AppError::rule("Ce transfert n'est plus valable : rechargez la page.");
        let mut lines = Vec::new();
        for (_, line) in pairs.iter().filter(|(n, _)| n == "line") {
            let (product, milli) = line.split_once(':').ok_or_else(bad)?;
            lines.push((product.parse().map_err(|_| bad())?, Qty::from_milli(milli.parse().map_err(|_| bad())?)));
        }
        let draft = TransferDraft {
            from: get("from").parse().map_err(|_| bad())?,
            to: get("to").parse().map_err(|_| bad())?,
            lines,
            note: "Pour une production".into(),
            token: Some(get("token")).filter(|t| !t.is_empty()),
        };
        let back = ProductionForm {
            product_id: get("product_id"),
            qty: get("qty"),
            location_id: get("location_id"),
            note: get("note"),
            token: String::new(),
        };
        Ok(OfferForm { draft, back })
    }
}

/// "Transférer … de la Réserve au Labo" (who may transfer: the route checks it), then back to
/// the production form as it was typed.
#[handler]
pub async fn transfer(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = OfferForm::parse(&pairs)?;
    let draft = DocumentDraft::Transfer(f.draft);
    app.db.write(move |tx| stock::ops::record(tx, &st, &draft)).await?;
    let query = serde_urlencoded::to_string(&f.back).map_err(anyhow::Error::from)?;
    Ok(hx::redirect(hx, &format!("/production?{query}&ok=transfert")))
}

/// The "Produire" form as posted (and as a query, back from a transfer).
#[derive(Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProductionForm {
    product_id: String,
    qty: String,
    location_id: String,
    note: String,
    token: String,
}

impl ProductionForm {
    pub fn values(&self) -> ProductionValues {
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
