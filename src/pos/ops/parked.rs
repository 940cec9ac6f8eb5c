//! Tickets put on hold at a till and recalled there: one operation each, so a ticket is recalled
//! once even when two tablets tap it together. The list says what each is worth, priced now.

use rusqlite::{Connection, Transaction};

use super::quote::quote;
use crate::cash::Till;
use crate::error::AppError;
use crate::money::Money;
use crate::pos::{Cart, Parked, store};

/// Puts a cart on hold at a till; returns how many tickets wait there now.
pub fn park(
    tx: &Transaction,
    till_id: i64,
    user_id: i64,
    cart: &Cart,
    label: &str,
    now: &str,
) -> Result<usize, AppError> {
    if cart.lines.is_empty() {
        return Err(AppError::rule("Le ticket est vide : rien à mettre en attente."));
    }
    crate::text::check_all(&[("label", label, crate::text::Text::Reason)])?;
    let json = serde_json::to_string(cart).map_err(|e| AppError::Internal(e.into()))?;
    let label: String = label.trim().chars().take(40).collect();
    store::park(tx, till_id, user_id, &label, &json, now)?;
    Ok(store::parked(tx, till_id)?.len())
}

/// Takes a parked ticket back: its cart and how many still wait. Refused when taken already.
pub fn recall(tx: &Transaction, till_id: i64, id: i64) -> Result<(Cart, usize), AppError> {
    let json = store::unpark(tx, id, till_id)?.ok_or_else(|| AppError::rule("Ce ticket a déjà été repris."))?;
    let cart = serde_json::from_str(&json).map_err(|e| AppError::Internal(e.into()))?;
    Ok((cart, store::parked(tx, till_id)?.len()))
}

/// A ticket waiting at a till, with what it comes to at today's prices (None: it cannot be
/// priced any more, a product was archived since).
#[derive(Debug, Clone)]
pub struct Waiting {
    pub parked: Parked,
    pub total: Option<Money>,
}

/// The tickets waiting at a till, oldest first, each priced as the till would price it now.
pub fn waiting(c: &Connection, till: &Till) -> Result<Vec<Waiting>, AppError> {
    let mut out = Vec::new();
    for parked in store::parked(c, till.id)? {
        let cart: Option<Cart> = serde_json::from_str(&parked.cart).ok();
        let total = cart.and_then(|cart| quote(c, till, &cart).ok()).map(|q| q.total);
        out.push(Waiting { parked, total });
    }
    Ok(out)
}
