//! Manual entries of the accountant (journal OD): balanced, dated in an open month, numbered by
//! the journal's gapless sequence, validated at once and never edited: a mistake is reversed.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::month_of;
use crate::accounting::{EntryDraft, Journal, LineDraft, store};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;

/// The `source_type` of the entries written by hand.
pub const SOURCE: &str = "saisie";

/// A manual entry as typed: its lines in the order of the form (row `i` of the form is `lines[i].0`).
#[derive(Debug, Clone)]
pub struct ManualDraft {
    pub day: NaiveDate,
    pub description: String,
    pub lines: Vec<(usize, LineDraft)>,
    pub token: Option<String>,
}

/// The accounts whose balance a sub-ledger keeps (and `fournil check` proves): stock (class 3),
/// the drawers (530), cash in transit (581), customers' deposits and credits (419x), each
/// deliveryman's account (467 and his four-digit number, `deliveries`). A manual
/// line there would part the account from its documents, so it is refused; the document corrects it.
pub fn kept_by_documents(code: &str) -> Option<&'static str> {
    match code {
        c if c.starts_with('3') => Some("le stock (inventaire permanent)"),
        c if c.starts_with("530") => Some("les caisses"),
        c if c.starts_with("581") => Some("les remises des caisses"),
        c if c.starts_with("419") => Some("les acomptes et avoirs des clients"),
        c if c.starts_with("467") && c.len() == 7 => Some("ce que doivent les livreurs"),
        _ => None,
    }
}

/// The messages of lines that do not make a balanced entry (at least two, debits = credits).
pub fn balance_errors(lines: &[(usize, LineDraft)], e: &mut FieldErrors) {
    let debit: Money = lines.iter().map(|(_, l)| l.debit).sum();
    let credit: Money = lines.iter().map(|(_, l)| l.credit).sum();
    if lines.len() < 2 {
        e.add("lines", "Une écriture a au moins deux lignes (un débit et un crédit).");
    } else if debit != credit {
        e.add("lines", format!("L'écriture ne s'équilibre pas : débit {debit}, crédit {credit}."));
    }
}

/// Writes a manual entry in journal OD; returns its entry id. A replayed token answers the first.
pub fn write_entry(tx: &Transaction, st: &Stamp, d: &ManualDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "manual_entry", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(entry) = store::manual_entry_by_token(tx, t)?
    {
        return Ok(entry);
    }
    let mut e = FieldErrors::new();
    let description = crate::text::Text::Name.check(&mut e, "description", &d.description);
    if description.is_empty() && e.get("description").is_none() {
        e.add("description", "Indiquez le libellé de l'écriture.");
    }
    for (i, l) in &d.lines {
        if store::account(tx, &l.account)?.is_none() {
            e.add(&format!("account_{i}"), format!("Compte {} inconnu du plan de comptes.", l.account));
        } else if let Some(keeper) = kept_by_documents(&l.account) {
            e.add(
                &format!("account_{i}"),
                format!("Le compte {} est tenu par {keeper} : il ne se saisit pas à la main.", l.account),
            );
        }
        crate::text::Text::Reference.check(&mut e, &format!("label_{i}"), &l.label);
    }
    balance_errors(&d.lines, &mut e);
    open_month(tx, d.day, "day", &mut e)?;
    e.into_result(())?;
    let id = store::insert_manual(tx, &description, d.token.as_deref(), &st.now, st.actor.user_id)?;
    let mut entry = EntryDraft::new(Journal::Misc, d.day, description.clone(), SOURCE, id);
    entry.lines = d.lines.iter().map(|(_, l)| l.clone()).collect();
    let entry_id = super::post(tx, &st.actor, &entry, &st.now)?;
    let (debit, _) = entry.totals();
    let summary = format!("Écriture saisie le {} : {description} ({debit}).", d.day.format("%d/%m/%Y"));
    let event = Event::new(AuditKind::EntryWritten, "journal_entries", entry_id, summary)
        .after(json!({"lines": entry.lines.len(), "amount": debit.cents()}));
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(entry_id)
}

/// Adds "this month is closed" beside `field` when `day` falls in a closed month.
pub fn open_month(tx: &Transaction, day: NaiveDate, field: &str, e: &mut FieldErrors) -> Result<(), AppError> {
    if store::is_closed(tx, &month_of(day))? {
        e.add(field, format!("Le mois {} est clôturé : choisissez une date dans un mois ouvert.", day.format("%m/%Y")));
    }
    Ok(())
}

/// Reverses a manual entry on `day`, for a reason; returns the reversal's id. Entries of
/// documents (sales, purchases…) are corrected from their document, never here.
pub fn reverse_entry(
    tx: &Transaction,
    st: &Stamp,
    entry_id: i64,
    day: NaiveDate,
    reason: &str,
) -> Result<i64, AppError> {
    let original = store::entry(tx, entry_id)?.ok_or(AppError::NotFound)?;
    if original.source_type != SOURCE {
        return Err(AppError::rule(format!(
            "L'écriture {} vient d'un document ({}) : elle se corrige depuis ce document.",
            original.number, original.source_type
        )));
    }
    let mut e = FieldErrors::new();
    let reason = crate::text::Text::Reason.check(&mut e, "reason", reason);
    if reason.is_empty() && e.get("reason").is_none() {
        e.add("reason", "Indiquez le motif de la contre-passation.");
    }
    open_month(tx, day, "day", &mut e)?;
    e.into_result(())?;
    let id = super::reverse(tx, &st.actor, entry_id, day, &reason, &st.now)?;
    let summary = format!("Écriture {} contre-passée : {reason}.", original.number);
    let event =
        Event::new(AuditKind::EntryWritten, "journal_entries", id, summary).after(json!({"reverses": entry_id}));
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(id)
}
