//! Routes of the printers page (`/caisse/imprimantes`). After a commit that queued a job, the
//! worker is woken so the paper comes out at once.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::ops::{self, TillForm};
use super::views::{self, Editing};
use super::{kind_label, queue, store};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

const TITLE: &str = "Imprimantes de caisse";
const HERE: &str = "/caisse/imprimantes";

async fn render(app: &App, hx: Hx, shell: &Shell, editing: Option<Editing<'_>>) -> Result<Response, AppError> {
    let (tills, jobs) = app.db.read(|c| Ok((crate::cash::store::tills(c)?, store::recent(c, None, 30)?))).await?;
    let clock = app.clock.clone();
    let when = move |s: &str| crate::ui::datetime(&clock, s);
    let main = views::page(&shell.csrf, &tills, &jobs, editing.as_ref(), &when);
    Ok(if editing.is_some() { hx::invalid(hx, shell, TITLE, main) } else { hx::page(hx, shell, TITLE, main) })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    render(app, hx, &shell, None).await
}

#[handler]
pub async fn save(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<TillForm>,
) -> Result<Response, AppError> {
    let (actor, now, f) = (me.actor(), app.clock.now_text(), form.clone());
    match app.db.write(move |tx| ops::update_till(tx, &actor, id, &f, &now)).await {
        Ok(()) => Ok(hx::redirect(hx, "/caisse/imprimantes?ok=parametres")),
        Err(AppError::Invalid(errors)) => {
            render(app, hx, &shell, Some(Editing { till_id: id, form: &form, errors: &errors })).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct TestForm {
    #[serde(default)]
    drawer: Option<String>,
}

#[handler]
pub async fn test_print(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<TestForm>,
) -> Result<Response, AppError> {
    let (actor, now, shop) = (me.actor(), app.clock.now_text(), app.settings());
    let at_local = app.clock.local(app.clock.now()).format("%d/%m/%Y %H:%M").to_string();
    let drawer = form.drawer.is_some();
    app.db.write(move |tx| ops::test_print(tx, &actor, id, &shop, &at_local, drawer, &now)).await?;
    queue::wake();
    Ok(hx::redirect(hx, HERE))
}

#[handler]
pub async fn test_drawer(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::test_drawer(tx, &actor, id, &now)).await?;
    queue::wake();
    Ok(hx::redirect(hx, HERE))
}

#[handler]
pub async fn retry(Data(app): Data<&App>, hx: Hx, me: CurrentUser, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::retry(tx, &actor, id, &now)).await?;
    queue::wake();
    Ok(hx::redirect(hx, HERE))
}

/// A job's document as an HTML receipt, for the browser to print (tills without a printer, or a
/// printer that is down).
#[handler]
pub async fn job_page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let job = app.db.read(move |c| Ok(store::job(c, id)?)).await?.ok_or(AppError::NotFound)?;
    let doc = job.doc().map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    let title = format!("{} n° {}", kind_label(&job.kind), job.id);
    Ok(hx::page(hx, &shell, &title, views::job_page(&title, &doc)))
}
