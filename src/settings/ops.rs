//! Operations on the shop settings.

use rusqlite::Transaction;

use super::{ShopSettings, store};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::error::AppError;

/// Saves the settings and audits what changed. Returns the saved settings.
pub fn save(tx: &Transaction, actor: &Actor, new: &ShopSettings, now: &str) -> Result<ShopSettings, AppError> {
    let before = store::get(tx)?;
    if &before == new {
        return Ok(before);
    }
    store::save(tx, new, now)?;
    let to_json = |s: &ShopSettings| serde_json::to_value(s).unwrap_or_default();
    let event = Event::new(AuditKind::SettingsChanged, "shop_settings", 1, "Paramètres de la boutique modifiés.")
        .before(to_json(&before))
        .after(to_json(new));
    audit::record(tx, actor, now, event)?;
    Ok(new.clone())
}
