//! Routes of the locations page.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::stock::views::{self, Visibility};
use crate::stock::{locations, store};
use crate::ui::Shell;

fn get(pairs: &[(String, String)], k: &str) -> String {
    pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
}

async fn render(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    name: &str,
    kind: &str,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let all = app.db.read(|c| Ok(store::all_locations(c)?)).await?;
    let main = views::locations::page(Visibility::of(me), &shell.csrf, &all, name, kind, errors);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Lieux de stock", main)
    } else {
        hx::invalid(hx, shell, "Lieux de stock", main)
    })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    render(app, hx, &shell, &me, "", "labo", &FieldErrors::new()).await
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (name, kind) = (get(&pairs, "name"), get(&pairs, "kind"));
    let (actor, now, n, k) = (me.actor(), app.clock.now_text(), name.clone(), kind.clone());
    match app.db.write(move |tx| locations::create(tx, &actor, &n, &k, &now)).await {
        Ok(_) => Ok(hx::redirect(hx, "/stock/lieux?ok=lieu")),
        Err(AppError::Invalid(e)) => render(app, hx, &shell, &me, &name, &kind, &e).await,
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn rename(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let name = get(&pairs, "name");
    let (actor, now) = (me.actor(), app.clock.now_text());
    // A bad name comes back as a toast: the row's form is small.
    match app.db.write(move |tx| locations::rename(tx, &actor, id, &name, &now)).await {
        Ok(()) => Ok(hx::redirect(hx, "/stock/lieux?ok=lieu")),
        Err(AppError::Invalid(e)) => Err(AppError::rule(e.get("name").unwrap_or("Nom invalide.").to_string())),
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn deactivate(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| locations::set_active(tx, &actor, id, false, &now)).await?;
    Ok(hx::redirect(hx, "/stock/lieux?ok=lieu"))
}

#[handler]
pub async fn activate(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| locations::set_active(tx, &actor, id, true, &now)).await?;
    Ok(hx::redirect(hx, "/stock/lieux?ok=lieu"))
}
