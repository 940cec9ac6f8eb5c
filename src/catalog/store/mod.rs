//! All SQL of the catalogue. Recipes, the costing graph and cost history are in `recipes.rs`,
//! pending imports in `imports.rs`, both re-exported here.

mod imports;
mod recipes;

pub use imports::*;
pub use recipes::*;

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Allergens, Barcode, Category, Kind, Pack, Product, Unit, UnitCost};
use crate::money::{Money, Qty};

pub(super) fn kind_of(code: String) -> rusqlite::Result<Kind> {
    Kind::from_code(&code).ok_or_else(|| rusqlite::Error::InvalidColumnType(0, code, rusqlite::types::Type::Text))
}

pub(super) fn unit_of(code: String) -> rusqlite::Result<Unit> {
    Unit::from_code(&code).ok_or_else(|| rusqlite::Error::InvalidColumnType(0, code, rusqlite::types::Type::Text))
}

// ---- categories -----------------------------------------------------------------------------

pub fn categories(conn: &Connection) -> rusqlite::Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.position, c.color, c.at_till,
                (SELECT count(*) FROM products p WHERE p.category_id = c.id), c.tva_class
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
            tva_class: r.get(6)?,
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
        "INSERT INTO categories (name, position, color, at_till, tva_class) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![c.name, c.position, c.color, c.at_till, c.tva_class],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_category(conn: &Connection, c: &Category) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE categories SET name = ?2, position = ?3, color = ?4, at_till = ?5, tva_class = ?6 WHERE id = ?1",
        params![c.id, c.name, c.position, c.color, c.at_till, c.tva_class],
    )?;
    Ok(())
}

pub fn delete_category(conn: &Connection, id: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM categories WHERE id = ?1", [id])
}

// ---- products -------------------------------------------------------------------------------

const PRODUCT_COLUMNS: &str =
    "p.id, p.name, p.reference, p.kind, p.category_id, c.name, p.unit, p.sale_price, p.ref_cost,
     p.allergens, p.track_stock, p.active, p.description, ph.hash, p.receive_location_id";

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
        receive_location_id: r.get(14)?,
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
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {PRODUCT_COLUMNS} {PRODUCT_FROM} ORDER BY p.kind, p.name COLLATE NOCASE"))?;
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
                               active, description, created_at, updated_at, receive_location_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
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
            now,
            p.receive_location_id
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_product(conn: &Connection, p: &Product, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE products SET name = ?2, reference = ?3, kind = ?4, category_id = ?5, unit = ?6, sale_price = ?7,
                ref_cost = ?8, allergens = ?9, track_stock = ?10, active = ?11, description = ?12, updated_at = ?13,
                receive_location_id = ?14
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
            now,
            p.receive_location_id
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
