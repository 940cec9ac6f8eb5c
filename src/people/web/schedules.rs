//! Routes of an employee's schedule: the week editor and the exceptions.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::{can, now_local};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::people::forms::employees::{ExceptionForm, WeekForm};
use crate::people::forms::parse_date;
use crate::people::ops::schedules as ops;
use crate::people::store::{employees, schedules};
use crate::people::views::schedules::{self as views, SchedulePage};
use crate::state::App;
use crate::ui::Shell;

/// The page, with the forms as typed (or the week in force, from today).
async fn show(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    week: Option<(&WeekForm, &FieldErrors)>,
    exc: Option<(&ExceptionForm, &FieldErrors)>,
) -> Result<Response, AppError> {
    let (employee, schedule, notes) = app
        .db
        .read(move |c| {
            Ok((
                employees::employee(c, id)?.ok_or(AppError::NotFound)?,
                schedules::schedule(c, id)?,
                schedules::exception_notes(c, id)?,
            ))
        })
        .await?;
    let today = now_local(app).date();
    let current = schedule.version_on(today).map(|v| v.shifts.clone()).unwrap_or_default();
    let (blank_week, blank_exc, none) = (WeekForm::of(&current, today), ExceptionForm::default(), FieldErrors::new());
    let (week, week_errors) = week.unwrap_or((&blank_week, &none));
    let (exception, exception_errors) = exc.unwrap_or((&blank_exc, &none));
    let p = SchedulePage {
        employee: &employee,
        schedule: &schedule,
        notes: &notes,
        week,
        week_errors,
        exception,
        exception_errors,
        manage: can(me).manage,
    };
    let main = views::page(&shell.csrf, &p);
    let title = format!("Horaires de {}", employee.full_name);
    Ok(if !week_errors.is_empty() || !exception_errors.is_empty() {
        hx::invalid(hx, shell, &title, main)
    } else {
        hx::page(hx, shell, &title, main)
    })
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    show(app, hx, &shell, &me, id, None, None).await
}

#[handler]
pub async fn save_week(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let v = WeekForm { fields };
    let result = match v.parse() {
        Ok((from, shifts)) => app.db.write(move |tx| ops::save_week(tx, &st, id, from, &shifts)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/personnel/{id}/horaires?ok=horaire")),
        async |e| show(app, hx, &shell, &me, id, Some((&v, &e)), None).await,
    )
    .await
}

#[handler]
pub async fn save_exception(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(v): Form<ExceptionForm>,
) -> Result<Response, AppError> {
    let note = v.note.clone();
    let result = match v.parse() {
        Ok((day, shifts)) => app.db.write(move |tx| ops::save_exception(tx, &st, id, day, &shifts, &note)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/personnel/{id}/horaires?ok=horaire")),
        async |e| show(app, hx, &shell, &me, id, None, Some((&v, &e))).await,
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DayForm {
    day: String,
}

#[handler]
pub async fn delete_exception(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<DayForm>,
) -> Result<Response, AppError> {
    let day = parse_date(&f.day).ok_or(AppError::NotFound)?;
    app.db.write(move |tx| ops::delete_exception(tx, &st, id, day)).await?;
    Ok(hx::redirect(hx, &format!("/personnel/{id}/horaires?ok=horaire")))
}
