//! Operations on categories.

use rusqlite::Transaction;
use serde_json::json;

use crate::audit::{self, Actor, AuditKind, Event};
use crate::catalog::{Category, store};
use crate::error::{AppError, FieldErrors};
use crate::text::Text;

/// Creates (id 0) or updates a category.
pub fn save_category(tx: &Transaction, actor: &Actor, c: &Category, now: &str) -> Result<i64, AppError> {
    let mut errors = FieldErrors::new();
    if let Err(message) = Text::Name.parse(&c.name) {
        errors.add("name", message);
    } else if c.name.trim().is_empty() {
        errors.add("name", "Le nom est obligatoire.");
    } else if c.name.chars().count() > 60 {
        errors.add("name", "Au plus 60 caractères.");
    } else if store::category_name_taken(tx, &c.name, c.id)? {
        errors.add("name", "Une autre catégorie porte déjà ce nom.");
    }
    let hex = c.color.len() == 7 && c.color.starts_with('#') && c.color[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if !hex {
        errors.add("color", "Une couleur comme #b5652b.");
    }
    if crate::tax::TvaClass::from_code(&c.tva_class).is_none() {
        errors.add("tva_class", "Choisissez la classe de TVA : exonéré, taux réduit ou taux normal.");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let id = if c.id == 0 {
        store::insert_category(tx, c)?
    } else {
        store::category(tx, c.id)?.ok_or(AppError::NotFound)?;
        store::update_category(tx, c)?;
        c.id
    };
    let after = json!({"name": c.name, "position": c.position, "color": c.color, "at_till": c.at_till, "tva_class": c.tva_class});
    let e = Event::new(AuditKind::CategorySaved, "categories", id, format!("Catégorie « {} » enregistrée.", c.name))
        .after(after);
    audit::record(tx, actor, now, e)?;
    Ok(id)
}

pub fn delete_category(tx: &Transaction, actor: &Actor, id: i64, now: &str) -> Result<(), AppError> {
    let c = store::category(tx, id)?.ok_or(AppError::NotFound)?;
    if c.products > 0 {
        return Err(AppError::rule(format!(
            "« {} » contient {} produit(s) : déplacez-les d'abord.",
            c.name, c.products
        )));
    }
    store::delete_category(tx, id)?;
    audit::record(
        tx,
        actor,
        now,
        Event::new(AuditKind::CategoryDeleted, "categories", id, format!("Catégorie « {} » supprimée.", c.name)),
    )?;
    Ok(())
}
