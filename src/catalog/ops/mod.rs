//! Operations of the catalogue. Each does all of its consequences in the caller's transaction:
//! the change, the cost history, the audit line (prices and costs are always audited).
//! Recipes (and the costing graph) are in `recipes.rs`, categories in `categories.rs`, both
//! re-exported here.

mod categories;
mod recipes;

pub use categories::*;
pub use recipes::*;

use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{Allergens, Kind, Product, Unit, UnitCost, store};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::error::{AppError, FieldErrors};
use crate::money::{Money, Qty};
use crate::text::Text;

/// A product as typed, already parsed field by field (see web.rs); checked here against the data.
#[derive(Debug, Clone)]
pub struct ProductDraft {
    pub name: String,
    pub reference: Option<String>,
    pub kind: Kind,
    pub category_id: Option<i64>,
    pub unit: Unit,
    pub sale_price: Option<Money>,
    pub ref_cost: Option<UnitCost>,
    pub allergens: Allergens,
    pub track_stock: bool,
    pub description: String,
    /// Minimum stock per location id.
    pub thresholds: Vec<(i64, Qty)>,
    /// Where purchases are received (None: the first place its kind may live in).
    pub receive_location_id: Option<i64>,
}

/// One page of the product list, each product with its costing when costs are shown.
pub struct ProductList {
    pub rows: Vec<(Product, Option<crate::catalog::cost::Costing>)>,
    /// Whether a next page exists.
    pub more: bool,
}

pub fn product_list(
    conn: &Connection,
    filter: &store::ProductFilter,
    with_costs: bool,
) -> Result<ProductList, AppError> {
    let (products, more) = store::search_products(conn, filter)?;
    let graph = if with_costs { Some(graph(conn)?) } else { None };
    let rows = products
        .into_iter()
        .map(|p| {
            let costing = graph.as_ref().and_then(|g| g.costing(p.id, &Default::default()));
            (p, costing)
        })
        .collect();
    Ok(ProductList { rows, more })
}

use crate::error::invalid;

fn check_product(conn: &Connection, d: &ProductDraft, id: i64) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    Text::Name.check(&mut errors, "name", &d.name);
    Text::Reference.check(&mut errors, "reference", d.reference.as_deref().unwrap_or(""));
    Text::Note.check(&mut errors, "description", &d.description);
    if d.name.trim().is_empty() {
        errors.add("name", "Le nom est obligatoire.");
    }
    if let Some(reference) = &d.reference
        && store::reference_taken(conn, reference, id)?
    {
        errors.add("reference", "Cette référence est déjà celle d'un autre produit.");
    }
    if let Some(c) = d.category_id
        && store::category(conn, c)?.is_none()
    {
        errors.add("category_id", "Catégorie inconnue.");
    }
    if d.kind.is_sold() && d.sale_price.is_none_or(|p| p.cents() == 0) {
        errors.add("sale_price", "Un produit vendu doit avoir un prix de vente.");
    }
    let locations = crate::stock::store::locations(conn)?;
    for (location, _) in &d.thresholds {
        let allowed = locations.iter().any(|l| l.id == *location && d.kind.locations().contains(&l.code.as_str()));
        if !allowed {
            errors.add("thresholds", "Un seuil porte sur un lieu où ce produit ne se range pas.");
        }
    }
    if let Some(place) = d.receive_location_id {
        match locations.iter().find(|l| l.id == place) {
            None => errors.add("receive_location_id", "Lieu inconnu."),
            Some(l) if !d.kind.locations().contains(&l.code.as_str()) => errors.add(
                "receive_location_id",
                format!("Un produit de type « {} » ne se range pas en « {} ».", d.kind.label().to_lowercase(), l.name),
            ),
            Some(_) => {}
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Invalid(errors)) }
}

fn product_json(p: &Product) -> serde_json::Value {
    json!({
        "name": p.name, "reference": p.reference, "kind": p.kind.code(), "category_id": p.category_id,
        "unit": p.unit.code(), "sale_price": p.sale_price.map(|m| m.cents()), "ref_cost": p.ref_cost.map(|c| c.0),
        "allergens": p.allergens.labels(), "track_stock": p.track_stock, "active": p.active,
    })
}

fn product_from(id: i64, d: &ProductDraft, active: bool) -> Product {
    Product {
        id,
        name: d.name.trim().to_string(),
        reference: d.reference.clone(),
        kind: d.kind,
        category_id: d.category_id,
        category: None,
        unit: d.unit,
        sale_price: if d.kind.is_sold() { d.sale_price } else { None },
        ref_cost: d.ref_cost,
        allergens: if d.kind.declares_allergens() { d.allergens } else { Allergens::NONE },
        track_stock: d.track_stock,
        active,
        description: d.description.trim().to_string(),
        has_photo: false,
        photo_hash: None,
        receive_location_id: d.receive_location_id,
    }
}

pub fn create_product(tx: &Transaction, actor: &Actor, d: &ProductDraft, now: &str) -> Result<i64, AppError> {
    check_product(tx, d, 0)?;
    let p = product_from(0, d, true);
    let id = store::insert_product(tx, &p, now)?;
    store::set_thresholds(tx, id, &d.thresholds)?;
    if p.ref_cost.is_some() {
        store::insert_cost_change(tx, id, now, None, p.ref_cost, actor.user_id)?;
    }
    let summary = format!("Produit « {} » créé ({}).", p.name, p.kind.label());
    audit::record(
        tx,
        actor,
        now,
        Event::new(AuditKind::ProductCreated, "products", id, summary).after(product_json(&p)),
    )?;
    Ok(id)
}

pub fn update_product(tx: &Transaction, actor: &Actor, id: i64, d: &ProductDraft, now: &str) -> Result<(), AppError> {
    let before = store::product(tx, id)?.ok_or(AppError::NotFound)?;
    check_product(tx, d, id)?;
    let used_by = store::used_by(tx, id)?;
    let has_recipe = store::recipe(tx, id)?.is_some();
    let has_packs = !store::packs_of(tx, id)?.is_empty();
    if d.unit != before.unit && (!used_by.is_empty() || has_recipe || has_packs) {
        return Err(invalid(
            "unit",
            "L'unité ne peut plus changer : des recettes ou des conditionnements l'utilisent. Créez un autre produit.",
        ));
    }
    // Stock is counted in the unit and booked in the kind's account: neither may change under it.
    let held = crate::stock::store::totals(tx, id)?;
    if d.unit != before.unit && crate::stock::store::has_moves(tx, id)? {
        return Err(invalid(
            "unit",
            "L'unité ne peut plus changer : ce produit a un historique de stock. Créez un autre produit.",
        ));
    }
    if d.kind != before.kind && (held.qty.milli() != 0 || held.value.cents() != 0) {
        return Err(invalid(
            "kind",
            "Ce produit a du stock : son type (et donc son compte de stock) ne peut changer qu'une fois le stock à zéro.",
        ));
    }
    if d.kind != before.kind {
        if has_recipe && !d.kind.has_recipe() {
            return Err(invalid("kind", "Ce produit a une recette : supprimez-la avant d'en changer le type."));
        }
        if !used_by.is_empty() && !d.kind.usable_in_recipes() {
            return Err(invalid(
                "kind",
                format!("Ce produit entre dans des recettes ({}) : ce type ne le permet pas.", used_by.join(", ")),
            ));
        }
    }
    let mut p = product_from(id, d, before.active);
    p.category = before.category.clone();
    store::update_product(tx, &p, now)?;
    store::set_thresholds(tx, id, &d.thresholds)?;
    if p.ref_cost != before.ref_cost {
        store::insert_cost_change(tx, id, now, before.ref_cost, p.ref_cost, actor.user_id)?;
        let summary = format!("Coût de référence de « {} » modifié.", p.name);
        let e = Event::new(AuditKind::CostChanged, "products", id, summary)
            .before(json!({"ref_cost": before.ref_cost.map(|c| c.0)}))
            .after(json!({"ref_cost": p.ref_cost.map(|c| c.0)}));
        audit::record(tx, actor, now, e)?;
    }
    if p.sale_price != before.sale_price {
        let text = |m: Option<Money>| m.map(|m| m.to_string()).unwrap_or_else(|| "aucun".into());
        let summary = format!("Prix de « {} » : {} → {}.", p.name, text(before.sale_price), text(p.sale_price));
        let e = Event::new(AuditKind::PriceChanged, "products", id, summary)
            .before(json!({"sale_price": before.sale_price.map(|m| m.cents())}))
            .after(json!({"sale_price": p.sale_price.map(|m| m.cents())}));
        audit::record(tx, actor, now, e)?;
    }
    let summary = format!("Produit « {} » modifié.", p.name);
    let e = Event::new(AuditKind::ProductUpdated, "products", id, summary)
        .before(product_json(&before))
        .after(product_json(&p));
    audit::record(tx, actor, now, e)?;
    Ok(())
}

/// Archives (hides from lists and pickers, keeps history) or brings back a product.
pub fn set_product_active(tx: &Transaction, actor: &Actor, id: i64, active: bool, now: &str) -> Result<(), AppError> {
    let mut p = store::product(tx, id)?.ok_or(AppError::NotFound)?;
    if p.active == active {
        return Ok(());
    }
    if !active {
        let users = store::active_users_of(tx, id)?;
        if !users.is_empty() {
            return Err(AppError::rule(format!(
                "« {} » entre dans la recette de : {}. Retirez-le de ces recettes avant de l'archiver.",
                p.name,
                users.join(", ")
            )));
        }
    }
    p.active = active;
    store::update_product(tx, &p, now)?;
    let kind = if active { AuditKind::ProductRestored } else { AuditKind::ProductArchived };
    audit::record(tx, actor, now, Event::new(kind, "products", id, format!("{} : « {} ».", kind.label(), p.name)))?;
    Ok(())
}

/// Deletes a product nothing refers to; otherwise says to archive it.
pub fn delete_product(tx: &Transaction, actor: &Actor, id: i64, now: &str) -> Result<(), AppError> {
    let p = store::product(tx, id)?.ok_or(AppError::NotFound)?;
    let users = store::used_by(tx, id)?;
    if !users.is_empty() {
        return Err(AppError::rule(format!(
            "« {} » entre dans des recettes ({}) : archivez-le plutôt que de le supprimer.",
            p.name,
            users.join(", ")
        )));
    }
    store::delete_product(tx, id)?;
    let e = Event::new(AuditKind::ProductDeleted, "products", id, format!("Produit « {} » supprimé.", p.name))
        .before(product_json(&p));
    audit::record(tx, actor, now, e)?;
    Ok(())
}

// ---- packs and barcodes ---------------------------------------------------------------------

/// Adds a purchase pack ("Sac 25 kg" = `25 kg`), in the product's own dimension only.
pub fn add_pack(
    tx: &Transaction,
    actor: &Actor,
    product_id: i64,
    name: &str,
    content: &str,
    now: &str,
) -> Result<i64, AppError> {
    let p = store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::new();
    let name = name.trim();
    if let Err(message) = Text::Name.parse(name) {
        errors.add("pack_name", message);
    } else if name.is_empty() {
        errors.add("pack_name", "Donnez un nom au conditionnement (par exemple « Sac 25 kg »).");
    } else if store::pack_named(tx, product_id, name)?.is_some() {
        errors.add("pack_name", "Ce produit a déjà un conditionnement de ce nom.");
    }
    let qty = match p.unit.parse_positive(content) {
        Ok(q) => Some(q),
        Err(e) => {
            errors.add("pack_content", e);
            None
        }
    };
    let (Some(qty), true) = (qty, errors.is_empty()) else { return Err(AppError::Invalid(errors)) };
    let id = store::insert_pack(tx, product_id, name, qty)?;
    let summary = format!("« {} » : conditionnement « {name} » = {}.", p.name, p.unit.format(qty));
    audit::record(tx, actor, now, Event::new(AuditKind::PackagingChanged, "products", product_id, summary))?;
    Ok(id)
}

pub fn delete_pack(tx: &Transaction, actor: &Actor, product_id: i64, pack_id: i64, now: &str) -> Result<(), AppError> {
    let p = store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    if store::delete_pack(tx, product_id, pack_id)? == 0 {
        return Err(AppError::NotFound);
    }
    let summary = format!("« {} » : un conditionnement retiré.", p.name);
    audit::record(tx, actor, now, Event::new(AuditKind::PackagingChanged, "products", product_id, summary))?;
    Ok(())
}

/// Checks a barcode: digits and letters as scanners send them, 4 to 48 characters.
pub fn barcode_problem(code: &str) -> Option<&'static str> {
    let n = code.chars().count();
    if n == 0 {
        return Some("Saisissez ou scannez un code-barres.");
    }
    if !(4..=48).contains(&n) || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Some("Un code-barres fait de 4 à 48 chiffres ou lettres, sans espace.");
    }
    None
}

pub fn add_barcode(
    tx: &Transaction,
    actor: &Actor,
    product_id: i64,
    code: &str,
    pack_id: Option<i64>,
    now: &str,
) -> Result<(), AppError> {
    let p = store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    let code = code.trim();
    if let Some(problem) = barcode_problem(code) {
        return Err(invalid("barcode", problem));
    }
    if let Some((owner, name)) = store::barcode_owner(tx, code)? {
        let msg = if owner == product_id {
            "Ce produit a déjà ce code-barres.".to_string()
        } else {
            format!("Ce code-barres est déjà celui de « {name} ».")
        };
        return Err(invalid("barcode", msg));
    }
    if let Some(pack) = pack_id
        && !store::packs_of(tx, product_id)?.iter().any(|k| k.id == pack)
    {
        return Err(invalid("barcode", "Ce conditionnement n'est pas celui de ce produit."));
    }
    store::insert_barcode(tx, code, product_id, pack_id)?;
    let summary = format!("« {} » : code-barres {code} ajouté.", p.name);
    audit::record(tx, actor, now, Event::new(AuditKind::PackagingChanged, "products", product_id, summary))?;
    Ok(())
}

pub fn delete_barcode(tx: &Transaction, actor: &Actor, product_id: i64, code: &str, now: &str) -> Result<(), AppError> {
    let p = store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    if store::delete_barcode(tx, product_id, code)? == 0 {
        return Err(AppError::NotFound);
    }
    let summary = format!("« {} » : code-barres {code} retiré.", p.name);
    audit::record(tx, actor, now, Event::new(AuditKind::PackagingChanged, "products", product_id, summary))?;
    Ok(())
}

/// Stores a photo already checked for size and type (web.rs).
pub fn set_photo(
    tx: &Transaction,
    actor: &Actor,
    product_id: i64,
    content_type: &str,
    bytes: &[u8],
    now: &str,
) -> Result<(), AppError> {
    let p = store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    let hash: String = {
        use sha2::{Digest, Sha256};
        Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect()
    };
    store::set_photo(tx, product_id, content_type, bytes, &hash, now)?;
    let summary = format!("« {} » : photo changée.", p.name);
    audit::record(tx, actor, now, Event::new(AuditKind::PackagingChanged, "products", product_id, summary))?;
    Ok(())
}

pub fn delete_photo(tx: &Transaction, actor: &Actor, product_id: i64, now: &str) -> Result<(), AppError> {
    let p = store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    store::delete_photo(tx, product_id)?;
    audit::record(
        tx,
        actor,
        now,
        Event::new(AuditKind::PackagingChanged, "products", product_id, format!("« {} » : photo retirée.", p.name)),
    )?;
    Ok(())
}
