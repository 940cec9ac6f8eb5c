//! The statements and the books as files: XLSX workbooks (amounts as numbers in dinars) for the
//! accountant's own software, PDF for printing. Pure: built from what was read.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::statements::Statements;
use crate::accounting::BalanceRow;
use crate::accounting::statements::StatementLine;
use crate::accounting::store::ExportLine;
use crate::error::AppError;
use crate::money::Money;
use crate::pdf::{Align, Doc, Table};

fn fail(e: XlsxError) -> AppError {
    AppError::Internal(anyhow::anyhow!("xlsx : {e}"))
}

fn da(m: Money) -> f64 {
    m.cents() as f64 / 100.0
}

/// The statements that exist as files, by their name in the URL.
pub const FILES: &[(&str, &str)] = &[
    ("bilan", "Bilan"),
    ("resultat", "Compte de résultat"),
    ("flux", "Tableau des flux de trésorerie"),
    ("balance", "Balance générale"),
    ("grand-livre", "Grand livre"),
    ("journal", "Journal"),
];

fn statement_sheet(ws: &mut Worksheet, title: &str, period: &str, lines: &[StatementLine]) -> Result<(), AppError> {
    let (bold, money) = (Format::new().set_bold(), Format::new().set_num_format("# ##0.00"));
    let bold_money = Format::new().set_bold().set_num_format("# ##0.00");
    ws.write_with_format(0, 0, title, &bold).map_err(fail)?;
    ws.write(1, 0, period).map_err(fail)?;
    ws.write_with_format(3, 0, "Rubrique", &bold).map_err(fail)?;
    ws.write_with_format(3, 1, "Montant (DA)", &bold).map_err(fail)?;
    for (i, l) in lines.iter().enumerate() {
        let r = 4 + i as u32;
        if l.total {
            ws.write_with_format(r, 0, l.label, &bold).map_err(fail)?;
            ws.write_with_format(r, 1, da(l.amount), &bold_money).map_err(fail)?;
        } else {
            ws.write(r, 0, l.label).map_err(fail)?;
            ws.write_with_format(r, 1, da(l.amount), &money).map_err(fail)?;
        }
    }
    ws.set_column_width(0, 60).map_err(fail)?;
    ws.set_column_width(1, 18).map_err(fail)?;
    Ok(())
}

fn trial_sheet(ws: &mut Worksheet, rows: &[BalanceRow]) -> Result<(), AppError> {
    let bold = Format::new().set_bold();
    for (c, h) in ["Compte", "Intitulé", "Total débit", "Total crédit", "Solde"].iter().enumerate() {
        ws.write_with_format(0, c as u16, *h, &bold).map_err(fail)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write(row, 0, &r.code).map_err(fail)?;
        ws.write(row, 1, &r.name).map_err(fail)?;
        ws.write(row, 2, da(r.debit)).map_err(fail)?;
        ws.write(row, 3, da(r.credit)).map_err(fail)?;
        ws.write(row, 4, da(r.net())).map_err(fail)?;
    }
    ws.set_column_width(1, 50).map_err(fail)?;
    Ok(())
}

/// The columns of the journal and the ledger, in the workbook and the CSV.
const HEADS: [&str; 8] =
    ["Date", "Journal", "N° de pièce", "Compte", "Intitulé du compte", "Libellé", "Débit", "Crédit"];

/// The journal or the general ledger: one row per line, with its account, label, debit, credit,
/// piece number and date (what the accountant's software imports).
fn lines_sheet(ws: &mut Worksheet, lines: &[ExportLine]) -> Result<(), AppError> {
    let bold = Format::new().set_bold();
    for (c, h) in HEADS.iter().enumerate() {
        ws.write_with_format(0, c as u16, *h, &bold).map_err(fail)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let r = 1 + i as u32;
        for (c, v) in [&l.day, &l.journal, &l.number, &l.account, &l.account_name, &l.label].iter().enumerate() {
            ws.write(r, c as u16, v.as_str()).map_err(fail)?;
        }
        ws.write(r, 6, da(l.debit)).map_err(fail)?;
        ws.write(r, 7, da(l.credit)).map_err(fail)?;
    }
    ws.set_column_width(4, 36).map_err(fail)?;
    ws.set_column_width(5, 50).map_err(fail)?;
    Ok(())
}

/// How a statement is rendered: a workbook, a PDF, or (the ledger and the journal) a CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Pdf,
    Csv,
}

/// Whether a statement is a list of lines (the ledger, the journal) rather than a layout.
fn is_lines(name: &str) -> bool {
    matches!(name, "grand-livre" | "journal")
}

/// The statement a file name asks for (`bilan.pdf` → `("bilan", Kind::Pdf)`); the ledger and the
/// journal exist as workbooks and CSV, the statements as workbooks and PDF.
pub fn find(file: &str) -> Option<(&'static str, Kind)> {
    let (stem, ext) = file.rsplit_once('.')?;
    let name = FILES.iter().map(|(n, _)| *n).find(|n| *n == stem)?;
    match ext {
        "xlsx" => Some((name, Kind::Xlsx)),
        "pdf" if !is_lines(name) => Some((name, Kind::Pdf)),
        "csv" if is_lines(name) => Some((name, Kind::Csv)),
        _ => None,
    }
}

/// Reads a period and renders one statement as `kind`.
pub fn file(
    conn: &rusqlite::Connection,
    name: &str,
    kind: Kind,
    p: super::statements::Period,
) -> Result<Vec<u8>, AppError> {
    let lines = match is_lines(name) {
        true => {
            crate::accounting::store::period_lines(conn, &p.from.to_string(), &p.to.to_string(), name == "grand-livre")?
        }
        false => Vec::new(),
    };
    if kind == Kind::Csv {
        return csv(&lines);
    }
    let s = super::statements::read(conn, p)?;
    match kind {
        Kind::Pdf => self::pdf(name, &s),
        _ => xlsx(name, &s, &lines),
    }
}

/// An amount as a French accounting program imports it: `1234,56` (no thousands separator).
fn csv_amount(m: Money) -> String {
    let c = m.cents();
    format!("{}{},{:02}", if c < 0 { "-" } else { "" }, c.abs() / 100, c.abs() % 100)
}

/// The journal or the ledger as CSV: `;`-separated UTF-8 with a byte-order mark (as Excel opens
/// it in French), dates dd/mm/yyyy, the same columns as the workbook.
pub fn csv(lines: &[ExportLine]) -> Result<Vec<u8>, AppError> {
    let fail = |e: csv::Error| AppError::Internal(e.into());
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        w.write_record(HEADS).map_err(fail)?;
        for l in lines {
            let day = chrono::NaiveDate::parse_from_str(&l.day, "%Y-%m-%d")
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_else(|_| l.day.clone());
            let (debit, credit) = (csv_amount(l.debit), csv_amount(l.credit));
            w.write_record([&day, &l.journal, &l.number, &l.account, &l.account_name, &l.label, &debit, &credit])
                .map_err(fail)?;
        }
        w.flush().map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(out)
}

/// One statement (`name` from `FILES`) as a workbook; `lines` for the ledger and the journal.
pub fn xlsx(name: &str, s: &Statements, lines: &[ExportLine]) -> Result<Vec<u8>, AppError> {
    let period = period_label(s);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    match name {
        "bilan" => {
            statement_sheet(ws, "Bilan — actif", &period, &s.sheet.assets)?;
            let ws = book.add_worksheet();
            statement_sheet(ws, "Bilan — passif", &period, &s.sheet.liabilities)?;
        }
        "resultat" => statement_sheet(ws, "Compte de résultat (par nature)", &period, &s.income)?,
        "flux" => statement_sheet(ws, "Tableau des flux de trésorerie", &period, &s.flows.lines())?,
        "balance" => trial_sheet(ws, &s.trial)?,
        _ => lines_sheet(ws, lines)?,
    }
    book.save_to_buffer().map_err(fail)
}

/// "du 01/01/2026 au 31/12/2026".
pub fn period_label(s: &Statements) -> String {
    format!("du {} au {}", s.period.from.format("%d/%m/%Y"), s.period.to.format("%d/%m/%Y"))
}

fn pdf_lines(doc: &mut Doc, lines: &[StatementLine]) {
    let mut t = Table::new(&[("Rubrique", 4.0, Align::Left), ("Montant", 1.3, Align::Right)]);
    for l in lines {
        let amount = l.amount.to_string();
        if l.total { t.add_total(&[l.label, &amount]) } else { t.add(&[l.label, &amount]) }
    }
    doc.table(&t);
}

/// A statement (`bilan`, `resultat`, `flux`, `balance`) as a printable A4 PDF.
pub fn pdf(name: &str, s: &Statements) -> Result<Vec<u8>, AppError> {
    let title = FILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).ok_or(AppError::NotFound)?;
    let mut doc = Doc::new(&format!("{title} {}", period_label(s)));
    doc.heading(title);
    doc.text(&format!("Période {}.", period_label(s)));
    match name {
        "bilan" => {
            doc.subheading("Actif");
            pdf_lines(&mut doc, &s.sheet.assets);
            doc.bold(&format!("Total actif : {}", s.sheet.total_assets()));
            doc.subheading("Passif");
            pdf_lines(&mut doc, &s.sheet.liabilities);
            doc.bold(&format!("Total passif : {}", s.sheet.total_liabilities()));
        }
        "resultat" => pdf_lines(&mut doc, &s.income),
        "flux" => pdf_lines(&mut doc, &s.flows.lines()),
        _ => {
            let cols = [
                ("Compte", 1.0, Align::Left),
                ("Intitulé", 4.0, Align::Left),
                ("Débit", 1.5, Align::Right),
                ("Crédit", 1.5, Align::Right),
            ];
            let mut t = Table::new(&cols);
            for r in &s.trial {
                t.add(&[r.code.clone(), r.name.clone(), r.debit.to_string(), r.credit.to_string()]);
            }
            doc.table(&t);
        }
    }
    Ok(doc.finish())
}
