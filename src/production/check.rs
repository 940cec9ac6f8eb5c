//! What `fournil check` verifies about productions: each one moved as much value in as it took
//! out, each one that consumed value has its entry, and a cancelled one has its entry reversed
//! (its cancellation's moves share its source, so the balance above covers them too).

use rusqlite::Connection;

use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let missing: Vec<String> =
        super::store::without_entry(conn)?.into_iter().map(|id| format!("production n° {id} sans écriture")).collect();
    let unbalanced: Vec<String> = crate::stock::store::unbalanced_sources(conn, "production")?
        .into_iter()
        .map(|(id, value)| format!("production n° {id} : écart de {} centimes", value.cents()))
        .collect();
    let mut not_reversed = Vec::new();
    for (id, entry) in super::store::cancelled_with_entry(conn)? {
        if !crate::accounting::store::is_reversed(conn, entry)? {
            not_reversed.push(format!("production n° {id} annulée, écriture non contre-passée"));
        }
    }
    Ok(vec![
        ("Chaque production valorisée a son écriture", missing),
        ("Chaque production entre la valeur qu'elle consomme (et son annulation la reprend)", unbalanced),
        ("Chaque production annulée a son écriture contre-passée", not_reversed),
    ])
}
