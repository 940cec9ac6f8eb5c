//! Routes of the runs: the board (sending ready orders out), one run and its settlement at the
//! till, the deliveryman's phone page. Print jobs are woken after commit.

use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};

use super::forms::{assign_values, parse_assign, parse_settle, settle_values};
use super::till_here;
use crate::audit::Stamp;
use crate::auth::{CurrentUser, random_hex};
use crate::deliveries::ops;
use crate::deliveries::views::runs::{self as views, Board, SettleValues};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

use crate::printing::woken;

/// The board as typed: (ticked orders, deliveryman, token).
type Typed = (Vec<i64>, String, String);

async fn board_view(app: &App, shell: &Shell, typed: &Typed, e: &FieldErrors) -> Result<maud::Markup, AppError> {
    let today = app.clock.business_day();
    let (ready, men, runs) = app.db.read(move |c| ops::board(c, today)).await?;
    let (chosen, man, token) = typed;
    let b = Board { csrf: &shell.csrf, ready: &ready, men: &men, runs: &runs, token, chosen, man };
    Ok(views::board(&b, e))
}

#[handler]
pub async fn board(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let typed = (Vec::new(), String::new(), random_hex(16));
    let main = board_view(app, &shell, &typed, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Tournées de livraison", main))
}

#[handler]
pub async fn assign(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let till = till_here(app, req).await?;
    let result = match parse_assign(&f, till.id) {
        Ok(d) => woken(app.db.write(move |tx| ops::assign(tx, &st, &d)).await),
        Err(e) => Err(e.into()),
    };
    hx::kept(
        result,
        |id| hx::redirect(hx, &format!("/livraisons/tournees/{id}?ok=tournee")),
        async |e| {
            let main = board_view(app, &shell, &assign_values(&f), &e).await?;
            Ok(hx::invalid(hx, &shell, "Tournées de livraison", main))
        },
    )
    .await
}

async fn run_view(
    app: &App,
    shell: &Shell,
    id: i64,
    me: i64,
    v: &SettleValues,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let (r, approvers) = app.db.read(move |c| ops::run_page(c, id, me)).await?;
    Ok(views::run_page(&shell.csrf, &r, &approvers, v, e))
}

#[handler]
pub async fn run(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let v = SettleValues { token: random_hex(16), ..Default::default() };
    let main = run_view(app, &shell, id, me.id, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Tournée de livraison", main))
}

#[handler]
#[allow(clippy::too_many_arguments)]
pub async fn settle(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    me: CurrentUser,
    req: &Request,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (till, who) = (till_here(app, req).await?, me.clone());
    let result = match parse_settle(&f, till.id) {
        Ok((d, ask)) => woken(app.db.write(move |tx| ops::settle(tx, &st, (&who, ask.as_ref()), id, &d)).await)
            .and_then(|a| a.done()),
        Err(e) => Err(e.into()),
    };
    hx::kept(
        result,
        |_| hx::redirect(hx, &format!("/livraisons/tournees/{id}?ok=tournee-reglee")),
        async |e| {
            let main = run_view(app, &shell, id, me.id, &settle_values(&f), &e).await?;
            Ok(hx::invalid(hx, &shell, "Tournée de livraison", main))
        },
    )
    .await
}

/// The deliveryman's phone page: his runs out, read-only.
#[handler]
pub async fn phone(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (m, runs) = app.db.read(move |c| ops::phone_page(c, id)).await?;
    Ok(hx::page(hx, &shell, "Tournée du livreur", views::phone(&m, &runs)))
}

/// The same page on the deliveryman's phone, through his secret link: no account needed.
#[handler]
pub async fn phone_link(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    let (m, runs) = app.db.read(move |c| ops::phone_page_by_key(c, &key)).await?;
    Ok(hx::page(hx, &shell, "Ma tournée", views::phone(&m, &runs)))
}
