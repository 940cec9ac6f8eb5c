//! Routes of the accounting periods: closing an ended month, reopening the last one.

use chrono::Datelike;
use poem::web::{Data, Form};
use poem::{Response, handler};
use serde::Deserialize;

use crate::accounting::views::periods as views;
use crate::accounting::{ops, store};
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CloseForm {
    month: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearForm {
    year: String,
    carry: String,
}

impl YearForm {
    fn parse(&self) -> Result<(i32, ops::year_end::Carry), FieldErrors> {
        let mut e = FieldErrors::new();
        let year = self.year.trim().parse().unwrap_or_else(|_| {
            e.add("year", "Une année comme 2025.");
            0
        });
        let carry = ops::year_end::Carry::from_code(&self.carry).unwrap_or_else(|| {
            e.add("carry", "Choisissez où porter le résultat.");
            ops::year_end::Carry::Result
        });
        e.into_result((year, carry))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReopenForm {
    reopen: String,
    reason: String,
}

/// The page again, with what was typed and the messages beside the fields.
async fn periods_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    typed: views::Typed,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (closed, years) = app.db.read(|c| Ok((store::closed_months(c)?, views::Years::read(c)?))).await?;
    let rights = (me.can(Permission::BooksClose), me.can(Permission::BooksReopen));
    let main = views::periods(&shell.csrf, rights, (&closed, &years), &typed, errors);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Périodes", main)
    } else {
        hx::invalid(hx, shell, "Périodes", main)
    })
}

#[handler]
pub async fn periods(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let first = app.clock.business_day().with_day(1).unwrap_or_default();
    let last_month = (first - chrono::Duration::days(1)).format("%Y-%m").to_string();
    let year = ops::year_end::last_year(app.clock.business_day()).to_string();
    let typed = views::Typed { close: last_month, year, ..Default::default() };
    periods_response(app, hx, &shell, &me, typed, &FieldErrors::new()).await
}

#[handler]
pub async fn close(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<CloseForm>,
) -> Result<Response, AppError> {
    let month = f.month.trim().to_string();
    let result = app.db.write(move |tx| ops::close_month(tx, &st, &month)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, "/compta/periodes?ok=mois-cloture"),
        async |e| {
            let typed = views::Typed { close: f.month.clone(), ..Default::default() };
            periods_response(app, hx, &shell, &me, typed, &e).await
        },
    )
    .await
}

#[handler]
pub async fn reopen(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<ReopenForm>,
) -> Result<Response, AppError> {
    let (month, reason) = (f.reopen.clone(), f.reason.clone());
    let result = app.db.write(move |tx| ops::reopen_month(tx, &st, &month, &reason)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, "/compta/periodes?ok=mois-rouvert"),
        async |e| {
            let typed = views::Typed { reopen: f.reopen.clone(), reason: f.reason.clone(), ..Default::default() };
            periods_response(app, hx, &shell, &me, typed, &e).await
        },
    )
    .await
}

#[handler]
pub async fn close_year(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<YearForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok((year, to)) => app.db.write(move |tx| ops::year_end::close_year(tx, &st, year, to)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/compta/periodes"),
        async |e| {
            let typed = views::Typed { year: f.year.clone(), carry: f.carry.clone(), ..Default::default() };
            periods_response(app, hx, &shell, &me, typed, &e).await
        },
    )
    .await
}
