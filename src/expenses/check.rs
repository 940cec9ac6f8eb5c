//! The expenses' part of `fournil check`: each bill equals its entry (its account debited by its
//! amount less its deductible TVA, 4456 by that TVA, the settlement credited by its amount), each payment equals the bill, each drawer payment is a
//! cash movement of the same amount.

use rusqlite::Connection;

use super::store;
use crate::accounting::{self, account};
use crate::error::AppError;
use crate::money::Money;

fn side(e: &accounting::Entry, code: &str, debit: bool) -> Money {
    e.lines.iter().filter(|l| l.account == code).map(|l| if debit { l.debit } else { l.credit }).sum()
}

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let mut problems = Vec::new();
    for x in store::all(conn)? {
        let Some(e) = accounting::store::entry(conn, x.entry_id)? else {
            problems.push(format!("dépense n° {} : écriture {} introuvable", x.id, x.entry_id));
            continue;
        };
        let credit = match x.paid_by.as_str() {
            "caisse" => account::CASH,
            "banque" => account::BANK,
            _ => account::SUPPLIERS,
        };
        let tva_ok = side(&e, crate::tax::TVA_DEDUCTIBLE, true) == x.tva;
        if side(&e, &x.account, true) != x.charge() || side(&e, credit, false) != x.amount || !tva_ok {
            problems.push(format!("dépense n° {} ({}) ≠ son écriture {}", x.id, x.amount, e.number));
        }
        if let Some(pid) = x.payment_entry_id {
            let paid = accounting::store::entry(conn, pid)?;
            if paid.is_none_or(|p| side(&p, account::SUPPLIERS, true) != x.amount) {
                problems.push(format!("dépense n° {} : paiement ≠ {}", x.id, x.amount));
            }
        }
    }
    Ok(vec![("Dépenses : chacune égale son écriture et son paiement", problems)])
}
