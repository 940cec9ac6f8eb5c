//! B2B operations: customers and price lists here; orders in `orders.rs`, delivery notes in
//! `notes.rs`, invoices in `invoices.rs`. Each runs in the caller's transaction.

pub mod email;
pub mod invoices;
pub mod notes;
pub mod orders;
pub mod payments;
pub mod standing;
pub mod statement;

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{Customer, CustomerDraft, store};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;

pub(crate) fn invalid(field: &str, message: impl Into<String>) -> AppError {
    let mut e = FieldErrors::new();
    e.add(field, message);
    AppError::Invalid(e)
}

/// The customer's checks only the database can make: free name, known price list, clean texts.
fn check(tx: &Transaction, d: &CustomerDraft, except: i64) -> Result<(), AppError> {
    use crate::text::Text;
    crate::text::check_all(&[
        ("name", &d.name, Text::Name),
        ("legal_form", &d.legal_form, Text::Reference),
        ("contact", &d.contact, Text::Name),
        ("phone", &d.phone, Text::Reference),
        ("email", &d.email, Text::Name),
        ("address", &d.address, Text::Note),
        ("delivery_address", &d.delivery_address, Text::Note),
    ])?;
    if let Some((id, name)) = store::by_name(tx, &d.name)?
        && id != except
    {
        return Err(invalid("name", format!("Le client pro « {name} » existe déjà.")));
    }
    if let Some(list) = d.price_list_id
        && store::price_list(tx, list)?.is_none()
    {
        return Err(invalid("price_list_id", "Liste de prix inconnue."));
    }
    Ok(())
}

fn snapshot(d: &CustomerDraft) -> serde_json::Value {
    json!({"name": d.name, "nif": d.nif, "nis": d.nis, "rc": d.rc, "ai": d.ai, "terms": d.terms.code(),
           "credit_limit": d.credit_limit.map(Money::cents), "price_list_id": d.price_list_id})
}

/// Creates a business customer with its receivable account (411 + its number, 4 digits); a
/// replayed form token answers the first one.
pub fn create_customer(tx: &Transaction, st: &Stamp, d: &CustomerDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "b2b_customer", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::by_token(tx, t)?
    {
        return Ok(id);
    }
    check(tx, d, 0)?;
    let id = store::next_id(tx)?;
    let account = format!("411{id:04}");
    crate::accounting::store::ensure_account(tx, &account, &format!("Client pro {}", d.name), 4, "debit")?;
    store::write(tx, id, d, &account, &st.now)?;
    let e = Event::new(AuditKind::B2bCustomer, "b2b_customers", id, format!("Client pro « {} » créé.", d.name))
        .after(snapshot(d));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(id)
}

pub fn update_customer(tx: &Transaction, st: &Stamp, id: i64, d: &CustomerDraft) -> Result<(), AppError> {
    let before = store::customer(tx, id)?.ok_or(AppError::NotFound)?;
    check(tx, d, id)?;
    store::write(tx, id, d, &before.account, &st.now)?;
    let e = Event::new(AuditKind::B2bCustomer, "b2b_customers", id, format!("Client pro « {} » modifié.", d.name))
        .before(json!({"name": before.name, "nif": before.nif, "nis": before.nis, "terms": before.terms.code(),
                       "credit_limit": before.credit_limit.map(Money::cents), "price_list_id": before.price_list_id}))
        .after(snapshot(d));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

pub fn set_active(tx: &Transaction, st: &Stamp, id: i64, on: bool) -> Result<(), AppError> {
    let c = store::customer(tx, id)?.ok_or(AppError::NotFound)?;
    store::set_active(tx, id, on, &st.now)?;
    let what = if on { "réactivé" } else { "désactivé" };
    let e = Event::new(AuditKind::B2bCustomer, "b2b_customers", id, format!("Client pro « {} » {what}.", c.name));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

/// An active customer, or the refusal.
pub fn active(conn: &Connection, id: i64) -> Result<Customer, AppError> {
    match store::customer(conn, id)? {
        Some(c) if c.active => Ok(c),
        Some(c) => Err(invalid("customer_id", format!("Le client pro « {} » est désactivé.", c.name))),
        None => Err(invalid("customer_id", "Client pro inconnu.")),
    }
}

/// A customer with what it owes now (its 411 balance), for the list and its page.
pub fn customers(conn: &Connection, with_inactive: bool) -> Result<Vec<(Customer, Money)>, AppError> {
    let mut out = Vec::new();
    for c in store::customers(conn, with_inactive)? {
        let owed = store::balance(conn, &c.account)?;
        out.push((c, owed));
    }
    Ok(out)
}

// ---- price lists -------------------------------------------------------------------------

pub fn create_price_list(tx: &Transaction, st: &Stamp, name: &str) -> Result<i64, AppError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(invalid("name", "Indiquez le nom de la liste (le client ou le groupe : « Cafés »)."));
    }
    crate::text::check_all(&[("name", &name, crate::text::Text::Name)])?;
    if store::price_list_by_name(tx, &name)?.is_some() {
        return Err(invalid("name", format!("La liste « {name} » existe déjà.")));
    }
    let id = store::insert_price_list(tx, &name, &st.now)?;
    let e = Event::new(AuditKind::B2bPrice, "b2b_price_lists", id, format!("Liste de prix « {name} » créée."));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(id)
}

/// A price of a list, from a day on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PriceDraft {
    pub product_id: i64,
    pub valid_from: NaiveDate,
    pub price: Money,
}

/// Sets a product's price HT in a list from a day on (audited, with the price it replaces).
pub fn set_price(tx: &Transaction, st: &Stamp, list_id: i64, d: &PriceDraft) -> Result<(), AppError> {
    let list = store::price_list(tx, list_id)?.ok_or(AppError::NotFound)?;
    let p = match crate::catalog::store::product(tx, d.product_id)? {
        Some(p) if p.active => p,
        _ => return Err(invalid("product_id", "Choisissez un produit du catalogue.")),
    };
    let day = d.valid_from.to_string();
    let before = store::price_on(tx, list_id, d.product_id, &day)?;
    store::set_price(tx, list_id, d.product_id, &day, d.price, (&st.now, st.actor.user_id))?;
    let summary = format!(
        "Prix de « {} » dans « {list} » : {} HT à partir du {}.",
        p.name,
        d.price,
        d.valid_from.format("%d/%m/%Y")
    );
    let e = Event::new(AuditKind::B2bPrice, "b2b_price_lists", list_id, summary)
        .before(json!({"product_id": d.product_id, "price": before.map(Money::cents)}))
        .after(json!({"product_id": d.product_id, "price": d.price.cents(), "valid_from": day}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

/// The unit price HT a customer pays for a product delivered on `day`: its list's price in force
/// that day, else the catalogue's sale price; None when neither exists.
pub fn price_for(conn: &Connection, c: &Customer, product_id: i64, day: NaiveDate) -> Result<Option<Money>, AppError> {
    if let Some(list) = c.price_list_id
        && let Some(p) = store::price_on(conn, list, product_id, &day.to_string())?
    {
        return Ok(Some(p));
    }
    Ok(crate::catalog::store::product(conn, product_id)?.and_then(|p| p.sale_price))
}
