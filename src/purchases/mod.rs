//! Suppliers and purchases. Owns `suppliers`, `product_suppliers`, `purchases`,
//! `purchase_lines`, `purchase_payments` and `purchase_returns`.
//!
//! A purchase is a `brouillon` (editable, no effect), then `recu` (stock in at its exact cost,
//! entry Dr stock / Cr 401), paid in one or more payments (Dr 401 / Cr 530 or 512), and may be
//! `annule`: the receipt is taken back exactly (quantity, value, PMP) and its entry reversed.

pub mod check;
pub mod doc;
pub mod ops;
pub mod payments;
pub mod purchase_views;
pub mod purchase_web;
pub mod reports;
pub mod store;
pub mod views;
pub mod web;

pub use doc::*;

use crate::error::FieldErrors;

#[derive(Debug, Clone, Default)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub nif: String,
    pub rc: String,
    pub payment_days: i64,
    pub notes: String,
    pub active: bool,
}

/// The supplier form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SupplierForm {
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub nif: String,
    pub rc: String,
    pub payment_days: String,
    pub notes: String,
}

impl SupplierForm {
    pub fn of(s: &Supplier) -> SupplierForm {
        SupplierForm {
            name: s.name.clone(),
            contact: s.contact.clone(),
            phone: s.phone.clone(),
            email: s.email.clone(),
            address: s.address.clone(),
            nif: s.nif.clone(),
            rc: s.rc.clone(),
            payment_days: s.payment_days.to_string(),
            notes: s.notes.clone(),
        }
    }

    /// Checks every field; the name's uniqueness is checked by the operation.
    pub fn parse(&self) -> Result<Supplier, FieldErrors> {
        let mut e = FieldErrors::new();
        let t = |s: &str| s.trim().to_string();
        let name = t(&self.name);
        if name.is_empty() {
            e.add("name", "Le nom du fournisseur est obligatoire.");
        } else if name.chars().count() > 120 {
            e.add("name", "Au plus 120 caractères.");
        }
        let email = t(&self.email);
        if !email.is_empty() && (!email.contains('@') || email.contains(' ')) {
            e.add("email", "Adresse e-mail invalide.");
        }
        if !self.nif.trim().chars().all(|c| c.is_ascii_digit() || c == ' ') {
            e.add("nif", "Le NIF ne contient que des chiffres.");
        }
        let days = self.payment_days.trim();
        let payment_days = if days.is_empty() {
            0
        } else {
            match days.parse::<i64>() {
                Ok(d) if (0..=365).contains(&d) => d,
                _ => {
                    e.add("payment_days", "Un nombre de jours entre 0 et 365.");
                    0
                }
            }
        };
        e.into_result(Supplier {
            id: 0,
            name,
            contact: t(&self.contact),
            phone: t(&self.phone),
            email,
            address: t(&self.address),
            nif: t(&self.nif),
            rc: t(&self.rc),
            payment_days,
            notes: self.notes.trim().to_string(),
            active: true,
        })
    }
}
