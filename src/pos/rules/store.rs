//! All SQL of the till rules: packaging rules and the till's limits (the roles' discount limits
//! are auth's: `auth::store::role_limits`).

use rusqlite::{Connection, params};

use super::{Range, TillRules};
use crate::money::Money;

fn ranges(conn: &Connection, sql: &str, id: i64) -> rusqlite::Result<Vec<Range>> {
    conn.prepare_cached(sql)?
        .query_map([id], |r| Ok(Range { min_pieces: r.get(0)?, max_pieces: r.get(1)?, packaging_id: r.get(2)? }))?
        .collect()
}

/// A category's packaging rules, by max_pieces.
pub fn rules_for_category(conn: &Connection, category_id: i64) -> rusqlite::Result<Vec<Range>> {
    let sql = "SELECT min_pieces, max_pieces, packaging_id FROM packaging_rules
               WHERE category_id = ?1 ORDER BY max_pieces, min_pieces";
    ranges(conn, sql, category_id)
}

/// A product's own packaging rules (they replace its category's), by max_pieces.
pub fn rules_for_product(conn: &Connection, product_id: i64) -> rusqlite::Result<Vec<Range>> {
    let sql = "SELECT min_pieces, max_pieces, packaging_id FROM packaging_rules
               WHERE product_id = ?1 ORDER BY max_pieces, min_pieces";
    ranges(conn, sql, product_id)
}

/// A rule as the page lists it.
#[derive(Debug, Clone)]
pub struct RuleRow {
    pub id: i64,
    pub category_id: Option<i64>,
    pub product_id: Option<i64>,
    pub owner_name: String,
    pub min_pieces: i64,
    pub max_pieces: i64,
    pub packaging_id: i64,
    pub packaging_name: String,
}

pub fn all_rules(conn: &Connection) -> rusqlite::Result<Vec<RuleRow>> {
    conn.prepare_cached(
        "SELECT r.id, r.category_id, r.product_id, coalesce(c.name, p.name, '?'), r.min_pieces, r.max_pieces,
                r.packaging_id, k.name
         FROM packaging_rules r
         LEFT JOIN categories c ON c.id = r.category_id
         LEFT JOIN products p ON p.id = r.product_id
         JOIN products k ON k.id = r.packaging_id
         ORDER BY r.product_id IS NOT NULL, coalesce(c.name, p.name) COLLATE NOCASE, r.min_pieces",
    )?
    .query_map([], |r| {
        Ok(RuleRow {
            id: r.get(0)?,
            category_id: r.get(1)?,
            product_id: r.get(2)?,
            owner_name: r.get(3)?,
            min_pieces: r.get(4)?,
            max_pieces: r.get(5)?,
            packaging_id: r.get(6)?,
            packaging_name: r.get(7)?,
        })
    })?
    .collect()
}

pub fn rule(conn: &Connection, id: i64) -> rusqlite::Result<Option<RuleRow>> {
    Ok(all_rules(conn)?.into_iter().find(|r| r.id == id))
}

pub fn insert_rule(
    conn: &Connection,
    category_id: Option<i64>,
    product_id: Option<i64>,
    range: &Range,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO packaging_rules (category_id, product_id, min_pieces, max_pieces, packaging_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![category_id, product_id, range.min_pieces, range.max_pieces, range.packaging_id])?;
    Ok(conn.last_insert_rowid())
}

pub fn delete_rule(conn: &Connection, id: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM packaging_rules WHERE id = ?1")?.execute([id])
}

/// (id, name) choices.
fn choices(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached(sql)?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// Active consommables: what a box can be.
pub fn packagings(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    choices(
        conn,
        "SELECT id, name FROM products WHERE kind = 'consommable' AND active = 1 ORDER BY name COLLATE NOCASE",
    )
}

pub fn is_active_packaging(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM products WHERE id = ?1 AND kind = 'consommable' AND active = 1)")?
        .query_row([id], |r| r.get(0))
}

pub fn categories(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    choices(conn, "SELECT id, name FROM categories ORDER BY position, name COLLATE NOCASE")
}

/// Products sold at the till (finished goods and resale), active.
pub fn sold_products(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    choices(
        conn,
        "SELECT id, name FROM products WHERE kind IN ('fini', 'revente') AND active = 1 ORDER BY name COLLATE NOCASE",
    )
}

pub fn category_exists(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM categories WHERE id = ?1)")?.query_row([id], |r| r.get(0))
}

pub fn product_exists(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM products WHERE id = ?1)")?.query_row([id], |r| r.get(0))
}

// ---- limits ---------------------------------------------------------------------------------

/// The till's limits (one row, seeded by the schema).
pub fn settings(conn: &Connection) -> rusqlite::Result<TillRules> {
    conn.prepare_cached("SELECT discount_reason_pct, variance_reason_cents FROM till_settings WHERE id = 1")?
        .query_row([], |r| {
            Ok(TillRules { discount_reason_pct: r.get(0)?, variance_reason: Money::from_cents(r.get(1)?) })
        })
}

pub fn save_settings(conn: &Connection, rules: &TillRules, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE till_settings SET discount_reason_pct = ?1, variance_reason_cents = ?2, updated_at = ?3 WHERE id = 1",
    )?
    .execute(params![rules.discount_reason_pct, rules.variance_reason.cents(), now])?;
    Ok(())
}
