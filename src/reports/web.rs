//! The report routes: the page over a period, its exports, the definitions.

use chrono::NaiveDate;
use poem::http::header;
use poem::web::{Data, Query};
use poem::{IntoResponse, Response, handler};

use super::views::{self, PeriodForm, export};
use super::{Compare, ops};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::kpi::Period;
use crate::state::App;
use crate::ui::Shell;

impl PeriodForm {
    /// The period asked for (this month so far when none is), and what to compare it with.
    pub fn parse(&self, today: NaiveDate) -> Result<(Period, Compare), FieldErrors> {
        let compare = Compare::parse(&self.comparer);
        if self.du.trim().is_empty() && self.au.trim().is_empty() {
            return Ok((Period::month_to(today), compare));
        }
        Ok((Period::parse(&self.du, &self.au, today)?, compare))
    }
}

#[handler]
pub async fn index(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(f): Query<PeriodForm>,
) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let (period, compare) = match f.parse(today) {
        Ok(p) => p,
        Err(e) => return Ok(hx::invalid(hx, &shell, "Rapports", views::refused(&f, &e, today))),
    };
    let r = app.db.read(move |c| ops::report(c, period, compare, today)).await?;
    let shown = PeriodForm { du: period.from_text(), au: period.to_text(), comparer: compare.code().into() };
    Ok(hx::page(hx, &shell, "Rapports", views::page(&shown, &r, today)))
}

#[handler]
pub async fn definitions(hx: Hx, shell: Shell) -> Response {
    hx::page(hx, &shell, "Définitions des indicateurs", views::definitions())
}

async fn exported(app: &App, f: PeriodForm, xlsx: bool) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let (period, compare) = f.parse(today)?;
    let r = app.db.read(move |c| ops::report(c, period, compare, today)).await?;
    let (bytes, ct, ext) = if xlsx {
        (export::to_xlsx(&r)?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
    } else {
        (export::to_csv(&r)?, "text/csv; charset=utf-8", "csv")
    };
    let disposition = format!("attachment; filename=\"fournil-rapport-{}-{}.{ext}\"", period.from, period.to);
    Ok(bytes.with_content_type(ct).with_header(header::CONTENT_DISPOSITION, disposition).into_response())
}

#[handler]
pub async fn export_csv(Data(app): Data<&App>, Query(f): Query<PeriodForm>) -> Result<Response, AppError> {
    exported(app, f, false).await
}

#[handler]
pub async fn export_xlsx(Data(app): Data<&App>, Query(f): Query<PeriodForm>) -> Result<Response, AppError> {
    exported(app, f, true).await
}
