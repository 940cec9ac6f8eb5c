//! What `fournil check` verifies about the owner's aggregates: each row of `kpi_sales`,
//! `kpi_hours` and `kpi_tickets` equals what the tickets, refunds, orders handed over and business invoices make,
//! and each row of `kpi_receipts` what the payments received make (zero rows aside).
//! Incremental: the days from the mark's day on, and the days written behind it since (the
//! triggers on the aggregates and on the documents that may still change note them; the other
//! documents are append-only).

use std::collections::BTreeMap;
use std::fmt::Debug;

use rusqlite::Connection;

use super::{ops, store};
use crate::error::AppError;
use crate::system::marks::{Found, Incremental, Mark, Proven, Since};

/// The indicators' rules, from the mark of the last passing check when there is one.
pub const INCREMENTAL: Incremental = Incremental { rule: "indicateurs", rules: proven, triggers: TRIGGERS };

/// The aggregates' dirty-day triggers, and the guards of the documents they sum.
const TRIGGERS: &[&str] = &[
    "kpi_sales_mark_insert",
    "kpi_sales_mark_update",
    "kpi_sales_mark_delete",
    "kpi_hours_mark_insert",
    "kpi_hours_mark_update",
    "kpi_hours_mark_delete",
    "kpi_tickets_mark_insert",
    "kpi_tickets_mark_update",
    "kpi_tickets_mark_delete",
    "kpi_receipts_mark_insert",
    "kpi_receipts_mark_update",
    "kpi_receipts_mark_delete",
    "sale_payments_mark_update",
    "sale_payments_mark_delete",
    "refund_lines_mark_update",
    "refund_lines_mark_delete",
    "orders_mark_update",
    "order_lines_mark_update",
    "order_lines_mark_delete",
    "sales_mark_insert",
    "sale_lines_mark_insert",
    "sale_payments_mark_insert",
    "refunds_mark_insert",
    "refund_lines_mark_insert",
    "order_lines_mark_insert",
    "order_payments_mark_insert",
    "b2b_invoices_mark_insert",
    "b2b_invoice_lines_mark_insert",
    "b2b_payments_mark_insert",
    "sales_no_update",
    "sales_no_delete",
    "sale_lines_no_update",
    "sale_lines_no_delete",
    "refunds_no_update",
    "refunds_no_delete",
    "order_payments_no_update",
    "order_payments_no_delete",
    "b2b_invoices_frozen",
    "b2b_invoices_kept",
    "b2b_invoice_lines_frozen",
    "b2b_invoice_lines_kept",
    "b2b_payments_frozen",
    "b2b_payments_kept",
];

/// The last day with a document or an aggregate: the days before it are proven.
pub fn mark(conn: &Connection) -> Result<Mark, AppError> {
    let day = store::day_span(conn)?.map(|(_, last)| last).unwrap_or_default();
    Ok(Mark { upto: 0, day, sums: Default::default() })
}

/// The spans of days to prove: every month, or the days written behind the mark and the days
/// from the mark's on.
fn spans(conn: &Connection, since: Option<Since>) -> Result<Vec<(String, String)>, AppError> {
    let Some(s) = since else { return ops::months(conn) };
    let mut out: Vec<(String, String)> =
        s.dirty.iter().filter(|d| **d < s.mark.day).map(|d| (d.clone(), d.clone())).collect();
    out.sort();
    out.dedup();
    if let Some((_, last)) = store::day_span(conn)?
        && last >= s.mark.day
    {
        out.push((s.mark.day.clone(), last));
    }
    Ok(out)
}

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

/// The rules, and the mark of what they just read.
fn proven(conn: &Connection, since: Option<Since>) -> Proven {
    Ok((findings(conn, since)?, mark(conn)?))
}

pub fn findings(conn: &Connection, since: Option<Since>) -> Found {
    let (mut sales, mut hours, mut tickets, mut money) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // One month at a time: five years of lines never sit in memory together.
    for (from, to) in spans(conn, since)? {
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
