//! Operations on the shop settings.

use rusqlite::Transaction;

use super::{ShopSettings, store};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::error::AppError;

/// Saves the settings and audits what changed. Returns the saved settings.
pub fn save(tx: &Transaction, actor: &Actor, new: &ShopSettings, now: &str) -> Result<ShopSettings, AppError> {
    use crate::text::{Text, check_all};
    check_all(&[
        ("name", &new.name, Text::Name),
        ("address", &new.address, Text::Note),
        ("phone", &new.phone, Text::Reference),
        ("nif", &new.nif, Text::Reference),
        ("rc", &new.rc, Text::Reference),
        ("nis", &new.nis, Text::Reference),
        ("ai", &new.ai, Text::Reference),
        ("cnas_employer", &new.cnas_employer, Text::Reference),
        ("receipt_header", &new.receipt_header, Text::Note),
        ("receipt_footer", &new.receipt_footer, Text::Note),
    ])?;
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
