//! One order: who, when, what (made or not), the money (every payment, what is left), and only
//! the actions its state allows: pay, receive from the lab, hand over (taking the balance),
//! cancel (saying what happens to the deposit and the made goods).

use maud::{Markup, html};

use super::super::web::forms::PaymentForm;
use super::super::{Method, OrderFull, Payment, Service, Source, Status};
use super::form::payment_fields;
use super::{badge, due_text};
use crate::clock::Clock;
use crate::customers::views::card;
use crate::error::FieldErrors;
use crate::money::Money;
use crate::ui::{form, page_header};

/// What the page shows besides the order.
pub struct DetailView<'a> {
    pub f: &'a OrderFull,
    pub csrf: &'a str,
    pub clock: &'a Clock,
    pub credit: Money,
    /// The user may cancel (`commandes.annuler`).
    pub can_cancel: bool,
    /// This tablet's till has an open shift (payments need one).
    pub shift_open: bool,
    /// Fresh one-time tokens for the forms.
    pub tokens: [String; 3],
}

fn lines(v: &DetailView) -> Markup {
    html! {
        div.table-wrap { table #order-lines {
            thead { tr { th { "Produit" } th { "Options" } th.num { "Quantité" } th.num { "Prix" } th.num { "Total" } th { "Labo" } } }
            tbody { @for l in &v.f.lines { tr {
                td { (l.name) @if l.unit_price != l.catalog_price { br; small.muted { "prix du catalogue : " (l.catalog_price) } } }
                td { (l.options) }
                td.num { (l.unit.format(l.qty)) }
                td.num { (l.unit_price) }
                td.num { (l.total) }
                td { @match (l.source, l.production_id.is_some()) {
                    (Source::Counter, _) => span.badge.off { "du comptoir" },
                    (_, true) => span.badge.ok { "fait" },
                    _ => span.badge.warn { "à faire" },
                } }
            } } }
        } }
    }
}

fn payment_row(v: &DetailView, p: &Payment) -> Markup {
    html! {
        tr {
            td { (crate::ui::datetime(v.clock, &p.at)) }
            td { (p.kind_label()) }
            td { (Method::label_of(&p.method)) @if !p.reference.is_empty() { " " small.muted { (p.reference) } } }
            td.num { (p.amount) }
            td.num { @if p.change.cents() > 0 { (p.tendered) } }
            td.num { @if p.change.cents() > 0 { strong { (p.change) } } }
            td { (p.user) }
        }
    }
}

fn money(v: &DetailView) -> Markup {
    let o = &v.f.order;
    html! {
        section.card #order-money {
            h2 { "Paiements" }
            dl.facts.totals {
                dt { "Total" } dd { strong.money { (o.total) } }
                dt { "Déjà payé" } dd.money { (o.paid) }
                dt { "Reste à payer" } dd { (super::balance(o.balance())) }
            }
            @if !v.f.payments.is_empty() {
                div.table-wrap { table #order-payments {
                    thead { tr { th { "Date" } th { "Type" } th { "Mode" } th.num { "Montant" } th.num { "Reçu" } th.num { "Rendu" } th { "Par" } } }
                    tbody { @for p in &v.f.payments { (payment_row(v, p)) } }
                } }
            }
        }
    }
}

fn no_shift(v: &DetailView) -> Markup {
    html! {
        @if !v.shift_open {
            p.form-error { "La caisse de cette tablette est fermée : " a href="/caisse/session" { "ouvrez-la" } " pour encaisser." }
        }
    }
}

fn pay_panel(v: &DetailView, errors: &FieldErrors) -> Markup {
    let id = v.f.order.id;
    let pay = PaymentForm { pay_token: v.tokens[0].clone(), ..PaymentForm::default() };
    html! {
        details.card.panel #pay-panel open[errors.get("amount").is_some()] {
            summary { "Encaisser un acompte ou un versement" }
            form.stack method="post" action=(format!("/commandes/{id}/paiements")) {
                (form::csrf(v.csrf))
                (no_shift(v))
                (payment_fields(&pay, v.credit, "amount", errors, true))
                div.actions { button type="submit" { "Encaisser" } }
            }
        }
    }
}

fn receive_panel(v: &DetailView) -> Markup {
    let id = v.f.order.id;
    let left = v.f.to_make();
    html! {
        section.card.panel #receive-panel {
            @if left.is_empty() {
                p { "Le labo a tout fait." }
                form method="post" action=(format!("/commandes/{id}/recevoir")) {
                    (form::csrf(v.csrf))
                    button type="submit" { "Reçue au magasin" }
                }
            } @else {
                p { "Au labo, reste à faire : "
                    @for (i, l) in left.iter().enumerate() { @if i > 0 { ", " } (l.unit.format(l.qty)) " × " (l.name) } "." }
            }
        }
    }
}

fn hand_over_panel(v: &DetailView, errors: &FieldErrors) -> Markup {
    let o = &v.f.order;
    let balance = o.balance();
    let pay = PaymentForm { amount: balance.input_value(), pay_token: v.tokens[0].clone(), ..PaymentForm::default() };
    html! {
        section.card.panel.highlight #handover-panel {
            h2 { "Remettre au client" }
            form.stack method="post" action=(format!("/commandes/{}/remettre", o.id)) {
                (form::csrf(v.csrf))
                input type="hidden" name="token" value=(v.tokens[1]);
                @if balance.cents() > 0 {
                    p.big { "Solde à encaisser : " strong.money { (balance) } }
                    (no_shift(v))
                    (payment_fields(&pay, v.credit, "amount", errors, true))
                    div.actions { button type="submit" { "Encaisser " (balance) " et remettre" } }
                } @else {
                    p { "La commande est payée." }
                    div.actions { button type="submit" { "Remettre au client" } }
                }
            }
        }
    }
}

fn cancel_panel(v: &DetailView, errors: &FieldErrors) -> Markup {
    let o = &v.f.order;
    let made = v.f.lines.iter().any(|l| l.production_id.is_some());
    let open = ["reason", "refund", "goods"].iter().any(|f| errors.get(f).is_some());
    html! {
        details.card.panel #cancel-panel open[open] {
            summary { "Annuler la commande" }
            form.stack method="post" action=(format!("/commandes/{}/annuler", o.id)) {
                (form::csrf(v.csrf))
                input type="hidden" name="token" value=(v.tokens[2]);
                (form::field("reason", "Motif", "", errors))
                @if o.paid.cents() > 0 {
                    fieldset.invalid[errors.get("refund").is_some()] {
                        legend { (o.paid) " déjà payés" }
                        label.choice { input type="radio" name="refund" value="especes"; span { "Rendre en espèces (caisse ouverte)" } }
                        label.choice { input type="radio" name="refund" value="avoir"; span { "Garder en avoir pour le client" } }
                        @if let Some(m) = errors.get("refund") { small.error { (m) } }
                    }
                }
                @if made {
                    fieldset.invalid[errors.get("goods").is_some()] {
                        legend { "Produits déjà faits" }
                        label.choice { input type="radio" name="goods" value="comptoir"; span { "Les mettre en vente au comptoir" } }
                        label.choice { input type="radio" name="goods" value="perte"; span { "Les jeter (perte)" } }
                        @if let Some(m) = errors.get("goods") { small.error { (m) } }
                    }
                }
                div.actions { button.danger type="submit" { "Annuler la commande" } }
            }
        }
    }
}

fn actions(v: &DetailView, errors: &FieldErrors) -> Markup {
    let o = &v.f.order;
    html! {
        @match o.status {
            Status::Confirmed | Status::InProduction => {
                (receive_panel(v))
                @if o.balance().cents() > 0 { (pay_panel(v, errors)) }
            }
            Status::Ready => (hand_over_panel(v, errors)),
            Status::HandedOver => p.card { "Remise le " (o.handed_at.as_deref().map(|t| crate::ui::datetime(v.clock, t)).unwrap_or_default()) "." },
            Status::Cancelled => p.card { "Annulée le " (o.cancelled_at.as_deref().map(|t| crate::ui::datetime(v.clock, t)).unwrap_or_default())
                " : " (o.cancel_reason) },
        }
        @if o.status.is_open() && v.can_cancel { (cancel_panel(v, errors)) }
    }
}

pub fn page(v: &DetailView, errors: &FieldErrors) -> Markup {
    let (o, c) = (&v.f.order, &v.f.customer);
    let header_actions = html! {
        @if o.status.is_open() { a.button.secondary href=(format!("/commandes/{}/modifier", o.id)) { "Modifier" } }
        a.button.secondary href=(format!("/commandes/{}/bon", o.id)) { "Voir le bon" }
        form.inline method="post" action=(format!("/commandes/{}/reimprimer", o.id)) {
            (form::csrf(v.csrf)) button.secondary type="submit" { "Réimprimer" }
        }
    };
    html! {
        (page_header(&format!("Commande {}", o.number), header_actions))
        div.order-head {
            section.card {
                p { (badge(o.status)) " " strong { (due_text(o.service, &o.due_day, &o.due_time)) } }
                @if !o.address.is_empty() { p { "Adresse : " (o.address) } }
                @if o.service == Service::Delivery && o.status.is_open() {
                    p { a href=(format!("/livraisons/commandes/{}", o.id)) { "Zone et frais de livraison" } }
                }
                h2 { a href=(format!("/clients/{}", c.id)) { (c.name) } }
                (card(c))
                @if !o.notes.is_empty() { p.notes { strong { "Notes : " } (o.notes) } }
                p.muted { small { "Prise le " (crate::ui::datetime(v.clock, &o.created_at)) " par " (o.user) "." } }
            }
            (money(v))
        }
        (actions(v, errors))
        h2 { "Produits" }
        (lines(v))
    }
}

/// The order's slip as the browser prints it (a till without a receipt printer).
pub fn slip_page(number: &str, id: i64, slip: Markup) -> Markup {
    html! {
        (page_header(&format!("Bon de la commande {number}"), html! {
            a.button.secondary href=(format!("/commandes/{id}")) { "Retour" }
            button type="button" data-print="1" { "Imprimer" }
        }))
        (slip)
    }
}
