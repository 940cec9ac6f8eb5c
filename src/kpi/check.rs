//! What `fournil check` verifies about the owner's aggregates: each row of `kpi_sales` and
//! `kpi_tickets` equals what the tickets, refunds and orders handed over make (zero rows aside).

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
    let (sales, tickets) = ops::from_documents(conn)?;
    Ok(vec![
        (
            "Indicateurs : ventes par jour, heure, canal et produit = les documents",
            differences(store::all_sales(conn)?, sales, (0, 0, 0)),
        ),
        (
            "Indicateurs : tickets par jour, heure, canal et vendeur = les documents",
            differences(store::all_tickets(conn)?, tickets, (0, 0)),
        ),
    ])
}
