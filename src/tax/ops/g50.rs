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

/// The month's figures as the page shows them: (label, amount, bold), in its order.
pub fn rows(g: &G50) -> Vec<(String, Money, bool)> {
    let pct = super::super::pct_text;
    let ht = if g.regime.has_tva() { " HT" } else { " TTC" };
    let mut rows = vec![(format!("Chiffre d'affaires du mois (comptes 70){ht}"), g.turnover, false)];
    if let (Some(ifu), Regime::Ifu { rate_bp }) = (g.ifu, g.regime) {
        rows.push((format!("IFU à {} (information pour la déclaration)", pct(rate_bp)), ifu, false));
    }
    for l in &g.collected {
        rows.push((format!("TVA collectée {} — base HT {}", pct(l.rate_bp), l.base), l.tva, false));
    }
    if g.regime.has_tva() || !g.collected.is_empty() {
        rows.push(("TVA collectée (4457)".into(), g.collected_total, true));
        for l in &g.deductible {
            rows.push((format!("TVA déductible {}", pct(l.rate_bp)), l.tva, false));
        }
        rows.push(("TVA déductible (4456)".into(), g.deductible_total, false));
        if g.due.is_negative() {
            rows.push(("Crédit de TVA à reporter".into(), -g.due, true));
        } else {
            rows.push(("TVA due".into(), g.due, true));
        }
    }
    rows.push(("IRG retenu sur les salaires (442)".into(), g.irg, false));
    rows.push(("Droit de timbre perçu (44575)".into(), g.stamp_duty, false));
    rows
}

/// The month's figures as a workbook: a title, the regime, then the page's rows (amounts in DA).
pub fn xlsx(g: &G50) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(anyhow::anyhow!("xlsx : {e}"));
    let (bold, money) = (Format::new().set_bold(), Format::new().set_num_format("# ##0.00"));
    let bold_money = Format::new().set_bold().set_num_format("# ##0.00");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_with_format(0, 0, format!("Déclaration G50 — {}", g.month), &bold).map_err(fail)?;
    ws.write(1, 0, format!("Régime : {}", g.regime.label())).map_err(fail)?;
    ws.write_with_format(3, 0, "Rubrique", &bold).map_err(fail)?;
    ws.write_with_format(3, 1, "Montant (DA)", &bold).map_err(fail)?;
    for (i, (label, amount, strong)) in rows(g).into_iter().enumerate() {
        let (r, da) = (4 + i as u32, amount.cents() as f64 / 100.0);
        let (text_format, amount_format) = if strong { (&bold, &bold_money) } else { (&Format::new(), &money) };
        ws.write_with_format(r, 0, label, text_format).map_err(fail)?;
        ws.write_with_format(r, 1, da, amount_format).map_err(fail)?;
    }
    ws.set_column_width(0, 60).map_err(fail)?;
    ws.set_column_width(1, 18).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}
