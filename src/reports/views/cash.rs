//! The report's cash and waste sections: each a chart and the table of its numbers.

use maud::{Markup, html};

use super::charts;
use crate::kpi::{percent_text, ratio_bp};
use crate::money::{Money, Qty};
use crate::reports::Report;

fn m(c: i64) -> Money {
    Money::from_cents(c)
}

/// `2026-11-24` as `24/11`.
fn day_label(d: &str) -> String {
    if d.len() == 10 { format!("{}/{}", &d[8..10], &d[5..7]) } else { d.to_string() }
}

fn receipts(r: &Report) -> Markup {
    let rows: Vec<(String, i64)> =
        r.receipts.iter().map(|(code, a)| (crate::kpi::method_label(code).to_string(), a.cents())).collect();
    let total: Money = r.receipts.iter().map(|x| x.1).sum();
    html! {
        h3 { "Encaissé, par moyen de paiement" }
        @if rows.is_empty() { p.muted { "Aucun encaissement sur la période." } }
        @else {
            (charts::hbars("Encaissements par moyen de paiement", &rows))
            div.table-wrap { table {
                thead { tr { th { "Moyen" } th.num { "Encaissé" } } }
                tbody { @for (label, a) in &rows { tr { td { (label) } td.num { (m(*a)) } } } }
                tfoot { tr { th { "Total" } th.num { (total) } } }
            } }
        }
    }
}

fn deposits(r: &Report) -> Markup {
    let series: Vec<(String, i64)> = r.deposits.iter().map(|(d, a, b)| (day_label(d), (*a + *b).cents())).collect();
    html! {
        h3 { "Versé en banque" }
        @if series.is_empty() { p.muted { "Aucun versement en banque sur la période." } }
        @else {
            (charts::bars("Versements en banque par jour", &series))
            div.table-wrap { table {
                thead { tr { th { "Jour" } th.num { "Depuis un tiroir" } th.num { "Remises de fin de caisse" } th.num { "Total" } } }
                tbody { @for (d, drawer, transit) in &r.deposits {
                    tr { td { (day_label(d)) } td.num { (drawer) } td.num { (transit) } td.num { (*drawer + *transit) } }
                } }
            } }
        }
    }
}

fn variances(r: &Report) -> Markup {
    html! {
        h3 { "Écarts par caisse fermée" }
        @if r.variances.is_empty() { p.muted { "Aucune caisse fermée sur la période." } }
        @else {
            div.table-wrap { table {
                thead { tr { th { "Jour" } th { "Caisse" } th { "Fermée par" } th.num { "Attendu" } th.num { "Compté" } th.num { "Écart" } } }
                tbody { @for v in &r.variances {
                    tr { td { (day_label(&v.day)) } td { a href=(format!("/caisse/sessions/{}", v.shift_id)) { (v.till) " n° " (v.shift_id) } }
                         td { (v.closed_by) } td.num { (v.expected) } td.num { (v.counted) }
                         td.num.late[v.variance.cents() < 0] { (v.variance) } }
                } }
            } }
        }
    }
}

/// Cash: received by method, carried to the bank, the drawers' variances.
pub fn cash(r: &Report) -> Markup {
    html! {
        section.card #cash {
            h2 { "Caisse" }
            p.muted { "L'argent reçu n'est pas le chiffre d'affaires : un acompte est encaissé avant la remise de sa commande." }
            (receipts(r)) (deposits(r)) (variances(r))
        }
    }
}

/// Waste: by day and by product, at the cost frozen when declared, against the cost of goods.
pub fn waste(r: &Report) -> Markup {
    let days: Vec<(String, i64)> = r.waste_days.iter().map(|(d, v)| (day_label(d), *v)).collect();
    let top: Vec<(String, i64)> = r.waste_products.iter().take(10).map(|w| (w.name.clone(), w.value)).collect();
    html! {
        section.card #waste {
            h2 { "Pertes" }
            p.muted { "Pertes déclarées et retours jetés, au coût figé le jour de leur déclaration ; le taux est rapporté au coût des ventes du même produit." }
            @if r.waste_products.is_empty() { p.muted { "Aucune perte sur la période." } }
            @else {
                (charts::bars("Pertes par jour", &days))
                (charts::hbars("Les 10 produits aux pertes les plus coûteuses", &top))
                div.table-wrap { table {
                    thead { tr { th { "Produit" } th.num { "Quantité" } th.num { "Valeur" } th.num { "Coût des ventes" } th.num { "Pertes / coût des ventes" } } }
                    tbody { @for w in &r.waste_products {
                        tr { td { (w.name) } td.num { (Qty::from_milli(w.qty)) } td.num { (m(w.value)) } td.num { (m(w.cost_of_goods)) }
                             td.num { (ratio_bp(w.value, w.cost_of_goods).map(percent_text).unwrap_or_else(|| "—".into())) } }
                    } }
                } }
                details { summary { "Par jour" }
                    div.table-wrap { table {
                        thead { tr { th { "Jour" } th.num { "Valeur" } } }
                        tbody { @for (d, v) in &r.waste_days { tr { td { (day_label(d)) } td.num { (m(*v)) } } } }
                    } }
                }
            }
        }
    }
}
