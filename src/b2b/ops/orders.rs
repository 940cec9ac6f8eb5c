//! B2B orders: one per customer and delivery day, each line at the price in force that day. The
//! credit limit is enforced: when what the customer owes (its 411 balance), plus what is ordered
//! or delivered and not invoiced yet, plus this order, goes beyond it, the order needs the
//! approval of someone who may manage B2B (the gérante's PIN), named in the audit.

use chrono::Datelike;
use rusqlite::Transaction;
use serde_json::json;

use super::{active, invalid, price_for};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::auth::ops::approval::{self, Approval, Authorised, Need};
use crate::auth::{CurrentUser, Permission};
use crate::b2b::store::{self, orders::NewOrder};
use crate::b2b::{Customer, OrderDraft, OrderLine};
use crate::error::AppError;
use crate::money::Money;

/// The order's lines at the customer's prices on the delivery day.
fn priced(tx: &Transaction, c: &Customer, d: &OrderDraft) -> Result<Vec<OrderLine>, AppError> {
    if d.lines.is_empty() {
        return Err(invalid("lines", "Indiquez au moins un produit et sa quantité."));
    }
    let mut out = Vec::new();
    for (product_id, qty) in &d.lines {
        let p = match crate::catalog::store::product(tx, *product_id)? {
            Some(p) if p.active => p,
            _ => return Err(invalid("lines", "Produit inconnu ou archivé.")),
        };
        let unit_price = price_for(tx, c, p.id, d.delivery_day)?.ok_or_else(|| {
            invalid("lines", format!("« {} » n'a pas de prix : fixez-le dans la liste de prix.", p.name))
        })?;
        out.push(OrderLine { product_id: p.id, name: p.name, qty: *qty, unit_price, total: unit_price.times(*qty) });
    }
    Ok(out)
}

/// What the customer would owe with this order, when it goes beyond its limit.
fn beyond_limit(tx: &Transaction, c: &Customer, total: Money) -> Result<Option<(Money, Money)>, AppError> {
    let Some(limit) = c.credit_limit else { return Ok(None) };
    let exposure = store::balance(tx, &c.account)? + store::orders::uninvoiced(tx, c.id)? + total;
    Ok((exposure > limit).then_some((exposure, limit)))
}

/// Takes a B2B order. Refused (nothing saved) for an inactive customer, a second live order the
/// same day, a product without price; beyond the credit limit without an approval; a wrong PIN is
/// `Denied` (counted, nothing else done). A replayed token answers the first order.
pub fn create_order(
    tx: &Transaction,
    st: &Stamp,
    (who, ask): (&CurrentUser, Option<&Approval>),
    d: &OrderDraft,
) -> Result<Authorised<i64>, AppError> {
    crate::db::replay::claim(tx, "b2b_order", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::orders::by_token(tx, t)?
    {
        return Ok(Authorised::Done(id));
    }
    crate::text::check_all(&[("notes", &d.notes, crate::text::Text::Note)])?;
    let c = active(tx, d.customer_id)?;
    let day = d.delivery_day.to_string();
    if let Some(number) = store::orders::order_of_day(tx, c.id, &day)? {
        return Err(invalid("delivery_day", format!("« {} » a déjà la commande {number} ce jour-là.", c.name)));
    }
    let lines = priced(tx, &c, d)?;
    let total: Money = lines.iter().map(|l| l.total).sum();
    let mut approved_by = None;
    if let Some((exposure, limit)) = beyond_limit(tx, &c, total)? {
        let refused = || {
            invalid(
                "approval",
                format!(
                    "Encours de « {} » : {exposure} avec cette commande, pour {limit} autorisés. \
                     La commande demande l'accord de la gérante : choisissez-la et tapez son code.",
                    c.name
                ),
            )
        };
        match approval::authorise(tx, st, who, Need::Permission(Permission::B2bManage), ask, refused)? {
            Ok(by) => approved_by = Some(by.map(|a| a.id).unwrap_or(who.id)),
            Err(denial) => return Ok(Authorised::Denied(denial)),
        }
    }
    let year = d.delivery_day.year();
    let number = format!("CB-{year}-{:05}", crate::accounting::store::next_number(tx, "CB", year)?);
    let new = NewOrder {
        number: &number,
        customer_id: c.id,
        delivery_day: &day,
        total,
        approved_by,
        notes: &d.notes,
        token: d.token.as_deref(),
        user_id: st.actor.user_id,
        now: &st.now,
    };
    let id = store::orders::insert_order(tx, &new)?;
    for (i, l) in lines.iter().enumerate() {
        store::orders::insert_order_line(tx, id, i as i64 + 1, l)?;
    }
    let mut summary =
        format!("Commande pro {number} de « {} » pour le {} : {total} HT.", c.name, d.delivery_day.format("%d/%m/%Y"));
    if approved_by.is_some() {
        summary.push_str(" Au-delà de l'encours autorisé, avec accord.");
    }
    let e = Event::new(AuditKind::B2bOrder, "b2b_orders", id, summary).after(
        json!({"total": total.cents(), "approved_by": approved_by, "credit_limit": c.credit_limit.map(Money::cents)}),
    );
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(Authorised::Done(id))
}

/// Cancels an order not yet sent out.
pub fn cancel_order(tx: &Transaction, st: &Stamp, id: i64) -> Result<(), AppError> {
    let o = store::orders::order(tx, id)?.ok_or(AppError::NotFound)?;
    if store::orders::set_status(tx, id, "confirmee", "annulee")? == 0 {
        return Err(AppError::refused(
            "not_cancellable",
            format!("La commande {} est déjà livrée ou annulée.", o.number),
        ));
    }
    let e = Event::new(AuditKind::B2bOrder, "b2b_orders", id, format!("Commande pro {} annulée.", o.number));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}
