//! Tickets put on hold at a till and recalled there: one operation each, so a ticket is recalled
//! once even when two tablets tap it together.

use rusqlite::Transaction;

use crate::error::AppError;
use crate::pos::{Cart, Parked, store};

/// Puts a cart on hold at a till; returns the till's parked tickets.
pub fn park(
    tx: &Transaction,
    till_id: i64,
    user_id: i64,
    cart: &Cart,
    label: &str,
    now: &str,
) -> Result<Vec<Parked>, AppError> {
    if cart.lines.is_empty() {
        return Err(AppError::rule("Le ticket est vide : rien à mettre en attente."));
    }
    crate::text::check_all(&[("label", label, crate::text::Text::Reason)])?;
    let json = serde_json::to_string(cart).map_err(|e| AppError::Internal(e.into()))?;
    let label: String = label.trim().chars().take(40).collect();
    store::park(tx, till_id, user_id, &label, &json, now)?;
    Ok(store::parked(tx, till_id)?)
}

/// Takes a parked ticket back: its cart and the parked tickets left. Refused when taken already.
pub fn recall(tx: &Transaction, till_id: i64, id: i64) -> Result<(Cart, Vec<Parked>), AppError> {
    let json = store::unpark(tx, id, till_id)?.ok_or_else(|| AppError::rule("Ce ticket a déjà été repris."))?;
    let cart = serde_json::from_str(&json).map_err(|e| AppError::Internal(e.into()))?;
    Ok((cart, store::parked(tx, till_id)?))
}
