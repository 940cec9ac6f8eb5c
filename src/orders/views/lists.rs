//! The orders in lists: every order (searched, filtered by day and state), the shop's day (to
//! receive from the lab, waiting for their customer, late) with the calendar of the weeks ahead,
//! the customer's account, and the home page's "due tomorrow".

use chrono::{Datelike, Duration, NaiveDate};
use maud::{Markup, html};

use super::super::{Status, Summary};
use super::{badge, balance, countdown};
use crate::customers::Customer;
use crate::customers::views::card;
use crate::error::FieldErrors;
use crate::money::Money;
use crate::ui::form::{self, Input};
use crate::ui::{day_fr, page_header, table};

fn rows(list: &[Summary], with_day: bool) -> Markup {
    html! {
        div.table-wrap { table.orders {
            thead { tr {
                th { "N°" } th { @if with_day { "Pour le" } @else { "Heure" } } th { "Client" } th { "Produits" }
                th.num { "Total" } th.num { "Reste" } th { "État" }
            } }
            tbody { @for o in list { tr {
                td { a href=(format!("/commandes/{}", o.id)) { (o.number) } }
                td { @if with_day { (day_fr(&o.due_day)) " " } (o.due_time) }
                td { a href=(format!("/clients/{}", o.customer_id)) { (o.customer) } }
                td { (o.items) }
                td.num { (o.total) }
                td.num { (balance(o.balance())) }
                td { (badge(o.status)) }
            } } }
        } }
    }
}

/// What the list page was asked.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub q: String,
    pub day: String,
    pub status: String,
    pub page: u32,
}

pub fn list(query: &ListQuery, found: &[Summary], more: bool) -> Markup {
    let mut statuses = vec![(String::new(), "En cours".to_string()), ("toutes".to_string(), "Toutes".to_string())];
    statuses.extend(Status::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())));
    let base = format!("q={}&jour={}&statut={}", query.q, query.day, query.status);
    html! {
        (page_header("Commandes", html! {
            a.button.secondary href="/commandes/jour" { "Commandes du jour" }
            a.button href="/commandes/nouvelle" { "Nouvelle commande" }
        }))
        form.filters method="get" action="/commandes" {
            (Input::new("q", "N°, client ou téléphone", &query.q).kind("search").autocomplete("off").render(&FieldErrors::new()))
            div.field { label for="f-jour" { "Pour le" } input #f-jour type="date" name="jour" value=(query.day); }
            (form::select("statut", "État", &statuses, &query.status, &FieldErrors::new()))
            button type="submit" { "Filtrer" }
        }
        @if found.is_empty() { (table::empty("Aucune commande ne correspond.")) } @else { (rows(found, true)) }
        (table::pager(&base, query.page, more))
    }
}

/// The shop's day, in three piles, with what the shop does to each.
pub struct Day<'a> {
    pub day: NaiveDate,
    pub csrf: &'a str,
    /// Orders at the lab (confirmed or in production), due today or before.
    pub at_lab: &'a [Summary],
    /// Ready, waiting for their customer.
    pub waiting: &'a [Summary],
    /// Due before now and not handed over.
    pub late: &'a [Summary],
    /// Minutes from now to each late order's due moment (negative).
    pub minutes_late: &'a [i64],
    /// Per day ahead: (day, orders, still open, total).
    pub calendar: &'a [(String, i64, i64, Money)],
}

fn at_lab(d: &Day) -> Markup {
    html! {
        @if d.at_lab.is_empty() { (table::empty("Rien n'attend au labo pour aujourd'hui.")) }
        div.cards { @for o in d.at_lab { article.order-card {
            header { a href=(format!("/commandes/{}", o.id)) { strong { (o.number) } } " " (badge(o.status))
                span.when { @if o.due_day != d.day.to_string() { (day_fr(&o.due_day)) " " } (o.due_time) } }
            p { (o.customer) } p.muted { (o.items) }
            @if o.to_make == 0 {
                form method="post" action=(format!("/commandes/{}/recevoir", o.id)) {
                    (form::csrf(d.csrf)) input type="hidden" name="retour" value="jour";
                    button type="submit" { "Reçue au magasin" }
                }
            } @else { p { span.badge.warn { (o.to_make) " ligne(s) à faire au labo" } } }
        } } }
    }
}

fn waiting(d: &Day) -> Markup {
    html! {
        @if d.waiting.is_empty() { (table::empty("Aucune commande n'attend son client.")) }
        div.cards { @for o in d.waiting { article.order-card.ready {
            header { a href=(format!("/commandes/{}", o.id)) { strong { (o.number) } } span.when { (day_fr(&o.due_day)) " " (o.due_time) } }
            p { strong { (o.customer) } " " span.muted { (crate::customers::format_phone(&o.phone)) } }
            p.muted { (o.items) }
            p { "Reste à payer : " (balance(o.balance())) }
            a.button href=(format!("/commandes/{}#handover-panel", o.id)) {
                @if o.balance().cents() > 0 { "Encaisser et remettre" } @else { "Remettre" }
            }
        } } }
    }
}

fn late(d: &Day) -> Markup {
    html! {
        @if d.late.is_empty() { (table::empty("Aucune commande en retard.")) } @else {
            div.table-wrap { table.orders.late {
                thead { tr { th { "N°" } th { "Prévue" } th { "Retard" } th { "Client" } th { "État" } } }
                tbody { @for (o, m) in d.late.iter().zip(d.minutes_late) { tr {
                    td { a href=(format!("/commandes/{}", o.id)) { (o.number) } }
                    td { (day_fr(&o.due_day)) " " (o.due_time) }
                    td { strong.late { (countdown(*m)) } }
                    td { (o.customer) " " span.muted { (crate::customers::format_phone(&o.phone)) } }
                    td { (badge(o.status)) }
                } } }
            } }
        }
    }
}

/// Four weeks from the Monday of this week: each day with its orders.
fn calendar(d: &Day) -> Markup {
    let monday = d.day - Duration::days(i64::from(d.day.weekday().num_days_from_monday()));
    let of = |day: NaiveDate| d.calendar.iter().find(|c| c.0 == day.to_string());
    html! {
        div.calendar role="grid" aria-label="Commandes des semaines à venir" {
            @for name in ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."] { div.cal-head { (name) } }
            @for i in 0..28 {
                @let day = monday + Duration::days(i);
                @let found = of(day);
                a.cal-day.today[day == d.day].past[day < d.day].busy[found.is_some_and(|c| c.1 >= 10)]
                    href=(format!("/commandes?jour={day}&statut=toutes")) {
                    span.cal-date { (day.format("%d/%m")) }
                    @if let Some((_, n, open, total)) = found {
                        strong { (n) " cmd" } small { (open) " à faire" } small.money { (total) }
                    }
                }
            }
        }
    }
}

pub fn day(d: &Day) -> Markup {
    html! {
        (page_header(&format!("Commandes du {}", d.day.format("%d/%m/%Y")), html! {
            a.button.secondary href="/commandes" { "Toutes les commandes" }
            a.button href="/commandes/nouvelle" { "Nouvelle commande" }
        }))
        div.day-board {
            section { h2 { "À recevoir du labo (" (d.at_lab.len()) ")" } (at_lab(d)) }
            section { h2 { "En attente de retrait (" (d.waiting.len()) ")" } (waiting(d)) }
        }
        section { h2 { "En retard (" (d.late.len()) ")" } (late(d)) }
        section { h2 { "Calendrier" } (calendar(d)) }
    }
}

/// The customer's account: who, what they ordered, spent and still owe, their store credit.
pub struct Account<'a> {
    pub customer: &'a Customer,
    pub csrf: &'a str,
    pub orders: &'a [Summary],
    pub count: i64,
    pub spent: Money,
    pub owed: Money,
    pub credit: Money,
}

pub fn account(a: &Account) -> Markup {
    let c = a.customer;
    let actions = html! {
        a.button href=(format!("/commandes/nouvelle?client={}", c.id)) { "Nouvelle commande" }
        a.button.secondary href=(format!("/clients/{}/modifier", c.id)) { "Modifier" }
        form.inline method="post" action=(format!("/clients/{}/{}", c.id, if c.active { "desactiver" } else { "activer" })) {
            (form::csrf(a.csrf))
            button.secondary type="submit" { @if c.active { "Désactiver" } @else { "Réactiver" } }
        }
    };
    html! {
        (page_header(&c.name, actions))
        div.order-head {
            section.card { (card(c)) }
            section.card {
                dl.facts.totals {
                    dt { "Commandes" } dd { (a.count) }
                    dt { "Total dépensé" } dd.money { (a.spent) }
                    dt { "Reste à payer" } dd { (balance(a.owed)) }
                    dt { "Avoir" } dd.money { (a.credit) }
                }
                p.muted { small { "Dépensé : commandes remises seulement (les annulées ne comptent pas)." } }
            }
        }
        h2 { "Commandes" }
        @if a.orders.is_empty() { (table::empty("Aucune commande pour ce client.")) } @else { (rows(a.orders, true)) }
    }
}

/// The home page's block: tomorrow's orders, for the gérante and the vendeuse.
/// Tomorrow's orders on the home page: the first ones by due hour, and how many there are in all
/// (`total`), the rest one tap away.
pub fn tomorrow(list: &[Summary], total: i64) -> Markup {
    let more = total - list.len() as i64;
    let beyond = total > super::super::ops::COUNT_CAP;
    let cap = super::super::ops::COUNT_CAP;
    html! {
        section.card #orders-tomorrow {
            h2 { "Commandes pour demain (" @if beyond { "plus de " (cap) } @else { (total) } ")" }
            @if list.is_empty() { p.muted { "Aucune commande pour demain." } } @else {
                ul.plain { @for o in list { li {
                    strong { (o.due_time) } a href=(format!("/commandes/{}", o.id)) { (o.number) } (o.customer) span.muted { (o.items) } (badge(o.status))
                } } }
                @if beyond { p.muted { "… et bien d'autres : voir la liste des commandes." } }
                @else if more == 1 { p.muted { "… et une autre." } }
                @else if more > 1 { p.muted { "… et " (more) " autres." } }
            }
            p { a href="/commandes/jour" { "Commandes du jour" } " · " a href="/commandes/nouvelle" { "Nouvelle commande" } }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn beyond_the_cap_tomorrow_says_more_than_instead_of_a_count() {
        let cap = crate::orders::ops::COUNT_CAP;
        let many = super::tomorrow(&[], cap + 1).into_string();
        assert!(many.contains(&format!("Commandes pour demain (plus de {cap})")), "{many}");
        let some = super::tomorrow(&[], cap).into_string();
        assert!(some.contains(&format!("Commandes pour demain ({cap})")), "{some}");
    }
}
