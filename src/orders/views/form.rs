//! The order form, drawn again by the server after each tap (a product added, a line removed, a
//! customer chosen or created): the customer, the products, when, and the deposit. Works the
//! same with four products or three hundred: products are found by a search box, not a list.

use std::collections::HashMap;

use maud::{Markup, html};

use super::super::web::forms::{LineForm, OrderForm};
use super::super::{Method, Status, line_total, slots};
use crate::catalog::Product;
use crate::customers::Customer;
use crate::customers::views::card;
use crate::error::FieldErrors;
use crate::money::Money;
use crate::ui::form::{self, Input};

/// New order, or the edit of one.
#[derive(Debug, Clone)]
pub enum Mode {
    New,
    Edit { id: i64, number: String, status: Status, paid: Money },
}

/// Everything the form shows besides what was typed.
pub struct FormView<'a> {
    pub csrf: &'a str,
    pub mode: Mode,
    pub values: &'a OrderForm,
    pub customer: Option<&'a Customer>,
    /// The chosen customer's store credit.
    pub credit: Money,
    /// The products of the lines, by id.
    pub products: &'a HashMap<i64, Product>,
    /// Products often ordered, one tap away.
    pub favourites: &'a [Product],
    /// The user may agree another price (`prix.modifier`).
    pub can_price: bool,
    /// The day orders may be due from (today), for the date picker.
    pub min_day: String,
}

impl FormView<'_> {
    fn action(&self) -> String {
        match &self.mode {
            Mode::New => "/commandes/nouvelle".into(),
            Mode::Edit { id, .. } => format!("/commandes/{id}/modifier"),
        }
    }

    fn lines_locked(&self) -> bool {
        matches!(self.mode, Mode::Edit { status, .. } if status != Status::Confirmed)
    }

    /// Σ of the lines as typed (a quantity that does not read counts 0).
    fn total(&self) -> Money {
        self.values
            .lines
            .iter()
            .filter_map(|l| {
                let p = self.products.get(&l.product_id.trim().parse().ok()?)?;
                let qty = p.unit.parse_qty(&l.qty).ok()?;
                let price = Money::parse(&l.price).ok().or(p.sale_price)?;
                Some(line_total(price, p.unit, qty))
            })
            .sum()
    }
}

/// The hx attributes of a button that redraws the form.
const REDRAW: &str = "/commandes/formulaire";

fn customer_block(v: &FormView, errors: &FieldErrors) -> Markup {
    let locked = matches!(v.mode, Mode::Edit { .. });
    html! {
        section.card #order-customer {
            h2 { "Client" }
            @if let Some(c) = v.customer {
                input type="hidden" name="customer_id" value=(c.id);
                div.chosen {
                    strong.big { (c.name) }
                    (card(c))
                    @if v.credit.cents() > 0 { p { span.badge.ok { "Avoir disponible : " (v.credit) } } }
                    @if !locked {
                        button.secondary type="button" name="unpick" value="1" hx-post=(REDRAW) hx-target="#order-form" hx-swap="outerHTML" { "Changer de client" }
                    }
                }
            } @else {
                input type="hidden" name="customer_id" value="";
                div.field.invalid[errors.get("customer_id").is_some()] {
                    label for="customer-q" { "Chercher par nom ou téléphone" }
                    input #customer-q type="search" name="customer_q" autocomplete="off" placeholder="Nom ou 0551…"
                        hx-get="/commandes/clients" hx-trigger="input changed delay:250ms, search" hx-target="#customer-results";
                    @if let Some(m) = errors.get("customer_id") { small.error { (m) } }
                }
                div #customer-results .pick-list {}
                details.quick-create open[!v.values.new_name.is_empty() || errors.get("new_phone").is_some()] {
                    summary { "Nouveau client" }
                    div.row {
                        (Input::new("new_name", "Nom et prénom", &v.values.new_name).autocomplete("off").render(errors))
                        (Input::new("new_phone", "Téléphone", &v.values.new_phone).kind("tel").inputmode("tel").render(errors))
                    }
                    button.secondary type="button" hx-post="/commandes/client-rapide" hx-target="#order-form" hx-swap="outerHTML" { "Créer ce client" }
                }
            }
        }
    }
}

/// The customers a search found, each one tap away.
pub fn customer_results(found: &[Customer], query: &str) -> Markup {
    html! {
        @if found.is_empty() && !query.trim().is_empty() {
            p.muted { "Aucun client trouvé : créez-le ci-dessous." }
        }
        @for c in found {
            button.pick type="button" name="pick" value=(c.id) hx-post=(REDRAW) hx-target="#order-form" hx-swap="outerHTML" {
                strong { (c.name) } " " span.muted { (c.phone_text()) }
                @if !c.allergies.is_empty() { " " span.badge.err { "allergies" } }
            }
        }
    }
}

/// The products a search found (or the favourites), each one tap away.
pub fn product_results(found: &[Product]) -> Markup {
    html! {
        @for p in found {
            button.pick type="button" name="add" value=(p.id) hx-post=(REDRAW) hx-target="#order-form" hx-swap="outerHTML" {
                strong { (p.name) }
                @if let Some(price) = p.sale_price { " " span.muted { (price) " / " (p.unit.display_name()) } }
            }
        }
    }
}

fn line_row(v: &FormView, i: usize, l: &LineForm, errors: &FieldErrors) -> Markup {
    let product = l.product_id.trim().parse::<i64>().ok().and_then(|id| v.products.get(&id));
    let name = product.map(|p| p.name.as_str()).unwrap_or("Produit inconnu");
    let price = match (l.price.trim(), product.and_then(|p| p.sale_price)) {
        ("", Some(p)) => p.input_value(),
        (typed, _) => typed.to_string(),
    };
    let total = product.and_then(|p| {
        let qty = p.unit.parse_qty(&l.qty).ok()?;
        Some(line_total(Money::parse(&price).ok()?, p.unit, qty))
    });
    let err = |f: &str| errors.get(&format!("lines.{i}.{f}"));
    let locked = v.lines_locked();
    html! {
        div.order-line {
            input type="hidden" name="line_id" value=(l.line_id);
            input type="hidden" name="product_id" value=(l.product_id);
            div.line-name { strong { (name) } @if let Some(m) = err("product_id") { br; small.error { (m) } } }
            div.field.qty.invalid[err("qty").is_some()] {
                label { "Quantité" @if let Some(p) = product { " (" (p.unit.display_name()) ")" } }
                input type="text" name="qty" value=(l.qty) inputmode="decimal" autocomplete="off" readonly[locked]
                    hx-post=(REDRAW) hx-trigger="change" hx-target="#order-totals" hx-select="#order-totals" hx-swap="outerHTML";
                @if let Some(m) = err("qty") { small.error { (m) } }
            }
            div.field.options {
                label { "Options (taille, parfum, inscription)" }
                input type="text" name="options" value=(l.options) autocomplete="off" readonly[locked];
            }
            div.field.price.invalid[err("price").is_some()] {
                label { "Prix unitaire" }
                @if v.can_price && !locked {
                    input type="text" name="price" value=(price) inputmode="decimal" autocomplete="off"
                        hx-post=(REDRAW) hx-trigger="change" hx-target="#order-totals" hx-select="#order-totals" hx-swap="outerHTML";
                } @else {
                    input type="hidden" name="price" value=(l.price);
                    span.money { (Money::parse(&price).unwrap_or_default()) }
                }
                @if let Some(m) = err("price") { small.error { (m) } }
            }
            div.line-total { span.money { (total.unwrap_or_default()) } }
            @if !locked {
                button.secondary.small type="button" name="remove" value=(i) hx-post=(REDRAW) hx-target="#order-form" hx-swap="outerHTML"
                    aria-label=(format!("Retirer {name}")) { "Retirer" }
            }
        }
    }
}

fn lines_block(v: &FormView, errors: &FieldErrors) -> Markup {
    html! {
        section.card #order-lines {
            h2 { "Produits" }
            @if v.lines_locked() {
                p.muted { "Le labo a commencé cette commande : ses produits ne se modifient plus." }
            }
            @for (i, l) in v.values.lines.iter().enumerate() { (line_row(v, i, l, errors)) }
            @if let Some(m) = errors.get("lines") { p.form-error { (m) } }
            @if !v.lines_locked() {
                div.field {
                    label for="product-q" { "Ajouter un produit" }
                    input #product-q type="search" name="product_q" autocomplete="off" placeholder="Fraisier, tarte, 24 mini…"
                        hx-get="/commandes/produits" hx-trigger="input changed delay:250ms, search" hx-target="#product-results";
                }
                div #product-results .pick-list { (product_results(v.favourites)) }
            }
        }
    }
}

fn when_block(v: &FormView, errors: &FieldErrors) -> Markup {
    let f = v.values;
    let slots: Vec<(String, String)> =
        std::iter::once((String::new(), "—".to_string())).chain(slots().into_iter().map(|s| (s.clone(), s))).collect();
    let addresses = v.customer.map(|c| c.address_list()).unwrap_or_default();
    html! {
        section.card #order-when {
            h2 { "Quand et comment" }
            div.choices role="radiogroup" aria-label="Retrait ou livraison" {
                label.choice { input type="radio" name="service" value="retrait" checked[f.service != "livraison"]; span { "Retrait au magasin" } }
                label.choice { input type="radio" name="service" value="livraison" checked[f.service == "livraison"]; span { "Livraison" } }
            }
            div.row {
                div.field.invalid[errors.get("due_day").is_some()] {
                    label for="f-due_day" { "Jour" }
                    input #f-due_day type="date" name="due_day" value=(f.due_day) min=(v.min_day) required;
                    @if let Some(m) = errors.get("due_day") { small.error { (m) } }
                }
                (form::select("due_time", "Heure", &slots, &f.due_time, errors))
            }
            div.field.invalid[errors.get("address").is_some()] {
                label for="f-address" { "Adresse de livraison" }
                input #f-address type="text" name="address" value=(f.address) list="customer-addresses" autocomplete="off";
                datalist #customer-addresses { @for a in &addresses { option value=(a) {} } }
                @if let Some(m) = errors.get("address") { small.error { (m) } } @else { small.help { "Seulement pour une livraison." } }
            }
            (form::textarea("notes", "Notes", &f.notes, errors))
        }
    }
}

/// The payment fields: method, amount, cash handed over (the change is shown), reference. Shared
/// by the deposit of a new order, the "Encaisser" form and the balance at handover. `live`: the
/// change is asked of the server as the cashier types (else the caller shows it).
pub fn payment_fields(
    pay: &super::super::web::forms::PaymentForm,
    credit: Money,
    amount_field: &str,
    errors: &FieldErrors,
    live: bool,
) -> Markup {
    let method = if pay.method.is_empty() { "especes" } else { pay.method.as_str() };
    html! {
        div.choices role="radiogroup" aria-label="Mode de paiement" {
            @for m in Method::ALL.iter().filter(|m| **m != Method::Credit || credit.cents() > 0) {
                label.choice { input type="radio" name="method" value=(m.code()) checked[m.code() == method]; span { (m.label()) } }
            }
        }
        @if let Some(m) = errors.get("method") { small.error { (m) } }
        div.row {
            (Input::new("amount", "Montant", &pay.amount).inputmode("decimal").autocomplete("off").render(&errors_as(errors, amount_field)))
            div.field.invalid[errors.get("tendered").is_some()] {
                label for="f-tendered" { "Remis par le client (espèces)" }
                @if live {
                    input #f-tendered type="text" name="tendered" value=(pay.tendered) inputmode="decimal" autocomplete="off"
                        hx-get="/commandes/rendu" hx-include="closest form" hx-trigger="input changed delay:200ms" hx-target="#change-due";
                } @else {
                    input #f-tendered type="text" name="tendered" value=(pay.tendered) inputmode="decimal" autocomplete="off";
                }
                @if let Some(m) = errors.get("tendered") { small.error { (m) } }
                @else if live { small.help #change-due { (change_text(&pay.amount, &pay.tendered)) } }
            }
            (Input::new("reference", "Référence (chèque, ticket TPE)", &pay.reference).autocomplete("off").render(errors))
        }
        input type="hidden" name="pay_token" value=(pay.pay_token);
    }
}

/// The messages of `from` shown under the field named `amount`.
fn errors_as(errors: &FieldErrors, from: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    if let Some(m) = errors.get(from) {
        e.add("amount", m);
    }
    e
}

/// "Rendu : 500,00 DA", from the amount and what was handed over.
pub fn change_text(amount: &str, tendered: &str) -> String {
    match (Money::parse(amount), Money::parse(tendered)) {
        (Ok(a), Ok(t)) if t > a => format!("Rendu : {}", t - a),
        (Ok(a), Ok(t)) if t < a => format!("Il manque {}", a - t),
        _ => "Sans monnaie à rendre.".into(),
    }
}

fn deposit_block(v: &FormView, errors: &FieldErrors) -> Markup {
    let total = v.total();
    let paid = match &v.mode {
        Mode::New => Money::parse(&v.values.pay.amount).unwrap_or_default(),
        Mode::Edit { paid, .. } => *paid,
    };
    html! {
        // Typing the deposit or the cash handed over redraws the totals and the change (computed by
        // the server, as it will save them).
        section.card #order-deposit hx-post=(REDRAW) hx-trigger="input changed delay:300ms, change"
            hx-target="#order-totals" hx-select="#order-totals" hx-swap="outerHTML" {
            (totals(total, paid, &v.values.pay))
            @if matches!(v.mode, Mode::New) {
                h2 { "Acompte" }
                p.muted { "Laissez le montant vide pour une commande sans acompte. La caisse de cette tablette doit être ouverte." }
                (payment_fields(&v.values.pay, v.credit, "deposit", errors, false))
            }
        }
    }
}

fn totals(total: Money, paid: Money, pay: &super::super::web::forms::PaymentForm) -> Markup {
    let cash = pay.method.is_empty() || pay.method == Method::Cash.code();
    html! {
        dl.facts.totals #order-totals {
            dt { "Total" } dd { strong.money { (total) } }
            @if paid.cents() > 0 {
                dt { "Acompte" } dd.money { (paid) }
                dt { "Reste à payer" } dd.money { (total - paid) }
            }
            @if cash && !pay.tendered.trim().is_empty() {
                dt { "Monnaie" } dd #change-due { (change_text(&pay.amount, &pay.tendered)) }
            }
        }
    }
}

/// The whole form (what the redraws replace).
pub fn form(v: &FormView, errors: &FieldErrors) -> Markup {
    html! {
        form.stack.order-form #order-form method="post" action=(v.action()) {
            (form::csrf(v.csrf))
            input type="hidden" name="token" value=(v.values.token);
            @if let Mode::Edit { id, .. } = &v.mode { input type="hidden" name="order_id" value=(id); }
            (customer_block(v, errors))
            (lines_block(v, errors))
            (when_block(v, errors))
            (deposit_block(v, errors))
            (form::form_error(errors))
            div.actions.sticky-actions {
                button type="submit" { @if matches!(v.mode, Mode::New) { "Enregistrer la commande" } @else { "Enregistrer les modifications" } }
            }
        }
    }
}

/// The page around the form.
pub fn page(v: &FormView, errors: &FieldErrors) -> Markup {
    let title = match &v.mode {
        Mode::New => "Nouvelle commande".to_string(),
        Mode::Edit { number, .. } => format!("Modifier la commande {number}"),
    };
    let back = match &v.mode {
        Mode::New => "/commandes/jour".to_string(),
        Mode::Edit { id, .. } => format!("/commandes/{id}"),
    };
    html! {
        (crate::ui::page_header(&title, html! { a.button.secondary href=(back) { "Retour" } }))
        (form(v, errors))
    }
}
