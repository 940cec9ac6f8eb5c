//! What `fournil check` proves about orders: every order's paid amount is Σ its payments and
//! never beyond its total; account 4191 holds exactly the deposits of orders not yet handed over
//! and the store credit not yet spent; every handed-over order has one revenue entry worth its
//! total and its goods left stock once; nothing in "réservé commandes" belongs to an order handed
//! over or cancelled; every payment has its entry and, in cash, its drawer movement.

use rusqlite::Connection;

use super::store::check;
use crate::accounting::{self, account};
use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let due = check::advances_due(conn)?;
    let held = -accounting::store::net_of(conn, account::CUSTOMER_ADVANCES)?;
    let advances = if due == held {
        Vec::new()
    } else {
        vec![format!("compte 4191 : {held} ; acomptes des commandes en cours et avoirs des clients : {due}")]
    };
    Ok(vec![
        ("Commandes : payé = somme des paiements, jamais plus que le total", check::paid_mismatch(conn)?),
        ("Compte 4191 = acomptes des commandes non remises + avoirs des clients", advances),
        ("Commandes remises : une écriture de vente, égale au total", check::revenue(conn)?),
        ("Commandes remises : le stock sorti une fois, au coût figé", check::stock_out(conn)?),
        ("Réservé commandes : seulement des commandes en cours", check::reserved(conn)?),
        ("Paiements des commandes : écriture, tiroir et avoirs", check::payments(conn)?),
    ])
}
