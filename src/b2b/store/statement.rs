//! The SQL of a customer's statement: its invoices and credit notes (`b2b_invoices`, proformas
//! left out) and its payments (`b2b_payments`), in date order.

use rusqlite::{Connection, params};

use crate::money::Money;

/// One document on a customer's account: an invoice is a debit, a credit note or a payment a
/// credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub day: String,
    /// `facture`, `avoir` or `paiement`.
    pub kind: String,
    pub id: i64,
    /// The invoice's number, or the payment's reference.
    pub number: String,
    /// A payment's mode code; empty for the others.
    pub mode: String,
    pub debit: Money,
    pub credit: Money,
}

/// A customer's invoices, credit notes and payments up to `to` (inclusive), by day; within a
/// day invoices, then credit notes, then payments.
pub fn movements(conn: &Connection, customer_id: i64, to: &str) -> rusqlite::Result<Vec<Movement>> {
    conn.prepare_cached(
        "SELECT day, kind, id, number, '' AS mode,
                CASE kind WHEN 'facture' THEN total_ttc ELSE 0 END, CASE kind WHEN 'avoir' THEN total_ttc ELSE 0 END,
                CASE kind WHEN 'facture' THEN 0 ELSE 1 END AS rank
           FROM b2b_invoices WHERE customer_id = ?1 AND kind IN ('facture', 'avoir') AND day <= ?2
         UNION ALL
         SELECT day, 'paiement', id, reference, mode, 0, amount, 2
           FROM b2b_payments WHERE customer_id = ?1 AND day <= ?2
         ORDER BY 1, 8, 3",
    )?
    .query_map(params![customer_id, to], |r| {
        Ok(Movement {
            day: r.get(0)?,
            kind: r.get(1)?,
            id: r.get(2)?,
            number: r.get(3)?,
            mode: r.get(4)?,
            debit: r.get(5)?,
            credit: r.get(6)?,
        })
    })?
    .collect()
}
