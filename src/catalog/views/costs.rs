//! Margins of every sold product, and what changed when a cost moved.

use maud::{Markup, html};

use super::{Visibility, kind_badge, subnav};
use crate::catalog::cost::Margin;
use crate::catalog::store::CostChange;
use crate::catalog::{Product, format_unit_cost};
use crate::clock::Clock;
use crate::money::Money;
use crate::ui::{datetime, table};

pub fn margins(v: Visibility, rows: &[(Product, Money, Result<Margin, String>)]) -> Markup {
    let losing = rows.iter().filter(|(_, _, m)| m.as_ref().is_ok_and(|m| m.below_cost())).count();
    html! {
        h1 { "Marges" }
        (subnav("/catalogue/marges", v))
        @if losing > 0 { p.form-error { (losing) " produit(s) vendu(s) sous leur coût de revient, en rouge ci-dessous." } }
        @if rows.is_empty() { (table::empty("Aucun produit vendu avec un prix.")) } @else {
            div.table-wrap { table #margins {
                thead { tr { th { "Produit" } th { "Type" } th.num { "Prix" } th.num { "Coût de revient" } th.num { "Marge" } th.num { "%" } } }
                tbody {
                    @for (p, cost, m) in rows {
                        tr.below-cost[m.as_ref().is_ok_and(|m| m.below_cost())] {
                            td { a href=(format!("/catalogue/produits/{}", p.id)) { (p.name) } }
                            td { (kind_badge(p.kind)) }
                            td.num { @if let Some(price) = p.sale_price { (price) } }
                            @match m {
                                Ok(m) => { td.num { (cost) } td.num { (m.amount) } td.num { (m.percent_text()) } }
                                Err(why) => { td.num.muted colspan="3" { (why) } }
                            }
                        }
                    }
                }
            } }
        }
    }
}

/// One cost change and its effect on the products made with it: (product, unit cost before, after, price).
pub struct Impact {
    pub change: CostChange,
    pub products: Vec<(Product, Money, Money)>,
}

pub fn changes(v: Visibility, clock: &Clock, impacts: &[Impact]) -> Markup {
    let cost_text = |c: Option<crate::catalog::UnitCost>, change: &CostChange| {
        c.map(|c| format_unit_cost(c, change.unit)).unwrap_or_else(|| "aucun".into())
    };
    html! {
        h1 { "Variations de coût" }
        (subnav("/catalogue/couts/changements", v))
        p.muted { "Quand le coût d'un ingrédient change, voici ce que cela fait au coût de revient des produits qui l'utilisent (à toutes les étapes de recette)." }
        @if impacts.is_empty() { (table::empty("Aucun changement de coût enregistré.")) }
        @for i in impacts {
            section.card.cost-change {
                h2 { a href=(format!("/catalogue/produits/{}", i.change.product_id)) { (i.change.name) } }
                p { (datetime(clock, &i.change.at)) " : " (cost_text(i.change.old_cost, &i.change)) " → " strong { (cost_text(i.change.new_cost, &i.change)) } }
                @if i.products.is_empty() { p.muted { "N'entre dans aucune recette." } } @else {
                    div.table-wrap { table {
                        thead { tr { th { "Produit" } th.num { "Coût avant" } th.num { "Coût maintenant" } th.num { "Écart" } th.num { "Prix" } } }
                        tbody {
                            @for (p, before, after) in &i.products {
                                tr.below-cost[p.sale_price.is_some_and(|price| *after > price)] {
                                    td { a href=(format!("/catalogue/produits/{}", p.id)) { (p.name) } " / " (p.unit.display_name()) }
                                    td.num { (before) }
                                    td.num { (after) }
                                    td.num { (*after - *before) }
                                    td.num { @if let Some(price) = p.sale_price { (price) } }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }
}
