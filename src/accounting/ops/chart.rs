//! The chart, edited by the accountant: sub-accounts added under an existing account (same class,
//! same side). No account is ever deleted: a posted line names it forever.

use rusqlite::Transaction;
use serde_json::json;

use crate::accounting::store;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};

/// Adds a sub-account under the existing account whose code is the longest prefix of `code`.
pub fn add_account(tx: &Transaction, st: &Stamp, code: &str, name: &str) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    let code = code.trim();
    let name = crate::text::Text::Name.check(&mut e, "name", name);
    if name.is_empty() && e.get("name").is_none() {
        e.add("name", "Indiquez l'intitulé du compte.");
    }
    let parent = if !(3..=10).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        e.add("code", "Un code de 3 à 10 chiffres.");
        None
    } else if store::any_account(tx, code)? {
        e.add("code", format!("Le compte {code} existe déjà."));
        None
    } else {
        let parent = store::parent_account(tx, code)?;
        if parent.is_none() {
            e.add("code", "Un sous-compte commence par le code d'un compte existant (ex. 6071 sous 607).");
        }
        parent
    };
    let parent = e.into_result(parent)?.ok_or(AppError::NotFound)?;
    store::insert_account(tx, code, &name, parent.class, &parent.nature)?;
    let summary = format!("Compte {code} « {name} » ajouté sous {}.", parent.code);
    let event = Event::new(AuditKind::AccountSaved, "accounts", code, summary)
        .after(json!({"name": name, "parent": parent.code}));
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(())
}
