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
                    (Input::new("reference", "N° du chèque, du virement ou de la traite", &v.reference).render(e))
                }
                p.muted { "En espèces : l'argent entre dans le tiroir de la caisse ouverte, droit de timbre en sus." }
                (form::form_error(e))
                div.actions { button type="submit" { "Enregistrer le paiement" } }
            }
        }
    }
}
