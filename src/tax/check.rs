//! The taxes' part of `fournil check`: the TVA accounts equal the TVA of the documents — 4457
//! (collected) = Σ the TVA of tickets, refunds and orders handed over; 4456 (deductible) = Σ the
//! TVA of purchases and expenses.

use rusqlite::Connection;

use super::{TVA_COLLECTED, TVA_DEDUCTIBLE, store};
use crate::accounting;
use crate::error::AppError;
use crate::money::Money;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let mut problems = Vec::new();
    // The books' balance is debit − credit: collected TVA sits on the credit side.
    let collected = Money::ZERO - accounting::store::net_of(conn, TVA_COLLECTED)?;
    let of_documents = Money::from_cents(store::total_tva(conn, "collectee")?);
    if collected != of_documents {
        problems.push(format!("4457 ({collected}) ≠ TVA collectée des documents ({of_documents})"));
    }
    let deductible = accounting::store::net_of(conn, TVA_DEDUCTIBLE)?;
    let of_documents = Money::from_cents(store::total_tva(conn, "deductible")?);
    if deductible != of_documents {
        problems.push(format!("4456 ({deductible}) ≠ TVA déductible des documents ({of_documents})"));
    }
    Ok(vec![("TVA : les comptes 4456 et 4457 égalent la TVA des documents", problems)])
}
