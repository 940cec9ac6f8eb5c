//! SQL of suppliers.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Line, LineDraft, Method, Payment, PaymentDraft, Purchase, Status, Supplier};
use crate::money::{Money, Qty};

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

// ---- purchases ------------------------------------------------------------------------------

const PURCHASE_COLUMNS: &str = "p.id, p.number, p.supplier_id, s.name, p.day, p.status, p.invoice_ref, p.note, p.total,
    p.entry_id, p.created_at, p.received_at, p.cancelled_at, p.cancel_reason,
    (SELECT coalesce(sum(amount), 0) FROM purchase_payments y WHERE y.purchase_id = p.id AND y.reversed_at IS NULL),
    (SELECT coalesce(sum(value), 0) FROM purchase_returns r WHERE r.purchase_id = p.id)
    FROM purchases p JOIN suppliers s ON s.id = p.supplier_id";

fn purchase_row(r: &Row) -> rusqlite::Result<Purchase> {
    let status: String = r.get(5)?;
    Ok(Purchase {
        id: r.get(0)?,
        number: r.get(1)?,
        supplier_id: r.get(2)?,
        supplier: r.get(3)?,
        day: r.get(4)?,
        // A status this binary does not know is an error, never silently a draft.
        status: Status::from_code(&status)
            .ok_or_else(|| rusqlite::Error::InvalidColumnType(5, status.clone(), rusqlite::types::Type::Text))?,
        invoice_ref: r.get(6)?,
        note: r.get(7)?,
        total: r.get(8)?,
        entry_id: r.get(9)?,
        created_at: r.get(10)?,
        received_at: r.get(11)?,
        cancelled_at: r.get(12)?,
        cancel_reason: r.get(13)?,
        paid: r.get(14)?,
        returned: r.get(15)?,
    })
}

pub fn purchase(conn: &Connection, id: i64) -> rusqlite::Result<Option<Purchase>> {
    conn.query_row(&format!("SELECT {PURCHASE_COLUMNS} WHERE p.id = ?1"), [id], purchase_row).optional()
}

pub fn purchase_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM purchases WHERE token = ?1", [token], |r| r.get(0)).optional()
}

/// Purchases, newest first, by status and supplier.
pub fn purchases(
    conn: &Connection,
    status: Option<Status>,
    supplier_id: Option<i64>,
    limit: i64,
) -> rusqlite::Result<Vec<Purchase>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PURCHASE_COLUMNS} WHERE (?1 IS NULL OR p.status = ?1) AND (?2 IS NULL OR p.supplier_id = ?2)
         ORDER BY p.day DESC, p.id DESC LIMIT ?3"
    ))?;
    stmt.query_map(params![status.map(|s| s.code()), supplier_id, limit], purchase_row)?.collect()
}

/// A supplier's purchases, oldest first (statements and ageing).
pub fn purchases_of(conn: &Connection, supplier_id: i64) -> rusqlite::Result<Vec<Purchase>> {
    let mut stmt = conn.prepare(&format!("SELECT {PURCHASE_COLUMNS} WHERE p.supplier_id = ?1 ORDER BY p.day, p.id"))?;
    stmt.query_map([supplier_id], purchase_row)?.collect()
}

#[allow(clippy::too_many_arguments)]
pub fn insert_purchase(
    conn: &Connection,
    number: &str,
    supplier_id: i64,
    day: &str,
    invoice_ref: &str,
    note: &str,
    token: Option<&str>,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO purchases (number, supplier_id, day, invoice_ref, note, token, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![number, supplier_id, day, invoice_ref, note, token, now, user_id],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_header(
    conn: &Connection,
    id: i64,
    supplier_id: i64,
    day: &str,
    invoice_ref: &str,
    note: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE purchases SET supplier_id = ?2, day = ?3, invoice_ref = ?4, note = ?5 WHERE id = ?1",
        params![id, supplier_id, day, invoice_ref, note],
    )?;
    Ok(())
}

pub fn set_total(conn: &Connection, id: i64, total: Money) -> rusqlite::Result<()> {
    conn.execute("UPDATE purchases SET total = ?2 WHERE id = ?1", params![id, total])?;
    Ok(())
}

pub fn set_received(
    conn: &Connection,
    id: i64,
    entry_id: i64,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE purchases SET status = 'recu', entry_id = ?2, received_at = ?3, received_by = ?4 WHERE id = ?1",
        params![id, entry_id, now, user_id],
    )?;
    Ok(())
}

pub fn set_cancelled(
    conn: &Connection,
    id: i64,
    reason: &str,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE purchases SET status = 'annule', cancelled_at = ?2, cancelled_by = ?3, cancel_reason = ?4 WHERE id = ?1",
        params![id, now, user_id, reason],
    )?;
    Ok(())
}

pub fn delete_lines(conn: &Connection, purchase_id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM purchase_lines WHERE purchase_id = ?1", [purchase_id])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn insert_line(
    conn: &Connection,
    purchase_id: i64,
    position: i64,
    l: &LineDraft,
    base_qty: Qty,
    (value, tva): (Money, Money),
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO purchase_lines (purchase_id, position, product_id, pack_id, count, base_qty, price, value, location_id,
                                     tva_bp, tva)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            purchase_id,
            position,
            l.product_id,
            l.pack_id,
            l.count,
            base_qty,
            l.price,
            value,
            l.location_id,
            l.tva_bp,
            tva
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn lines(conn: &Connection, purchase_id: i64) -> rusqlite::Result<Vec<Line>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.product_id, p.name, p.unit, l.pack_id, k.name, l.count, l.base_qty, l.price, l.value,
                l.location_id, o.name,
                (SELECT coalesce(sum(qty), 0) FROM purchase_returns r WHERE r.line_id = l.id), l.tva_bp, l.tva
         FROM purchase_lines l JOIN products p ON p.id = l.product_id JOIN locations o ON o.id = l.location_id
         LEFT JOIN product_packs k ON k.id = l.pack_id
         WHERE l.purchase_id = ?1 ORDER BY l.position, l.id",
    )?;
    stmt.query_map([purchase_id], |r| {
        let unit: String = r.get(3)?;
        Ok(Line {
            id: r.get(0)?,
            product_id: r.get(1)?,
            product: r.get(2)?,
            unit: crate::catalog::Unit::from_code(&unit).unwrap_or(crate::catalog::Unit::Piece),
            pack_id: r.get(4)?,
            pack: r.get(5)?,
            count: r.get(6)?,
            base_qty: r.get(7)?,
            price: r.get(8)?,
            value: r.get(9)?,
            location_id: r.get(10)?,
            location: r.get(11)?,
            returned: r.get(12)?,
            tva_bp: r.get(13)?,
            tva: r.get(14)?,
        })
    })?
    .collect()
}

// ---- payments and returns -------------------------------------------------------------------

fn payment_row(r: &Row) -> rusqlite::Result<Payment> {
    let method: String = r.get(4)?;
    Ok(Payment {
        id: r.get(0)?,
        purchase_id: r.get(1)?,
        day: r.get(2)?,
        amount: r.get(3)?,
        method: Method::from_code(&method).unwrap_or(Method::Cash),
        reference: r.get(5)?,
        entry_id: r.get(6)?,
        reversed_at: r.get(7)?,
    })
}

const PAYMENT_COLUMNS: &str = "id, purchase_id, day, amount, method, reference, entry_id, reversed_at";

pub fn payments_of(conn: &Connection, purchase_id: i64) -> rusqlite::Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PAYMENT_COLUMNS} FROM purchase_payments WHERE purchase_id = ?1 ORDER BY day, id"
    ))?;
    stmt.query_map([purchase_id], payment_row)?.collect()
}

pub fn payment(conn: &Connection, id: i64) -> rusqlite::Result<Option<Payment>> {
    conn.query_row(&format!("SELECT {PAYMENT_COLUMNS} FROM purchase_payments WHERE id = ?1"), [id], payment_row)
        .optional()
}

/// (payment id, purchase id) of the payment made with this one-time token.
pub fn payment_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<(i64, i64)>> {
    conn.query_row("SELECT id, purchase_id FROM purchase_payments WHERE token = ?1", [token], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

/// Every payment of every purchase (for `fournil check`).
/// The payments of the purchases after `after` and of `dirty` (for `fournil check`).
pub fn payments_in(conn: &Connection, after: i64, dirty: &str) -> rusqlite::Result<Vec<Payment>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PAYMENT_COLUMNS} FROM purchase_payments WHERE purchase_id IN {SCOPE} ORDER BY id"
    ))?;
    stmt.query_map(params![after, dirty], payment_row)?.collect()
}

#[allow(clippy::too_many_arguments)]
pub fn insert_payment(
    conn: &Connection,
    purchase_id: i64,
    p: &PaymentDraft,
    entry_id: i64,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO purchase_payments (purchase_id, day, amount, method, reference, entry_id, token, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![purchase_id, p.day.to_string(), p.amount, p.method.code(), p.reference, entry_id, p.token, now, user_id],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_payment_reversed(conn: &Connection, id: i64, now: &str, user_id: Option<i64>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE purchase_payments SET reversed_at = ?2, reversed_by = ?3 WHERE id = ?1",
        params![id, now, user_id],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn insert_return(
    conn: &Connection,
    purchase_id: i64,
    line_id: i64,
    day: &str,
    qty: Qty,
    value: Money,
    reason: &str,
    token: Option<&str>,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO purchase_returns (purchase_id, line_id, day, qty, value, reason, token, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![purchase_id, line_id, day, qty, value, reason, token, now, user_id],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_return_entry(conn: &Connection, id: i64, entry_id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE purchase_returns SET entry_id = ?2 WHERE id = ?1", params![id, entry_id])?;
    Ok(())
}

/// A supplier return: (id, purchase id, value, entry id).
pub type ReturnRow = (i64, i64, Money, Option<i64>);

/// The supplier returns of the purchases after `after` (an id; 0: all) and of `dirty` (a JSON
/// array of purchase ids), for `fournil check`.
pub fn returns_in(conn: &Connection, after: i64, dirty: &str) -> rusqlite::Result<Vec<ReturnRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, purchase_id, value, entry_id FROM purchase_returns WHERE purchase_id IN {SCOPE} ORDER BY id"
    ))?;
    stmt.query_map(params![after, dirty], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// The purchases `fournil check` reads: after `after` (an id; 0: all) and those of `dirty`.
const SCOPE: &str = "(SELECT id FROM purchases WHERE id > ?1 UNION SELECT CAST(value AS INTEGER) FROM json_each(?2))";

/// The purchase ids after `after` and of `dirty` (for `fournil check`).
pub fn purchase_ids(conn: &Connection, after: i64, dirty: &str) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare(&format!("SELECT id FROM purchases WHERE id IN {SCOPE} ORDER BY id"))?;
    stmt.query_map(params![after, dirty], |r| r.get(0))?.collect()
}

/// Ids of a purchase's supplier returns.
pub fn returns_of(conn: &Connection, purchase_id: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM purchase_returns WHERE purchase_id = ?1 ORDER BY id")?;
    stmt.query_map([purchase_id], |r| r.get(0))?.collect()
}

/// A purchase's supplier returns: (day, value).
pub fn return_values_of(conn: &Connection, purchase_id: i64) -> rusqlite::Result<Vec<(String, Money)>> {
    let mut stmt = conn.prepare_cached("SELECT day, value FROM purchase_returns WHERE purchase_id = ?1 ORDER BY id")?;
    stmt.query_map([purchase_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// The value of the return made with this form token, if any.
pub fn return_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<Money>> {
    conn.query_row("SELECT value FROM purchase_returns WHERE token = ?1", [token], |r| r.get(0)).optional()
}

/// What the supplier already credited for returns of one line.
pub fn returned_value(conn: &Connection, line_id: i64) -> rusqlite::Result<crate::money::Money> {
    conn.query_row("SELECT coalesce(sum(value), 0) FROM purchase_returns WHERE line_id = ?1", [line_id], |r| r.get(0))
}
