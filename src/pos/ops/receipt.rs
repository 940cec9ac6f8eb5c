//! What a ticket and a credit note print: laid out here from what the database holds (so a
//! reprint shows the same, marked DUPLICATA), queued for the till's printer in the caller's
//! transaction.

use rusqlite::{Connection, Transaction};

use crate::audit::{self, Actor, AuditKind, Event};
use crate::error::AppError;
use crate::money::Money;
use crate::pos::{PayMethod, Refund, RefundLine, Ticket, store};
use crate::printing::layout::{self, ReceiptCreditNote, ReceiptLine, ReceiptTicket};
use crate::printing::{self, Doc, JobKind, Source};
use crate::settings::ShopSettings;

fn local_time(shop: &ShopSettings, at: &str) -> String {
    crate::clock::local_text(Some(at), shop.tz())
}

/// A ticket as its receipt prints it.
pub fn receipt_of(shop: &ShopSettings, t: &Ticket) -> ReceiptTicket {
    let s = &t.summary;
    ReceiptTicket {
        number: s.number.clone(),
        at_local: local_time(shop, &s.at),
        seller: s.seller.clone(),
        lines: t
            .lines
            .iter()
            .map(|l| ReceiptLine {
                name: l.name.clone(),
                qty_text: l.unit.format(l.qty),
                unit_price: l.unit_price,
                gross: l.gross,
                discount: l.line_discount,
                total: l.gross - l.line_discount,
            })
            .collect(),
        gross: s.gross,
        discount: s.discount,
        total: s.total,
        payments: t
            .payments
            .iter()
            .map(|p| match p.method.as_str() {
                "bon" => (format!("{} {}", PayMethod::label_of(&p.method), p.reference), p.amount),
                m => (PayMethod::label_of(m).to_string(), p.amount),
            })
            .collect(),
        tendered: s.tendered,
        change: s.change,
        tva: Vec::new(),
    }
}

/// A refund as its credit note prints it.
pub fn credit_note_of(
    shop: &ShopSettings,
    r: &Refund,
    lines: &[RefundLine],
    voucher: Option<String>,
) -> ReceiptCreditNote {
    ReceiptCreditNote {
        number: r.number.clone(),
        ticket_number: r.sale_number.clone(),
        at_local: local_time(shop, &r.at),
        seller: r.user.clone(),
        lines: lines
            .iter()
            .map(|l| ReceiptLine {
                name: format!("{}{}", l.name, if l.destination == "perte" { " (jeté)" } else { "" }),
                qty_text: l.unit.format(l.qty),
                unit_price: Money::ZERO,
                gross: l.amount,
                discount: Money::ZERO,
                total: l.amount,
            })
            .collect(),
        total: r.total,
        method: PayMethod::label_of(&r.method).to_string(),
        reason: r.reason.clone(),
        voucher_code: voucher,
    }
}

pub fn ticket(conn: &Connection, id: i64) -> Result<Ticket, AppError> {
    store::ticket(conn, id)?.ok_or(AppError::NotFound)
}

/// Queues a ticket's receipt (or its duplicata) for the till it was sold at.
pub fn queue_ticket(
    tx: &Transaction,
    sale_id: i64,
    open_drawer: bool,
    duplicata: bool,
    user_id: Option<i64>,
    now: &str,
) -> Result<i64, AppError> {
    let (t, doc) = ticket_doc(tx, sale_id, duplicata)?;
    let kind = if duplicata { JobKind::Duplicata } else { JobKind::Ticket };
    let source = Source { kind, source_type: "sale", source_id: Some(sale_id) };
    printing::enqueue(tx, t.summary.till_id, source, &doc, open_drawer, user_id, now)
}

/// The credit note of a refund, laid out.
pub fn credit_note_doc(conn: &Connection, refund_id: i64, duplicata: bool) -> Result<(Refund, Doc), AppError> {
    let r = store::refund(conn, refund_id)?.ok_or(AppError::NotFound)?;
    let lines = store::refund_lines(conn, refund_id)?;
    let voucher = store::voucher_of_refund(conn, refund_id)?;
    let shop = crate::settings::store::get(conn)?;
    let doc = layout::credit_note(&shop, &credit_note_of(&shop, &r, &lines, voucher), duplicata);
    Ok((r, doc))
}

/// The receipt of a ticket, laid out.
pub fn ticket_doc(conn: &Connection, sale_id: i64, duplicata: bool) -> Result<(Ticket, Doc), AppError> {
    let t = ticket(conn, sale_id)?;
    let shop = crate::settings::store::get(conn)?;
    let mut r = receipt_of(&shop, &t);
    r.tva = crate::tax::store::document_tva(conn, "sale", sale_id)?
        .into_iter()
        .filter(|(_, _, tva)| *tva != 0)
        .map(|(bp, _, tva)| (format!("dont TVA {}", crate::tax::pct_text(bp)), Money::from_cents(tva)))
        .collect();
    let doc = layout::sale_receipt(&shop, &r, duplicata);
    Ok((t, doc))
}

/// A ticket's receipt as the till shows it after the sale, and whether its till printed it.
pub fn ticket_receipt(conn: &Connection, sale_id: i64) -> Result<(Doc, bool), AppError> {
    let (t, doc) = ticket_doc(conn, sale_id, false)?;
    let prints = crate::cash::store::till(conn, t.summary.till_id)?.is_some_and(|t| t.printer_driver != "aucun");
    Ok((doc, prints))
}

/// Queues a credit note (or its duplicata) for the till that paid it back.
pub fn queue_credit_note(
    tx: &Transaction,
    refund_id: i64,
    open_drawer: bool,
    duplicata: bool,
    user_id: Option<i64>,
    now: &str,
) -> Result<i64, AppError> {
    let (r, doc) = credit_note_doc(tx, refund_id, duplicata)?;
    let source = Source {
        kind: if duplicata { JobKind::Duplicata } else { JobKind::CreditNote },
        source_type: "refund",
        source_id: Some(refund_id),
    };
    printing::enqueue(tx, r.till_id, source, &doc, open_drawer, user_id, now)
}

/// A voucher's code: the refund's number and a random part, so a code cannot be guessed.
pub fn voucher_code(refund_id: i64) -> String {
    format!("BA{refund_id}-{}", crate::auth::random_hex(3).to_uppercase())
}

/// Prints a ticket again, marked DUPLICATA, never opening the drawer; audited.
pub fn reprint_ticket(tx: &Transaction, actor: &Actor, sale_id: i64, now: &str) -> Result<(), AppError> {
    let t = ticket(tx, sale_id)?;
    queue_ticket(tx, sale_id, false, true, actor.user_id, now)?;
    let e =
        Event::new(AuditKind::ReceiptReprinted, "sales", sale_id, format!("Ticket {} réimprimé.", t.summary.number));
    audit::record(tx, actor, now, e)?;
    Ok(())
}

/// Prints a credit note again, marked DUPLICATA; audited. Returns its ticket's id.
pub fn reprint_credit_note(tx: &Transaction, actor: &Actor, refund_id: i64, now: &str) -> Result<i64, AppError> {
    let r = store::refund(tx, refund_id)?.ok_or(AppError::NotFound)?;
    queue_credit_note(tx, refund_id, false, true, actor.user_id, now)?;
    let e = Event::new(AuditKind::ReceiptReprinted, "refunds", refund_id, format!("Avoir {} réimprimé.", r.number));
    audit::record(tx, actor, now, e)?;
    Ok(r.sale_id)
}
