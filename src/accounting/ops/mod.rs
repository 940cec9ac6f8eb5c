//! Posting. `post` is the one way into the books: it refuses an unbalanced entry, an unknown
//! account, a one-sided line or a date in a closed month, numbers the entry without gaps, and
//! writes it in the caller's transaction.

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;

pub mod chart;
pub mod export;
pub mod manual;
pub mod periods;
pub mod statements;
pub mod year_end;

pub use periods::{close_month, reopen_month};

use super::{EntryDraft, LineDraft, store};
use crate::audit::Actor;
use crate::error::AppError;

pub(crate) fn month_of(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// Posts a balanced entry; returns its id.
pub fn post(tx: &Transaction, actor: &Actor, e: &EntryDraft, now: &str) -> Result<i64, AppError> {
    post_inner(tx, actor, e, None, false, now)
}

/// Posts a year-end closing entry: dated in the year's last month, which may already be closed
/// (the year is locked for good right after).
pub(crate) fn post_year_end(tx: &Transaction, actor: &Actor, e: &EntryDraft, now: &str) -> Result<i64, AppError> {
    post_inner(tx, actor, e, None, true, now)
}

fn post_inner(
    tx: &Transaction,
    actor: &Actor,
    e: &EntryDraft,
    reverses: Option<i64>,
    year_end: bool,
    now: &str,
) -> Result<i64, AppError> {
    if e.lines.len() < 2 {
        return Err(AppError::Internal(anyhow::anyhow!("écriture « {} » : moins de deux lignes", e.description)));
    }
    for l in &e.lines {
        let one_sided = (l.debit.cents() > 0) != (l.credit.cents() > 0);
        if !one_sided || l.debit.is_negative() || l.credit.is_negative() {
            return Err(AppError::Internal(anyhow::anyhow!(
                "écriture « {} » : ligne {} ni au débit ni au crédit",
                e.description,
                l.account
            )));
        }
        if store::account(tx, &l.account)?.is_none() {
            return Err(AppError::Internal(anyhow::anyhow!(
                "écriture « {} » : compte {} inconnu",
                e.description,
                l.account
            )));
        }
    }
    let (debit, credit) = e.totals();
    if debit != credit {
        return Err(AppError::Internal(anyhow::anyhow!(
            "écriture « {} » déséquilibrée : débit {debit}, crédit {credit}",
            e.description
        )));
    }
    if store::year_closed(tx, e.day.year())? {
        return Err(AppError::rule(format!(
            "L'exercice {} est clôturé définitivement : aucune écriture ne peut y être datée (date {}).",
            e.day.year(),
            e.day.format("%d/%m/%Y")
        )));
    }
    let month = month_of(e.day);
    if !year_end && store::is_closed(tx, &month)? {
        return Err(AppError::rule(format!(
            "Le mois {} est clôturé : aucune écriture ne peut y être passée (date {}).",
            e.day.format("%m/%Y"),
            e.day.format("%d/%m/%Y")
        )));
    }
    let seq = store::next_number(tx, e.journal.code(), e.day.year())?;
    let number = format!("{}-{}-{seq:05}", e.journal.code(), e.day.year());
    let id = store::insert_entry(
        tx,
        &number,
        e.journal.code(),
        &e.day.to_string(),
        &e.description,
        &e.source_type,
        e.source_id,
        reverses,
        now,
        actor.user_id,
    )?;
    let day = e.day.to_string();
    for l in &e.lines {
        store::insert_line(tx, id, &day, l)?;
    }
    Ok(id)
}

/// Posts the exact opposite of an entry, dated `day`, linked to it. An entry is reversed once.
pub fn reverse(
    tx: &Transaction,
    actor: &Actor,
    entry_id: i64,
    day: NaiveDate,
    why: &str,
    now: &str,
) -> Result<i64, AppError> {
    let original = store::entry(tx, entry_id)?.ok_or(AppError::NotFound)?;
    if original.reverses.is_some() {
        return Err(AppError::rule(format!("L'écriture {} est elle-même une contre-passation.", original.number)));
    }
    if store::is_reversed(tx, entry_id)? {
        return Err(AppError::rule(format!("L'écriture {} est déjà contre-passée.", original.number)));
    }
    let journal = super::Journal::from_code(&original.journal).ok_or(AppError::NotFound)?;
    let mut draft = EntryDraft::new(
        journal,
        day,
        format!("Contre-passation de {} : {why}", original.number),
        &original.source_type,
        original.source_id,
    );
    for l in &original.lines {
        draft.add(LineDraft { account: l.account.clone(), debit: l.credit, credit: l.debit, label: l.label.clone() });
    }
    post_inner(tx, actor, &draft, Some(entry_id), false, now)
}
