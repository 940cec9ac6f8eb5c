//! Routes of a business customer's statement: the page of a period and its PDF.

use chrono::{Datelike, NaiveDate};
use poem::web::{Data, Path, Query};
use poem::{Response, handler};

use crate::audit::Stamp;
use crate::b2b::ops::statement::{self as ops, Statement};
use crate::b2b::views::statement as views;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::kpi::Period;
use crate::state::App;
use crate::ui::Shell;

/// `?du=…&au=…` as typed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct PeriodQuery {
    pub du: String,
    pub au: String,
}

impl PeriodQuery {
    /// The period (default: this year up to today), or the messages beside `du` and `au`.
    pub fn parse(&self, today: NaiveDate) -> Result<Period, FieldErrors> {
        let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let or = |t: &str, d: NaiveDate| if t.trim().is_empty() { d.to_string() } else { t.to_string() };
        Period::parse(&or(&self.du, year_start), &or(&self.au, today), today)
    }
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let period = q.parse(st.day);
    let read = app.db.read(move |c| match period {
        Ok(p) => ops::statement(c, id, p, st.day).map(Ok),
        Err(e) => Ok(Err((crate::b2b::store::customer(c, id)?.ok_or(AppError::NotFound)?.name, e))),
    });
    let (du, au) = (q.du.as_str(), q.au.as_str());
    Ok(match read.await? {
        Ok(s) => {
            hx::page(hx, &shell, "Relevé", views::page(id, &s.customer.name, (du, au), &FieldErrors::new(), Some(&s)))
        }
        Err((name, e)) => hx::invalid(hx, &shell, "Relevé", views::page(id, &name, (du, au), &e, None)),
    })
}

#[handler]
pub async fn pdf(
    Data(app): Data<&App>,
    st: Stamp,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let p = q.parse(st.day).map_err(AppError::Invalid)?;
    let (s, shop): (Statement, _) =
        app.db.read(move |c| Ok((ops::statement(c, id, p, st.day)?, crate::settings::store::get(c)?))).await?;
    Ok(hx::pdf(views::pdf(&s, &shop), &format!("releve-{}-{}-{}.pdf", s.customer.account, p.from, p.to)))
}
