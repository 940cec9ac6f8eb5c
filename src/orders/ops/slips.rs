//! What an order prints, laid out from what the database holds (so a reprint shows the same,
//! marked DUPLICATA) and queued for the till's printer in the caller's transaction: the order
//! slip with its deposit (customer copy), the lab copy without prices, a payment receipt, the
//! pickup receipt with the balance and the change, the cancellation slip. The drawer opens only
//! when cash changes hands. A till without a printer queues nothing (the pages print them).

use rusqlite::{Connection, Transaction};

use super::full;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::cash::Till;
use crate::customers::format_phone;
use crate::error::AppError;
use crate::orders::{Method, OrderFull, Payment, Refund, Service};
use crate::printing::layout::{footer, header};
use crate::printing::{self, Doc, JobKind, Source};
use crate::settings::ShopSettings;

/// Which paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    /// The customer's copy: lines, prices, what was paid, what is left; the pickup reference.
    Customer,
    /// The lab's copy: what to make, for when, options and allergies; no price.
    Lab,
}

fn when(f: &OrderFull) -> String {
    let day = crate::ui::day_fr(&f.order.due_day);
    match f.order.service {
        Service::Pickup => format!("Retrait le {day} à {}", f.order.due_time),
        Service::Delivery => format!("Livraison le {day} à {}", f.order.due_time),
    }
}

fn who(doc: &mut Doc, f: &OrderFull) {
    doc.text(format!("Client : {}", f.customer.name));
    doc.text(format!("Tél. {}", format_phone(&f.customer.phone)));
    doc.text(when(f));
    if f.order.service == Service::Delivery && !f.order.address.is_empty() {
        doc.text(format!("Adresse : {}", f.order.address));
    }
}

fn payments(doc: &mut Doc, list: &[&Payment]) {
    for p in list {
        doc.row(format!("{} ({})", p.kind_label(), Method::label_of(&p.method)), p.amount.to_string());
        if p.change.cents() != 0 {
            doc.row("  Reçu", p.tendered.to_string()).row("  Rendu", p.change.to_string());
        }
    }
}

/// The order slip: the customer's copy (with prices and the deposit) or the lab's (without).
pub fn order_doc(shop: &ShopSettings, f: &OrderFull, slip: Slip, duplicata: bool) -> Doc {
    let mut doc = Doc::default();
    if slip == Slip::Customer {
        header(&mut doc, shop);
    }
    if duplicata {
        doc.title("DUPLICATA");
    }
    doc.title(if slip == Slip::Lab { "COPIE LABO" } else { "BON DE COMMANDE" });
    doc.center(f.order.number.clone());
    who(&mut doc, f);
    doc.rule();
    for l in &f.lines {
        match slip {
            Slip::Customer => {
                doc.text(l.name.clone());
                doc.row(format!("  {} x {}", l.unit.format(l.qty), l.unit_price), l.total.to_string());
            }
            Slip::Lab => {
                doc.row(l.name.clone(), l.unit.format(l.qty));
            }
        }
        if !l.options.is_empty() {
            doc.text(format!("  « {} »", l.options));
        }
    }
    if !f.customer.allergies.is_empty() {
        doc.rule().text(format!("ALLERGIES : {}", f.customer.allergies));
    }
    if !f.order.notes.is_empty() {
        doc.text(format!("Notes : {}", f.order.notes));
    }
    if slip == Slip::Customer {
        doc.rule().total("TOTAL", f.order.total.to_string());
        payments(&mut doc, &f.payments.iter().collect::<Vec<_>>());
        doc.total("Reste à payer", f.order.balance().to_string());
        doc.center(format!("Présentez ce bon au retrait : {}", f.order.number));
        footer(&mut doc, shop);
    }
    doc.push(printing::Block::Feed(3));
    doc
}

/// A payment's receipt (a deposit after the order was taken, a payment on account).
pub fn payment_doc(shop: &ShopSettings, f: &OrderFull, payment_id: i64) -> Doc {
    let mut doc = Doc::default();
    header(&mut doc, shop);
    doc.title("REÇU").center(format!("Commande {}", f.order.number));
    who(&mut doc, f);
    doc.rule();
    payments(&mut doc, &f.payments.iter().filter(|p| p.id == payment_id).collect::<Vec<_>>());
    doc.rule().row("Total de la commande", f.order.total.to_string()).row("Déjà payé", f.order.paid.to_string());
    doc.total("Reste à payer", f.order.balance().to_string());
    footer(&mut doc, shop);
    doc
}

/// The pickup receipt: the goods, the total, what was paid before, the balance and the change.
pub fn handover_doc(shop: &ShopSettings, f: &OrderFull, duplicata: bool) -> Doc {
    let mut doc = Doc::default();
    header(&mut doc, shop);
    if duplicata {
        doc.title("DUPLICATA");
    }
    doc.title("REMISE DE COMMANDE").center(f.order.number.clone());
    doc.text(format!("Client : {}", f.customer.name));
    doc.rule();
    for l in &f.lines {
        doc.text(l.name.clone());
        doc.row(format!("  {} x {}", l.unit.format(l.qty), l.unit_price), l.total.to_string());
    }
    doc.rule().total("TOTAL", f.order.total.to_string());
    payments(&mut doc, &f.payments.iter().collect::<Vec<_>>());
    doc.total("Reste à payer", f.order.balance().to_string());
    footer(&mut doc, shop);
    doc
}

/// The cancellation slip: what happened to the money.
pub fn cancel_doc(shop: &ShopSettings, f: &OrderFull, refund: Option<Refund>) -> Doc {
    let mut doc = Doc::default();
    header(&mut doc, shop);
    doc.title("ANNULATION").center(format!("Commande {}", f.order.number));
    doc.text(format!("Client : {}", f.customer.name));
    if !f.order.cancel_reason.is_empty() {
        doc.text(format!("Motif : {}", f.order.cancel_reason));
    }
    doc.rule();
    let paid: crate::money::Money = f.payments.iter().filter(|p| p.amount.cents() > 0).map(|p| p.amount).sum();
    match refund {
        Some(Refund::Cash) => doc.total("Acompte rendu (espèces)", paid.to_string()),
        Some(Refund::Credit) => doc.total("Avoir gardé pour le client", paid.to_string()),
        None => doc.text("Aucun paiement à rendre."),
    };
    footer(&mut doc, shop);
    doc
}

fn queue(tx: &Transaction, till: &Till, source: Source, doc: &Doc, drawer: bool, st: &Stamp) -> Result<(), AppError> {
    printing::enqueue(tx, till.id, source, doc, drawer && till.drawer, st.actor.user_id, &st.now)?;
    Ok(())
}

/// A till with a receipt printer; without one nothing is laid out or queued.
fn prints(till: &Till) -> bool {
    till.printer_driver != "aucun"
}

fn order_source(id: i64) -> Source<'static> {
    Source { kind: JobKind::Ticket, source_type: "order", source_id: Some(id) }
}

/// At creation: the customer's slip (opening the drawer for a cash deposit) and the lab's copy.
pub fn queue_order(tx: &Transaction, id: i64, till: &Till, cash: bool, st: &Stamp) -> Result<(), AppError> {
    if !prints(till) {
        return Ok(());
    }
    let (f, shop) = (full(tx, id)?, crate::settings::store::get(tx)?);
    queue(tx, till, order_source(id), &order_doc(&shop, &f, Slip::Customer, false), cash, st)?;
    queue(tx, till, order_source(id), &order_doc(&shop, &f, Slip::Lab, false), false, st)
}

/// The customer's copy alone (an order with nothing for the lab to make).
pub fn queue_customer_copy(tx: &Transaction, id: i64, till: &Till, cash: bool, st: &Stamp) -> Result<(), AppError> {
    if !prints(till) {
        return Ok(());
    }
    let (f, shop) = (full(tx, id)?, crate::settings::store::get(tx)?);
    queue(tx, till, order_source(id), &order_doc(&shop, &f, Slip::Customer, false), cash, st)
}

pub fn queue_payment(
    tx: &Transaction,
    id: i64,
    payment_id: i64,
    till: &Till,
    cash: bool,
    st: &Stamp,
) -> Result<(), AppError> {
    if !prints(till) {
        return Ok(());
    }
    let (f, shop) = (full(tx, id)?, crate::settings::store::get(tx)?);
    let source = Source { kind: JobKind::Ticket, source_type: "order_payment", source_id: Some(payment_id) };
    queue(tx, till, source, &payment_doc(&shop, &f, payment_id), cash, st)
}

pub fn queue_handover(tx: &Transaction, id: i64, till: &Till, cash: bool, st: &Stamp) -> Result<(), AppError> {
    if !prints(till) {
        return Ok(());
    }
    let (f, shop) = (full(tx, id)?, crate::settings::store::get(tx)?);
    queue(tx, till, order_source(id), &handover_doc(&shop, &f, false), cash, st)
}

pub fn queue_cancel(
    tx: &Transaction,
    id: i64,
    refund: Option<Refund>,
    till: &Till,
    st: &Stamp,
) -> Result<(), AppError> {
    if !prints(till) {
        return Ok(());
    }
    let (f, shop) = (full(tx, id)?, crate::settings::store::get(tx)?);
    queue(tx, till, order_source(id), &cancel_doc(&shop, &f, refund), refund == Some(Refund::Cash), st)
}

/// The slip a page shows (and the browser prints) for a till without a printer.
pub fn current_doc(conn: &Connection, id: i64, slip: Slip) -> Result<Doc, AppError> {
    let (f, shop) = (full(conn, id)?, crate::settings::store::get(conn)?);
    Ok(match (slip, f.order.status) {
        (Slip::Customer, crate::orders::Status::HandedOver) => handover_doc(&shop, &f, false),
        _ => order_doc(&shop, &f, slip, false),
    })
}

/// Prints the order's slip again (the pickup receipt once handed over), marked DUPLICATA, never
/// opening the drawer; audited.
pub fn reprint(tx: &Transaction, st: &Stamp, id: i64, till: &Till) -> Result<(), AppError> {
    let (f, shop) = (full(tx, id)?, crate::settings::store::get(tx)?);
    let doc = match f.order.status {
        crate::orders::Status::HandedOver => handover_doc(&shop, &f, true),
        _ => order_doc(&shop, &f, Slip::Customer, true),
    };
    printing::reprint(tx, till.id, "order", Some(id), &doc, st.actor.user_id, &st.now)?;
    let e = Event::new(
        AuditKind::ReceiptReprinted,
        "orders",
        id,
        format!("Bon de la commande {} réimprimé.", f.order.number),
    );
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}
