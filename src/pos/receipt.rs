//! What a ticket and a credit note print: laid out here from what the database holds (so a
//! reprint shows the same, marked DUPLICATA), queued for the till's printer in the caller's
//! transaction.

use rusqlite::{Connection, Transaction};

use super::{PayMethod, Refund, RefundLine, Ticket, store};
use crate::clock::parse_stamp;
use crate::error::AppError;
use crate::printing::{self, Doc, JobKind, Source};
use crate::settings::ShopSettings;

/// `24/11/2026 08:15`, in the shop's time zone.
pub fn local_time(shop: &ShopSettings, at: &str) -> String {
    parse_stamp(at).map(|t| t.with_timezone(&shop.tz()).format("%d/%m/%Y %H:%M").to_string()).unwrap_or_default()
}

fn method_label(code: &str) -> &'static str {
    PayMethod::from_code(code).map(PayMethod::label).unwrap_or("Autre")
}

fn header(doc: &mut Doc, shop: &ShopSettings) {
    doc.title(&shop.name);
    for line in shop.receipt_header.lines().chain(shop.address.lines()).filter(|l| !l.trim().is_empty()) {
        doc.center(line.trim());
    }
    if !shop.phone.is_empty() {
        doc.center(format!("Tél. {}", shop.phone));
    }
    let ids: Vec<String> = [("NIF", &shop.nif), ("RC", &shop.rc), ("NIS", &shop.nis), ("AI", &shop.ai)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if !ids.is_empty() {
        doc.center(ids.join(" · "));
    }
    doc.rule();
}

fn footer(doc: &mut Doc, shop: &ShopSettings) {
    doc.rule();
    for line in shop.receipt_footer.lines().filter(|l| !l.trim().is_empty()) {
        doc.center(line.trim());
    }
    if shop.receipt_footer.trim().is_empty() {
        doc.center("Merci de votre visite !");
    }
}

/// The receipt of a ticket (pure).
pub fn ticket_doc(shop: &ShopSettings, t: &Ticket, duplicata: bool) -> Doc {
    let s = &t.summary;
    let mut doc = Doc::default();
    header(&mut doc, shop);
    if duplicata {
        doc.title("DUPLICATA");
    }
    doc.text(format!("Ticket {}", s.number));
    doc.text(format!("{} · {}", local_time(shop, &s.at), s.till));
    doc.text(format!("Vendeuse : {}", s.seller));
    doc.rule();
    for l in &t.lines {
        doc.text(&l.name);
        doc.row(format!("  {} x {}", l.unit.format(l.qty), l.unit_price), l.gross.to_string());
        if l.line_discount.cents() > 0 {
            doc.row("  Remise", format!("-{}", l.line_discount));
        }
    }
    doc.rule();
    let ticket_discount = s.discount - t.lines.iter().map(|l| l.line_discount).sum();
    if s.discount.cents() > 0 {
        doc.row("Sous-total", (s.gross - (s.discount - ticket_discount)).to_string());
        if ticket_discount.cents() > 0 {
            doc.row("Remise sur le ticket", format!("-{ticket_discount}"));
        }
    }
    doc.total("TOTAL", s.total.to_string());
    for p in &t.payments {
        let label = match p.method.as_str() {
            "bon" => format!("{} {}", method_label(&p.method), p.reference),
            _ => method_label(&p.method).to_string(),
        };
        doc.row(label, p.amount.to_string());
    }
    if s.change.cents() > 0 {
        doc.row("Rendu", s.change.to_string());
    }
    footer(&mut doc, shop);
    doc
}

/// The credit note of a refund (pure).
pub fn credit_note_doc(
    shop: &ShopSettings,
    r: &Refund,
    lines: &[RefundLine],
    voucher: Option<&str>,
    duplicata: bool,
) -> Doc {
    let mut doc = Doc::default();
    header(&mut doc, shop);
    if duplicata {
        doc.title("DUPLICATA");
    }
    doc.title("AVOIR");
    doc.text(format!("Avoir {} · ticket {}", r.number, r.sale_number));
    doc.text(format!("{} · {}", local_time(shop, &r.at), r.user));
    doc.text(format!("Motif : {}", r.reason));
    doc.rule();
    for l in lines {
        doc.row(format!("{} x {}", l.unit.format(l.qty), l.name), l.amount.to_string());
    }
    doc.rule();
    doc.total("REMBOURSÉ", r.total.to_string());
    doc.row(method_label(&r.method), r.total.to_string());
    if let Some(code) = voucher {
        doc.rule();
        doc.center("Bon d'achat à présenter en caisse");
        doc.title(code);
        doc.push(printing::Block::Qr(code.to_string()));
    }
    footer(&mut doc, shop);
    doc
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
    let t = ticket(tx, sale_id)?;
    let shop = crate::settings::store::get(tx)?;
    let kind = if duplicata { JobKind::Duplicata } else { JobKind::Ticket };
    let source = Source { kind, source_type: "sale", source_id: Some(sale_id) };
    printing::enqueue(tx, t.summary.till_id, source, &ticket_doc(&shop, &t, duplicata), open_drawer, user_id, now)
}

/// Queues a credit note for the till that paid it back.
pub fn queue_credit_note(
    tx: &Transaction,
    refund_id: i64,
    open_drawer: bool,
    user_id: Option<i64>,
    now: &str,
) -> Result<i64, AppError> {
    let r = store::refund(tx, refund_id)?.ok_or(AppError::NotFound)?;
    let lines = store::refund_lines(tx, refund_id)?;
    let voucher = store::voucher_of_refund(tx, refund_id)?;
    let shop = crate::settings::store::get(tx)?;
    let doc = credit_note_doc(&shop, &r, &lines, voucher.as_deref(), false);
    let source = Source { kind: JobKind::CreditNote, source_type: "refund", source_id: Some(refund_id) };
    printing::enqueue(tx, r.till_id, source, &doc, open_drawer, user_id, now)
}

/// A voucher's code: the refund's number and a random part, so a code cannot be guessed.
pub fn voucher_code(refund_id: i64) -> String {
    format!("BA{refund_id}-{}", crate::auth::random_hex(3).to_uppercase())
}
