//! Routes of leave: balances and requests, a new request, the gérante's decisions.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::{can, now_local};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::people::LeaveStatus;
use crate::people::forms::time::{LeaveForm, ReasonForm};
use crate::people::ops::leave::{balance, decide, request as request_leave};
use crate::people::store::{employees, leave};
use crate::people::views::leave::{self as views, LeavePage};
use crate::state::App;
use crate::ui::Shell;

async fn show(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    form: &LeaveForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let today = now_local(app).date();
    let (balances, requests) = app
        .db
        .read(move |c| {
            let mut balances = Vec::new();
            for e in employees::employees(c, false)? {
                let b = balance(c, &e, today)?;
                balances.push((e, b));
            }
            let from = today - chrono::Duration::days(400);
            Ok((balances, leave::requests_between(c, from, today + chrono::Duration::days(400))?))
        })
        .await?;
    let p = LeavePage { balances: &balances, requests: &requests, form, errors, manage: can(me).manage };
    let main = views::page(&shell.csrf, &p);
    Ok(if errors.is_empty() { hx::page(hx, shell, "Congés", main) } else { hx::invalid(hx, shell, "Congés", main) })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let blank = LeaveForm { kind: "annuel".into(), ..Default::default() };
    show(app, hx, &shell, &me, &blank, &FieldErrors::new()).await
}

#[handler]
pub async fn request(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(v): Form<LeaveForm>,
) -> Result<Response, AppError> {
    let result = match v.parse() {
        Ok(d) => app.db.write(move |tx| request_leave(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/personnel/conges?ok=conge"),
        async |e| show(app, hx, &shell, &me, &v, &e).await,
    )
    .await
}

async fn decided(app: &App, hx: Hx, st: Stamp, id: i64, to: LeaveStatus, note: String) -> Result<Response, AppError> {
    app.db.write(move |tx| decide(tx, &st, id, to, &note)).await?;
    Ok(hx::redirect(hx, "/personnel/conges?ok=conge-decide"))
}

#[handler]
pub async fn approve(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, AppError> {
    decided(app, hx, st, id, LeaveStatus::Approved, f.reason).await
}

#[handler]
pub async fn refuse(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, AppError> {
    decided(app, hx, st, id, LeaveStatus::Refused, f.reason).await
}

#[handler]
pub async fn cancel(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, AppError> {
    decided(app, hx, st, id, LeaveStatus::Cancelled, f.reason).await
}
