//! The payment form of a business customer: its open invoices (tick those it pays), the amount,
//! how, the cheque or transfer number.

use maud::{Markup, html};

use crate::b2b::{Customer, Invoice, PayMode};
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{day_fr, page_header, table};

/// The payment form as typed.
#[derive(Debug, Clone, Default)]
pub struct PaymentValues {
    pub mode: String,
    pub amount: String,
    pub reference: String,
    pub invoices: Vec<String>,
    pub token: String,
}

pub fn page(csrf: &str, c: &Customer, open: &[Invoice], v: &PaymentValues, e: &FieldErrors) -> Markup {
    let modes: Vec<(String, String)> = PayMode::ALL.iter().map(|m| (m.code().into(), m.label().into())).collect();
    html! {
        (page_header(&format!("Paiement de « {} »", c.name), html! {
            a.button.secondary href=(format!("/b2b/clients/{}", c.id)) { "Client" }
        }))
        @if open.is_empty() {
            (table::empty("Aucune facture à payer."))
        } @else {
            form.stack.card method="post" action=(format!("/b2b/clients/{}/paiement", c.id)) #b2b-payment-form {
                (form::csrf(csrf))
                input type="hidden" name="token" value=(v.token);
                fieldset {
                    legend { "Factures payées (aucune cochée : les plus anciennes d'abord)" }
                    @for i in open {
                        (form::checkbox("invoice", &i.id.to_string(),
                            &format!("{} — échéance {} — reste {}", i.number, day_fr(&i.due_day), i.open),
                            v.invoices.contains(&i.id.to_string()), false))
                    }
                }
                div.row {
                    (Input::new("amount", "Montant (DA)", &v.amount).inputmode("decimal").required().render(e))
                    (form::select("mode", "Mode", &modes, &v.mode, e))
                    (Input::new("reference", "N° (chèque, virement, traite)", &v.reference).render(e))
                }
                p.muted { "En espèces : l'argent entre dans le tiroir de la caisse ouverte, droit de timbre en sus." }
                (form::form_error(e))
                div.actions { button type="submit" { "Enregistrer le paiement" } }
            }
        }
    }
}

/// The dunning list: per customer (the oldest overdue first) its open invoices, oldest first,
/// with their days past due, and what it owes by age.
pub fn dunning(list: &[crate::b2b::ops::payments::Dunning]) -> Markup {
    html! {
        (page_header("Relances", html! { a.button.secondary href="/b2b/factures" { "Factures pro" } }))
        @if list.is_empty() {
            (table::empty("Aucune facture à payer."))
        } @else {
            h2 { "Balance âgée (jours après l'échéance)" }
            div.table-wrap { table {
                thead { tr { th { "Client" } @for a in super::statement::AGES { th.money { (a) } } } }
                tbody { @for d in list { tr {
                    td { a href=(format!("/b2b/clients/{}", d.customer_id)) { (d.customer) } }
                    @for m in d.ageing { td.money { (m) } }
                } } }
            } }
            h2 { "Factures en retard" }
            @for d in list.iter().filter(|d| d.invoices.iter().any(|(_, l)| *l > 0)) {
                h3 { (d.customer) }
                ul { @for (i, late) in d.invoices.iter().filter(|(_, l)| *l > 0) {
                    li { a href=(format!("/b2b/factures/{}", i.id)) { (i.number) }
                        " — échue le " (day_fr(&i.due_day)) " (" (late) " j) — reste " (i.open) }
                } }
            }
        }
    }
}
