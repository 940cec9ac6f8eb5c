//! All SQL of `customers`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Customer, CustomerDraft};

const COLUMNS: &str = "id, name, phone, addresses, notes, allergies, active, created_at";

fn row(r: &Row) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        addresses: r.get(3)?,
        notes: r.get(4)?,
        allergies: r.get(5)?,
        active: r.get(6)?,
        created_at: r.get(7)?,
    })
}

pub fn customer(conn: &Connection, id: i64) -> rusqlite::Result<Option<Customer>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"))?.query_row([id], row).optional()
}

pub fn by_phone(conn: &Connection, phone: &str) -> rusqlite::Result<Option<Customer>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE phone = ?1"))?
        .query_row([phone], row)
        .optional()
}

pub fn by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM customers WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

pub fn insert(conn: &Connection, d: &CustomerDraft, now: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO customers (name, phone, addresses, notes, allergies, created_at, updated_at, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
    )?
    .execute(params![d.name, d.phone, d.addresses, d.notes, d.allergies, now, d.token])?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, d: &CustomerDraft, now: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE customers SET name = ?2, phone = ?3, addresses = ?4, notes = ?5, allergies = ?6, updated_at = ?7
          WHERE id = ?1",
    )?
    .execute(params![id, d.name, d.phone, d.addresses, d.notes, d.allergies, now])
}

pub fn set_active(conn: &Connection, id: i64, active: bool, now: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE customers SET active = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, active, now])
}

/// Customers whose name contains `name` and whose phone contains `phone` (either may be absent),
/// active ones first, then by name.
pub fn search(
    conn: &Connection,
    name: Option<&str>,
    phone: Option<&str>,
    with_inactive: bool,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<Vec<Customer>> {
    let like = |s: Option<&str>| s.map(|t| format!("%{}%", t.replace(['%', '_'], "")));
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM customers
          WHERE (?1 IS NULL OR name LIKE ?1) AND (?2 IS NULL OR phone LIKE ?2) AND (?3 OR active = 1)
          ORDER BY active DESC, name COLLATE NOCASE, id
          LIMIT ?4 OFFSET ?5"
    ))?
    .query_map(params![like(name), like(phone), with_inactive, limit, offset], row)?
    .collect()
}

/// Every stored phone, for `fournil check`.
pub fn phones(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare("SELECT id, phone FROM customers ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
}
