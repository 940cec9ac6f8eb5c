//! All SQL of the stock ledger.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Balance, Location, Move, MoveCtx, MoveKind};
use crate::catalog::UnitCost;
use crate::money::{Money, Qty};

pub fn balance(conn: &Connection, product_id: i64, location_id: i64) -> rusqlite::Result<Balance> {
    Ok(conn
        .prepare_cached("SELECT qty, value FROM stock_balances WHERE product_id = ?1 AND location_id = ?2")?
        .query_row(params![product_id, location_id], |r| Ok(Balance { qty: r.get(0)?, value: r.get(1)? }))
        .optional()?
        .unwrap_or_default())
}

/// What each place holds of a product (places holding something).
pub fn balances_of(conn: &Connection, product_id: i64) -> rusqlite::Result<Vec<(i64, Balance)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT location_id, qty, value FROM stock_balances WHERE product_id = ?1 AND (qty <> 0 OR value <> 0) ORDER BY location_id",
    )?;
    stmt.query_map([product_id], |r| Ok((r.get(0)?, Balance { qty: r.get(1)?, value: r.get(2)? })))?.collect()
}

/// What the product holds over every location.
pub fn totals(conn: &Connection, product_id: i64) -> rusqlite::Result<Balance> {
    conn.prepare_cached(
        "SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_balances WHERE product_id = ?1",
    )?
    .query_row([product_id], |r| Ok(Balance { qty: r.get(0)?, value: r.get(1)? }))
}

/// What the product held, over every location, the last time it held something (its last
/// PMP once it ran out); None when it never held anything.
pub fn last_held(conn: &Connection, product_id: i64) -> rusqlite::Result<Option<Balance>> {
    conn.prepare_cached(
        "SELECT q, v FROM (SELECT id, sum(qty) OVER w AS q, sum(value) OVER w AS v FROM stock_moves
                           WHERE product_id = ?1 WINDOW w AS (ORDER BY id ROWS UNBOUNDED PRECEDING))
         WHERE q > 0 ORDER BY id DESC LIMIT 1",
    )?
    .query_row([product_id], |r| Ok(Balance { qty: r.get(0)?, value: r.get(1)? }))
    .optional()
}

/// Whether any of the product left stock (anywhere) after the latest receipt of this document.
pub fn outflow_since_receipt(
    conn: &Connection,
    product_id: i64,
    source_type: &str,
    source_id: i64,
) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM stock_moves m
                        WHERE m.product_id = ?1 AND m.qty < 0
                          AND NOT (m.source_type = ?2 AND m.source_id = ?3)
                          AND m.id > (SELECT coalesce(max(r.id), 0) FROM stock_moves r
                                      WHERE r.product_id = ?1 AND r.source_type = ?2 AND r.source_id = ?3 AND r.qty > 0))",
    )?
    .query_row(params![product_id, source_type, source_id], |r| r.get(0))
}

/// The kind of the first move that took a product out anywhere after a document brought it in
/// (what `outflow_since_receipt` answers yes to), to say why the receipt cannot be taken back.
pub fn first_outflow_since_receipt(
    conn: &Connection,
    product_id: i64,
    source_type: &str,
    source_id: i64,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT m.kind FROM stock_moves m
          WHERE m.product_id = ?1 AND m.qty < 0
            AND NOT (m.source_type = ?2 AND m.source_id = ?3)
            AND m.id > (SELECT coalesce(max(r.id), 0) FROM stock_moves r
                        WHERE r.product_id = ?1 AND r.source_type = ?2 AND r.source_id = ?3 AND r.qty > 0)
          ORDER BY m.id LIMIT 1",
    )?
    .query_row(params![product_id, source_type, source_id], |r| r.get(0))
    .optional()
}

/// The documents of one source type whose moves do not balance in value (a production moves
/// as much value in as it takes out): (source id, Σ value), by source id.
pub fn unbalanced_sources(conn: &Connection, source_type: &str) -> rusqlite::Result<Vec<(i64, Money)>> {
    let mut stmt = conn.prepare(
        "SELECT source_id, SUM(value) FROM stock_moves WHERE source_type = ?1
          GROUP BY source_id HAVING SUM(value) <> 0 ORDER BY source_id",
    )?;
    stmt.query_map([source_type], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// Whether the product ever moved in stock.
pub fn has_moves(conn: &Connection, product_id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM stock_moves WHERE product_id = ?1)")?
        .query_row([product_id], |r| r.get(0))
}

/// The PMP of every product that holds stock (micro-dinars per base unit).
pub fn pmps(conn: &Connection) -> rusqlite::Result<HashMap<i64, UnitCost>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, sum(qty), sum(value) FROM stock_balances GROUP BY product_id HAVING sum(qty) > 0",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (product, qty, value) = row?;
        out.insert(product, super::pmp_of(Balance { qty: Qty::from_milli(qty), value: Money::from_cents(value) }));
    }
    Ok(out)
}

/// Appends one move and updates the balance it changes. The table's CHECKs refuse a negative
/// quantity or value, or value left without quantity: a bug cannot write a wrong balance.
pub fn apply(
    conn: &Connection,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    value: Money,
    kind: MoveKind,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO stock_moves (at, day, product_id, location_id, qty, value, kind, source_type, source_id, user_id, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![ctx.at, ctx.day.to_string(), product_id, location_id, qty, value, kind.code(), ctx.source_type, ctx.source_id, ctx.user_id, ctx.note])?;
    // Update first: an upsert would check the CHECKs on the signed delta itself.
    let changed = conn
        .prepare_cached(
            "UPDATE stock_balances SET qty = qty + ?3, value = value + ?4 WHERE product_id = ?1 AND location_id = ?2",
        )?
        .execute(params![product_id, location_id, qty, value])?;
    if changed == 0 {
        conn.prepare_cached(
            "INSERT INTO stock_balances (product_id, location_id, qty, value) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![product_id, location_id, qty, value])?;
    }
    Ok(())
}

/// Every move of a product, oldest first (the stock card).
pub fn moves_of(conn: &Connection, product_id: i64, limit: i64) -> rusqlite::Result<Vec<Move>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.at, m.day, m.product_id, m.location_id, l.name, m.qty, m.value, m.kind, m.source_type, m.source_id, u.username, m.note
         FROM stock_moves m JOIN locations l ON l.id = m.location_id LEFT JOIN users u ON u.id = m.user_id
         WHERE m.product_id = ?1 ORDER BY m.id DESC LIMIT ?2",
    )?;
    let mut out = stmt
        .query_map(params![product_id, limit], |r| {
            Ok(Move {
                id: r.get(0)?,
                at: r.get(1)?,
                day: r.get(2)?,
                product_id: r.get(3)?,
                location_id: r.get(4)?,
                location: r.get(5)?,
                qty: r.get(6)?,
                value: r.get(7)?,
                kind: r.get(8)?,
                source_type: r.get(9)?,
                source_id: r.get(10)?,
                user: r.get(11)?,
                note: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    out.reverse();
    Ok(out)
}

/// A move of a document: (product, location, quantity, value, kind code).
pub type SourceMove = (i64, i64, Qty, Money, String);

/// Moves of one document.
pub fn moves_of_source(conn: &Connection, source_type: &str, source_id: i64) -> rusqlite::Result<Vec<SourceMove>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, location_id, qty, value, kind FROM stock_moves WHERE source_type = ?1 AND source_id = ?2 ORDER BY id",
    )?;
    stmt.query_map(params![source_type, source_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect()
}

/// Every balance: (product, location, qty, value).
pub fn all_balances(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64, Qty, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, location_id, qty, value FROM stock_balances ORDER BY product_id, location_id",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// Σ moves per (product, location), to prove the balances.
pub fn replayed_balances(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64, Qty, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, location_id, sum(qty), sum(value) FROM stock_moves GROUP BY product_id, location_id
         HAVING sum(qty) <> 0 OR sum(value) <> 0 ORDER BY product_id, location_id",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// Σ moves after `after` (a move id) per (product, location): what came after the check's mark.
pub fn moves_after(conn: &Connection, after: i64) -> rusqlite::Result<Vec<(i64, i64, Qty, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, location_id, sum(qty), sum(value) FROM stock_moves WHERE id > ?1 GROUP BY product_id, location_id",
    )?;
    stmt.query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// The last move's id (0 when none).
pub fn last_move(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT coalesce(max(id), 0) FROM stock_moves")?.query_row([], |r| r.get(0))
}

/// Total stock value per product kind code, for the books' perpetual-inventory proof.
pub fn value_by_kind(conn: &Connection) -> rusqlite::Result<Vec<(String, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.kind, coalesce(sum(b.value), 0) FROM stock_balances b JOIN products p ON p.id = b.product_id GROUP BY p.kind",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

#[allow(clippy::too_many_arguments)]
/// A transfer or an adjustment about to be written.
pub struct NewDocument<'a> {
    pub kind: super::DocumentKind,
    /// The adjustment's reason code; empty for a transfer.
    pub reason: &'a str,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub note: &'a str,
    pub token: Option<&'a str>,
}

pub fn insert_document(
    conn: &Connection,
    d: &NewDocument,
    day: &str,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO stock_documents (kind, reason, from_location, to_location, note, day, created_at, user_id, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![d.kind.code(), d.reason, d.from, d.to, d.note, day, now, user_id, d.token],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn document_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM stock_documents WHERE token = ?1", [token], |r| r.get(0)).optional()
}

/// Every stock threshold: (product, location, minimum).
pub fn all_thresholds(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64, Qty)>> {
    let mut stmt = conn.prepare_cached("SELECT product_id, location_id, min_qty FROM product_thresholds")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// A threshold at or above what its place holds, for an active product at an active place:
/// (product name, product kind, tracked, place id, place kind, held, threshold), in the order of
/// the stock page (products by kind and name, places by position). The status is decided by
/// `levels::Status::of`, not here.
pub type AtThreshold = (String, String, bool, i64, String, Qty, Qty);

pub fn at_thresholds(conn: &Connection) -> rusqlite::Result<Vec<AtThreshold>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.name, p.kind, p.track_stock, l.id, l.kind, coalesce(b.qty, 0), t.min_qty
           FROM product_thresholds t
           JOIN products p ON p.id = t.product_id AND p.active = 1
           JOIN locations l ON l.id = t.location_id AND l.active = 1
           LEFT JOIN stock_balances b ON b.product_id = t.product_id AND b.location_id = t.location_id
          WHERE coalesce(b.qty, 0) <= t.min_qty
          ORDER BY p.kind, p.name COLLATE NOCASE, l.position, l.id",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?.collect()
}

/// The suppliers of every product: (product, supplier id, supplier name), by supplier name.
pub fn suppliers_of_products(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ps.product_id, s.id, s.name FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id
         ORDER BY s.name COLLATE NOCASE, s.id",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// Every pack: (product, pack name, content).
pub fn all_packs(conn: &Connection) -> rusqlite::Result<Vec<(i64, String, Qty)>> {
    let mut stmt =
        conn.prepare_cached("SELECT product_id, name, content FROM product_packs ORDER BY product_id, content")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// Past documents of one kind ('transfert' or 'ajustement'), newest first, with their lines.
pub fn documents(conn: &Connection, kind: super::DocumentKind, limit: i64) -> rusqlite::Result<Vec<super::Document>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.reason, f.name, t.name, d.note, d.created_at, u.username
         FROM stock_documents d LEFT JOIN locations f ON f.id = d.from_location LEFT JOIN locations t ON t.id = d.to_location
         LEFT JOIN users u ON u.id = d.user_id WHERE d.kind = ?1 ORDER BY d.id DESC LIMIT ?2",
    )?;
    let mut docs = stmt
        .query_map(params![kind.code(), limit], |r| {
            Ok(super::Document {
                id: r.get(0)?,
                reason: r.get(1)?,
                from: r.get(2)?,
                to: r.get(3)?,
                note: r.get(4)?,
                at: r.get(5)?,
                user: r.get(6)?,
                lines: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut lines = conn.prepare_cached(
        "SELECT p.name, p.unit, m.qty, m.value FROM stock_moves m JOIN products p ON p.id = m.product_id
         WHERE m.source_type = 'stock_document' AND m.source_id = ?1 AND (m.kind <> 'transfert_entree') ORDER BY m.id",
    )?;
    for d in &mut docs {
        d.lines = lines
            .query_map([d.id], |r| {
                let unit: String = r.get(1)?;
                Ok(super::DocumentLine {
                    product: r.get(0)?,
                    unit: crate::catalog::Unit::from_code(&unit).unwrap_or(crate::catalog::Unit::Piece),
                    qty: r.get(2)?,
                    value: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(docs)
}

// ---- locations (the places; the kind → places rule is `catalog::Kind::locations`) ----------

fn location_row(r: &rusqlite::Row) -> rusqlite::Result<Location> {
    Ok(Location { id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, kind: r.get(3)? })
}

/// The active locations, in their order: the places pages offer and operations accept.
pub fn locations(conn: &Connection) -> rusqlite::Result<Vec<Location>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, code, name, kind FROM locations WHERE active = 1 ORDER BY position, id")?;
    stmt.query_map([], location_row)?.collect()
}

/// One active location (None when unknown or deactivated).
pub fn location(conn: &Connection, id: i64) -> rusqlite::Result<Option<Location>> {
    conn.prepare_cached("SELECT id, code, name, kind FROM locations WHERE id = ?1 AND active = 1")?
        .query_row([id], location_row)
        .optional()
}

/// The first active location of a kind (the packaging store: 'emballages').
pub fn location_of_kind(conn: &Connection, kind: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM locations WHERE kind = ?1 AND active = 1 ORDER BY position, id LIMIT 1")?
        .query_row([kind], |r| r.get(0))
        .optional()
}

/// Every location, active or not: (location, active).
pub fn all_locations(conn: &Connection) -> rusqlite::Result<Vec<(Location, bool)>> {
    let mut stmt = conn.prepare_cached("SELECT id, code, name, kind, active FROM locations ORDER BY position, id")?;
    stmt.query_map([], |r| Ok((location_row(r)?, r.get(4)?)))?.collect()
}

pub fn location_name_taken(conn: &Connection, name: &str, except: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM locations WHERE lower(name) = lower(?1) AND id <> ?2",
        params![name, except],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

pub fn insert_location(conn: &Connection, name: &str, kind: &str) -> rusqlite::Result<i64> {
    let next: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM locations", [], |r| r.get(0))?;
    conn.execute(
        "INSERT INTO locations (code, name, kind, position) VALUES (?1, ?2, ?3, ?4)",
        params![format!("{kind}-{next}"), name, kind, next],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn rename_location(conn: &Connection, id: i64, name: &str) -> rusqlite::Result<usize> {
    conn.execute("UPDATE locations SET name = ?2 WHERE id = ?1", params![id, name])
}

pub fn set_location_active(conn: &Connection, id: i64, active: bool) -> rusqlite::Result<usize> {
    conn.execute("UPDATE locations SET active = ?2 WHERE id = ?1", params![id, active])
}

/// Why a location cannot be deactivated: it holds stock, is a recipe's place, or has an open count.
pub fn location_in_use(conn: &Connection, id: i64) -> rusqlite::Result<Option<&'static str>> {
    let q = |sql: &str| conn.query_row(sql, [id], |r| r.get::<_, i64>(0));
    if q("SELECT count(*) FROM stock_balances WHERE location_id = ?1 AND qty <> 0")? > 0 {
        return Ok(Some("il contient encore du stock : transférez-le d'abord"));
    }
    if q("SELECT count(*) FROM recipes WHERE location_id = ?1")? > 0 {
        return Ok(Some("des recettes y prennent leurs ingrédients"));
    }
    if q("SELECT count(*) FROM stock_counts WHERE location_id = ?1 AND status = 'ouvert'")? > 0 {
        return Ok(Some("un inventaire y est en cours"));
    }
    Ok(None)
}

/// What the tills sold of each product over these business days (the tickets' moves), for the
/// production plan's counter targets.
pub fn sold_on_days(conn: &Connection, days: &[String]) -> rusqlite::Result<Vec<(i64, Qty)>> {
    let list = days.iter().map(|d| format!("'{}'", d.replace('\'', ""))).collect::<Vec<_>>().join(", ");
    conn.prepare(&format!(
        "SELECT product_id, -sum(qty) FROM stock_moves
          WHERE kind = 'vente' AND source_type = 'sale' AND day IN ({list})
          GROUP BY product_id HAVING -sum(qty) > 0"
    ))?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}
