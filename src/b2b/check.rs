//! What `fournil check` verifies about B2B: each series of numbers (orders CB-, delivery notes
//! BL-, invoices FAC-, proformas PRO-, credit notes AVF-) runs from 1 without a gap in each year;
//! each business customer's account is a 411 sub-account of the chart; each note's line costs out
//! of the counter equal its cost entry; each invoice = Σ its lines = its entry on the customer's
//! 411; no note invoiced twice; each customer's 411 = its invoices − credit notes − payments; what
//! each credit note puts back in stock = its stock moves = its goods entry.

use rusqlite::Connection;

use super::store;
use crate::error::AppError;
use crate::money::Money;

/// The numbers missing from 1 to the highest of each year: "BL-2026 : 3".
fn gaps(numbers: &[String]) -> Vec<String> {
    let mut by_year: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for n in numbers {
        let mut parts = n.rsplitn(2, '-');
        let (Some(seq), Some(series)) = (parts.next(), parts.next()) else { continue };
        by_year.entry(series.to_string()).or_default().push(seq.parse().unwrap_or(0));
    }
    let mut out = Vec::new();
    for (series, mut seqs) in by_year {
        seqs.sort_unstable();
        for (i, s) in seqs.iter().enumerate() {
            if *s != i as i64 + 1 {
                out.push(format!("{series} : numéro {} manquant ou en double", i + 1));
                break;
            }
        }
    }
    out
}

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let mut numbering = gaps(&store::check::numbers(conn, "b2b_orders")?);
    numbering.extend(gaps(&store::check::numbers(conn, "b2b_notes")?));
    numbering.extend(gaps(&store::check::invoice_numbers(conn)?));
    let accounts = store::check::customers_without_account(conn)?
        .into_iter()
        .map(|name| format!("client pro « {name} » : son compte n'est pas un sous-compte 411 du plan"))
        .collect();
    let costs = store::check::notes_off_entry(conn)?
        .into_iter()
        .map(|(number, lines, entry)| format!("bon {number} : ses lignes sortent {lines}, son écriture {entry}"))
        .collect();
    let invoices = store::check::invoices_off(conn)?
        .into_iter()
        .map(|(n, head, lines, entry)| format!("{n} : total {head}, ses lignes {lines}, son écriture au 411 {entry}"))
        .collect();
    let twice = store::check::notes_invoiced_twice(conn)?
        .into_iter()
        .map(|n| format!("bon {n} : facturé deux fois, ou marqué d'une facture qui ne le porte pas"))
        .collect();
    let owed = store::check::customers_off(conn)?
        .into_iter()
        .map(|(name, account, docs)| {
            format!("client pro « {name} » : son 411 vaut {account}, ses factures − avoirs − paiements {docs}")
        })
        .collect();
    Ok(vec![
        ("Clients pro : commandes, bons, factures, proformas et avoirs numérotés sans trou", numbering),
        ("Clients pro : ce que chaque avoir remet en stock = ses mouvements = son écriture", credit_goods(conn)?),
        ("Clients pro : chaque facture = ses lignes = son écriture", invoices),
        ("Clients pro : aucun bon facturé deux fois", twice),
        ("Clients pro : le 411 de chaque client = factures − avoirs − paiements", owed),
        ("Clients pro : chaque client a son compte 411", accounts),
        ("Clients pro : le coût de chaque bon = son écriture", costs),
    ])
}

/// Credit notes whose lines' value back in stock differs from their stock moves into the counter
/// or from their goods entry (its credit to the cost of sales).
fn credit_goods(conn: &Connection) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    for (id, number, sales_entry, lines) in store::check::credits_goods(conn)? {
        let moves: Money = crate::stock::store::moves_of_source(conn, "b2b_invoice", id)?.iter().map(|m| m.3).sum();
        let entry: Money = crate::accounting::store::entries_of(conn, "b2b_invoice", id)?
            .iter()
            .filter(|e| Some(e.id) != sales_entry)
            .flat_map(|e| e.lines.iter())
            .filter(|l| l.account.starts_with("60"))
            .map(|l| l.credit - l.debit)
            .sum();
        if moves != lines || entry != lines {
            out.push(format!(
                "avoir {number} : ses lignes remettent {lines} en stock, ses mouvements {moves}, son écriture {entry}"
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_gap_is_found_per_series_and_year() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(super::gaps(&n(&["BL-2026-00001", "BL-2026-00002", "BL-2027-00001"])).is_empty());
        assert_eq!(
            super::gaps(&n(&["BL-2026-00001", "BL-2026-00003"])),
            vec!["BL-2026 : numéro 2 manquant ou en double"]
        );
    }
}
