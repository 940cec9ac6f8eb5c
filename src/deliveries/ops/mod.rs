//! The delivery operations, each in the caller's transaction: the fee setting, zones and
//! deliverymen (setup.rs); an order's zone and fee (here); a run leaving with its orders
//! (runs.rs); its settlement at the till (settle.rs); what deliverymen owe and their payments
//! (debts.rs).

pub mod debts;
pub mod report;
pub mod runs;
pub mod settle;
pub mod setup;
pub mod till;

pub use debts::{debts, pay};
pub use runs::{assign, ready_orders, run_full};
pub use settle::settle;
pub use setup::{
    create_man, create_zone, new_phone_link, set_fee_to_shop, set_man_active, set_zone_active, update_man, update_zone,
    withdraw_phone_link,
};
pub use till::sell;

use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{OrderDelivery, store};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::auth::{CurrentUser, Permission};
use crate::error::AppError;
use crate::money::Money;
use crate::orders::{Service, Status};

pub(crate) use crate::error::invalid;

/// An order's zone and fee as typed (the fee blank: the zone's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDeliveryDraft {
    pub zone_id: i64,
    pub fee: Option<Money>,
}

/// Sets where an order is delivered and for how much: an active zone; the fee pre-filled from it;
/// a fee above the zone's cap only with `livraisons.frais`. Only a delivery order still open and
/// not out on a run. Returns the fee set.
pub fn set_order_delivery(
    tx: &Transaction,
    st: &Stamp,
    who: &CurrentUser,
    order_id: i64,
    d: &OrderDeliveryDraft,
) -> Result<Money, AppError> {
    let o = crate::orders::ops::full(tx, order_id)?.order;
    if o.service != Service::Delivery {
        return Err(AppError::refused("not_delivery", format!("La commande {} est à retirer au magasin.", o.number)));
    }
    if !o.status.is_open() || o.status == Status::HandedOver {
        return Err(AppError::refused("bad_state", format!("La commande {} est close.", o.number)));
    }
    if store::open_run_of(tx, o.id)?.is_some() {
        return Err(AppError::refused("on_run", format!("La commande {} est déjà partie en tournée.", o.number)));
    }
    let (zone, fee) = zone_fee(tx, who, Some(d.zone_id), d.fee)?;
    store::set_order_delivery(tx, o.id, zone.id, fee, st.actor.user_id, &st.now)?;
    let e = Event::new(
        AuditKind::DeliverySetup,
        "orders",
        o.id,
        format!("Commande {} : livraison à {} pour {fee}.", o.number, zone.name),
    )
    .after(json!({"zone": zone.id, "fee": fee.cents()}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(fee)
}

/// The zone chosen (active) and the fee: the zone's when none is typed; above the zone's cap only
/// with `livraisons.frais`. Each refusal beside its field.
pub fn zone_fee(
    conn: &Connection,
    who: &CurrentUser,
    zone_id: Option<i64>,
    fee: Option<Money>,
) -> Result<(super::Zone, Money), AppError> {
    let zone = match zone_id.map(|id| store::zone(conn, id)).transpose()?.flatten() {
        Some(z) if z.active => z,
        _ => return Err(invalid("zone_id", "Choisissez une zone de livraison active.")),
    };
    let fee = fee.unwrap_or(zone.fee);
    if fee > zone.max_fee && !who.can(Permission::DeliveryFee) {
        return Err(invalid(
            "fee",
            format!(
                "Frais de {fee} au-delà du plafond de {} ({}) : il faut le droit « {} ».",
                zone.name,
                zone.max_fee,
                Permission::DeliveryFee.label()
            ),
        ));
    }
    Ok((zone, fee))
}

/// An order's delivery, if set.
pub fn order_delivery(conn: &Connection, order_id: i64) -> Result<Option<OrderDelivery>, AppError> {
    Ok(store::order_delivery(conn, order_id)?)
}

/// The stock place of goods out for delivery.
pub fn out_place(conn: &Connection) -> Result<i64, AppError> {
    crate::stock::store::all_locations(conn)?
        .into_iter()
        .find(|(l, on)| *on && l.code == super::PLACE_CODE)
        .map(|(l, _)| l.id)
        .ok_or_else(|| AppError::rule("Aucun lieu « En livraison » actif : réactivez-le dans les lieux de stock."))
}

/// The zones page: the fee setting and every zone.
pub fn zones_page(conn: &Connection) -> Result<(bool, Vec<super::Zone>), AppError> {
    Ok((store::fee_to_shop(conn)?, store::zones(conn)?))
}

/// The deliverymen and the staff one may be linked to: (id, name).
/// The deliverymen, and the staff one may be linked to: (id, name).
pub type MenData = (Vec<super::Deliveryman>, Vec<(i64, String)>);

pub fn men_page(conn: &Connection) -> Result<MenData, AppError> {
    let staff = crate::people::store::employees::employees(conn, false)?;
    Ok((store::deliverymen(conn)?, staff.into_iter().map(|e| (e.id, e.full_name)).collect()))
}

pub fn zone(conn: &Connection, id: i64) -> Result<super::Zone, AppError> {
    store::zone(conn, id)?.ok_or(AppError::NotFound)
}

pub fn deliveryman(conn: &Connection, id: i64) -> Result<super::Deliveryman, AppError> {
    store::deliveryman(conn, id)?.ok_or(AppError::NotFound)
}

/// An order's (number, address), the zones, its delivery if set.
pub type DeliveryData = ((String, String), Vec<super::Zone>, Option<OrderDelivery>);

/// An order's delivery page.
pub fn delivery_page(conn: &Connection, order_id: i64) -> Result<DeliveryData, AppError> {
    let o = crate::orders::ops::full(conn, order_id)?.order;
    Ok(((o.number, o.address), store::zones(conn)?, store::order_delivery(conn, order_id)?))
}

/// The runs board: ready delivery orders, the deliverymen, the runs out and of the last 7 days.
pub type BoardData = (Vec<(crate::orders::Summary, Option<OrderDelivery>)>, Vec<super::Deliveryman>, Vec<super::Run>);

pub fn board(conn: &Connection, today: chrono::NaiveDate) -> Result<BoardData, AppError> {
    let from = (today - chrono::Duration::days(7)).to_string();
    Ok((runs::ready_orders(conn)?, store::deliverymen(conn)?, store::runs(conn, &from, &today.to_string(), None)?))
}

/// A run and who may approve a shortage taken as a loss (but `me`).
pub fn run_page(conn: &Connection, id: i64, me: i64) -> Result<(super::RunFull, Vec<(i64, String)>), AppError> {
    let need = crate::auth::ops::approval::Need::Permission(Permission::DeliveriesManage);
    Ok((run_full(conn, id)?, crate::auth::ops::approval::approvers(conn, need, me)?))
}

/// A deliveryman and his runs still out (his phone page).
pub fn phone_page(conn: &Connection, man: i64) -> Result<(super::Deliveryman, Vec<super::RunFull>), AppError> {
    let m = deliveryman(conn, man)?;
    let runs = store::runs_out_of(conn, man)?.into_iter().map(|id| run_full(conn, id)).collect::<Result<_, _>>()?;
    Ok((m, runs))
}

/// His runs of the day, opened from his phone link: `NotFound` for an unknown, replaced or
/// withdrawn link, or a deactivated deliveryman.
pub fn phone_page_by_key(conn: &Connection, key: &str) -> Result<(super::Deliveryman, Vec<super::RunFull>), AppError> {
    let id = store::man_by_phone_key(conn, &crate::auth::token_hash(key))?.ok_or(AppError::NotFound)?;
    phone_page(conn, id)
}

/// A deliveryman's page for the gérante: him, the employees he may be linked to, whether he has
/// a phone link.
pub type ManPage = (super::Deliveryman, Vec<(i64, String)>, bool);

pub fn man_page(conn: &Connection, id: i64) -> Result<ManPage, AppError> {
    let m = deliveryman(conn, id)?;
    let (_, staff) = men_page(conn)?;
    Ok((m, staff, store::has_phone_key(conn, id)?))
}

/// The debts page: every deliveryman's debt, and whether this till's shift is open.
pub fn debts_page(
    conn: &Connection,
    today: chrono::NaiveDate,
    till_id: i64,
) -> Result<(Vec<super::Debt>, bool), AppError> {
    Ok((debts(conn, today)?, crate::cash::store::open_shift(conn, till_id)?.is_some()))
}
