//! Routes of the clocks and of the quarantine.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use crate::audit::Stamp;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::people::forms::clocks::{DeviceForm, HeldForm};
use crate::people::ops::board::health;
use crate::people::ops::devices as ops;
use crate::people::ops::punches::{ignore_held, integrate_held, reassign_held};
use crate::people::store::{devices, employees, punches};
use crate::people::views::devices as views;
use crate::state::App;
use crate::ui::Shell;

/// How many held lines the page lists at once.
const HELD_PAGE: i64 = 200;

async fn show_list(app: &App, hx: Hx, shell: &Shell, v: &DeviceForm, e: &FieldErrors) -> Result<Response, AppError> {
    let now = app.clock.now();
    let (clocks, sites) = app.db.read(move |c| Ok((health(c, now)?, employees::sites(c)?))).await?;
    let main = views::list(&shell.csrf, &clocks, &sites, v, e);
    Ok(if e.is_empty() { hx::page(hx, shell, "Pointeuses", main) } else { hx::invalid(hx, shell, "Pointeuses", main) })
}

#[handler]
pub async fn list(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    show_list(app, hx, &shell, &DeviceForm::blank(), &FieldErrors::new()).await
}

#[handler]
pub async fn register(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let v = DeviceForm { fields };
    let now = app.clock.now();
    let result = match v.parse() {
        Ok((d, map)) => app.db.write(move |tx| ops::register(tx, &st, &d, &map, now)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/personnel/pointeuses/{id}?ok=pointeuse")),
        async |e| show_list(app, hx, &shell, &v, &e).await,
    )
    .await
}

async fn show(
    app: &App,
    hx: Hx,
    shell: &Shell,
    id: i64,
    form: Option<(&DeviceForm, &FieldErrors)>,
) -> Result<Response, AppError> {
    let (d, map, sites) = app
        .db
        .read(move |c| {
            Ok((devices::device(c, id)?.ok_or(AppError::NotFound)?, devices::state_map(c, id)?, employees::sites(c)?))
        })
        .await?;
    let (stored, none) = (DeviceForm::of(&d, &map), FieldErrors::new());
    let (v, e) = form.unwrap_or((&stored, &none));
    let main = views::page(&shell.csrf, &d, &sites, v, e);
    Ok(if e.is_empty() { hx::page(hx, shell, &d.label(), main) } else { hx::invalid(hx, shell, &d.label(), main) })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    show(app, hx, &shell, id, None).await
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let v = DeviceForm { fields };
    let now = app.clock.now();
    let result = match v.parse() {
        Ok((d, map)) => app.db.write(move |tx| ops::update(tx, &st, id, &d, &map, now)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/personnel/pointeuses/{id}?ok=pointeuse")),
        async |e| show(app, hx, &shell, id, Some((&v, &e))).await,
    )
    .await
}

#[handler]
pub async fn approve(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    let now = app.clock.now();
    app.db.write(move |tx| ops::approve(tx, &st, id, now)).await?;
    Ok(hx::redirect(hx, &format!("/personnel/pointeuses/{id}?ok=pointeuse-approuvee")))
}

#[handler]
pub async fn retire(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::retire(tx, &st, id)).await?;
    Ok(hx::redirect(hx, "/personnel/pointeuses?ok=pointeuse-retiree"))
}

async fn show_held(
    app: &App,
    hx: Hx,
    shell: &Shell,
    failed: Option<(i64, &FieldErrors)>,
) -> Result<Response, AppError> {
    let (held, people) =
        app.db.read(|c| Ok((punches::open_held(c, HELD_PAGE)?, employees::employees(c, false)?))).await?;
    let main = views::quarantine(&shell.csrf, &held, &people, failed);
    Ok(if failed.is_none() {
        hx::page(hx, shell, "Quarantaine", main)
    } else {
        hx::invalid(hx, shell, "Quarantaine", main)
    })
}

#[handler]
pub async fn quarantine(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    show_held(app, hx, &shell, None).await
}

#[handler]
pub async fn integrate(Data(app): Data<&App>, hx: Hx, st: Stamp) -> Result<Response, AppError> {
    let now = app.clock.now();
    app.db
        .write(move |tx| {
            let mut n = 0;
            for d in devices::devices(tx)?.iter().filter(|d| d.status == crate::people::DeviceStatus::Approved) {
                n += integrate_held(tx, d, now, st.actor.user_id)?;
            }
            Ok(n)
        })
        .await?;
    Ok(hx::redirect(hx, "/personnel/quarantaine?ok=quarantaine"))
}

#[handler]
pub async fn reassign(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(v): Form<HeldForm>,
) -> Result<Response, AppError> {
    let result = match v.parse_reassign() {
        Ok((employee, direction, note)) => {
            app.db.write(move |tx| reassign_held(tx, &st, id, employee, direction, &note)).await
        }
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/personnel/quarantaine?ok=quarantaine"),
        async |e| show_held(app, hx, &shell, Some((id, &e))).await,
    )
    .await
}

#[handler]
pub async fn ignore(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(v): Form<HeldForm>,
) -> Result<Response, AppError> {
    let note = v.note.clone();
    let result = app.db.write(move |tx| ignore_held(tx, &st, id, &note)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, "/personnel/quarantaine?ok=quarantaine"),
        async |e| show_held(app, hx, &shell, Some((id, &e))).await,
    )
    .await
}
