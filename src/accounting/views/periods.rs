//! The periods page: closed months, closing an ended month, reopening the last one.

use maud::{Markup, html};

use super::subnav;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};

/// What was typed in the page's two forms.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub close: String,
    pub reopen: String,
    pub reason: String,
}

pub fn periods(
    csrf: &str,
    (can_close, can_reopen): (bool, bool),
    closed: &[String],
    typed: &Typed,
    errors: &FieldErrors,
) -> Markup {
    let last = closed.first().cloned().unwrap_or_default();
    let reopen = if typed.reopen.is_empty() { last.as_str() } else { typed.reopen.as_str() };
    html! {
        h1 { "Périodes comptables" }
        (subnav("/compta/periodes"))
        div.row {
            section.card {
                h2 { "Mois clôturés" }
                @if closed.is_empty() { p.muted { "Aucun mois clôturé." } }
                ul { @for m in closed { li { (m) } } }
            }
            @if can_close {
                section.card {
                    h2 { "Clôturer un mois" }
                    p.muted { "Un mois se clôture une fois terminé. Ensuite plus aucune écriture ne peut être datée de ce mois : ni vente, ni achat, ni correction." }
                    form.stack method="post" action="/compta/periodes" data-confirm="Clôturer ce mois ? Plus rien ne pourra y être passé." {
                        (form::csrf(csrf))
                        (Input::new("month", "Mois (AAAA-MM)", &typed.close).render(errors))
                        button type="submit" { "Clôturer" }
                    }
                }
            }
            @if can_reopen && !closed.is_empty() {
                section.card {
                    h2 { "Rouvrir le dernier mois clôturé" }
                    p.muted { "Seul le dernier mois clôturé se rouvre ; le motif est gardé au journal d'audit." }
                    form.stack method="post" action="/compta/periodes/rouvrir" {
                        (form::csrf(csrf))
                        (Input::new("reopen", "Mois (AAAA-MM)", reopen).render(errors))
                        (Input::new("reason", "Motif", &typed.reason).render(errors))
                        button.secondary type="submit" { "Rouvrir" }
                    }
                }
            }
        }
    }
}
