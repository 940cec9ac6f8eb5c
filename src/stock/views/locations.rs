//! The locations page: rename, add, deactivate.

use maud::{Markup, html};

use super::{Visibility, subnav};
use crate::error::FieldErrors;
use crate::stock::Location;
use crate::ui::form::{self, Input};

pub fn page(
    v: Visibility,
    csrf: &str,
    all: &[(Location, bool)],
    name: &str,
    kind: &str,
    errors: &FieldErrors,
) -> Markup {
    let kinds: Vec<(String, String)> = Location::KINDS.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect();
    let none = FieldErrors::new();
    html! {
        (crate::ui::page_header("Lieux de stock", html! {}))
        (subnav("/stock/lieux", v))
        p.muted { small { "Le type du lieu décide de ce qu'il peut contenir : ingrédients en réserve ou au labo, semi-finis au labo, produits finis au comptoir ou au labo, revente en réserve ou au comptoir, consommables aux emballages ou en réserve." } }
        div.table-wrap { table #locations {
            thead { tr { th { "Nom" } th { "Type" } th { "État" } th {} } }
            tbody { @for (l, active) in all { tr {
                td {
                    form.inline method="post" action=(format!("/stock/lieux/{}", l.id)) {
                        (form::csrf(csrf))
                        (Input::new("name", "Nom", &l.name).render(&none))
                        button.secondary type="submit" { "Renommer" }
                    }
                }
                td { (Location::kind_label(&l.kind)) }
                td { @if *active { span.badge.ok { "actif" } } @else { span.badge.off { "inactif" } } }
                td {
                    form method="post" action=(format!("/stock/lieux/{}/{}", l.id, if *active { "desactiver" } else { "activer" })) {
                        (form::csrf(csrf))
                        button.secondary type="submit" { @if *active { "Désactiver" } @else { "Réactiver" } }
                    }
                }
            } } }
        } }
        form.card.stack method="post" action="/stock/lieux" #new-location {
            (form::csrf(csrf))
            h2 { "Nouveau lieu" }
            div.row {
                (Input::new("name", "Nom", name).required().render(errors))
                (form::select("kind", "Type", &kinds, kind, errors))
            }
            (form::form_error(errors))
            div.actions { button type="submit" { "Ajouter le lieu" } }
        }
    }
}
