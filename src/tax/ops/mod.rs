//! Changing the shop's tax regime: from a date, never backwards, never in a closed month.

pub mod g50;
pub mod tva;

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::{Regime, TvaClass, pct_text, store};
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

/// A new TVA rate for a class from `from` on: a dated row, never an edit. Refused on a past day,
/// in a closed month, or on or before the class's latest row (the documents already issued keep
/// their rate).
pub fn add_tva_rate(
    tx: &Transaction,
    st: &Stamp,
    class: TvaClass,
    from: NaiveDate,
    bp: u32,
    source: &str,
) -> Result<(), AppError> {
    crate::text::check_all(&[("source", source, crate::text::Text::Reason)])?;
    if source.trim().is_empty() {
        return Err(invalid("source", "Indiquez le texte qui fixe ce taux (loi de finances, article)."));
    }
    if from < st.day {
        return Err(invalid(
            "rate_from",
            "Un taux s'applique à partir d'aujourd'hui ou d'une date future, jamais en arrière.",
        ));
    }
    if accounting::store::is_closed(tx, &from.format("%Y-%m").to_string())? {
        return Err(invalid(
            "rate_from",
            format!("Le mois {} est clôturé : aucun taux ne peut y commencer.", from.format("%m/%Y")),
        ));
    }
    if let Some(last) = store::last_rate_date(tx, class.code())?
        && from.to_string() <= last
    {
        return Err(invalid(
            "rate_from",
            format!("Le taux « {} » a déjà une ligne au {last} : le nouveau doit commencer après.", class.label()),
        ));
    }
    let row = store::RateRow {
        class: class.code().into(),
        valid_from: from.to_string(),
        rate_bp: bp,
        source: source.trim().into(),
    };
    store::insert_rate(tx, &row, &st.now)?;
    let summary = format!("TVA « {} » à {} à partir du {}.", class.label(), pct_text(bp), from.format("%d/%m/%Y"));
    let after = json!({"class": row.class, "rate_from": row.valid_from, "rate_bp": bp, "source": row.source});
    audit::record(
        tx,
        &st.actor,
        &st.now,
        Event::new(AuditKind::TvaRateAdded, "tva_rates", from, summary).after(after),
    )?;
    Ok(())
}
