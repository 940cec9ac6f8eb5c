//! Operations on suppliers.

use rusqlite::Transaction;
use serde_json::json;

use crate::audit::{self, Actor, AuditKind, Event};
use crate::error::{AppError, FieldErrors};
use crate::purchases::{Supplier, store};
use crate::text::{self, Text};

/// Creates (`id` 0) or updates a supplier; returns its id.
pub fn save_supplier(tx: &Transaction, actor: &Actor, id: i64, s: &Supplier, now: &str) -> Result<i64, AppError> {
    text::check_all(&[
        ("name", &s.name, Text::Name),
        ("contact", &s.contact, Text::Name),
        ("phone", &s.phone, Text::Reference),
        ("email", &s.email, Text::Name),
        ("address", &s.address, Text::Note),
        ("nif", &s.nif, Text::Reference),
        ("rc", &s.rc, Text::Reference),
        ("notes", &s.notes, Text::Note),
    ])?;
    if store::name_taken(tx, &s.name, id)? {
        let mut e = FieldErrors::new();
        e.add("name", "Un autre fournisseur porte déjà ce nom.");
        return Err(AppError::Invalid(e));
    }
    let before = if id == 0 { None } else { Some(store::supplier(tx, id)?.ok_or(AppError::NotFound)?) };
    let id = match before {
        None => store::insert(tx, s, now)?,
        Some(_) => {
            store::update(tx, id, s, now)?;
            id
        }
    };
    let j = |s: &Supplier| json!({"name": s.name, "contact": s.contact, "phone": s.phone, "nif": s.nif, "rc": s.rc, "payment_days": s.payment_days});
    let mut e =
        Event::new(AuditKind::SupplierSaved, "suppliers", id, format!("Fournisseur « {} » enregistré.", s.name))
            .after(j(s));
    if let Some(b) = &before {
        e = e.before(j(b));
    }
    audit::record(tx, actor, now, e)?;
    Ok(id)
}

/// Records that the supplier supplies these products (existing links are kept).
pub fn link_products(tx: &Transaction, supplier_id: i64, products: &[i64]) -> Result<(), AppError> {
    for p in products {
        if crate::catalog::store::product(tx, *p)?.is_none() {
            return Err(AppError::NotFound);
        }
        store::link(tx, supplier_id, *p)?;
    }
    Ok(())
}

pub fn unlink_product(tx: &Transaction, supplier_id: i64, product_id: i64) -> Result<(), AppError> {
    store::unlink(tx, supplier_id, product_id)?;
    Ok(())
}
