//! All SQL of physical counts.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Count, CountLine, CountStatus};
use crate::money::{Money, Qty};

fn count_row(r: &rusqlite::Row) -> rusqlite::Result<Count> {
    let status: String = r.get(3)?;
    Ok(Count {
        id: r.get(0)?,
        location_id: r.get(1)?,
        location: r.get(2)?,
        status: CountStatus::from_code(&status).unwrap_or(CountStatus::Abandoned),
        note: r.get(4)?,
        opened_at: r.get(5)?,
        opened_by: r.get(6)?,
        closed_at: r.get(7)?,
        entry_id: r.get(8)?,
    })
}

const COUNT_SELECT: &str =
    "SELECT c.id, c.location_id, l.name, c.status, c.note, c.opened_at, u.username, c.closed_at, c.entry_id
     FROM stock_counts c JOIN locations l ON l.id = c.location_id LEFT JOIN users u ON u.id = c.opened_by";

pub fn count(conn: &Connection, id: i64) -> rusqlite::Result<Option<Count>> {
    conn.prepare_cached(&format!("{COUNT_SELECT} WHERE c.id = ?1"))?.query_row([id], count_row).optional()
}

pub fn counts(conn: &Connection, limit: i64) -> rusqlite::Result<Vec<Count>> {
    conn.prepare_cached(&format!("{COUNT_SELECT} ORDER BY c.id DESC LIMIT ?1"))?
        .query_map([limit], count_row)?
        .collect()
}

pub fn open_count_of(conn: &Connection, location_id: i64) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM stock_counts WHERE location_id = ?1 AND status = 'ouvert'", [location_id], |r| {
        r.get(0)
    })
    .optional()
}

pub fn insert_count(
    conn: &Connection,
    location_id: i64,
    note: &str,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO stock_counts (location_id, note, opened_at, opened_by) VALUES (?1, ?2, ?3, ?4)",
        params![location_id, note, now, user_id],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_line(conn: &Connection, count_id: i64, product_id: i64, qty: Qty, value: Money) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO stock_count_lines (count_id, product_id, expected_qty, expected_value) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![count_id, product_id, qty, value])?;
    Ok(())
}

pub fn lines(conn: &Connection, count_id: i64) -> rusqlite::Result<Vec<CountLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT cl.product_id, p.name, p.unit, cl.expected_qty, cl.expected_value, cl.counted_qty,
                cl.book_qty, cl.variance_qty, cl.variance_value, coalesce(b.qty, 0), cl.counted_book,
                cl.entry_cost, p.ref_cost IS NOT NULL
                    OR coalesce((SELECT sum(qty) FROM stock_balances WHERE product_id = cl.product_id), 0) > 0
         FROM stock_count_lines cl JOIN products p ON p.id = cl.product_id
         JOIN stock_counts c ON c.id = cl.count_id
         LEFT JOIN stock_balances b ON b.product_id = cl.product_id AND b.location_id = c.location_id
         WHERE cl.count_id = ?1 ORDER BY p.name COLLATE NOCASE",
    )?;
    stmt.query_map([count_id], |r| {
        let unit: String = r.get(2)?;
        Ok(CountLine {
            product_id: r.get(0)?,
            name: r.get(1)?,
            unit: crate::catalog::Unit::from_code(&unit).unwrap_or(crate::catalog::Unit::Piece),
            expected_qty: r.get(3)?,
            expected_value: r.get(4)?,
            counted_qty: r.get(5)?,
            book_qty: r.get(6)?,
            variance_qty: r.get(7)?,
            variance_value: r.get(8)?,
            current_qty: r.get(9)?,
            counted_book: r.get(10)?,
            entry_cost: r.get::<_, Option<i64>>(11)?.map(crate::catalog::UnitCost),
            cost_known: r.get(12)?,
            proposal: None,
        })
    })?
    .collect()
}

/// Records a counted quantity with what the ledger held at that moment (or clears both).
pub fn set_counted(
    conn: &Connection,
    count_id: i64,
    product_id: i64,
    qty: Option<Qty>,
    book: Option<Qty>,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE stock_count_lines SET counted_qty = ?3, counted_book = ?4 WHERE count_id = ?1 AND product_id = ?2",
    )?
    .execute(params![count_id, product_id, qty, book])
}

/// Records the unit value typed for a line's surplus (or clears it).
pub fn set_entry_cost(
    conn: &Connection,
    count_id: i64,
    product_id: i64,
    cost: Option<crate::catalog::UnitCost>,
) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE stock_count_lines SET entry_cost = ?3 WHERE count_id = ?1 AND product_id = ?2")?
        .execute(params![count_id, product_id, cost.map(|c| c.0)])
}

pub fn set_variance(
    conn: &Connection,
    count_id: i64,
    product_id: i64,
    book: Qty,
    qty: Qty,
    value: Money,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE stock_count_lines SET book_qty = ?3, variance_qty = ?4, variance_value = ?5
         WHERE count_id = ?1 AND product_id = ?2",
    )?
    .execute(params![count_id, product_id, book, qty, value])?;
    Ok(())
}

pub fn close(
    conn: &Connection,
    count_id: i64,
    status: CountStatus,
    now: &str,
    user_id: Option<i64>,
    entry_id: Option<i64>,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE stock_counts SET status = ?2, closed_at = ?3, closed_by = ?4, entry_id = ?5 WHERE id = ?1 AND status = 'ouvert'",
        params![count_id, status.code(), now, user_id, entry_id],
    )
}

/// Counts whose booked variances differ from their moves (a validated count's lines = its
/// `inventaire` moves; an open or abandoned count has none).
pub fn count_drift(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.status,
                coalesce((SELECT sum(variance_qty) FROM stock_count_lines WHERE count_id = c.id), 0),
                coalesce((SELECT sum(variance_value) FROM stock_count_lines WHERE count_id = c.id), 0),
                coalesce((SELECT sum(qty) FROM stock_moves WHERE source_type = 'stock_count' AND source_id = c.id), 0),
                coalesce((SELECT sum(value) FROM stock_moves WHERE source_type = 'stock_count' AND source_id = c.id), 0)
         FROM stock_counts c ORDER BY c.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, status, vq, vv, mq, mv) = row?;
        let booked = if status == "valide" { (vq, vv) } else { (0, 0) };
        if booked != (mq, mv) {
            out.push(format!("inventaire {id} ({status}) : écarts {booked:?}, mouvements {:?}", (mq, mv)));
        }
    }
    Ok(out)
}

/// Validated count lines whose typed unit value is not the one their surplus was booked at (or
/// that kept a value without a surplus).
pub fn typed_values_off(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT cl.count_id, p.name, cl.entry_cost, coalesce(cl.variance_qty, 0), coalesce(cl.variance_value, 0)
         FROM stock_count_lines cl JOIN stock_counts c ON c.id = cl.count_id JOIN products p ON p.id = cl.product_id
         WHERE c.status = 'valide' AND cl.entry_cost IS NOT NULL ORDER BY cl.count_id, p.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Qty>(3)?,
            r.get::<_, Money>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, cost, qty, value) = row?;
        if qty.milli() <= 0 || crate::catalog::UnitCost(cost).times(qty) != value {
            out.push(format!("inventaire {id}, « {name} » : valeur saisie non appliquée ({qty} pour {value})"));
        }
    }
    Ok(out)
}
