//! Transfers and adjustments: a form of repeated (product, quantity) rows ("+ Ajouter des
//! lignes" re-renders with more rows, no JavaScript), and the list of past documents.

use maud::{Markup, html};

use super::{Visibility, subnav};
use crate::catalog::Product;
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::stock::Location;
use crate::stock::{Document, DocumentKind, Reason};
use crate::ui::form::{self, Input};
use crate::ui::table;

/// A transfer or adjustment form as typed.
#[derive(Debug, Clone, Default)]
pub struct DocValues {
    pub from: String,
    pub to: String,
    pub location: String,
    pub reason: String,
    pub note: String,
    /// One-time token: a double submit records one document.
    pub token: String,
    /// (product id, quantity) as typed.
    pub lines: Vec<(String, String)>,
    /// The unit value typed beside each line (adjustments only; used where no cost is known).
    pub costs: Vec<String>,
}

/// The rows; `with_cost` adds the unit value of a surplus beside each (adjustments).
fn lines_editor(
    values: &DocValues,
    products: &[Product],
    errors: &FieldErrors,
    qty_help: &str,
    with_cost: bool,
) -> Markup {
    html! {
        section.card #lines {
            h2 { "Produits" }
            p.muted { small { (qty_help) } }
            @if let Some(e) = errors.get("lines") { p.form-error { (e) } }
            @for (i, (product, qty)) in values.lines.iter().enumerate() {
                div.stock-line {
                    @let pkey = format!("line-{i}-product");
                    div.field.invalid[errors.get(&pkey).is_some()] {
                        label for=(format!("f-{pkey}")) { "Produit" }
                        select id=(format!("f-{pkey}")) name="product" {
                            option value="" { "—" }
                            @for p in products {
                                option value=(p.id) selected[p.id.to_string() == *product] { (p.name) " (" (p.unit.display_name()) ")" }
                            }
                        }
                        @if let Some(e) = errors.get(&pkey) { small.error { (e) } }
                    }
                    @let qkey = format!("line-{i}-qty");
                    div.field.qty.invalid[errors.get(&qkey).is_some()] {
                        label for=(format!("f-{qkey}")) { "Quantité" }
                        input id=(format!("f-{qkey}")) name="qty" value=(qty) inputmode="decimal";
                        @if let Some(e) = errors.get(&qkey) { small.error { (e) } }
                    }
                    @if with_cost {
                        @let ckey = format!("line-{i}-cost");
                        div.field.qty.invalid[errors.get(&ckey).is_some()] {
                            label for=(format!("f-{ckey}")) { "Valeur unitaire (DA)" }
                            input id=(format!("f-{ckey}")) name="cost" value=(values.costs.get(i).map(String::as_str).unwrap_or(""))
                                inputmode="decimal" placeholder="si aucun coût connu";
                            @if let Some(e) = errors.get(&ckey) { small.error { (e) } }
                        }
                    }
                }
            }
            button.secondary type="submit" name="action" value="lignes" formnovalidate { "+ Ajouter des lignes" }
        }
    }
}

fn place_options(locations: &[Location]) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "—".to_string())];
    out.extend(locations.iter().map(|l| (l.id.to_string(), l.name.clone())));
    out
}

fn doc_lines(v: Visibility, d: &Document, negate: bool) -> Markup {
    html! {
        ul.doc-lines {
            @for l in &d.lines {
                li {
                    (l.unit.format(if negate { -l.qty } else { l.qty })) " " (l.product)
                    @if v.values { " — " (if negate { -l.value } else { l.value }) }
                }
            }
        }
    }
}

/// What a document page offers: the places, the products that can be moved, and past documents.
#[derive(Debug, Clone, Default)]
pub struct DocumentChoices {
    pub locations: Vec<Location>,
    pub products: Vec<Product>,
    pub past: Vec<Document>,
}

pub fn title(which: DocumentKind) -> &'static str {
    match which {
        DocumentKind::Transfer => "Transferts",
        DocumentKind::Adjustment => "Pertes et corrections",
    }
}

/// The page of transfers (`/stock/transferts`) or of losses and corrections (`/stock/pertes`):
/// the form, then the documents already recorded.
pub fn document_page(
    which: DocumentKind,
    v: Visibility,
    clock: &Clock,
    csrf: &str,
    values: &DocValues,
    choices: &DocumentChoices,
    errors: &FieldErrors,
) -> Markup {
    let (path, form_id, submit, past_title) = match which {
        DocumentKind::Transfer => ("/stock/transferts", "transfer-form", "Transférer", "Transferts passés"),
        DocumentKind::Adjustment => ("/stock/pertes", "adjust-form", "Enregistrer", "Pertes et corrections passées"),
    };
    let places = place_options(&choices.locations);
    html! {
        (crate::ui::page_header(title(which), html! {}))
        (subnav(path, v))
        form.stack method="post" action=(path) #(form_id) {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(values.token);
            section.card { div.row {
                (head_fields(which, values, &places, errors))
                (Input::new("note", "Note", &values.note).render(errors))
            } }
            (lines_editor(values, &choices.products, errors, qty_help(which), which == DocumentKind::Adjustment))
            (form::form_error(errors))
            div.actions { button type="submit" name="action" value="enregistrer" { (submit) } }
        }
        h2 { (past_title) }
        @match which {
            DocumentKind::Transfer => (past_transfers(v, clock, &choices.past)),
            DocumentKind::Adjustment => (past_adjustments(v, clock, &choices.past)),
        }
    }
}

/// Where from and where to (a transfer), or where and why (an adjustment).
fn head_fields(which: DocumentKind, values: &DocValues, places: &[(String, String)], errors: &FieldErrors) -> Markup {
    match which {
        DocumentKind::Transfer => html! {
            (form::select("from", "De", places, &values.from, errors))
            (form::select("to", "Vers", places, &values.to, errors))
        },
        DocumentKind::Adjustment => {
            let reasons: Vec<(String, String)> =
                Reason::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect();
            html! {
                (form::select("location", "Lieu", places, &values.location, errors))
                (form::select("reason", "Motif", &reasons, &values.reason, errors))
            }
        }
    }
}

fn qty_help(which: DocumentKind) -> &'static str {
    match which {
        DocumentKind::Transfer => "Quantités en g, kg, ml, L ou pièces : 25 kg, 3 pièces. Tout passe, ou rien.",
        DocumentKind::Adjustment => {
            "Casse, périmé, perte : la quantité sortie, sans signe (2 kg). Correction : + pour un surplus, − pour un manque (−3 pièces). Valorisé au PMP ; un surplus d'un produit sans coût connu (rien en stock, pas de coût de référence) demande sa valeur unitaire, par kg, L ou pièce."
        }
    }
}

fn past_transfers(v: Visibility, clock: &Clock, past: &[Document]) -> Markup {
    html! {
        @if past.is_empty() { (table::empty("Aucun transfert.")) } @else {
            div.table-wrap { table #transfers {
                thead { tr { th { "N°" } th { "Date" } th { "De" } th { "Vers" } th { "Produits" } th { "Par" } } }
                tbody { @for d in past { tr {
                    td { (d.id) } td { (crate::ui::datetime(clock, &d.at)) }
                    td { (d.from.clone().unwrap_or_default()) } td { (d.to.clone().unwrap_or_default()) }
                    td { (doc_lines(v, d, true)) @if !d.note.is_empty() { small.muted { (d.note) } } }
                    td { (d.user.clone().unwrap_or_default()) }
                } } }
            } }
        }
    }
}

fn past_adjustments(v: Visibility, clock: &Clock, past: &[Document]) -> Markup {
    html! {
        @if past.is_empty() { (table::empty("Aucune perte ni correction.")) } @else {
            div.table-wrap { table #adjustments {
                thead { tr { th { "N°" } th { "Date" } th { "Lieu" } th { "Motif" } th { "Produits" } th { "Par" }
                    @if v.values { th.num { "Valeur" } } } }
                tbody { @for d in past { tr {
                    td { (d.id) } td { (crate::ui::datetime(clock, &d.at)) }
                    td { (d.from.clone().unwrap_or_default()) }
                    td { (Reason::from_code(&d.reason).map(|r| r.label()).unwrap_or(&d.reason)) }
                    td { (doc_lines(v, d, false)) @if !d.note.is_empty() { small.muted { (d.note) } } }
                    td { (d.user.clone().unwrap_or_default()) }
                    @if v.values { td.num { (d.lines.iter().map(|l| l.value).sum::<crate::money::Money>()) } }
                } } }
            } }
        }
    }
}
