//! Categories: name, order, colour, visible at the till.

use maud::{Markup, html};

use super::{Visibility, subnav};
use crate::catalog::Category;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};

#[derive(Debug, Clone, Default)]
pub struct CategoryValues {
    pub name: String,
    pub position: String,
    pub color: String,
    pub at_till: bool,
    pub tva_class: String,
}

impl CategoryValues {
    pub fn of(c: &Category) -> CategoryValues {
        CategoryValues {
            name: c.name.clone(),
            position: c.position.to_string(),
            color: c.color.clone(),
            at_till: c.at_till,
            tva_class: c.tva_class.clone(),
        }
    }
}

/// A colour chip: an SVG fill, since the CSP forbids inline styles.
pub fn swatch(color: &str) -> Markup {
    html! { svg.swatch width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" { rect width="16" height="16" rx="4" fill=(color) {} } }
}

fn fields(v: &CategoryValues, errors: &FieldErrors) -> Markup {
    html! {
        (Input::new("name", "Nom", &v.name).required().render(errors))
        (Input::new("position", "Ordre", &v.position).kind("number").inputmode("numeric").help("Les petits numéros d'abord").render(errors))
        (Input::new("color", "Couleur", &v.color).kind("color").render(errors))
        (form::checkbox("at_till", "1", "Visible à la caisse", v.at_till, false))
        (form::select("tva_class", "TVA (régime réel)", &tva_classes(), &v.tva_class, errors))
    }
}

/// The three TVA classes as the select offers them.
fn tva_classes() -> Vec<(String, String)> {
    crate::tax::TvaClass::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect()
}

pub fn list(csrf: &str, v: Visibility, categories: &[Category], new: &CategoryValues, errors: &FieldErrors) -> Markup {
    html! {
        h1 { "Catégories" }
        (subnav("/catalogue/categories", v))
        div.row {
            div.table-wrap {
                table #categories {
                    thead { tr { th { "Ordre" } th { "Catégorie" } th { "À la caisse" } th { "TVA" } th.num { "Produits" } } }
                    tbody {
                        @for c in categories {
                            tr {
                                td { (c.position) }
                                td { (swatch(&c.color)) " " a href=(format!("/catalogue/categories/{}", c.id)) { (c.name) } }
                                td { @if c.at_till { "oui" } @else { span.muted { "non" } } }
                                td { (crate::tax::TvaClass::from_code(&c.tva_class).map_or("", |t| t.label())) }
                                td.num { a href=(format!("/catalogue/produits?categorie={}", c.id)) { (c.products) } }
                            }
                        }
                    }
                }
            }
            section.card {
                h2 { "Nouvelle catégorie" }
                form.stack method="post" action="/catalogue/categories" {
                    (form::csrf(csrf))
                    (fields(new, errors))
                    (form::form_error(errors))
                    button type="submit" { "Créer" }
                }
            }
        }
    }
}

pub fn edit(csrf: &str, v: Visibility, c: &Category, values: &CategoryValues, errors: &FieldErrors) -> Markup {
    html! {
        h1 { "Catégorie « " (c.name) " »" }
        (subnav("/catalogue/categories", v))
        section.card.narrow {
            form.stack method="post" action=(format!("/catalogue/categories/{}", c.id)) {
                (form::csrf(csrf))
                (fields(values, errors))
                (form::form_error(errors))
                div.actions { button type="submit" { "Enregistrer" } a.button.secondary href="/catalogue/categories" { "Annuler" } }
            }
            @if c.products == 0 {
                form method="post" action=(format!("/catalogue/categories/{}/supprimer", c.id)) data-confirm="Supprimer cette catégorie ?" {
                    (form::csrf(csrf)) button.danger type="submit" { "Supprimer" }
                }
            } @else {
                p.muted { (c.products) " produit(s) dans cette catégorie : elle ne peut pas être supprimée." }
            }
        }
    }
}
