//! The report's sections: each a chart and the table of its numbers.

use maud::{Markup, html};

use super::charts::{self, WEEKDAYS};
use crate::home::views::board::delta;
use crate::kpi::{percent_text, ratio_bp};
use crate::money::{Money, Qty};
use crate::reports::Report;

fn m(c: i64) -> Money {
    Money::from_cents(c)
}

fn rate(part: i64, whole: i64) -> String {
    ratio_bp(part, whole).map(percent_text).unwrap_or_else(|| "—".into())
}

/// A bucket's label: `24/11`, `sem. 23/11`, `11/2026`.
fn bucket_label(grain: &str, b: &str) -> String {
    match (grain, b.len()) {
        ("mois", 7) => format!("{}/{}", &b[5..7], &b[..4]),
        ("semaine", 10) => format!("sem. {}/{}", &b[8..10], &b[5..7]),
        (_, 10) => format!("{}/{}", &b[8..10], &b[5..7]),
        _ => b.to_string(),
    }
}

pub fn trend(r: &Report) -> Markup {
    let by = match r.grain {
        "mois" => "par mois",
        "semaine" => "par semaine",
        _ => "par jour",
    };
    let series: Vec<(String, i64)> = r.trend.iter().map(|(b, rev, _)| (bucket_label(r.grain, b), *rev)).collect();
    html! {
        section.card #trend {
            h2 { "Chiffre d'affaires " (by) }
            @if series.is_empty() { p.muted { "Aucune vente sur la période." } }
            @else {
                (charts::bars(&format!("Chiffre d'affaires {by}"), &series))
                details { summary { "Les chiffres" }
                    div.table-wrap { table {
                        thead { tr { th { "Période" } th.num { "CA" } th.num { "Coût des ventes" } th.num { "Marge" } th.num { "Taux" } } }
                        tbody { @for (b, rev, cost) in &r.trend {
                            tr { td { (bucket_label(r.grain, b)) } td.num { (m(*rev)) } td.num { (m(*cost)) }
                                 td.num { (m(rev - cost)) } td.num { (rate(rev - cost, *rev)) } }
                        } }
                    } }
                }
            }
        }
    }
}

pub fn heat(r: &Report) -> Markup {
    let used: Vec<usize> = (0..24).filter(|h| r.heat.iter().any(|row| row[*h] != (0, 0))).collect();
    let (first, last) = (used.first().copied().unwrap_or(6), used.last().copied().unwrap_or(20));
    html! {
        section.card #heatmap {
            h2 { "Ventes par heure et jour de la semaine" }
            @if used.is_empty() { p.muted { "Aucune vente sur la période." } }
            @else {
                (charts::heatmap("Chiffre d'affaires par heure et jour", &r.heat, first..=last))
                details { summary { "Les chiffres (CA, tickets)" }
                    div.table-wrap { table.heat {
                        thead { tr { th { "Heure" } @for d in WEEKDAYS { th { (d) } } } }
                        tbody { @for h in first..=last {
                            tr { th scope="row" { (h) " h" }
                                @for row in &r.heat { td { @if row[h].1 > 0 || row[h].0 != 0 { (m(row[h].0)) br; small.muted { (row[h].1) " t." } } } } }
                        } }
                    } }
                }
            }
        }
    }
}

pub fn products(r: &Report) -> Markup {
    let top: Vec<(String, i64)> = r.products.iter().take(10).map(|p| (p.name.clone(), p.revenue)).collect();
    let bottom: Vec<_> = r.products.iter().rev().take(5).collect();
    html! {
        section.card #products {
            h2 { "Produits : les meilleurs, les moins vendus, la marge" }
            @if r.products.is_empty() { p.muted { "Aucun produit vendu sur la période." } }
            @else {
                (charts::hbars("Les 10 produits au meilleur chiffre d'affaires", &top))
                @if r.products.len() > 10 {
                    p { "Les moins vendus : " @for (i, p) in bottom.iter().enumerate() { @if i > 0 { ", " } (p.name) " (" (m(p.revenue)) ")" } }
                }
                div.table-wrap { table {
                    thead { tr { th { "Produit" } th { "Catégorie" } th.num { "Quantité" } th.num { "CA" } th.num { "Marge" }
                                 th.num { "Taux" } th.num { "Évolution" } } }
                    tbody { @for p in &r.products {
                        tr { td { (p.name) } td { (p.category) } td.num { (Qty::from_milli(p.qty)) } td.num { (m(p.revenue)) }
                             td.num { (m(p.revenue - p.cost)) } td.num { (rate(p.revenue - p.cost, p.revenue)) }
                             td.num { (delta(p.revenue, p.before)) } }
                    } }
                } }
            }
        }
    }
}

pub fn categories(r: &Report) -> Markup {
    let rows: Vec<(String, i64)> = r.categories.iter().map(|c| (c.0.clone(), c.1)).collect();
    html! {
        section.card #categories {
            h2 { "Catégories" }
            @if rows.is_empty() { p.muted { "Aucune vente sur la période." } }
            @else {
                (charts::hbars("Chiffre d'affaires par catégorie", &rows))
                div.table-wrap { table {
                    thead { tr { th { "Catégorie" } th.num { "CA" } th.num { "Marge" } th.num { "Taux" } th.num { "Évolution" } } }
                    tbody { @for (name, rev, cost, before) in &r.categories {
                        tr { td { (name) } td.num { (m(*rev)) } td.num { (m(rev - cost)) } td.num { (rate(rev - cost, *rev)) }
                             td.num { (delta(*rev, *before)) } }
                    } }
                } }
            }
        }
    }
}

pub fn sellers(r: &Report) -> Markup {
    let rows: Vec<(String, i64)> = r.sellers.iter().map(|s| (format!("{} ({})", s.0, s.1), s.3)).collect();
    html! {
        section.card #sellers {
            h2 { "Par vendeuse" }
            p.muted { "Tickets au comptoir et commandes remises, à qui les a faits ; un avoir compte contre la vendeuse du ticket." }
            @if rows.is_empty() { p.muted { "Aucune vente sur la période." } }
            @else {
                (charts::hbars("Chiffre d'affaires par vendeuse", &rows))
                div.table-wrap { table {
                    thead { tr { th { "Vendeuse" } th { "Canal" } th.num { "Tickets ou commandes" } th.num { "CA" } th.num { "Panier moyen" } } }
                    tbody { @for (name, channel, n, rev) in &r.sellers {
                        tr { td { (name) } td { (channel) } td.num { (n) } td.num { (m(*rev)) }
                             td.num { @if *n > 0 { (m(crate::kpi::ops::div_round(*rev, *n))) } @else { "—" } } }
                    } }
                } }
            }
        }
    }
}
