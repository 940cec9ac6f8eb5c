//! Reading the statements of a period: the balance sheet at its end, the income statement and
//! the cash flows of the period, the trial balance they tie to, the lines of the general ledger
//! and of the journal for the exports.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::accounting::statements::{self, BalanceSheet, CashFlows, StatementLine};
use crate::accounting::{BalanceRow, store};
use crate::error::AppError;
use crate::money::Money;

/// A period, both days included; `from` ≤ `to`.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The statements of a period.
#[derive(Debug, Clone)]
pub struct Statements {
    pub period: Period,
    pub income: Vec<StatementLine>,
    pub sheet: BalanceSheet,
    pub flows: CashFlows,
    /// The trial balance at the period's end (cumulative), which the balance sheet restates.
    pub trial: Vec<BalanceRow>,
    /// The period's movements per account, which the income statement restates.
    pub moved: Vec<BalanceRow>,
}

impl Statements {
    /// The income statement's result, and the one the trial balance gives (Σ 7 − Σ 6): equal.
    pub fn results(&self) -> (Money, Money) {
        let last = self.income.last().map(|l| l.amount).unwrap_or_default();
        (last, statements::result_of(&self.moved))
    }
}

fn cash_of(rows: &[BalanceRow]) -> Money {
    rows.iter().filter(|r| r.code.starts_with('5')).map(BalanceRow::net).sum()
}

/// The cash flows of a period, classified by the other side of each entry.
fn flows(conn: &Connection, p: Period) -> Result<CashFlows, AppError> {
    let before = p.from.pred_opt().unwrap_or(p.from).to_string();
    let opening = cash_of(&store::trial_balance(conn, Some(&before))?);
    let closing = cash_of(&store::trial_balance(conn, Some(&p.to.to_string()))?);
    let mut f = CashFlows { opening, closing, ..Default::default() };
    store::cash_entries(conn, &p.from.to_string(), &p.to.to_string(), &mut |cash, investing, financing| match (
        investing, financing,
    ) {
        (true, _) => f.investing += cash,
        (false, true) => f.financing += cash,
        _ if cash.is_negative() => f.operating_out += -cash,
        _ => f.operating_in += cash,
    })?;
    Ok(f)
}

/// The period's movements, less the year-end closing entries (which empty classes 6 and 7 into
/// 12: the income statement of a closed year still shows its charges and products).
fn without_year_end(conn: &Connection, p: Period) -> Result<Vec<BalanceRow>, AppError> {
    let (from, to) = (p.from.to_string(), p.to.to_string());
    let mut moved = store::movements(conn, &from, &to)?;
    for c in store::year_end_movements(conn, &from, &to)? {
        if let Some(m) = moved.iter_mut().find(|m| m.code == c.code) {
            m.debit -= c.debit;
            m.credit -= c.credit;
        }
    }
    moved.retain(|m| m.debit.cents() != 0 || m.credit.cents() != 0);
    Ok(moved)
}

pub fn read(conn: &Connection, p: Period) -> Result<Statements, AppError> {
    let trial = store::trial_balance(conn, Some(&p.to.to_string()))?;
    let moved = without_year_end(conn, p)?;
    Ok(Statements {
        period: p,
        income: statements::income_statement(&moved),
        sheet: statements::balance_sheet(&trial),
        flows: flows(conn, p)?,
        trial,
        moved,
    })
}
