//! The report as files: CSV (`;`, UTF-8 with a byte-order mark, French decimals, as Excel opens
//! it in French; one block per table) and XLSX (one sheet per table, amounts as numbers).

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::error::AppError;
use crate::kpi::{Value, ops::value_of};
use crate::reports::Report;

/// A cell: text, or an amount in centimes, or a count.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Cents(i64),
    Count(i64),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Cents(c) => {
                let sign = if *c < 0 { "-" } else { "" };
                format!("{sign}{},{:02}", c.abs() / 100, c.abs() % 100)
            }
            Cell::Count(n) => n.to_string(),
        }
    }
}

/// (sheet, header, rows).
pub type Sheet = (&'static str, Vec<&'static str>, Vec<Vec<Cell>>);

fn value_cell(v: Value) -> Cell {
    match v {
        Value::Money(m) => Cell::Cents(m.cents()),
        Value::Count(n) => Cell::Count(n),
        other => Cell::Text(other.text()),
    }
}

/// The report's tables, as exported.
pub fn sheets(r: &Report) -> Vec<Sheet> {
    let kpis = r
        .figures
        .iter()
        .map(|f| {
            let code = Cell::Text(f.kpi.code().into());
            vec![
                code,
                Cell::Text(f.kpi.label().into()),
                value_cell(f.value),
                value_cell(value_of(&r.figures_before, f.kpi)),
            ]
        })
        .collect();
    let trend = r
        .trend
        .iter()
        .map(|(b, rev, cost)| vec![Cell::Text(b.clone()), Cell::Cents(*rev), Cell::Cents(*cost)])
        .collect();
    let products = r
        .products
        .iter()
        .map(|p| {
            let qty = crate::money::Qty::from_milli(p.qty).to_string();
            vec![
                Cell::Text(p.name.clone()),
                Cell::Text(p.category.clone()),
                Cell::Text(qty),
                Cell::Cents(p.revenue),
                Cell::Cents(p.cost),
                Cell::Cents(p.before),
            ]
        })
        .collect();
    let sellers = r
        .sellers
        .iter()
        .map(|s| vec![Cell::Text(s.0.clone()), Cell::Text(s.1.clone()), Cell::Count(s.2), Cell::Cents(s.3)])
        .collect();
    let mut all = vec![
        ("Indicateurs", vec!["code", "indicateur", "periode", "comparaison"], kpis),
        ("Tendance", vec!["periode", "ca_da", "cout_da"], trend),
        ("Produits", vec!["produit", "categorie", "quantite", "ca_da", "cout_da", "ca_comparaison_da"], products),
        ("Vendeuses", vec!["vendeuse", "canal", "tickets", "ca_da"], sellers),
    ];
    all.extend(cash_sheets(r));
    all
}

/// The cash and waste tables.
fn cash_sheets(r: &Report) -> Vec<Sheet> {
    let text = |s: &str| Cell::Text(s.to_string());
    let receipts = r.receipts.iter().map(|(code, a)| vec![text(code), Cell::Cents(a.cents())]).collect();
    let deposits =
        r.deposits.iter().map(|(d, a, b)| vec![text(d), Cell::Cents(a.cents()), Cell::Cents(b.cents())]).collect();
    let variances = r
        .variances
        .iter()
        .map(|v| {
            let money = |m: crate::money::Money| Cell::Cents(m.cents());
            vec![
                text(&v.day),
                text(&v.till),
                Cell::Count(v.shift_id),
                text(&v.closed_by),
                money(v.expected),
                money(v.counted),
                money(v.variance),
            ]
        })
        .collect();
    let waste = r
        .waste_products
        .iter()
        .map(|w| {
            let qty = crate::money::Qty::from_milli(w.qty).to_string();
            vec![text(&w.name), Cell::Text(qty), Cell::Cents(w.value), Cell::Cents(w.cost_of_goods)]
        })
        .collect();
    let waste_days = r.waste_days.iter().map(|(d, v)| vec![text(d), Cell::Cents(*v)]).collect();
    vec![
        ("Encaissements", vec!["moyen", "montant_da"], receipts),
        ("Versements", vec!["jour", "depuis_tiroir_da", "remises_da"], deposits),
        (
            "Ecarts de caisse",
            vec!["jour", "caisse", "session", "fermee_par", "attendu_da", "compte_da", "ecart_da"],
            variances,
        ),
        ("Pertes", vec!["produit", "quantite", "valeur_da", "cout_des_ventes_da"], waste),
        ("Pertes par jour", vec!["jour", "valeur_da"], waste_days),
    ]
}

fn io(e: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal(anyhow::Error::new(e))
}

pub fn to_csv(r: &Report) -> Result<Vec<u8>, AppError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(&mut out);
        w.write_record(["Rapport", &r.period.label(), "comparé à", &r.against.label()]).map_err(io)?;
        for (name, header, rows) in sheets(r) {
            w.write_record([name]).map_err(io)?;
            w.write_record(&header).map_err(io)?;
            for row in rows {
                w.write_record(row.iter().map(Cell::csv)).map_err(io)?;
            }
        }
        w.flush().map_err(io)?;
    }
    Ok(out)
}

pub fn to_xlsx(r: &Report) -> Result<Vec<u8>, AppError> {
    let fail = |e: XlsxError| AppError::Internal(anyhow::anyhow!("xlsx : {e}"));
    let mut book = Workbook::new();
    let (bold, amount) = (Format::new().set_bold(), Format::new().set_num_format("#,##0.00"));
    for (name, header, rows) in sheets(r) {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(fail)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(fail)?;
        }
        for (i, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (y, x) = (i as u32 + 1, c as u16);
                match cell {
                    Cell::Text(s) => ws.write_string(y, x, s).map(|_| ()),
                    // A spreadsheet's number: dinars, exact below 2^53 centimes.
                    Cell::Cents(v) => ws.write_number_with_format(y, x, *v as f64 / 100.0, &amount).map(|_| ()),
                    Cell::Count(n) => ws.write_number(y, x, *n as f64).map(|_| ()),
                }
                .map_err(fail)?;
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}
