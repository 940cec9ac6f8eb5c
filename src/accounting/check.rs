//! The books' part of `fournil check` beyond the entries' balance (stock's rules hold those):
//! the statements tie to the trial balance, and no entry was posted in a month after its closing.

use rusqlite::Connection;

use super::ops::statements::{Period, read};
use super::store;
use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let mut ties = Vec::new();
    if let Some((first, last)) = store::first_and_last_day(conn)? {
        let (Ok(from), Ok(to)) = (first.parse(), last.parse()) else {
            return Err(AppError::Internal(anyhow::anyhow!("dates d'écritures illisibles : {first}, {last}")));
        };
        let s = read(conn, Period { from, to })?;
        if s.sheet.total_assets() != s.sheet.total_liabilities() {
            ties.push(format!("actif {} ≠ passif {}", s.sheet.total_assets(), s.sheet.total_liabilities()));
        }
        let (shown, trial) = s.results();
        if shown != trial {
            ties.push(format!("résultat {shown} ≠ classes 7 − 6 {trial}"));
        }
        if !s.flows.ties() {
            ties.push(format!("trésorerie {} + flux ≠ {}", s.flows.opening, s.flows.closing));
        }
    }
    let mut late = store::posted_after_closing(conn)?;
    late.extend(store::posted_after_year_closing(conn)?);
    Ok(vec![
        ("États financiers : bilan équilibré, résultat et flux égaux à la balance", ties),
        ("Aucune écriture passée dans un mois ou un exercice après sa clôture", late),
    ])
}
