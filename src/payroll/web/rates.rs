//! Routes of the rates: the page with the rows in force, a new row.

use poem::web::{Data, Form};
use poem::{Response, handler};

use super::forms::RatesForm;
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::payroll::ops::rates::add_rates;
use crate::payroll::views::rates::{self as views, RatesPage};
use crate::payroll::{rates_on, store};
use crate::people::ops::hours::rules_for;
use crate::state::App;
use crate::ui::Shell;

async fn show(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    form: Option<&RatesForm>,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let first = crate::people::first_of_month(today);
    let (rates, labour) = app.db.read(move |c| Ok::<_, AppError>((store::rates(c)?, rules_for(c, first).ok()))).await?;
    let next = crate::people::month_end(first) + chrono::Duration::days(1);
    let filled = match (form, rates_on(&rates, today)) {
        (Some(f), _) => f.clone(),
        (None, Some(r)) => RatesForm::of(r, next),
        (None, None) => RatesForm::default(),
    };
    let p = RatesPage {
        rates: &rates,
        labour: labour.as_ref(),
        form: &filled,
        errors,
        manage: me.can(Permission::PayrollManage),
    };
    let main = views::page(&shell.csrf, &p);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Barèmes de paie", main)
    } else {
        hx::invalid(hx, shell, "Barèmes de paie", main)
    })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    show(app, hx, &shell, &me, None, &FieldErrors::new()).await
}

#[handler]
pub async fn add(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<RatesForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(r) => app.db.write(move |tx| add_rates(tx, &st, &r)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/paie/baremes?ok=bareme"),
        async |e| show(app, hx, &shell, &me, Some(&f), &e).await,
    )
    .await
}
