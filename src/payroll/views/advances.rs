//! Salary advances: hand one out (from a drawer or the bank), the latest ones, cancel an open one.

use maud::{Markup, html};

use super::tabs;
use crate::error::FieldErrors;
use crate::payroll::Advance;
use crate::payroll::web::forms::AdvanceForm;
use crate::people::{month_label, parse_month};
use crate::ui::form::{self, Input};

pub struct AdvancesPage<'a> {
    pub advances: &'a [Advance],
    pub employees: &'a [(String, String)],
    pub approvers: &'a [(String, String)],
    pub form: &'a AdvanceForm,
    pub errors: &'a FieldErrors,
}

fn give_form(csrf: &str, p: &AdvancesPage) -> Markup {
    let (v, e) = (p.form, p.errors);
    let methods =
        vec![("especes".to_string(), "Espèces (tiroir)".to_string()), ("banque".to_string(), "Banque".to_string())];
    let mut approvers = vec![(String::new(), "—".to_string())];
    approvers.extend(p.approvers.iter().cloned());
    html! {
        section.card #give {
            h2 { "Remettre une avance" }
            form.stack method="post" action="/paie/avances" {
                (form::csrf(csrf))
                input type="hidden" name="token" value=(v.token);
                div.row {
                    (form::select("employee_id", "Employé", p.employees, &v.employee_id, e))
                    (Input::new("amount", "Montant (DA)", &v.amount).inputmode("decimal").required().render(e))
                }
                div.row {
                    (Input::new("mois", "Déduite de la paie de", &v.month).kind("month").required().render(e))
                    (form::select("method", "Remise", &methods, &v.method, e))
                }
                (Input::new("reason", "Motif", &v.reason).render(e))
                fieldset {
                    legend { "Au-delà du net du mois : approbation de la gérante" }
                    div.row {
                        (form::select("approver_id", "Qui approuve", &approvers, &v.approver_id, e))
                        (Input::new("approval.pin", "Son code", "").kind("password").inputmode("numeric").autocomplete("off").render(e))
                    }
                }
                (form::form_error(e))
                div.actions { button type="submit" { "Remettre l'avance" } }
            }
        }
    }
}

pub fn page(csrf: &str, p: &AdvancesPage) -> Markup {
    html! {
        (tabs("/paie/avances"))
        h1 { "Avances sur salaire" }
        p.muted { "Une avance sort du tiroir d'une caisse ouverte ou de la banque (compte 4251) ; la paie du mois choisi la déduit, "
            "ou la suivante si le net ne suffit pas. Une avance déduite ne s'annule plus." }
        (give_form(csrf, p))
        h2 { "Dernières avances" }
        @if p.advances.is_empty() { (crate::ui::table::empty("Aucune avance.")) } @else {
            div.table-wrap { table #advances {
                thead { tr { th { "Le" } th { "Employé" } th.num { "Montant" } th { "Paie de" } th { "Remise" } th { "État" } th {} } }
                tbody { @for a in p.advances { tr {
                    td { (a.given_on.format("%d/%m/%Y")) } td { (a.employee) @if !a.reason.is_empty() { br; small.muted { (a.reason) } } }
                    td.num { (a.amount) }
                    td { (parse_month(&a.month).map(month_label).unwrap_or_else(|| a.month.clone())) }
                    td { (a.method.label()) }
                    td { @if a.cancelled_at.is_some() { span.badge.off { "Annulée" } }
                         @else if a.payslip_id.is_some() { span.badge.ok { "Déduite" } }
                         @else { span.badge { "À déduire" } } }
                    td { @if a.open() {
                        form.inline method="post" action=(format!("/paie/avances/{}/annuler", a.id)) {
                            (form::csrf(csrf)) button.small.secondary type="submit" { "Annuler" }
                        }
                    } }
                } } }
            } }
        }
    }
}
