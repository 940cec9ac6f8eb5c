//! A run leaving the shop: ready delivery orders given to a deliveryman, their goods moved to
//! "En livraison" at their value (a transfer: still the shop's stock until each stop is settled),
//! the run sheet queued for the till's receipt printer.

use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{invalid, out_place};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::cash::Till;
use crate::deliveries::store::{self, NewRun};
use crate::deliveries::{AssignDraft, Deliveryman, OrderDelivery, RunFull, Stop, fee_to_shop};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::orders::{self, OrderFull, Service, Status, Summary};
use crate::printing::{self, Doc, JobKind};
use crate::stock::{self, MoveCtx};

/// The delivery orders ready at the shop and on no run yet, with their zone and fee if set.
pub fn ready_orders(conn: &Connection) -> Result<Vec<(Summary, Option<OrderDelivery>)>, AppError> {
    let f = orders::store::Filter { statuses: vec![Status::Ready], limit: 500, ..Default::default() };
    let mut out = Vec::new();
    for o in orders::store::list(conn, &f)? {
        if o.service == Service::Delivery && store::open_run_of(conn, o.id)?.is_none() {
            let d = store::order_delivery(conn, o.id)?;
            out.push((o, d));
        }
    }
    Ok(out)
}

fn active_man(conn: &Connection, id: i64) -> Result<Deliveryman, AppError> {
    match store::deliveryman(conn, id)? {
        Some(m) if m.active => Ok(m),
        _ => Err(invalid("deliveryman_id", "Choisissez un livreur actif.")),
    }
}

/// Why an order may not leave on a run, if it may not.
fn refusal(conn: &Connection, f: &OrderFull) -> Result<Option<String>, AppError> {
    let o = &f.order;
    Ok(if o.service != Service::Delivery {
        Some(format!("La commande {} est à retirer au magasin : elle ne part pas en livraison.", o.number))
    } else if o.status != Status::Ready {
        Some(format!("La commande {} n'est pas prête à livrer ({}).", o.number, o.status.label().to_lowercase()))
    } else if let Some(run) = store::open_run_of(conn, o.id)? {
        Some(format!("La commande {} est déjà sur la tournée n° {run}, pas encore réglée.", o.number))
    } else if store::order_delivery(conn, o.id)?.is_none() {
        Some(format!("La commande {} n'a pas de zone de livraison : choisissez-la d'abord.", o.number))
    } else {
        None
    })
}

/// The orders of a run, each checked; every refusal beside its order.
fn orders_of(tx: &Transaction, ids: &[i64]) -> Result<Vec<(OrderFull, OrderDelivery)>, AppError> {
    let mut e = FieldErrors::new();
    if ids.is_empty() {
        e.add("order_ids", "Choisissez au moins une commande prête à livrer.");
    }
    let mut out = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        if ids[..i].contains(&id) {
            continue;
        }
        let Ok(f) = orders::ops::full(tx, id) else {
            e.add(&format!("order_ids.{id}"), format!("Commande n° {id} inconnue."));
            continue;
        };
        match (refusal(tx, &f)?, store::order_delivery(tx, id)?) {
            (Some(why), _) => e.add(&format!("order_ids.{id}"), why),
            (None, Some(d)) => out.push((f, d)),
            (None, None) => {}
        }
    }
    e.into_result(out).map_err(AppError::Invalid)
}

/// Moves the goods held for an order (made by the lab or set aside from the counter) between
/// "réservé commandes" and "En livraison" (`out`: leaving; else coming back). A product whose
/// stock is not followed stays a counter line, taken from the counter at handover like the till.
pub(crate) fn move_goods(tx: &Transaction, ctx: &MoveCtx, f: &OrderFull, out: bool) -> Result<(), AppError> {
    let (van, reserved) = (out_place(tx)?, orders::ops::reserved_place(tx)?);
    for l in f.lines.iter().filter(|l| l.held()) {
        let (from, to) = if out { (reserved, van) } else { (van, reserved) };
        stock::ops::transfer(tx, ctx, l.product_id, from, to, l.qty)?;
    }
    Ok(())
}

/// Sets aside the counter goods of the orders leaving (each from the till's counter, once):
/// a counter that lacks something refuses the run, beside the order.
fn set_aside(tx: &Transaction, st: &Stamp, list: &[(OrderFull, OrderDelivery)], till: &Till) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    for (f, _) in list {
        for (_, why) in orders::ops::set_aside(tx, st, &f.order, till)? {
            e.add(&format!("order_ids.{}", f.order.id), format!("Commande {} : {why}", f.order.number));
        }
    }
    e.into_result(()).map_err(AppError::Invalid)
}

/// Sends ready delivery orders out with a deliveryman: one run, a stop per order in the order
/// given, the goods to "En livraison", the run sheet to the till's printer. Refused (nothing
/// saved) for an order that is not a ready delivery, is already on an open run, or has no zone.
/// A replayed token answers the first run.
pub fn assign(tx: &Transaction, st: &Stamp, d: &AssignDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "delivery_run", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::run_by_token(tx, t)?
    {
        return Ok(id);
    }
    let man = active_man(tx, d.deliveryman_id)?;
    let till = orders::ops::till(tx, d.till_id)?;
    let list = orders_of(tx, &d.order_ids)?;
    set_aside(tx, st, &list, &till)?;
    let day = st.day.to_string();
    let to_shop = fee_to_shop(store::fee_to_shop(tx)?, man.kind);
    let new = NewRun {
        deliveryman_id: man.id,
        till_id: till.id,
        day: &day,
        now: &st.now,
        user_id: st.actor.user_id,
        fee_to_shop: to_shop,
        commission_pct: man.commission_pct,
        token: d.token.as_deref(),
    };
    let run_id = store::insert_run(tx, &new)?;
    let ctx = MoveCtx {
        at: st.now.clone(),
        day: st.day,
        user_id: st.actor.user_id,
        source_type: "delivery_run",
        source_id: run_id,
        note: format!("Tournée n° {run_id} — {}", man.name),
    };
    for (i, (f, del)) in list.iter().enumerate() {
        store::insert_stop(tx, run_id, i as i64 + 1, f.order.id, del.fee)?;
        let f = orders::ops::full(tx, f.order.id)?;
        move_goods(tx, &ctx, &f, true)?;
    }
    let full = run_full(tx, run_id)?;
    if till.printer_driver != "aucun" {
        let source = printing::Source { kind: JobKind::Ticket, source_type: "delivery_run", source_id: Some(run_id) };
        printing::enqueue(tx, till.id, source, &sheet(&full, &st.now), false, st.actor.user_id, &st.now)?;
    }
    let numbers: Vec<&str> = list.iter().map(|(f, _)| f.order.number.as_str()).collect();
    let e = Event::new(
        AuditKind::DeliveryRun,
        "delivery_runs",
        run_id,
        format!("Tournée n° {run_id} : {} part avec {}.", man.name, numbers.join(", ")),
    )
    .after(json!({"deliveryman": man.id, "orders": d.order_ids, "fee_to_shop": to_shop}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(run_id)
}

/// "2 × Fraisier, 1 × Jus d'orange"
fn items(f: &OrderFull) -> String {
    f.lines.iter().map(|l| format!("{} × {}", l.unit.format(l.qty), l.name)).collect::<Vec<_>>().join(", ")
}

/// A run with its deliveryman and its stops (each with its order's customer, address and what is
/// left to collect: the order's balance while out, the balance it had once settled).
pub fn run_full(conn: &Connection, id: i64) -> Result<RunFull, AppError> {
    let run = store::run(conn, id)?.ok_or(AppError::NotFound)?;
    let man = store::deliveryman(conn, run.deliveryman_id)?.ok_or(AppError::NotFound)?;
    let mut stops = Vec::new();
    for (sid, position, order_id, fee, outcome, balance, fee_kept, commission) in store::stops(conn, id)? {
        let f = orders::ops::full(conn, order_id)?;
        let zone = store::order_delivery(conn, order_id)?.map(|d| d.zone).unwrap_or_default();
        stops.push(Stop {
            id: sid,
            position,
            order_id,
            number: f.order.number.clone(),
            customer: f.customer.name.clone(),
            phone: f.customer.phone_text(),
            address: f.order.address.clone(),
            zone,
            items: items(&f),
            total: f.order.total,
            fee,
            balance: balance.unwrap_or(f.order.balance()),
            outcome,
            fee_kept,
            commission,
        });
    }
    Ok(RunFull { run, man, stops })
}

/// The run sheet: stops in order with address, phone, what to collect, and the total to bring
/// back if every stop is delivered.
pub fn sheet(r: &RunFull, now: &str) -> Doc {
    let mut d = Doc::default();
    d.title(format!("TOURNÉE N° {}", r.run.id));
    d.text(format!("Livreur : {}", r.man.name));
    if !r.man.phone.is_empty() {
        d.text(format!("Tél. : {}", crate::customers::format_phone(&r.man.phone)));
    }
    d.text(format!("Départ : {}", now.get(..16).unwrap_or(now).replace('T', " ")));
    d.rule();
    let mut back = Money::ZERO;
    for s in &r.stops {
        let (kept, commission) = crate::deliveries::kept(s.fee, r.run.fee_to_shop, r.run.commission_pct, s.total);
        back += crate::deliveries::brought(s.balance, s.fee, kept, commission);
        d.total(format!("{}. {}", s.position, s.number), s.customer.clone());
        d.text(format!("{} ({})", s.address, s.zone));
        d.text(format!("Tél. : {}", s.phone));
        d.text(s.items.clone());
        d.row("Frais de livraison", s.fee.to_string());
        d.total("À encaisser", s.to_collect().to_string());
        d.rule();
    }
    d.total("À RAPPORTER", back.to_string());
    d.text("Signature du livreur :");
    d.push(printing::Block::Feed(3));
    d
}
