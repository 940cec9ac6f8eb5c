//! Routes of the day board and of an employee's month of punches; entering and voiding punches.

use chrono::NaiveDate;
use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};

use super::{can, now_local};
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::people::forms::time::{DayQuery, MonthQuery, PunchForm, ReasonForm};
use crate::people::ops::board::board as day_board;
use crate::people::ops::hours::month_of;
use crate::people::ops::punches as ops;
use crate::people::store::{employees, hours, punches};
use crate::people::views::day::{self as views, MonthPage};
use crate::people::{first_of_month, month_text};
use crate::state::App;
use crate::ui::Shell;

/// The board, with a correction that came back with messages.
async fn show_board(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    q: &DayQuery,
    failed: Option<(i64, &PunchForm, &FieldErrors)>,
) -> Result<Response, AppError> {
    let now = now_local(app);
    let (day, site) = (q.day(now.date()), q.site());
    let (b, sites) = app.db.read(move |c| Ok((day_board(c, day, now, site)?, employees::sites(c)?))).await?;
    let main = views::board(&shell.csrf, &b, &sites, site, can(me).manage, failed);
    Ok(if failed.is_some() {
        hx::invalid(hx, shell, "Tableau du jour", main)
    } else {
        hx::page(hx, shell, "Tableau du jour", main)
    })
}

#[handler]
pub async fn board(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<DayQuery>,
) -> Result<Response, AppError> {
    show_board(app, hx, &shell, &me, &q, None).await
}

/// An employee's month, with the add form as typed.
async fn show_month(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    first: NaiveDate,
    form: Option<(&PunchForm, &FieldErrors)>,
) -> Result<Response, AppError> {
    let now = now_local(app);
    let (e, (m, span), locked) = app
        .db
        .read(move |c| {
            let e = employees::employee(c, id)?.ok_or(AppError::NotFound)?;
            let month = month_of(c, &e, first, Some(now))?;
            Ok((e, month, hours::is_locked(c, &month_text(first))?))
        })
        .await?;
    let blank = PunchForm {
        day: first.to_string(),
        direction: "out".into(),
        source: "correction".into(),
        ..Default::default()
    };
    let none = FieldErrors::new();
    let (form, errors) = form.unwrap_or((&blank, &none));
    let p = MonthPage { employee: &e, month: &m, punches: &span.punches, locked, manage: can(me).manage, form, errors };
    let title = format!("{} — pointages", e.full_name);
    let main = views::month(&shell.csrf, &p);
    Ok(if errors.is_empty() { hx::page(hx, shell, &title, main) } else { hx::invalid(hx, shell, &title, main) })
}

#[handler]
pub async fn employee_month(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let first = q.first(now_local(app).date());
    show_month(app, hx, &shell, &me, id, first, None).await
}

#[handler]
pub async fn enter(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(v): Form<PunchForm>,
) -> Result<Response, AppError> {
    let now = now_local(app);
    let result = match v.parse(id, now) {
        Ok(d) => app.db.write(move |tx| ops::enter_punch(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    let back = v.back_or(&format!("/personnel/{id}/pointages"));
    hx::saved(
        result,
        |_| hx::redirect(hx, &with_ok(&back, "pointage")),
        async |e| entered_wrong(app, hx, &shell, &me, id, &v, &e).await,
    )
    .await
}

/// A typed punch came back with messages: the page it was typed on, again.
async fn entered_wrong(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    v: &PunchForm,
    e: &FieldErrors,
) -> Result<Response, AppError> {
    let back = v.back_or(&format!("/personnel/{id}/pointages"));
    if back.starts_with("/personnel/jour") {
        let q = DayQuery { jour: param(&back, "jour"), lieu: param(&back, "lieu") };
        return show_board(app, hx, shell, me, &q, Some((v.fix.parse().unwrap_or(0), v, e))).await;
    }
    let today = now_local(app).date();
    let first = crate::people::forms::parse_date(&v.day).map(first_of_month).unwrap_or(first_of_month(today));
    show_month(app, hx, shell, me, id, first, Some((v, e))).await
}

/// A parameter of a `back` address (`/personnel/jour?jour=…&lieu=…`).
fn param(back: &str, name: &str) -> String {
    let query = back.split_once('?').map(|(_, q)| q).unwrap_or("");
    query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap_or("").to_string()
}

/// `back` with `ok=…` added.
fn with_ok(back: &str, ok: &str) -> String {
    format!("{back}{}ok={ok}", if back.contains('?') { '&' } else { '?' })
}

#[handler]
pub async fn void(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(v): Form<ReasonForm>,
) -> Result<Response, AppError> {
    let p = app.db.read(move |c| punches::punch(c, id)?.ok_or(AppError::NotFound)).await?;
    let reason = v.reason.clone();
    let result = app.db.write(move |tx| ops::void_punch(tx, &st, id, &reason)).await;
    let back = PunchForm { back: v.back.clone(), ..Default::default() }
        .back_or(&format!("/personnel/{}/pointages", p.employee_id));
    hx::saved(
        result,
        |_| hx::redirect(hx, &with_ok(&back, "pointage-annule")),
        async |_| {
            let mut e = FieldErrors::new();
            e.add("_form", "Pour annuler un pointage, donnez un motif.");
            let first = first_of_month(p.local.date());
            show_month(app, hx, &shell, &me, p.employee_id, first, Some((&PunchForm::default(), &e))).await
        },
    )
    .await
}
