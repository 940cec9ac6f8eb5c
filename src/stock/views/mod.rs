//! Stock pages: the overview per location, a product's stock card, the summary on the product page.

pub mod counts;
pub mod documents;
pub mod locations;

use maud::{Markup, html};

use super::ops::levels::{Level, Status, SupplierGroup};
use super::{Balance, Move, MoveKind};
use crate::auth::{CurrentUser, Permission};
use crate::catalog::{Product, UnitCost, format_unit_cost};
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::money::{Money, Qty};
use crate::stock::Location;
use crate::ui::form::Input;
use crate::ui::table;

/// What the user may see and do on stock pages. Values and PMP follow `couts.voir`, like the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Visibility {
    pub values: bool,
    pub edit: bool,
}

impl Visibility {
    pub fn of(user: &CurrentUser) -> Visibility {
        Visibility { values: user.can(Permission::CostsView), edit: user.can(Permission::StockEdit) }
    }
}

pub fn subnav(active: &str, v: Visibility) -> Markup {
    let mut items = vec![("/stock", "Stock"), ("/stock/alertes", "Alertes")];
    if v.edit {
        items.extend([("/stock/transferts", "Transferts"), ("/stock/pertes", "Pertes et corrections")]);
    }
    items.push(("/stock/inventaires", "Inventaires"));
    if v.edit {
        items.push(("/stock/lieux", "Lieux"));
    }
    html! {
        nav.subnav.no-print aria-label="Stock" {
            @for (href, label) in items {
                a href=(href) aria-current=[(href == active).then_some("page")] { (label) }
            }
        }
    }
}

fn status_badge(s: Status) -> Markup {
    match s {
        Status::Ok => html! { span.badge.ok { "ok" } },
        Status::Low => html! { span.badge { "bas" } },
        Status::Out => html! { span.badge.err { "rupture" } },
    }
}

fn pmp_text(pmp: UnitCost, p: &Product) -> String {
    if pmp.0 == 0 { "—".into() } else { format_unit_cost(pmp, p.unit) }
}

/// The overview of one location (tabs), with a search over names.
pub fn overview(
    v: Visibility,
    locations: &[Location],
    current: i64,
    q: &str,
    rows: &[&Level],
    totals: &[(i64, Money)],
) -> Markup {
    let none = FieldErrors::new();
    let total_of = |id: i64| totals.iter().find(|(l, _)| *l == id).map(|(_, m)| *m).unwrap_or_default();
    html! {
        (crate::ui::page_header("Stock", html! {}))
        (subnav("/stock", v))
        nav.tabs aria-label="Lieux de stock" {
            @for l in locations {
                a href=(format!("/stock?lieu={}", l.id)) aria-current=[(l.id == current).then_some("page")] {
                    (l.name)
                    @if v.values { " " small.muted { (total_of(l.id)) } }
                }
            }
        }
        form.filters.card method="get" action="/stock" role="search" {
            input type="hidden" name="lieu" value=(current);
            (Input::new("q", "Rechercher", q).kind("search").render(&none))
            button type="submit" { "Filtrer" }
        }
        @if rows.is_empty() {
            (table::empty("Aucun produit dans ce lieu."))
        } @else {
            div.table-wrap {
                table #stock {
                    thead { tr {
                        th { "Produit" } th.num { "Quantité" } th { "État" }
                        @if v.values { th.num { "Valeur" } th.num { "PMP" } }
                    } }
                    tbody {
                        @for l in rows {
                            tr {
                                td { a href=(format!("/stock/produits/{}", l.product.id)) { (l.product.name) } }
                                td.num { (l.product.unit.format(l.held.qty)) }
                                td { @if let Some(t) = l.threshold {
                                    (status_badge(l.status())) " " small.muted { "seuil " (l.product.unit.format(t)) }
                                } }
                                @if v.values { td.num { (l.held.value) } td.num { (pmp_text(l.pmp, &l.product)) } }
                            }
                        }
                    }
                    @if v.values {
                        tfoot { tr { th { "Total" } th {} th {} th.num { (total_of(current)) } th {} } }
                    }
                }
            }
        }
    }
}

/// Where a move comes from, as a link when the document has a page.
fn source_link(m: &Move) -> Markup {
    match m.source_type.as_str() {
        "stock_document" if m.kind.starts_with("transfert") => {
            html! { a href="/stock/transferts" { "Transfert n° " (m.source_id) } }
        }
        "stock_document" => html! { a href="/stock/pertes" { "Document n° " (m.source_id) } },
        "stock_count" => {
            html! { a href=(format!("/stock/inventaires/{}", m.source_id)) { "Inventaire n° " (m.source_id) } }
        }
        other => html! { (other) " n° " (m.source_id) },
    }
}

/// A product's stock card: every move with the running balance of its place.
pub fn card(
    v: Visibility,
    clock: &Clock,
    p: &Product,
    moves: &[Move],
    held: &[(String, Balance)],
    pmp: UnitCost,
) -> Markup {
    // Running balances computed backwards from what each place holds now, so a card showing
    // only the latest moves is still right.
    let mut running: Vec<(String, Qty, Money)> = held.iter().map(|(l, b)| (l.clone(), b.qty, b.value)).collect();
    let mut rows = Vec::new();
    for m in moves.iter().rev() {
        let pos = match running.iter().position(|(l, _, _)| *l == m.location) {
            Some(i) => i,
            None => {
                running.push((m.location.clone(), Qty::ZERO, Money::ZERO));
                running.len() - 1
            }
        };
        rows.push((m, running[pos].1, running[pos].2));
        running[pos].1 = running[pos].1 - m.qty;
        running[pos].2 -= m.value;
    }
    html! {
        (crate::ui::page_header(&format!("Fiche de stock : {}", p.name), html! {
            a.button.secondary href=(format!("/catalogue/produits/{}", p.id)) { "Fiche produit" }
        }))
        (subnav("", v))
        (summary_card(v, p, held, pmp))
        @if rows.is_empty() {
            (table::empty("Aucun mouvement pour ce produit."))
        } @else {
            div.table-wrap {
                table #moves {
                    thead { tr {
                        th { "Date" } th { "Lieu" } th { "Mouvement" } th { "Origine" } th { "Par" }
                        th.num { "Quantité" } th.num { "Solde du lieu" }
                        @if v.values { th.num { "Valeur" } th.num { "Valeur du lieu" } }
                    } }
                    tbody {
                        @for (m, qty, value) in &rows {
                            tr {
                                td { (crate::ui::datetime(clock, &m.at)) }
                                td { (m.location) }
                                td { (MoveKind::from_code(&m.kind).map(|k| k.label()).unwrap_or(&m.kind)) }
                                td { (source_link(m)) }
                                td { (m.user.clone().unwrap_or_default()) }
                                td.num { (p.unit.format(m.qty)) }
                                td.num { (p.unit.format(*qty)) }
                                @if v.values { td.num { (m.value) } td.num { (value) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn summary_card(v: Visibility, p: &Product, held: &[(String, Balance)], pmp: UnitCost) -> Markup {
    html! {
        section.card.stock-summary {
            h2 { "Stock" }
            @if held.is_empty() {
                p.muted { "Aucun stock." }
            } @else {
                dl.grid {
                    @for (place, b) in held {
                        dt { (place) }
                        dd { (p.unit.format(b.qty)) @if v.values { " — " (b.value) } }
                    }
                    @if v.values { dt { "PMP" } dd { (pmp_text(pmp, p)) } }
                }
            }
            p { a href=(format!("/stock/produits/{}", p.id)) { "Fiche de stock" } }
        }
    }
}

/// The "Stock" card of the product page.
pub fn stock_card_summary(user: &CurrentUser, p: &Product, held: &[(String, Balance)], pmp: UnitCost) -> Markup {
    if !user.can(Permission::StockView) || !p.track_stock {
        return html! {};
    }
    summary_card(Visibility::of(user), p, held, pmp)
}

/// Alerts: what is below its threshold, and what to buy, by supplier.
pub fn alerts(v: Visibility, groups: &[SupplierGroup]) -> Markup {
    html! {
        (crate::ui::page_header("Alertes de stock", html! {}))
        (subnav("/stock/alertes", v))
        p.muted { small {
            "Suggestion : de quoi ramener le stock total à deux fois la somme des seuils, arrondi au conditionnement le plus grand. "
            "0 : le stock suffit, transférez plutôt entre lieux."
        } }
        @if groups.is_empty() {
            (table::empty("Aucun produit sous son seuil."))
        }
        @for (supplier, list) in groups {
            section.card.supplier-group {
                h2 { (supplier.clone().unwrap_or_else(|| "Sans fournisseur".into())) }
                div.table-wrap { table {
                    thead { tr { th { "Produit" } th { "Sous le seuil" } th.num { "Stock total" } th.num { "Objectif" } th.num { "À commander" } } }
                    tbody {
                        @for s in list {
                            tr {
                                td { a href=(format!("/stock/produits/{}", s.product.id)) { (s.product.name) } }
                                td { @for (place, held, t) in &s.low {
                                    div { (place) " : " (s.product.unit.format(*held)) " / " (s.product.unit.format(*t)) }
                                } }
                                td.num { (s.product.unit.format(s.held_total)) }
                                td.num { (s.product.unit.format(s.target)) }
                                td.num.suggestion {
                                    @match &s.packs {
                                        Some((name, n)) => { (n) " × " (name) " (" (s.product.unit.format(s.qty)) ")" }
                                        None => { (s.product.unit.format(s.qty)) }
                                    }
                                }
                            }
                        }
                    }
                } }
            }
        }
    }
}
