//! The SQL of invoices, proformas and credit notes (`b2b_invoices`, `b2b_invoice_lines`).

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::b2b::{Goods, Invoice, InvoiceKind, InvoiceLine};
use crate::money::{Money, Qty};

/// What is left to pay on an invoice: its TTC less its credit notes and its payments.
const OPEN: &str = "CASE WHEN i.kind = 'facture' THEN i.total_ttc
        - coalesce((SELECT sum(a.total_ttc) FROM b2b_invoices a WHERE a.corrects_id = i.id), 0)
        - coalesce((SELECT sum(p.amount) FROM b2b_payment_allocations p WHERE p.invoice_id = i.id), 0) ELSE 0 END";

fn select() -> String {
    format!(
        "SELECT i.id, i.kind, i.number, i.customer_id, c.name, i.day, i.due_day, i.regime, i.total_ht, i.total_tva,
                i.total_ttc, i.corrects_id, (SELECT k.number FROM b2b_invoices k WHERE k.id = i.corrects_id),
                i.reason, i.entry_id, {OPEN}
           FROM b2b_invoices i JOIN b2b_customers c ON c.id = i.customer_id"
    )
}

fn row(r: &Row) -> rusqlite::Result<Invoice> {
    let kind: String = r.get(1)?;
    let corrects_id: Option<i64> = r.get(11)?;
    let corrects_number: Option<String> = r.get(12)?;
    Ok(Invoice {
        id: r.get(0)?,
        kind: InvoiceKind::from_code(&kind).unwrap_or(InvoiceKind::Facture),
        number: r.get(2)?,
        customer_id: r.get(3)?,
        customer: r.get(4)?,
        day: r.get(5)?,
        due_day: r.get(6)?,
        regime: r.get(7)?,
        total_ht: r.get(8)?,
        total_tva: r.get(9)?,
        total_ttc: r.get(10)?,
        corrects: corrects_id.zip(corrects_number),
        reason: r.get(13)?,
        entry_id: r.get(14)?,
        open: r.get(15)?,
    })
}

pub fn invoice(conn: &Connection, id: i64) -> rusqlite::Result<Option<Invoice>> {
    conn.prepare_cached(&format!("{} WHERE i.id = ?1", select()))?.query_row([id], row).optional()
}

/// Invoices of a customer (or all): what is still to pay first, then the newest.
pub fn invoices(conn: &Connection, customer_id: Option<i64>) -> rusqlite::Result<Vec<Invoice>> {
    conn.prepare_cached(&format!(
        "{} WHERE ?1 IS NULL OR i.customer_id = ?1 ORDER BY ({OPEN}) > 0 DESC, i.due_day, i.id DESC",
        select()
    ))?
    .query_map([customer_id], row)?
    .collect()
}

/// The credit notes of an invoice.
pub fn credit_notes(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<Invoice>> {
    conn.prepare_cached(&format!("{} WHERE i.corrects_id = ?1 ORDER BY i.id", select()))?
        .query_map([invoice_id], row)?
        .collect()
}

pub fn by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM b2b_invoices WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

pub fn next_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM b2b_invoices", [], |r| r.get(0))
}

/// An invoice's head as it is written, once.
pub struct NewInvoice<'a> {
    pub id: i64,
    pub kind: InvoiceKind,
    pub number: &'a str,
    pub customer_id: i64,
    pub day: &'a str,
    pub due_day: &'a str,
    pub regime: &'a str,
    pub totals: (Money, Money),
    pub corrects_id: Option<i64>,
    pub reason: &'a str,
    pub entry_id: Option<i64>,
    pub token: Option<&'a str>,
    pub user_id: Option<i64>,
    pub now: &'a str,
}

pub fn insert_invoice(conn: &Connection, n: &NewInvoice) -> rusqlite::Result<()> {
    let (ht, tva) = n.totals;
    conn.prepare_cached(
        "INSERT INTO b2b_invoices (id, kind, number, customer_id, day, due_day, regime, total_ht, total_tva,
                                   total_ttc, corrects_id, reason, entry_id, token, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        n.id,
        n.kind.code(),
        n.number,
        n.customer_id,
        n.day,
        n.due_day,
        n.regime,
        ht,
        tva,
        ht + tva,
        n.corrects_id,
        n.reason,
        n.entry_id,
        n.token,
        n.user_id,
        n.now
    ])?;
    Ok(())
}

pub fn insert_line(conn: &Connection, invoice_id: i64, l: &InvoiceLine) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO b2b_invoice_lines (invoice_id, position, section, note_id, product_id, label, qty, unit_price,
                                        tva_bp, total_ht, tva, returned, wasted, back_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        invoice_id,
        l.position,
        l.section,
        l.note_id,
        l.product_id,
        l.label,
        l.qty,
        l.unit_price,
        l.tva_bp,
        l.total_ht,
        l.tva,
        l.goods.returned,
        l.goods.wasted,
        l.goods.back_value
    ])?;
    Ok(())
}

pub fn lines(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<InvoiceLine>> {
    conn.prepare_cached(
        "SELECT position, section, note_id, product_id, label, qty, unit_price, tva_bp, total_ht, tva,
                returned, wasted, back_value
           FROM b2b_invoice_lines WHERE invoice_id = ?1 ORDER BY position",
    )?
    .query_map([invoice_id], |r| {
        Ok(InvoiceLine {
            position: r.get(0)?,
            section: r.get(1)?,
            note_id: r.get(2)?,
            product_id: r.get(3)?,
            label: r.get(4)?,
            qty: r.get(5)?,
            unit_price: r.get(6)?,
            tva_bp: r.get(7)?,
            total_ht: r.get(8)?,
            tva: r.get(9)?,
            goods: Goods { returned: r.get(10)?, wasted: r.get(11)?, back_value: r.get(12)? },
        })
    })?
    .collect()
}

/// What the credit notes of an invoice already took back, per invoice line: (position, HT, the
/// quantity that came back).
pub fn credited_lines(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<(i64, Money, Qty)>> {
    conn.prepare_cached(
        "SELECT l.position, sum(l.total_ht), sum(l.returned) FROM b2b_invoice_lines l
           JOIN b2b_invoices a ON a.id = l.invoice_id
          WHERE a.corrects_id = ?1 GROUP BY l.position",
    )?
    .query_map([invoice_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}
