//! The B2B orders' pages: the list with the new-order form, an order (send it out), a delivery
//! note (record what came back).

use maud::{Markup, html};

use crate::b2b::store::orders::NoteHead;
use crate::b2b::{NoteLine, Order, OrderLine};
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{day_fr, page_header, table};

/// Lines a new order offers.
pub const ROWS: usize = 6;

/// The order form as typed.
#[derive(Debug, Clone, Default)]
pub struct OrderValues {
    pub customer_id: String,
    pub delivery_day: String,
    pub lines: Vec<(String, String)>,
    pub notes: String,
    pub approver: String,
    pub token: String,
}

pub struct Choices<'a> {
    pub customers: &'a [(i64, String)],
    pub products: &'a [(i64, String)],
    pub approvers: &'a [(i64, String)],
}

fn options(first: &str, items: &[(i64, String)]) -> Vec<(String, String)> {
    std::iter::once((String::new(), first.to_string()))
        .chain(items.iter().map(|(i, n)| (i.to_string(), n.clone())))
        .collect()
}

fn order_form(csrf: &str, c: &Choices, v: &OrderValues, e: &FieldErrors) -> Markup {
    let products = options("— produit —", c.products);
    html! {
        form.stack.card method="post" action="/b2b/commandes" #b2b-order-form {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(v.token);
            h2 { "Nouvelle commande pro" }
            div.row {
                (form::select("customer_id", "Client pro", &options("— client —", c.customers), &v.customer_id, e))
                (Input::new("delivery_day", "Livraison le", &v.delivery_day).kind("date").required().render(e))
            }
            @for i in 0..ROWS {
                @let (p, q) = v.lines.get(i).cloned().unwrap_or_default();
                div.row {
                    (form::select("product", &format!("Produit {}", i + 1), &products, &p, e))
                    (Input::new("qty", "Quantité", &q).inputmode("decimal").render(e))
                }
            }
            @if let Some(m) = e.get("lines") { p.form-error role="alert" { (m) } }
            (form::textarea("notes", "Remarques", &v.notes, e))
            details open[e.get("approval").is_some() || e.get("approval.pin").is_some()] {
                summary { "Au-delà de l'encours : accord de la gérante" }
                div.row {
                    (form::select("approver_id", "Accord de", &options("—", c.approvers), &v.approver, e))
                    (Input::new("pin", "Son code", "").kind("password").inputmode("numeric").autocomplete("off").render(e))
                }
                @if let Some(m) = e.get("approval").or(e.get("approval.pin")) { p.form-error role="alert" { (m) } }
            }
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer la commande" } }
        }
    }
}

fn status_label(s: &str) -> &'static str {
    match s {
        "confirmee" => "à livrer",
        "livree" => "sortie",
        _ => "annulée",
    }
}

/// The orders from a month back, and the new-order form.
pub fn list(csrf: &str, orders: &[Order], c: &Choices, v: &OrderValues, e: &FieldErrors) -> Markup {
    html! {
        (page_header("Commandes pro", html! { a.button.secondary href="/b2b/clients" { "Clients pro" } }))
        @if orders.is_empty() {
            (table::empty("Aucune commande pro."))
        } @else {
            div.table-wrap { table {
                thead { tr { th { "N°" } th { "Client" } th { "Livraison" } th { "État" } th.money { "Total HT" } } }
                tbody { @for o in orders { tr {
                    td { a href=(format!("/b2b/commandes/{}", o.id)) { (o.number) } }
                    td { (o.customer) } td { (day_fr(&o.delivery_day)) } td { (status_label(&o.status)) }
                    td.money { (o.total) }
                } } }
            } }
        }
        (order_form(csrf, c, v, e))
    }
}

/// An order: its lines; while it waits, the form that sends it out (what leaves per line).
pub fn order(csrf: &str, o: &Order, lines: &[OrderLine], e: &FieldErrors) -> Markup {
    html! {
        (page_header(&format!("Commande {}", o.number), html! { a.button.secondary href="/b2b/commandes" { "Commandes pro" } }))
        dl.facts {
            dt { "Client" } dd { a href=(format!("/b2b/clients/{}", o.customer_id)) { (o.customer) } }
            dt { "Livraison" } dd { (day_fr(&o.delivery_day)) }
            dt { "État" } dd { (status_label(&o.status)) }
            dt { "Total HT" } dd { (o.total) }
            @if o.approved_by.is_some() { dt { "Encours" } dd { span.badge.warn { "au-delà de la limite, avec accord" } } }
        }
        @if let Some(n) = o.note_id { p { a.button href=(format!("/b2b/bons/{n}")) { "Bon de livraison" } } }
        form.stack.card method="post" action=(format!("/b2b/commandes/{}/sortir", o.id)) #b2b-ship-form {
            (form::csrf(csrf))
            div.table-wrap { table {
                thead { tr { th { "Produit" } th.money { "Commandé" } th.money { "Prix HT" } th { "Sorti" } } }
                tbody { @for (i, l) in lines.iter().enumerate() { tr {
                    td { (l.name) } td.money { (l.qty) } td.money { (l.unit_price) }
                    td { @if o.status == "confirmee" {
                        (Input::new(&format!("shipped.{}", i + 1), "Sorti", &l.qty.to_string()).inputmode("decimal").render(e))
                    } }
                } } }
            } }
            (form::form_error(e))
            @if o.status == "confirmee" { div.actions { button type="submit" { "Sortir le bon de livraison" } } }
        }
        @if o.status == "confirmee" {
            form method="post" action=(format!("/b2b/commandes/{}/annuler", o.id)) {
                (form::csrf(csrf)) button.secondary type="submit" { "Annuler la commande" }
            }
        }
    }
}

/// A delivery note: what left, short, and once back what was delivered and returned; while out,
/// the form that records the return.
pub fn note(csrf: &str, head: &NoteHead, lines: &[NoteLine], o: &Order, e: &FieldErrors) -> Markup {
    let (id, number, _, _, day, status, invoice) = head;
    let out = status == "sorti";
    html! {
        (page_header(&format!("Bon de livraison {number}"), html! {
            a.button.secondary href=(format!("/b2b/bons/{id}/pdf")) { "PDF (A4)" }
            a.button.secondary href=(format!("/b2b/commandes/{}", o.id)) { "Commande" }
        }))
        dl.facts {
            dt { "Client" } dd { (o.customer) } dt { "Sorti le" } dd { (day_fr(day)) }
            dt { "État" } dd { @if out { "en livraison" } @else if invoice.is_some() { "facturé" } @else { "livré" } }
        }
        form.stack.card method="post" action=(format!("/b2b/bons/{id}/retour")) #b2b-return-form {
            (form::csrf(csrf))
            div.table-wrap { table {
                thead { tr { th { "Produit" } th.money { "Commandé" } th.money { "Sorti" } th.money { "Manquant" }
                    th { "Revenu" } th { "Dont jeté" } th.money { "Livré" } } }
                tbody { @for l in lines { tr {
                    td { (l.name) } td.money { (l.ordered) } td.money { (l.shipped) } td.money { (l.short()) }
                    @if out {
                        td { (Input::new(&format!("returned.{}", l.position), "Revenu", "0").inputmode("decimal").render(e)) }
                        td { (Input::new(&format!("wasted.{}", l.position), "Jeté", "0").inputmode("decimal").render(e)) }
                        td.money { "—" }
                    } @else {
                        td { (l.returned) } td { (l.wasted) } td.money { (l.delivered()) }
                    }
                } } }
            } }
            (form::form_error(e))
            @if out { div.actions { button type="submit" { "Enregistrer le retour" } } }
        }
    }
}
