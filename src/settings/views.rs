//! The settings page.

use maud::{Markup, html};

use super::SettingsForm;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};

pub fn page(csrf: &str, v: &SettingsForm, errors: &FieldErrors) -> Markup {
    html! {
        h1 { "Paramètres de la boutique" }
        form.stack method="post" action="/admin/parametres" {
            (form::csrf(csrf))
            section.card {
                h2 { "Identité" }
                div.row {
                    (Input::new("name", "Nom de la boutique", &v.name).required().render(errors))
                    (Input::new("phone", "Téléphone", &v.phone).kind("tel").render(errors))
                }
                (form::textarea("address", "Adresse", &v.address, errors))
            }
            section.card {
                h2 { "Identifiants légaux" }
                p.muted { "Imprimés sur les tickets et les factures." }
                div.row {
                    (Input::new("nif", "NIF", &v.nif).inputmode("numeric").help("Numéro d'identification fiscale").render(errors))
                    (Input::new("rc", "RC", &v.rc).help("Registre du commerce").render(errors))
                    (Input::new("nis", "NIS", &v.nis).inputmode("numeric").help("Numéro d'identification statistique").render(errors))
                    (Input::new("ai", "AI", &v.ai).help("Article d'imposition").render(errors))
                    (Input::new("cnas_employer", "N° employeur CNAS", &v.cnas_employer).inputmode("numeric").help("Imprimé sur les bulletins de paie").render(errors))
                }
            }
            section.card {
                h2 { "Tickets de caisse" }
                (form::textarea("receipt_header", "En-tête du ticket", &v.receipt_header, errors))
                (form::textarea("receipt_footer", "Pied du ticket", &v.receipt_footer, errors))
            }
            section.card {
                h2 { "Heure et journée" }
                div.row {
                    (Input::new("timezone", "Fuseau horaire", &v.timezone).help("Par défaut Africa/Algiers.").render(errors))
                    (Input::new("day_start_hour", "Début de la journée commerciale (heure)", &v.day_start_hour).kind("number").inputmode("numeric")
                        .help("Les ventes avant cette heure comptent pour la veille (soirées de Ramadan). 4 par défaut.").render(errors))
                }
            }
            (form::form_error(errors))
            div.actions { button type="submit" { "Enregistrer les paramètres" } }
        }
    }
}
