//! The lab's pages: the day's plan (what to make, what it needs, shortages in red with the orders
//! they block), the baker's sheet (printable, per category), the counter's targets, and the lab
//! board. Quantities only, never a price.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use maud::{Markup, html};

use super::ops::Board;
use super::{Need, Plan, PlanLine};
use crate::catalog::Product;
use crate::money::Qty;
use crate::orders::views::countdown;
use crate::orders::{OrderFull, Source, Status};
use crate::ui::{form, page_header, table};

const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

pub fn weekday_name(n: u32) -> &'static str {
    WEEKDAYS.get(n.saturating_sub(1) as usize).copied().unwrap_or("")
}

fn day_chips(base: &str, today: NaiveDate, day: NaiveDate) -> Markup {
    let chips =
        [("Aujourd'hui", today), ("Demain", today + Duration::days(1)), ("Après-demain", today + Duration::days(2))];
    html! {
        nav.tabs {
            @for (label, d) in chips {
                a href=(format!("{base}?jour={d}")) aria-current=[(d == day).then_some("page")] { (label) }
            }
            form.inline method="get" action=(base) {
                input type="date" name="jour" value=(day) aria-label="Autre jour";
                button.secondary type="submit" { "Voir" }
            }
        }
    }
}

fn qty(unit: crate::catalog::Unit, q: Qty) -> String {
    if q.milli() == 0 { "—".into() } else { unit.format(q) }
}

fn lines_table(plan: &Plan) -> Markup {
    html! {
        div.table-wrap { table.plan #plan-lines {
            thead { tr { th { "Produit" } th.num { "Commandes" } th.num { "Objectif comptoir" } th.num { "Au comptoir" } th.num { "À faire" } } }
            tbody { @for (i, l) in plan.lines.iter().enumerate() {
                @if i == 0 || plan.lines[i - 1].category != l.category { tr.group { th colspan="5" { (l.category) } } }
                tr {
                    td { (l.name) @if !l.has_recipe { " " span.badge.err { "sans recette" } } }
                    td.num { (qty(l.unit, l.orders)) }
                    td.num { (qty(l.unit, l.target)) }
                    td.num { (qty(l.unit, l.counter)) }
                    td.num { strong { (qty(l.unit, l.total())) } }
                }
            } }
        } }
    }
}

fn need_rows(plan: &Plan, needs: &[&Need]) -> Markup {
    html! {
        @for n in needs {
            @let (name, unit) = plan.names.get(&n.product_id).cloned().unwrap_or((String::new(), crate::catalog::Unit::Piece));
            tr.short[n.short().milli() > 0] {
                td { (name) }
                td { (plan.places.get(&n.location_id).cloned().unwrap_or_default()) }
                td.num { (unit.format(n.qty)) }
                td.num { (unit.format(n.held)) }
                td.num { @if n.short().milli() > 0 { (unit.format(n.short())) } }
                td { @for id in n.orders() { (plan.order_numbers.get(&id).cloned().unwrap_or_default()) " " }
                     @if n.origins.iter().any(|o| matches!(o, super::Origin::B2b(_))) { span.muted { "clients pro " } }
                     @if n.origins.contains(&super::Origin::Counter) { span.muted { "comptoir" } } }
            }
        }
    }
}

fn needs_table(plan: &Plan, semi: bool) -> Markup {
    let needs: Vec<&Need> = plan.needs.iter().filter(|n| n.semi == semi).collect();
    html! {
        @if needs.is_empty() { (table::empty(if semi { "Aucun semi-fini." } else { "Aucun ingrédient." })) } @else {
            div.table-wrap { table.plan {
                thead { tr { th { "Produit" } th { "Lieu" } th.num { "Besoin" } th.num { "En stock" } th.num { "Manque" } th { "Pour" } } }
                tbody { (need_rows(plan, &needs)) }
            } }
        }
    }
}

/// The day's plan.
pub fn plan(plan: &Plan, today: NaiveDate, can_edit: bool) -> Markup {
    let categories: Vec<&str> = {
        let mut c: Vec<&str> = plan.lines.iter().map(|l| l.category.as_str()).collect();
        c.dedup();
        c
    };
    let shortages = plan.needs.iter().filter(|n| n.short().milli() > 0).count();
    html! {
        (page_header(&format!("Plan de production du {}", plan.day.format("%d/%m/%Y")), html! {
            @if can_edit { a.button.secondary href=(format!("/production/objectifs?jour={}", super::ops::weekday_of(plan.day))) { "Objectifs du comptoir" } }
            a.button.secondary href="/labo" { "Tableau du labo" }
        }))
        (day_chips("/production/plan", today, plan.day))
        @if shortages > 0 { p.form-error { (shortages) " produit(s) manquent : voir en rouge ci-dessous." } }
        h2 { "À produire (" (weekday_name(super::ops::weekday_of(plan.day))) ")" }
        @if plan.lines.is_empty() { (table::empty("Rien à produire : aucune commande et aucun objectif pour ce jour.")) } @else { (lines_table(plan)) }
        h2 { "Feuilles du boulanger" }
        p.actions {
            a.button.secondary href=(format!("/production/plan/feuille?jour={}", plan.day)) { "Tout" }
            @for c in &categories { a.button.secondary href=(format!("/production/plan/feuille?jour={}&categorie={}", plan.day, c)) { (c) } }
        }
        h2 { "Semi-finis" }
        (needs_table(plan, true))
        h2 { "Ingrédients" }
        (needs_table(plan, false))
    }
}

/// The baker's sheet of a day (one category, or all): what to make, and for each order its lines
/// with their options, the customer's allergies, the due time.
pub fn sheet(plan: &Plan, category: Option<&str>, orders: &[OrderFull]) -> Markup {
    let lines: Vec<&PlanLine> =
        plan.lines.iter().filter(|l| category.is_none_or(|c| l.category == c) && l.total().milli() > 0).collect();
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    html! {
        (page_header(&format!("Feuille du {}", plan.day.format("%d/%m/%Y")), html! {
            a.button.secondary href=(format!("/production/plan?jour={}", plan.day)) { "Retour" }
            button type="button" data-print="1" { "Imprimer" }
        }))
        div.sheet-page {
            div.sheet-head { span { (category.unwrap_or("Toutes les catégories")) } span { (plan.day.format("%d/%m/%Y")) } }
            table.sheet {
                thead { tr { th { "Produit" } th.num { "Commandes" } th.num { "Comptoir" } th.num { "Total" } th.check-col { "Fait" } } }
                tbody { @for l in &lines { tr {
                    td.big { (l.name) } td.num { (qty(l.unit, l.orders)) } td.num { (qty(l.unit, l.for_counter())) }
                    td.num.big { (qty(l.unit, l.total())) } td.check-col { span.box {} }
                } } }
            }
            @for f in orders.iter().filter(|f| f.lines.iter().any(|l| ids.contains(&l.product_id) && l.source == Source::Lab)) {
                div.sheet-block {
                    h3 { (f.order.due_time) " — " (f.order.number) " — " (f.customer.name) }
                    @if !f.customer.allergies.is_empty() { p { span.badge.err { "Allergies : " (f.customer.allergies) } } }
                    ul { @for l in f.lines.iter().filter(|l| ids.contains(&l.product_id)) {
                        li { strong { (l.unit.format(l.qty)) " × " (l.name) } @if !l.options.is_empty() { " — « " (l.options) " »" } }
                    } }
                    @if !f.order.notes.is_empty() { p { "Notes : " (f.order.notes) } }
                }
            }
        }
    }
}

/// The counter's targets of a weekday, by category; `suggested` when none were saved yet.
pub fn targets(
    csrf: &str,
    weekday: u32,
    products: &[Product],
    values: &BTreeMap<i64, Qty>,
    suggested: Option<super::ops::Suggestion>,
) -> Markup {
    let category = |p: &Product| p.category.clone().unwrap_or_else(|| "Sans catégorie".into());
    html! {
        (page_header(&format!("Objectifs du comptoir : le {}", weekday_name(weekday)), html! {
            a.button.secondary href="/production/plan" { "Plan de production" }
        }))
        nav.tabs { @for n in 1..=7u32 {
            a href=(format!("/production/objectifs?jour={n}")) aria-current=[(n == weekday).then_some("page")] { (weekday_name(n)) }
        } }
        @match suggested {
            Some(super::ops::Suggestion::Forecast) => { p.muted #suggestion { "Proposition : la prévision du prochain " (weekday_name(weekday))
                " (sa moyenne pondérée a été plus juste que « la semaine passée » sur les 8 dernières semaines, voir "
                a href="/rapports/prevision" { "Prévision" } "). Corrigez puis enregistrez." } }
            Some(super::ops::Suggestion::Average) => { p.muted #suggestion { "Proposition : la moyenne vendue les quatre derniers "
                (weekday_name(weekday)) "s. Corrigez puis enregistrez." } }
            None => {}
        }
        p { a.button.secondary href=(format!("/production/objectifs?jour={weekday}&proposer=1")) { "Proposer d'après les ventes" } }
        form.stack method="post" action="/production/objectifs" {
            (form::csrf(csrf))
            input type="hidden" name="weekday" value=(weekday);
            div.table-wrap { table #targets {
                thead { tr { th { "Produit" } th.num { "Objectif" } } }
                tbody { @for (i, p) in products.iter().enumerate() {
                    @if i == 0 || category(&products[i - 1]) != category(p) { tr.group { th colspan="2" { (category(p)) } } }
                    tr {
                        td { label for=(format!("t-{}", p.id)) { (p.name) } " " small.muted { (p.unit.display_name()) } }
                        td.num {
                            input type="hidden" name="product_id" value=(p.id);
                            input.target-qty #(format!("t-{}", p.id)) type="text" name="qty" inputmode="decimal" autocomplete="off"
                                value=(values.get(&p.id).map(|q| p.unit.input_value(*q)).unwrap_or_default());
                        }
                    }
                } }
            } }
            div.actions.sticky-actions { button type="submit" { "Enregistrer les objectifs" } }
        }
    }
}

fn order_card(csrf: &str, f: &OrderFull, minutes: i64) -> Markup {
    let o = &f.order;
    let class = if minutes < 0 {
        "order-card lab-card late"
    } else if minutes < 120 {
        "order-card lab-card soon"
    } else {
        "order-card lab-card"
    };
    let left = f.to_make();
    html! {
        article class=(class) {
            header {
                strong { (o.number) } span.countdown.late[minutes < 0] { (countdown(minutes)) }
                span.when { @if o.status == Status::InProduction { span.badge.warn { "en cours" } " " } (o.due_time) }
            }
            p { (f.customer.name) @if !f.customer.allergies.is_empty() { " " span.badge.err { "Allergies : " (f.customer.allergies) } } }
            ul { @for l in f.lines.iter().filter(|l| l.source == Source::Lab) {
                li.done[l.production_id.is_some()] { span.qty { (l.unit.format(l.qty)) } " × " (l.name)
                    @if !l.options.is_empty() { span.options { "« " (l.options) " »" } } }
            } }
            @if !o.notes.is_empty() { p.notes { (o.notes) } }
            div.actions {
                @if o.status == Status::Confirmed {
                    form method="post" action=(format!("/labo/commandes/{}/commencer", o.id)) { (form::csrf(csrf)) button.secondary type="submit" { "Commencer" } }
                }
                @if !left.is_empty() {
                    form method="post" action=(format!("/labo/commandes/{}/fait", o.id)) { (form::csrf(csrf)) button type="submit" { "Fait" } }
                } @else { span.badge.ok { "fait : à envoyer au magasin" } }
            }
        }
    }
}

fn counter_rows(csrf: &str, lines: &[PlanLine], token: &str) -> Markup {
    html! {
        @if lines.is_empty() { (table::empty("Rien à faire pour le comptoir aujourd'hui.")) }
        div.cards { @for l in lines {
            article.order-card.lab-card {
                header { strong { (l.name) } span.when { (l.unit.format(l.for_counter())) } }
                form.inline method="post" action="/labo/comptoir" {
                    (form::csrf(csrf))
                    input type="hidden" name="product_id" value=(l.product_id);
                    input type="hidden" name="token" value=(format!("{token}-{}", l.product_id));
                    div.field { label { "Quantité faite" } input type="text" name="qty" inputmode="decimal" value=(l.unit.input_value(l.for_counter())); }
                    button type="submit" { "Fait" }
                }
            }
        } }
    }
}

/// The board itself (what the polling replaces): orders by due hour, late first; the counter.
pub fn board(csrf: &str, b: &Board, token: &str) -> Markup {
    let minutes =
        |f: &OrderFull| crate::clock::parse_stamp(&f.order.due_at).map(|t| (t - b.now).num_minutes()).unwrap_or(0);
    let late: Vec<&OrderFull> = b.orders.iter().filter(|f| minutes(f) < 0).collect();
    let mut slots: BTreeMap<(String, String), Vec<&OrderFull>> = BTreeMap::new();
    for f in b.orders.iter().filter(|f| minutes(f) >= 0) {
        let hour = f.order.due_time.get(..2).unwrap_or("00").to_string();
        slots.entry((f.order.due_day.clone(), hour)).or_default().push(f);
    }
    html! {
        div #lab-board .lab-board data-count=(b.orders.len()) hx-get="/labo/tableau" hx-trigger="every 20s" hx-swap="outerHTML" {
            @if !late.is_empty() {
                section.slot { h2 { "En retard (" (late.len()) ")" } div.cards { @for f in &late { (order_card(csrf, f, minutes(f))) } } }
            }
            @for ((day, hour), list) in &slots {
                section.slot {
                    h2 { (crate::ui::day_fr(day)) " — " (hour) " h" }
                    div.cards { @for f in list { (order_card(csrf, f, minutes(f))) } }
                }
            }
            @if b.orders.is_empty() { (table::empty("Aucune commande au labo pour aujourd'hui et demain.")) }
            section.slot { h2 { "Pour le comptoir (aujourd'hui)" } (counter_rows(csrf, &b.counter, token)) }
        }
    }
}

pub fn board_page(csrf: &str, b: &Board, token: &str) -> Markup {
    html! {
        (page_header("Tableau du labo", html! {
            button.secondary type="button" data-sound-toggle="1" aria-pressed="false" { "Son : coupé" }
            a.button.secondary href="/production/plan" { "Plan de production" }
        }))
        (board(csrf, b, token))
    }
}
