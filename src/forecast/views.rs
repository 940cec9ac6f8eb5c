//! The forecast page: the measured errors of both models, then per product the next 7 days.

use maud::{Markup, html};

use super::{Model, Run};
use crate::kpi::percent_text;
use crate::money::Qty;

fn wape(bp: Option<i64>) -> String {
    bp.map(percent_text).unwrap_or_else(|| "—".into())
}

fn errors(r: &Run, computed: &str) -> Markup {
    html! {
        section.card #forecast-error {
            h2 { "Erreur mesurée" }
            p.muted { "Calculée le " (computed) " sur les 8 dernières semaines : chaque jour prévu avec ce qui était connu la veille, comparé aux ventes réelles du comptoir. "
                "Erreur WAPE = Σ |réel − prévu| ÷ Σ réel, tous produits et jours confondus (le MAPE, jour par jour, explose sur les produits vendus à 0 à 3 pièces)." }
            div.table-wrap { table {
                thead { tr { th { "Modèle" } th.num { "Erreur (WAPE)" } } }
                tbody {
                    tr { td { (Model::Naive.label()) } td.num { (wape(r.naive_wape_bp)) } }
                    tr { td { (Model::Seasonal.label()) } td.num { (wape(r.seasonal_wape_bp)) } }
                }
            } }
            p { "Prévision retenue : " strong { (r.model.label()) } "."
                @if r.model == Model::Naive { " La moyenne pondérée ne fait pas mieux que la référence : elle n'est pas utilisée." } }
        }
    }
}

/// `2026-11-25` as `25/11`.
fn day_label(d: &str) -> String {
    if d.len() == 10 { format!("{}/{}", &d[8..10], &d[5..7]) } else { d.to_string() }
}

/// The page; `run` with its computation time as the shop reads it.
pub fn page(run: Option<(&Run, String)>, rows: &[(String, String, i64, i64)]) -> Markup {
    let mut days: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    days.sort_unstable();
    days.dedup();
    let mut products: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    products.dedup();
    let cell = |p: &str, d: &str| rows.iter().find(|r| r.1 == p && r.0 == d).map(|r| Qty::from_milli(r.2).to_string());
    html! {
        h1 { "Prévision des ventes au comptoir" }
        @match run {
            None => p.muted #forecast-none { "Aucune prévision n'a encore été calculée : le serveur la calcule chaque nuit à "
                (crate::system::nightly::FORECAST_HOUR) " h, et à son démarrage." },
            Some((r, computed)) => {
                (errors(r, &computed))
                section.card #forecast {
                    h2 { "Les 7 prochains jours" }
                    @if products.is_empty() { p.muted { "Aucune vente au comptoir dans l'historique : rien à prévoir." } }
                    @else {
                        div.table-wrap { table {
                            thead { tr { th { "Produit" } @for d in &days { th.num { (day_label(d)) } } } }
                            tbody { @for p in &products {
                                tr { td { (p) } @for d in &days { td.num { (cell(p, d).unwrap_or_default()) } } }
                            } }
                        } }
                    }
                }
            }
        }
        p { a href="/rapports" { "← Rapports" } }
    }
}
