//! API operations of the catalogue: products, recipes, costs, categories, suppliers.
//! Inputs are read by the same parsers as the pages (amounts and quantities as text, as typed:
//! "1 200,50", "2,5 kg"), and the same operations save them.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::auth::Permission;
use crate::catalog::ops::{self, RecipeDraft};
use crate::catalog::views::Visibility;
use crate::catalog::{Category, format_loss, store};
use crate::error::AppError;
use crate::purchases;
use crate::state::App;

mod types;

pub use types::*;

#[derive(Tags)]
enum Tag {
    /// Produits, recettes, coûts, catégories, fournisseurs.
    Catalogue,
}

envelope!(ProductsEnvelope, Vec<ProductOut>);
envelope!(ProductEnvelope, ProductOut);
envelope!(RecipeEnvelope, RecipeIo);
envelope!(CostEnvelope, CostOut);
envelope!(CategoriesEnvelope, Vec<CategoryIo>);
envelope!(CategoryEnvelope, CategoryIo);
envelope!(SuppliersEnvelope, Vec<SupplierIo>);
envelope!(SupplierEnvelope, SupplierIo);

pub struct CatalogApi;

async fn one_product(app: &App, id: i64, v: Visibility) -> Result<ProductOut, AppError> {
    let (p, graph) = app
        .db
        .read(move |c| Ok((store::product(c, id)?.ok_or(AppError::NotFound)?, crate::catalog::ops::graph(c)?)))
        .await?;
    let allergens = graph.allergens(id).iter().map(|a| a.code().to_string()).collect();
    Ok(product_out(p, allergens, v))
}

async fn recipe_io(app: &App, id: i64) -> Result<RecipeIo, AppError> {
    let (p, recipe, graph) = app
        .db
        .read(move |c| {
            Ok((
                store::product(c, id)?.ok_or(AppError::NotFound)?,
                store::recipe(c, id)?.ok_or(AppError::NotFound)?,
                crate::catalog::ops::graph(c)?,
            ))
        })
        .await?;
    let unit_of = |i: i64| graph.node(i).map(|n| n.unit).unwrap_or(p.unit);
    Ok(RecipeIo {
        yield_qty: p.unit.format(recipe.yield_qty),
        loss: format_loss(recipe.loss_bp),
        location_id: recipe.location_id,
        method: recipe.method,
        lines: recipe
            .lines
            .iter()
            .map(|l| RecipeLineIo {
                ingredient_id: l.ingredient_id,
                qty: unit_of(l.ingredient_id).format(l.qty),
                note: l.note.clone(),
            })
            .collect(),
    })
}

#[OpenApi]
impl CatalogApi {
    /// Produits actifs (recherche par nom, référence ou code-barres ; 100 par page).
    #[oai(path = "/produits", method = "get", tag = "Tag::Catalogue")]
    async fn products(
        &self,
        app: Data<&App>,
        auth: Bearer,
        q: Query<Option<String>>,
        page: Query<Option<u32>>,
    ) -> ApiResult<ProductsEnvelope> {
        let v = Visibility::of(&auth.0);
        let filter = store::ProductFilter {
            q: q.0.unwrap_or_default(),
            page: page.0.unwrap_or(0),
            page_size: 100,
            ..Default::default()
        };
        let (products, graph) =
            app.db.read(move |c| Ok((store::search_products(c, &filter)?.0, crate::catalog::ops::graph(c)?))).await?;
        let out = products
            .into_iter()
            .map(|p| {
                let allergens = graph.allergens(p.id).iter().map(|a| a.code().to_string()).collect();
                product_out(p, allergens, v)
            })
            .collect();
        Ok(ProductsEnvelope::ok(out))
    }

    /// Crée un produit (mêmes règles que la page).
    #[oai(path = "/produits", method = "post", tag = "Tag::Catalogue")]
    async fn create_product(&self, app: Data<&App>, auth: Bearer, body: Json<ProductIn>) -> ApiResult<ProductEnvelope> {
        let v = Visibility::of(&auth.0);
        let draft = crate::catalog::web::parse_values(&body.0.values(), None, None, v).map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::create_product(tx, &st.actor, &draft, &st.now)).await?;
        Ok(ProductEnvelope::ok(one_product(&app, id, v).await?))
    }

    /// Un produit.
    #[oai(path = "/produits/:id", method = "get", tag = "Tag::Catalogue")]
    async fn product(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<ProductEnvelope> {
        Ok(ProductEnvelope::ok(one_product(&app, id.0, Visibility::of(&auth.0)).await?))
    }

    /// Remplace un produit (ses seuils sont conservés).
    #[oai(path = "/produits/:id", method = "put", tag = "Tag::Catalogue")]
    async fn update_product(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<ProductIn>,
    ) -> ApiResult<ProductEnvelope> {
        let (v, id) = (Visibility::of(&auth.0), id.0);
        let (before, thresholds) = app
            .db
            .read(move |c| Ok((store::product(c, id)?.ok_or(AppError::NotFound)?, store::thresholds_of(c, id)?)))
            .await?;
        let mut draft = crate::catalog::web::parse_values(&body.0.values(), before.sale_price, before.ref_cost, v)
            .map_err(AppError::Invalid)?;
        draft.thresholds = thresholds.into_iter().collect();
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::update_product(tx, &st.actor, id, &draft, &st.now)).await?;
        Ok(ProductEnvelope::ok(one_product(&app, id, v).await?))
    }

    /// La recette d'un produit.
    #[oai(path = "/produits/:id/recette", method = "get", tag = "Tag::Catalogue")]
    async fn recipe(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<RecipeEnvelope> {
        Ok(RecipeEnvelope::ok(recipe_io(&app, id.0).await?))
    }

    /// Remplace la recette d'un semi-fini ou d'un produit fini (cycles, unités et lieux vérifiés).
    #[oai(path = "/produits/:id/recette", method = "put", tag = "Tag::Catalogue")]
    async fn save_recipe(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<RecipeIo>,
    ) -> ApiResult<RecipeEnvelope> {
        let b = body.0;
        let draft = RecipeDraft {
            yield_text: b.yield_qty,
            loss_text: b.loss,
            location_id: b.location_id,
            method: b.method,
            lines: b.lines.into_iter().map(|l| (l.ingredient_id, l.qty, l.note)).collect(),
        };
        let (st, id) = (Stamp::new(auth.0.actor(), &app.clock), id.0);
        app.db.write(move |tx| ops::save_recipe(tx, &st.actor, id, &draft, &st.now)).await?;
        Ok(RecipeEnvelope::ok(recipe_io(&app, id).await?))
    }

    /// Le coût de revient d'un produit et son détail, à travers toutes les sous-recettes.
    #[oai(path = "/produits/:id/cout", method = "get", tag = "Tag::Catalogue")]
    async fn cost(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<CostEnvelope> {
        let id = id.0;
        let (p, graph) =
            app.db.read(move |c| Ok((store::product(c, id)?.ok_or(AppError::NotFound)?, ops::graph(c)?))).await?;
        let costing = graph.costing(id, &Default::default()).ok_or(AppError::NotFound)?;
        Ok(CostEnvelope::ok(CostOut::of(&p, &costing, auth.0.can(Permission::PricesView))))
    }

    /// Les catégories.
    #[oai(path = "/categories", method = "get", tag = "Tag::Catalogue")]
    async fn categories(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<CategoriesEnvelope> {
        let cats = app.db.read(|c| Ok(store::categories(c)?)).await?;
        Ok(CategoriesEnvelope::ok(
            cats.into_iter()
                .map(|c| CategoryIo {
                    id: c.id,
                    name: c.name,
                    position: c.position,
                    color: c.color,
                    at_till: c.at_till,
                    tva_class: c.tva_class,
                })
                .collect(),
        ))
    }

    /// Crée une catégorie.
    #[oai(path = "/categories", method = "post", tag = "Tag::Catalogue")]
    async fn create_category(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<CategoryIo>,
    ) -> ApiResult<CategoryEnvelope> {
        save_category(&app, &auth, 0, body.0).await
    }

    /// Modifie une catégorie.
    #[oai(path = "/categories/:id", method = "put", tag = "Tag::Catalogue")]
    async fn update_category(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<CategoryIo>,
    ) -> ApiResult<CategoryEnvelope> {
        save_category(&app, &auth, id.0, body.0).await
    }

    /// Les fournisseurs.
    #[oai(path = "/fournisseurs", method = "get", tag = "Tag::Catalogue")]
    async fn suppliers(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<SuppliersEnvelope> {
        let list = app.db.read(|c| Ok(purchases::store::suppliers(c)?)).await?;
        Ok(SuppliersEnvelope::ok(list.into_iter().map(SupplierIo::of).collect()))
    }

    /// Crée un fournisseur.
    #[oai(path = "/fournisseurs", method = "post", tag = "Tag::Catalogue")]
    async fn create_supplier(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<SupplierIo>,
    ) -> ApiResult<SupplierEnvelope> {
        save_supplier(&app, &auth, 0, body.0).await
    }

    /// Modifie un fournisseur.
    #[oai(path = "/fournisseurs/:id", method = "put", tag = "Tag::Catalogue")]
    async fn update_supplier(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<SupplierIo>,
    ) -> ApiResult<SupplierEnvelope> {
        save_supplier(&app, &auth, id.0, body.0).await
    }
}

async fn save_category(app: &App, auth: &Bearer, id: i64, b: CategoryIo) -> ApiResult<CategoryEnvelope> {
    let c = Category {
        id,
        name: b.name.trim().to_string(),
        position: b.position,
        color: b.color.trim().to_lowercase(),
        at_till: b.at_till,
        products: 0,
        tva_class: b.tva_class.trim().to_string(),
    };
    let st = Stamp::new(auth.0.actor(), &app.clock);
    let id = app.db.write(move |tx| ops::save_category(tx, &st.actor, &c, &st.now)).await?;
    let c = app.db.read(move |c| Ok(store::category(c, id)?)).await?.ok_or(AppError::NotFound)?;
    Ok(CategoryEnvelope::ok(CategoryIo {
        id: c.id,
        name: c.name,
        position: c.position,
        color: c.color,
        at_till: c.at_till,
        tva_class: c.tva_class,
    }))
}

async fn save_supplier(app: &App, auth: &Bearer, id: i64, b: SupplierIo) -> ApiResult<SupplierEnvelope> {
    let s = b.form().parse().map_err(AppError::Invalid)?;
    let st = Stamp::new(auth.0.actor(), &app.clock);
    let id = app.db.write(move |tx| purchases::ops::save_supplier(tx, &st.actor, id, &s, &st.now)).await?;
    let s = app.db.read(move |c| Ok(purchases::store::supplier(c, id)?)).await?.ok_or(AppError::NotFound)?;
    Ok(SupplierEnvelope::ok(SupplierIo::of(s)))
}
