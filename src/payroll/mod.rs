//! Payroll, the Algerian way: the rates in force by month (SNMG, the IRG barème with its
//! abatement, exemption and smoothing, the CNAS shares, premiums, the rounding of the taxable
//! base), a month's payroll prepared from the month's locked hours (`people`), its payslips and
//! their items, validation (frozen, one balanced entry), payment (bank, cheque or a drawer), and
//! salary advances (handed out: Dr 4251; deducted by a validated payslip, once).
//!
//! Owns `payroll_rates`, `pay_item_kinds`, `payroll_runs`, `payslips`, `payslip_items` and
//! `salary_advances`. The pay formula is written once, in `slip.rs`; the IRG in `irg.rs`. The hours
//! come from `people::ops::hours` (never recomputed here), the overtime premium from the labour
//! rules of `people`. Every figure is in centimes; rates are basis points.

pub mod check;
pub mod irg;
pub mod ops;
pub mod slip;
pub mod store;
pub mod views;
pub mod web;

use chrono::NaiveDate;

use crate::money::Money;
use irg::{Band, IrgRules};

/// How the taxable base is rounded before the barème (the ledger keeps the exact amounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Rounding {
    Centime,
    TenDinarsDown,
}

impl Rounding {
    pub const ALL: &'static [Rounding] = &[Rounding::Centime, Rounding::TenDinarsDown];

    pub fn code(self) -> &'static str {
        match self {
            Rounding::Centime => "centime",
            Rounding::TenDinarsDown => "dizaine_inf",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rounding::Centime => "Au centime (exact)",
            Rounding::TenDinarsDown => "À la dizaine de dinars inférieure (table de la DGI)",
        }
    }

    pub fn from_code(code: &str) -> Option<Rounding> {
        Rounding::ALL.iter().copied().find(|r| r.code() == code)
    }

    pub fn apply(self, taxable: i64) -> i64 {
        match self {
            Rounding::Centime => taxable,
            Rounding::TenDinarsDown => irg::down_to_ten_dinars(taxable),
        }
    }
}

/// The rates of payroll in force from `valid_from` (a row of `payroll_rates`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rates {
    pub valid_from: NaiveDate,
    pub snmg: Money,
    /// Hours of a month for the hourly rate, in hundredths (17 333 = 173,33 h).
    pub month_hours: i64,
    pub irg: IrgRules,
    pub cnas_employee_bp: i64,
    pub cnas_employer_bp: i64,
    pub fnpos_bp: i64,
    pub night_bp: i64,
    pub rest_day_bp: i64,
    pub rounding: Rounding,
    pub source: String,
}

impl Rates {
    /// The monthly salary's hourly rate, rounded to the centime (for display; amounts use the
    /// exact ratio).
    pub fn hourly(&self, monthly: Money) -> Money {
        Money::from_cents(slip::ratio(monthly.cents(), 100, self.month_hours))
    }
}

/// The row in force on `day`: the last one starting on or before it.
pub fn rates_on(all: &[Rates], day: NaiveDate) -> Option<&Rates> {
    all.iter().filter(|r| r.valid_from <= day).max_by_key(|r| r.valid_from)
}

/// `2000000:2300;4000000:2700` → bands (centimes:bp), as stored.
pub fn bands_from_text(text: &str) -> Option<Vec<Band>> {
    let mut out = Vec::new();
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        let (from, bp) = part.split_once(':')?;
        out.push(Band { from: from.trim().parse().ok()?, bp: bp.trim().parse().ok()? });
    }
    let ascending = out.windows(2).all(|w| w[0].from < w[1].from);
    (ascending && !out.is_empty()).then_some(out)
}

pub fn bands_to_text(bands: &[Band]) -> String {
    bands.iter().map(|b| format!("{}:{}", b.from, b.bp)).collect::<Vec<_>>().join(";")
}

/// Basis points as people read them: 2300 → `23 %`, 50 → `0,5 %`.
pub fn pct_text(bp: i64) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    if frac == 0 {
        format!("{whole} %")
    } else {
        let f = format!("{frac:02}");
        format!("{whole},{} %", f.trim_end_matches('0'))
    }
}

/// `23`, `0,5`, `12,75` (a percentage) → basis points; `None` beyond 100 % or two decimals.
pub fn parse_pct(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if frac.len() > 2 || whole.is_empty() && frac.is_empty() {
        return None;
    }
    let w: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let f: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    let bp = w.checked_mul(100)?.checked_add(f)?;
    (0..=10_000).contains(&bp).then_some(bp)
}

/// Hundredths of an hour as `173,33 h`.
pub fn hours_text(hundredths: i64) -> String {
    format!("{},{:02} h", hundredths / 100, hundredths % 100)
}

/// The state of a month's payroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum RunStatus {
    Prepared,
    Validated,
}

impl RunStatus {
    pub fn code(self) -> &'static str {
        match self {
            RunStatus::Prepared => "preparee",
            RunStatus::Validated => "validee",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            RunStatus::Prepared => "Préparée",
            RunStatus::Validated => "Validée",
        }
    }
    pub fn from_code(code: &str) -> Option<RunStatus> {
        [RunStatus::Prepared, RunStatus::Validated].into_iter().find(|s| s.code() == code)
    }
}

/// How a salary (or an advance) is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Method {
    Bank,
    Cheque,
    Cash,
}

impl Method {
    pub const ALL: &'static [Method] = &[Method::Bank, Method::Cheque, Method::Cash];

    pub fn code(self) -> &'static str {
        match self {
            Method::Bank => "banque",
            Method::Cheque => "cheque",
            Method::Cash => "especes",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Method::Bank => "Virement bancaire",
            Method::Cheque => "Chèque",
            Method::Cash => "Espèces (tiroir)",
        }
    }
    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.iter().copied().find(|m| m.code() == code)
    }
}

/// A month's payroll as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub id: i64,
    pub month: String,
    pub rates_from: NaiveDate,
    pub status: RunStatus,
    pub prepared_at: String,
    pub validated_at: Option<String>,
    pub entry_id: Option<i64>,
}

/// A kind of item added by hand to a payslip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemKind {
    pub code: String,
    pub label: String,
    pub cotisable: bool,
    pub imposable: bool,
    pub account: String,
    /// May be negative (a regularisation of a month already paid).
    pub signed: bool,
}

/// A line of a payslip.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    pub kind: String,
    pub label: String,
    pub base_text: String,
    pub rate_text: String,
    pub amount: Money,
    pub cotisable: bool,
    pub imposable: bool,
    pub account: String,
    pub manual: bool,
}

/// A payslip as stored, with its employee's name and its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payslip {
    pub id: i64,
    pub run_id: i64,
    pub month: String,
    pub status: RunStatus,
    pub employee_id: i64,
    pub employee: String,
    /// The employee's CNAS number ('' when not entered).
    pub employee_cnas: String,
    pub figures: slip::Figures,
    pub monthly_salary: Money,
    pub hours: slip::SlipHours,
    pub leave_balance: i64,
    pub paid_at: Option<String>,
    pub payment_method: Option<Method>,
    pub payment_reference: String,
    pub payment_entry_id: Option<i64>,
}

impl Payslip {
    pub fn paid(&self) -> bool {
        self.paid_at.is_some()
    }
}

/// An advance as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advance {
    pub id: i64,
    pub employee_id: i64,
    pub employee: String,
    pub month: String,
    pub amount: Money,
    pub given_on: NaiveDate,
    pub method: Method,
    pub reason: String,
    pub entry_id: i64,
    pub payslip_id: Option<i64>,
    pub cancelled_at: Option<String>,
}

impl Advance {
    pub fn open(&self) -> bool {
        self.payslip_id.is_none() && self.cancelled_at.is_none()
    }
}

/// The accounts payroll posts to.
pub mod account {
    pub const SALARIES_DUE: &str = "421";
    pub const ADVANCES: &str = "4251";
    pub const SOCIAL: &str = "431";
    pub const IRG: &str = "442";
    pub const BASE: &str = "6311";
    pub const PREMIUMS: &str = "6313";
    pub const EMPLOYER_CNAS: &str = "6351";
    pub const FNPOS: &str = "6352";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_typed_and_shown_as_people_write_them() {
        assert_eq!(parse_pct("23"), Some(2300));
        assert_eq!(parse_pct("0,5"), Some(50));
        assert_eq!(parse_pct("12,75 %"), Some(1275));
        assert_eq!(parse_pct("101"), None);
        assert_eq!(parse_pct("1,234"), None);
        assert_eq!(parse_pct("-3"), None);
        assert_eq!(pct_text(50), "0,5 %");
        assert_eq!(pct_text(2300), "23 %");
        assert_eq!(hours_text(17333), "173,33 h");
    }

    #[test]
    fn bands_must_ascend() {
        assert_eq!(bands_from_text("2000000:2300;4000000:2700").map(|b| b.len()), Some(2));
        assert_eq!(bands_from_text("4000000:2700;2000000:2300"), None);
        assert_eq!(bands_from_text(""), None);
    }
}
