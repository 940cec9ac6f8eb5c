//! The tax tables' SQL: the dated regimes, TVA rates and stamp-duty brackets.

use rusqlite::{Connection, OptionalExtension, params};

use super::StampBracket;
use crate::money::Money;

/// The regime row in force on `day` (YYYY-MM-DD): (code, IFU rate in basis points).
pub fn regime_on(conn: &Connection, day: &str) -> rusqlite::Result<Option<(String, u32)>> {
    conn.prepare_cached(
        "SELECT regime, ifu_rate_bp FROM tax_regimes WHERE valid_from <= ?1 ORDER BY valid_from DESC LIMIT 1",
    )?
    .query_row([day], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// One dated change of regime, as listed on the settings page.
#[derive(Debug, Clone)]
pub struct RegimeRow {
    pub valid_from: String,
    pub regime: String,
    pub ifu_rate_bp: u32,
    pub note: String,
    pub created_at: String,
}

pub fn regimes(conn: &Connection) -> rusqlite::Result<Vec<RegimeRow>> {
    let mut stmt = conn.prepare(
        "SELECT valid_from, regime, ifu_rate_bp, note, created_at FROM tax_regimes ORDER BY valid_from DESC",
    )?;
    stmt.query_map([], |r| {
        Ok(RegimeRow {
            valid_from: r.get(0)?,
            regime: r.get(1)?,
            ifu_rate_bp: r.get(2)?,
            note: r.get(3)?,
            created_at: r.get(4)?,
        })
    })?
    .collect()
}

/// The date of the latest change of regime.
pub fn last_regime_change(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT max(valid_from) FROM tax_regimes", [], |r| r.get(0))
}

#[allow(clippy::too_many_arguments)]
pub fn insert_regime(
    conn: &Connection,
    valid_from: &str,
    regime: &str,
    ifu_rate_bp: u32,
    note: &str,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO tax_regimes (valid_from, regime, ifu_rate_bp, note, created_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![valid_from, regime, ifu_rate_bp, note, now, user_id],
    )
}

/// The rate of a TVA class on `day`, in basis points.
pub fn tva_bp_on(conn: &Connection, class: &str, day: &str) -> rusqlite::Result<Option<u32>> {
    conn.prepare_cached(
        "SELECT rate_bp FROM tva_rates WHERE class = ?1 AND valid_from <= ?2 ORDER BY valid_from DESC LIMIT 1",
    )?
    .query_row([class, day], |r| r.get(0))
    .optional()
}

/// The TVA class of a product's category (`None` when the product has no category).
pub fn product_class(conn: &Connection, product_id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT c.tva_class FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ?1")?
        .query_row([product_id], |r| r.get(0))
        .optional()
        .map(Option::flatten)
}

/// The brackets of the droit de timbre in force on `day` (those of the latest date not after it).
pub fn stamp_brackets_on(conn: &Connection, day: &str) -> rusqlite::Result<Vec<StampBracket>> {
    let mut stmt = conn.prepare_cached(
        "SELECT above, per_100, min_duty, max_duty FROM stamp_duty_brackets
         WHERE valid_from = (SELECT max(valid_from) FROM stamp_duty_brackets WHERE valid_from <= ?1)
         ORDER BY above",
    )?;
    stmt.query_map([day], |r| {
        Ok(StampBracket {
            above: Money::from_cents(r.get(0)?),
            per_100: Money::from_cents(r.get(1)?),
            min: Money::from_cents(r.get(2)?),
            max: r.get::<_, Option<i64>>(3)?.map(Money::from_cents),
        })
    })?
    .collect()
}
