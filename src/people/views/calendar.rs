//! The shop's calendar of public holidays, and the attendance settings.

use maud::{Markup, html};

use super::{day_long, tabs};
use crate::error::FieldErrors;
use crate::people::forms::time::{HolidayForm, SettingsForm};
use crate::people::{Holiday, LabourRules, duration_text, hhmm, weekday_name};
use crate::ui::form::{self, Input};

pub struct CalendarPage<'a> {
    pub year: i32,
    pub holidays: &'a [Holiday],
    pub rules: &'a [LabourRules],
    pub form: &'a HolidayForm,
    pub errors: &'a FieldErrors,
    pub manage: bool,
}

fn rules_table(rules: &[LabourRules]) -> Markup {
    html! {
        section.card #labour-rules {
            h2 { "Règles du travail (données datées)" }
            div.table-wrap { table {
                thead { tr { th { "Depuis" } th { "Semaine légale" } th { "Heures sup." } th { "Nuit" } th { "Repos" } th { "Congés" } } }
                tbody { @for r in rules { tr {
                    td { (r.valid_from.format("%d/%m/%Y")) }
                    td { (duration_text(r.legal_week_minutes)) }
                    td { "≤ " (r.overtime_cap_percent) " %, majorées ≥ " (r.overtime_premium_pct) " %" }
                    td { (hhmm(r.night_start_min)) "–" (hhmm(r.night_end_min)) }
                    td { (weekday_name(r.weekly_rest_day)) }
                    td { (crate::people::leave::tenths_text(r.leave_tenths_per_month)) " par mois, " (r.leave_max_days) " j par an" }
                } } }
            } }
            @for r in rules { p.muted { small { (r.source) } } }
        }
    }
}

pub fn page(csrf: &str, p: &CalendarPage) -> Markup {
    let (v, e) = (p.form, p.errors);
    html! {
        (tabs("/personnel/calendrier", p.manage))
        div.page-header {
            h1 { "Jours fériés " (p.year) }
            div.actions {
                a.button.secondary href=(format!("/personnel/calendrier?annee={}", p.year - 1)) { "← " (p.year - 1) }
                a.button.secondary href=(format!("/personnel/calendrier?annee={}", p.year + 1)) { (p.year + 1) " →" }
            }
        }
        p.muted { "Les fêtes religieuses suivent le calendrier lunaire et l'annonce officielle : les dates pré-remplies sont prévues, à confirmer." }
        div.table-wrap { table #holidays {
            thead { tr { th { "Jour" } th { "Fête" } th { "Date" } th { "" } } }
            tbody { @for h in p.holidays { tr {
                td { (day_long(h.day)) }
                td { (h.name) }
                td { @if h.fixed { span.badge.ok { "fixe" } } @else if h.confirmed { span.badge.ok { "confirmée" } }
                     @else { span.badge.warn { "prévue" } br; small.muted { (h.note) } } }
                td { @if p.manage && !h.fixed {
                    form.inline method="post" action="/personnel/calendrier/supprimer" {
                        (form::csrf(csrf)) input type="hidden" name="day" value=(h.day.to_string());
                        button.small.secondary type="submit" { "Retirer" }
                    }
                } }
            } } }
        } }
        @if p.manage {
            section.card #holiday-form {
                h2 { "Ajouter ou confirmer une date" }
                form.stack method="post" action="/personnel/calendrier" {
                    (form::csrf(csrf))
                    div.row {
                        (Input::new("day", "Jour", &v.day).kind("date").required().render(e))
                        (Input::new("name", "Fête", &v.name).required().help("Par exemple : Aïd el-Fitr").render(e))
                    }
                    (form::checkbox("confirmed", "1", "Date confirmée par l'annonce officielle", crate::people::forms::checked(&v.confirmed), false))
                    (form::form_error(e))
                    div.actions { button type="submit" { "Enregistrer" } }
                }
                form.inline method="post" action="/personnel/calendrier/preremplir" {
                    (form::csrf(csrf)) input type="hidden" name="annee" value=(p.year);
                    button.secondary type="submit" { "Pré-remplir les fêtes religieuses prévues de " (p.year) }
                }
            }
        }
        (rules_table(p.rules))
    }
}

pub fn settings(csrf: &str, v: &SettingsForm, e: &FieldErrors) -> Markup {
    html! {
        (tabs("/personnel/reglages", true))
        h1 { "Réglages du pointage" }
        form.stack #settings-form method="post" action="/personnel/reglages" {
            (form::csrf(csrf))
            section.card {
                (Input::new("grace_minutes", "Tolérance de retard (minutes)", &v.grace_minutes).inputmode("numeric")
                    .help("Au-delà, l'employé est « en retard » sur le tableau du jour.").render(e))
                (Input::new("heartbeat_alert_minutes", "Alerte : pointeuse silencieuse depuis (minutes)", &v.heartbeat_alert_minutes).inputmode("numeric").render(e))
                (Input::new("punch_alert_hours", "Alerte : aucun pointage depuis (heures)", &v.punch_alert_hours).inputmode("numeric").render(e))
            }
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}
