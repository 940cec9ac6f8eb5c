//! Leave: each employee's balance, the requests and the gérante's decisions.

use maud::{Markup, html};

use super::tabs;
use crate::error::FieldErrors;
use crate::people::forms::time::LeaveForm;
use crate::people::leave::tenths_text;
use crate::people::ops::leave::Balance;
use crate::people::store::leave::LeaveRequest;
use crate::people::{Employee, LeaveKind, LeaveStatus};
use crate::ui::form::{self, Input};

pub struct LeavePage<'a> {
    pub balances: &'a [(Employee, Balance)],
    pub requests: &'a [LeaveRequest],
    pub form: &'a LeaveForm,
    pub errors: &'a FieldErrors,
    pub manage: bool,
}

fn request_form(csrf: &str, p: &LeavePage) -> Markup {
    let people: Vec<(String, String)> =
        p.balances.iter().map(|(e, _)| (e.id.to_string(), e.full_name.clone())).collect();
    let (v, e) = (p.form, p.errors);
    html! {
        section.card #leave-form {
            h2 { "Nouvelle demande" }
            form.stack method="post" action="/personnel/conges" {
                (form::csrf(csrf))
                div.row {
                    (form::select("employee_id", "Employé", &people, &v.employee_id, e))
                    (form::select("kind", "Type", &LeaveKind::options(), &v.kind, e))
                }
                div.row {
                    (Input::new("first_day", "Premier jour", &v.first_day).kind("date").required().render(e))
                    (Input::new("last_day", "Dernier jour", &v.last_day).kind("date").required().render(e))
                }
                (Input::new("note", "Note", &v.note).render(e))
                p.muted { "Les jours se comptent en jours calendaires, jours fériés exclus. Le congé annuel ne peut pas dépasser le solde." }
                (form::form_error(e))
                div.actions { button type="submit" { "Enregistrer la demande" } }
            }
        }
    }
}

fn decision(csrf: &str, r: &LeaveRequest) -> Markup {
    let button = |path: &str, label: &str, class: &str| {
        html! {
            form.inline method="post" action=(format!("/personnel/conges/{}/{path}", r.id)) {
                (form::csrf(csrf)) button.small.(class) type="submit" { (label) }
            }
        }
    };
    html! {
        @if r.status == LeaveStatus::Requested { (button("approuver", "Approuver", "")) " " (button("refuser", "Refuser", "secondary")) " " }
        @if matches!(r.status, LeaveStatus::Requested | LeaveStatus::Approved) { (button("annuler", "Annuler", "secondary")) }
    }
}

pub fn page(csrf: &str, p: &LeavePage) -> Markup {
    html! {
        (tabs("/personnel/conges", p.manage))
        h1 { "Congés" }
        p.muted { "2,5 jours par mois de service, 30 jours au plus par année de référence (du 1er juillet au 30 juin), loi 90-11 art. 40–41." }
        div.table-wrap { table #balances {
            thead { tr { th { "Employé" } th.num { "Acquis" } th.num { "Pris" } th.num { "Demandés" } th.num { "Solde" } } }
            tbody { @for (e, b) in p.balances { tr {
                td { a href=(format!("/personnel/{}", e.id)) { (e.full_name) } }
                td.num { (tenths_text(b.accrued)) }
                td.num { (tenths_text(b.taken)) }
                td.num { (tenths_text(b.pending)) }
                td.num { strong { (b.remaining_text()) } }
            } } }
        } }
        @if p.manage { (request_form(csrf, p)) }
        h2 { "Demandes" }
        @if p.requests.is_empty() { (crate::ui::table::empty("Aucune demande.")) } @else {
            div.table-wrap { table #requests {
                thead { tr { th { "Employé" } th { "Type" } th { "Du" } th { "Au" } th.num { "Jours" } th { "État" } th { "" } } }
                tbody { @for r in p.requests { tr {
                    td { (r.employee) } td { (r.kind.label()) }
                    td { (r.first_day.format("%d/%m/%Y")) } td { (r.last_day.format("%d/%m/%Y")) }
                    td.num { (r.days) }
                    td { span.badge.ok[r.status == LeaveStatus::Approved].off[matches!(r.status, LeaveStatus::Refused | LeaveStatus::Cancelled)] { (r.status.label()) }
                         @if !r.note.is_empty() { br; small.muted { (r.note) } } }
                    td { @if p.manage { (decision(csrf, r)) } }
                } } }
            } }
        }
    }
}
