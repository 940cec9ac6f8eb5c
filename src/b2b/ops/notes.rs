//! Delivery notes ("bons de livraison", `BL-2026-00001`, gapless): what left the counter for an
//! order, at the PMP through the stock domain's issue (Dr cost of sales · Cr stock), and on
//! return what came back per line: back to the counter (at the value it left with: the entry
//! reversed for that part) or thrown away (its cost stays in the cost of sales). Delivered =
//! shipped − returned; that is what the invoice bills.

use chrono::Datelike;
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::invalid;
use crate::accounting::{self, EntryDraft, Journal, LineDraft, stock_account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::b2b::store::{self, orders::NoteHead};
use crate::b2b::{NoteLine, Order};
use crate::catalog::Product;
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::pos::ops::cost_account;
use crate::stock::{self, MoveCtx, MoveKind};

/// The counter the goods leave from and come back to: the first active "comptoir" place.
fn counter(conn: &Connection) -> Result<i64, AppError> {
    stock::store::all_locations(conn)?
        .into_iter()
        .find(|(l, on)| *on && l.kind == "comptoir")
        .map(|(l, _)| l.id)
        .ok_or_else(|| AppError::rule("Aucun comptoir actif : créez-le dans les lieux de stock."))
}

/// What left, as typed: per order line (by position), the quantity shipped (≤ ordered).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShipDraft {
    pub shipped: Vec<(i64, Qty)>,
    pub token: Option<String>,
}

/// What came back, as typed: per note line, returned and (of it) thrown away.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReturnDraft {
    pub lines: Vec<(i64, Qty, Qty)>,
}

/// The stock moves of a document: a note (`b2b_note`) or a credit note (`b2b_invoice`).
pub(super) fn ctx(st: &Stamp, (source_type, source_id): (&'static str, i64), note: String) -> MoveCtx {
    MoveCtx { at: st.now.clone(), day: st.day, user_id: st.actor.user_id, source_type, source_id, note }
}

/// The value of `back` of what a note line shipped: the unit value it left the counter with (its
/// cost out over what was shipped), rounded down. The one rule for goods coming back, on the note
/// or with a credit note after invoicing.
pub fn value_back(cost: Money, shipped: Qty, back: Qty) -> Money {
    if shipped.milli() <= 0 || back.milli() <= 0 {
        return Money::ZERO;
    }
    Money::from_cents(cost.cents() * back.milli() / shipped.milli())
}

/// Goods back on the counter at `value` (see `value_back`), and their part of the document's
/// entry: Dr stock · Cr cost of sales. Nothing when nothing of value came back (what left with no
/// value, a product not tracked that the counter did not hold, comes back as nothing).
pub(super) fn back_to_counter(
    tx: &Transaction,
    moves: &MoveCtx,
    entry: &mut EntryDraft,
    product_id: i64,
    back: Qty,
    value: Money,
) -> Result<(), AppError> {
    if back.milli() <= 0 || value.cents() <= 0 {
        return Ok(());
    }
    let p = crate::catalog::store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    stock::ops::receive(tx, moves, p.id, counter(tx)?, back, value, MoveKind::Refund)?;
    entry.add(LineDraft::debit(stock_account(p.kind), value, "Retour de livraison pro"));
    entry.add(LineDraft::credit(cost_account(p.kind), value, "Retour de livraison pro"));
    Ok(())
}

/// One line out of the counter; returns its value. A product not tracked takes what is there.
fn issue(tx: &Transaction, c: &MoveCtx, p: &Product, place: i64, qty: Qty) -> Result<Money, AppError> {
    let held = stock::store::balance(tx, p.id, place)?.qty;
    let out = if p.track_stock { qty } else { qty.min(held) };
    if out.milli() <= 0 {
        return Ok(Money::ZERO);
    }
    stock::ops::issue(tx, c, p.id, place, out, MoveKind::Sale)
}

/// Sends an order out: the note, its lines (short when less left than ordered), the goods out of
/// the counter at the PMP and the cost entry. Refused once the order has left or was cancelled.
pub fn ship(tx: &Transaction, st: &Stamp, order_id: i64, d: &ShipDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "b2b_note", d.token.as_deref(), st.actor.user_id, &(order_id, d), &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::orders::note_by_token(tx, t)?
    {
        return Ok(id);
    }
    let o: Order = store::orders::order(tx, order_id)?.ok_or(AppError::NotFound)?;
    if store::orders::set_status(tx, order_id, "confirmee", "livree")? == 0 {
        return Err(AppError::refused(
            "already_shipped",
            format!("La commande {} est déjà sortie ou annulée.", o.number),
        ));
    }
    let year = st.day.year();
    let number = format!("BL-{year}-{:05}", accounting::store::next_number(tx, "BL", year)?);
    let day = st.day.to_string();
    let id = store::orders::insert_note(tx, &number, &o, &day, (d.token.as_deref(), st.actor.user_id, &st.now))?;
    let place = counter(tx)?;
    let moves = ctx(st, ("b2b_note", id), format!("Bon de livraison {number} — {}", o.customer));
    let mut entry = EntryDraft::new(Journal::Misc, st.day, format!("Bon de livraison {number}"), "b2b_note", id);
    for (i, l) in store::orders::order_lines(tx, order_id)?.into_iter().enumerate() {
        let pos = i as i64 + 1;
        let shipped = d.shipped.iter().find(|(p, _)| *p == pos).map(|(_, q)| *q).unwrap_or(l.qty);
        if shipped > l.qty {
            return Err(invalid(&format!("shipped.{pos}"), format!("Au plus {} de « {} » (commandé).", l.qty, l.name)));
        }
        let p = crate::catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
        let cost = if shipped.milli() > 0 { issue(tx, &moves, &p, place, shipped)? } else { Money::ZERO };
        entry.add(LineDraft::debit(cost_account(p.kind), cost, "Coût des livraisons pro"));
        entry.add(LineDraft::credit(stock_account(p.kind), cost, "Coût des livraisons pro"));
        let line = NoteLine {
            position: pos,
            product_id: p.id,
            name: p.name,
            ordered: l.qty,
            shipped,
            returned: Qty::ZERO,
            wasted: Qty::ZERO,
            unit_price: l.unit_price,
            cost,
        };
        store::orders::insert_note_line(tx, id, pos, &line)?;
    }
    if entry.lines.len() >= 2 {
        accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    }
    let e = Event::new(AuditKind::B2bNote, "b2b_notes", id, format!("Bon de livraison {number} sorti ({}).", o.number));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(id)
}

/// Records what came back of a note: per line returned (≤ shipped) and of it thrown away; the
/// rest back on the counter at the value it left with. Once per note.
pub fn record_return(tx: &Transaction, st: &Stamp, note_id: i64, d: &ReturnDraft) -> Result<(), AppError> {
    let (id, number, ..): NoteHead = store::orders::note(tx, note_id)?.ok_or(AppError::NotFound)?;
    if store::orders::close_note(tx, id, &st.now)? == 0 {
        return Err(AppError::refused("already_returned", format!("Le retour du bon {number} est déjà enregistré.")));
    }
    let moves = ctx(st, ("b2b_note", id), format!("Retour du bon {number}"));
    let mut entry = EntryDraft::new(Journal::Misc, st.day, format!("Retour du bon {number}"), "b2b_note", id);
    for l in store::orders::note_lines(tx, id)? {
        let (returned, wasted) =
            d.lines.iter().find(|(p, ..)| *p == l.position).map(|(_, r, w)| (*r, *w)).unwrap_or((Qty::ZERO, Qty::ZERO));
        if returned > l.shipped {
            return Err(invalid(
                &format!("returned.{}", l.position),
                format!("Au plus {} de « {} » (sorti).", l.shipped, l.name),
            ));
        }
        if wasted > returned {
            return Err(invalid(&format!("wasted.{}", l.position), "On ne jette pas plus que ce qui est revenu."));
        }
        store::orders::set_returned(tx, id, l.position, returned, wasted)?;
        let back = returned - wasted;
        back_to_counter(tx, &moves, &mut entry, l.product_id, back, value_back(l.cost, l.shipped, back))?;
    }
    if entry.lines.len() >= 2 {
        accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    }
    let e = Event::new(AuditKind::B2bNote, "b2b_notes", id, format!("Retour du bon {number} enregistré."))
        .after(json!({"lines": d.lines.iter().map(|(p, r, w)| json!([p, r.milli(), w.milli()])).collect::<Vec<_>>()}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

/// A note with its lines and its order, for its page and its PDF.
pub fn note_full(conn: &Connection, id: i64) -> Result<(NoteHead, Vec<NoteLine>, Order), AppError> {
    let head = store::orders::note(conn, id)?.ok_or(AppError::NotFound)?;
    let lines = store::orders::note_lines(conn, id)?;
    let order = store::orders::order(conn, head.2)?.ok_or(AppError::NotFound)?;
    Ok((head, lines, order))
}

/// The note on A4: the shop and the customer, what left, what is short, what came back and was
/// delivered, a place for the customer's signature. (bytes, number)
pub fn note_pdf(conn: &Connection, id: i64) -> Result<(Vec<u8>, String), AppError> {
    use crate::pdf::{Align, Doc, Table};
    let ((_, number, _, customer_id, day, status, _), lines, o) = note_full(conn, id)?;
    let shop = crate::settings::store::get(conn)?;
    let c = store::customer(conn, customer_id)?.ok_or(AppError::NotFound)?;
    let mut doc = Doc::new(&format!("Bon de livraison {number}"));
    doc.heading(&format!("Bon de livraison {number}"));
    let seller = [shop.name.as_str(), shop.address.as_str(), &format!("NIF {}", shop.nif), &format!("RC {}", shop.rc)];
    let to = if c.delivery_address.is_empty() { &c.address } else { &c.delivery_address };
    doc.pair(&seller, &[c.name.as_str(), to.as_str(), &format!("NIF {}", c.nif)]);
    doc.fields(&[("Date", &crate::ui::day_fr(&day)), ("Commande", &o.number)]);
    let back = status != "sorti";
    let mut t = Table::new(&[
        ("Produit", 3.0, Align::Left),
        ("Commandé", 1.0, Align::Right),
        ("Sorti", 1.0, Align::Right),
        ("Manquant", 1.0, Align::Right),
        ("Revenu", 1.0, Align::Right),
        ("Livré", 1.0, Align::Right),
    ]);
    for l in &lines {
        let (ret, del) =
            if back { (l.returned.to_string(), l.delivered().to_string()) } else { (String::new(), String::new()) };
        t.add(&[l.name.clone(), l.ordered.to_string(), l.shipped.to_string(), l.short().to_string(), ret, del]);
    }
    doc.table(&t);
    doc.space(12.0);
    doc.pair(&["Signature du livreur :"], &["Reçu par le client (nom, signature, cachet) :"]);
    Ok((doc.finish(), number))
}
