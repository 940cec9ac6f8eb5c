//! The bank deposit page.

use maud::{Markup, html};

use super::subnav;
use crate::error::FieldErrors;
use crate::money::Money;
use crate::ui;
use crate::ui::form::{self, Input};

/// The bank deposit of the cash handed over at closes (581 → 512).
pub fn transit(
    csrf: &str,
    in_transit: Money,
    amount: &str,
    reference: &str,
    token: &str,
    errors: &FieldErrors,
) -> Markup {
    html! {
        (ui::page_header("Versement en banque des remises", html! {}))
        (subnav("/caisse/versement"))
        section.card {
            p { "Espèces remises aux fermetures, pas encore versées : " strong { (in_transit) } }
            form.stack method="post" action="/caisse/versement" {
                (form::csrf(csrf))
                input type="hidden" name="token" value=(token);
                (Input::new("amount", "Montant versé (DA)", amount).inputmode("decimal").required().render(errors))
                (Input::new("reference", "Référence du bordereau", reference).render(errors))
                button type="submit" { "Enregistrer le versement" }
            }
        }
    }
}
