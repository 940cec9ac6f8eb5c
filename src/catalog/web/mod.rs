//! Routes of the catalogue: products. Parts (packs, barcodes, photo), recipes and sheets,
//! categories, costs and import have their own files.

pub mod categories;
pub mod costs;
pub mod import;
pub mod parts;
pub mod recipes;

use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::ops::{self, ProductDraft};
use super::views::Visibility;
use super::views::product_form::{self, ProductValues};
use super::views::products::{self as views, ListValues, ProductPage};
use super::{Allergen, Allergens, Kind, Unit, UnitCost, store};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

/// Reads the product form (repeated `allergen` boxes, `seuil_<location>` fields).
fn read_form(pairs: &[(String, String)]) -> ProductValues {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    ProductValues {
        name: get("name"),
        reference: get("reference"),
        kind: get("kind"),
        category_id: get("category_id"),
        unit: get("unit"),
        sale_price: get("sale_price"),
        ref_cost: get("ref_cost"),
        allergens: pairs.iter().filter(|(k, _)| k == "allergen").map(|(_, v)| v.clone()).collect(),
        track_stock: pairs.iter().any(|(k, _)| k == "track_stock"),
        description: get("description"),
        thresholds: pairs
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("seuil_")?.parse().ok()?, v.clone())))
            .collect(),
        receive_location_id: get("receive_location_id"),
    }
}

/// Field by field into a draft. Prices and costs the viewer may not see keep their stored value.
pub fn parse_values(
    v: &ProductValues,
    keep_price: Option<Money>,
    keep_cost: Option<UnitCost>,
    vis: Visibility,
) -> Result<ProductDraft, FieldErrors> {
    let mut e = FieldErrors::new();
    let kind = Kind::from_code(&v.kind);
    if kind.is_none() {
        e.add("kind", "Choisissez un type.");
    }
    let unit = Unit::from_code(&v.unit);
    if unit.is_none() {
        e.add("unit", "Choisissez une unité.");
    }
    let category_id = match v.category_id.trim() {
        "" => None,
        t => t.parse().map_err(|_| e.add("category_id", "Catégorie inconnue.")).ok(),
    };
    let sale_price = if !vis.prices {
        keep_price
    } else {
        match v.sale_price.trim() {
            "" => None,
            t => Money::parse(t).map_err(|err| e.add("sale_price", err.to_string())).ok(),
        }
    };
    let ref_cost = if !vis.costs {
        keep_cost
    } else {
        match v.ref_cost.trim() {
            "" => None,
            t => UnitCost::parse(t, unit.unwrap_or(Unit::Piece)).map_err(|err| e.add("ref_cost", err)).ok(),
        }
    };
    let mut allergens = Allergens::NONE;
    for code in &v.allergens {
        match Allergen::parse(code) {
            Some(a) => allergens = allergens.with(a),
            None => e.add("allergens", format!("Allergène inconnu : « {code} »")),
        }
    }
    let mut thresholds = Vec::new();
    for (location, text) in v.thresholds.iter().filter(|(_, t)| !t.trim().is_empty()) {
        match unit.map(|u| u.parse_qty(text)) {
            Some(Ok(q)) => thresholds.push((*location, q)),
            Some(Err(err)) => e.add(&format!("seuil_{location}"), err),
            None => {}
        }
    }
    if v.name.trim().chars().count() > 120 {
        e.add("name", "Au plus 120 caractères.");
    }
    let reference = Some(v.reference.trim().to_string()).filter(|r| !r.is_empty());
    let receive_location_id = match v.receive_location_id.trim() {
        "" => None,
        t => t.parse().map_err(|_| e.add("receive_location_id", "Lieu inconnu.")).ok(),
    };
    let (Some(kind), Some(unit), true) = (kind, unit, e.is_empty()) else { return Err(e) };
    Ok(ProductDraft {
        name: v.name.trim().to_string(),
        reference,
        kind,
        category_id,
        unit,
        sale_price,
        ref_cost,
        allergens,
        track_stock: v.track_stock,
        description: v.description.clone(),
        thresholds,
        receive_location_id,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    kind: String,
    categorie: String,
    archives: String,
    page: u32,
}

impl ListQuery {
    fn filter(&self) -> store::ProductFilter {
        store::ProductFilter {
            q: self.q.trim().to_string(),
            kind: Kind::from_code(&self.kind),
            category_id: self.categorie.parse().ok(),
            include_archived: match self.archives.as_str() {
                "seuls" => Some(false),
                "tous" => Some(true),
                _ => None,
            },
            page: self.page,
            page_size: 50,
        }
    }

    fn values(&self) -> ListValues {
        ListValues {
            q: self.q.clone(),
            kind: self.kind.clone(),
            categorie: self.categorie.clone(),
            archives: self.archives.clone(),
        }
    }

    /// The filters as a query string, for the pages' links.
    fn query(&self) -> String {
        let pairs =
            [("q", &self.q), ("kind", &self.kind), ("categorie", &self.categorie), ("archives", &self.archives)];
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

#[handler]
pub async fn list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (vis, filter) = (Visibility::of(&me), q.filter());
    let f = filter.clone();
    let (categories, list) =
        app.db.read(move |c| Ok((store::categories(c)?, ops::product_list(c, &f, vis.costs)?))).await?;
    let main = views::list(vis, &q.values(), &categories, &list.rows, &filter, list.more, &q.query());
    Ok(hx::page(hx, &shell, "Catalogue", main))
}

/// Loads and renders a product's page.
pub(super) async fn render_page(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let vis = Visibility::of(me);
    let data = app
        .db
        .read(move |c| {
            let product = store::product(c, id)?.ok_or(AppError::NotFound)?;
            let graph = crate::catalog::ops::graph(c)?;
            let locations = crate::stock::store::locations(c)?;
            let thresholds = store::thresholds_of(c, id)?;
            let thresholds: Vec<_> =
                locations.iter().filter_map(|l| thresholds.get(&l.id).map(|q| (l.clone(), *q))).collect();
            let recipe = store::recipe(c, id)?;
            let location =
                recipe.as_ref().and_then(|r| locations.iter().find(|l| l.id == r.location_id)).map(|l| l.name.clone());
            let names: Vec<_> = graph.nodes.values().map(|n| (n.id, n.name.clone(), n.unit)).collect();
            Ok((
                product,
                store::packs_of(c, id)?,
                store::barcodes_of(c, id)?,
                thresholds,
                recipe,
                location,
                names,
                store::used_by(c, id)?,
                graph,
            ))
        })
        .await?;
    let (product, packs, barcodes, thresholds, recipe, location, names, used_by, graph) = data;
    let costing = graph.costing(id, &Default::default());
    let product_page = ProductPage {
        product: &product,
        packs: &packs,
        barcodes: &barcodes,
        thresholds: &thresholds,
        recipe: recipe.as_ref(),
        recipe_location: location.as_deref(),
        ingredient_names: &names,
        costing: if vis.costs { costing.as_ref() } else { None },
        allergens: graph.allergens(id),
        used_by: &used_by,
        errors: &errors,
    };
    let main = views::page(&shell.csrf, vis, &product_page);
    // The stock card (quantities per place, PMP) from the stock module.
    let (held, pmp) = app.db.read(move |c| crate::stock::ops::levels::product_summary(c, id)).await?;
    let main = maud::html! { (main) (crate::stock::views::stock_card_summary(me, &product, &held, pmp)) };
    Ok(if errors.is_empty() {
        hx::page(hx, shell, &product.name, main)
    } else {
        hx::invalid(hx, shell, &product.name, main)
    })
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_page(app, hx, &shell, &me, id, FieldErrors::new()).await
}

async fn render_form(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: Option<i64>,
    values: &ProductValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (categories, locations) =
        app.db.read(|c| Ok((store::categories(c)?, crate::stock::store::locations(c)?))).await?;
    let main = product_form::form(&shell.csrf, Visibility::of(me), id, values, &categories, &locations, errors);
    let title = if id.is_some() { "Modifier le produit" } else { "Nouveau produit" };
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[handler]
pub async fn new_page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let values = ProductValues { kind: "ingredient".into(), unit: "g".into(), track_stock: true, ..Default::default() };
    render_form(app, hx, &shell, &me, None, &values, &FieldErrors::new()).await
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values = read_form(&pairs);
    let result = match parse_values(&values, None, None, Visibility::of(&me)) {
        Ok(d) => app.db.write(move |tx| ops::create_product(tx, &st.actor, &d, &st.now)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/catalogue/produits/{id}?ok=produit-cree")),
        async |e| render_form(app, hx, &shell, &me, None, &values, &e).await,
    )
    .await
}

#[handler]
pub async fn edit_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (p, thresholds) = app
        .db
        .read(move |c| Ok((store::product(c, id)?.ok_or(AppError::NotFound)?, store::thresholds_of(c, id)?)))
        .await?;
    let values = ProductValues {
        name: p.name.clone(),
        reference: p.reference.clone().unwrap_or_default(),
        kind: p.kind.code().into(),
        category_id: p.category_id.map(|c| c.to_string()).unwrap_or_default(),
        unit: p.unit.code().into(),
        sale_price: views::money_input(p.sale_price),
        ref_cost: p.ref_cost.map(|c| c.input_text(p.unit)).unwrap_or_default(),
        allergens: p.allergens.iter().map(|a| a.code().to_string()).collect(),
        track_stock: p.track_stock,
        description: p.description.clone(),
        thresholds: thresholds.into_iter().map(|(l, q)| (l, p.unit.input_value(q))).collect(),
        receive_location_id: p.receive_location_id.map(|l| l.to_string()).unwrap_or_default(),
    };
    render_form(app, hx, &shell, &me, Some(id), &values, &FieldErrors::new()).await
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values = read_form(&pairs);
    let before = app.db.read(move |c| Ok(store::product(c, id)?)).await?.ok_or(AppError::NotFound)?;
    let result = match parse_values(&values, before.sale_price, before.ref_cost, Visibility::of(&me)) {
        Ok(d) => app.db.write(move |tx| ops::update_product(tx, &st.actor, id, &d, &st.now)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |()| hx::redirect(hx, &format!("/catalogue/produits/{id}?ok=produit-modifie")),
        async |e| render_form(app, hx, &shell, &me, Some(id), &values, &e).await,
    )
    .await
}

async fn set_active(app: &App, hx: Hx, st: Stamp, id: i64, active: bool) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_product_active(tx, &st.actor, id, active, &st.now)).await?;
    Ok(hx::redirect(
        hx,
        &format!("/catalogue/produits/{id}?ok={}", if active { "produit-reactive" } else { "produit-archive" }),
    ))
}

#[handler]
pub async fn archive(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    set_active(app, hx, st, id, false).await
}

#[handler]
pub async fn restore(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    set_active(app, hx, st, id, true).await
}

#[handler]
pub async fn delete(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::delete_product(tx, &st.actor, id, &st.now)).await?;
    Ok(hx::redirect(hx, "/catalogue/produits?ok=produit-supprime"))
}
