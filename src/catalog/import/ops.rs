//! The import's operations: `preview` (the run, undone, and the file kept for confirmation),
//! `confirm` (the run for real: everything or nothing) and `run` itself, row by row, each row
//! in a savepoint so a refused row leaves nothing and the others are still tried.

use chrono::Duration;
use rusqlite::Transaction;

use super::{ImportKind, Report, RowOutcome, Table, Upload, read_table};
use crate::audit::{self, Actor, AuditKind, Event, Stamp};
use crate::catalog::allergen::fold;
use crate::catalog::ops::{self, ProductDraft, RecipeDraft};
use crate::catalog::{Allergens, Category, Kind, Unit, UnitCost, store};
use crate::clock::{parse_stamp, stamp};
use crate::db;
use crate::error::AppError;
use crate::money::Money;
use crate::purchases;
use crate::stock::Location;

/// The preview of an upload: the import run for real and undone, so the report says exactly what
/// confirming will do. When every row passes, the file is kept under `token` (for this user)
/// until it is confirmed; previews older than a day that nobody confirmed are dropped.
pub fn preview(tx: &Transaction, st: &Stamp, user_id: i64, upload: &Upload, token: &str) -> Result<Report, AppError> {
    let report = db::undone(tx, |tx| run(tx, &st.actor, upload.kind, &upload.table, &st.now))??;
    if report.ok() {
        let cutoff = parse_stamp(&st.now).map(|t| stamp(t - Duration::days(1))).unwrap_or_default();
        store::delete_old_pending_imports(tx, &cutoff)?;
        store::insert_pending_import(tx, token, upload.kind.code(), &upload.name, &upload.bytes, user_id, &st.now)?;
    }
    Ok(report)
}

/// Runs the file this user previewed under `token`, for real: everything or nothing.
pub fn confirm(tx: &Transaction, st: &Stamp, user_id: i64, token: &str) -> Result<(Report, ImportKind), AppError> {
    let (kind, name, bytes) = store::pending_import(tx, token, user_id)?
        .ok_or_else(|| AppError::rule("Cet import a déjà été fait ou a expiré : renvoyez le fichier."))?;
    let kind = ImportKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let table = read_table(&name, &bytes).map_err(AppError::Rule)?;
    let report = run(tx, &st.actor, kind, &table, &st.now)?;
    if !report.ok() {
        // Failing undoes every row: nothing half-imported.
        return Err(AppError::rule(
            "Le catalogue a changé depuis l'aperçu et des lignes ne passent plus : rien n'a été importé. Renvoyez le fichier.",
        ));
    }
    store::delete_pending_import(tx, token)?;
    Ok((report, kind))
}

/// Runs the import in `tx`. Rows that fail are rolled back one by one (savepoints) and reported;
/// the caller commits only when `Report::ok()`.
pub fn run(tx: &Transaction, actor: &Actor, kind: ImportKind, table: &Table, now: &str) -> Result<Report, AppError> {
    let mut report = Report::default();
    for required in kind.required() {
        if !table.header.iter().any(|h| h == required) {
            report
                .file_errors
                .push(format!("Colonne « {required} » absente. Colonnes attendues : {}.", kind.columns().join(", ")));
        }
    }
    if !report.file_errors.is_empty() {
        return Ok(report);
    }
    let col = |row: &[String], name: &str| -> String {
        table
            .header
            .iter()
            .position(|h| h == name)
            .and_then(|i| row.get(i))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    if kind == ImportKind::Recipes {
        return run_recipes(tx, actor, table, &col, now, report);
    }
    for (i, row) in table.rows.iter().enumerate() {
        let result = db::savepoint(tx, |tx| match kind {
            ImportKind::Products => import_product(tx, actor, row, &col, now),
            ImportKind::Packs => import_pack(tx, actor, row, &col, now),
            ImportKind::Suppliers => import_supplier(tx, actor, row, &col, now),
            ImportKind::Recipes => unreachable_recipes(),
        })?;
        report.rows.push(RowOutcome { line: i + 2, label: col(row, "nom"), result });
    }
    if report.ok() {
        let summary = format!(
            "Import {} : {} créé(s), {} modifié(s).",
            kind.code(),
            report.count("créé"),
            report.count("modifié")
        );
        audit::record(tx, actor, now, Event::new(AuditKind::CatalogImported, "catalogue", kind.code(), summary))?;
    }
    Ok(report)
}

fn unreachable_recipes() -> Result<&'static str, Vec<String>> {
    Err(vec!["Les recettes s'importent ensemble.".into()])
}

/// An operation's refusal, as the messages of one row.
fn reasons(e: AppError) -> Vec<String> {
    match e {
        AppError::Invalid(fields) => fields.iter().map(|(k, v)| format!("{k} : {v}")).collect(),
        other => vec![other.user_message()],
    }
}

type Col<'a> = dyn Fn(&[String], &str) -> String + 'a;

/// A product named in a file: by reference, else by a name that only one product has.
fn find_product(tx: &Transaction, key: &str) -> Result<i64, String> {
    if let Some(id) = store::product_by_reference(tx, key).map_err(|e| e.to_string())? {
        return Ok(id);
    }
    match store::products_named(tx, key).map_err(|e| e.to_string())?.as_slice() {
        [id] => Ok(*id),
        [] => Err(format!("produit « {key} » inconnu")),
        _ => Err(format!("plusieurs produits s'appellent « {key} » : utilisez leur référence")),
    }
}

fn yes(text: &str, default: bool) -> Result<bool, String> {
    match fold(text).as_str() {
        "" => Ok(default),
        "oui" | "o" | "1" | "vrai" | "true" | "x" => Ok(true),
        "non" | "n" | "0" | "faux" | "false" => Ok(false),
        other => Err(format!("« {other} » : répondez oui ou non")),
    }
}

/// A product row, read: the draft (without its category) and what goes with it.
struct ProductRow {
    draft: ProductDraft,
    category: String,
    active: bool,
    barcodes: Vec<String>,
}

/// Reads a product row field by field; every bad field gets its message.
fn read_product(row: &[String], col: &Col) -> Result<ProductRow, Vec<String>> {
    let mut errors = Vec::new();
    let kind = Kind::from_code(&col(row, "type"));
    if kind.is_none() {
        errors
            .push(format!("type « {} » inconnu (ingredient, semi_fini, fini, revente, consommable)", col(row, "type")));
    }
    let unit = Unit::from_code(&col(row, "unite"));
    if unit.is_none() {
        errors.push(format!("unité « {} » inconnue (g, ml ou pièce)", col(row, "unite")));
    }
    let price = match col(row, "prix_vente").as_str() {
        "" => None,
        t => Money::parse(t).map_err(|e| errors.push(format!("prix_vente : {e}"))).ok(),
    };
    let cost = match col(row, "cout_reference").as_str() {
        "" => None,
        t => UnitCost::parse(t, unit.unwrap_or(Unit::Piece))
            .map_err(|e| errors.push(format!("cout_reference : {e}")))
            .ok(),
    };
    let allergens = Allergens::parse_list(&col(row, "allergenes")).map_err(|e| errors.push(e)).unwrap_or_default();
    let track =
        yes(&col(row, "stock_suivi"), true).map_err(|e| errors.push(format!("stock_suivi : {e}"))).unwrap_or(true);
    let active = yes(&col(row, "actif"), true).map_err(|e| errors.push(format!("actif : {e}"))).unwrap_or(true);
    let (Some(kind), Some(unit), true) = (kind, unit, errors.is_empty()) else { return Err(errors) };
    let draft = ProductDraft {
        name: col(row, "nom"),
        reference: Some(col(row, "reference")).filter(|r| !r.is_empty()),
        kind,
        category_id: None,
        unit,
        sale_price: price,
        ref_cost: cost,
        allergens,
        track_stock: track,
        description: col(row, "description"),
        thresholds: Vec::new(),
        receive_location_id: None,
    };
    let barcodes =
        col(row, "code_barres").split([',', '|']).map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect();
    Ok(ProductRow { draft, category: col(row, "categorie"), active, barcodes })
}

/// The category named in a row, created when it does not exist yet (shown at the till when the
/// product is sold).
fn category_named(
    tx: &Transaction,
    actor: &Actor,
    name: String,
    kind: Kind,
    now: &str,
) -> Result<Option<i64>, Vec<String>> {
    if name.is_empty() {
        return Ok(None);
    }
    if let Some(id) = store::category_by_name(tx, &name).map_err(|e| vec![e.to_string()])? {
        return Ok(Some(id));
    }
    let c = Category {
        id: 0,
        name,
        position: 100,
        color: "#b5652b".into(),
        at_till: kind.is_sold(),
        products: 0,
        tva_class: "normal".into(),
    };
    Ok(Some(ops::save_category(tx, actor, &c, now).map_err(reasons)?))
}

/// The product a row updates: by its reference, else by a name only one product has.
fn existing_product(tx: &Transaction, d: &ProductDraft) -> Result<Option<i64>, Vec<String>> {
    match &d.reference {
        Some(r) => store::product_by_reference(tx, r).map_err(|e| vec![e.to_string()]),
        None => match store::products_named(tx, &d.name).map_err(|e| vec![e.to_string()])?.as_slice() {
            [] => Ok(None),
            [id] => Ok(Some(*id)),
            _ => Err(vec![format!("plusieurs produits s'appellent « {} » : ajoutez une référence", d.name)]),
        },
    }
}

fn import_product(
    tx: &Transaction,
    actor: &Actor,
    row: &[String],
    col: &Col,
    now: &str,
) -> Result<&'static str, Vec<String>> {
    let ProductRow { mut draft, category, active, barcodes } = read_product(row, col)?;
    draft.category_id = category_named(tx, actor, category, draft.kind, now)?;
    let (id, outcome) = match existing_product(tx, &draft)? {
        Some(id) => {
            // The file has no thresholds: the product keeps its own.
            draft.thresholds = store::thresholds_of(tx, id).map_err(|e| vec![e.to_string()])?.into_iter().collect();
            // Nor where it is received.
            draft.receive_location_id =
                store::product(tx, id).map_err(|e| vec![e.to_string()])?.and_then(|p| p.receive_location_id);
            ops::update_product(tx, actor, id, &draft, now).map_err(reasons)?;
            (id, "modifié")
        }
        None => (ops::create_product(tx, actor, &draft, now).map_err(reasons)?, "créé"),
    };
    if !active {
        ops::set_product_active(tx, actor, id, false, now).map_err(reasons)?;
    }
    for code in &barcodes {
        let owner = store::barcode_owner(tx, code).map_err(|e| vec![e.to_string()])?;
        if owner.is_none_or(|(o, _)| o != id) {
            ops::add_barcode(tx, actor, id, code, None, now).map_err(reasons)?;
        }
    }
    Ok(outcome)
}

fn import_pack(
    tx: &Transaction,
    actor: &Actor,
    row: &[String],
    col: &Col,
    now: &str,
) -> Result<&'static str, Vec<String>> {
    let product_id = find_product(tx, &col(row, "produit")).map_err(|e| vec![e])?;
    let name = col(row, "nom");
    match store::pack_named(tx, product_id, &name).map_err(|e| vec![e.to_string()])? {
        Some(pack_id) => {
            let p = store::product(tx, product_id)
                .map_err(|e| vec![e.to_string()])?
                .ok_or_else(|| vec!["produit disparu".to_string()])?;
            let qty = p.unit.parse_positive(&col(row, "contenu")).map_err(|e| vec![format!("contenu : {e}")])?;
            store::update_pack_content(tx, pack_id, qty).map_err(|e| vec![e.to_string()])?;
            Ok("modifié")
        }
        None => {
            ops::add_pack(tx, actor, product_id, &name, &col(row, "contenu"), now).map_err(reasons)?;
            Ok("créé")
        }
    }
}

fn import_supplier(
    tx: &Transaction,
    actor: &Actor,
    row: &[String],
    col: &Col,
    now: &str,
) -> Result<&'static str, Vec<String>> {
    let days = match col(row, "delai_paiement").as_str() {
        "" => "0".to_string(),
        t => t.to_string(),
    };
    let form = purchases::SupplierForm {
        name: col(row, "nom"),
        contact: col(row, "contact"),
        phone: col(row, "telephone"),
        email: col(row, "email"),
        address: col(row, "adresse"),
        nif: col(row, "nif"),
        rc: col(row, "rc"),
        payment_days: days,
        notes: col(row, "notes"),
    };
    let draft = form.parse().map_err(|e| e.iter().map(|(k, v)| format!("{k} : {v}")).collect::<Vec<_>>())?;
    let mut products = Vec::new();
    for key in col(row, "produits").split([',', '|']).map(str::trim).filter(|k| !k.is_empty()) {
        products.push(find_product(tx, key).map_err(|e| vec![e])?);
    }
    let existing = purchases::store::supplier_by_name(tx, &draft.name).map_err(|e| vec![e.to_string()])?;
    let id = purchases::ops::save_supplier(tx, actor, existing.unwrap_or(0), &draft, now).map_err(reasons)?;
    if !products.is_empty() {
        purchases::ops::link_products(tx, id, &products).map_err(reasons)?;
    }
    Ok(if existing.is_some() { "modifié" } else { "créé" })
}

/// Recipes: consecutive or scattered rows of the same product form one recipe, which replaces
/// that product's recipe. Yield, loss and place are read from the first row that has them.
fn run_recipes(
    tx: &Transaction,
    actor: &Actor,
    table: &Table,
    col: &Col,
    now: &str,
    mut report: Report,
) -> Result<Report, AppError> {
    let mut order: Vec<String> = Vec::new();
    for row in &table.rows {
        let p = col(row, "produit");
        if !order.contains(&p) {
            order.push(p);
        }
    }
    let locations = crate::stock::store::locations(tx)?;
    for product_key in order {
        let rows: Vec<(usize, &Vec<String>)> = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| col(r, "produit") == product_key)
            .map(|(i, r)| (i + 2, r))
            .collect();
        let first_line = rows.first().map(|(l, _)| *l).unwrap_or(2);
        let result = db::savepoint(tx, |tx| import_recipe(tx, actor, &product_key, &rows, col, &locations, now))?;
        report.rows.push(RowOutcome { line: first_line, label: product_key, result });
    }
    if report.ok() {
        let summary =
            format!("Import recettes : {} créée(s), {} modifiée(s).", report.count("créé"), report.count("modifié"));
        audit::record(tx, actor, now, Event::new(AuditKind::CatalogImported, "catalogue", "recettes", summary))?;
    }
    Ok(report)
}

/// One product's recipe from its rows ((line number, row)); the place by name or code, the
/// first lab when the file names none.
fn import_recipe(
    tx: &Transaction,
    actor: &Actor,
    product_key: &str,
    rows: &[(usize, &Vec<String>)],
    col: &Col,
    locations: &[Location],
    now: &str,
) -> Result<&'static str, Vec<String>> {
    let product_id = find_product(tx, product_key).map_err(|e| vec![e])?;
    let pick = |name: &str| rows.iter().map(|(_, r)| col(r, name)).find(|v| !v.is_empty()).unwrap_or_default();
    let place = pick("lieu");
    let location_id = if place.is_empty() {
        locations.iter().find(|l| l.kind == "labo").map(|l| l.id).unwrap_or(0)
    } else {
        locations.iter().find(|l| fold(&l.name) == fold(&place) || l.code == fold(&place)).map(|l| l.id).unwrap_or(0)
    };
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (line_no, r) in rows {
        match find_product(tx, &col(r, "ingredient")) {
            Ok(id) => lines.push((id, col(r, "quantite"), col(r, "note"))),
            Err(e) => errors.push(format!("ligne {line_no} : {e}")),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let had = store::recipe(tx, product_id).map_err(|e| vec![e.to_string()])?.is_some();
    let draft = RecipeDraft {
        yield_text: pick("rendement"),
        loss_text: pick("perte"),
        location_id,
        method: String::new(),
        lines,
    };
    ops::save_recipe(tx, actor, product_id, &draft, now).map_err(reasons)?;
    Ok(if had { "modifié" } else { "créé" })
}
