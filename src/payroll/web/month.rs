//! Routes of a month's payroll: the page, prepare (again), validate.

use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};

use super::forms::MonthForm;
use super::month_or_last;
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission};
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::payroll::ops::run::{month_view, prepare as prepare_month, validate as validate_run};
use crate::payroll::views::month::{self as views, MonthPage};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<MonthForm>,
) -> Result<Response, AppError> {
    let first = month_or_last(&q.mois, app.clock.business_day());
    let (run, slips, locked) = app.db.read(move |c| month_view(c, first)).await?;
    let p = MonthPage { first, run: run.as_ref(), slips: &slips, locked, manage: me.can(Permission::PayrollManage) };
    Ok(hx::page(hx, &shell, "Paie du mois", views::page(&shell.csrf, &p)))
}

#[handler]
pub async fn prepare(Data(app): Data<&App>, hx: Hx, st: Stamp, Form(f): Form<MonthForm>) -> Result<Response, AppError> {
    let month = f.mois.trim().to_string();
    let m = month.clone();
    app.db.write(move |tx| prepare_month(tx, &st, &m)).await?;
    Ok(hx::redirect(hx, &format!("/paie?mois={month}&ok=paie-preparee")))
}

#[handler]
pub async fn validate(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    let month = app
        .db
        .write(move |tx| {
            validate_run(tx, &st, id)?;
            Ok::<_, AppError>(crate::payroll::store::runs::run(tx, id)?.map(|r| r.month).unwrap_or_default())
        })
        .await?;
    Ok(hx::redirect(hx, &format!("/paie?mois={month}&ok=paie-validee")))
}
