//! The catalogue's part of `fournil check`: what the operations guarantee, proved on the data.

use rusqlite::Connection;

use super::{Kind, store};
use crate::error::AppError;

/// (rule, problems found): empty problems means the rule holds.
pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let graph = crate::catalog::ops::graph(conn)?;
    let locations = crate::stock::store::locations(conn)?;
    let mut cycles = Vec::new();
    let mut places = Vec::new();
    let mut lines = Vec::new();
    let mut kinds = Vec::new();
    for node in graph.nodes.values() {
        let Some(recipe) = &node.recipe else { continue };
        if !node.kind.has_recipe() {
            kinds.push(format!("« {} » ({}) a une recette", node.name, node.kind.label()));
        }
        let ids: Vec<i64> = recipe.lines.iter().map(|l| l.ingredient_id).collect();
        if let Some(path) = graph.cycle(node.id, &ids) {
            cycles.push(path.join(" → "));
        }
        let lab = locations.iter().any(|l| l.id == recipe.location_id && (l.kind == "labo" || l.kind == "reserve"));
        if !lab {
            places.push(format!("« {} » puise hors du labo", node.name));
        }
        for l in &recipe.lines {
            match graph.node(l.ingredient_id) {
                Some(i) if i.kind.usable_in_recipes() => {}
                Some(i) => lines.push(format!("« {} » utilise « {} » ({})", node.name, i.name, i.kind.label())),
                None => lines.push(format!("« {} » utilise un produit disparu", node.name)),
            }
        }
    }
    let unpriced: Vec<String> = store::all_products(conn)?
        .into_iter()
        .filter(|p| {
            p.active && matches!(p.kind, Kind::Fini | Kind::Revente) && p.sale_price.is_none_or(|m| m.cents() == 0)
        })
        .map(|p| format!("« {} » sans prix de vente", p.name))
        .collect();
    Ok(vec![
        ("Recettes sans boucle", cycles),
        ("Recettes : ingrédients et semi-finis seulement", lines),
        ("Recettes : au labo ou à la réserve, jamais au comptoir", places),
        ("Recettes : seulement pour les semi-finis et produits finis", kinds),
        ("Produits vendus : un prix de vente", unpriced),
    ])
}
