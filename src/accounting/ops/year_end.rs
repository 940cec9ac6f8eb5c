//! The year end (décret 09-110): classes 6 and 7 closed into 12, the result carried to 11 (report
//! à nouveau) or left in 12 as the owner decides, every month of the year closed, the next year's
//! à-nouveaux (the balances of classes 1 to 5) written down, the year locked for good — no entry
//! can be dated in it again, no month of it reopened. Balances are cumulative in Fournil, so the
//! new year starts from those balances by itself: the à-nouveaux are kept as the record of what
//! it opened with (and `fournil check` proves nothing was posted in the year afterwards).

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;
use serde_json::json;

use crate::accounting::{BalanceRow, EntryDraft, Journal, LineDraft, store};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;

/// Where the owner carries the year's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    /// To the report à nouveau: 110 (a profit) or 119 (a loss).
    RetainedEarnings,
    /// Left in 12 until the owner decides how to appropriate it.
    Result,
}

impl Carry {
    pub fn code(self) -> &'static str {
        match self {
            Carry::RetainedEarnings => "11",
            Carry::Result => "12",
        }
    }

    pub fn from_code(code: &str) -> Option<Carry> {
        [Carry::RetainedEarnings, Carry::Result].into_iter().find(|c| c.code() == code)
    }
}

const RESULT: &str = "12";
const PROFIT_CARRIED: &str = "110";
const LOSS_CARRIED: &str = "119";

fn validate(tx: &Transaction, st: &Stamp, year: i32) -> Result<NaiveDate, AppError> {
    let mut e = FieldErrors::new();
    let last = NaiveDate::from_ymd_opt(year, 12, 31).filter(|_| (2000..=2100).contains(&year));
    match last {
        None => e.add("year", "Une année comme 2025."),
        Some(d) if d >= st.day => e.add(
            "year",
            format!("L'exercice {year} n'est pas terminé : il se clôture à partir du 01/01/{}.", year + 1),
        ),
        Some(_) if store::year_closed(tx, year)? => e.add("year", format!("L'exercice {year} est déjà clôturé.")),
        Some(_) if store::has_entries_in(tx, year - 1)? && !store::year_closed(tx, year - 1)? => {
            e.add("year", format!("Clôturez d'abord l'exercice {}.", year - 1));
        }
        Some(_) => {}
    }
    let last = e.into_result(last)?;
    last.ok_or(AppError::NotFound)
}

/// Empties classes 6 and 7 into 12 on the year's last day; returns the entry (none when nothing
/// moved) and the result (> 0 a profit).
fn close_income(tx: &Transaction, st: &Stamp, year: i32, last: NaiveDate) -> Result<(Option<i64>, Money), AppError> {
    let rows = store::trial_balance(tx, Some(&last.to_string()))?;
    let mut entry = EntryDraft::new(
        Journal::Misc,
        last,
        format!("Clôture de l'exercice {year} : classes 6 et 7 en 12"),
        "year_end",
        year.into(),
    );
    let mut result = Money::ZERO;
    for r in rows.iter().filter(|r| r.code.starts_with('6') || r.code.starts_with('7')) {
        let net = r.net();
        result -= net;
        if net.is_negative() {
            entry.add(LineDraft::debit(&r.code, -net, ""));
        } else {
            entry.add(LineDraft::credit(&r.code, net, ""));
        }
    }
    if result.is_negative() {
        entry.add(LineDraft::debit(RESULT, -result, ""));
    } else {
        entry.add(LineDraft::credit(RESULT, result, ""));
    }
    if entry.lines.len() < 2 {
        return Ok((None, result));
    }
    Ok((Some(super::post_year_end(tx, &st.actor, &entry, &st.now)?), result))
}

/// Carries the result from 12 to 110 (a profit) or 119 (a loss).
fn carry(tx: &Transaction, st: &Stamp, year: i32, last: NaiveDate, result: Money) -> Result<Option<i64>, AppError> {
    if result.cents() == 0 {
        return Ok(None);
    }
    let what = format!("Affectation du résultat {year} en report à nouveau");
    let mut entry = EntryDraft::new(Journal::Misc, last, what, "year_end", year.into());
    if result.is_negative() {
        entry.add(LineDraft::debit(LOSS_CARRIED, -result, ""));
        entry.add(LineDraft::credit(RESULT, -result, ""));
    } else {
        entry.add(LineDraft::debit(RESULT, result, ""));
        entry.add(LineDraft::credit(PROFIT_CARRIED, result, ""));
    }
    Ok(Some(super::post_year_end(tx, &st.actor, &entry, &st.now)?))
}

/// Closes a year that has ended, the one before it closed already; returns its result.
pub fn close_year(tx: &Transaction, st: &Stamp, year: i32, to: Carry) -> Result<Money, AppError> {
    let last = validate(tx, st, year)?;
    let (closing, result) = close_income(tx, st, year, last)?;
    let carried = if to == Carry::RetainedEarnings { carry(tx, st, year, last, result)? } else { None };
    for month in 1..=12 {
        store::close(tx, &format!("{year}-{month:02}"), &st.now, st.actor.user_id)?;
    }
    let balances = store::trial_balance(tx, Some(&last.to_string()))?;
    for r in balances.iter().filter(|r| matches!(r.code.chars().next(), Some('1'..='5'))) {
        let net = r.net();
        if net.cents() != 0 {
            let (debit, credit) = if net.is_negative() { (Money::ZERO, -net) } else { (net, Money::ZERO) };
            store::insert_opening(tx, year + 1, &BalanceRow { debit, credit, ..r.clone() })?;
        }
    }
    store::insert_closed_year(tx, year, result, to.code(), closing, carried, &st.now, st.actor.user_id)?;
    let summary = format!("Exercice {year} clôturé : résultat {result}, porté au compte {}.", to.code());
    let after = json!({"result": result.cents(), "carried_to": to.code()});
    let event = Event::new(AuditKind::YearClosed, "closed_years", i64::from(year), summary).after(after);
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(result)
}

/// The year the business day's previous year is: the one a closing form proposes.
pub fn last_year(today: NaiveDate) -> i32 {
    today.year() - 1
}
