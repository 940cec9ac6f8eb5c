//! The till's "Livraison" window: the cart sold for delivery (customer, address, zone and fee,
//! paid now or at the door), and what the till shows once it is recorded.

use maud::{Markup, html};

use crate::deliveries::Zone;
use crate::error::FieldErrors;
use crate::money::Money;
use crate::pos::ops::quote::Quote;
use crate::ui::form::{self, Input};

/// The form as typed (the cart as the tablet sent it, JSON).
#[derive(Debug, Clone, Default)]
pub struct SaleValues {
    pub cart: String,
    pub token: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub zone_id: String,
    pub fee: String,
    /// "maintenant" or "livraison".
    pub pay: String,
    pub method: String,
    pub deposit: String,
    pub notes: String,
}

fn lines(q: &Quote, e: &FieldErrors) -> Markup {
    html! {
        ol.cart-lines.delivery-lines {
            @for (i, l) in q.lines.iter().enumerate() {
                li.cart-line {
                    span.name { (l.product.name) }
                    span.qty { (l.product.unit.format(l.qty)) " × " (l.price) }
                    span.amount.money { (l.gross) }
                    @if let Some(m) = e.get(&format!("lines.{i}.qty")).or(e.get(&format!("lines.{i}.product_id"))) {
                        small.error { (m) }
                    }
                }
            }
        }
        p.delivery-total { "Produits : " strong.money { (q.gross) } " — les frais de livraison sont encaissés à la porte par le livreur." }
        @if let Some(m) = e.get("lines") { p.form-error data-field="lines" { (m) } }
    }
}

fn zone_select(zones: &[Zone], v: &SaleValues, e: &FieldErrors) -> Markup {
    let error = e.get("zone_id");
    html! {
        div.field.invalid[error.is_some()] {
            label for="f-zone_id" { "Zone (commune) " abbr title="obligatoire" { "*" } }
            select #f-zone_id name="zone_id" aria-invalid=[error.map(|_| "true")] {
                option value="" { "Choisir…" }
                @for z in zones.iter().filter(|z| z.active) {
                    option value=(z.id) data-fee=(z.fee.input_value()) selected[v.zone_id == z.id.to_string()] {
                        (z.name) " — " (z.fee.to_string())
                    }
                }
            }
            @if let Some(m) = error { small.error { (m) } }
        }
    }
}

fn payment(v: &SaleValues, e: &FieldErrors) -> Markup {
    let now = v.pay == "maintenant";
    html! {
        fieldset.delivery-pay {
            legend { "Paiement des produits" }
            div.choice {
                label.check { input type="radio" name="pay" value="livraison" checked[!now]; span { "À encaisser à la livraison" } }
                label.check { input type="radio" name="pay" value="maintenant" checked[now]; span { "Payée maintenant" } }
            }
            div.row {
                (form::select("method", "Moyen de paiement (maintenant)", &[
                    ("especes".into(), "Espèces".into()), ("carte".into(), "Carte (TPE)".into()), ("cheque".into(), "Chèque".into()),
                ], &v.method, e))
                (Input::new("deposit", "Acompte versé maintenant (DA)", &v.deposit).inputmode("decimal").autocomplete("off")
                    .help("Seulement si elle n'est pas payée maintenant ; vide : tout à la porte.").render(e))
            }
        }
    }
}

/// The delivery form, for the cart as priced at this till.
pub fn form(csrf: &str, q: &Quote, zones: &[Zone], v: &SaleValues, e: &FieldErrors) -> Markup {
    html! {
        form #till-delivery .stack hx-post="/caisse/livraison" hx-target="#till-dialog-body" {
            (form::csrf(csrf))
            input type="hidden" name="cart" value=(v.cart);
            input type="hidden" name="token" value=(v.token);
            h2 { "Livraison depuis le comptoir" }
            (lines(q, e))
            div.row {
                (Input::new("name", "Nom du client", &v.name).required().autocomplete("off").render(e))
                (Input::new("phone", "Téléphone", &v.phone).kind("tel").inputmode("tel").required().autocomplete("off").render(e))
            }
            (Input::new("address", "Adresse de livraison", &v.address).required().autocomplete("off").render(e))
            div.row {
                (zone_select(zones, v, e))
                (Input::new("fee", "Frais de livraison (DA)", &v.fee).inputmode("decimal").autocomplete("off")
                    .help("Ceux de la zone ; au-delà de son plafond, il faut le droit « livraisons.frais ».").render(e))
            }
            (payment(v, e))
            (Input::new("notes", "Note pour le livreur", &v.notes).autocomplete("off").render(e))
            (form::form_error(e))
            p.actions {
                button.secondary type="button" data-act="close-dialog" { "Retour au ticket" }
                button.primary type="submit" { "Enregistrer la livraison" }
            }
        }
    }
}

/// The delivery recorded: its number, what was paid, what the deliveryman collects at the door.
pub fn done(number: &str, paid: Money, at_door: Money) -> Markup {
    html! {
        div.sale-done role="status" {
            p.big { "Livraison " (number) " enregistrée" }
            p { "Prête à partir : elle attend sur le tableau des tournées. Les produits ont quitté le comptoir." }
            @if paid.cents() > 0 { p { "Payé maintenant : " strong.money { (paid) } } }
            p { "À encaisser à la porte (frais compris) : " strong.money { (at_door) } }
            p.actions { button.primary type="button" data-act="close-dialog" { "Nouveau ticket" } }
        }
    }
}
