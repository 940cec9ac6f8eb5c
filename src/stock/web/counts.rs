//! Routes of physical counts.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use crate::auth::CurrentUser;
use crate::catalog;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::stock::counts::{self, store};
use crate::stock::views::{self, Visibility};
use crate::ui::Shell;

async fn render_list(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (locations, counts_list) = app.db.read(|c| Ok((catalog::store::locations(c)?, store::counts(c, 100)?))).await?;
    let main = views::counts::list(Visibility::of(me), &app.clock, &shell.csrf, &locations, &counts_list, errors);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Inventaires", main)
    } else {
        hx::invalid(hx, shell, "Inventaires", main)
    })
}

#[handler]
pub async fn list(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    render_list(app, hx, &shell, &me, &FieldErrors::new()).await
}

#[handler]
pub async fn open(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let location = pairs.iter().find(|(k, _)| k == "location_id").and_then(|(_, v)| v.parse::<i64>().ok()).unwrap_or(0);
    let (actor, now) = (me.actor(), app.clock.now_text());
    match app.db.write(move |tx| counts::open(tx, &actor, location, "", &now)).await {
        Ok(id) => Ok(hx::redirect(hx, &format!("/stock/inventaires/{id}?ok=inventaire-ouvert"))),
        Err(AppError::Invalid(e)) => render_list(app, hx, &shell, &me, &e).await,
        Err(e) => Err(e),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_page(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    typed: &[(i64, String)],
    errors: &FieldErrors,
    by_value: bool,
) -> Result<Response, AppError> {
    let (c, mut lines) = app
        .db
        .read(move |conn| Ok((store::count(conn, id)?.ok_or(AppError::NotFound)?, store::lines(conn, id)?)))
        .await?;
    if by_value && me.can(crate::auth::Permission::CostsView) {
        // The review by value: the largest variances in money first.
        lines.sort_by_key(|l| std::cmp::Reverse(l.variance_value_estimate().map(|m| m.cents().abs()).unwrap_or(0)));
    }
    let title = format!("Inventaire n° {id}");
    let main = views::counts::page(Visibility::of(me), &app.clock, &shell.csrf, &c, &lines, typed, errors);
    Ok(if errors.is_empty() { hx::page(hx, shell, &title, main) } else { hx::invalid(hx, shell, &title, main) })
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PageQuery {
    tri: String,
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    poem::web::Query(q): poem::web::Query<PageQuery>,
) -> Result<Response, AppError> {
    render_page(app, hx, &shell, &me, id, &[], &FieldErrors::new(), q.tri == "valeur").await
}

#[handler]
pub async fn sheet(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (c, lines) = app
        .db
        .read(move |conn| Ok((store::count(conn, id)?.ok_or(AppError::NotFound)?, store::lines(conn, id)?)))
        .await?;
    let main = views::counts::sheet(&c, &lines, &app.settings().name);
    Ok(hx::page(hx, &shell, &format!("Feuille d'inventaire n° {id}"), main))
}

/// Saves the typed quantities, then validates or abandons as asked. Saving and validating
/// happen in one transaction: a refused validation saves nothing.
#[handler]
pub async fn submit(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let action = pairs.iter().find(|(k, _)| k == "action").map(|(_, v)| v.clone()).unwrap_or_default();
    let typed: Vec<(i64, String)> = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("count-").and_then(|p| p.parse::<i64>().ok()).map(|p| (p, v.clone())))
        .collect();
    let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
    let to_save = typed.clone();
    let act = action.clone();
    let result = app
        .db
        .write(move |tx| match act.as_str() {
            "abandonner" => counts::abandon(tx, &actor, id, &now).map(|_| "inventaire-abandonne"),
            "valider" => {
                counts::record(tx, id, &to_save)?;
                counts::validate(tx, &actor, id, &now, day).map(|_| "inventaire-valide")
            }
            _ => counts::record(tx, id, &to_save).map(|_| "inventaire-enregistre"),
        })
        .await;
    match result {
        Ok(code) => Ok(hx::redirect(hx, &format!("/stock/inventaires/{id}?ok={code}"))),
        Err(AppError::Invalid(e)) => render_page(app, hx, &shell, &me, id, &typed, &e, false).await,
        Err(e) => Err(e),
    }
}
