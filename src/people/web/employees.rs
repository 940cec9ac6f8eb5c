//! Routes of employees: the list, new, page, edit, enrolments.

use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};

use super::can;
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::people::forms::employees::{EmployeeForm, EnrolForm};
use crate::people::ops::employees as ops;
use crate::people::ops::leave::balance;
use crate::people::store::{devices, employees};
use crate::people::views::employees::{self as views, Can};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    tous: String,
}

#[handler]
pub async fn list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let all = !q.tous.is_empty();
    let rows = app.db.read(move |c| Ok(employees::employees(c, all)?)).await?;
    Ok(hx::page(hx, &shell, "Employés", views::list(&rows, can(&me), all)))
}

/// The form with its sites and accounts.
async fn form(
    app: &App,
    csrf: &str,
    action: &str,
    v: &EmployeeForm,
    e: &FieldErrors,
    can: Can,
) -> Result<maud::Markup, AppError> {
    let (sites, users) = app
        .db
        .read(|c| {
            let users = crate::auth::store::users(c)?.into_iter().filter(|u| u.active);
            Ok((
                employees::sites(c)?,
                users.map(|u| (u.id, format!("{} ({})", u.display_name, u.username))).collect::<Vec<_>>(),
            ))
        })
        .await?;
    Ok(views::form(csrf, action, v, e, &sites, &users, can))
}

#[handler]
pub async fn new_page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let v = EmployeeForm::blank(super::now_local(app).date());
    let f = form(app, &shell.csrf, "/personnel/nouveau", &v, &FieldErrors::new(), can(&me)).await?;
    Ok(hx::page(hx, &shell, "Nouvel employé", views::new_page(f, true)))
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(v): Form<EmployeeForm>,
) -> Result<Response, AppError> {
    let result = match v.parse(can(&me).salaries) {
        Ok(d) => app.db.write(move |tx| ops::save_employee(tx, &st, None, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/personnel/{id}?ok=employe")),
        async |e| {
            let f = form(app, &shell.csrf, "/personnel/nouveau", &v, &e, can(&me)).await?;
            Ok(hx::invalid(hx, &shell, "Nouvel employé", views::new_page(f, true)))
        },
    )
    .await
}

/// An employee's page, with the enrolment form as typed.
async fn show(
    app: &App,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    v: &EnrolForm,
    e: &FieldErrors,
) -> Result<(String, maud::Markup), AppError> {
    let today = super::now_local(app).date();
    let (emp, enrolled, devs, bal) = app
        .db
        .read(move |c| {
            let emp = employees::employee(c, id)?.ok_or(AppError::NotFound)?;
            let bal = balance(c, &emp, today)?;
            Ok((emp, employees::enrolments_of(c, id)?, devices::devices(c)?, bal))
        })
        .await?;
    let can = can(me);
    let codes = views::enrolments(&shell.csrf, &emp, &enrolled, &devs, v, e, can.manage);
    Ok((emp.full_name.clone(), views::page(&emp, can, &bal, codes)))
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (title, main) = show(app, &shell, &me, id, &EnrolForm::default(), &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, &title, main))
}

#[handler]
pub async fn edit_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let emp = app.db.read(move |c| employees::employee(c, id)?.ok_or(AppError::NotFound)).await?;
    let action = format!("/personnel/{id}");
    let f = form(app, &shell.csrf, &action, &EmployeeForm::of(&emp), &FieldErrors::new(), can(&me)).await?;
    Ok(hx::page(hx, &shell, &emp.full_name, views::edit_page(&emp, f, true)))
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(v): Form<EmployeeForm>,
) -> Result<Response, AppError> {
    let emp = app.db.read(move |c| employees::employee(c, id)?.ok_or(AppError::NotFound)).await?;
    let result = match v.parse(can(&me).salaries) {
        Ok(d) => app.db.write(move |tx| ops::save_employee(tx, &st, Some(id), &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/personnel/{id}?ok=employe")),
        async |e| {
            let f = form(app, &shell.csrf, &format!("/personnel/{id}"), &v, &e, can(&me)).await?;
            Ok(hx::invalid(hx, &shell, &emp.full_name, views::edit_page(&emp, f, true)))
        },
    )
    .await
}

#[handler]
pub async fn enrol(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(v): Form<EnrolForm>,
) -> Result<Response, AppError> {
    let result = match v.parse() {
        Ok((device, pin)) => app.db.write(move |tx| ops::enrol(tx, &st, id, device, &pin)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/personnel/{id}?ok=inscription")),
        async |e| {
            let (title, main) = show(app, &shell, &me, id, &v, &e).await?;
            Ok(hx::invalid(hx, &shell, &title, main))
        },
    )
    .await
}

#[handler]
pub async fn end_enrolment(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path((id, enrolment)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::end_enrolment(tx, &st, id, enrolment)).await?;
    Ok(hx::redirect(hx, &format!("/personnel/{id}?ok=inscription-retiree")))
}
