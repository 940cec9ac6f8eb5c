//! Import and export of the catalogue as CSV or XLSX: products, packs, suppliers, recipes.
//! An import runs the real operations row by row, each row in a savepoint; the preview is the
//! same run, rolled back (`Db::dry_run`), so what the preview promises is what the import does.
//! The confirmed import commits only if every row passed: all or nothing. Export: `export.rs`.

mod export;
mod read;

pub use export::{export_rows, to_csv, to_xlsx};
pub use read::{Table, read_table};

use rusqlite::Transaction;

use super::allergen::fold;
use super::ops::{self, ProductDraft, RecipeDraft};
use super::{Allergens, Category, Kind, Unit, store};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::error::AppError;
use crate::money::Money;
use crate::purchases;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Products,
    Packs,
    Suppliers,
    Recipes,
}

impl ImportKind {
    pub const ALL: &'static [ImportKind] =
        &[ImportKind::Products, ImportKind::Packs, ImportKind::Suppliers, ImportKind::Recipes];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Products => "produits",
            ImportKind::Packs => "conditionnements",
            ImportKind::Suppliers => "fournisseurs",
            ImportKind::Recipes => "recettes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Products => "Produits",
            ImportKind::Packs => "Conditionnements d'achat",
            ImportKind::Suppliers => "Fournisseurs",
            ImportKind::Recipes => "Recettes (une ligne par ingrédient)",
        }
    }

    pub fn from_code(code: &str) -> Option<ImportKind> {
        ImportKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// The columns, in order; `*` marks the required ones (in `required`).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Products => &[
                "reference",
                "nom",
                "type",
                "categorie",
                "unite",
                "prix_vente",
                "cout_reference",
                "allergenes",
                "stock_suivi",
                "code_barres",
                "description",
                "actif",
            ],
            ImportKind::Packs => &["produit", "nom", "contenu"],
            ImportKind::Suppliers => {
                &["nom", "contact", "telephone", "email", "adresse", "nif", "rc", "delai_paiement", "notes", "produits"]
            }
            ImportKind::Recipes => &["produit", "rendement", "perte", "lieu", "ingredient", "quantite", "note"],
        }
    }

    pub fn required(self) -> &'static [&'static str] {
        match self {
            ImportKind::Products => &["nom", "type", "unite"],
            ImportKind::Packs => &["produit", "nom", "contenu"],
            ImportKind::Suppliers => &["nom"],
            ImportKind::Recipes => &["produit", "ingredient", "quantite"],
        }
    }
}

/// The fate of one row.
#[derive(Debug, Clone)]
pub struct RowOutcome {
    /// The row's number in the file (the header is row 1).
    pub line: usize,
    pub label: String,
    /// "créé", "modifié" … or the reasons it was refused.
    pub result: Result<&'static str, Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub rows: Vec<RowOutcome>,
    /// Problems with the file itself (missing columns).
    pub file_errors: Vec<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.file_errors.is_empty() && self.rows.iter().all(|r| r.result.is_ok())
    }
    pub fn count(&self, what: &str) -> usize {
        self.rows.iter().filter(|r| r.result.as_ref().is_ok_and(|s| *s == what)).count()
    }
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.result.is_err()).count()
    }
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
        let label = col(row, "nom");
        tx.execute_batch("SAVEPOINT import_row")?;
        let result = match kind {
            ImportKind::Products => import_product(tx, actor, row, &col, now),
            ImportKind::Packs => import_pack(tx, actor, row, &col, now),
            ImportKind::Suppliers => import_supplier(tx, actor, row, &col, now),
            ImportKind::Recipes => unreachable_recipes(),
        };
        finish_row(tx, &mut report, i + 2, label, result)?;
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

fn finish_row(
    tx: &Transaction,
    report: &mut Report,
    line: usize,
    label: String,
    result: Result<&'static str, Vec<String>>,
) -> Result<(), AppError> {
    if result.is_ok() {
        tx.execute_batch("RELEASE import_row")?;
    } else {
        tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
    }
    report.rows.push(RowOutcome { line, label, result });
    Ok(())
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

fn import_product(
    tx: &Transaction,
    actor: &Actor,
    row: &[String],
    col: &Col,
    now: &str,
) -> Result<&'static str, Vec<String>> {
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
        t => super::UnitCost::parse(t, unit.unwrap_or(Unit::Piece))
            .map_err(|e| errors.push(format!("cout_reference : {e}")))
            .ok(),
    };
    let allergens = Allergens::parse_list(&col(row, "allergenes")).map_err(|e| errors.push(e)).unwrap_or_default();
    let track =
        yes(&col(row, "stock_suivi"), true).map_err(|e| errors.push(format!("stock_suivi : {e}"))).unwrap_or(true);
    let active = yes(&col(row, "actif"), true).map_err(|e| errors.push(format!("actif : {e}"))).unwrap_or(true);
    let (Some(kind), Some(unit), true) = (kind, unit, errors.is_empty()) else { return Err(errors) };
    let category_name = col(row, "categorie");
    let category_id = if category_name.is_empty() {
        None
    } else {
        match store::category_by_name(tx, &category_name).map_err(|e| vec![e.to_string()])? {
            Some(id) => Some(id),
            None => {
                let c = Category {
                    id: 0,
                    name: category_name,
                    position: 100,
                    color: "#b5652b".into(),
                    at_till: kind.is_sold(),
                    products: 0,
                };
                Some(ops::save_category(tx, actor, &c, now).map_err(reasons)?)
            }
        }
    };
    let reference = Some(col(row, "reference")).filter(|r| !r.is_empty());
    let draft = ProductDraft {
        name: col(row, "nom"),
        reference: reference.clone(),
        kind,
        category_id,
        unit,
        sale_price: price,
        ref_cost: cost,
        allergens,
        track_stock: track,
        description: col(row, "description"),
        thresholds: Vec::new(),
    };
    let existing = match &reference {
        Some(r) => store::product_by_reference(tx, r).map_err(|e| vec![e.to_string()])?,
        None => match store::products_named(tx, &draft.name).map_err(|e| vec![e.to_string()])?.as_slice() {
            [] => None,
            [id] => Some(*id),
            _ => {
                return Err(vec![format!("plusieurs produits s'appellent « {} » : ajoutez une référence", draft.name)]);
            }
        },
    };
    let (id, outcome) = match existing {
        Some(id) => {
            let mut d = draft;
            d.thresholds = store::thresholds_of(tx, id).map_err(|e| vec![e.to_string()])?.into_iter().collect();
            ops::update_product(tx, actor, id, &d, now).map_err(reasons)?;
            (id, "modifié")
        }
        None => (ops::create_product(tx, actor, &draft, now).map_err(reasons)?, "créé"),
    };
    if !active {
        ops::set_product_active(tx, actor, id, false, now).map_err(reasons)?;
    }
    for code in col(row, "code_barres").split([',', '|']).map(str::trim).filter(|c| !c.is_empty()) {
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
        tx.execute_batch("SAVEPOINT import_row")?;
        let result = (|| -> Result<&'static str, Vec<String>> {
            let product_id = find_product(tx, &product_key).map_err(|e| vec![e])?;
            let pick = |name: &str| rows.iter().map(|(_, r)| col(r, name)).find(|v| !v.is_empty()).unwrap_or_default();
            let place = pick("lieu");
            let location_id = if place.is_empty() {
                locations.iter().find(|l| l.kind == "labo").map(|l| l.id).unwrap_or(0)
            } else {
                locations
                    .iter()
                    .find(|l| fold(&l.name) == fold(&place) || l.code == fold(&place))
                    .map(|l| l.id)
                    .unwrap_or(0)
            };
            let mut lines = Vec::new();
            let mut errors = Vec::new();
            for (line_no, r) in &rows {
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
        })();
        finish_row(tx, &mut report, first_line, product_key, result)?;
    }
    if report.ok() {
        let summary =
            format!("Import recettes : {} créée(s), {} modifiée(s).", report.count("créé"), report.count("modifié"));
        audit::record(tx, actor, now, Event::new(AuditKind::CatalogImported, "catalogue", "recettes", summary))?;
    }
    Ok(report)
}
