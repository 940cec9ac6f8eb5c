//! The manual entry form (journal OD), the reversal form of an entry, the chart's forms.

use maud::{Markup, html};

use super::subnav;
use crate::accounting::Account;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};

/// The reversal form of a manual entry, as typed.
pub struct Reversing<'a> {
    pub day: &'a str,
    pub reason: &'a str,
    pub errors: &'a FieldErrors,
}

/// One cell input of a line, with its error under it.
fn cell(name: &str, label: &str, value: &str, list: Option<&str>, numeric: bool, errors: &FieldErrors) -> Markup {
    let error = errors.get(name);
    html! {
        td.invalid[error.is_some()] {
            input name=(name) value=(value) aria-label=(label) list=[list] inputmode=[numeric.then_some("decimal")]
                aria-invalid=[error.map(|_| "true")];
            @if let Some(m) = error { small.error { (m) } }
        }
    }
}

/// The accounts offered while typing a code.
pub fn account_list(accounts: &[Account]) -> Markup {
    html! { datalist #accounts { @for a in accounts { option value=(a.code) { (a.code) " — " (a.name) } } } }
}

/// `typed(name)` reads what was typed in a field.
pub fn entry_form(
    csrf: &str,
    typed: &dyn Fn(&str) -> String,
    rows: usize,
    accounts: &[Account],
    errors: &FieldErrors,
) -> Markup {
    html! {
        h1 { "Écriture diverse (journal OD)" }
        (subnav("/compta/ecritures/nouvelle"))
        p.muted { "Une écriture équilibrée, datée d'un mois ouvert, numérotée à l'enregistrement et jamais modifiée ensuite : une erreur se corrige par contre-passation." }
        form.card.stack #manual-entry method="post" action="/compta/ecritures/nouvelle" {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(typed("token"));
            div.row {
                (Input::new("day", "Date", &typed("day")).kind("date").required().render(errors))
                (Input::new("description", "Libellé", &typed("description")).required().render(errors))
            }
            (account_list(accounts))
            div.table-wrap { table.entry-lines {
                thead { tr { th { "Compte" } th { "Libellé de la ligne" } th.num { "Débit" } th.num { "Crédit" } } }
                tbody {
                    @for i in 0..rows {
                        tr {
                            (cell(&format!("account_{i}"), "Compte", &typed(&format!("account_{i}")), Some("accounts"), false, errors))
                            (cell(&format!("label_{i}"), "Libellé", &typed(&format!("label_{i}")), None, false, errors))
                            (cell(&format!("debit_{i}"), "Débit", &typed(&format!("debit_{i}")), None, true, errors))
                            (cell(&format!("credit_{i}"), "Crédit", &typed(&format!("credit_{i}")), None, true, errors))
                        }
                    }
                }
            } }
            @if let Some(m) = errors.get("lines") { p.form-error role="alert" #lines-error { (m) } }
            (form::form_error(errors))
            button type="submit" { "Enregistrer l'écriture" }
        }
    }
}

pub fn reverse_form(csrf: &str, id: i64, r: &Reversing<'_>) -> Markup {
    html! {
        section.card #reverse {
            h2 { "Contre-passer cette écriture" }
            form.stack method="post" action=(format!("/compta/ecritures/{id}/contre-passer")) data-confirm="Contre-passer cette écriture ?" {
                (form::csrf(csrf))
                div.row {
                    (Input::new("day", "Date de la contre-passation", r.day).kind("date").render(r.errors))
                    (Input::new("reason", "Motif", r.reason).render(r.errors))
                }
                (form::form_error(r.errors))
                button.secondary type="submit" { "Contre-passer" }
            }
        }
    }
}

/// The chart with, for the accountant, the form adding a sub-account.
pub fn chart(accounts: &[Account], can_edit: Option<(&str, &str, &str, &FieldErrors)>) -> Markup {
    html! {
        h1 { "Plan de comptes (SCF)" }
        (subnav("/compta/comptes"))
        @if let Some((csrf, code, name, errors)) = can_edit {
            form.card.stack #new-account method="post" action="/compta/comptes" {
                (form::csrf(csrf))
                h2 { "Ajouter un sous-compte" }
                p.muted { "Le code commence par celui d'un compte existant (6071 sous 607) : même classe, même sens. Un compte n'est jamais supprimé." }
                div.row {
                    (Input::new("code", "Code", code).inputmode("numeric").render(errors))
                    (Input::new("name", "Intitulé", name).render(errors))
                }
                button type="submit" { "Ajouter" }
            }
        }
        div.table-wrap { table #chart {
            thead { tr { th { "Compte" } th { "Intitulé" } th { "Classe" } th { "Sens" } } }
            tbody {
                @for a in accounts {
                    tr {
                        td { a href=(format!("/compta/comptes/{}", a.code)) { (a.code) } }
                        td { (a.name) }
                        td { (a.class) }
                        td { @if a.nature == "debit" { "débit" } @else { "crédit" } }
                    }
                }
            }
        } }
    }
}
