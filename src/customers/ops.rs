//! Customer operations: create (also the quick-create of the order form), edit, deactivate.
//! One customer per phone: a second one with the same number is refused, naming the first.

use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{Customer, CustomerDraft, phone_fragment, store};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};

/// The refusal of a phone someone else already has: the message names them, so the seller picks
/// the existing customer instead of creating a twin.
fn phone_taken(tx: &Transaction, d: &CustomerDraft, except: i64) -> Result<(), AppError> {
    if let Some(other) = store::by_phone(tx, &d.phone)?
        && other.id != except
    {
        let mut e = FieldErrors::new();
        e.add(
            "phone",
            format!("Ce numéro est déjà celui de « {} » (client n° {}) : choisissez ce client.", other.name, other.id),
        );
        return Err(AppError::Invalid(e));
    }
    Ok(())
}

/// Creates a customer; returns its id. A replayed form token answers the first customer.
pub fn create(tx: &Transaction, st: &Stamp, d: &CustomerDraft) -> Result<i64, AppError> {
    texts(d)?;
    crate::db::replay::claim(tx, "customer", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::by_token(tx, t)?
    {
        return Ok(id);
    }
    phone_taken(tx, d, 0)?;
    let id = store::insert(tx, d, &st.now)?;
    let e = Event::new(AuditKind::CustomerSaved, "customers", id, format!("Client « {} » créé.", d.name))
        .after(json!({"name": d.name, "phone": d.phone}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(id)
}

pub fn update(tx: &Transaction, st: &Stamp, id: i64, d: &CustomerDraft) -> Result<(), AppError> {
    texts(d)?;
    let before = store::customer(tx, id)?.ok_or(AppError::NotFound)?;
    phone_taken(tx, d, id)?;
    store::update(tx, id, d, &st.now)?;
    let e = Event::new(AuditKind::CustomerSaved, "customers", id, format!("Client « {} » modifié.", d.name))
        .before(json!({"name": before.name, "phone": before.phone, "addresses": before.addresses}))
        .after(json!({"name": d.name, "phone": d.phone, "addresses": d.addresses}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

/// Deactivates (hidden from the pickers, history kept) or reactivates a customer.
pub fn set_active(tx: &Transaction, st: &Stamp, id: i64, active: bool) -> Result<(), AppError> {
    let c = store::customer(tx, id)?.ok_or(AppError::NotFound)?;
    store::set_active(tx, id, active, &st.now)?;
    let what = if active { "réactivé" } else { "désactivé" };
    let e = Event::new(AuditKind::CustomerSaved, "customers", id, format!("Client « {} » {what}.", c.name));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

/// The customers a search box means: a phone fragment when it holds digits, else a name.
/// Inactive customers only when asked (the list page), never in the pickers.
pub fn search(
    conn: &Connection,
    query: &str,
    with_inactive: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<Customer>, AppError> {
    let q = query.trim();
    let (name, phone) = match phone_fragment(q) {
        Some(p) => (None, Some(p)),
        None if q.is_empty() => (None, None),
        None => (Some(q.to_string()), None),
    };
    Ok(store::search(conn, name.as_deref(), phone.as_deref(), with_inactive, limit, offset)?)
}

/// An active customer, or the refusal an order gets for an unknown or deactivated one.
pub fn active(conn: &Connection, id: i64) -> Result<Customer, AppError> {
    match store::customer(conn, id)? {
        Some(c) if c.active => Ok(c),
        Some(c) => Err(AppError::refused("customer_inactive", format!("Le client « {} » est désactivé.", c.name))),
        None => Err(AppError::refused("unknown_customer", "Client inconnu : choisissez-le ou créez-le.")),
    }
}

/// The texts of a customer: no control character, each within its bound (the shared text rule).
fn texts(d: &CustomerDraft) -> Result<(), AppError> {
    use crate::text::Text;
    let notes = [("addresses", &d.addresses, Text::Note), ("notes", &d.notes, Text::Note)];
    let fields = [("name", &d.name, Text::Name), ("allergies", &d.allergies, Text::Note)];
    let all: Vec<(&str, &str, Text)> = fields.iter().chain(&notes).map(|(f, v, k)| (*f, v.as_str(), *k)).collect();
    Ok(crate::text::check_all(&all)?)
}
