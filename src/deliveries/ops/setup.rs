//! The setup of deliveries: who owns the fee of the shop's own deliverymen, the zones, the
//! deliverymen (each with his 467 account opened at creation; linked to an employee at most once).

use rusqlite::Transaction;
use serde_json::json;

use super::invalid;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::deliveries::{DeliverymanDraft, ZoneDraft, store};
use crate::error::AppError;

fn audit_setup(tx: &Transaction, st: &Stamp, entity: &str, id: i64, summary: String) -> Result<(), AppError> {
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::DeliverySetup, entity, id, summary))?;
    Ok(())
}

/// The one setting: the shop's own deliverymen bring the fees back (revenue 706), or keep them.
pub fn set_fee_to_shop(tx: &Transaction, st: &Stamp, on: bool) -> Result<(), AppError> {
    store::set_fee_to_shop(tx, on, &st.now)?;
    let what = if on { "reviennent à la boutique (706)" } else { "restent aux livreurs" };
    audit_setup(tx, st, "delivery_settings", 1, format!("Les frais de livraison de nos livreurs {what}."))
}

fn zone_name_free(tx: &Transaction, d: &ZoneDraft, except: i64) -> Result<(), AppError> {
    crate::text::check_all(&[("name", &d.name, crate::text::Text::Name)])?;
    match store::zone_by_name(tx, &d.name)? {
        Some(z) if z.id != except => Err(invalid("name", format!("La zone « {} » existe déjà.", z.name))),
        _ => Ok(()),
    }
}

pub fn create_zone(tx: &Transaction, st: &Stamp, d: &ZoneDraft) -> Result<i64, AppError> {
    zone_name_free(tx, d, 0)?;
    let id = store::insert_zone(tx, d, &st.now)?;
    audit_setup(tx, st, "delivery_zones", id, format!("Zone « {} » créée : {} (plafond {}).", d.name, d.fee, d.cap()))?;
    Ok(id)
}

pub fn update_zone(tx: &Transaction, st: &Stamp, id: i64, d: &ZoneDraft) -> Result<(), AppError> {
    let before = store::zone(tx, id)?.ok_or(AppError::NotFound)?;
    zone_name_free(tx, d, id)?;
    store::update_zone(tx, id, d, &st.now)?;
    let e = Event::new(AuditKind::DeliverySetup, "delivery_zones", id, format!("Zone « {} » modifiée.", d.name))
        .before(json!({"name": before.name, "fee": before.fee.cents(), "max_fee": before.max_fee.cents()}))
        .after(json!({"name": d.name, "fee": d.fee.cents(), "max_fee": d.cap().cents()}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

pub fn set_zone_active(tx: &Transaction, st: &Stamp, id: i64, on: bool) -> Result<(), AppError> {
    let z = store::zone(tx, id)?.ok_or(AppError::NotFound)?;
    store::set_zone_active(tx, id, on, &st.now)?;
    let what = if on { "réactivée" } else { "désactivée" };
    audit_setup(tx, st, "delivery_zones", id, format!("Zone « {} » {what}.", z.name))
}

/// The employee a deliveryman is: an existing one, not already another deliveryman.
fn check_man(tx: &Transaction, d: &DeliverymanDraft, except: i64) -> Result<(), AppError> {
    crate::text::check_all(&[("name", &d.name, crate::text::Text::Name)])?;
    if let Some(e) = d.employee_id {
        if crate::people::store::employees::employee(tx, e)?.is_none() {
            return Err(invalid("employee_id", "Employé inconnu."));
        }
        if let Some(other) = store::man_of_employee(tx, e, except)? {
            return Err(invalid("employee_id", format!("Cet employé est déjà le livreur « {other} ».")));
        }
    }
    Ok(())
}

/// Creates a deliveryman with his receivable account (467 + his number); a replayed form token
/// answers the first one.
pub fn create_man(tx: &Transaction, st: &Stamp, d: &DeliverymanDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "deliveryman", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::man_by_token(tx, t)?
    {
        return Ok(id);
    }
    check_man(tx, d, 0)?;
    let id = store::next_man_id(tx)?;
    let account = format!("467{id:04}");
    crate::accounting::store::ensure_account(tx, &account, &format!("Livreur {}", d.name), 4, "debit")?;
    store::insert_man(tx, id, d, &account, &st.now)?;
    let e = Event::new(AuditKind::DeliverySetup, "deliverymen", id, format!("Livreur « {} » créé.", d.name))
        .after(json!({"name": d.name, "kind": d.kind.code(), "commission_pct": d.commission_pct}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(id)
}

pub fn update_man(tx: &Transaction, st: &Stamp, id: i64, d: &DeliverymanDraft) -> Result<(), AppError> {
    let before = store::deliveryman(tx, id)?.ok_or(AppError::NotFound)?;
    check_man(tx, d, id)?;
    store::update_man(tx, id, d, &st.now)?;
    let e = Event::new(AuditKind::DeliverySetup, "deliverymen", id, format!("Livreur « {} » modifié.", d.name))
        .before(json!({"name": before.name, "kind": before.kind.code(), "commission_pct": before.commission_pct}))
        .after(json!({"name": d.name, "kind": d.kind.code(), "commission_pct": d.commission_pct}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

pub fn set_man_active(tx: &Transaction, st: &Stamp, id: i64, on: bool) -> Result<(), AppError> {
    let m = store::deliveryman(tx, id)?.ok_or(AppError::NotFound)?;
    store::set_man_active(tx, id, on, &st.now)?;
    let what = if on { "réactivé" } else { "désactivé" };
    audit_setup(tx, st, "deliverymen", id, format!("Livreur « {} » {what}.", m.name))
}

/// Makes a new phone link for a deliveryman and returns its secret (shown once: only its hash is
/// kept); the link he had before stops working.
pub fn new_phone_link(tx: &Transaction, st: &Stamp, id: i64) -> Result<String, AppError> {
    let m = store::deliveryman(tx, id)?.ok_or(AppError::NotFound)?;
    if !m.active {
        return Err(AppError::rule(format!("{} est désactivé : réactivez-le avant de lui donner un lien.", m.name)));
    }
    let key = crate::auth::random_hex(16);
    store::set_phone_key(tx, id, Some(&crate::auth::token_hash(&key)), &st.now)?;
    audit_setup(
        tx,
        st,
        "deliverymen",
        id,
        format!("Nouveau lien de téléphone pour « {} » (l'ancien ne marche plus).", m.name),
    )?;
    Ok(key)
}

/// Withdraws a deliveryman's phone link (a lost phone, a man who left).
pub fn withdraw_phone_link(tx: &Transaction, st: &Stamp, id: i64) -> Result<(), AppError> {
    let m = store::deliveryman(tx, id)?.ok_or(AppError::NotFound)?;
    store::set_phone_key(tx, id, None, &st.now)?;
    audit_setup(tx, st, "deliverymen", id, format!("Lien de téléphone de « {} » retiré.", m.name))
}
