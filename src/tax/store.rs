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

/// One dated TVA rate row, as listed on the page.
#[derive(Debug, Clone)]
pub struct RateRow {
    pub class: String,
    pub valid_from: String,
    pub rate_bp: u32,
    pub source: String,
}

/// Every TVA rate row, by class then newest first.
pub fn tva_rates(conn: &Connection) -> rusqlite::Result<Vec<RateRow>> {
    let mut stmt = conn.prepare(
        "SELECT class, valid_from, rate_bp, source FROM tva_rates
         ORDER BY CASE class WHEN 'exonere' THEN 0 WHEN 'reduit' THEN 1 ELSE 2 END, valid_from DESC",
    )?;
    stmt.query_map([], |r| {
        Ok(RateRow { class: r.get(0)?, valid_from: r.get(1)?, rate_bp: r.get(2)?, source: r.get(3)? })
    })?
    .collect()
}

/// The date of a class's latest rate row.
pub fn last_rate_date(conn: &Connection, class: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT max(valid_from) FROM tva_rates WHERE class = ?1", [class], |r| r.get(0))
}

pub fn insert_rate(conn: &Connection, r: &RateRow, now: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO tva_rates (class, valid_from, rate_bp, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![r.class, r.valid_from, r.rate_bp, r.source, now],
    )
}

/// One bracket of the droit de timbre with its date and source, as listed on the page.
#[derive(Debug, Clone)]
pub struct BracketRow {
    pub valid_from: String,
    pub bracket: StampBracket,
    pub source: String,
}

/// Every bracket of the droit de timbre, newest date first.
pub fn stamp_brackets(conn: &Connection) -> rusqlite::Result<Vec<BracketRow>> {
    let mut stmt = conn.prepare(
        "SELECT valid_from, above, per_100, min_duty, max_duty, source FROM stamp_duty_brackets
         ORDER BY valid_from DESC, above",
    )?;
    stmt.query_map([], |r| {
        Ok(BracketRow {
            valid_from: r.get(0)?,
            bracket: StampBracket {
                above: Money::from_cents(r.get(1)?),
                per_100: Money::from_cents(r.get(2)?),
                min: Money::from_cents(r.get(3)?),
                max: r.get::<_, Option<i64>>(4)?.map(Money::from_cents),
            },
            source: r.get(5)?,
        })
    })?
    .collect()
}

/// One document's TVA at one rate on one account (signed: a refund is negative).
#[derive(Debug, Clone)]
pub struct TvaRow {
    pub direction: &'static str,
    pub account: String,
    pub rate_bp: u32,
    pub base: i64,
    pub tva: i64,
}

pub fn insert_tva_line(conn: &Connection, kind: &str, id: i64, day: &str, r: &TvaRow) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO tva_lines (source_type, source_id, direction, day, account, rate_bp, base, tva)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![kind, id, r.direction, day, r.account, r.rate_bp, r.base, r.tva],
    )
}

/// A document's TVA per rate: (rate, base, TVA), for its receipt.
pub fn document_tva(conn: &Connection, kind: &str, id: i64) -> rusqlite::Result<Vec<(u32, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rate_bp, sum(base), sum(tva) FROM tva_lines WHERE source_type = ?1 AND source_id = ?2
         GROUP BY rate_bp ORDER BY rate_bp",
    )?;
    stmt.query_map(params![kind, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// A month's TVA per rate in one direction (`collectee` or `deductible`): (rate, base, TVA).
pub fn month_tva(conn: &Connection, month: &str, direction: &str) -> rusqlite::Result<Vec<(u32, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rate_bp, sum(base), sum(tva) FROM tva_lines WHERE substr(day, 1, 7) = ?1 AND direction = ?2
         GROUP BY rate_bp ORDER BY rate_bp",
    )?;
    stmt.query_map(params![month, direction], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// The TVA of every document in one direction (what 4457 or 4456 must hold).
pub fn total_tva(conn: &Connection, direction: &str) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(sum(tva), 0) FROM tva_lines WHERE direction = ?1", [direction], |r| r.get(0))
}
