//! The recipe editor. Lines are rows of (ingredient, quantity in natural units, note); "add
//! lines" re-renders the form with more empty rows, so it works without JavaScript.

use maud::{Markup, html};

use super::{Visibility, subnav};
use crate::catalog::{Kind, Product, Recipe, Unit, format_loss};
use crate::error::FieldErrors;
use crate::stock::Location;
use crate::ui::form::{self, Input};

/// The recipe form as typed.
#[derive(Debug, Clone, Default)]
pub struct RecipeValues {
    pub yield_text: String,
    pub loss_text: String,
    pub location_id: String,
    pub method: String,
    /// (ingredient id as typed, quantity as typed, note)
    pub lines: Vec<(String, String, String)>,
}

impl RecipeValues {
    /// The form of a saved recipe (quantities in each ingredient's unit, `unit_of`), or of a new
    /// one drawing from `lab`.
    pub fn of(
        product: &Product,
        recipe: Option<&Recipe>,
        unit_of: impl Fn(i64) -> Option<Unit>,
        lab: Option<i64>,
    ) -> Self {
        let Some(r) = recipe else {
            return RecipeValues { location_id: lab.map(|l| l.to_string()).unwrap_or_default(), ..Default::default() };
        };
        RecipeValues {
            yield_text: product.unit.input_value(r.yield_qty),
            loss_text: if r.loss_bp == 0 { String::new() } else { format_loss(r.loss_bp) },
            location_id: r.location_id.to_string(),
            method: r.method.clone(),
            lines: r
                .lines
                .iter()
                .map(|l| {
                    let unit = unit_of(l.ingredient_id).unwrap_or(product.unit);
                    (l.ingredient_id.to_string(), unit.input_value(l.qty), l.note.clone())
                })
                .collect(),
        }
    }
}

fn ingredient_select(name_index: usize, options: &[Product], selected: &str, error: Option<&str>) -> Markup {
    let id = format!("f-line-{name_index}-ingredient");
    html! {
        div.field.invalid[error.is_some()] {
            label for=(id) { "Ingrédient" }
            select id=(id) name="ingredient" aria-invalid=[error.map(|_| "true")] {
                option value="" { "—" }
                @for kind in [Kind::Ingredient, Kind::SemiFini] {
                    optgroup label=(if kind == Kind::Ingredient { "Ingrédients" } else { "Semi-finis" }) {
                        @for p in options.iter().filter(|p| p.kind == kind) {
                            option value=(p.id) selected[p.id.to_string() == selected] { (p.name) " (" (p.unit.display_name()) ")" }
                        }
                    }
                }
            }
            @if let Some(e) = error { small.error { (e) } }
        }
    }
}

pub fn editor(
    csrf: &str,
    v: Visibility,
    product: &Product,
    values: &RecipeValues,
    options: &[Product],
    locations: &[Location],
    errors: &FieldErrors,
) -> Markup {
    let labs: Vec<(String, String)> = locations
        .iter()
        .filter(|l| l.kind == "labo" || l.kind == "reserve")
        .map(|l| (l.id.to_string(), l.name.clone()))
        .collect();
    let example = match product.unit {
        crate::catalog::Unit::Piece => "Par exemple : 12 pièces",
        crate::catalog::Unit::Gram => "Par exemple : 2,5 kg",
        crate::catalog::Unit::Milliliter => "Par exemple : 3 L",
    };
    let base = format!("/catalogue/produits/{}", product.id);
    html! {
        h1 { "Recette : " (product.name) }
        (subnav("/catalogue/produits", v))
        form.stack method="post" action=(format!("{base}/recette")) #recipe-form {
            (form::csrf(csrf))
            section.card {
                div.row {
                    (Input::new("yield", "Une fournée donne", &values.yield_text).required().help(example).render(errors))
                    (Input::new("loss", "Perte (%)", &values.loss_text).inputmode("decimal").help("Facultatif : évaporation, parures, casse").render(errors))
                    (form::select("location_id", "Ingrédients pris au", &labs, &values.location_id, errors))
                }
            }
            section.card #lines {
                h2 { "Ingrédients pour une fournée" }
                p.muted { small { "Quantités en g, kg, ml, L ou pièces, selon l'ingrédient : 250 g, 1,5 kg, 3 pièces." } }
                @if let Some(e) = errors.get("lines") { p.form-error { (e) } }
                @for (i, (ingredient, qty, note)) in values.lines.iter().enumerate() {
                    div.recipe-line {
                        (ingredient_select(i, options, ingredient, errors.get(&format!("line-{i}-ingredient"))))
                        @let qty_key = format!("line-{i}-qty");
                        div.field.qty.invalid[errors.get(&qty_key).is_some()] {
                            label for=(format!("f-{qty_key}")) { "Quantité" }
                            input id=(format!("f-{qty_key}")) name="qty" value=(qty) inputmode="decimal";
                            @if let Some(e) = errors.get(&qty_key) { small.error { (e) } }
                        }
                        div.field {
                            label for=(format!("f-line-{i}-note")) { "Note" }
                            input id=(format!("f-line-{i}-note")) name="note" value=(note);
                        }
                    }
                }
                button.secondary type="submit" name="action" value="lignes" formnovalidate { "+ Ajouter des lignes" }
            }
            section.card { (form::textarea("method", "Méthode", &values.method, errors)) }
            (form::form_error(errors))
            div.actions {
                button type="submit" name="action" value="enregistrer" { "Enregistrer la recette" }
                a.button.secondary href=(base) { "Annuler" }
            }
        }
        @if v.edit {
            form method="post" action=(format!("{base}/recette/supprimer")) data-confirm="Supprimer cette recette ?" {
                (form::csrf(csrf)) button.danger type="submit" { "Supprimer la recette" }
            }
        }
    }
}
