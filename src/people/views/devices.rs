//! The clocks (their health, registration, settings and state map) and the quarantine.

use maud::{Markup, html};

use super::tabs;
use crate::error::FieldErrors;
use crate::people::forms::clocks::{CODES, DeviceForm};
use crate::people::ops::board::Health;
use crate::people::store::punches::Held;
use crate::people::{Device, DeviceMode, DeviceStatus, Employee, Meaning, Site};
use crate::ui::form::{self, Input};

/// `il y a 3 min`, `il y a 2 h`, `jamais`.
fn ago(minutes: Option<i64>) -> String {
    match minutes {
        None => "jamais".to_string(),
        Some(m) if m < 60 => format!("il y a {m} min"),
        Some(m) if m < 48 * 60 => format!("il y a {} h", m / 60),
        Some(m) => format!("il y a {} j", m / 1440),
    }
}

/// `+7 min 05 s`, the device ahead of us when positive.
pub fn drift(seconds: Option<i64>) -> String {
    match seconds {
        None => "non mesurée".to_string(),
        Some(s) if s.abs() < 60 => format!("{s:+} s"),
        Some(s) => format!("{}{} min {:02} s", if s < 0 { "-" } else { "+" }, s.abs() / 60, s.abs() % 60),
    }
}

/// One line per clock: the admin's home page and the clocks page.
pub fn health_lines(list: &[Health]) -> Markup {
    html! {
        ul.plain.clock-health { @for h in list {
            li.alarm[h.alarm] {
                a href=(format!("/personnel/pointeuses/{}", h.device.id)) { strong { (h.device.label()) } }
                @if h.device.status == DeviceStatus::Pending { span.badge.warn { "à approuver" } }
                span { "signal " (ago(h.silent_minutes)) }
                span { "dernier pointage " (ago(h.since_punch_hours.map(|hrs| hrs * 60))) }
                span { "dérive " (drift(h.device.drift_seconds)) }
                @if !h.device.last_error.is_empty() { span.badge.err { (h.device.last_error) } }
            }
        } }
    }
}

fn device_fields(v: &DeviceForm, e: &FieldErrors, sites: &[Site], with_serial: bool) -> Markup {
    let mut site_options = vec![(String::new(), "—".to_string())];
    site_options.extend(sites.iter().map(|s| (s.id.to_string(), s.name.clone())));
    html! {
        div.row {
            @if with_serial { (Input::new("serial", "Numéro de série", v.value("serial")).required().render(e)) }
            (Input::new("name", "Nom", v.value("name")).help("Par exemple : Magasin").render(e))
            (form::select("site_id", "Lieu", &site_options, v.value("site_id"), e))
        }
        div.row {
            (form::select("mode", "Liaison", &DeviceMode::options(), v.value("mode"), e))
            (Input::new("pull_host", "Adresse IP (relevé)", v.value("pull_host")).render(e))
            (Input::new("pull_port", "Port (relevé)", v.value("pull_port")).inputmode("numeric").render(e))
            (Input::new("comm_key", "Mot de passe de communication", v.value("comm_key")).inputmode("numeric").render(e))
        }
    }
}

fn state_map(v: &DeviceForm, e: &FieldErrors) -> Markup {
    let mut options = vec![(String::new(), "— non utilisé —".to_string())];
    options.extend(Meaning::options());
    html! {
        fieldset #state-map {
            legend { "Que veut dire chaque code d'état ?" }
            p.muted { "ZKTeco par défaut : 0 entrée, 1 sortie, 2 début de pause, 3 fin de pause, 4 et 5 heures sup. "
                      "Les touches de la pointeuse peuvent avoir été changées : vérifiez sur l'appareil." }
            div.checks { @for code in CODES {
                (form::select(&format!("state_{code}"), &format!("Code {code}"), &options, v.value(&format!("state_{code}")), e))
            } }
        }
    }
}

pub fn list(csrf: &str, health: &[Health], sites: &[Site], v: &DeviceForm, e: &FieldErrors) -> Markup {
    html! {
        (tabs("/personnel/pointeuses", true))
        h1 { "Pointeuses" }
        @if health.is_empty() { (crate::ui::table::empty("Aucune pointeuse : enregistrez la première ci-dessous.")) }
        @else { section.card { (health_lines(health)) } }
        section.card #device-form {
            h2 { "Enregistrer une pointeuse" }
            p.muted { "En mode envoi (ADMS), réglez sur la pointeuse « Serveur cloud » : l'adresse de ce PC et le port de la pointeuse de Fournil (8090 par défaut). "
                      "Une pointeuse inconnue qui se présente apparaît ici, à approuver ; ses pointages attendent en quarantaine." }
            form.stack method="post" action="/personnel/pointeuses" {
                (form::csrf(csrf))
                (device_fields(v, e, sites, true))
                (state_map(v, e))
                (form::form_error(e))
                div.actions { button type="submit" { "Enregistrer la pointeuse" } }
            }
        }
    }
}

pub fn page(csrf: &str, d: &Device, sites: &[Site], v: &DeviceForm, e: &FieldErrors) -> Markup {
    let post = |path: &str, label: &str, class: &str| {
        html! {
            form.inline method="post" action=(format!("/personnel/pointeuses/{}/{path}", d.id)) {
                (form::csrf(csrf)) button.(class) type="submit" { (label) }
            }
        }
    };
    html! {
        (tabs("/personnel/pointeuses", true))
        div.page-header {
            h1 { (d.label()) " " span.badge { (d.status.label()) } }
            div.actions {
                @if d.status == DeviceStatus::Pending { (post("approuver", "Approuver", "")) }
                @if d.status == DeviceStatus::Approved && d.mode == DeviceMode::Pull { (post("relever", "Relever maintenant", "secondary")) }
                @if d.status != DeviceStatus::Retired { (post("retirer", "Retirer (remplacée)", "secondary")) }
            }
        }
        section.card { dl.facts {
            dt { "Dernier signal" } dd { (d.last_seen_at.as_deref().unwrap_or("jamais")) }
            dt { "Dernier pointage reçu" } dd { (d.last_punch_at.as_deref().unwrap_or("jamais")) }
            dt { "Dérive de l'horloge" } dd { (drift(d.drift_seconds)) }
            @if !d.info.is_empty() { dt { "Dit d'elle-même" } dd { (d.info) } }
            @if let Some(s) = &d.attlog_stamp { dt { "Repère d'envoi" } dd { (s) } }
            @if d.mode == DeviceMode::Pull { dt { "Enregistrements déjà lus" } dd { (d.pull_cursor) } }
            @if !d.last_error.is_empty() { dt { "Dernière erreur" } dd { (d.last_error) } }
        } }
        form.stack #device-form method="post" action=(format!("/personnel/pointeuses/{}", d.id)) {
            (form::csrf(csrf)) input type="hidden" name="serial" value=(d.serial);
            section.card { (device_fields(v, e, sites, false)) (state_map(v, e)) }
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}

/// A held line, readable: tabs shown as arrows.
fn line_text(raw: &str) -> String {
    raw.replace('\t', " ⇥ ")
}

fn held_row(csrf: &str, h: &Held, employees: &[(String, String)], failed: Option<&FieldErrors>) -> Markup {
    let none = FieldErrors::new();
    let e = failed.unwrap_or(&none);
    let directions = vec![
        (String::new(), "selon l'état".to_string()),
        ("in".to_string(), "Entrée".to_string()),
        ("out".to_string(), "Sortie".to_string()),
    ];
    html! {
        li #(format!("held-{}", h.id)) {
            div {
                code { (line_text(&h.raw_line)) } " "
                span.badge.warn { (h.reason.label()) } " "
                small.muted { "pointeuse " (h.serial) @if let Some(p) = &h.pin { ", code " (p) } }
            }
            details open[failed.is_some()] {
                summary.button.secondary { "Régler" }
                @if h.local_time.is_some() {
                    form.stack method="post" action=(format!("/personnel/quarantaine/{}/attribuer", h.id)) {
                        (form::csrf(csrf))
                        div.row {
                            (form::select("employee_id", "Attribuer à", employees, "", e))
                            (form::select("direction", "Sens", &directions, "", e))
                        }
                        (Input::new("note", "Motif", "").required().render(e))
                        button type="submit" { "Attribuer" }
                    }
                }
                form.inline method="post" action=(format!("/personnel/quarantaine/{}/ecarter", h.id)) {
                    (form::csrf(csrf))
                    (Input::new("note", "Écarter, motif", "").render(e))
                    button.secondary type="submit" { "Écarter" }
                }
            }
        }
    }
}

pub fn quarantine(csrf: &str, held: &[Held], employees: &[Employee], failed: Option<(i64, &FieldErrors)>) -> Markup {
    let mut people = vec![(String::new(), "—".to_string())];
    people.extend(employees.iter().map(|e| (e.id.to_string(), e.full_name.clone())));
    html! {
        (tabs("/personnel/quarantaine", true))
        h1 { "Quarantaine des pointeuses" }
        p.muted { "Ce qu'une pointeuse a envoyé sans pouvoir être compté : rien n'est perdu ni daté d'office. "
                  "Inscrivez le code manquant, approuvez la pointeuse, ou attribuez la ligne à la main." }
        form.inline method="post" action="/personnel/quarantaine/integrer" {
            (form::csrf(csrf)) button.secondary type="submit" { "Intégrer les lignes devenues attribuables" }
        }
        @if held.is_empty() { (crate::ui::table::empty("Rien en quarantaine.")) }
        ul.plain.held { @for h in held { (held_row(csrf, h, &people, failed.filter(|(id, _)| *id == h.id).map(|(_, e)| e))) } }
    }
}
