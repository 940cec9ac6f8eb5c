//! The accountant's workbooks: a month's payroll journal (one row per payslip), the CNAS
//! declaration figures (bases and contributions), the IRG withheld for the G50; and a year's
//! summary per employee. Amounts are numbers of dinars with two decimals.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::AppError;
use crate::money::Money;
use crate::payroll::Payslip;
use crate::payroll::slip::Figures;

fn fail(e: XlsxError) -> AppError {
    AppError::Internal(anyhow::anyhow!("xlsx : {e}"))
}

fn da(m: Money) -> f64 {
    m.cents() as f64 / 100.0
}

fn row(ws: &mut Worksheet, r: u32, texts: &[&str], amounts: &[Money]) -> Result<(), AppError> {
    for (c, t) in texts.iter().enumerate() {
        ws.write_string(r, c as u16, *t).map_err(fail)?;
    }
    let money = Format::new().set_num_format("# ##0.00");
    for (c, a) in amounts.iter().enumerate() {
        ws.write_number_with_format(r, (texts.len() + c) as u16, da(*a), &money).map_err(fail)?;
    }
    Ok(())
}

fn header(ws: &mut Worksheet, titles: &[&str]) -> Result<(), AppError> {
    let bold = Format::new().set_bold();
    for (c, h) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(fail)?;
    }
    Ok(())
}

const JOURNAL: [&str; 11] = [
    "Brut",
    "Base CNAS",
    "CNAS salarié",
    "Imposable",
    "IRG",
    "Net",
    "Avances",
    "Net à payer",
    "CNAS employeur",
    "Œuvres sociales",
    "Coût employeur",
];

fn figures(f: &Figures) -> [Money; 11] {
    [
        f.gross,
        f.cnas_base,
        f.cnas_employee,
        f.taxable,
        f.irg,
        f.net,
        f.advances,
        f.net_to_pay,
        f.cnas_employer,
        f.fnpos,
        f.gross + f.cnas_employer + f.fnpos,
    ]
}

fn totals(slips: &[Payslip]) -> [Money; 11] {
    let mut out = [Money::ZERO; 11];
    for s in slips {
        for (t, v) in out.iter_mut().zip(figures(&s.figures)) {
            *t += v;
        }
    }
    out
}

/// The month's workbook: Journal, CNAS, IRG (G50).
pub fn month_xlsx(month: &str, slips: &[Payslip]) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Journal de paie").map_err(fail)?;
    let mut titles = vec!["Mois", "Employé"];
    titles.extend(JOURNAL);
    header(ws, &titles)?;
    for (i, s) in slips.iter().enumerate() {
        row(ws, i as u32 + 1, &[month, &s.employee], &figures(&s.figures))?;
    }
    row(ws, slips.len() as u32 + 1, &[month, "Total"], &totals(slips))?;
    let ws = book.add_worksheet().set_name("CNAS").map_err(fail)?;
    header(ws, &["Employé", "Base CNAS", "Part salariale", "Part patronale", "Œuvres sociales", "Total à verser"])?;
    for (i, s) in slips.iter().enumerate() {
        let f = &s.figures;
        let due = f.cnas_employee + f.cnas_employer + f.fnpos;
        row(ws, i as u32 + 1, &[&s.employee], &[f.cnas_base, f.cnas_employee, f.cnas_employer, f.fnpos, due])?;
    }
    let t = totals(slips);
    row(ws, slips.len() as u32 + 1, &["Total"], &[t[1], t[2], t[8], t[9], t[2] + t[8] + t[9]])?;
    let ws = book.add_worksheet().set_name("IRG (G50)").map_err(fail)?;
    header(ws, &["Employé", "Imposable", "Base du barème", "IRG retenu"])?;
    for (i, s) in slips.iter().enumerate() {
        row(ws, i as u32 + 1, &[&s.employee], &[s.figures.taxable, s.figures.irg_base, s.figures.irg])?;
    }
    row(ws, slips.len() as u32 + 1, &["Total"], &[t[3], slips.iter().map(|s| s.figures.irg_base).sum(), t[4]])?;
    book.save_to_buffer().map_err(fail)
}

/// A year's validated payslips, one row per employee and month, and the year's total per employee.
pub fn year_xlsx(slips: &[Payslip]) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Récapitulatif annuel").map_err(fail)?;
    let mut titles = vec!["Employé", "Mois"];
    titles.extend(JOURNAL);
    header(ws, &titles)?;
    let mut r = 1;
    let mut by_employee: Vec<(String, Vec<Payslip>)> = Vec::new();
    for s in slips {
        match by_employee.last_mut() {
            Some((name, list)) if *name == s.employee => list.push(s.clone()),
            _ => by_employee.push((s.employee.clone(), vec![s.clone()])),
        }
    }
    for (name, list) in &by_employee {
        for s in list {
            row(ws, r, &[name, &s.month], &figures(&s.figures))?;
            r += 1;
        }
        row(ws, r, &[name, "Total de l'année"], &totals(list))?;
        r += 1;
    }
    book.save_to_buffer().map_err(fail)
}
