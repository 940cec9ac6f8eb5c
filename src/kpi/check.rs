//! What `fournil check` verifies about the owner's aggregates: each row of `kpi_sales`,
//! `kpi_hours` and `kpi_tickets` equals what the tickets, refunds, orders handed over and business invoices make,
//! and each row of `kpi_receipts` what the payments received make (zero rows aside).

use std::collections::BTreeMap;
use std::fmt::Debug;

use rusqlite::Connection;

use super::{ops, store};
use crate::error::AppError;

fn differences<K: Ord + Debug, V: PartialEq + Debug + Copy>(
    kept: Vec<(K, V)>,
    docs: BTreeMap<K, V>,
    zero: V,
) -> Vec<String> {
    let kept: BTreeMap<K, V> = kept.into_iter().filter(|(_, v)| *v != zero).collect();
    let mut out: Vec<String> = Vec::new();
    for (k, v) in &docs {
        match kept.get(k) {
            Some(w) if w == v => {}
            Some(w) => out.push(format!("{k:?} : {w:?} gardé, {v:?} selon les documents")),
            None => out.push(format!("{k:?} : absent, {v:?} selon les documents")),
        }
    }
    out.extend(
        kept.iter().filter(|(k, _)| !docs.contains_key(*k)).map(|(k, w)| format!("{k:?} : {w:?} sans document")),
    );
    out.truncate(20);
    out
}

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let (mut sales, mut hours, mut tickets, mut money) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // One month at a time: five years of lines never sit in memory together.
    for (from, to) in ops::months(conn)? {
        let a = ops::from_documents(conn, &from, &to)?;
        sales.extend(differences(store::sales_between(conn, &from, &to)?, a.sales, (0, 0, 0)));
        hours.extend(differences(store::hours_between(conn, &from, &to)?, a.hours, (0, 0, 0)));
        tickets.extend(differences(store::tickets_between(conn, &from, &to)?, a.tickets, (0, 0, 0)));
        money.extend(differences(store::receipts_between(conn, &from, &to)?, a.receipts, 0));
    }
    for found in [&mut sales, &mut hours, &mut tickets, &mut money] {
        found.truncate(20);
    }
    Ok(vec![
        ("Indicateurs : ventes par jour, canal et produit = les documents", sales),
        ("Indicateurs : ventes par jour, heure et canal = les documents", hours),
        ("Indicateurs : tickets par jour, heure, canal et vendeur = les documents", tickets),
        ("Indicateurs : encaissements par jour et moyen = les paiements", money),
    ])
}
