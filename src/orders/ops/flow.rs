//! The lab's and the shop's steps: start (the lab takes the order: its lines are frozen), make
//! (the production operation, into the "réservé commandes" place, once per line), receive (the
//! shop has the goods: the order waits for its customer). Each is a no-op when already done and
//! refused once the order is handed over or cancelled.

use rusqlite::Transaction;

use super::{order, reserved_place, wrong_state};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::AppError;
use crate::orders::{Order, Source, Status, store};
use crate::production::{self, ProductionDraft};

fn changed(tx: &Transaction, st: &Stamp, o: &Order, what: &str) -> Result<(), AppError> {
    let e = Event::new(AuditKind::OrderChanged, "orders", o.id, format!("Commande {} {what}.", o.number));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

fn start_inner(tx: &Transaction, st: &Stamp, o: &Order) -> Result<(), AppError> {
    store::set_status(tx, o.id, Status::Confirmed, Status::InProduction, &st.now)?;
    changed(tx, st, o, "lancée en production")
}

/// The lab takes the order: confirmed → in production. From then on its lines do not change.
pub fn start(tx: &Transaction, st: &Stamp, order_id: i64) -> Result<(), AppError> {
    let o = order(tx, order_id)?;
    match o.status {
        Status::Confirmed => start_inner(tx, st, &o),
        Status::InProduction | Status::Ready => Ok(()),
        _ => Err(wrong_state(&o, "la lancer en production")),
    }
}

/// The lab made the order's lines (all, or the one given): each through the production
/// operation (ingredients out at their PMP, the product into "réservé commandes" at that value),
/// once per line whatever screen asks. Starts a confirmed order. Returns how many lines were made.
pub fn make(tx: &Transaction, st: &Stamp, order_id: i64, line_id: Option<i64>) -> Result<usize, AppError> {
    let o = order(tx, order_id)?;
    match o.status {
        Status::Confirmed => start_inner(tx, st, &o)?,
        Status::InProduction => {}
        Status::Ready => return Ok(0),
        _ => return Err(wrong_state(&o, "la fabriquer")),
    }
    let customer = crate::customers::store::customer(tx, o.customer_id)?.map(|c| c.name).unwrap_or_default();
    let place = reserved_place(tx)?;
    let mut made = 0;
    for l in store::lines(tx, o.id)? {
        if l.source != Source::Lab || l.production_id.is_some() || line_id.is_some_and(|id| id != l.id) {
            continue;
        }
        let d = ProductionDraft {
            product_id: l.product_id,
            qty: l.qty,
            location_id: place,
            token: Some(format!("commande-{}-ligne-{}", o.id, l.id)),
            note: format!("Commande {} — {customer}", o.number),
        };
        let production_id = production::ops::produce(tx, &st.actor, &d, &st.now, st.day)?;
        store::set_made(tx, l.id, production_id, &st.now)?;
        made += 1;
    }
    if made > 0 {
        changed(tx, st, &o, &format!("fabriquée ({made} ligne(s))"))?;
    }
    Ok(made)
}

/// The shop received the order from the lab: in production → ready, once everything is made. An
/// order with nothing to make (goods taken from the counter) may be received straight away.
pub fn receive(tx: &Transaction, st: &Stamp, order_id: i64) -> Result<(), AppError> {
    let o = order(tx, order_id)?;
    let lines = store::lines(tx, o.id)?;
    let left: Vec<String> =
        lines.iter().filter(|l| !l.is_made()).map(|l| format!("{} × {}", l.unit.format(l.qty), l.name)).collect();
    match o.status {
        Status::Ready => return Ok(()),
        Status::InProduction => {}
        Status::Confirmed if left.is_empty() => start_inner(tx, st, &o)?,
        Status::Confirmed => return Err(wrong_state(&o, "la recevoir au magasin")),
        _ => return Err(wrong_state(&o, "la recevoir au magasin")),
    }
    if !left.is_empty() {
        return Err(AppError::refused(
            "not_made",
            format!("Le labo n'a pas fini la commande {} : reste à faire {}.", o.number, left.join(", ")),
        ));
    }
    store::set_status(tx, o.id, Status::InProduction, Status::Ready, &st.now)?;
    changed(tx, st, &o, "reçue au magasin")
}
