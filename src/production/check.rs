//! What `fournil check` verifies about productions: each one moved as much value in as it took
//! out, and each one that consumed value has its entry.

use rusqlite::Connection;

use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let missing: Vec<String> =
        super::store::without_entry(conn)?.into_iter().map(|id| format!("production n° {id} sans écriture")).collect();
    let mut stmt = conn.prepare(
        "SELECT source_id, SUM(value) FROM stock_moves WHERE source_type = 'production'
          GROUP BY source_id HAVING SUM(value) <> 0 ORDER BY source_id",
    )?;
    let unbalanced: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!("production n° {} : écart de {} centimes", r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(vec![
        ("Chaque production valorisée a son écriture", missing),
        ("Chaque production entre la valeur qu'elle consomme", unbalanced),
    ])
}
