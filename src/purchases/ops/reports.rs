//! What is owed to suppliers, derived from the purchases, their returns and their payments:
//! a supplier's statement, and the ageing of what every supplier is owed.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::AppError;
use crate::money::Money;
use crate::purchases::{AgeingRow, StatementRow, Status, Supplier, ageing_bucket, store};

/// A supplier and its statement: every received purchase (owed +), return and payment not
/// reversed (paid −), by date.
pub fn statement(conn: &Connection, supplier_id: i64) -> Result<(Supplier, Vec<StatementRow>), AppError> {
    let s = store::supplier(conn, supplier_id)?.ok_or(AppError::NotFound)?;
    let mut rows: Vec<StatementRow> = Vec::new();
    for p in store::purchases_of(conn, supplier_id)? {
        if p.status != Status::Received {
            continue;
        }
        let link = Some(format!("/achats/{}", p.id));
        let label = if p.invoice_ref.is_empty() {
            format!("Achat {}", p.number)
        } else {
            format!("Achat {} (facture {})", p.number, p.invoice_ref)
        };
        rows.push((p.day.clone(), label, link.clone(), p.total, Money::ZERO));
        for (day, value) in store::return_values_of(conn, p.id)? {
            rows.push((day, format!("Retour fournisseur — {}", p.number), link.clone(), Money::ZERO, value));
        }
        for y in store::payments_of(conn, p.id)?.into_iter().filter(|y| y.reversed_at.is_none()) {
            let label = format!("Paiement {} — {} {}", y.method.label().to_lowercase(), p.number, y.reference);
            rows.push((y.day, label, link.clone(), Money::ZERO, y.amount));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((s, rows))
}

/// Per supplier still owed something on `today`, what is owed by days past the due date.
pub fn ageing(conn: &Connection, today: NaiveDate) -> Result<Vec<AgeingRow>, AppError> {
    let mut out: Vec<AgeingRow> = Vec::new();
    for s in store::suppliers(conn)? {
        let mut buckets = [Money::ZERO; 5];
        for p in store::purchases_of(conn, s.id)? {
            let owed = p.owed();
            if owed.cents() == 0 {
                continue;
            }
            let day = NaiveDate::parse_from_str(&p.day, "%Y-%m-%d").unwrap_or(today);
            buckets[ageing_bucket(day, s.payment_days, today)] += owed;
        }
        if buckets.iter().any(|m| m.cents() != 0) {
            out.push((s, buckets));
        }
    }
    Ok(out)
}
