//! The books' part of `fournil check`: every entry balanced, the kept day totals equal to the
//! lines, the trial balance at zero, the statements tied to it, and no entry posted in a month
//! after its closing. Incremental: the entries after the mark, and the days at or after the
//! mark's day or written behind it (journal lines and entries are append-only; the triggers on
//! `account_days` note each day written before the mark).

use rusqlite::Connection;

use super::ops::statements::{Period, read};
use super::store;
use crate::error::AppError;
use crate::money::Money;
use crate::system::marks::{Found, Incremental, Mark, Proven, Since};

/// The books' rules, from the mark of the last passing check when there is one.
pub const INCREMENTAL: Incremental = Incremental {
    rule: "comptabilite",
    rules: proven,
    triggers: &[
        "journal_entries_no_update",
        "journal_entries_no_delete",
        "journal_lines_no_update",
        "journal_lines_no_delete",
        "account_days_mark_insert",
        "account_days_mark_update",
        "account_days_mark_delete",
        "journal_lines_mark_insert",
        "journal_entries_mark_insert",
    ],
};

/// The last entry and the last day the books have: the mark of entries just proven.
pub fn mark(conn: &Connection) -> Result<Mark, AppError> {
    let (upto, day) = store::check::last_entry(conn)?;
    Ok(Mark { upto, day, sums: Default::default() })
}

/// The rules, and the mark of what they just read.
fn proven(conn: &Connection, since: Option<Since>) -> Proven {
    Ok((findings(conn, since)?, mark(conn)?))
}

pub fn findings(conn: &Connection, since: Option<Since>) -> Found {
    let (unbalanced, kept) = match since {
        None => (store::check::unbalanced_entries_since(conn, 0, "[]")?, store::check::drifted_days(conn)?),
        Some(s) => {
            let dirty = serde_json::to_string(s.dirty).map_err(|e| AppError::Internal(e.into()))?;
            let unbalanced = store::check::unbalanced_entries_since(conn, s.mark.upto, &dirty)?;
            (unbalanced, store::check::drifted_days_since(conn, s.mark.upto, &s.mark.day, &dirty)?)
        }
    };
    let tb = store::trial_balance(conn, None)?;
    let (d, c): (Money, Money) = (tb.iter().map(|r| r.debit).sum(), tb.iter().map(|r| r.credit).sum());
    let trial = if d == c { Vec::new() } else { vec![format!("débit {d}, crédit {c}")] };
    let mut out = vec![
        ("Comptabilité : totaux par compte et par jour = lignes", kept),
        ("Comptabilité : chaque écriture équilibrée", unbalanced),
        ("Comptabilité : balance générale à zéro", trial),
    ];
    // The first day proven again: the mark's, or an older one written behind it.
    let from = since.map(|s| s.dirty.iter().chain([&s.mark.day]).min().cloned().unwrap_or_default());
    out.extend(statements(conn, from.as_deref(), since.map_or(0, |s| s.mark.upto))?);
    Ok(out)
}

/// The statements of the whole history, or (incremental) of the days from `from` on: the balance
/// sheet is the trial balance's at the last day either way, the result and the cash flows those
/// of the period read. Entries written after a closing can only be the ones after the mark.
fn statements(conn: &Connection, from: Option<&str>, after: i64) -> Found {
    let mut ties = Vec::new();
    if let Some((first, last)) = store::first_and_last_day(conn)? {
        let first = from.filter(|f| *f > first.as_str() && *f <= last.as_str()).map_or(first, str::to_string);
        let (Ok(from), Ok(to)) = (first.parse(), last.parse()) else {
            return Err(AppError::Internal(anyhow::anyhow!("dates d'écritures illisibles : {first}, {last}")));
        };
        let s = read(conn, Period { from, to })?;
        if s.sheet.total_assets() != s.sheet.total_liabilities() {
            ties.push(format!("actif {} ≠ passif {}", s.sheet.total_assets(), s.sheet.total_liabilities()));
        }
        let (shown, trial) = s.results();
        if shown != trial {
            ties.push(format!("résultat {shown} ≠ classes 7 − 6 {trial}"));
        }
        if !s.flows.ties() {
            ties.push(format!("trésorerie {} + flux ≠ {}", s.flows.opening, s.flows.closing));
        }
    }
    let mut late = store::check::posted_after_closing(conn, after)?;
    late.extend(store::check::posted_after_year_closing(conn, after)?);
    Ok(vec![
        ("États financiers : bilan équilibré, résultat et flux égaux à la balance", ties),
        ("Aucune écriture passée dans un mois ou un exercice après sa clôture", late),
    ])
}
