//! The report per period and deliveryman: runs, stops, amounts, fees, differences (settled runs,
//! by the day they were settled).

use rusqlite::Connection;

use crate::deliveries::store;
use crate::error::AppError;
use crate::money::Money;

#[derive(Debug, Clone, Default)]
pub struct Line {
    pub name: String,
    pub runs: i64,
    pub stops: i64,
    pub delivered: i64,
    pub refused: i64,
    /// Collected at the doors: the delivered orders' balances and fees.
    pub collected: Money,
    pub fees: Money,
    pub fees_kept: Money,
    pub commission: Money,
    /// Σ counted − expected.
    pub difference: Money,
}

pub fn report(conn: &Connection, from: &str, to: &str) -> Result<Vec<Line>, AppError> {
    Ok(store::report(conn, from, to)?
        .into_iter()
        .map(|(name, n, m)| Line {
            name,
            runs: n[0],
            stops: n[1],
            delivered: n[2],
            refused: n[3],
            collected: m[0],
            fees: m[1],
            fees_kept: m[2],
            commission: m[3],
            difference: m[4],
        })
        .collect())
}
