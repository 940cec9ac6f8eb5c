//! Routes of the calendar (holidays of a year, pre-filling) and of the attendance settings.

use poem::web::{Data, Form, Query};
use poem::{Response, handler};

use super::{can, now_local};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::people::forms::parse_date;
use crate::people::forms::time::{HolidayForm, SettingsForm, YearQuery};
use crate::people::ops::calendar as ops;
use crate::people::store::calendar;
use crate::people::views::calendar::{self as views, CalendarPage};
use crate::state::App;
use crate::ui::Shell;

async fn show(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    year: i32,
    form: &HolidayForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (from, to) = (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31));
    let (from, to) = (from.ok_or(AppError::NotFound)?, to.ok_or(AppError::NotFound)?);
    let (holidays, rules) =
        app.db.read(move |c| Ok((calendar::holidays_between(c, from, to)?, calendar::labour_rules(c)?))).await?;
    let p = CalendarPage { year, holidays: &holidays, rules: &rules, form, errors, manage: can(me).manage };
    let main = views::page(&shell.csrf, &p);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Calendrier", main)
    } else {
        hx::invalid(hx, shell, "Calendrier", main)
    })
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = q.year(now_local(app).date());
    show(app, hx, &shell, &me, year, &HolidayForm::default(), &FieldErrors::new()).await
}

#[handler]
pub async fn add(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(v): Form<HolidayForm>,
) -> Result<Response, AppError> {
    let result = match v.parse() {
        Ok((day, name, confirmed)) => {
            app.db.write(move |tx| ops::add_holiday(tx, &st, day, &name, confirmed).map(|_| day)).await
        }
        Err(e) => Err(e.into()),
    };
    let year = parse_date(&v.day)
        .map(|d| chrono::Datelike::year(&d))
        .unwrap_or(chrono::Datelike::year(&now_local(app).date()));
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/personnel/calendrier?annee={year}&ok=ferie")),
        async |e| show(app, hx, &shell, &me, year, &v, &e).await,
    )
    .await
}

#[handler]
pub async fn delete(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Form(v): Form<HolidayForm>,
) -> Result<Response, AppError> {
    let day = parse_date(&v.day).ok_or(AppError::NotFound)?;
    app.db.write(move |tx| ops::delete_holiday(tx, &st, day)).await?;
    Ok(hx::redirect(hx, &format!("/personnel/calendrier?annee={}&ok=ferie-retire", chrono::Datelike::year(&day))))
}

#[handler]
pub async fn prefill(Data(app): Data<&App>, hx: Hx, st: Stamp, Form(q): Form<YearQuery>) -> Result<Response, AppError> {
    let year = q.year(now_local(app).date());
    app.db.write(move |tx| ops::prefill_year(tx, &st.actor, &st.now, year)).await?;
    Ok(hx::redirect(hx, &format!("/personnel/calendrier?annee={year}&ok=calendrier")))
}

#[handler]
pub async fn settings_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let s = app.db.read(|c| Ok(calendar::settings(c)?)).await?;
    Ok(hx::page(
        hx,
        &shell,
        "Réglages du pointage",
        views::settings(&shell.csrf, &SettingsForm::of(&s), &FieldErrors::new()),
    ))
}

#[handler]
pub async fn save_settings(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(v): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let result = match v.parse() {
        Ok(s) => app.db.write(move |tx| ops::save_settings(tx, &st, &s)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/personnel/reglages?ok=reglages-pointage"),
        async |e| Ok(hx::invalid(hx, &shell, "Réglages du pointage", views::settings(&shell.csrf, &v, &e))),
    )
    .await
}
