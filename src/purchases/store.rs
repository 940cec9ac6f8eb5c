//! SQL of suppliers.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Supplier;

const COLUMNS: &str = "id, name, contact, phone, email, address, nif, rc, payment_days, notes, active";

fn row(r: &Row) -> rusqlite::Result<Supplier> {
    Ok(Supplier {
        id: r.get(0)?,
        name: r.get(1)?,
        contact: r.get(2)?,
        phone: r.get(3)?,
        email: r.get(4)?,
        address: r.get(5)?,
        nif: r.get(6)?,
        rc: r.get(7)?,
        payment_days: r.get(8)?,
        notes: r.get(9)?,
        active: r.get(10)?,
    })
}

pub fn suppliers(conn: &Connection) -> rusqlite::Result<Vec<Supplier>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {COLUMNS} FROM suppliers ORDER BY active DESC, name COLLATE NOCASE"))?;
    stmt.query_map([], row)?.collect()
}

pub fn supplier(conn: &Connection, id: i64) -> rusqlite::Result<Option<Supplier>> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM suppliers WHERE id = ?1"), [id], row).optional()
}

pub fn supplier_by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM suppliers WHERE name = ?1", [name], |r| r.get(0)).optional()
}

pub fn name_taken(conn: &Connection, name: &str, except: i64) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM suppliers WHERE name = ?1 AND id <> ?2)", params![name, except], |r| {
        r.get(0)
    })
}

pub fn insert(conn: &Connection, s: &Supplier, now: &str) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO suppliers (name, contact, phone, email, address, nif, rc, payment_days, notes, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?10)",
        params![s.name, s.contact, s.phone, s.email, s.address, s.nif, s.rc, s.payment_days, s.notes, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, s: &Supplier, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE suppliers SET name = ?2, contact = ?3, phone = ?4, email = ?5, address = ?6, nif = ?7, rc = ?8,
                payment_days = ?9, notes = ?10, updated_at = ?11 WHERE id = ?1",
        params![id, s.name, s.contact, s.phone, s.email, s.address, s.nif, s.rc, s.payment_days, s.notes, now],
    )?;
    Ok(())
}

/// Ids of the products this supplier supplies.
pub fn products_of(conn: &Connection, supplier_id: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT product_id FROM product_suppliers WHERE supplier_id = ?1")?;
    stmt.query_map([supplier_id], |r| r.get(0))?.collect()
}

pub fn link(conn: &Connection, supplier_id: i64, product_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO product_suppliers (product_id, supplier_id) VALUES (?1, ?2)",
        params![product_id, supplier_id],
    )?;
    Ok(())
}

pub fn unlink(conn: &Connection, supplier_id: i64, product_id: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM product_suppliers WHERE supplier_id = ?1 AND product_id = ?2",
        params![supplier_id, product_id],
    )
}
