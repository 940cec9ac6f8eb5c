//! What `fournil check` verifies about the outbox: each message's status agrees with its record
//! (a sent message has its time, a given-up one its reason and its attempts).

use rusqlite::Connection;

use super::store;
use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let bad = store::inconsistent(conn)?.into_iter().map(|id| format!("message {id}")).collect();
    Ok(vec![("Boîte d'envoi : l'état de chaque message s'accorde à ses dates et à son erreur", bad)])
}
