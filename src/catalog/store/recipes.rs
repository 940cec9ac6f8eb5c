//! SQL of recipes, the costing graph and cost history.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{kind_of, unit_of};
use crate::catalog::cost::{Graph, Node};
use crate::catalog::{Allergens, Recipe, RecipeLine, Unit, UnitCost};
use crate::money::Qty;

// ---- recipes and the costing graph ----------------------------------------------------------

fn recipe_lines(conn: &Connection, product_id: i64) -> rusqlite::Result<Vec<RecipeLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ingredient_id, qty, note FROM recipe_lines WHERE product_id = ?1 ORDER BY position, id",
    )?;
    stmt.query_map([product_id], |r| {
        Ok(RecipeLine { ingredient_id: r.get(0)?, qty: r.get::<_, Qty>(1)?, note: r.get(2)? })
    })?
    .collect()
}

pub fn recipe(conn: &Connection, product_id: i64) -> rusqlite::Result<Option<Recipe>> {
    let head = conn
        .query_row(
            "SELECT yield_qty, loss_bp, location_id, method FROM recipes WHERE product_id = ?1",
            [product_id],
            |r| Ok((r.get::<_, Qty>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?)),
        )
        .optional()?;
    let Some((yield_qty, loss_bp, location_id, method)) = head else { return Ok(None) };
    Ok(Some(Recipe { product_id, yield_qty, loss_bp, location_id, method, lines: recipe_lines(conn, product_id)? }))
}

/// Replaces a product's recipe and all its lines.
pub fn save_recipe(conn: &Connection, r: &Recipe, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO recipes (product_id, yield_qty, loss_bp, location_id, method, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (product_id) DO UPDATE SET yield_qty = excluded.yield_qty, loss_bp = excluded.loss_bp,
                location_id = excluded.location_id, method = excluded.method, updated_at = excluded.updated_at",
        params![r.product_id, r.yield_qty, r.loss_bp, r.location_id, r.method, now],
    )?;
    conn.execute("DELETE FROM recipe_lines WHERE product_id = ?1", [r.product_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO recipe_lines (product_id, ingredient_id, qty, position, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, line) in r.lines.iter().enumerate() {
        stmt.execute(params![r.product_id, line.ingredient_id, line.qty, i as i64, line.note])?;
    }
    Ok(())
}

pub fn delete_recipe(conn: &Connection, product_id: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM recipes WHERE product_id = ?1", [product_id])
}

/// Every product and recipe, without stock costs (see `ops::graph`). A few hundred rows in a shop.
pub fn recipe_graph(conn: &Connection) -> rusqlite::Result<Graph> {
    let mut nodes = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT id, name, kind, unit, sale_price, ref_cost, allergens FROM products")?;
    let rows = stmt.query_map([], |r| {
        Ok(Node {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: kind_of(r.get(2)?)?,
            unit: unit_of(r.get(3)?)?,
            sale_price: r.get(4)?,
            ref_cost: r.get::<_, Option<i64>>(5)?.map(UnitCost),
            pmp: None,
            allergens: Allergens(r.get(6)?),
            recipe: None,
        })
    })?;
    for node in rows {
        let node = node?;
        nodes.insert(node.id, node);
    }
    let mut stmt = conn.prepare_cached("SELECT product_id, yield_qty, loss_bp, location_id, method FROM recipes")?;
    let heads = stmt.query_map([], |r| {
        Ok(Recipe {
            product_id: r.get(0)?,
            yield_qty: r.get(1)?,
            loss_bp: r.get(2)?,
            location_id: r.get(3)?,
            method: r.get(4)?,
            lines: Vec::new(),
        })
    })?;
    for head in heads {
        let head = head?;
        if let Some(node) = nodes.get_mut(&head.product_id) {
            node.recipe = Some(head);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, ingredient_id, qty, note FROM recipe_lines ORDER BY product_id, position, id",
    )?;
    let lines = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, RecipeLine { ingredient_id: r.get(1)?, qty: r.get(2)?, note: r.get(3)? }))
    })?;
    for line in lines {
        let (product_id, line) = line?;
        if let Some(recipe) = nodes.get_mut(&product_id).and_then(|n| n.recipe.as_mut()) {
            recipe.lines.push(line);
        }
    }
    Ok(Graph { nodes })
}

// ---- cost history ---------------------------------------------------------------------------

pub fn insert_cost_change(
    conn: &Connection,
    product_id: i64,
    at: &str,
    old: Option<UnitCost>,
    new: Option<UnitCost>,
    user_id: Option<i64>,
) -> rusqlite::Result<()> {
    insert_cost_change_from(conn, product_id, at, old, new, user_id, "reference")
}

/// A cost change of either source: `reference` (typed in the form) or `pmp` (a receipt moved it).
pub fn insert_cost_change_from(
    conn: &Connection,
    product_id: i64,
    at: &str,
    old: Option<UnitCost>,
    new: Option<UnitCost>,
    user_id: Option<i64>,
    source: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO cost_changes (product_id, at, old_cost, new_cost, source, user_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![product_id, at, old.map(|c| c.0), new.map(|c| c.0), source, user_id],
    )?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct CostChange {
    pub id: i64,
    pub product_id: i64,
    pub name: String,
    pub unit: Unit,
    pub at: String,
    pub old_cost: Option<UnitCost>,
    pub new_cost: Option<UnitCost>,
}

pub fn cost_changes(conn: &Connection, limit: i64) -> rusqlite::Result<Vec<CostChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT cc.id, cc.product_id, p.name, p.unit, cc.at, cc.old_cost, cc.new_cost
         FROM cost_changes cc JOIN products p ON p.id = cc.product_id ORDER BY cc.id DESC LIMIT ?1",
    )?;
    stmt.query_map([limit], |r| {
        Ok(CostChange {
            id: r.get(0)?,
            product_id: r.get(1)?,
            name: r.get(2)?,
            unit: unit_of(r.get(3)?)?,
            at: r.get(4)?,
            old_cost: r.get::<_, Option<i64>>(5)?.map(UnitCost),
            new_cost: r.get::<_, Option<i64>>(6)?.map(UnitCost),
        })
    })?
    .collect()
}
