//! A delivery sold straight from the till from counter stock (sales.md §2.3, P27; issue #14
//! item 2): the customer found by his phone or created, the order taken by the orders domain
//! (ready at once, its goods set aside from the counter), its zone and fee set here, in one
//! transaction. It then waits on the runs board like any ready delivery.

use rusqlite::Transaction;

use super::{OrderDeliveryDraft, set_order_delivery, zone_fee};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::customers::{self, CustomerDraft};
use crate::deliveries::TillSaleDraft;
use crate::error::{AppError, FieldErrors};
use crate::orders::{self, CounterDraft, PaymentDraft};

/// Field messages kept for the form; any other refusal stops here.
fn keep<T>(result: Result<T, AppError>, e: &mut FieldErrors) -> Result<Option<T>, AppError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(AppError::Invalid(found)) => {
            found.iter().for_each(|(k, m)| e.add(k, m));
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// The customer with this phone, else a new one.
fn customer(tx: &Transaction, st: &Stamp, d: &CustomerDraft) -> Result<i64, AppError> {
    match customers::store::by_phone(tx, &d.phone)? {
        Some(c) => Ok(c.id),
        None => customers::ops::create(tx, st, d),
    }
}

/// Sells a delivery at the till; returns the order's id. Refused (nothing saved) with every
/// message beside its field: no name or phone, no address, no active zone, a fee above the
/// zone's cap without `livraisons.frais`, an empty cart, a counter that lacks something, a
/// deposit above the total. The same token again answers the first order.
pub fn sell(tx: &Transaction, st: &Stamp, who: &CurrentUser, d: &TillSaleDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "till_delivery", Some(&d.token), Some(who.id), d, &st.now)?;
    if let Some(id) = orders::store::by_token(tx, &d.token)? {
        return Ok(id);
    }
    let mut e = FieldErrors::new();
    let fee = keep(zone_fee(tx, who, d.zone_id, d.fee), &mut e)?.map(|(z, fee)| (z.id, fee));
    let Some(customer_id) = keep(customer(tx, st, &d.customer), &mut e)? else { return Err(e.into()) };
    let payment = (d.paid_now || d.deposit.is_some()).then(|| PaymentDraft {
        method: d.method,
        amount: d.deposit.unwrap_or_default(),
        tendered: None,
        reference: String::new(),
        token: None,
    });
    let draft = CounterDraft {
        token: d.token.clone(),
        customer_id,
        address: d.address.clone(),
        notes: d.notes.clone(),
        lines: d.lines.clone(),
        payment,
        paid_in_full: d.paid_now,
        till_id: d.till_id,
    };
    let order = keep(orders::ops::from_counter(tx, st, who, &draft), &mut e)?;
    match (order, fee) {
        (Some(id), Some((zone_id, fee))) if e.is_empty() => {
            set_order_delivery(tx, st, who, id, &OrderDeliveryDraft { zone_id, fee: Some(fee) })?;
            Ok(id)
        }
        _ => Err(e.into()),
    }
}

/// The "Livraison" window: the cart priced at this till (as its ticket shows it) and the zones.
pub fn form_page(
    conn: &rusqlite::Connection,
    till: &crate::cash::Till,
    cart: &crate::pos::Cart,
) -> Result<(crate::pos::ops::quote::Quote, Vec<crate::deliveries::Zone>), AppError> {
    Ok((crate::pos::ops::quote::quote(conn, till, cart)?, super::store::zones(conn)?))
}

/// A delivery just sold: its number, what was paid, what the deliveryman collects at the door.
pub fn sold(
    conn: &rusqlite::Connection,
    id: i64,
) -> Result<(String, crate::money::Money, crate::money::Money), AppError> {
    let o = orders::ops::full(conn, id)?.order;
    let fee = super::store::order_delivery(conn, id)?.map(|d| d.fee).unwrap_or_default();
    Ok((o.number.clone(), o.paid, o.balance() + fee))
}
