//! Routes of recipes, production sheets and labels.

use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission};
use crate::catalog::ops::{self, RecipeDraft};
use crate::catalog::views::recipes::{self as views, RecipeValues};
use crate::catalog::views::{Visibility, sheets};
use crate::catalog::{Kind, Unit, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// Empty rows offered for new lines.
const BLANK_ROWS: usize = 3;

async fn render_editor(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    values: RecipeValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (product, options, locations) = app
        .db
        .read(move |c| {
            let p = store::product(c, id)?.ok_or(AppError::NotFound)?;
            Ok((
                p,
                store::products_of_kinds(c, &[Kind::Ingredient, Kind::SemiFini])?,
                crate::stock::store::locations(c)?,
            ))
        })
        .await?;
    if !product.kind.has_recipe() {
        return Err(AppError::rule(format!("Un produit de type {} n'a pas de recette.", product.kind.label())));
    }
    let options: Vec<_> = options.into_iter().filter(|p| p.id != id).collect();
    let title = format!("Recette : {}", product.name);
    let main = views::editor(&shell.csrf, Visibility::of(me), &product, &values, &options, &locations, errors);
    Ok(if errors.is_empty() { hx::page(hx, shell, &title, main) } else { hx::invalid(hx, shell, &title, main) })
}

#[handler]
pub async fn editor(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (product, recipe, graph, locations) = app
        .db
        .read(move |c| {
            let p = store::product(c, id)?.ok_or(AppError::NotFound)?;
            Ok((p, store::recipe(c, id)?, ops::graph(c)?, crate::stock::store::locations(c)?))
        })
        .await?;
    let lab = locations.iter().find(|l| l.kind == "labo").map(|l| l.id);
    let mut values = RecipeValues::of(&product, recipe.as_ref(), |i| graph.node(i).map(|n| n.unit), lab);
    values.lines.extend(std::iter::repeat_n((String::new(), String::new(), String::new()), BLANK_ROWS));
    render_editor(app, hx, &shell, &me, id, values, &FieldErrors::new()).await
}

/// The recipe editor as posted: its fields, the repeated `ingredient`, `qty` and `note` rows,
/// and the button pressed.
pub struct RecipeForm {
    values: RecipeValues,
    action: String,
}

impl RecipeForm {
    fn read(pairs: &[(String, String)]) -> RecipeForm {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let all = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        let (ings, qtys, notes) = (all("ingredient"), all("qty"), all("note"));
        let lines = (0..ings.len().max(qtys.len()))
            .map(|i| {
                (
                    ings.get(i).cloned().unwrap_or_default(),
                    qtys.get(i).cloned().unwrap_or_default(),
                    notes.get(i).cloned().unwrap_or_default(),
                )
            })
            .filter(|(a, b, c)| !(a.trim().is_empty() && b.trim().is_empty() && c.trim().is_empty()))
            .collect();
        let values = RecipeValues {
            yield_text: get("yield"),
            loss_text: get("loss"),
            location_id: get("location_id"),
            method: get("method"),
            lines,
        };
        RecipeForm { values, action: get("action") }
    }

    /// The values as typed, with `n` more blank rows.
    fn with_rows(&self, n: usize) -> RecipeValues {
        let mut v = self.values.clone();
        v.lines.extend(std::iter::repeat_n((String::new(), String::new(), String::new()), n));
        v
    }

    /// The draft: each row's ingredient chosen; quantities are read against each ingredient's
    /// unit by the operation.
    fn parse(&self) -> Result<RecipeDraft, FieldErrors> {
        let (v, mut errors) = (&self.values, FieldErrors::new());
        let mut lines = Vec::new();
        for (i, (ing, qty, note)) in v.lines.iter().enumerate() {
            match ing.trim().parse::<i64>() {
                Ok(ing) => lines.push((ing, qty.clone(), note.clone())),
                Err(_) => errors.add(&format!("line-{i}-ingredient"), "Choisissez l'ingrédient."),
            }
        }
        errors.into_result(RecipeDraft {
            yield_text: v.yield_text.clone(),
            loss_text: v.loss_text.clone(),
            location_id: v.location_id.parse().unwrap_or(0),
            method: v.method.clone(),
            lines,
        })
    }
}

#[handler]
pub async fn save(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = RecipeForm::read(&pairs);
    if form.action == "lignes" {
        return render_editor(app, hx, &shell, &me, id, form.with_rows(BLANK_ROWS), &FieldErrors::new()).await;
    }
    let result = match form.parse() {
        Ok(draft) => app.db.write(move |tx| ops::save_recipe(tx, &st.actor, id, &draft, &st.now)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |()| hx::redirect(hx, &format!("/catalogue/produits/{id}?ok=recette")),
        async |e| render_editor(app, hx, &shell, &me, id, form.with_rows(1), &e).await,
    )
    .await
}

#[handler]
pub async fn delete(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::delete_recipe(tx, &st.actor, id, &st.now)).await?;
    Ok(hx::redirect(hx, &format!("/catalogue/produits/{id}?ok=recette-supprimee")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SheetQuery {
    quantite: String,
    fournees: String,
}

impl SheetQuery {
    /// How many batches the sheet is for: the quantity wanted over the usable yield, or the
    /// number of batches typed, else one. A bad value gets its message and leaves one batch.
    fn factor(&self, unit: Unit, usable_yield: Decimal, errors: &mut FieldErrors) -> Decimal {
        if !self.quantite.trim().is_empty() {
            match unit.parse_positive(&self.quantite) {
                Ok(want) => Decimal::new(want.milli(), 3) / usable_yield,
                Err(e) => {
                    errors.add("quantite", e);
                    Decimal::ONE
                }
            }
        } else if !self.fournees.trim().is_empty() {
            match self.fournees.trim().replace(',', ".").parse::<Decimal>() {
                Ok(n) if n > Decimal::ZERO && n <= Decimal::from(1000) => n,
                _ => {
                    errors.add("fournees", "Un nombre de fournées entre 0 et 1 000 (par exemple 2 ou 1,5).");
                    Decimal::ONE
                }
            }
        } else {
            Decimal::ONE
        }
    }
}

#[handler]
pub async fn sheet(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Path(id): Path<i64>,
    Query(q): Query<SheetQuery>,
) -> Result<Response, AppError> {
    let (product, graph) =
        app.db.read(move |c| Ok((store::product(c, id)?.ok_or(AppError::NotFound)?, ops::graph(c)?))).await?;
    let recipe = graph.node(id).and_then(|n| n.recipe.as_ref());
    let recipe = recipe.ok_or_else(|| AppError::rule("Ce produit n'a pas encore de recette."))?;
    let mut errors = FieldErrors::new();
    let factor = q.factor(product.unit, recipe.usable_yield(), &mut errors);
    let s = graph.sheet(id, factor).ok_or(AppError::NotFound)?;
    let today = app.clock.local(app.clock.now()).format("%d/%m/%Y").to_string();
    let main = sheets::sheet(&product, &s, &q.quantite, &q.fournees, &errors, &app.settings().name, &today);
    let title = format!("Fiche : {}", product.name);
    Ok(if errors.is_empty() { hx::page(hx, &shell, &title, main) } else { hx::invalid(hx, &shell, &title, main) })
}

#[handler]
pub async fn label(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (product, graph) =
        app.db.read(move |c| Ok((store::product(c, id)?.ok_or(AppError::NotFound)?, ops::graph(c)?))).await?;
    let price = if me.can(Permission::PricesView) { product.sale_price } else { None };
    let main = sheets::label(&product, graph.allergens(id), price, &app.settings().name);
    Ok(hx::page(hx, &shell, &format!("Étiquette : {}", product.name), main))
}
