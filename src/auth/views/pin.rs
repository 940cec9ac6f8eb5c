//! The PIN cards (one's own account, a user's admin page) and the sellers' tiles of the quick
//! switch at a shared till.

use maud::{Markup, html};

use crate::error::FieldErrors;
use crate::ui::form::{self, Input};

/// The PIN card of "Mon compte".
pub fn own_pin_card(csrf: &str, has_pin: bool, errors: &FieldErrors) -> Markup {
    html! {
        section.card #pin-card {
            h2 { "Mon code PIN de caisse" }
            p.muted { @if has_pin { "Votre code PIN est défini : il vous permet de prendre la caisse d'un toucher." }
                      @else { "Aucun code PIN : définissez-en un pour passer d'une vendeuse à l'autre sans mot de passe." } }
            form.stack method="post" action="/compte/code-pin" {
                (form::csrf(csrf))
                (Input::new("pin", "Nouveau code PIN (4 à 6 chiffres)", "").kind("password").inputmode("numeric").autocomplete("off").required().render(errors))
                (Input::new("pin_confirm", "Confirmez le code PIN", "").kind("password").inputmode("numeric").autocomplete("off").required().render(errors))
                (Input::new("pin_current", "Mot de passe actuel", "").kind("password").autocomplete("current-password").required().render(errors))
                (form::form_error(errors))
                button type="submit" { "Enregistrer le code PIN" }
            }
        }
    }
}

/// The PIN card of a user's admin page: set one, or clear it.
pub fn admin_pin_card(csrf: &str, user_id: i64, has_pin: bool, errors: &FieldErrors) -> Markup {
    html! {
        section.card #pin-card {
            h2 { "Code PIN de caisse" }
            p { @if has_pin { span.badge.ok { "défini" } } @else { span.badge.off { "aucun" } } }
            form.stack method="post" action=(format!("/admin/utilisateurs/{user_id}/code-pin")) {
                (form::csrf(csrf))
                (Input::new("pin", "Nouveau code PIN (4 à 6 chiffres)", "").kind("password").inputmode("numeric").autocomplete("off").render(errors))
                (form::form_error(errors))
                div.actions {
                    button type="submit" name="action" value="set" { "Définir le code PIN" }
                    @if has_pin { button.secondary type="submit" name="action" value="clear" { "Effacer le code PIN" } }
                }
            }
        }
    }
}

/// One seller's tile: her name and a PIN field; htmx swaps the tile with its answer.
pub fn seller_tile(csrf: &str, id: i64, name: &str, error: Option<&str>) -> Markup {
    let mut errors = FieldErrors::new();
    if let Some(m) = error {
        errors.add("pin", m);
    }
    html! {
        form.card.seller-tile method="post" action="/caisse/vendeuse" hx-post="/caisse/vendeuse" hx-swap="outerHTML" {
            (form::csrf(csrf))
            input type="hidden" name="user_id" value=(id);
            h3 { (name) }
            (Input::new("pin", "Code PIN", "").kind("password").inputmode("numeric").autocomplete("off").required().render(&errors))
            button type="submit" { "Prendre la caisse" }
        }
    }
}

/// The tiles of every other seller who can take the till (never the one who has it already).
pub fn seller_tiles(csrf: &str, sellers: &[(i64, String)], me: i64) -> Markup {
    let others: Vec<&(i64, String)> = sellers.iter().filter(|(id, _)| *id != me).collect();
    html! {
        div.seller-tiles #sellers {
            @if others.is_empty() {
                p.muted { "Aucune autre vendeuse n'a de code PIN : chacune le définit dans « Mon compte »." }
            }
            @for (id, name) in others {
                (seller_tile(csrf, *id, name, None))
            }
        }
    }
}
