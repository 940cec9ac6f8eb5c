//! The production page: the "Produire" form and the latest productions. Quantities only: the
//! production role never sees a price or a cost.

use maud::{Markup, html};

use super::ops::TransferOffer;
use super::{Production, TypedProduction};
use crate::catalog::Product;
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::stock::Location;
use crate::ui::form::{self, Input};
use crate::ui::table;

/// The form as typed.
#[derive(Debug, Clone, Default)]
pub struct ProductionValues {
    pub product: String,
    pub qty: String,
    pub location: String,
    pub note: String,
    pub token: String,
}

impl ProductionValues {
    /// As typed, for the operations.
    pub fn typed(&self) -> TypedProduction {
        TypedProduction {
            product: self.product.clone(),
            qty: self.qty.clone(),
            location: self.location.clone(),
            note: self.note.clone(),
            token: None,
        }
    }
}

/// What the page lists.
pub struct Lists<'a> {
    pub products: &'a [Product],
    pub locations: &'a [Location],
    pub past: &'a [Production],
}

/// The transfer a refusal offers: a one-tap form for who may transfer, what to ask for otherwise.
pub struct Offer {
    pub offer: TransferOffer,
    pub may_transfer: bool,
    pub token: String,
}

pub fn page(
    clock: &Clock,
    csrf: &str,
    values: &ProductionValues,
    lists: &Lists,
    offer: Option<&Offer>,
    errors: &FieldErrors,
) -> Markup {
    let (products, locations, past) = (lists.products, lists.locations, lists.past);
    let mut product_options = vec![(String::new(), "—".to_string())];
    product_options.extend(
        products
            .iter()
            .map(|p| (p.id.to_string(), format!("{} ({}, {})", p.name, p.kind.label(), p.unit.display_name()))),
    );
    let mut places = vec![(String::new(), "—".to_string())];
    places.extend(
        locations
            .iter()
            .filter(|l| l.kind == "comptoir" || l.kind == "labo")
            .map(|l| (l.id.to_string(), l.name.clone())),
    );
    html! {
        (crate::ui::page_header("Production", html! {}))
        form.stack method="post" action="/production" #production-form {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(values.token);
            section.card {
                h2 { "Produire" }
                p.muted { small { "Les ingrédients de la recette sortent du labo ; le produit entre au comptoir (produit fini) ou au labo (semi-fini)." } }
                div.row {
                    (form::select("product_id", "Produit", &product_options, &values.product, errors))
                    (Input::new("qty", "Quantité", &values.qty).inputmode("decimal").help("24 pièces, 5 kg…").render(errors))
                    (form::select("location_id", "Destination", &places, &values.location, errors))
                    (Input::new("note", "Note", &values.note).render(errors))
                }
            }
            (form::form_error(errors))
            div.actions { button type="submit" { "Produire" } }
        }
        @if let Some(o) = offer { (transfer_offer(csrf, values, o)) }
        h2 { "Productions récentes" }
        @if past.is_empty() { (table::empty("Aucune production.")) } @else {
            div.table-wrap { table #productions {
                thead { tr { th { "N°" } th { "Date" } th { "Produit" } th.num { "Quantité" } th { "Destination" } th { "Par" } th {} } }
                tbody { @for p in past { tr {
                    td { (p.id) } td { (crate::ui::datetime(clock, &p.at)) }
                    td { a href=(format!("/stock/produits/{}", p.product_id)) { (p.product) }
                        @if !p.note.is_empty() { " " small.muted { (p.note) } } }
                    td.num { (p.unit.format(p.qty)) } td { (p.location) } td { (p.user.clone().unwrap_or_default()) }
                    td { @if p.cancelled { span.badge.off { "annulée" } } @else { (cancel_form(csrf, p)) } }
                } } }
            } }
        }
    }
}

/// "Annuler": takes the production back (refused with the reason once its output left).
fn cancel_form(csrf: &str, p: &Production) -> Markup {
    let confirm = format!(
        "Annuler la production n° {} ({} {}) ? Les ingrédients reviennent en stock.",
        p.id,
        p.unit.format(p.qty),
        p.product
    );
    html! {
        form method="post" action=(format!("/production/{}/annuler", p.id)) data-confirm=(confirm) {
            (form::csrf(csrf))
            button.secondary.small type="submit" { "Annuler" }
        }
    }
}

/// After a refusal: what to move from the store room for the production to go through.
fn transfer_offer(csrf: &str, values: &ProductionValues, o: &Offer) -> Markup {
    let t = &o.offer;
    let route = format!("de « {} » vers « {} »", t.from.name, t.to.name);
    html! {
        section.card {
            @if o.may_transfer {
                form method="post" action="/production/transfert" #transfer-offer {
                    (form::csrf(csrf))
                    input type="hidden" name="from" value=(t.from.id);
                    input type="hidden" name="to" value=(t.to.id);
                    @for (p, q) in &t.lines { input type="hidden" name="line" value=(format!("{}:{}", p.id, q.milli())); }
                    input type="hidden" name="token" value=(o.token);
                    input type="hidden" name="product_id" value=(values.product);
                    input type="hidden" name="qty" value=(values.qty);
                    input type="hidden" name="location_id" value=(values.location);
                    input type="hidden" name="note" value=(values.note);
                    button type="submit" { "Transférer " (t.what()) " " (route) }
                }
            } @else {
                p { "Demandez un transfert de " (t.what()) " " (route) " : votre rôle ne peut pas transférer." }
            }
        }
    }
}
