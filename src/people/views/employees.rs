//! The employees: the list, the form, the page of one (facts, enrolments, leave balance).

use maud::{Markup, html};

use super::tabs;
use crate::error::FieldErrors;
use crate::people::forms::employees::{EmployeeForm, EnrolForm};
use crate::people::ops::leave::Balance;
use crate::people::store::employees::Enrolment;
use crate::people::{AttendanceMode, Contract, Device, DeviceStatus, Employee, Job, Site, WEEKDAYS, duration_text};
use crate::ui::form::{self, Input};

/// What a list or a page may show to this person.
#[derive(Debug, Clone, Copy)]
pub struct Can {
    pub manage: bool,
    pub salaries: bool,
}

pub fn list(rows: &[Employee], can: Can, with_inactive: bool) -> Markup {
    html! {
        (tabs("/personnel", can.manage))
        div.page-header {
            h1 { "Employés" }
            div.actions {
                @if with_inactive { a.button.secondary href="/personnel" { "Masquer les anciens" } }
                @else { a.button.secondary href="/personnel?tous=1" { "Voir aussi les anciens" } }
                @if can.manage { a.button href="/personnel/nouveau" { "Nouvel employé" } }
            }
        }
        @if rows.is_empty() {
            (crate::ui::table::empty("Aucun employé pour l'instant."))
        } @else {
            div.table-wrap { table #employees {
                thead { tr {
                    th { "Nom" } th { "Poste" } th { "Lieu" } th { "Contrat" } th { "Présence" }
                    @if can.salaries { th.num { "Salaire de base" } }
                    th { "" }
                } }
                tbody { @for e in rows { tr {
                    td { a href=(format!("/personnel/{}", e.id)) { (e.full_name) } }
                    td { (e.job.label()) }
                    td { (e.site_name) }
                    td { (e.contract.label()) @if let Some(end) = e.contract_end { " jusqu'au " (end.format("%d/%m/%Y")) } }
                    td { (e.attendance.label()) }
                    @if can.salaries { td.num { (e.monthly_salary) } }
                    td { @if !e.active { span.badge.off { "Ancien" } } }
                } } }
            } }
        }
    }
}

fn rest_boxes(v: &EmployeeForm) -> Markup {
    let rest = v.rest();
    html! {
        fieldset.field {
            legend { "Jours de repos" }
            div.checks {
                @for (i, name) in WEEKDAYS.iter().enumerate() {
                    (form::checkbox(&format!("rest_{}", i + 1), "1", name, rest.contains(&(i as u32 + 1)), false))
                }
            }
        }
    }
}

/// The employee form (new or edit). Users are (id, name) for the optional account link.
pub fn form(
    csrf: &str,
    action: &str,
    v: &EmployeeForm,
    e: &FieldErrors,
    sites: &[Site],
    users: &[(i64, String)],
    can: Can,
) -> Markup {
    let site_options: Vec<(String, String)> = sites.iter().map(|s| (s.id.to_string(), s.name.clone())).collect();
    let mut user_options = vec![(String::new(), "— aucun —".to_string())];
    user_options.extend(users.iter().map(|(id, n)| (id.to_string(), n.clone())));
    html! {
        form.stack #employee-form method="post" action=(action) {
            (form::csrf(csrf))
            section.card {
                h2 { "Identité et poste" }
                div.row {
                    (Input::new("full_name", "Nom et prénom", &v.full_name).required().render(e))
                    (Input::new("phone", "Téléphone", &v.phone).kind("tel").render(e))
                    (Input::new("cnas_number", "N° d'assuré CNAS", &v.cnas_number).inputmode("numeric").render(e))
                }
                div.row {
                    (form::select("job", "Poste", &Job::options(), &v.job, e))
                    (form::select("site_id", "Lieu de travail", &site_options, &v.site_id, e))
                }
            }
            section.card {
                h2 { "Contrat" }
                div.row {
                    (Input::new("hired_on", "Date d'embauche", &v.hired_on).kind("date").required().render(e))
                    (form::select("contract", "Contrat", &Contract::options(), &v.contract, e))
                    (Input::new("contract_end", "Fin du contrat (CDD, essai)", &v.contract_end).kind("date").render(e))
                }
                div.row {
                    @if can.salaries {
                        (Input::new("monthly_salary", "Salaire de base mensuel (DA)", &v.monthly_salary).inputmode("decimal").render(e))
                    }
                    (Input::new("weekly_hours", "Heures par semaine", &v.weekly_hours).inputmode("decimal").help("40 h : la durée légale.").render(e))
                }
            }
            section.card {
                h2 { "Présence" }
                (rest_boxes(v))
                @if let Some(m) = e.get("rest_days") { small.error { (m) } }
                div.row {
                    (form::select("attendance", "Présence connue par", &AttendanceMode::options(), &v.attendance, e))
                    (form::select("user_id", "Compte Fournil", &user_options, &v.user_id, e))
                }
                (form::checkbox("active", "1", "Employé actif", crate::people::forms::checked(&v.active), false))
                (form::textarea("notes", "Notes", &v.notes, e))
            }
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}

/// One employee's facts, with what the viewer may see.
fn facts(e: &Employee, can: Can, balance: &Balance) -> Markup {
    html! {
        dl.facts {
            dt { "Poste" } dd { (e.job.label()) }
            dt { "Lieu" } dd { (e.site_name) }
            dt { "Embauche" } dd { (e.hired_on.format("%d/%m/%Y")) }
            dt { "Contrat" } dd { (e.contract.label()) @if let Some(end) = e.contract_end { " jusqu'au " (end.format("%d/%m/%Y")) } }
            @if can.salaries { dt { "Salaire de base" } dd { (e.monthly_salary) } }
            dt { "Semaine" } dd { (duration_text(e.weekly_minutes)) }
            dt { "Repos" } dd { (e.rest_days_text()) }
            dt { "Présence" } dd { (e.attendance.label()) }
            dt { "Congés" } dd { (balance.remaining_text()) " restants" @if balance.pending > 0 { " (" (crate::people::leave::tenths_text(balance.pending)) " demandés)" } }
            @if !e.phone.is_empty() { dt { "Téléphone" } dd { (e.phone) } }
            @if !e.cnas_number.is_empty() { dt { "N° d'assuré CNAS" } dd { (e.cnas_number) } }
            @if !e.notes.is_empty() { dt { "Notes" } dd { (e.notes) } }
        }
    }
}

/// The enrolments of an employee on the clocks, and the form to add one.
pub fn enrolments(
    csrf: &str,
    e: &Employee,
    list: &[Enrolment],
    devices: &[Device],
    v: &EnrolForm,
    errors: &FieldErrors,
    manage: bool,
) -> Markup {
    let options: Vec<(String, String)> =
        devices.iter().filter(|d| d.status != DeviceStatus::Retired).map(|d| (d.id.to_string(), d.label())).collect();
    html! {
        section.card #enrolments {
            h2 { "Codes sur les pointeuses" }
            @if list.is_empty() { p.muted { "Aucun code : ses pointages à la pointeuse iraient en quarantaine." } }
            ul.plain { @for n in list {
                li {
                    strong { (n.pin) } " sur " (n.device)
                    @if n.ended { span.badge.off { "retiré" } }
                    @else if manage {
                        form.inline method="post" action=(format!("/personnel/{}/inscriptions/{}/retirer", e.id, n.id)) {
                            (form::csrf(csrf)) button.small.secondary type="submit" { "Retirer" }
                        }
                    }
                }
            } }
            @if manage && !options.is_empty() {
                form.inline method="post" action=(format!("/personnel/{}/inscriptions", e.id)) {
                    (form::csrf(csrf))
                    (form::select("device_id", "Pointeuse", &options, &v.device_id, errors))
                    (Input::new("pin", "Code (tel qu'affiché, 007 ≠ 7)", &v.pin).render(errors))
                    button type="submit" { "Ajouter le code" }
                }
            }
        }
    }
}

pub fn page(e: &Employee, can: Can, balance: &Balance, enrolments: Markup) -> Markup {
    html! {
        (tabs("/personnel", can.manage))
        div.page-header {
            h1 { (e.full_name) @if !e.active { " " span.badge.off { "Ancien" } } }
            div.actions {
                a.button.secondary href=(format!("/personnel/{}/pointages", e.id)) { "Pointages et heures" }
                a.button.secondary href=(format!("/personnel/{}/horaires", e.id)) { "Horaires" }
                @if can.manage { a.button href=(format!("/personnel/{}/modifier", e.id)) { "Modifier" } }
            }
        }
        section.card { (facts(e, can, balance)) }
        (enrolments)
    }
}

pub fn new_page(form: Markup, manage: bool) -> Markup {
    html! { (tabs("/personnel", manage)) h1 { "Nouvel employé" } (form) }
}

pub fn edit_page(e: &Employee, form: Markup, manage: bool) -> Markup {
    html! {
        (tabs("/personnel", manage))
        h1 { "Modifier " (e.full_name) }
        p { a href=(format!("/personnel/{}", e.id)) { "← Retour à la fiche" } }
        (form)
    }
}
