//! Routes of the locations page.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::stock::ops::locations;
use crate::stock::store;
use crate::stock::views::{self, Visibility};
use crate::ui::Shell;

/// The new-place form (name and kind) and a row's rename form (name only).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LocationForm {
    name: String,
    kind: String,
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
    st: Stamp,
    Form(f): Form<LocationForm>,
) -> Result<Response, AppError> {
    let (name, kind) = (f.name.clone(), f.kind.clone());
    let result = app.db.write(move |tx| locations::create(tx, &st.actor, &name, &kind, &st.now)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, "/stock/lieux?ok=lieu"),
        async |e| render(app, hx, &shell, &me, &f.name, &f.kind, &e).await,
    )
    .await
}

#[handler]
pub async fn rename(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<LocationForm>,
) -> Result<Response, AppError> {
    // A bad name comes back as a toast: the row's form is small.
    match app.db.write(move |tx| locations::rename(tx, &st.actor, id, &f.name, &st.now)).await {
        Ok(()) => Ok(hx::redirect(hx, "/stock/lieux?ok=lieu")),
        Err(AppError::Invalid(e)) => Err(AppError::rule(e.get("name").unwrap_or("Nom invalide.").to_string())),
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn deactivate(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| locations::set_active(tx, &st.actor, id, false, &st.now)).await?;
    Ok(hx::redirect(hx, "/stock/lieux?ok=lieu"))
}

#[handler]
pub async fn activate(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| locations::set_active(tx, &st.actor, id, true, &st.now)).await?;
    Ok(hx::redirect(hx, "/stock/lieux?ok=lieu"))
}
