//! Routes of the financial statements: the page of a period, and each statement as a file.

use chrono::{Datelike, NaiveDate};
use poem::web::{Data, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use crate::accounting::ops::export;
use crate::accounting::ops::statements::{self as ops, Period};
use crate::accounting::views::statements as views;
use crate::audit::Stamp;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct PeriodQuery {
    pub du: String,
    pub au: String,
}

impl PeriodQuery {
    /// The period (default: the year to date), or the messages beside the dates.
    pub fn parse(&self, today: NaiveDate) -> Result<Period, FieldErrors> {
        let mut e = FieldErrors::new();
        let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let from = super::date(&mut e, "du", &self.du).and_then(|d| d.parse().ok()).unwrap_or(year_start);
        let to = super::date(&mut e, "au", &self.au).and_then(|d| d.parse().ok()).unwrap_or(today);
        if e.is_empty() && from > to {
            e.add("au", "La fin de la période précède son début.");
        }
        e.into_result(Period { from, to })
    }
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let title = "États financiers";
    match q.parse(st.day) {
        Ok(p) => {
            let s = app.db.read(move |c| ops::read(c, p)).await?;
            Ok(hx::page(hx, &shell, title, views::page(&q.du, &q.au, &FieldErrors::new(), Some(&s))))
        }
        Err(e) => Ok(hx::invalid(hx, &shell, title, views::page(&q.du, &q.au, &e, None))),
    }
}

/// `bilan.xlsx`, `resultat.pdf`, `journal.csv`…: a statement of `FILES` as a workbook, a PDF or
/// (the journal and the ledger) a CSV.
#[handler]
pub async fn file(
    Data(app): Data<&App>,
    st: Stamp,
    Path(file): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let (name, kind) = export::find(&file).ok_or(AppError::NotFound)?;
    let p = q.parse(st.day).map_err(AppError::Invalid)?;
    let bytes = app.db.read(move |c| export::file(c, name, kind, p)).await?;
    let stem = format!("{name}-{}-{}", p.from, p.to);
    Ok(match kind {
        export::Kind::Pdf => hx::pdf(bytes, &format!("{stem}.pdf")),
        export::Kind::Xlsx => hx::download(bytes, hx::XLSX, &format!("{stem}.xlsx")),
        export::Kind::Csv => hx::download(bytes, "text/csv; charset=utf-8", &format!("{stem}.csv")),
    })
}
