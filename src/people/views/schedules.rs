//! An employee's schedule: the week editor (from a date), the versions, the exceptions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use maud::{Markup, html};

use super::tabs;
use crate::error::FieldErrors;
use crate::people::forms::employees::{ExceptionForm, SHIFTS_PER_DAY, WeekForm};
use crate::people::schedule::Schedule;
use crate::people::{Employee, WEEKDAYS, duration_text};
use crate::ui::form::{self, Input};

fn week_editor(csrf: &str, e: &Employee, v: &WeekForm, errors: &FieldErrors) -> Markup {
    html! {
        form.stack #week-form method="post" action=(format!("/personnel/{}/horaires", e.id)) {
            (form::csrf(csrf))
            (Input::new("valid_from", "À partir du", v.value("valid_from")).kind("date").required()
                .help("Les mois déjà verrouillés pour la paie gardent l'horaire d'alors.").render(errors))
            div.table-wrap { table.week {
                thead { tr { th { "Jour" } @for k in 0..SHIFTS_PER_DAY { th { "Service " (k + 1) } } } }
                tbody { @for (i, day) in WEEKDAYS.iter().enumerate() {
                    @let d = i + 1;
                    tr.rest[e.rest_days.contains(&(d as u32))] {
                        th { (day) @if e.rest_days.contains(&(d as u32)) { br; small.muted { "repos" } } }
                        @for k in 0..SHIFTS_PER_DAY {
                            @let (a, b) = (format!("s{d}_{k}_start"), format!("s{d}_{k}_end"));
                            td {
                                div.shift {
                                    input type="time" name=(a) value=(v.value(&a)) aria-label=(format!("{day}, service {} : début", k + 1));
                                    span { "–" }
                                    input type="time" name=(b) value=(v.value(&b)) aria-label=(format!("{day}, service {} : fin", k + 1));
                                }
                                @if let Some(m) = errors.get(&a) { small.error { (m) } }
                            }
                        }
                    }
                } }
            } }
            p.muted { "Une fin avant le début est une nuit : 22:00 – 06:00 finit le lendemain." }
            (form::form_error(errors))
            div.actions { button type="submit" { "Enregistrer l'horaire" } }
        }
    }
}

fn versions(s: &Schedule) -> Markup {
    html! {
        @if !s.versions.is_empty() {
            section.card {
                h2 { "Horaires successifs" }
                ul.plain { @for v in s.versions.iter().rev() {
                    li {
                        strong { "À partir du " (v.valid_from.format("%d/%m/%Y")) }
                        span.muted { (duration_text(v.shifts.iter().map(|(_, s)| s.minutes()).sum())) " par semaine" }
                        span { @for (d, sh) in &v.shifts { (WEEKDAYS[*d as usize - 1]) " " (sh.text()) " · " } }
                    }
                } }
            }
        }
    }
}

fn exceptions(
    csrf: &str,
    e: &Employee,
    s: &Schedule,
    notes: &BTreeMap<NaiveDate, String>,
    v: &ExceptionForm,
    errors: &FieldErrors,
    manage: bool,
) -> Markup {
    html! {
        section.card #exceptions {
            h2 { "Exceptions" }
            @if s.exceptions.is_empty() { p.muted { "Aucune : la semaine s'applique chaque jour." } }
            ul.plain { @for (day, shifts) in s.exceptions.iter().rev() {
                li {
                    strong { (super::day_long(*day)) }
                    @if shifts.is_empty() { span { "pas de travail" } } @else { span { @for sh in shifts { (sh.text()) " " } } }
                    @if let Some(n) = notes.get(day).filter(|n| !n.is_empty()) { span.muted { (n) } }
                    @if manage {
                        form.inline method="post" action=(format!("/personnel/{}/exceptions/supprimer", e.id)) {
                            (form::csrf(csrf)) input type="hidden" name="day" value=(day.to_string());
                            button.small.secondary type="submit" { "Retirer" }
                        }
                    }
                }
            } }
            @if manage {
                form.stack method="post" action=(format!("/personnel/{}/exceptions", e.id)) {
                    (form::csrf(csrf))
                    div.row {
                        (Input::new("day", "Jour", &v.day).kind("date").required().render(errors))
                        (Input::new("start", "Début", &v.start).kind("time").render(errors))
                        (Input::new("end", "Fin", &v.end).kind("time").render(errors))
                    }
                    (form::checkbox("off", "1", "Jour non travaillé", crate::people::forms::checked(&v.off), false))
                    (Input::new("note", "Note", &v.note).render(errors))
                    (form::form_error(errors))
                    div.actions { button type="submit" { "Ajouter l'exception" } }
                }
            }
        }
    }
}

/// What the page shows, gathered by the handler.
pub struct SchedulePage<'a> {
    pub employee: &'a Employee,
    pub schedule: &'a Schedule,
    pub notes: &'a BTreeMap<NaiveDate, String>,
    pub week: &'a WeekForm,
    pub week_errors: &'a FieldErrors,
    pub exception: &'a ExceptionForm,
    pub exception_errors: &'a FieldErrors,
    pub manage: bool,
}

pub fn page(csrf: &str, p: &SchedulePage) -> Markup {
    let e = p.employee;
    html! {
        (tabs("/personnel", p.manage))
        div.page-header {
            h1 { "Horaires de " (e.full_name) }
            div.actions { a.button.secondary href=(format!("/personnel/{}", e.id)) { "Fiche" } }
        }
        p.muted { "Repos : " (e.rest_days_text()) ". Semaine prévue au contrat : " (duration_text(e.weekly_minutes)) "." }
        @if p.manage { section.card { h2 { "Semaine type" } (week_editor(csrf, e, p.week, p.week_errors)) } }
        (versions(p.schedule))
        (exceptions(csrf, e, p.schedule, p.notes, p.exception, p.exception_errors, p.manage))
    }
}
