//! What `fournil check` verifies about productions: each one moved as much value in as it took
//! out, and each one that consumed value has its entry.

use rusqlite::Connection;

use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let missing: Vec<String> =
        super::store::without_entry(conn)?.into_iter().map(|id| format!("production n° {id} sans écriture")).collect();
    let unbalanced: Vec<String> = crate::stock::store::unbalanced_sources(conn, "production")?
        .into_iter()
        .map(|(id, value)| format!("production n° {id} : écart de {} centimes", value.cents()))
        .collect();
    Ok(vec![
        ("Chaque production valorisée a son écriture", missing),
        ("Chaque production entre la valeur qu'elle consomme", unbalanced),
    ])
}
