//! A month's payroll: prepare it from the locked hours, check each payslip, validate, pay.

use chrono::{Duration, NaiveDate};
use maud::{Markup, html};

use super::tabs;
use crate::money::Money;
use crate::payroll::{Method, Payslip, Run, RunStatus};
use crate::people::{first_of_month, month_end, month_label, month_text};
use crate::ui::form;

pub struct MonthPage<'a> {
    pub first: NaiveDate,
    pub run: Option<&'a Run>,
    pub slips: &'a [Payslip],
    pub locked: bool,
    pub manage: bool,
}

fn nav(first: NaiveDate) -> Markup {
    let prev = first_of_month(first - Duration::days(1));
    let next = month_end(first) + Duration::days(1);
    html! {
        div.actions {
            a.button.secondary href=(format!("/paie?mois={}", month_text(prev))) { "← " (month_label(prev)) }
            a.button.secondary href=(format!("/paie?mois={}", month_text(next))) { (month_label(next)) " →" }
        }
    }
}

fn post_button(csrf: &str, action: &str, fields: &[(&str, &str)], label: &str, class: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (form::csrf(csrf))
            @for (k, v) in fields { input type="hidden" name=(k) value=(v); }
            button.(class) type="submit" { (label) }
        }
    }
}

fn pay_form(csrf: &str, s: &Payslip) -> Markup {
    let methods: Vec<(String, String)> = Method::ALL.iter().map(|m| (m.code().into(), m.label().into())).collect();
    html! {
        form.inline.pay method="post" action=(format!("/paie/bulletins/{}/payer", s.id)) {
            (form::csrf(csrf))
            select name="method" aria-label="Mode de paiement" {
                @for (v, l) in &methods { option value=(v) { (l) } }
            }
            input name="reference" placeholder="Référence" aria-label="Référence" size="10";
            button.small type="submit" { "Payer" }
        }
    }
}

fn slips_table(csrf: &str, p: &MonthPage, run: &Run) -> Markup {
    let total = |g: fn(&Payslip) -> Money| -> Money { p.slips.iter().map(g).sum() };
    html! {
        div.table-wrap { table #payslips {
            thead { tr {
                th { "Employé" } th.num { "Brut" } th.num { "CNAS 9 %" } th.num { "IRG" } th.num { "Net" }
                th.num { "Avances" } th.num { "Net à payer" } th { "Paiement" }
            } }
            tbody { @for s in p.slips { @let f = &s.figures; tr {
                td { a href=(format!("/paie/bulletins/{}", s.id)) { (s.employee) }
                     @if f.below_snmg { br; span.badge.warn { "sous le SNMG" } } }
                td.num { (f.gross) } td.num { (f.cnas_employee) } td.num { (f.irg) } td.num { (f.net) }
                td.num { (f.advances) } td.num { strong { (f.net_to_pay) } }
                td {
                    @if let Some(m) = s.payment_method { span.badge.ok { "Payé" } " " small.muted { (m.label()) } }
                    @else if run.status == RunStatus::Validated && p.manage && f.net_to_pay.cents() > 0 { (pay_form(csrf, s)) }
                    @else if run.status == RunStatus::Validated { "—" }
                    @else { small.muted { "après validation" } }
                }
            } } }
            tfoot { tr {
                th { "Total (" (p.slips.len()) ")" }
                th.num { (total(|s| s.figures.gross)) } th.num { (total(|s| s.figures.cnas_employee)) }
                th.num { (total(|s| s.figures.irg)) } th.num { (total(|s| s.figures.net)) }
                th.num { (total(|s| s.figures.advances)) } th.num { (total(|s| s.figures.net_to_pay)) } th {}
            } }
        } }
        p.muted { "Charges patronales : CNAS " (total(|s| s.figures.cnas_employer)) ", œuvres sociales "
            (total(|s| s.figures.fnpos)) "." }
    }
}

fn actions(csrf: &str, p: &MonthPage, run: Option<&Run>) -> Markup {
    let month = month_text(p.first);
    html! {
        @match run {
            None if p.locked => section.card #prepare {
                h2 { "Préparer la paie" }
                p { "Les heures de " (month_label(p.first)) " sont verrouillées : la paie se calcule à partir d'elles." }
                (post_button(csrf, "/paie/preparer", &[("mois", &month)], "Préparer la paie", ""))
            },
            None => p.muted { "Les heures de " (month_label(p.first)) " ne sont pas encore verrouillées. "
                a href=(format!("/personnel/heures?mois={month}")) { "Voir les heures du mois" } "." },
            Some(r) if r.status == RunStatus::Prepared => section.card #validate {
                h2 { "Valider la paie" }
                p { "Vérifiez chaque bulletin (ajoutez primes et indemnités sur le bulletin). Une fois validée, la paie ne change plus : "
                    "elle est passée en comptabilité en une écriture, et une correction se fait sur un mois suivant." }
                div.actions {
                    (post_button(csrf, "/paie/preparer", &[("mois", &month)], "Calculer à nouveau", "secondary"))
                    (post_button(csrf, &format!("/paie/{}/valider", r.id), &[], &format!("Valider la paie de {}", month_label(p.first)), "danger"))
                }
            },
            Some(_) => {},
        }
    }
}

pub fn page(csrf: &str, p: &MonthPage) -> Markup {
    html! {
        (tabs("/paie"))
        div.page-header {
            h1 { "Paie de " (month_label(p.first))
                @if let Some(r) = p.run { " " span.badge.ok[r.status == RunStatus::Validated] { (r.status.label()) } } }
            (nav(p.first))
        }
        @if let Some(r) = p.run {
            p.muted { "Barème en vigueur depuis le " (r.rates_from.format("%d/%m/%Y")) "."
                @if r.status == RunStatus::Validated { " "
                    a href=(format!("/paie/{}/journal", r.id)) download { "Journal de paie, CNAS et IRG (Excel)" }
                    " · " a href=(format!("/paie/annee/{}", &r.month[..4])) download { "Récapitulatif annuel (Excel)" } } }
            p { a.button.secondary href=(format!("/paie/{}/bulletins", r.id)) target="_blank" { "Imprimer tous les bulletins (PDF)" } }
            (slips_table(csrf, p, r))
        }
        @if p.manage { (actions(csrf, p, p.run)) }
    }
}
