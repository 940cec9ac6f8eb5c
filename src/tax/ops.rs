//! Changing the shop's tax regime: from a date, never backwards, never in a closed month.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::{Regime, pct_text, store};
use crate::accounting;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::AppError;

use crate::error::invalid;

/// The shop changes regime from `from` on: refused on a past day (the documents already issued
/// keep their regime), in a closed month, on or before the last change, or when that regime is
/// already the one in force.
pub fn set_regime(tx: &Transaction, st: &Stamp, from: NaiveDate, regime: Regime, note: &str) -> Result<(), AppError> {
    if from < st.day {
        return Err(invalid(
            "valid_from",
            "Un changement de régime s'applique à partir d'aujourd'hui ou d'une date future, jamais en arrière.",
        ));
    }
    if accounting::store::is_closed(tx, &from.format("%Y-%m").to_string())? {
        return Err(invalid(
            "valid_from",
            format!("Le mois {} est clôturé : le régime ne peut pas y changer.", from.format("%m/%Y")),
        ));
    }
    if let Some(last) = store::last_regime_change(tx)?
        && from.to_string() <= last
    {
        return Err(invalid(
            "valid_from",
            format!("Un changement de régime est déjà prévu le {last} : le nouveau doit commencer après."),
        ));
    }
    if super::regime_on(tx, from)? == regime {
        return Err(invalid(
            "regime",
            format!("Le régime « {} » est déjà celui en vigueur à cette date.", regime.label()),
        ));
    }
    let rate = match regime {
        Regime::Ifu { rate_bp } => rate_bp,
        Regime::Reel => 0,
    };
    store::insert_regime(tx, &from.to_string(), regime.code(), rate, note, &st.now, st.actor.user_id)?;
    let summary = match regime {
        Regime::Ifu { rate_bp } => {
            format!("Régime IFU ({}) à partir du {}.", pct_text(rate_bp), from.format("%d/%m/%Y"))
        }
        Regime::Reel => format!("Régime réel (TVA) à partir du {}.", from.format("%d/%m/%Y")),
    };
    let after = json!({"valid_from": from.to_string(), "regime": regime.code(), "ifu_rate_bp": rate, "note": note});
    audit::record(
        tx,
        &st.actor,
        &st.now,
        Event::new(AuditKind::TaxRegimeChanged, "tax_regimes", from, summary).after(after),
    )?;
    Ok(())
}
