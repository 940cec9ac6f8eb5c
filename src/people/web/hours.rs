//! Routes of the month's hours: the table, the Excel export, the lock for payroll.

use poem::web::{Data, Form, Query};
use poem::{Response, handler};

use super::{can, now_local};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::people::forms::time::{MonthForm, MonthQuery};
use crate::people::month_text;
use crate::people::ops::export::month_xlsx;
use crate::people::ops::hours::{lock_month, month_all, rules_for};
use crate::people::store::hours;
use crate::people::views::hours::{self as views, HoursPage};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn month(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let now = now_local(app);
    let first = q.first(now.date());
    let (rows, rules, locked) = app
        .db
        .read(move |c| {
            Ok((month_all(c, first, Some(now))?, rules_for(c, first)?, hours::lock_of(c, &month_text(first))?))
        })
        .await?;
    let locked = locked.map(|at| app.clock.datetime_text(&at));
    let p = HoursPage { first, rows: &rows, rules: &rules, locked, manage: can(&me).manage };
    Ok(hx::page(hx, &shell, "Heures du mois", views::page(&shell.csrf, &p)))
}

#[handler]
pub async fn export(Data(app): Data<&App>, me: CurrentUser, Query(q): Query<MonthQuery>) -> Result<Response, AppError> {
    let now = now_local(app);
    let first = q.first(now.date());
    let rows = app.db.read(move |c| month_all(c, first, Some(now))).await?;
    let bytes = month_xlsx(first, &rows, can(&me).salaries)?;
    Ok(hx::download(bytes, hx::XLSX, &format!("fournil-heures-{}.xlsx", month_text(first))))
}

#[handler]
pub async fn lock(Data(app): Data<&App>, hx: Hx, st: Stamp, Form(f): Form<MonthForm>) -> Result<Response, AppError> {
    let first = f.parse()?;
    let now = now_local(app);
    app.db.write(move |tx| lock_month(tx, &st, first, now)).await?;
    Ok(hx::redirect(hx, &format!("/personnel/heures?mois={}&ok=mois-verrouille", month_text(first))))
}
