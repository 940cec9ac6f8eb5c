//! The purchases' part of `fournil check`: every received purchase has its receipt entry and
//! its stock moves, every payment its entry, and nothing is paid beyond the total. Incremental:
//! the purchases after the mark and those written behind it (any change to a purchase, its lines,
//! payments or returns: triggers of schema 34 note its id).

use rusqlite::Connection;

use super::{Status, store};
use crate::accounting::{self, account};
use crate::error::AppError;
use crate::money::Money;
use crate::stock::MoveKind;
use crate::system::marks::{Incremental, Mark, Proven, Since};

/// The purchases' rules, from the mark of the last passing check when there is one.
pub const INCREMENTAL: Incremental = Incremental {
    rule: "achats",
    rules: proven,
    triggers: &[
        "purchases_mark_update",
        "purchases_mark_delete",
        "purchase_lines_mark_insert",
        "purchase_lines_mark_update",
        "purchase_lines_mark_delete",
        "purchase_payments_mark_insert",
        "purchase_payments_mark_update",
        "purchase_payments_mark_delete",
        "purchase_returns_mark_insert",
        "purchase_returns_mark_update",
        "purchase_returns_mark_delete",
    ],
};

/// The rules, and the mark of what they just read: the last purchase.
fn proven(conn: &Connection, since: Option<Since>) -> Proven {
    let dirty = serde_json::to_string(since.map_or(&[][..], |s| s.dirty)).map_err(|e| AppError::Internal(e.into()))?;
    let found = findings(conn, since.map_or(0, |s| s.mark.upto), &dirty)?;
    let upto = store::purchase_ids(conn, 0, "[]")?.last().copied().unwrap_or(0);
    Ok((found, Mark { upto, day: String::new(), sums: Default::default() }))
}

/// The rules over the purchases after `after` (an id; 0: all) and those of `dirty` (JSON ids).
pub fn findings(conn: &Connection, after: i64, dirty: &str) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let mut receipts = Vec::new();
    let mut moves = Vec::new();
    let mut paid = Vec::new();
    for id in store::purchase_ids(conn, after, dirty)? {
        let Some(p) = store::purchase(conn, id)? else { continue };
        let expected = if p.status == Status::Received { p.total } else { Money::ZERO };
        // The receipt entries (and their reversals) of the purchase, on 401: net credit = total.
        let entries = accounting::store::entries_of(conn, "purchase", id)?;
        let receipt: Money = entries
            .iter()
            .filter(|e| e.journal == "AC")
            .flat_map(|e| e.lines.iter())
            .filter(|l| l.account == account::SUPPLIERS)
            .map(|l| l.credit - l.debit)
            .sum();
        if receipt != expected {
            receipts.push(format!("{} ({}) : {receipt} au 401, total {expected}", p.number, p.status.label()));
        }
        match (p.status, p.entry_id) {
            (Status::Received, None) => receipts.push(format!("{} : reçu sans écriture de réception", p.number)),
            (Status::Received, Some(e)) if accounting::store::is_reversed(conn, e)? => {
                receipts.push(format!("{} : reçu, mais son écriture de réception est contre-passée", p.number))
            }
            _ => {}
        }
        let stock: Money = crate::stock::store::moves_of_source(conn, "purchase", id)?
            .iter()
            .filter(|m| m.4 == MoveKind::Purchase.code() || m.4 == MoveKind::PurchaseCancel.code())
            .map(|m| m.3)
            .sum();
        // The stock took each line's cost: the total less its deductible TVA (réel).
        let tva: Money = store::lines(conn, id)?.iter().map(|l| l.tva).sum();
        let expected = if p.status == Status::Received { expected - tva } else { expected };
        if stock != expected {
            moves.push(format!("{} : mouvements {stock}, total {expected}", p.number));
        }
        if p.paid > p.total {
            paid.push(format!("{} : payé {}, total {}", p.number, p.paid, p.total));
        }
        if p.status != Status::Received && p.paid.cents() > 0 {
            paid.push(format!("{} ({}) : {} payé", p.number, p.status.label(), p.paid));
        }
    }
    let mut payments = Vec::new();
    for y in store::payments_in(conn, after, dirty)? {
        match accounting::store::entry(conn, y.entry_id)? {
            None => payments.push(format!("paiement {} : écriture absente", y.id)),
            Some(e) => {
                let on_401: Money = e.lines.iter().filter(|l| l.account == account::SUPPLIERS).map(|l| l.debit).sum();
                if on_401 != y.amount {
                    payments.push(format!("paiement {} : {} au 401 pour {}", y.id, on_401, y.amount));
                }
                let reversed = accounting::store::is_reversed(conn, y.entry_id)?;
                if reversed != y.reversed_at.is_some() {
                    payments.push(format!("paiement {} : annulation et contre-passation ne concordent pas", y.id));
                }
            }
        }
    }
    for (id, _, value, entry) in store::returns_in(conn, after, dirty)? {
        if value.cents() > 0 && entry.is_none() {
            payments.push(format!("retour fournisseur {id} : écriture absente"));
        }
    }
    Ok(vec![
        ("Achats : chaque réception a son écriture (401 = total)", receipts),
        ("Achats : mouvements de stock = total reçu", moves),
        ("Achats : payé ≤ total, rien de payé hors achat reçu", paid),
        ("Achats : chaque paiement et retour a son écriture", payments),
    ])
}
