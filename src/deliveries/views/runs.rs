//! The runs: the board (ready delivery orders to send out, the runs out and lately settled), one
//! run (its stops, and at the till its settlement), the deliveryman's phone page.

use maud::{Markup, html};

use crate::deliveries::{Deliveryman, Goods, OrderDelivery, Outcome, Run, RunFull, RunStatus};
use crate::error::FieldErrors;
use crate::orders::Summary;
use crate::ui::form::{self, Input};
use crate::ui::{page_header, table};

/// What the board shows.
pub struct Board<'a> {
    pub csrf: &'a str,
    pub ready: &'a [(Summary, Option<OrderDelivery>)],
    pub men: &'a [Deliveryman],
    pub runs: &'a [Run],
    pub token: &'a str,
    pub chosen: &'a [i64],
    pub man: &'a str,
}

fn ready_row(b: &Board, o: &Summary, d: Option<&OrderDelivery>, e: &FieldErrors) -> Markup {
    let key = format!("order_ids.{}", o.id);
    html! {
        tr.invalid[e.get(&key).is_some()] {
            td { @if d.is_some() {
                (form::checkbox("order", &o.id.to_string(), &o.number, b.chosen.contains(&o.id), false))
            } @else { (o.number) } }
            td { (o.customer) br; small { (o.items) } }
            td { @match d {
                Some(d) => { (d.zone) " — " (d.fee) },
                None => a href=(format!("/livraisons/commandes/{}", o.id)) { "Choisir la zone" },
            } }
            td.num { (o.balance()) }
            td { (crate::ui::day_fr(&o.due_day)) " " (o.due_time)
                @if let Some(m) = e.get(&key) { br; small.error { (m) } } }
        }
    }
}

/// The runs board.
pub fn board(b: &Board, e: &FieldErrors) -> Markup {
    let men: Vec<(String, String)> = std::iter::once((String::new(), "— choisir —".to_string()))
        .chain(b.men.iter().filter(|m| m.active).map(|m| (m.id.to_string(), m.name.clone())))
        .collect();
    html! {
        (page_header("Tournées de livraison", html! {
            a.button.secondary href="/livraisons/dettes" { "Ce que doivent les livreurs" }
            a.button.secondary href="/livraisons/rapport" { "Rapport" }
        }))
        form.card.stack method="post" action="/livraisons/tournees" #assign-form {
            (form::csrf(b.csrf))
            input type="hidden" name="token" value=(b.token);
            h2 { "Commandes prêtes à livrer" }
            @if b.ready.is_empty() {
                (table::empty("Aucune commande de livraison prête au magasin."))
            } @else {
                div.table-wrap { table #ready-orders {
                    thead { tr { th { "Commande" } th { "Client" } th { "Zone et frais" } th.num { "Reste à payer" } th { "Pour" } } }
                    tbody { @for (o, d) in b.ready { (ready_row(b, o, d.as_ref(), e)) } }
                } }
                @if let Some(m) = e.get("order_ids") { p.form-error role="alert" { (m) } }
                (form::select("deliveryman_id", "Livreur", &men, b.man, e))
                (form::form_error(e))
                div.actions { button type="submit" { "Faire partir la tournée et imprimer la feuille" } }
            }
        }
        h2 { "Tournées" }
        @if b.runs.is_empty() {
            (table::empty("Aucune tournée ces derniers jours."))
        } @else {
            div.table-wrap { table #runs {
                thead { tr { th { "N°" } th { "Livreur" } th { "Départ" } th { "État" } th.num { "Attendu" } th.num { "Remis" } } }
                tbody { @for r in b.runs { tr {
                    td { a href=(format!("/livraisons/tournees/{}", r.id)) { "Tournée n° " (r.id) } }
                    td { (r.deliveryman) }
                    td { (crate::ui::day_fr(&r.day)) }
                    td { @if r.status == RunStatus::Out { span.badge.warn { (r.status.label()) } } @else { span.badge.ok { (r.status.label()) } } }
                    td.num { @if let Some(x) = r.expected { (x) } }
                    td.num { @if let Some(x) = r.counted { (x) } }
                } } }
            } }
        }
    }
}

fn stops_table(r: &RunFull) -> Markup {
    html! {
        div.table-wrap { table #stops {
            // Five columns, so that a tablet upright shows the whole stop: what to collect carries
            // its two parts (the order's balance, the fee) below it.
            @let settled = r.stops.iter().any(|s| s.outcome.is_some());
            thead { tr { th { "Arrêt" } th { "Client" } th { "Adresse" } th.num { "À encaisser" } @if settled { th { "Issue" } } } }
            tbody { @for s in &r.stops { tr {
                td { (s.position) ". " a href=(format!("/commandes/{}", s.order_id)) { (s.number) } }
                td { (s.customer) br; a href=(format!("tel:{}", s.phone)) { (s.phone) } }
                td { (s.address) br; small { (s.zone) " — " (s.items) } }
                td.num {
                    strong { (s.to_collect()) } br;
                    small { "reste " (s.balance) " + frais " (s.fee) }
                }
                @if settled { td { @if let Some(o) = s.outcome { (o.label()) } } }
            } } }
        } }
    }
}

/// The settlement form as typed.
#[derive(Debug, Clone, Default)]
pub struct SettleValues {
    pub outcomes: Vec<(i64, String, String)>,
    pub counted: String,
    pub write_off: bool,
    pub approver: String,
    pub token: String,
}

fn stop_choice(s: &crate::deliveries::Stop, v: &SettleValues, e: &FieldErrors) -> Markup {
    let (chosen, goods) =
        v.outcomes.iter().find(|(id, _, _)| *id == s.id).map(|(_, o, g)| (o.as_str(), g.as_str())).unwrap_or(("", ""));
    let key = format!("stops.{}", s.id);
    html! {
        fieldset.field.invalid[e.get(&key).is_some()] {
            legend { (s.position) ". " (s.number) " — " (s.customer) " — à encaisser " (s.to_collect()) }
            div.choices { @for o in Outcome::ALL {
                label.check { input type="radio" name=(key) value=(o.code()) checked[chosen == o.code()] required; span { (o.label()) } }
            } }
            label.check { input type="checkbox" name=(format!("goods.{}", s.id)) value=(Goods::Waste.code()) checked[goods == Goods::Waste.code()];
                span { "Si refusée : produits jetés (sinon, remis en vente au comptoir)" } }
            @if let Some(m) = e.get(&key) { small.error { (m) } }
        }
    }
}

/// The settlement at the till: each stop's outcome, the cash counted, a shortage as a loss with
/// the gérante's PIN.
fn settle_form(csrf: &str, r: &RunFull, approvers: &[(i64, String)], v: &SettleValues, e: &FieldErrors) -> Markup {
    let who: Vec<(String, String)> = std::iter::once((String::new(), "— personne —".to_string()))
        .chain(approvers.iter().map(|(id, n)| (id.to_string(), n.clone())))
        .collect();
    html! {
        form.card.stack method="post" action=(format!("/livraisons/tournees/{}/regler", r.run.id)) #settle-form {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(v.token);
            h2 { "Régler la tournée à la caisse" }
            @for s in &r.stops { (stop_choice(s, v, e)) }
            (Input::new("counted", "Espèces remises par le livreur (DA)", &v.counted).inputmode("decimal").required().render(e))
            (form::checkbox("write_off", "1", "S'il manque de l'argent : le passer en perte (accord de la gérante) au lieu de sa dette", v.write_off, false))
            div.row {
                (form::select("approver_id", "Accord de", &who, &v.approver, e))
                (Input::new("pin", "Code de la gérante", "").kind("password").inputmode("numeric").autocomplete("off").render(e))
            }
            @if let Some(m) = e.get("approval.pin") { p.form-error role="alert" { (m) } }
            @if let Some(m) = e.get("stops") { p.form-error role="alert" { (m) } }
            (form::form_error(e))
            div.actions { button type="submit" { "Régler la tournée" } }
        }
    }
}

fn result(r: &RunFull) -> Markup {
    let run = &r.run;
    html! {
        section.card #run-result {
            h2 { "Règlement" }
            dl.facts.totals {
                dt { "Attendu" } dd.money { @if let Some(x) = run.expected { (x) } }
                dt { "Remis" } dd.money { @if let Some(x) = run.counted { (x) } }
                dt { @if run.written_off { "Écart (passé en perte)" } @else { "Écart (dette du livreur si négatif)" } }
                dd { @if let Some(x) = run.difference() { strong.money { (x) } } }
            }
        }
    }
}

/// One run: its stops, then its settlement form (out) or its result (settled).
pub fn run_page(csrf: &str, r: &RunFull, approvers: &[(i64, String)], v: &SettleValues, e: &FieldErrors) -> Markup {
    html! {
        (page_header(&format!("Tournée n° {} — {}", r.run.id, r.man.name), html! {
            a.button.secondary href="/livraisons/tournees" { "Tournées" }
        }))
        (stops_table(r))
        @if r.run.status == RunStatus::Out { (settle_form(csrf, r, approvers, v, e)) } @else { (form::form_error(e)) (result(r)) }
    }
}

/// The deliveryman's phone page: his runs out today, stops in order, the amounts to collect
/// (no prices).
pub fn phone(man: &Deliveryman, runs: &[RunFull]) -> Markup {
    html! {
        (page_header(&format!("Tournée de {}", man.name), html! {}))
        @if runs.is_empty() { (table::empty("Aucune tournée en cours aujourd'hui.")) }
        @for r in runs {
            h2 { "Tournée n° " (r.run.id) }
            @for s in &r.stops { section.card.stop {
                h3 { (s.position) ". " (s.customer) }
                p { (s.address) " (" (s.zone) ")" }
                p { a.button href=(format!("tel:{}", s.phone.replace(' ', ""))) { "Appeler " (s.phone) } }
                p { (s.items) }
                p { "À encaisser : " strong { (s.to_collect()) } }
            } }
        }
    }
}
