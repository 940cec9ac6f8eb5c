//! API operations of the catalogue: products, recipes, costs, categories, suppliers.
//! Inputs are read by the same parsers as the pages (amounts and quantities as text, as typed:
//! "1 200,50", "2,5 kg"), and the same operations save them.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::app::App;
use crate::auth::Permission;
use crate::catalog::ops::{self, RecipeDraft};
use crate::catalog::views::Visibility;
use crate::catalog::views::product_form::ProductValues;
use crate::catalog::{Category, Product, format_loss, format_unit_cost, money_of, store};
use crate::error::AppError;
use crate::purchases::{self, SupplierForm};

#[derive(Tags)]
enum Tag {
    /// Produits, recettes, coûts, catégories, fournisseurs.
    Catalogue,
}

#[derive(Debug, Clone, Object)]
pub struct ProductOut {
    pub id: i64,
    pub name: String,
    pub reference: Option<String>,
    /// ingredient, semi_fini, fini, revente, consommable
    pub kind: String,
    pub category_id: Option<i64>,
    pub category: Option<String>,
    /// g, ml ou piece
    pub unit: String,
    /// Par pièce, kg ou L ; absent sans le droit de voir les prix.
    pub sale_price: Option<String>,
    /// Coût de référence par pièce, kg ou L ; absent sans le droit de voir les coûts.
    pub ref_cost: Option<String>,
    /// Allergènes du produit, y compris ceux de sa recette.
    pub allergens: Vec<String>,
    pub track_stock: bool,
    pub active: bool,
}

fn product_out(p: Product, allergens: Vec<String>, v: Visibility) -> ProductOut {
    ProductOut {
        id: p.id,
        reference: p.reference,
        kind: p.kind.code().into(),
        category_id: p.category_id,
        category: p.category,
        unit: p.unit.code().into(),
        sale_price: if v.prices { p.sale_price.map(|m| m.to_string()) } else { None },
        ref_cost: if v.costs { p.ref_cost.map(|c| format_unit_cost(c, p.unit)) } else { None },
        allergens,
        track_stock: p.track_stock,
        active: p.active,
        name: p.name,
    }
}

/// A product to create or replace, as the form takes it.
#[derive(Debug, Clone, Object)]
pub struct ProductIn {
    pub name: String,
    #[oai(default)]
    pub reference: String,
    pub kind: String,
    #[oai(default)]
    pub category_id: Option<i64>,
    pub unit: String,
    /// "1 200,50" : par pièce, kg ou L.
    #[oai(default)]
    pub sale_price: String,
    /// "60" : DA par pièce, kg ou L.
    #[oai(default)]
    pub ref_cost: String,
    /// Codes : gluten, lait, oeufs, fruits_a_coque…
    #[oai(default)]
    pub allergens: Vec<String>,
    #[oai(default = "yes")]
    pub track_stock: bool,
    #[oai(default)]
    pub description: String,
}

fn yes() -> bool {
    true
}

impl ProductIn {
    fn values(&self) -> ProductValues {
        ProductValues {
            name: self.name.clone(),
            reference: self.reference.clone(),
            kind: self.kind.clone(),
            category_id: self.category_id.map(|c| c.to_string()).unwrap_or_default(),
            unit: self.unit.clone(),
            sale_price: self.sale_price.clone(),
            ref_cost: self.ref_cost.clone(),
            allergens: self.allergens.clone(),
            track_stock: self.track_stock,
            description: self.description.clone(),
            thresholds: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Object)]
pub struct RecipeLineIo {
    pub ingredient_id: i64,
    /// "250 g", "1,5 L", "3 pièces"
    pub qty: String,
    #[oai(default)]
    pub note: String,
}

#[derive(Debug, Clone, Object)]
pub struct RecipeIo {
    /// Ce que donne une fournée : "12 pièces", "2,5 kg".
    #[oai(rename = "yield")]
    pub yield_qty: String,
    /// Perte en % : "2,5".
    #[oai(default)]
    pub loss: String,
    pub location_id: i64,
    #[oai(default)]
    pub method: String,
    pub lines: Vec<RecipeLineIo>,
}

#[derive(Debug, Clone, Object)]
pub struct CostLineOut {
    pub ingredient_id: i64,
    pub name: String,
    pub qty: String,
    /// Coût de l'ingrédient par pièce, kg ou L.
    pub unit_cost: String,
    pub cost: String,
    /// recette, PMP, coût de référence, coût inconnu
    pub basis: String,
}

#[derive(Debug, Clone, Object)]
pub struct CostOut {
    pub product_id: i64,
    pub basis: String,
    /// Par pièce, kg ou L.
    pub unit_cost: String,
    pub batch_cost: Option<String>,
    pub sale_price: Option<String>,
    pub margin: Option<String>,
    pub margin_percent: Option<String>,
    pub lines: Vec<CostLineOut>,
    /// Produits dont le coût est inconnu (comptés zéro).
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Object)]
pub struct CategoryIo {
    #[oai(default)]
    pub id: i64,
    pub name: String,
    #[oai(default)]
    pub position: i64,
    #[oai(default = "default_color")]
    pub color: String,
    #[oai(default = "yes")]
    pub at_till: bool,
}

fn default_color() -> String {
    "#b5652b".into()
}

#[derive(Debug, Clone, Object)]
pub struct SupplierIo {
    #[oai(default)]
    pub id: i64,
    pub name: String,
    #[oai(default)]
    pub contact: String,
    #[oai(default)]
    pub phone: String,
    #[oai(default)]
    pub email: String,
    #[oai(default)]
    pub address: String,
    #[oai(default)]
    pub nif: String,
    #[oai(default)]
    pub rc: String,
    #[oai(default)]
    pub payment_days: i64,
    #[oai(default)]
    pub notes: String,
}

impl SupplierIo {
    fn of(s: purchases::Supplier) -> SupplierIo {
        SupplierIo {
            id: s.id,
            name: s.name,
            contact: s.contact,
            phone: s.phone,
            email: s.email,
            address: s.address,
            nif: s.nif,
            rc: s.rc,
            payment_days: s.payment_days,
            notes: s.notes,
        }
    }
    fn form(&self) -> SupplierForm {
        SupplierForm {
            name: self.name.clone(),
            contact: self.contact.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            nif: self.nif.clone(),
            rc: self.rc.clone(),
            payment_days: self.payment_days.to_string(),
            notes: self.notes.clone(),
        }
    }
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
        let (actor, now) = (auth.0.actor(), app.clock.now_text());
        let id = app.db.write(move |tx| ops::create_product(tx, &actor, &draft, &now)).await?;
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
        let (actor, now) = (auth.0.actor(), app.clock.now_text());
        app.db.write(move |tx| ops::update_product(tx, &actor, id, &draft, &now)).await?;
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
        let (actor, now, id) = (auth.0.actor(), app.clock.now_text(), id.0);
        app.db.write(move |tx| ops::save_recipe(tx, &actor, id, &draft, &now)).await?;
        Ok(RecipeEnvelope::ok(recipe_io(&app, id).await?))
    }

    /// Le coût de revient d'un produit et son détail, à travers toutes les sous-recettes.
    #[oai(path = "/produits/:id/cout", method = "get", tag = "Tag::Catalogue")]
    async fn cost(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<CostEnvelope> {
        let id = id.0;
        let (p, graph) = app
            .db
            .read(move |c| Ok((store::product(c, id)?.ok_or(AppError::NotFound)?, crate::catalog::ops::graph(c)?)))
            .await?;
        let costing = graph.costing(id, &Default::default()).ok_or(AppError::NotFound)?;
        let unit_cost = costing.per_display_unit(p.unit);
        let prices = auth.0.can(Permission::PricesView);
        let m = p.sale_price.filter(|_| prices).map(|price| crate::catalog::cost::margin(price, unit_cost));
        let lines = costing
            .lines
            .iter()
            .map(|l| CostLineOut {
                ingredient_id: l.ingredient_id,
                name: l.name.clone(),
                qty: l.unit.format(l.qty),
                unit_cost: money_of(l.unit_cost * rust_decimal::Decimal::from(l.unit.display_factor())).to_string(),
                cost: money_of(l.cost).to_string(),
                basis: l.basis.label().into(),
            })
            .collect();
        Ok(CostEnvelope::ok(CostOut {
            product_id: id,
            basis: costing.basis.label().into(),
            unit_cost: unit_cost.to_string(),
            batch_cost: (!costing.lines.is_empty()).then(|| costing.batch().to_string()),
            sale_price: p.sale_price.filter(|_| prices).map(|m| m.to_string()),
            margin: m.map(|m| m.amount.to_string()),
            margin_percent: m.map(|m| m.percent_text()),
            lines,
            missing: costing.missing.clone(),
        }))
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
    };
    let (actor, now) = (auth.0.actor(), app.clock.now_text());
    let id = app.db.write(move |tx| ops::save_category(tx, &actor, &c, &now)).await?;
    let c = app.db.read(move |c| Ok(store::category(c, id)?)).await?.ok_or(AppError::NotFound)?;
    Ok(CategoryEnvelope::ok(CategoryIo {
        id: c.id,
        name: c.name,
        position: c.position,
        color: c.color,
        at_till: c.at_till,
    }))
}

async fn save_supplier(app: &App, auth: &Bearer, id: i64, b: SupplierIo) -> ApiResult<SupplierEnvelope> {
    let s = b.form().parse().map_err(AppError::Invalid)?;
    let (actor, now) = (auth.0.actor(), app.clock.now_text());
    let id = app.db.write(move |tx| purchases::ops::save_supplier(tx, &actor, id, &s, &now)).await?;
    let s = app.db.read(move |c| Ok(purchases::store::supplier(c, id)?)).await?.ok_or(AppError::NotFound)?;
    Ok(SupplierEnvelope::ok(SupplierIo::of(s)))
}
