//! Operations on recipes, and the costing graph every cost shown uses.

use std::collections::BTreeSet;

use rusqlite::{Connection, Transaction};
use serde_json::json;

use crate::audit::{self, Actor, AuditKind, Event};
use crate::catalog::{Recipe, RecipeLine, format_loss, parse_loss, store};
use crate::error::{AppError, FieldErrors};

/// A recipe as typed: quantities still in natural text, parsed against each product's unit here.
#[derive(Debug, Clone, Default)]
pub struct RecipeDraft {
    pub yield_text: String,
    pub loss_text: String,
    pub location_id: i64,
    pub method: String,
    /// (ingredient id, quantity as typed, note). Empty rows are skipped by the caller.
    pub lines: Vec<(i64, String, String)>,
}

/// Saves (replaces) the recipe of a semi-fini or fini. Refuses a cycle, an ingredient of the
/// wrong kind or unit, a zero yield, a counter location; field errors are keyed `line-N-…`.
pub fn save_recipe(
    tx: &Transaction,
    actor: &Actor,
    product_id: i64,
    d: &RecipeDraft,
    now: &str,
) -> Result<(), AppError> {
    let product = store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    if !product.kind.has_recipe() {
        return Err(AppError::rule(format!("Un produit de type {} n'a pas de recette.", product.kind.label())));
    }
    let mut errors = FieldErrors::new();
    crate::text::Text::Note.check(&mut errors, "method", &d.method);
    let yield_qty =
        product.unit.parse_positive(&d.yield_text).map_err(|e| errors.add("yield", format!("Rendement : {e}"))).ok();
    let loss_bp = parse_loss(&d.loss_text).map_err(|e| errors.add("loss", e)).ok();
    check_recipe_place(tx, d.location_id, &mut errors)?;
    let lines = recipe_lines(tx, product_id, &d.lines, &mut errors)?;
    if errors.is_empty() {
        let ids: Vec<i64> = lines.iter().map(|l| l.ingredient_id).collect();
        if let Some(path) = graph(tx)?.cycle(product_id, &ids) {
            errors.add("lines", format!("Recette circulaire : {}.", path.join(" → ")));
        }
    }
    let (Some(yield_qty), Some(loss_bp), true) = (yield_qty, loss_bp, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let before = store::recipe(tx, product_id)?;
    let recipe = Recipe {
        product_id,
        yield_qty,
        loss_bp,
        location_id: d.location_id,
        method: d.method.trim().to_string(),
        lines,
    };
    store::save_recipe(tx, &recipe, now)?;
    let describe = |r: &Recipe| {
        json!({"yield": product.unit.format(r.yield_qty), "loss_pct": format_loss(r.loss_bp), "location_id": r.location_id,
               "lines": r.lines.iter().map(|l| json!({"ingredient_id": l.ingredient_id, "qty": l.qty.milli()})).collect::<Vec<_>>()})
    };
    let text = format!("Recette de « {} » enregistrée.", product.name);
    let mut e = Event::new(AuditKind::RecipeSaved, "recipes", product_id, text).after(describe(&recipe));
    if let Some(b) = &before {
        e = e.before(describe(b));
    }
    audit::record(tx, actor, now, e)?;
    Ok(())
}

/// A recipe draws from the lab or the store room, never the counter or the packaging store.
fn check_recipe_place(tx: &Transaction, location_id: i64, errors: &mut FieldErrors) -> Result<(), AppError> {
    match crate::stock::store::location(tx, location_id)? {
        Some(l) if l.kind == "reserve" || l.kind == "labo" => {}
        Some(_) => errors
            .add("location_id", "Une recette puise au labo ou à la réserve, jamais au comptoir ni aux emballages."),
        None => errors.add("location_id", "Lieu inconnu."),
    }
    Ok(())
}

/// The lines as typed, each checked: a known ingredient or semi-fini, not the product itself,
/// not twice, a quantity in its unit. Problems go beside each line (`line-N-…`).
fn recipe_lines(
    tx: &Transaction,
    product_id: i64,
    typed: &[(i64, String, String)],
    errors: &mut FieldErrors,
) -> Result<Vec<RecipeLine>, AppError> {
    if typed.is_empty() {
        errors.add("lines", "Ajoutez au moins un ingrédient.");
    }
    let mut lines = Vec::with_capacity(typed.len());
    let mut seen = BTreeSet::new();
    for (i, (ingredient_id, qty_text, note)) in typed.iter().enumerate() {
        crate::text::Text::Reason.check(errors, &format!("line-{i}-note"), note);
        let key = |f: &str| format!("line-{i}-{f}");
        let Some(ing) = store::product(tx, *ingredient_id)? else {
            errors.add(&key("ingredient"), "Ingrédient inconnu.");
            continue;
        };
        let refusal = if ing.id == product_id {
            Some(format!("« {} » ne peut pas entrer dans sa propre recette.", ing.name))
        } else if !ing.kind.usable_in_recipes() {
            Some(format!(
                "« {} » est un {} : seuls les ingrédients et semi-finis entrent dans une recette.",
                ing.name,
                ing.kind.label().to_lowercase()
            ))
        } else if !seen.insert(ing.id) {
            Some(format!("« {} » figure deux fois : regroupez les quantités.", ing.name))
        } else {
            None
        };
        if let Some(why) = refusal {
            errors.add(&key("ingredient"), why);
            continue;
        }
        match ing.unit.parse_positive(qty_text) {
            Ok(qty) => lines.push(RecipeLine { ingredient_id: ing.id, qty, note: note.trim().to_string() }),
            Err(e) => errors.add(&key("qty"), e),
        }
    }
    Ok(lines)
}

pub fn delete_recipe(tx: &Transaction, actor: &Actor, product_id: i64, now: &str) -> Result<(), AppError> {
    let product = store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    if store::delete_recipe(tx, product_id)? == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        tx,
        actor,
        now,
        Event::new(
            AuditKind::RecipeDeleted,
            "recipes",
            product_id,
            format!("Recette de « {} » supprimée.", product.name),
        ),
    )?;
    Ok(())
}

/// The costing graph with each product's PMP from the stock ledger: what every cost shown uses.
pub fn graph(conn: &Connection) -> rusqlite::Result<crate::catalog::cost::Graph> {
    let mut graph = store::recipe_graph(conn)?;
    for (product, pmp) in crate::stock::store::pmps(conn)? {
        if let Some(node) = graph.nodes.get_mut(&product) {
            node.pmp = Some(pmp);
        }
    }
    Ok(graph)
}
