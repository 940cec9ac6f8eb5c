//! Pages of the bank: the reconciliation (import, statement lines and 512's lines not matched,
//! the latest matches) and the banks' layouts.

use maud::{Markup, html};

use super::web::LayoutForm;
use super::{BankLine, Layout, LedgerLine, Overview};
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{day_fr, page_header, table};

/// What the page shows beyond the data: the import just made, the line whose form has errors.
#[derive(Debug, Default, Clone, Copy)]
pub struct Shown {
    pub import: Option<i64>,
    pub line: Option<i64>,
}

pub fn page(csrf: &str, o: &Overview, shown: &Shown, errors: &FieldErrors) -> Markup {
    html! {
        (page_header("Banque", html! {
            form.inline method="post" action="/compta/banque/rapprocher" {
                (form::csrf(csrf)) button type="submit" { "Rapprocher automatiquement" }
            }
        }))
        (crate::accounting::views::subnav("/compta/banque"))
        @if let Some(r) = &o.import {
            p.notice #import-report { "Relevé « " (r.file_name) " » importé : " (r.lines_read) " lignes lues, "
                (r.lines_new) " nouvelles, " (r.matched) " rapprochées automatiquement." }
        }
        div.row {
            section.card {
                h2 { "Soldes" }
                dl {
                    dt { "Compte 512 (livres)" } dd #books-balance { (o.books) }
                    dt { "Lignes de relevé importées (somme)" } dd { (o.statement) }
                    dt { "À rapprocher" } dd { (o.unmatched.len()) " ligne(s) du relevé, " (o.ledger.len()) " écriture(s) du 512" }
                }
                p { a href="/compta/comptes/512" { "Toutes les lignes du compte 512" } }
            }
            (import_form(csrf, &o.layouts, errors))
        }
        (unmatched(csrf, o, shown, errors))
        (ledger(&o.ledger))
        (matched(csrf, &o.matched))
    }
}

fn import_form(csrf: &str, layouts: &[Layout], errors: &FieldErrors) -> Markup {
    let mut options = vec![(String::new(), "— Choisir —".to_string())];
    options.extend(layouts.iter().map(|l| (l.id.to_string(), l.name.clone())));
    let selected = if layouts.len() == 1 { layouts[0].id.to_string() } else { String::new() };
    html! {
        section.card {
            h2 { "Importer un relevé" }
            @if layouts.is_empty() {
                p { "Enregistrez d'abord le format du relevé de votre banque (les titres de ses colonnes)." }
                a.button href="/compta/banque/formats" { "Enregistrer un format" }
            } @else {
                form.stack #import-form method="post" action=(format!("/compta/banque/import?_csrf={csrf}")) enctype="multipart/form-data" {
                    (form::select("layout_id", "Banque", &options, &selected, errors))
                    div.field.invalid[errors.get("file").is_some()] {
                        label for="f-file" { "Relevé (CSV)" }
                        input #f-file type="file" name="file" accept=".csv,text/csv" required;
                        @if let Some(m) = errors.get("file") { small.error { (m) } }
                    }
                    button type="submit" { "Importer" }
                    p.muted { "Une ligne déjà importée ne l'est pas deux fois. " a href="/compta/banque/formats" { "Formats des relevés" } }
                }
            }
        }
    }
}

fn candidates<'a>(b: &BankLine, ledger: &'a [LedgerLine]) -> Vec<&'a LedgerLine> {
    ledger.iter().filter(|l| l.amount == b.amount).collect()
}

fn unmatched(csrf: &str, o: &Overview, shown: &Shown, errors: &FieldErrors) -> Markup {
    html! {
        section.card #statement-unmatched {
            h2 { "Relevé : lignes non rapprochées" }
            @if o.unmatched.is_empty() { (table::empty("Toutes les lignes importées sont rapprochées.")) } @else {
                div.table-wrap { table {
                    thead { tr { th { "Date" } th { "Libellé" } th { "Réf." } th.num { "Montant" } th { "Rapprocher" } } }
                    tbody { @for b in &o.unmatched {
                        tr #(format!("bank-line-{}", b.id)) {
                            td { (day_fr(&b.day)) } td { (b.label) } td { (b.reference) } td.num { (b.amount) }
                            td { (line_actions(csrf, b, &candidates(b, &o.ledger), (shown.line == Some(b.id)).then_some(errors))) }
                        }
                    } }
                } }
            }
        }
    }
}

fn line_actions(csrf: &str, b: &BankLine, with: &[&LedgerLine], errors: Option<&FieldErrors>) -> Markup {
    let none = FieldErrors::new();
    let errors = errors.unwrap_or(&none);
    let options: Vec<(String, String)> =
        with.iter().map(|l| (l.id.to_string(), format!("{} — {} — {}", day_fr(&l.day), l.number, l.text))).collect();
    html! {
        @if !options.is_empty() {
            form.inline method="post" action=(format!("/compta/banque/lignes/{}/rapprocher", b.id)) {
                (form::csrf(csrf))
                (form::select("journal_line_id", "Écriture du 512", &options, "", errors))
                button.secondary type="submit" { "Rapprocher" }
            }
        } @else if let Some(m) = errors.get("journal_line_id") { small.error { (m) } }
        @else { span.muted { "Aucune écriture de ce montant." } }
        @if b.amount.is_negative() {
            form.inline method="post" action=(format!("/compta/banque/lignes/{}/frais", b.id))
                data-confirm="Passer cette ligne en frais bancaires (compte 627) ?" {
                (form::csrf(csrf)) button.secondary type="submit" { "Frais bancaires" }
            }
        }
    }
}

fn ledger(lines: &[LedgerLine]) -> Markup {
    html! {
        section.card #ledger-unmatched {
            h2 { "Compte 512 : écritures non rapprochées" }
            @if lines.is_empty() { (table::empty("Toutes les écritures du 512 sont rapprochées.")) } @else {
                div.table-wrap { table {
                    thead { tr { th { "Date" } th { "Pièce" } th { "Libellé" } th.num { "Montant" } } }
                    tbody { @for l in lines {
                        tr { td { (day_fr(&l.day)) } td { a href=(format!("/compta/ecritures/{}", l.entry_id)) { (l.number) } }
                             td { (l.text) } td.num { (l.amount) } }
                    } }
                } }
            }
        }
    }
}

fn matched(csrf: &str, lines: &[BankLine]) -> Markup {
    html! {
        @if !lines.is_empty() {
            section.card #matched {
                h2 { "Derniers rapprochements" }
                div.table-wrap { table {
                    thead { tr { th { "Date" } th { "Libellé" } th.num { "Montant" } th { "Comment" } th {} } }
                    tbody { @for b in lines {
                        tr {
                            td { (day_fr(&b.day)) } td { (b.label) } td.num { (b.amount) }
                            td { @match b.how.as_deref() { Some("auto") => "automatique", Some("frais") => "frais bancaires", _ => "à la main" } }
                            td { @if b.how.as_deref() != Some("frais") {
                                form.inline method="post" action=(format!("/compta/banque/lignes/{}/defaire", b.id)) {
                                    (form::csrf(csrf)) button.secondary type="submit" { "Défaire" }
                                }
                            } }
                        }
                    } }
                } }
            }
        }
    }
}

pub fn layouts(csrf: &str, layouts: &[Layout], f: &LayoutForm, errors: &FieldErrors) -> Markup {
    html! {
        (page_header("Formats des relevés", html! { a.button.secondary href="/compta/banque" { "Retour à la banque" } }))
        @if !layouts.is_empty() {
            section.card {
                h2 { "Formats enregistrés" }
                div.table-wrap { table #layouts {
                    thead { tr { th { "Banque" } th { "Date" } th { "Libellé" } th { "Référence" } th { "Débit" } th { "Crédit" } th { "Montant" } } }
                    tbody { @for l in layouts {
                        tr { td { (l.name) } td { (l.date_col) } td { (l.label_col) } td { (l.reference_col) }
                             td { (l.debit_col) } td { (l.credit_col) } td { (l.amount_col) } }
                    } }
                } }
            }
        }
        form.card.stack #layout-form method="post" action="/compta/banque/formats" {
            (form::csrf(csrf))
            h2 { "Nouveau format (ou le même nom pour le modifier)" }
            p.muted { "Recopiez les titres des colonnes tels qu'ils sont écrits dans le fichier de la banque. "
                "Montants : une colonne signée, ou deux colonnes débit et crédit." }
            (Input::new("name", "Banque", &f.name).required().render(errors))
            div.row {
                (Input::new("date_col", "Colonne des dates", &f.date_col).required().render(errors))
                (Input::new("label_col", "Colonne des libellés", &f.label_col).required().render(errors))
                (Input::new("reference_col", "Colonne des références", &f.reference_col).render(errors))
            }
            div.row {
                (Input::new("debit_col", "Colonne débit", &f.debit_col).render(errors))
                (Input::new("credit_col", "Colonne crédit", &f.credit_col).render(errors))
                (Input::new("amount_col", "ou colonne montant signé", &f.amount_col).render(errors))
            }
            (form::form_error(errors))
            button type="submit" { "Enregistrer le format" }
        }
    }
}
