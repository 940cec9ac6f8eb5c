//! The bank's part of `fournil check`: each match links a statement line and a line of 512 of
//! the same amount.

use rusqlite::Connection;

use super::store;
use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    Ok(vec![("Banque : chaque rapprochement relie deux montants égaux du compte 512", store::unequal_matches(conn)?)])
}
