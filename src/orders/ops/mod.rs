//! The order operations, one per business event, each in the caller's transaction: take an
//! order (with its deposit) and edit it; pay; start, make and receive (the lab's and the shop's
//! steps); hand over (the balance, the revenue, the stock out); cancel (the deposit back or kept,
//! the made goods to the counter or to waste). Each is allowed only from the states that permit it
//! and answers a replayed token with its first result.

pub mod cancel;
pub mod counter;
pub mod flow;
pub mod hand_over;
pub mod pay;
pub mod slips;
pub mod take;

pub use cancel::cancel;
pub use counter::{from_counter, set_aside};
pub use flow::{make, receive, start};
pub use hand_over::{hand_over, hand_over_from};
pub use pay::pay;
pub use take::{create, edit};

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{Connection, Transaction};

use super::{Order, OrderFull, Status, store};
use crate::cash::Till;
use crate::catalog::Unit;
use crate::error::AppError;

pub(crate) use crate::error::invalid;

pub(crate) fn order(conn: &Connection, id: i64) -> Result<Order, AppError> {
    store::order(conn, id)?.ok_or(AppError::NotFound)
}

/// Everything about an order: header, customer, lines, payments.
pub fn full(conn: &Connection, id: i64) -> Result<OrderFull, AppError> {
    let order = order(conn, id)?;
    let customer = crate::customers::store::customer(conn, order.customer_id)?.ok_or(AppError::NotFound)?;
    Ok(OrderFull { lines: store::lines(conn, id)?, payments: store::payments(conn, id)?, customer, order })
}

/// The orders due on a day, cancelled ones left out, the first `limit` by due hour.
pub fn due_on(conn: &Connection, day: &str, limit: i64) -> Result<Vec<super::Summary>, AppError> {
    let statuses = vec![Status::Confirmed, Status::InProduction, Status::Ready, Status::HandedOver];
    let f = store::Filter { from: Some(day.into()), to: Some(day.into()), statuses, limit, ..Default::default() };
    Ok(store::list(conn, &f)?)
}

/// Beyond this many orders on a day, the home says "more than" instead of counting them all.
pub const COUNT_CAP: i64 = 1_000;

/// The home page's "tomorrow": the first 20 orders due on the day and how many there are in all
/// (`COUNT_CAP` + 1 when there are more than `COUNT_CAP`).
pub fn due_on_first(conn: &Connection, day: &str) -> Result<(Vec<super::Summary>, i64), AppError> {
    let total = store::count_due(conn, day, COUNT_CAP)?;
    Ok((due_on(conn, day, 20)?, total))
}

/// Orders due by today, not handed over, whose due moment has passed (the first 500), with how
/// many minutes late each is.
pub fn late(conn: &Connection, today: NaiveDate, now: DateTime<Utc>) -> Result<Vec<(super::Summary, i64)>, AppError> {
    let open = store::Filter {
        to: Some(today.to_string()),
        statuses: vec![Status::Confirmed, Status::InProduction, Status::Ready],
        limit: 500,
        ..Default::default()
    };
    let minutes =
        |o: &super::Summary| crate::clock::parse_stamp(&o.due_at).map(|t| (t - now).num_minutes()).unwrap_or(0);
    Ok(store::list(conn, &open)?
        .into_iter()
        .map(|o| (minutes(&o), o))
        .filter(|(m, _)| *m < 0)
        .map(|(m, o)| (o, m))
        .collect())
}

/// The shop's day, read at once: orders at the lab due by tomorrow, orders ready and waiting,
/// orders late (with how many minutes), and per day of the weeks around, the orders due.
pub struct DayBoard {
    pub at_lab: Vec<super::Summary>,
    pub waiting: Vec<super::Summary>,
    pub late: Vec<super::Summary>,
    pub minutes_late: Vec<i64>,
    pub calendar: Vec<(String, i64, i64, crate::money::Money)>,
}

pub fn day_board(conn: &Connection, today: NaiveDate, now: DateTime<Utc>) -> Result<DayBoard, AppError> {
    let (until, ahead, from) = (
        (today + Duration::days(1)).to_string(),
        (today + Duration::days(34)).to_string(),
        (today - Duration::days(7)).to_string(),
    );
    let at_lab_filter = store::Filter {
        to: Some(until),
        statuses: vec![Status::Confirmed, Status::InProduction],
        limit: 500,
        ..Default::default()
    };
    let ready = store::Filter { statuses: vec![Status::Ready], limit: 500, ..Default::default() };
    let (late, minutes_late) = late(conn, today, now)?.into_iter().unzip();
    Ok(DayBoard {
        at_lab: store::list(conn, &at_lab_filter)?,
        waiting: store::list(conn, &ready)?,
        late,
        minutes_late,
        calendar: store::calendar(conn, &from, &ahead)?,
    })
}

/// The refusal of a transition the order's state does not allow, saying where it stands.
pub(crate) fn wrong_state(o: &Order, wanted: &str) -> AppError {
    let why = match o.status {
        Status::HandedOver => format!("La commande {} a déjà été remise au client", o.number),
        Status::Cancelled => format!("La commande {} est annulée", o.number),
        Status::Ready => format!("La commande {} est déjà prête au magasin", o.number),
        Status::InProduction => format!("La commande {} est déjà en production", o.number),
        Status::Confirmed => format!("La commande {} n'est pas encore fabriquée", o.number),
    };
    AppError::refused("bad_state", format!("{why} : impossible de {wanted}."))
}

/// The stock place of goods made for a named customer.
pub fn reserved_place(conn: &Connection) -> Result<i64, AppError> {
    crate::stock::store::all_locations(conn)?
        .into_iter()
        .find(|(l, active)| *active && l.kind == "commandes" && l.code != "livraison")
        .map(|(l, _)| l.id)
        .ok_or_else(|| AppError::rule("Aucun lieu « Réservé commandes » : créez-le dans les lieux de stock."))
}

/// An active till, or the refusal.
pub(crate) fn till(tx: &Transaction, till_id: i64) -> Result<Till, AppError> {
    crate::cash::store::till(tx, till_id)?
        .filter(|t| t.active)
        .ok_or_else(|| AppError::refused("unknown_till", "Cette caisse n'existe pas ou est désactivée."))
}

/// The person acting, who every payment and movement names.
pub(crate) fn user_of(st: &crate::audit::Stamp) -> Result<i64, AppError> {
    st.actor.user_id.ok_or_else(|| AppError::rule("Une commande se traite par une personne identifiée."))
}

/// The unit of each ordered product the catalogue knows (the order form's quantities are read in
/// it); an unknown id is simply absent, and the form's parse says so beside its line.
pub fn units_of(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, Unit>, AppError> {
    let mut out = HashMap::new();
    for &id in ids {
        if let Some(p) = crate::catalog::store::product(conn, id)? {
            out.insert(id, p.unit);
        }
    }
    Ok(out)
}
