//! What `fournil check` verifies about customers: every phone is stored in its normalised form
//! (the uniqueness of phones is the table's own constraint, and holds only on that form).

use rusqlite::Connection;

use super::{normalize_phone, store};
use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let bad: Vec<String> = store::phones(conn)?
        .into_iter()
        .filter(|(_, p)| normalize_phone(p).as_deref() != Ok(p.as_str()))
        .map(|(id, p)| format!("client n° {id} : téléphone « {p} »"))
        .collect();
    Ok(vec![("Clients : un téléphone normalisé chacun", bad)])
}
