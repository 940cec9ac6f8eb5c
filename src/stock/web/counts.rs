//! Routes of physical counts.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::stock::counts::{CountAction, Typed, ops, store};
use crate::stock::views::{self, Visibility};
use crate::ui::Shell;

async fn render_list(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (locations, counts_list) =
        app.db.read(|c| Ok((crate::stock::store::locations(c)?, store::counts(c, 100)?))).await?;
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

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct OpenForm {
    location_id: String,
}

#[handler]
pub async fn open(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<OpenForm>,
) -> Result<Response, AppError> {
    // No place chosen reads as 0, which the operation refuses beside the field.
    let location = f.location_id.parse::<i64>().unwrap_or(0);
    let result = app.db.write(move |tx| ops::open(tx, &st.actor, location, "", &st.now)).await;
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/stock/inventaires/{id}?ok=inventaire-ouvert")),
        async |e| render_list(app, hx, &shell, &me, &e).await,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render_page(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    typed: &Typed,
    errors: &FieldErrors,
    by_value: bool,
) -> Result<Response, AppError> {
    let (c, mut lines) = app
        .db
        .read(move |conn| {
            Ok((store::count(conn, id)?.ok_or(AppError::NotFound)?, ops::lines_with_proposals(conn, id)?))
        })
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
    render_page(app, hx, &shell, &me, id, &Typed::default(), &FieldErrors::new(), q.tri == "valeur").await
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

/// The count page's fields: the button pressed, the quantities typed in `count-<product id>` and
/// the unit values of surpluses in `cost-<product id>`.
fn parse(pairs: &[(String, String)]) -> (CountAction, Typed) {
    let action = match pairs.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str()) {
        Some("valider") => CountAction::Validate,
        Some("abandonner") => CountAction::Abandon,
        _ => CountAction::Save,
    };
    let keyed = |prefix: &str| -> Vec<(i64, String)> {
        pairs
            .iter()
            .filter_map(|(k, v)| k.strip_prefix(prefix).and_then(|p| p.parse::<i64>().ok()).map(|p| (p, v.clone())))
            .collect()
    };
    (action, Typed { counted: keyed("count-"), costs: keyed("cost-") })
}

/// The `ok` flag the count page shows after each action.
fn done(action: CountAction) -> &'static str {
    match action {
        CountAction::Save => "inventaire-enregistre",
        CountAction::Validate => "inventaire-valide",
        CountAction::Abandon => "inventaire-abandonne",
    }
}

/// Saves the typed quantities, then validates or abandons as asked (one operation, one
/// transaction: a refused validation saves nothing).
#[handler]
pub async fn submit(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (action, typed) = parse(&pairs);
    let lines = typed.clone();
    let result = app.db.write(move |tx| ops::submit(tx, &st, id, action, &lines)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/stock/inventaires/{id}?ok={}", done(action))),
        async |e| render_page(app, hx, &shell, &me, id, &typed, &e, false).await,
    )
    .await
}
