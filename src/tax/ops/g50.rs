//! The monthly G50 figures: what the accountant copies into the declaration. Read from the
//! documents' TVA rows and the books (payroll's 442, the stamp duty's 44575), never recomputed.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use super::super::{Regime, STAMP_DUTY, TVA_COLLECTED, TVA_DEDUCTIBLE, regime_on, store};
use crate::accounting;
use crate::error::AppError;
use crate::money::Money;

/// The TVA of one rate in a month: its base before tax and the TVA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLine {
    pub rate_bp: u32,
    pub base: Money,
    pub tva: Money,
}

/// A month's figures for the G50.
#[derive(Debug, Clone)]
pub struct G50 {
    /// YYYY-MM
    pub month: String,
    /// The regime on the month's last day.
    pub regime: Regime,
    /// The turnover booked to the sales accounts (70x): HT under réel, TTC under IFU.
    pub turnover: Money,
    /// Under IFU: the turnover at the IFU's rate (information for the declaration).
    pub ifu: Option<Money>,
    pub collected: Vec<RateLine>,
    pub collected_total: Money,
    pub deductible: Vec<RateLine>,
    pub deductible_total: Money,
    /// Collected − deductible: due when positive, a credit carried forward when negative.
    pub due: Money,
    /// IRG withheld on salaries (payroll's credits to 442 in the month).
    pub irg: Money,
    /// Droit de timbre collected (44575 in the month).
    pub stamp_duty: Money,
}

/// The first and last days of a month `YYYY-MM`; `None` when it is not one.
pub fn month_bounds(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
    };
    Some((first, next.pred_opt()?))
}

fn lines(rows: Vec<(u32, i64, i64)>) -> Vec<RateLine> {
    rows.into_iter()
        .map(|(rate_bp, base, tva)| RateLine { rate_bp, base: Money::from_cents(base), tva: Money::from_cents(tva) })
        .collect()
}

/// The figures of `month` (YYYY-MM).
pub fn g50(conn: &Connection, month: &str) -> Result<G50, AppError> {
    let (first, last) = month_bounds(month).ok_or_else(|| crate::error::invalid("mois", "Un mois comme 2026-11."))?;
    let moves = accounting::store::movements(conn, &first.to_string(), &last.to_string())?;
    let credit_of = |code: &str| moves.iter().filter(|r| r.code == code).map(|r| r.credit - r.debit).sum::<Money>();
    let turnover: Money = moves.iter().filter(|r| r.code.starts_with("70")).map(|r| r.credit - r.debit).sum();
    let regime = regime_on(conn, last)?;
    let ifu = match regime {
        Regime::Ifu { rate_bp } => Some(super::super::tva_of_ht(turnover, rate_bp)),
        Regime::Reel => None,
    };
    let collected = lines(store::month_tva(conn, month, "collectee")?);
    let deductible = lines(store::month_tva(conn, month, "deductible")?);
    let collected_total = credit_of(TVA_COLLECTED);
    let deductible_total = Money::ZERO - credit_of(TVA_DEDUCTIBLE);
    Ok(G50 {
        month: month.to_string(),
        regime,
        turnover,
        ifu,
        collected,
        collected_total,
        deductible,
        deductible_total,
        due: collected_total - deductible_total,
        irg: credit_of(crate::payroll::account::IRG),
        stamp_duty: credit_of(STAMP_DUTY),
    })
}
