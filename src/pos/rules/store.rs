//! All SQL of the till rules: packaging rules, the till's limits, roles' discount limits, PINs.

use rusqlite::{Connection, OptionalExtension, params};

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

/// The largest discount, in %, a role may give; a superuser may give any.
pub fn max_discount_pct(conn: &Connection, role_id: i64) -> rusqlite::Result<i64> {
    let found: Option<(bool, i64)> = conn
        .prepare_cached("SELECT is_superuser, max_discount_pct FROM roles WHERE id = ?1")?
        .query_row([role_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match found {
        Some((true, _)) => 100,
        Some((false, pct)) => pct,
        None => 0,
    })
}

/// (role id, name, max discount %) of every role that is not a superuser.
pub fn role_limits(conn: &Connection) -> rusqlite::Result<Vec<(i64, String, i64)>> {
    conn.prepare_cached("SELECT id, name, max_discount_pct FROM roles WHERE is_superuser = 0 ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

pub fn set_role_limit(conn: &Connection, role_id: i64, pct: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE roles SET max_discount_pct = ?2 WHERE id = ?1 AND is_superuser = 0")?
        .execute(params![role_id, pct])?;
    Ok(())
}

// ---- PINs -----------------------------------------------------------------------------------

pub fn pin_hash(conn: &Connection, user_id: i64) -> rusqlite::Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT pin_hash FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

pub fn set_pin_hash(conn: &Connection, user_id: i64, hash: Option<&str>, now: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE users SET pin_hash = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![user_id, hash, now])
}

/// Active users with a PIN, as (id, username, display name, role id): candidates for the switch.
pub fn users_with_pin(conn: &Connection) -> rusqlite::Result<Vec<(i64, String, String, i64)>> {
    conn.prepare_cached(
        "SELECT id, username, display_name, role_id FROM users
         WHERE active = 1 AND pin_hash IS NOT NULL ORDER BY display_name COLLATE NOCASE, username",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}

/// Moves a session to another user (the quick switch at a shared till). Its CSRF token stays.
pub fn switch_session(conn: &Connection, token_hash: &str, user_id: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE sessions SET user_id = ?2 WHERE token_hash = ?1")?.execute(params![token_hash, user_id])
}

/// Takes back the failure a PIN attempt was counted as, once the PIN proved right.
pub fn forget_failure(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM login_failures WHERE id = ?1")?.execute([id])?;
    Ok(())
}
