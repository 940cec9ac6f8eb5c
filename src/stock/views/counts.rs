//! Physical counts: the list, the counting page (big inputs, natural units, variances as you
//! go), the review once closed, and a printable count sheet.

use maud::{Markup, html};

use super::{Visibility, subnav};
use crate::catalog::{UnitCost, format_unit_cost};
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::stock::Location;
use crate::stock::counts::{Count, CountLine, CountStatus, Severity, Typed};
use crate::ui::form;
use crate::ui::table;

fn status_badge(s: CountStatus) -> Markup {
    match s {
        CountStatus::Open => html! { span.badge { (s.label()) } },
        CountStatus::Validated => html! { span.badge.ok { (s.label()) } },
        CountStatus::Abandoned => html! { span.badge.off { (s.label()) } },
    }
}

pub fn list(
    v: Visibility,
    clock: &Clock,
    csrf: &str,
    locations: &[Location],
    counts: &[Count],
    errors: &FieldErrors,
) -> Markup {
    let mut places = vec![(String::new(), "—".to_string())];
    places.extend(locations.iter().map(|l| (l.id.to_string(), l.name.clone())));
    html! {
        (crate::ui::page_header("Inventaires", html! {}))
        (subnav("/stock/inventaires", v))
        @if v.edit {
            form.card.filters method="post" action="/stock/inventaires" #open-count {
                (form::csrf(csrf))
                (form::select("location_id", "Lieu à compter", &places, "", errors))
                button type="submit" { "Ouvrir un inventaire" }
            }
        }
        @if counts.is_empty() { (table::empty("Aucun inventaire.")) } @else {
            div.table-wrap { table #counts {
                thead { tr { th { "N°" } th { "Lieu" } th { "Ouvert le" } th { "Par" } th { "État" } } }
                tbody { @for c in counts { tr {
                    td { a href=(format!("/stock/inventaires/{}", c.id)) { (c.id) } }
                    td { (c.location) }
                    td { (crate::ui::datetime(clock, &c.opened_at)) }
                    td { (c.opened_by.clone().unwrap_or_default()) }
                    td { (status_badge(c.status)) }
                } } }
            } }
        }
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::None => "",
        Severity::Warn => "variance-warn",
        Severity::High => "variance-high",
    }
}

/// The count: inputs while open (for users who may edit), the variances as booked once validated.
pub fn page(
    v: Visibility,
    clock: &Clock,
    csrf: &str,
    c: &Count,
    lines: &[CountLine],
    typed: &Typed,
    errors: &FieldErrors,
) -> Markup {
    let open = c.status == CountStatus::Open && v.edit;
    let moved = lines.iter().filter(|l| l.moved_since_opening()).count();
    let counted = lines.iter().filter(|l| l.counted_qty.is_some()).count();
    let gap: crate::money::Money = lines.iter().filter_map(|l| l.variance_value_estimate()).sum();
    html! {
        (crate::ui::page_header(&format!("Inventaire n° {} — {}", c.id, c.location), html! {
            a.button.secondary href=(format!("/stock/inventaires/{}/feuille", c.id)) { "Feuille de comptage" }
        }))
        (subnav("/stock/inventaires", v))
        p { (status_badge(c.status)) " ouvert le " (crate::ui::datetime(clock, &c.opened_at))
            @if let Some(by) = &c.opened_by { " par " (by) }
            @if let Some(at) = &c.closed_at { " — clos le " (crate::ui::datetime(clock, at)) } }
        p.count-progress { strong { (counted) " / " (lines.len()) } " produits comptés"
            @if v.values {
                " — écart total : " strong { (gap) } " "
                a href=(format!("/stock/inventaires/{}?tri=valeur", c.id)) { "Trier par écart en valeur" }
                " · " a href=(format!("/stock/inventaires/{}", c.id)) { "par nom" }
            } }
        @if c.status == CountStatus::Open {
            p.muted { small {
                "Chaque écart se calcule sur le stock au moment où la ligne est comptée : ce qui sort pendant l'inventaire n'est ni un manque ni un surplus. "
                "Écart de 5 % à 10 % en orange, au-delà de 10 % en rouge. Une ligne vide n'est pas corrigée."
            } }
            @if moved > 0 { p.form-error { (moved) " produit(s) ont bougé depuis l'ouverture : vérifiez-les avant de valider." } }
        }
        form.stack method="post" action=(format!("/stock/inventaires/{}", c.id)) #count-form {
            (form::csrf(csrf))
            div.table-wrap { table #count-lines {
                thead { tr {
                    th { "Produit" } th.num { "Attendu" } th { "Compté" } th.num { "Écart" }
                    @if v.values { th.num { "Valeur de l'écart" } }
                } }
                tbody { @for l in lines {
                    tr class=(severity_class(l.severity())) {
                        td { (l.name) @if l.moved_since_opening() { " " span.badge { "a bougé" } } }
                        td.num { (l.unit.format(l.reference_qty())) }
                        td { (counted_cell(l, open, typed, errors)) }
                        td.num { (l.variance().map(|d| l.unit.format(d)).unwrap_or_default()) }
                        @if v.values { td.num { (l.variance_value_estimate().map(|m| m.to_string()).unwrap_or_default()) } }
                    }
                } }
            } }
            (form::form_error(errors))
            @if open {
                div.actions {
                    button type="submit" name="action" value="enregistrer" { "Enregistrer les quantités" }
                    button type="submit" name="action" value="valider" data-confirm="Valider l'inventaire ? Les écarts seront passés en stock et en comptabilité." { "Valider l'inventaire" }
                    button.danger type="submit" name="action" value="abandonner" formnovalidate data-confirm="Abandonner cet inventaire ? Rien ne sera corrigé." { "Abandonner" }
                }
            }
        }
    }
}

/// What was counted: the input while open (what was typed, else what was saved), with the unit
/// value of a surplus where no cost is known; the figure once closed.
fn counted_cell(l: &CountLine, open: bool, typed: &Typed, errors: &FieldErrors) -> Markup {
    if !open {
        return html! { (l.counted_qty.map(|q| l.unit.format(q)).unwrap_or_else(|| "non compté".into())) };
    }
    let key = format!("count-{}", l.product_id);
    let value = match typed.counted.iter().find(|(p, _)| *p == l.product_id) {
        Some((_, t)) => t.clone(),
        None => l.counted_qty.map(|q| l.unit.input_value(q)).unwrap_or_default(),
    };
    html! {
        div.field.count-input.invalid[errors.get(&key).is_some()] {
            input id=(format!("f-{key}")) name=(key) value=(value) inputmode="decimal" aria-label=(l.name) placeholder=(l.unit.display_name());
            @if let Some(e) = errors.get(&key) { small.error { (e) } }
        }
        @if !l.cost_known { (cost_input(l, typed, errors)) }
    }
}

fn amount_text(c: UnitCost, unit: crate::catalog::Unit) -> String {
    let text = format_unit_cost(c, unit);
    text.split(" DA/").next().unwrap_or(&text).to_string()
}

/// Beside the count of a product with no known cost: the unit value its surplus enters at,
/// proposed (recipe cost, else last PMP) until typed.
fn cost_input(l: &CountLine, typed: &Typed, errors: &FieldErrors) -> Markup {
    let key = format!("cost-{}", l.product_id);
    let value = match typed.costs.iter().find(|(p, _)| *p == l.product_id) {
        Some((_, t)) => t.clone(),
        // "10,00": the figure of "10,00 DA/pièce", which the field reads back.
        None => l.entry_cost.or(l.proposal).map(|c| amount_text(c, l.unit)).unwrap_or_default(),
    };
    let label = format!("Valeur unitaire (DA/{}) — aucun coût connu", l.unit.display_name());
    html! {
        div.field.count-input.invalid[errors.get(&key).is_some()] {
            label for=(format!("f-{key}")) { small { (label) } }
            input id=(format!("f-{key}")) name=(key) value=(value) inputmode="decimal";
            @if let Some(e) = errors.get(&key) { small.error { (e) } }
        }
    }
}

/// A printable count sheet: products and empty boxes, no expected quantities (blind count).
pub fn sheet(c: &Count, lines: &[CountLine], shop: &str) -> Markup {
    html! {
        div.sheet-page {
            div.sheet-head { h1 { "Inventaire n° " (c.id) " — " (c.location) } p { (shop) } }
            table.count-sheet {
                thead { tr { th { "Produit" } th { "Unité" } th { "Compté" } } }
                tbody { @for l in lines { tr { td { (l.name) } td { (l.unit.display_name()) } td.box {} } } }
            }
            p.no-print { button type="button" data-print="1" { "Imprimer" } }
        }
    }
}
