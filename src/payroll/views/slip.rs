//! A payslip (bulletin de paie): the shop, the employee, the period, each item with its base, rate
//! and amount, CNAS, IRG, net, advances, net to pay, leave balance; the items added by hand and
//! the payment while they are allowed.

use maud::{Markup, html};

use super::minutes;
use crate::error::FieldErrors;
use crate::payroll::{ItemKind, Method, Payslip, RunStatus, pct_text};
use crate::people::leave::tenths_text;
use crate::people::{month_label, parse_month};
use crate::settings::ShopSettings;
use crate::ui::form::{self, Input};

pub struct SlipPage<'a> {
    pub slip: &'a Payslip,
    pub shop: &'a ShopSettings,
    pub kinds: &'a [ItemKind],
    pub cnas_bp: (i64, i64, i64),
    pub manage: bool,
    /// What was typed in the item form and the payment form, and their messages.
    pub item: (&'a str, &'a str, &'a str),
    pub errors: &'a FieldErrors,
}

fn header(p: &SlipPage) -> Markup {
    let (s, shop) = (p.slip, p.shop);
    let period = parse_month(&s.month).map(month_label).unwrap_or_else(|| s.month.clone());
    html! {
        div.slip-head {
            div {
                strong { (shop.name) } br; (shop.address) br;
                small { "NIF " (shop.nif) " · NIS " (shop.nis) " · RC " (shop.rc) }
                br; small { "N° employeur CNAS " @if shop.cnas_employer.is_empty() { em { "à renseigner (Réglages)" } } @else { (shop.cnas_employer) } }
            }
            div {
                h1 { "Bulletin de paie — " (period) }
                p { strong { (s.employee) } " · N° d'assuré CNAS " @if s.employee_cnas.is_empty() { em { "à renseigner" } } @else { (s.employee_cnas) } " · salaire mensuel " (s.monthly_salary)
                    " · " span.badge.ok[s.status == RunStatus::Validated] { (s.status.label()) } }
                p.muted { "Heures travaillées " (minutes(s.hours.worked_min)) " · supplémentaires " (minutes(s.hours.overtime_min))
                    " · de nuit " (minutes(s.hours.night_min)) " · repos ou férié " (minutes(s.hours.rest_min))
                    " · absences " (s.hours.absence_days) " j · congé " (s.hours.leave_days) " j" }
            }
        }
    }
}

fn items(p: &SlipPage) -> Markup {
    let f = &p.slip.figures;
    let (ee, er, fnpos) = p.cnas_bp;
    html! {
        div.table-wrap { table #items {
            thead { tr { th { "Élément" } th { "Base" } th { "Taux" } th.num { "Montant" } th { "CNAS" } th { "IRG" } } }
            tbody {
                @for i in &f.items { tr {
                    td { (i.label) } td { (i.base_text) } td { (i.rate_text) } td.num { (i.amount) }
                    td { @if i.cotisable { "soumis" } @else { "non soumis" } }
                    td { @if i.imposable { "imposable" } @else { "non imposable" } }
                } }
                tr.total { th colspan="3" { "Salaire brut" } th.num { (f.gross) } th {} th {} }
                tr { td colspan="3" { "Base CNAS" } td.num { (f.cnas_base) } td {} td {} }
                tr { td colspan="2" { "Retenue CNAS (part salariale)" } td { (pct_text(ee)) } td.num { "-" (f.cnas_employee) } td {} td {} }
                tr { td colspan="3" { "Salaire imposable" } td.num { (f.taxable) } td {} td {} }
                tr { td colspan="2" { "IRG (barème, abattement, exonération, lissage)" } td { "base " (f.irg_base) } td.num { "-" (f.irg) } td {} td {} }
                tr.total { th colspan="3" { "Net" } th.num { (f.net) } th {} th {} }
                tr { td colspan="3" { "Avances déduites" } td.num { "-" (f.advances) } td {} td {} }
                tr.total { th colspan="3" { "Net à payer" } th.num #net-to-pay { (f.net_to_pay) } th {} th {} }
            }
        } }
        p.muted { "Charges patronales : CNAS " (pct_text(er)) " " (f.cnas_employer) ", œuvres sociales " (pct_text(fnpos)) " " (f.fnpos)
            ". Solde de congé à la fin du mois : " (tenths_text(p.slip.leave_balance)) "." }
        @if f.below_snmg { p.badge.warn { "Salaire de base du mois inférieur au SNMG (pro rata du temps de travail)." } }
    }
}

fn item_form(csrf: &str, p: &SlipPage) -> Markup {
    let kinds: Vec<(String, String)> = p
        .kinds
        .iter()
        .map(|k| {
            let flags = format!(
                "{}, {}",
                if k.cotisable { "soumis CNAS" } else { "non soumis CNAS" },
                if k.imposable { "imposable" } else { "non imposable" }
            );
            (k.code.clone(), format!("{} ({flags})", k.label))
        })
        .collect();
    let (kind, label, amount) = p.item;
    html! {
        section.card #add-item {
            h2 { "Ajouter une prime ou une indemnité" }
            form.stack method="post" action=(format!("/paie/bulletins/{}/elements", p.slip.id)) {
                (form::csrf(csrf))
                div.row {
                    (form::select("kind", "Élément", &kinds, kind, p.errors))
                    (Input::new("amount", "Montant (DA)", amount).inputmode("decimal").required().render(p.errors))
                }
                (Input::new("label", "Libellé (facultatif)", label).render(p.errors))
                (form::form_error(p.errors))
                div.actions { button type="submit" { "Ajouter au bulletin" } }
            }
        }
    }
}

fn payment(csrf: &str, p: &SlipPage) -> Markup {
    let s = p.slip;
    let methods: Vec<(String, String)> = Method::ALL.iter().map(|m| (m.code().into(), m.label().into())).collect();
    html! {
        @if let Some(m) = s.payment_method {
            p #paid { span.badge.ok { "Payé" } " " (m.label()) @if !s.payment_reference.is_empty() { " — " (s.payment_reference) } }
        } @else if s.status == RunStatus::Validated && p.manage && s.figures.net_to_pay.cents() > 0 {
            section.card #pay {
                h2 { "Payer " (s.figures.net_to_pay) }
                form.stack method="post" action=(format!("/paie/bulletins/{}/payer", s.id)) {
                    (form::csrf(csrf))
                    div.row {
                        (form::select("method", "Mode de paiement", &methods, "banque", p.errors))
                        (Input::new("reference", "Référence (virement, chèque)", "").render(p.errors))
                    }
                    p.muted { "En espèces, le salaire sort du tiroir d'une caisse ouverte." }
                    div.actions { button type="submit" { "Enregistrer le paiement" } }
                }
            }
        }
    }
}

pub fn page(csrf: &str, p: &SlipPage) -> Markup {
    html! {
        article.payslip {
            p.no-print { a href=(format!("/paie?mois={}", p.slip.month)) { "← Paie du mois" } " · "
                a #slip-pdf href=(format!("/paie/bulletins/{}/pdf", p.slip.id)) target="_blank" { "Bulletin en PDF" } }
            (header(p))
            (items(p))
            (payment(csrf, p))
        }
        @if p.manage && p.slip.status == RunStatus::Prepared { (item_form(csrf, p)) }
    }
}
