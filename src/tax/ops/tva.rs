//! The TVA of a document under the réel regime: the revenue of a ticket, a refund or an order
//! handed over split into HT and TVA per rate (prices stay TTC), the TVA collected to 4457; each
//! document's TVA kept in `tva_lines`. Under IFU the revenue is credited as it is, and nothing
//! is recorded. The documents' ops call this and hand the lines to their own entry (accounting
//! never imports tax).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::super::{TVA_COLLECTED, TVA_DEDUCTIBLE, pct_text, split_ttc, store};
use crate::accounting::LineDraft;
use crate::error::AppError;
use crate::money::Money;

/// Revenue with tax included: the product sold, the account it is booked to, the amount TTC.
#[derive(Debug, Clone)]
pub struct Revenue {
    pub product_id: i64,
    pub account: String,
    pub ttc: Money,
}

/// Which way the revenue goes: a sale (credit) or a return (debit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Sale,
    Return,
}

impl Side {
    fn line(self, account: &str, amount: Money, label: &str) -> LineDraft {
        match self {
            Side::Sale => LineDraft::credit(account, amount, label),
            Side::Return => LineDraft::debit(account, amount, label),
        }
    }

    fn signed(self, amount: Money) -> i64 {
        match self {
            Side::Sale => amount.cents(),
            Side::Return => -amount.cents(),
        }
    }
}

/// The document the TVA belongs to and the day of its entry.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub kind: &'a str,
    pub id: i64,
    pub day: NaiveDate,
}

/// The revenue lines of a document's entry. `tax_day` is the day whose regime and rates apply
/// (the sale's day; for a refund, its ticket's). Under réel the TTC is summed per account and
/// rate and each sum split once (`split_ttc`: HT + TVA = TTC exactly, so the document's total
/// is untouched and one rounding per rate is what the receipt prints and the G50 declares);
/// the HT goes to the account, the TVA of each rate to 4457, and each group is kept.
pub fn revenue_lines(
    tx: &Transaction,
    src: Source,
    tax_day: NaiveDate,
    items: &[Revenue],
    side: Side,
) -> Result<Vec<LineDraft>, AppError> {
    if !super::super::regime_on(tx, tax_day)?.has_tva() {
        return Ok(items.iter().map(|r| side.line(&r.account, r.ttc, "")).collect());
    }
    let mut groups: BTreeMap<(String, u32), Money> = BTreeMap::new();
    for r in items {
        let bp = super::super::product_tva_bp(tx, r.product_id, tax_day)?.unwrap_or(0);
        *groups.entry((r.account.clone(), bp)).or_insert(Money::ZERO) += r.ttc;
    }
    split(tx, src, groups, side, "")
}

/// The revenue lines of a service sold with tax included (a delivery fee): under réel at the
/// normal rate of `tax_day` (a service is not a product of an exempt or reduced category), split
/// and kept like a product's; under IFU credited as it is. `label` on the revenue line.
pub fn service_lines(
    tx: &Transaction,
    src: Source,
    tax_day: NaiveDate,
    (account, ttc): (&str, Money),
    label: &str,
) -> Result<Vec<LineDraft>, AppError> {
    if ttc.cents() == 0 || !super::super::regime_on(tx, tax_day)?.has_tva() {
        return Ok(vec![Side::Sale.line(account, ttc, label)]);
    }
    let bp = super::super::tva_bp_on(tx, super::super::TvaClass::Normal, tax_day)?;
    split(tx, src, BTreeMap::from([((account.to_string(), bp), ttc)]), Side::Sale, label)
}

/// Splits each (account, rate) group's TTC into HT (to its account, with `label`) and TVA (to
/// 4457, one line per rate), keeping each group in `tva_lines`.
fn split(
    tx: &Transaction,
    src: Source,
    groups: BTreeMap<(String, u32), Money>,
    side: Side,
    label: &str,
) -> Result<Vec<LineDraft>, AppError> {
    let mut lines = Vec::new();
    let mut by_rate: BTreeMap<u32, Money> = BTreeMap::new();
    for ((account, bp), ttc) in groups {
        let (ht, tva) = split_ttc(ttc, bp);
        lines.push(side.line(&account, ht, label));
        *by_rate.entry(bp).or_insert(Money::ZERO) += tva;
        let row = store::TvaRow {
            direction: "collectee",
            account: account.clone(),
            rate_bp: bp,
            base: side.signed(ht),
            tva: side.signed(tva),
        };
        store::insert_tva_line(tx, src.kind, src.id, &src.day.to_string(), &row)?;
    }
    for (bp, tva) in by_rate {
        lines.push(side.line(TVA_COLLECTED, tva, &format!("TVA collectée {}", pct_text(bp))));
    }
    Ok(lines)
}

/// A document's deductible TVA at one rate: the account its base is charged to, the base HT
/// and the TVA the supplier invoiced.
#[derive(Debug, Clone)]
pub struct Deductible {
    pub account: String,
    pub rate_bp: u32,
    pub base: Money,
    pub tva: Money,
}

/// Records the deductible TVA of a purchase or an expense (`undo`: its cancellation or a return,
/// giving it back) and returns its lines on 4456, one per rate (Dr; Cr when undone). Nothing
/// for a TVA of zero. The documents' ops call this under réel only (under IFU the TVA is cost).
pub fn deductible_lines(
    tx: &Transaction,
    src: Source,
    items: &[Deductible],
    undo: bool,
) -> Result<Vec<LineDraft>, AppError> {
    let mut by_rate: BTreeMap<u32, Money> = BTreeMap::new();
    for d in items.iter().filter(|d| d.tva.cents() != 0) {
        let sign = if undo { -1 } else { 1 };
        let row = store::TvaRow {
            direction: "deductible",
            account: d.account.clone(),
            rate_bp: d.rate_bp,
            base: sign * d.base.cents(),
            tva: sign * d.tva.cents(),
        };
        store::insert_tva_line(tx, src.kind, src.id, &src.day.to_string(), &row)?;
        *by_rate.entry(d.rate_bp).or_insert(Money::ZERO) += d.tva;
    }
    Ok(by_rate
        .into_iter()
        .map(|(bp, tva)| {
            let label = format!("TVA déductible {}", pct_text(bp));
            if undo {
                LineDraft::credit(TVA_DEDUCTIBLE, tva, &label)
            } else {
                LineDraft::debit(TVA_DEDUCTIBLE, tva, &label)
            }
        })
        .collect())
}
