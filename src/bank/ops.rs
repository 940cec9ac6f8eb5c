//! The bank's operations: save a bank's layout, import a statement (its new lines stored, then
//! matched automatically), match a line by hand or undo it, post a bank charge from its line.
//! Each in the caller's transaction.

use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{CHARGES, Layout, Overview, pair, statement, store};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;

/// What the bank page shows; `import`: the report of an import just made.
pub fn overview(conn: &Connection, import: Option<i64>) -> Result<Overview, AppError> {
    Ok(Overview {
        layouts: store::layouts(conn)?,
        unmatched: store::unmatched_lines(conn)?,
        ledger: store::unmatched_ledger(conn)?,
        matched: store::matched_lines(conn, 30)?,
        books: accounting::store::net_of(conn, account::BANK)?,
        statement: store::statement_total(conn)?,
        import: import.map(|id| store::import_report(conn, id)).transpose()?.flatten(),
    })
}

/// A statement file as received.
#[derive(Debug, Clone)]
pub struct Upload {
    pub layout_id: i64,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Saves a bank's layout (validated by its form); returns its id.
pub fn save_layout(tx: &Transaction, st: &Stamp, l: &Layout) -> Result<i64, AppError> {
    let mut e = FieldErrors::new();
    crate::text::Text::Name.check(&mut e, "name", &l.name);
    for (field, v) in [("date_col", &l.date_col), ("label_col", &l.label_col), ("reference_col", &l.reference_col)] {
        crate::text::Text::Name.check(&mut e, field, v);
    }
    for (field, v) in [("debit_col", &l.debit_col), ("credit_col", &l.credit_col), ("amount_col", &l.amount_col)] {
        crate::text::Text::Name.check(&mut e, field, v);
    }
    e.into_result(())?;
    let id = store::save_layout(tx, l, &st.now)?;
    let summary = format!("Format de relevé « {} » enregistré.", l.name);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::BankChanged, "bank_layouts", id, summary))?;
    Ok(id)
}

/// Imports a statement: reads it with the bank's layout (a file that does not fit is refused,
/// nothing saved), stores the lines not stored yet, matches what it can. Returns the import's id.
pub fn import(tx: &Transaction, st: &Stamp, u: &Upload) -> Result<i64, AppError> {
    let mut e = FieldErrors::new();
    let layout = store::layout(tx, u.layout_id)?;
    let lines = match &layout {
        None => {
            e.add("layout_id", "Choisissez la banque (le format de son relevé).");
            Vec::new()
        }
        Some(l) => statement::read(l, &u.bytes).unwrap_or_else(|m| {
            e.add("file", m);
            Vec::new()
        }),
    };
    e.into_result(())?;
    let id = store::insert_import(tx, u.layout_id, &u.file_name, lines.len(), &st.now, st.actor.user_id)?;
    let mut fresh = 0;
    for l in &lines {
        fresh += usize::from(store::insert_line(tx, id, l)?);
    }
    let matched = auto_match(tx, st)?;
    store::finish_import(tx, id, fresh, matched)?;
    let summary = format!(
        "Relevé « {} » importé : {} lignes lues, {fresh} nouvelles, {matched} rapprochées.",
        u.file_name,
        lines.len()
    );
    let after = json!({"lines_read": lines.len(), "lines_new": fresh, "matched": matched});
    audit::record(
        tx,
        &st.actor,
        &st.now,
        Event::new(AuditKind::BankChanged, "bank_imports", id, summary).after(after),
    )?;
    Ok(id)
}

/// Matches every unmatched statement line that has its one counterpart in 512 (see `pair`).
/// Returns how many.
pub fn auto_match(tx: &Transaction, st: &Stamp) -> Result<usize, AppError> {
    let pairs = pair(&store::unmatched_lines(tx)?, &store::unmatched_ledger(tx)?);
    for (b, l) in &pairs {
        store::insert_match(tx, *b, *l, "auto", &st.now, st.actor.user_id)?;
    }
    Ok(pairs.len())
}

/// Matches a statement line with a line of 512 by hand: both unmatched, the same amount.
pub fn match_lines(tx: &Transaction, st: &Stamp, bank_line: i64, journal_line: i64) -> Result<(), AppError> {
    let b = store::line(tx, bank_line)?.ok_or(AppError::NotFound)?;
    let mut e = FieldErrors::new();
    match store::ledger_line(tx, journal_line)? {
        _ if b.matched_to.is_some() => e.add("journal_line_id", "Cette ligne du relevé est déjà rapprochée."),
        None => e.add("journal_line_id", "Choisissez une écriture du compte 512."),
        Some((_, true)) => e.add("journal_line_id", "Cette écriture est déjà rapprochée d'une autre ligne."),
        Some((l, false)) if l.amount != b.amount => e.add(
            "journal_line_id",
            format!("Les montants diffèrent : relevé {}, écriture {} {}.", b.amount, l.number, l.amount),
        ),
        Some(_) => {}
    }
    e.into_result(())?;
    store::insert_match(tx, bank_line, journal_line, "manuel", &st.now, st.actor.user_id)?;
    let summary = format!("Ligne de relevé n° {bank_line} rapprochée à la main ({}).", b.amount);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::BankChanged, "bank_matches", bank_line, summary))?;
    Ok(())
}

/// Undoes a match (automatic or manual; a bank charge stays with its entry).
pub fn unmatch(tx: &Transaction, st: &Stamp, bank_line: i64) -> Result<(), AppError> {
    if store::delete_match(tx, bank_line)? == 0 {
        return Err(AppError::rule("Cette ligne n'a pas de rapprochement à défaire."));
    }
    let summary = format!("Rapprochement de la ligne de relevé n° {bank_line} défait.");
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::BankChanged, "bank_matches", bank_line, summary))?;
    Ok(())
}

/// Posts a bank charge read on the statement (Dr 627 · Cr 512, on the line's day) and matches
/// the line with it. Returns the entry's id.
pub fn charge(tx: &Transaction, st: &Stamp, bank_line: i64) -> Result<i64, AppError> {
    let b = store::line(tx, bank_line)?.ok_or(AppError::NotFound)?;
    if b.matched_to.is_some() {
        return Err(AppError::rule("Cette ligne du relevé est déjà rapprochée."));
    }
    if !b.amount.is_negative() {
        return Err(AppError::rule("Une ligne au crédit du relevé n'est pas un frais bancaire."));
    }
    let day = b.day.parse().map_err(|_| AppError::Internal(anyhow::anyhow!("ligne {bank_line} : date {}", b.day)))?;
    let amount = Money::from_cents(-b.amount.cents());
    let mut entry = EntryDraft::new(Journal::Bank, day, format!("Frais bancaires : {}", b.label), "bank_line", b.id);
    entry.add(LineDraft::debit(CHARGES, amount, &b.reference));
    entry.add(LineDraft::credit(account::BANK, amount, &b.reference));
    let entry_id = accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    let line = store::bank_line_of_entry(tx, entry_id)?.ok_or(AppError::NotFound)?;
    store::insert_match(tx, b.id, line, "frais", &st.now, st.actor.user_id)?;
    let summary = format!("Frais bancaires de {amount} passés depuis la ligne de relevé n° {}.", b.id);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::BankChanged, "bank_lines", b.id, summary))?;
    Ok(entry_id)
}

/// The statement lines and the lines of 512 of a period, each with its match; account 512 in
/// the books and Σ of the statement lines imported (all dates).
pub fn lines(conn: &Connection, from: &str, to: &str) -> Result<super::Lines, AppError> {
    Ok(super::Lines {
        statement: store::lines_between(conn, from, to)?,
        ledger: store::ledger_between(conn, from, to)?,
        books: accounting::store::net_of(conn, account::BANK)?,
        statement_total: store::statement_total(conn)?,
    })
}
