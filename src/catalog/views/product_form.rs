//! The product form (new and edit).

use maud::{Markup, html};

use super::{Visibility, subnav};
use crate::catalog::{Allergen, Category, Kind, Unit};
use crate::error::FieldErrors;
use crate::stock::Location;
use crate::ui::form::{self, Input};

/// The form as typed: strings, so bad input comes back exactly as typed.
#[derive(Debug, Clone, Default)]
pub struct ProductValues {
    pub name: String,
    pub reference: String,
    pub kind: String,
    pub category_id: String,
    pub unit: String,
    pub sale_price: String,
    pub ref_cost: String,
    pub allergens: Vec<String>,
    pub track_stock: bool,
    pub description: String,
    /// (location id, quantity as typed)
    pub thresholds: Vec<(i64, String)>,
    /// Where purchases are received: a location id, or empty for the first suitable place.
    pub receive_location_id: String,
}

pub fn form(
    csrf: &str,
    v: Visibility,
    id: Option<i64>,
    values: &ProductValues,
    categories: &[Category],
    locations: &[Location],
    errors: &FieldErrors,
) -> Markup {
    let action = match id {
        Some(id) => format!("/catalogue/produits/{id}"),
        None => "/catalogue/produits/nouveau".to_string(),
    };
    let title = if id.is_some() { "Modifier le produit" } else { "Nouveau produit" };
    html! {
        h1 { (title) }
        (subnav("/catalogue/produits", v))
        form.stack method="post" action=(action) #product-form {
            (form::csrf(csrf))
            (identity_card(values, categories, errors))
            (price_card(v, values, errors))
            (allergens_card(values, errors))
            (stock_card(values, locations, errors))
            section.card {
                (form::textarea("description", "Description", &values.description, errors))
            }
            (form::form_error(errors))
            div.actions {
                button type="submit" { "Enregistrer" }
                a.button.secondary href=(id.map(|i| format!("/catalogue/produits/{i}")).unwrap_or_else(|| "/catalogue/produits".into())) { "Annuler" }
            }
        }
    }
}

/// Name, reference, type, category and unit.
fn identity_card(values: &ProductValues, categories: &[Category], errors: &FieldErrors) -> Markup {
    let kinds: Vec<(String, String)> =
        Kind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect();
    let units: Vec<(String, String)> =
        Unit::ALL.iter().map(|u| (u.code().to_string(), u.label().to_string())).collect();
    let mut cats = vec![(String::new(), "— aucune —".to_string())];
    cats.extend(categories.iter().map(|c| (c.id.to_string(), c.name.clone())));
    html! {
        section.card {
            div.row {
                (Input::new("name", "Nom", &values.name).required().render(errors))
                (Input::new("reference", "Référence", &values.reference).help("Code interne facultatif, unique").render(errors))
            }
            div.row {
                (form::select("kind", "Type", &kinds, &values.kind, errors))
                (form::select("category_id", "Catégorie", &cats, &values.category_id, errors))
                (form::select("unit", "Se compte", &units, &values.unit, errors))
            }
            p.muted { small { "Ingrédient : acheté, utilisé par les recettes. Semi-fini : fait par une recette, utilisé par d'autres (pâte, crème). "
                "Produit fini : fait par une recette et vendu. Revente : acheté et vendu tel quel (boissons). Consommable : boîtes, plateaux, sacs." } }
        }
    }
}

/// The sale price and the reference cost, each shown only to who may see it.
fn price_card(v: Visibility, values: &ProductValues, errors: &FieldErrors) -> Markup {
    let per = Unit::from_code(&values.unit).unwrap_or(Unit::Piece).display_name();
    html! {
        section.card {
            h2 { "Prix et coût" }
            div.row {
                @if v.prices {
                    (Input::new("sale_price", &format!("Prix de vente (DA par {per})"), &values.sale_price).inputmode("decimal").help("Produits finis et revente seulement").render(errors))
                }
                @if v.costs {
                    (Input::new("ref_cost", &format!("Coût de référence (DA par {per})"), &values.ref_cost).inputmode("decimal").help("Utilisé tant que le stock n'a pas de PMP ; 4 décimales au plus").render(errors))
                }
            }
        }
    }
}

fn allergens_card(values: &ProductValues, errors: &FieldErrors) -> Markup {
    html! {
        section.card {
            h2 { "Allergènes" }
            p.muted { small { "Pour les ingrédients et la revente. Ceux des produits faits par une recette viennent de leurs ingrédients." } }
            div.checks {
                @for a in Allergen::ALL {
                    (form::checkbox("allergen", a.code(), a.label(), values.allergens.iter().any(|x| x == a.code()), false))
                }
            }
            @if let Some(e) = errors.get("allergens") { small.error { (e) } }
        }
    }
}

/// Whether stock is tracked, and a minimum per place (`seuil_<location id>`).
fn stock_card(values: &ProductValues, locations: &[Location], errors: &FieldErrors) -> Markup {
    html! {
        section.card {
            h2 { "Stock" }
            (form::checkbox("track_stock", "1", "Stock suivi (décompté à chaque vente et production)", values.track_stock, false))
            div.row {
                @for l in locations {
                    @let name = format!("seuil_{}", l.id);
                    @let value = values.thresholds.iter().find(|(id, _)| *id == l.id).map(|(_, t)| t.clone()).unwrap_or_default();
                    (Input::new(&name, &format!("Seuil minimum — {}", l.name), &value).help("Vide : pas d'alerte").render(errors))
                }
            }
            @if let Some(e) = errors.get("thresholds") { small.error { (e) } }
            @let first = (String::new(), "Le premier lieu qui convient".to_string());
            @let places: Vec<(String, String)> = std::iter::once(first).chain(locations.iter().map(|l| (l.id.to_string(), l.name.clone()))).collect();
            (form::select("receive_location_id", "Reçu à la livraison en", &places, &values.receive_location_id, errors))
        }
    }
}
