//! The printers page: each till's printer, its tests, and the recent print jobs.

use maud::{Markup, html};

use super::driver::DRIVERS;
use super::ops::TillForm;
use super::queue::MAX_ATTEMPTS;
use super::{Job, kind_label, status_label};
use crate::cash::Till;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};

/// The till being edited, with what was typed and what is wrong.
pub struct Editing<'a> {
    pub till_id: i64,
    pub form: &'a TillForm,
    pub errors: &'a FieldErrors,
}

pub fn page(
    csrf: &str,
    tills: &[Till],
    jobs: &[Job],
    editing: Option<&Editing>,
    when: &dyn Fn(&str) -> String,
) -> Markup {
    html! {
        (crate::ui::page_header("Imprimantes de caisse", html! {}))
        p.muted { small { "Chaque caisse imprime ses tickets sur son imprimante (réseau, USB ou série). "
            "Sans imprimante, le reçu s'affiche pour être imprimé par le navigateur. "
            "Une impression en échec n'empêche jamais une vente : relancez-la ici." } }
        @for till in tills {
            @let fresh = TillForm::of(till);
            @let none = FieldErrors::new();
            @let (f, errors) = match editing {
                Some(e) if e.till_id == till.id => (e.form, e.errors),
                _ => (&fresh, &none),
            };
            (till_card(csrf, till, f, errors))
        }
        h2 { "Dernières impressions" }
        (jobs_table(csrf, tills, jobs, when))
    }
}

fn till_card(csrf: &str, till: &Till, f: &TillForm, errors: &FieldErrors) -> Markup {
    let drivers: Vec<(String, String)> = DRIVERS.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect();
    let widths: Vec<(String, String)> = [
        ("32", "32 caractères (papier 58 mm)"),
        ("42", "42 caractères (80 mm, petite police)"),
        ("48", "48 caractères (papier 80 mm)"),
    ]
    .iter()
    .map(|(c, l)| (c.to_string(), l.to_string()))
    .collect();
    html! {
        section.card.stack id=(format!("caisse-{}", till.id)) {
            h2 { (till.name) }
            form.stack method="post" action=(format!("/caisse/imprimantes/{}", till.id)) {
                (form::csrf(csrf))
                div.row {
                    (Input::new("name", "Nom de la caisse", &f.name).required().render(errors))
                    (form::select("printer_driver", "Imprimante", &drivers, &f.printer_driver, errors))
                }
                div.row {
                    (Input::new("printer_address", "Adresse", &f.printer_address)
                        .help("192.168.1.50:9100 (réseau), /dev/usb/lp0 (USB), /dev/ttyUSB0 (série)")
                        .render(errors))
                    (form::select("printer_width", "Largeur du papier", &widths, &f.printer_width, errors))
                }
                (form::checkbox("drawer", "1", "Un tiroir-caisse est branché sur l'imprimante", f.drawer.is_some(), false))
                (form::form_error(errors))
                div.actions { button type="submit" { "Enregistrer" } }
            }
            div.actions {
                form.inline method="post" action=(format!("/caisse/imprimantes/{}/test", till.id)) {
                    (form::csrf(csrf))
                    @if till.drawer { (form::checkbox("drawer", "1", "Ouvrir aussi le tiroir", false, false)) }
                    button.secondary type="submit" { "Imprimer une page de test" }
                }
                @if till.drawer {
                    form.inline method="post" action=(format!("/caisse/imprimantes/{}/tiroir", till.id)) {
                        (form::csrf(csrf))
                        button.secondary type="submit" { "Tester l'ouverture du tiroir" }
                    }
                }
            }
        }
    }
}

fn badge(status: &str) -> Markup {
    let class = match status {
        "imprime" => "badge ok",
        "echec" => "badge err",
        "sans_imprimante" => "badge off",
        _ => "badge",
    };
    html! { span class=(class) { (status_label(status)) } }
}

fn jobs_table(csrf: &str, tills: &[Till], jobs: &[Job], when: &dyn Fn(&str) -> String) -> Markup {
    if jobs.is_empty() {
        return crate::ui::table::empty("Aucune impression pour l'instant.");
    }
    html! {
        div.table-wrap { table #print-jobs {
            thead { tr { th { "N°" } th { "Caisse" } th { "Document" } th { "Demandé le" } th { "État" } th { "Essais" } th { "Erreur" } th {} } }
            tbody { @for j in jobs { tr {
                td { (j.id) }
                td { (tills.iter().find(|t| t.id == j.till_id).map(|t| t.name.as_str()).unwrap_or("?")) }
                td { a href=(format!("/caisse/impressions/{}", j.id)) { (kind_label(&j.kind)) } @if j.open_drawer { " + tiroir" } }
                td { (when(&j.created_at)) }
                td { (badge(&j.status)) }
                td { (j.attempts) " / " (MAX_ATTEMPTS) }
                td { small { (j.last_error) } }
                td { @if j.status == "echec" {
                    form method="post" action=(format!("/caisse/impressions/{}/relancer", j.id)) {
                        (form::csrf(csrf))
                        button.secondary type="submit" { "Relancer" }
                    }
                } }
            } } }
        } }
    }
}

/// A job's receipt, printable from the browser.
pub fn job_page(title: &str, doc: &super::Doc) -> Markup {
    html! {
        (crate::ui::page_header(title, html! { button type="button" data-print { "Imprimer" } }))
        (super::html(doc))
    }
}
