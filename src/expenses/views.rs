//! Pages of the expenses: the month's bills, a new bill, a bill with its payment.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::web::ExpenseForm;
use super::{Expense, Label, PaidBy, Proposal};
use crate::error::FieldErrors;
use crate::money::Money;
use crate::ui::form::{self, Input};
use crate::ui::{day_fr, page_header, table};

/// The payment form as typed.
#[derive(Debug, Default, Clone)]
pub struct PayTyped {
    pub payment_day: String,
    pub by: String,
}

/// A new bill's form: blank (today, a fresh token), or copied from a monthly bill.
pub fn blank_form(model: Option<&Expense>, today: &str, token: String) -> ExpenseForm {
    let mut f = ExpenseForm { day: today.into(), paid_by: PaidBy::Bank.code().into(), token, ..Default::default() };
    if let Some(m) = model {
        f.label_id = m.label_id.to_string();
        f.beneficiary = m.beneficiary.clone();
        f.amount = m.amount.to_string();
        f.tva_rate = tva_rate_text(m.tva_bp);
        f.monthly = "1".into();
    }
    f
}

/// A rate as the form shows it: "19", "0,5"; empty for none.
pub fn tva_rate_text(bp: u32) -> String {
    if bp == 0 { String::new() } else { crate::tax::pct_text(bp).trim_end_matches(" %").to_string() }
}

/// What becomes of the TVA on the bill under the regime.
fn tva_note(regime: crate::tax::Regime) -> &'static str {
    if regime.has_tva() {
        "Régime réel : la TVA de la facture est déductible (4456) ; la charge est comptée hors taxe."
    } else {
        "Régime IFU : pas de TVA déductible, la TVA de la facture fait partie de la charge (comptée TTC)."
    }
}

fn choices(name: &str, options: &[PaidBy], selected: &str, errors: &FieldErrors) -> Markup {
    html! {
        div.field.invalid[errors.get(name).is_some()] {
            div.choices role="radiogroup" aria-label="Paiement" {
                @for p in options {
                    label.choice { input type="radio" name=(name) value=(p.code()) checked[p.code() == selected]; span { (p.label()) } }
                }
            }
            @if let Some(m) = errors.get(name) { small.error { (m) } }
        }
    }
}

pub fn new_expense(
    csrf: &str,
    labels: &[Label],
    regime: crate::tax::Regime,
    f: &ExpenseForm,
    errors: &FieldErrors,
) -> Markup {
    let mut options = vec![(String::new(), "— Choisir —".to_string())];
    options.extend(labels.iter().map(|l| (l.id.to_string(), format!("{} ({})", l.label, l.account))));
    html! {
        (page_header("Nouvelle dépense", html! { a.button.secondary href="/compta/depenses" { "Retour aux dépenses" } }))
        form.card.stack #expense-form method="post" action="/compta/depenses/nouvelle" {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(f.token);
            div.row {
                (form::select("label_id", "Nature", &options, &f.label_id, errors))
                (Input::new("beneficiary", "Fournisseur ou bénéficiaire", &f.beneficiary).required().render(errors))
            }
            div.row {
                (Input::new("day", "Date de la facture", &f.day).kind("date").required().render(errors))
                (Input::new("amount", "Montant TTC", &f.amount).inputmode("decimal").required().render(errors))
                (Input::new("reference", "N° de facture", &f.reference).render(errors))
            }
            div.row {
                (Input::new("tva_rate", "Taux de TVA de la facture (%)", &f.tva_rate).inputmode("decimal").render(errors))
                (Input::new("tva", "dont TVA (vide : calculée sur le TTC)", &f.tva).inputmode("decimal").render(errors))
            }
            p.muted #tva-note { (tva_note(regime)) }
            (choices("paid_by", PaidBy::ALL, &f.paid_by, errors))
            (form::checkbox("monthly", "1", "Revient chaque mois (proposée à nouveau le mois suivant)", !f.monthly.is_empty(), false))
            (form::textarea("note", "Note", &f.note, errors))
            (form::form_error(errors))
            button type="submit" { "Enregistrer la dépense" }
        }
    }
}

fn status(x: &Expense) -> Markup {
    html! {
        @if x.owed() { span.badge.warning { "À payer" } }
        @else if let Some(day) = &x.payment_day { span.badge { "Payée le " (day_fr(day)) } }
        @else { span.badge { (PaidBy::from_code(&x.paid_by).map(PaidBy::label).unwrap_or("")) } }
    }
}

pub fn list(month: &NaiveDate, rows: &[Expense], total: Money, proposals: &[Proposal]) -> Markup {
    html! {
        (page_header("Dépenses", html! { a.button href="/compta/depenses/nouvelle" { "Nouvelle dépense" } }))
        @if !proposals.is_empty() {
            section.card #proposals {
                h2 { "Dépenses mensuelles à saisir" }
                ul { @for p in proposals {
                    li { (p.label) " — " (p.beneficiary) ", " (p.amount) " (dernière le " (day_fr(&p.last_day)) ") "
                        a.button.secondary href=(format!("/compta/depenses/nouvelle?modele={}", p.model_id)) { "Saisir" } }
                } }
            }
        }
        form.filters.card method="get" action="/compta/depenses" {
            div.field { label for="f-mois" { "Mois" } input #f-mois type="month" name="mois" value=(month.format("%Y-%m")); }
            button type="submit" { "Afficher" }
        }
        @if rows.is_empty() { (table::empty("Aucune dépense ce mois-ci.")) } @else {
            div.table-wrap { table #expenses {
                thead { tr { th { "Date" } th { "Nature" } th { "Bénéficiaire" } th { "Compte" } th.num { "Montant" } th { "État" } } }
                tbody { @for x in rows {
                    tr {
                        td { a href=(format!("/compta/depenses/{}", x.id)) { (day_fr(&x.day)) } }
                        td { (x.label) } td { (x.beneficiary) } td { (x.account) } td.num { (x.amount) } td { (status(x)) }
                    }
                } }
                tfoot { tr { th { "Total du mois" } td {} td {} td {} td.num { (total) } td {} } }
            } }
        }
    }
}

pub fn expense(csrf: &str, x: &Expense, attached: bool, typed: &PayTyped, errors: &FieldErrors) -> Markup {
    html! {
        (page_header(&format!("Dépense n° {}", x.id), html! { a.button.secondary href="/compta/depenses" { "Retour aux dépenses" } }))
        section.card {
            dl {
                dt { "Nature" } dd { (x.label) " — compte " (x.account) }
                dt { "Bénéficiaire" } dd { (x.beneficiary) }
                dt { "Date" } dd { (day_fr(&x.day)) }
                dt { "Montant TTC" } dd { (x.amount) }
                @if x.tva.cents() > 0 { dt { "dont TVA déductible " (crate::tax::pct_text(x.tva_bp)) } dd { (x.tva) } }
                @if !x.reference.is_empty() { dt { "Facture" } dd { (x.reference) } }
                dt { "État" } dd { (status(x)) }
                @if !x.note.is_empty() { dt { "Note" } dd { (x.note) } }
            }
            p { a href=(format!("/compta/ecritures/{}", x.entry_id)) { "Voir l'écriture" }
                @if let Some(p) = x.payment_entry_id { " · " a href=(format!("/compta/ecritures/{p}")) { "Voir l'écriture du paiement" } } }
        }
        (attachment(csrf, x.id, attached, errors))
        @if x.owed() {
            form.card.stack #pay-form method="post" action=(format!("/compta/depenses/{}/payer", x.id)) {
                (form::csrf(csrf))
                h2 { "Payer " (x.amount) }
                (Input::new("payment_day", "Date du paiement", &typed.payment_day).kind("date").render(errors))
                (choices("by", &[PaidBy::Drawer, PaidBy::Bank], &typed.by, errors))
                (form::form_error(errors))
                button type="submit" { "Enregistrer le paiement" }
            }
        }
    }
}

fn attachment(csrf: &str, id: i64, attached: bool, errors: &FieldErrors) -> Markup {
    html! {
        form.card.stack #attachment-form method="post" action=(format!("/compta/depenses/{id}/piece?_csrf={csrf}")) enctype="multipart/form-data" {
            h2 { "Pièce justificative" }
            @if attached { p { a href=(format!("/compta/depenses/{id}/piece")) target="_blank" { "Voir la facture jointe" } } }
            div.field.invalid[errors.get("piece").is_some()] {
                label for="f-piece" { @if attached { "Remplacer par" } @else { "Photo ou PDF de la facture (3 Mo au plus)" } }
                input #f-piece type="file" name="piece" accept="application/pdf,image/jpeg,image/png,image/webp" capture="environment" required;
                @if let Some(m) = errors.get("piece") { small.error { (m) } }
            }
            button.secondary type="submit" { "Joindre" }
        }
    }
}

/// The till's quick expense: a familiar label, the amount and who was paid, out of this till's
/// drawer (its open shift), dated today.
pub fn till_expense(
    csrf: &str,
    d: &crate::cash::Counter,
    labels: &[Label],
    f: &super::web::TillExpenseForm,
    errors: &FieldErrors,
) -> Markup {
    let mut options = vec![(String::new(), "— Choisir —".to_string())];
    options.extend(labels.iter().map(|l| (l.id.to_string(), l.label.clone())));
    html! {
        (page_header(&format!("Dépense payée en espèces — {}", d.till.name), html! {
            a.button.secondary href="/caisse/mouvements" { "Retour aux entrées et sorties" }
        }))
        @if d.shift.is_none() {
            section.card { p.form-error { "Aucune caisse ouverte : ouvrez la caisse d'abord." }
                a.button href="/caisse/session" { "Ouvrir la caisse" } }
        } @else {
            form.card.stack #till-expense-form method="post" action="/caisse/depense" {
                (form::csrf(csrf))
                input type="hidden" name="till" value=(d.till.id);
                input type="hidden" name="token" value=(f.token);
                (form::select("label_id", "Nature de la dépense", &options, &f.label_id, errors))
                (Input::new("amount", "Montant (DA)", &f.amount).inputmode("decimal").required().render(errors))
                (Input::new("beneficiary", "Payé à", &f.beneficiary).required().render(errors))
                (Input::new("note", "Motif", &f.note).render(errors))
                (form::form_error(errors))
                button type="submit" { "Payer depuis le tiroir" }
            }
        }
    }
}
