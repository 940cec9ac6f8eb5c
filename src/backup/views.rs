//! The backup page: state, "run now" and "download now", settings, and the list of runs.

use maud::{Markup, html};

use super::{MAX_AGE_HOURS, ONE_DISK, Reason, Run, SettingsForm, human_size};
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::ui::{datetime, form, table};

/// What the page shows about the latest successful backup.
pub struct Status<'a> {
    pub last_success: Option<&'a Run>,
    pub age_hours: Option<i64>,
    pub main_dir: &'a str,
    /// Where the second copy is (None: only on this PC's disk).
    pub second_copy: Option<String>,
}

pub fn page(
    clock: &Clock,
    csrf: &str,
    status: &Status,
    v: &SettingsForm,
    errors: &FieldErrors,
    runs: &[Run],
) -> Markup {
    html! {
        h1 { "Sauvegardes" }
        p.muted { "Une copie complète et vérifiée de la base, en un seul fichier, prise sans arrêter la vente. "
            "Le serveur en fait une chaque jour ; gardez-en aussi une sur une clé USB hors de la boutique." }
        (state(clock, csrf, status))
        (settings_form(csrf, v, errors))
        section.card #backup-runs {
            h2 { "Dernières sauvegardes" }
            @if runs.is_empty() {
                (table::empty("Aucune sauvegarde pour l'instant."))
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Date" } th { "Origine" } th { "Dossier" } th { "Fichier" } th { "Taille" } th { "Contrôle" } } }
                        tbody {
                            @for r in runs {
                                tr {
                                    td { (datetime(clock, &r.started_at)) }
                                    td { (Reason::label_of(&r.reason)) }
                                    td { (if r.target == "secondaire" { "second" } else { "principal" }) }
                                    td { code { (r.path) } }
                                    td { @if r.ok { (human_size(r.size_bytes)) } }
                                    td {
                                        @if !r.ok { span.badge.err { "Échec" } " " (r.error) }
                                        @else if r.check_result == "ok" { span.badge.ok { "OK" } }
                                        @else { span.badge.err { "Anomalies" } " " (r.check_result) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn state(clock: &Clock, csrf: &str, status: &Status) -> Markup {
    html! {
        section.card #backup-state {
            @match (status.last_success, status.age_hours) {
                (Some(run), Some(age)) => {
                    @if age >= MAX_AGE_HOURS {
                        p.check-bad { "✘ Dernière sauvegarde réussie il y a " (age) " h (" (datetime(clock, &run.finished_at)) ")." }
                    } @else {
                        p.check-ok { "✔ Dernière sauvegarde réussie il y a " (age) " h (" (datetime(clock, &run.finished_at)) ") : "
                            (human_size(run.size_bytes)) "." }
                    }
                }
                _ => { p.check-bad { "✘ Aucune sauvegarde réussie pour l'instant." } }
            }
            p.muted { "Dossier des sauvegardes : " code { (status.main_dir) } }
            @match &status.second_copy {
                Some(copy) => { p.check-ok { "✔ " (copy) "." } }
                None => { (one_disk()) }
            }
            div.actions {
                form method="post" action="/admin/sauvegardes/lancer" {
                    (form::csrf(csrf))
                    button type="submit" { "Lancer une sauvegarde maintenant" }
                }
                a.button.secondary href="/admin/sauvegardes/telecharger" hx-boost="false" download {
                    "Télécharger maintenant"
                }
            }
        }
    }
}

/// The red warning of the home page and this page while the backups are on this PC's disk only.
pub fn one_disk() -> Markup {
    html! {
        div.card.danger #one-disk role="alert" {
            p { strong { (ONE_DISK) } " : si son disque lâche ou si le PC est volé, tout est perdu." }
            p { "Réglez un " a href="/admin/sauvegardes#backup-settings" { "second dossier" }
                " (clé USB ou second disque, qui recevra une copie de chaque sauvegarde) ou une réplique Litestream." }
        }
    }
}

fn settings_form(csrf: &str, v: &SettingsForm, errors: &FieldErrors) -> Markup {
    html! {
        form.stack.card #backup-settings method="post" action="/admin/sauvegardes/parametres" {
            (form::csrf(csrf))
            h2 { "Réglages" }
            div.row {
                (form::Input::new("hour", "Heure de la sauvegarde quotidienne", &v.hour).kind("number").inputmode("numeric")
                    .help("Heure de la boutique, de 0 à 23 (2 par défaut : la nuit).").render(errors))
                (form::Input::new("keep_daily", "Jours gardés", &v.keep_daily).kind("number").inputmode("numeric")
                    .help("La plus récente de chacun des derniers jours.").render(errors))
                (form::Input::new("keep_monthly", "Mois gardés", &v.keep_monthly).kind("number").inputmode("numeric")
                    .help("La plus récente de chacun des derniers mois.").render(errors))
            }
            (form::Input::new("second_dir", "Second dossier (facultatif)", &v.second_dir)
                .help("Chemin complet d'une clé USB ou d'un autre disque, par exemple /media/cle-usb/sauvegardes.").render(errors))
            (form::form_error(errors))
            div.actions { button type="submit" { "Enregistrer les réglages" } }
        }
    }
}
