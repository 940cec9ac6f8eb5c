//! Operations on the till rules, each in the caller's one transaction, each audited.

use rusqlite::Transaction;
use serde_json::json;

use super::{Range, TillRules, store};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::auth;
use crate::error::{AppError, FieldErrors};
use crate::money::Money;

/// The new-rule form, as typed. `owner` is `c:<category id>` or `p:<product id>`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub min_pieces: String,
    #[serde(default)]
    pub max_pieces: String,
    #[serde(default)]
    pub packaging_id: String,
}

fn owner_of(owner: &str) -> Option<(Option<i64>, Option<i64>)> {
    let (kind, id) = owner.split_once(':')?;
    let id = id.parse::<i64>().ok()?;
    match kind {
        "c" => Some((Some(id), None)),
        "p" => Some((None, Some(id))),
        _ => None,
    }
}

/// Adds a packaging rule after checking it field by field.
pub fn add_rule(tx: &Transaction, actor: &Actor, form: &RuleForm, now: &str) -> Result<i64, AppError> {
    let mut e = FieldErrors::new();
    let owner = owner_of(form.owner.trim());
    let owner_ok = match owner {
        Some((Some(c), None)) => store::category_exists(tx, c)?,
        Some((None, Some(p))) => store::product_exists(tx, p)?,
        _ => false,
    };
    if !owner_ok {
        e.add("owner", "Choisissez une catégorie ou un produit.");
    }
    let min = form.min_pieces.trim().parse::<i64>().ok();
    let max = form.max_pieces.trim().parse::<i64>().ok();
    match min {
        Some(m) if (1..=10_000).contains(&m) => {}
        _ => e.add("min_pieces", "Au moins 1 pièce."),
    }
    match (min, max) {
        (_, Some(x)) if !(1..=10_000).contains(&x) => e.add("max_pieces", "Entre 1 et 10 000 pièces."),
        (Some(m), Some(x)) if x < m => e.add("max_pieces", "Le maximum doit être au moins égal au minimum."),
        (_, None) => e.add("max_pieces", "Indiquez le nombre de pièces maximum."),
        _ => {}
    }
    let packaging = form.packaging_id.trim().parse::<i64>().ok();
    let packaging_ok = match packaging {
        Some(id) => store::is_active_packaging(tx, id)?,
        None => false,
    };
    if !packaging_ok {
        e.add("packaging_id", "Choisissez un emballage : un consommable actif.");
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let (Some((category_id, product_id)), Some(min), Some(max), Some(packaging_id)) = (owner, min, max, packaging)
    else {
        return Err(AppError::Invalid(e));
    };
    let range = Range { min_pieces: min, max_pieces: max, packaging_id };
    let existing = match (category_id, product_id) {
        (Some(c), _) => store::rules_for_category(tx, c)?,
        (_, Some(p)) => store::rules_for_product(tx, p)?,
        _ => Vec::new(),
    };
    if let Some(o) = existing.iter().find(|r| r.min_pieces <= max && min <= r.max_pieces) {
        e.add("min_pieces", format!("Chevauche la règle de {} à {} pièces.", o.min_pieces, o.max_pieces));
        return Err(AppError::Invalid(e));
    }
    let id = store::insert_rule(tx, category_id, product_id, &range)?;
    let row = store::rule(tx, id)?.ok_or(AppError::NotFound)?;
    let summary =
        format!("Règle d'emballage : {} de {} à {} pièces → {}.", row.owner_name, min, max, row.packaging_name);
    let after = json!({"category_id": category_id, "product_id": product_id, "min_pieces": min, "max_pieces": max, "packaging_id": packaging_id});
    audit::record(
        tx,
        actor,
        now,
        Event::new(AuditKind::TillSettingsChanged, "packaging_rules", id, summary).after(after),
    )?;
    Ok(id)
}

pub fn delete_rule(tx: &Transaction, actor: &Actor, id: i64, now: &str) -> Result<(), AppError> {
    let row = store::rule(tx, id)?.ok_or(AppError::NotFound)?;
    store::delete_rule(tx, id)?;
    let summary = format!(
        "Règle d'emballage supprimée : {} de {} à {} pièces → {}.",
        row.owner_name, row.min_pieces, row.max_pieces, row.packaging_name
    );
    let before = json!({"category_id": row.category_id, "product_id": row.product_id, "min_pieces": row.min_pieces,
                        "max_pieces": row.max_pieces, "packaging_id": row.packaging_id});
    audit::record(
        tx,
        actor,
        now,
        Event::new(AuditKind::TillSettingsChanged, "packaging_rules", id, summary).before(before),
    )?;
    Ok(())
}

/// The limits form: `discount_reason_pct`, `variance_reason` (DA) and `role_<id>` per role.
pub fn parse_limits(
    pairs: &[(String, String)],
    roles: &[(i64, String, i64)],
) -> Result<(TillRules, Vec<(i64, i64)>), FieldErrors> {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let pct = |v: &str| v.parse::<i64>().ok().filter(|p| (0..=100).contains(p));
    let mut e = FieldErrors::new();
    let discount = pct(&get("discount_reason_pct"));
    if discount.is_none() {
        e.add("discount_reason_pct", "Un pourcentage entre 0 et 100.");
    }
    let variance = Money::parse(&get("variance_reason")).ok().filter(|m| !m.is_negative());
    if variance.is_none() {
        e.add("variance_reason", "Un montant positif, par exemple 500,00.");
    }
    let mut limits = Vec::new();
    for (id, _, _) in roles {
        let field = format!("role_{id}");
        match pct(&get(&field)) {
            Some(p) => limits.push((*id, p)),
            None => e.add(&field, "Un pourcentage entre 0 et 100."),
        }
    }
    let rules = TillRules { discount_reason_pct: discount.unwrap_or(0), variance_reason: variance.unwrap_or_default() };
    e.into_result((rules, limits))
}

/// Saves the till's limits and the roles' discount limits together.
pub fn save_limits(tx: &Transaction, actor: &Actor, pairs: &[(String, String)], now: &str) -> Result<(), AppError> {
    let roles = auth::store::role_limits(tx)?;
    let before_rules = store::settings(tx)?;
    let (rules, limits) = parse_limits(pairs, &roles).map_err(AppError::Invalid)?;
    store::save_settings(tx, &rules, now)?;
    for (id, pct) in &limits {
        auth::store::set_role_limit(tx, *id, *pct)?;
    }
    let before = json!({"discount_reason_pct": before_rules.discount_reason_pct,
        "variance_reason_cents": before_rules.variance_reason.cents(),
        "roles": roles.iter().map(|(id, _, p)| json!({"role_id": id, "max_discount_pct": p})).collect::<Vec<_>>()});
    let after = json!({"discount_reason_pct": rules.discount_reason_pct,
        "variance_reason_cents": rules.variance_reason.cents(),
        "roles": limits.iter().map(|(id, p)| json!({"role_id": id, "max_discount_pct": p})).collect::<Vec<_>>()});
    let event = Event::new(AuditKind::TillSettingsChanged, "till_settings", 1, "Limites de caisse enregistrées.")
        .before(before)
        .after(after);
    audit::record(tx, actor, now, event)?;
    Ok(())
}
