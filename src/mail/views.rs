//! The e-mail pages: the SMTP settings with the test button, and the outbox.

use maud::{Markup, html};

use super::web::SettingsForm;
use super::{Line, Security, Status};
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::ui::{datetime, form, table};

/// What the settings page shows above the form.
pub struct State<'a> {
    pub configured: bool,
    pub password_set: bool,
    /// (status, count) of the outbox.
    pub counts: &'a [(Status, i64)],
    /// The answer of the test just sent: Ok(server's acceptance) or Err(why not), in French.
    pub test: Option<&'a Result<String, String>>,
}

pub fn settings_page(csrf: &str, state: &State, v: &SettingsForm, errors: &FieldErrors) -> Markup {
    html! {
        h1 { "Messagerie" }
        p.muted { "Le serveur d'envoi (SMTP) de la boutique : il envoie le résumé quotidien à la patronne "
            "et les factures aux clients pros. Les messages partent en arrière-plan, après l'enregistrement, "
            "et sont réessayés (1 min, 5 min, 30 min, 2 h) avant d'être abandonnés." }
        (status_card(csrf, state))
        (settings_form(csrf, state.password_set, v, errors))
    }
}

/// `#mail-status`: configured or not, the outbox's counts, the test button and its answer.
fn status_card(csrf: &str, state: &State) -> Markup {
    let count = |s: Status| state.counts.iter().find(|c| c.0 == s).map(|c| c.1).unwrap_or(0);
    html! {
        section.card #mail-status {
            @if state.configured {
                p.check-ok { "✔ E-mail configuré." }
            } @else {
                p.check-bad { "✘ E-mail non configuré : aucun message n'est mis en file d'attente." }
            }
            p { a href="/admin/messagerie/envois" { "Boîte d'envoi" } " : "
                (count(Status::Waiting)) " en attente, " (count(Status::Sent)) " envoyé(s), "
                (count(Status::Failed)) " en échec." }
            @match state.test {
                Some(Ok(said)) => { p.check-ok #mail-test role="status" { "✔ " (said) } }
                Some(Err(why)) => { p.check-bad #mail-test role="alert" { "✘ " (why) } }
                None => {}
            }
            @if state.configured {
                form method="post" action="/admin/messagerie/essai" {
                    (form::csrf(csrf))
                    button.secondary type="submit" { "Envoyer un message d'essai" }
                }
            }
        }
    }
}

fn settings_form(csrf: &str, password_set: bool, v: &SettingsForm, errors: &FieldErrors) -> Markup {
    let options: Vec<(String, String)> = Security::ALL.iter().map(|s| (s.code().into(), s.label().into())).collect();
    let password_help = if password_set {
        "Laisser vide pour garder le mot de passe enregistré."
    } else {
        "Aucun mot de passe enregistré."
    };
    html! {
        form.stack.card #mail-settings method="post" action="/admin/messagerie" {
            (form::csrf(csrf))
            h2 { "Serveur d'envoi (SMTP)" }
            div.row {
                (form::Input::new("host", "Serveur", &v.host).help("Par exemple smtp.gmail.com. Vide : pas d'e-mail.").render(errors))
                (form::Input::new("port", "Port", &v.port).kind("number").inputmode("numeric").help("587, 465 ou 25.").render(errors))
                (form::select("security", "Sécurité", &options, &v.security, errors))
            }
            div.row {
                (form::Input::new("username", "Identifiant", &v.username).autocomplete("off").help("Souvent l'adresse elle-même.").render(errors))
                (form::Input::new("password", "Mot de passe", "").kind("password").autocomplete("new-password").help(password_help).render(errors))
            }
            h2 { "Adresses" }
            div.row {
                (form::Input::new("sender", "Adresse d'expéditeur", &v.sender).kind("email").help("L'adresse « De : » des messages.").render(errors))
                (form::Input::new("owner_to", "Adresse(s) de la patronne", &v.owner_to)
                    .help("Séparées par des virgules : elles reçoivent le résumé quotidien.").render(errors))
                (form::Input::new("summary_hour", "Heure du résumé quotidien", &v.summary_hour).kind("number").inputmode("numeric")
                    .help("Heure de la boutique, de 0 à 23 (7 par défaut).").render(errors))
            }
            (form::form_error(errors))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}

pub fn outbox_page(clock: &Clock, csrf: &str, lines: &[Line]) -> Markup {
    html! {
        h1 { "Boîte d'envoi" }
        p.muted { "Les derniers messages de la boutique. Un message en échec a été essayé cinq fois ; "
            "« Renvoyer » le remet en attente. " a href="/admin/messagerie" { "Réglages de la messagerie" } }
        section.card #outbox {
            @if lines.is_empty() {
                (table::empty("Aucun message pour l'instant."))
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Créé" } th { "À" } th { "Sujet" } th { "État" } th { "Essais" } th { "Dernière réponse" } th {} } }
                        tbody { @for l in lines { (outbox_line(clock, csrf, l)) } }
                    }
                }
            }
        }
    }
}

fn outbox_line(clock: &Clock, csrf: &str, l: &Line) -> Markup {
    html! {
        tr #{ "outbox-" (l.id) } {
            td { (datetime(clock, &l.created_at)) }
            td { (l.to) }
            td { (l.subject) @if let Some(name) = &l.attachment_name { br; small.muted { "📎 " (name) } } }
            td {
                @match l.status {
                    Status::Sent => { span.badge.ok { "Envoyé" } @if let Some(at) = &l.sent_at { br; small { (datetime(clock, at)) } } }
                    Status::Waiting => { span.badge { "En attente" } br; small { "prochain essai " (datetime(clock, &l.next_attempt_at)) } }
                    Status::Failed => { span.badge.err { "Échec" } }
                }
            }
            td.num { (l.attempts) }
            td { @if let Some(e) = &l.last_error { (e) } }
            td {
                @if l.status == Status::Failed {
                    form method="post" action={ "/admin/messagerie/envois/" (l.id) "/renvoyer" } {
                        (form::csrf(csrf))
                        button.secondary type="submit" { "Renvoyer" }
                    }
                }
            }
        }
    }
}
