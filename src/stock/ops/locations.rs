//! The stock locations: rename, add (of a kind: réserve, labo, comptoir, emballages), deactivate.
//! Which products may live where is decided by the location's *kind* (`Kind::locations`), so a
//! second lab works for ingredients and semi-finished goods at once.

use rusqlite::Transaction;

use crate::audit::{self, Actor, AuditKind, Event};
use crate::error::{AppError, FieldErrors};
use crate::stock::{Location, store};

fn check_name(tx: &Transaction, name: &str, except: i64, errors: &mut FieldErrors) -> Result<(), AppError> {
    let n = name.trim().chars().count();
    if n == 0 || n > 60 {
        errors.add("name", "Un nom de 1 à 60 caractères.");
    } else if store::location_name_taken(tx, name.trim(), except)? {
        errors.add("name", "Un autre lieu porte déjà ce nom.");
    }
    Ok(())
}

pub fn create(tx: &Transaction, actor: &Actor, name: &str, kind: &str, now: &str) -> Result<i64, AppError> {
    let mut errors = FieldErrors::new();
    check_name(tx, name, 0, &mut errors)?;
    if !Location::KINDS.iter().any(|(c, _)| *c == kind) {
        errors.add("kind", "Choisissez le type de lieu.");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let id = store::insert_location(tx, name.trim(), kind)?;
    let text = format!("Lieu de stock « {} » ({}) créé.", name.trim(), Location::kind_label(kind));
    audit::record(tx, actor, now, Event::new(AuditKind::SettingsChanged, "locations", id, text))?;
    Ok(id)
}

pub fn rename(tx: &Transaction, actor: &Actor, id: i64, name: &str, now: &str) -> Result<(), AppError> {
    crate::text::check_all(&[("name", name, crate::text::Text::Name)])?;
    let mut errors = FieldErrors::new();
    check_name(tx, name, id, &mut errors)?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if store::rename_location(tx, id, name.trim())? == 0 {
        return Err(AppError::NotFound);
    }
    let text = format!("Lieu de stock n° {id} renommé « {} ».", name.trim());
    audit::record(tx, actor, now, Event::new(AuditKind::SettingsChanged, "locations", id, text))?;
    Ok(())
}

/// Deactivates a location that holds nothing and is used by nothing, unless it is the last
/// active one of its kind (products of that kind would have nowhere to live).
pub fn set_active(tx: &Transaction, actor: &Actor, id: i64, active: bool, now: &str) -> Result<(), AppError> {
    let all = store::all_locations(tx)?;
    let (l, _) = all.iter().find(|(l, _)| l.id == id).ok_or(AppError::NotFound)?;
    if !active {
        if let Some(why) = store::location_in_use(tx, id)? {
            return Err(AppError::rule(format!("« {} » ne peut pas être désactivé : {why}.", l.name)));
        }
        if !all.iter().any(|(o, on)| *on && o.id != id && o.kind == l.kind) {
            return Err(AppError::rule(format!(
                "« {} » est le dernier lieu de type {} : créez-en un autre avant de le désactiver.",
                l.name,
                Location::kind_label(&l.kind).to_lowercase()
            )));
        }
    }
    store::set_location_active(tx, id, active)?;
    let text = format!("Lieu de stock « {} » {}.", l.name, if active { "réactivé" } else { "désactivé" });
    audit::record(tx, actor, now, Event::new(AuditKind::SettingsChanged, "locations", id, text))?;
    Ok(())
}
