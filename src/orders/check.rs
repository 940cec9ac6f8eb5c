//! What `fournil check` proves about orders: every order's paid amount is Σ its payments and
//! never beyond its total; account 4191 holds exactly the deposits of orders not yet handed over
//! and the store credit not yet spent; every handed-over order has one revenue entry worth its
//! total and its goods left stock once; nothing in "réservé commandes" belongs to an order handed
//! over or cancelled; every payment has its entry and, in cash, its drawer movement.
//! Incremental: the orders and payments after the mark, and the orders written behind it (every
//! change of an order or of its lines, a payment added to an old order: triggers of schema 34);
//! 4191, the reserve and the store credit are read whole.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::store::check::{self, Scope};
use crate::accounting::{self, account};
use crate::error::AppError;
use crate::system::marks::{Incremental, Mark, Proven, Since};

/// The orders' rules, from the mark of the last passing check when there is one.
pub const INCREMENTAL: Incremental = Incremental {
    rule: "commandes",
    rules: proven,
    triggers: &[
        "orders_no_delete",
        "order_payments_no_update",
        "order_payments_no_delete",
        "orders_mark_order_update",
        "order_lines_mark_order_insert",
        "order_lines_mark_order_update",
        "order_lines_mark_order_delete",
        "order_payments_mark_order_insert",
    ],
};

/// The rules, and the mark of what they just read: the last order and the last payment.
fn proven(conn: &Connection, since: Option<Since>) -> Proven {
    let dirty = serde_json::to_string(since.map_or(&[][..], |s| s.dirty)).map_err(|e| AppError::Internal(e.into()))?;
    let scope = Scope {
        orders_after: since.map_or(0, |s| s.mark.upto),
        payments_after: since.and_then(|s| s.mark.sums.get("paiements")).map_or(0, |p| p.0),
        dirty: &dirty,
    };
    let found = findings(conn, scope)?;
    let (orders, payments) = check::last_ids(conn)?;
    let sums = BTreeMap::from([("paiements".to_string(), (payments, 0))]);
    Ok((found, Mark { upto: orders, day: String::new(), sums }))
}

pub fn findings(conn: &Connection, scope: Scope) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let due = check::advances_due(conn)?;
    let held = -accounting::store::net_of(conn, account::CUSTOMER_ADVANCES)?;
    let advances = if due == held {
        Vec::new()
    } else {
        vec![format!("compte 4191 : {held} ; acomptes des commandes en cours et avoirs des clients : {due}")]
    };
    Ok(vec![
        ("Commandes : payé = somme des paiements, jamais plus que le total", check::paid_mismatch(conn, scope)?),
        ("Compte 4191 = acomptes des commandes non remises + avoirs des clients", advances),
        ("Commandes remises : une écriture de vente, égale au total", check::revenue(conn, scope)?),
        ("Commandes remises : le stock sorti une fois, au coût figé", check::stock_out(conn, scope)?),
        ("Réservé commandes : seulement des commandes en cours", check::reserved(conn)?),
        ("Paiements des commandes : écriture, tiroir et avoirs", check::payments(conn, scope)?),
    ])
}
