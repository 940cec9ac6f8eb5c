//! The bank: account 512 against the bank's own statement. Owns `bank_layouts` (the column
//! layout of each bank's CSV, saved once), `bank_imports`, `bank_lines` (each statement line
//! stored once, keyed by day, amount, reference, label and its rank among identical lines of its
//! file: re-importing the same or an overlapping statement adds nothing twice) and
//! `bank_matches` (a statement line ↔ a line of 512 of the same amount). Matching is automatic
//! on amount, a date window and the reference, manual for the rest; a bank charge is posted from
//! its statement line (Dr 627 · Cr 512) and matched in the same transaction.

pub mod check;
pub mod ops;
pub mod statement;
pub mod store;
pub mod views;
pub mod web;

use chrono::NaiveDate;

use crate::money::Money;

/// Days a statement line may lie from its entry and still be matched automatically.
pub const WINDOW_DAYS: i64 = 7;

/// The account of bank charges.
pub const CHARGES: &str = "627";

/// Where each field lies in a bank's CSV: the header names, as the file writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub id: i64,
    pub name: String,
    pub date_col: String,
    pub label_col: String,
    pub reference_col: String,
    pub debit_col: String,
    pub credit_col: String,
    pub amount_col: String,
}

/// A statement line as read from a file, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLine {
    pub day: NaiveDate,
    pub label: String,
    pub reference: String,
    /// > 0: money in (Dr 512); < 0: money out.
    pub amount: Money,
    /// Stored once by this key (see the module's doc).
    pub key: String,
}

/// A stored statement line, with the line of 512 it is matched to.
#[derive(Debug, Clone)]
pub struct BankLine {
    pub id: i64,
    pub day: String,
    pub label: String,
    pub reference: String,
    pub amount: Money,
    pub matched_to: Option<i64>,
    pub how: Option<String>,
}

/// A line of account 512 in the books, signed like the statement (debit − credit).
#[derive(Debug, Clone)]
pub struct LedgerLine {
    pub id: i64,
    pub entry_id: i64,
    pub number: String,
    pub day: String,
    pub text: String,
    pub amount: Money,
}

/// What an import did, shown after it.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub id: i64,
    pub file_name: String,
    pub lines_read: i64,
    pub lines_new: i64,
    pub matched: i64,
}

/// A period's statement lines and lines of 512, each with its match (the API's read).
#[derive(Debug, Clone)]
pub struct Lines {
    pub statement: Vec<BankLine>,
    /// With the statement line each is matched to.
    pub ledger: Vec<(LedgerLine, Option<i64>)>,
    pub books: Money,
    pub statement_total: Money,
}

/// What the bank page shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub layouts: Vec<Layout>,
    pub unmatched: Vec<BankLine>,
    pub ledger: Vec<LedgerLine>,
    pub matched: Vec<BankLine>,
    /// Account 512 in the books, and Σ of the statement lines imported.
    pub books: Money,
    pub statement: Money,
    pub import: Option<ImportReport>,
}

fn days_between(a: &str, b: &str) -> Option<i64> {
    let (a, b): (NaiveDate, NaiveDate) = (a.parse().ok()?, b.parse().ok()?);
    Some((a - b).num_days().abs())
}

/// The statement's reference appears in the entry's text (3 characters at least).
fn reference_in(reference: &str, text: &str) -> bool {
    let r = reference.trim().to_lowercase();
    r.chars().count() >= 3 && text.to_lowercase().contains(&r)
}

/// Pairs unmatched statement lines with unmatched lines of 512: the same amount, at most
/// `WINDOW_DAYS` apart; a pair whose reference is found in the entry comes first, then the
/// nearest dates, then the oldest lines. Each line is used once. Returns (bank line, 512 line).
pub fn pair(bank: &[BankLine], ledger: &[LedgerLine]) -> Vec<(i64, i64)> {
    let mut candidates = Vec::new();
    for b in bank.iter().filter(|b| b.matched_to.is_none()) {
        for l in ledger.iter().filter(|l| l.amount == b.amount) {
            let Some(gap) = days_between(&b.day, &l.day).filter(|g| *g <= WINDOW_DAYS) else { continue };
            let by_reference = reference_in(&b.reference, &l.text);
            candidates.push((!by_reference, gap, b.id, l.id));
        }
    }
    candidates.sort();
    let (mut used_bank, mut used_ledger) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    let mut pairs = Vec::new();
    for (_, _, b, l) in candidates {
        if !used_bank.contains(&b) && !used_ledger.contains(&l) {
            used_bank.insert(b);
            used_ledger.insert(l);
            pairs.push((b, l));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(id: i64, day: &str, reference: &str, da: i64) -> BankLine {
        let (day, reference) = (day.into(), reference.into());
        BankLine { id, day, label: String::new(), reference, amount: Money::from_da(da), matched_to: None, how: None }
    }

    fn l(id: i64, day: &str, text: &str, da: i64) -> LedgerLine {
        let (day, text, number) = (day.into(), text.into(), String::new());
        LedgerLine { id, entry_id: id, number, day, text, amount: Money::from_da(da) }
    }

    #[test]
    fn the_reference_wins_over_the_nearest_date() {
        let bank = [b(1, "2026-11-12", "FAC-10", -500), b(2, "2026-11-13", "FAC-12", -500)];
        let ledger = [l(10, "2026-11-10", "Dépense FAC-10", -500), l(12, "2026-11-12", "FAC-12", -500)];
        let mut pairs = pair(&bank, &ledger);
        pairs.sort();
        assert_eq!(pairs, vec![(1, 10), (2, 12)]);
    }

    #[test]
    fn a_line_outside_the_window_or_of_another_amount_stays_unmatched() {
        let bank = [b(1, "2026-11-20", "", -500), b(2, "2026-11-01", "", -700)];
        let ledger = [l(10, "2026-11-10", "", -500), l(11, "2026-11-01", "", 700)];
        assert!(pair(&bank, &ledger).is_empty());
    }
}
