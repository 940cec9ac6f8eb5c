//! All SQL of the catalogue.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::cost::{Graph, Node};
use super::{Allergens, Barcode, Category, Kind, Location, Pack, Product, Recipe, RecipeLine, Unit, UnitCost};
use crate::money::{Money, Qty};

fn kind_of(code: String) -> rusqlite::Result<Kind> {
    Kind::from_code(&code).ok_or_else(|| rusqlite::Error::InvalidColumnType(0, code, rusqlite::types::Type::Text))
}

fn unit_of(code: String) -> rusqlite::Result<Unit> {
    Unit::from_code(&code).ok_or_else(|| rusqlite::Error::InvalidColumnType(0, code, rusqlite::types::Type::Text))
}

// ---- locations ------------------------------------------------------------------------------

pub fn locations(conn: &Connection) -> rusqlite::Result<Vec<Location>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, code, name, kind FROM locations WHERE active = 1 ORDER BY position, id")?;
    stmt.query_map([], |r| Ok(Location { id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, kind: r.get(3)? }))?.collect()
}

// ---- categories -----------------------------------------------------------------------------

pub fn categories(conn: &Connection) -> rusqlite::Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.position, c.color, c.at_till,
                (SELECT count(*) FROM products p WHERE p.category_id = c.id)
         FROM categories c ORDER BY c.position, c.name COLLATE NOCASE",
    )?;
    stmt.query_map([], |r| {
        Ok(Category {
            id: r.get(0)?,
            name: r.get(1)?,
            position: r.get(2)?,
            color: r.get(3)?,
            at_till: r.get(4)?,
            products: r.get(5)?,
        })
    })?
    .collect()
}

pub fn category(conn: &Connection, id: i64) -> rusqlite::Result<Option<Category>> {
    Ok(categories(conn)?.into_iter().find(|c| c.id == id))
}

pub fn category_by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM categories WHERE name = ?1", [name], |r| r.get(0)).optional()
}

pub fn category_name_taken(conn: &Connection, name: &str, except: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM categories WHERE name = ?1 AND id <> ?2)",
        params![name, except],
        |r| r.get(0),
    )
}

pub fn insert_category(conn: &Connection, c: &Category) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO categories (name, position, color, at_till) VALUES (?1, ?2, ?3, ?4)",
        params![c.name, c.position, c.color, c.at_till],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_category(conn: &Connection, c: &Category) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE categories SET name = ?2, position = ?3, color = ?4, at_till = ?5 WHERE id = ?1",
        params![c.id, c.name, c.position, c.color, c.at_till],
    )?;
    Ok(())
}

pub fn delete_category(conn: &Connection, id: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM categories WHERE id = ?1", [id])
}

// ---- products -------------------------------------------------------------------------------

const PRODUCT_COLUMNS: &str =
    "p.id, p.name, p.reference, p.kind, p.category_id, c.name, p.unit, p.sale_price, p.ref_cost,
     p.allergens, p.track_stock, p.active, p.description, ph.hash";

const PRODUCT_FROM: &str = "FROM products p LEFT JOIN categories c ON c.id = p.category_id LEFT JOIN product_photos ph ON ph.product_id = p.id";

fn product_row(r: &Row) -> rusqlite::Result<Product> {
    let photo_hash: Option<String> = r.get(13)?;
    Ok(Product {
        id: r.get(0)?,
        name: r.get(1)?,
        reference: r.get(2)?,
        kind: kind_of(r.get(3)?)?,
        category_id: r.get(4)?,
        category: r.get(5)?,
        unit: unit_of(r.get(6)?)?,
        sale_price: r.get::<_, Option<Money>>(7)?,
        ref_cost: r.get::<_, Option<i64>>(8)?.map(UnitCost),
        allergens: Allergens(r.get(9)?),
        track_stock: r.get(10)?,
        active: r.get(11)?,
        description: r.get(12)?,
        has_photo: photo_hash.is_some(),
        photo_hash,
    })
}

pub fn product(conn: &Connection, id: i64) -> rusqlite::Result<Option<Product>> {
    conn.prepare_cached(&format!("SELECT {PRODUCT_COLUMNS} {PRODUCT_FROM} WHERE p.id = ?1"))?
        .query_row([id], product_row)
        .optional()
}

/// What the product list filters on.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    pub q: String,
    pub kind: Option<Kind>,
    pub category_id: Option<i64>,
    /// None: active only; Some(false): archived only; Some(true): all.
    pub include_archived: Option<bool>,
    pub page: u32,
    pub page_size: u32,
}

/// One page of products and whether there is a next page.
pub fn search_products(conn: &Connection, f: &ProductFilter) -> rusqlite::Result<(Vec<Product>, bool)> {
    let like = format!("%{}%", f.q.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let active_clause = match f.include_archived {
        None => "p.active = 1",
        Some(false) => "p.active = 0",
        Some(true) => "1 = 1",
    };
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} {PRODUCT_FROM}
         WHERE {active_clause}
           AND (?1 = '%%' OR p.name LIKE ?1 ESCAPE '\\' OR p.reference LIKE ?1 ESCAPE '\\'
                OR p.id IN (SELECT product_id FROM barcodes WHERE code = ?2))
           AND (?3 IS NULL OR p.kind = ?3)
           AND (?4 IS NULL OR p.category_id = ?4)
         ORDER BY p.name COLLATE NOCASE, p.id
         LIMIT ?5 OFFSET ?6"
    );
    let size = i64::from(f.page_size.max(1));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![like, f.q.trim(), f.kind.map(Kind::code), f.category_id, size + 1, i64::from(f.page) * size],
        product_row,
    )?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let more = out.len() as i64 > size;
    out.truncate(size as usize);
    Ok((out, more))
}

/// Active products of these kinds, by name (pickers).
pub fn products_of_kinds(conn: &Connection, kinds: &[Kind]) -> rusqlite::Result<Vec<Product>> {
    let list: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.code())).collect();
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} {PRODUCT_FROM} WHERE p.active = 1 AND p.kind IN ({}) ORDER BY p.name COLLATE NOCASE",
        list.join(",")
    );
    let mut stmt = conn.prepare(&sql)?;
    stmt.query_map([], product_row)?.collect()
}

pub fn all_products(conn: &Connection) -> rusqlite::Result<Vec<Product>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {PRODUCT_COLUMNS} {PRODUCT_FROM} ORDER BY p.kind, p.name COLLATE NOCASE"))?;
    stmt.query_map([], product_row)?.collect()
}

pub fn product_by_reference(conn: &Connection, reference: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM products WHERE reference = ?1", [reference], |r| r.get(0)).optional()
}

/// Products with exactly this name (names are not unique: two "Noix" may exist).
pub fn products_named(conn: &Connection, name: &str) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM products WHERE name = ?1 COLLATE NOCASE ORDER BY id")?;
    stmt.query_map([name], |r| r.get(0))?.collect()
}

pub fn reference_taken(conn: &Connection, reference: &str, except: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM products WHERE reference = ?1 AND id <> ?2)",
        params![reference, except],
        |r| r.get(0),
    )
}

pub fn insert_product(conn: &Connection, p: &Product, now: &str) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO products (name, reference, kind, category_id, unit, sale_price, ref_cost, allergens, track_stock,
                               active, description, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        params![
            p.name,
            p.reference,
            p.kind.code(),
            p.category_id,
            p.unit.code(),
            p.sale_price,
            p.ref_cost.map(|c| c.0),
            p.allergens.0,
            p.track_stock,
            p.active,
            p.description,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_product(conn: &Connection, p: &Product, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE products SET name = ?2, reference = ?3, kind = ?4, category_id = ?5, unit = ?6, sale_price = ?7,
                ref_cost = ?8, allergens = ?9, track_stock = ?10, active = ?11, description = ?12, updated_at = ?13
         WHERE id = ?1",
        params![
            p.id,
            p.name,
            p.reference,
            p.kind.code(),
            p.category_id,
            p.unit.code(),
            p.sale_price,
            p.ref_cost.map(|c| c.0),
            p.allergens.0,
            p.track_stock,
            p.active,
            p.description,
            now
        ],
    )?;
    Ok(())
}

pub fn delete_product(conn: &Connection, id: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM products WHERE id = ?1", [id])
}

/// Names of the products whose recipe uses this one (what forbids deleting it).
pub fn used_by(conn: &Connection, id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.name FROM recipe_lines l JOIN products p ON p.id = l.product_id
         WHERE l.ingredient_id = ?1 ORDER BY p.name COLLATE NOCASE",
    )?;
    stmt.query_map([id], |r| r.get(0))?.collect()
}

/// Names of the active products whose recipe uses this one directly (what forbids archiving it).
pub fn active_users_of(conn: &Connection, id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.name FROM recipe_lines l JOIN products p ON p.id = l.product_id
         WHERE l.ingredient_id = ?1 AND p.active = 1 ORDER BY p.name COLLATE NOCASE",
    )?;
    stmt.query_map([id], |r| r.get(0))?.collect()
}

// ---- packs, barcodes, thresholds, photos ----------------------------------------------------

pub fn packs_of(conn: &Connection, product_id: i64) -> rusqlite::Result<Vec<Pack>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, product_id, name, content FROM product_packs WHERE product_id = ?1 ORDER BY content, name",
    )?;
    stmt.query_map([product_id], |r| {
        Ok(Pack { id: r.get(0)?, product_id: r.get(1)?, name: r.get(2)?, content: r.get::<_, Qty>(3)? })
    })?
    .collect()
}

pub fn pack_named(conn: &Connection, product_id: i64, name: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM product_packs WHERE product_id = ?1 AND name = ?2", params![product_id, name], |r| {
        r.get(0)
    })
    .optional()
}

pub fn insert_pack(conn: &Connection, product_id: i64, name: &str, content: Qty) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO product_packs (product_id, name, content) VALUES (?1, ?2, ?3)",
        params![product_id, name, content],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_pack_content(conn: &Connection, id: i64, content: Qty) -> rusqlite::Result<()> {
    conn.execute("UPDATE product_packs SET content = ?2 WHERE id = ?1", params![id, content])?;
    Ok(())
}

pub fn delete_pack(conn: &Connection, product_id: i64, pack_id: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM product_packs WHERE id = ?1 AND product_id = ?2", params![pack_id, product_id])
}

pub fn barcodes_of(conn: &Connection, product_id: i64) -> rusqlite::Result<Vec<Barcode>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, product_id, pack_id FROM barcodes WHERE product_id = ?1 ORDER BY code")?;
    stmt.query_map([product_id], |r| Ok(Barcode { code: r.get(0)?, product_id: r.get(1)?, pack_id: r.get(2)? }))?
        .collect()
}

/// The product that already carries this barcode, by name.
pub fn barcode_owner(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT p.id, p.name FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?1",
        [code],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

pub fn insert_barcode(conn: &Connection, code: &str, product_id: i64, pack_id: Option<i64>) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO barcodes (code, product_id, pack_id) VALUES (?1, ?2, ?3)",
        params![code, product_id, pack_id],
    )?;
    Ok(())
}

pub fn delete_barcode(conn: &Connection, product_id: i64, code: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM barcodes WHERE code = ?1 AND product_id = ?2", params![code, product_id])
}

pub fn thresholds_of(conn: &Connection, product_id: i64) -> rusqlite::Result<HashMap<i64, Qty>> {
    let mut stmt = conn.prepare_cached("SELECT location_id, min_qty FROM product_thresholds WHERE product_id = ?1")?;
    stmt.query_map([product_id], |r| Ok((r.get(0)?, r.get::<_, Qty>(1)?)))?.collect()
}

pub fn set_thresholds(conn: &Connection, product_id: i64, thresholds: &[(i64, Qty)]) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM product_thresholds WHERE product_id = ?1", [product_id])?;
    let mut stmt =
        conn.prepare_cached("INSERT INTO product_thresholds (product_id, location_id, min_qty) VALUES (?1, ?2, ?3)")?;
    for (location, qty) in thresholds.iter().filter(|(_, q)| !q.is_zero()) {
        stmt.execute(params![product_id, location, qty])?;
    }
    Ok(())
}

pub fn photo(conn: &Connection, product_id: i64) -> rusqlite::Result<Option<(String, Vec<u8>, String)>> {
    conn.query_row("SELECT content_type, bytes, hash FROM product_photos WHERE product_id = ?1", [product_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .optional()
}

pub fn set_photo(
    conn: &Connection,
    product_id: i64,
    content_type: &str,
    bytes: &[u8],
    hash: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO product_photos (product_id, content_type, bytes, hash, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (product_id) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
                hash = excluded.hash, uploaded_at = excluded.uploaded_at",
        params![product_id, content_type, bytes, hash, now],
    )?;
    Ok(())
}

pub fn delete_photo(conn: &Connection, product_id: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM product_photos WHERE product_id = ?1", [product_id])
}

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
    conn.execute(
        "INSERT INTO cost_changes (product_id, at, old_cost, new_cost, source, user_id) VALUES (?1, ?2, ?3, ?4, 'reference', ?5)",
        params![product_id, at, old.map(|c| c.0), new.map(|c| c.0), user_id],
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

// ---- pending imports ------------------------------------------------------------------------

pub fn insert_pending_import(
    conn: &Connection,
    token: &str,
    kind: &str,
    file_name: &str,
    content: &[u8],
    user_id: i64,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO pending_imports (token, kind, file_name, content, user_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![token, kind, file_name, content, user_id, now],
    )?;
    Ok(())
}

/// (kind, file name, content) of a pending import of this user.
pub fn pending_import(
    conn: &Connection,
    token: &str,
    user_id: i64,
) -> rusqlite::Result<Option<(String, String, Vec<u8>)>> {
    conn.query_row(
        "SELECT kind, file_name, content FROM pending_imports WHERE token = ?1 AND user_id = ?2",
        params![token, user_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// Forgets previews nobody confirmed (`before` is a stored timestamp).
pub fn delete_old_pending_imports(conn: &Connection, before: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM pending_imports WHERE created_at < ?1", [before])
}

pub fn delete_pending_import(conn: &Connection, token: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM pending_imports WHERE token = ?1", [token])
}
