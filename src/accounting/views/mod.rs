//! Read-only pages of the books, and the closing of months.

use maud::{Markup, html};

pub mod manual;
pub mod periods;
pub mod statements;

use super::store::LedgerLine;
use super::{Account, BalanceRow, EVENTS, Entry};
use crate::error::FieldErrors;
use crate::money::Money;
use crate::ui::form::{self, Input};
use crate::ui::{day_fr, table};

pub(crate) fn subnav(active: &str) -> Markup {
    let items = [
        ("/compta/journal", "Journal"),
        ("/compta/balance", "Balance générale"),
        ("/compta/comptes", "Plan de comptes"),
        ("/compta/etats", "États financiers"),
        ("/compta/banque", "Banque"),
        ("/compta/ecritures/nouvelle", "Écriture diverse"),
        ("/compta/periodes", "Périodes"),
        ("/compta/regles", "Règles d'imputation"),
    ];
    html! {
        nav.subnav.no-print aria-label="Comptabilité" {
            @for (href, label) in items { a href=(href) aria-current=[(href == active).then_some("page")] { (label) } }
        }
    }
}

pub(crate) fn amount(m: Money) -> Markup {
    html! { @if m.cents() != 0 { (m) } }
}

pub(crate) fn entry_table(entries: &[Entry]) -> Markup {
    html! {
        div.table-wrap { table.entries {
            thead { tr { th { "Date" } th { "N°" } th { "Compte" } th { "Libellé" } th.num { "Débit" } th.num { "Crédit" } } }
            tbody {
                @for e in entries {
                    @for (i, l) in e.lines.iter().enumerate() {
                        tr.entry-first[i == 0] {
                            td { @if i == 0 { (day_fr(&e.day)) } }
                            td { @if i == 0 { a href=(format!("/compta/ecritures/{}", e.id)) { (e.number) } } }
                            td { a href=(format!("/compta/comptes/{}", l.account)) { (l.account) } " " small.muted { (l.account_name) } }
                            td { @if i == 0 { (e.description) } @if !l.label.is_empty() { " — " (l.label) } }
                            td.num { (amount(l.debit)) }
                            td.num { (amount(l.credit)) }
                        }
                    }
                }
            }
        } }
    }
}

#[derive(Debug, Default, Clone)]
pub struct JournalFilter {
    pub journal: String,
    pub du: String,
    pub au: String,
}

pub fn journal(
    f: &JournalFilter,
    errors: &FieldErrors,
    entries: &[Entry],
    page: u32,
    more: bool,
    query: &str,
) -> Markup {
    let mut journals = vec![(String::new(), "Tous".to_string())];
    journals.extend(super::Journal::ALL.iter().map(|j| (j.code().to_string(), j.code().to_string())));
    html! {
        h1 { "Journal" }
        (subnav("/compta/journal"))
        form.filters.card method="get" action="/compta/journal" {
            (form::select("journal", "Journal", &journals, &f.journal, errors))
            (Input::new("du", "Du", &f.du).kind("date").render(errors))
            (Input::new("au", "Au", &f.au).kind("date").render(errors))
            button type="submit" { "Filtrer" }
        }
        @if errors.is_empty() { (exports(&f.du, &f.au)) }
        @if entries.is_empty() { (table::empty("Aucune écriture pour ces filtres.")) } @else { (entry_table(entries)) }
        (table::pager(query, page, more))
    }
}

/// `p#book-files`: the journal and the ledger of the period (every journal; default: the year to
/// date) as files for the accountant's software.
fn exports(du: &str, au: &str) -> Markup {
    let q = serde_urlencoded::to_string([("du", du.trim()), ("au", au.trim())]).unwrap_or_default();
    html! {
        p.muted.no-print #book-files {
            "Exporter la période (tous les journaux) — journal : "
            a href=(format!("/compta/etats/journal.csv?{q}")) { "CSV" } " · "
            a href=(format!("/compta/etats/journal.xlsx?{q}")) { "XLSX" }
            " ; grand livre : "
            a href=(format!("/compta/etats/grand-livre.csv?{q}")) { "CSV" } " · "
            a href=(format!("/compta/etats/grand-livre.xlsx?{q}")) { "XLSX" }
        }
    }
}

pub fn entry(e: &Entry, reversed_by: Option<&Entry>, csrf: &str, reversing: Option<manual::Reversing<'_>>) -> Markup {
    let reversible = e.source_type == super::ops::manual::SOURCE && e.reverses.is_none() && reversed_by.is_none();
    html! {
        h1 { "Écriture " (e.number) }
        (subnav("/compta/journal"))
        section.card {
            p { "Journal " strong { (e.journal) } ", le " (day_fr(&e.day)) ". Source : " (e.source_type) " n° " (e.source_id) "." }
            @if let Some(r) = e.reverses { p { "Contre-passe l'écriture " a href=(format!("/compta/ecritures/{r}")) { "n° " (r) } "." } }
            @if let Some(r) = reversed_by { p.form-error { "Contre-passée par " a href=(format!("/compta/ecritures/{}", r.id)) { (r.number) } "." } }
            (entry_table(std::slice::from_ref(e)))
            p.muted { "Une écriture passée ne se modifie pas : une erreur se corrige par une contre-passation." }
        }
        @if let Some(r) = reversing.filter(|_| reversible) { (manual::reverse_form(csrf, e.id, &r)) }
    }
}

pub fn ledger(a: &Account, du: &str, au: &str, errors: &FieldErrors, opening: Money, lines: &[LedgerLine]) -> Markup {
    let rows: Vec<(&LedgerLine, Money)> = lines
        .iter()
        .scan(opening, |running, l| {
            *running = *running + l.4 - l.5;
            Some((l, *running))
        })
        .collect();
    html! {
        h1 { "Compte " (a.code) " — " (a.name) }
        (subnav("/compta/comptes"))
        form.filters.card method="get" action=(format!("/compta/comptes/{}", a.code)) {
            (Input::new("du", "Du", du).kind("date").render(errors))
            (Input::new("au", "Au", au).kind("date").render(errors))
            button type="submit" { "Filtrer" }
        }
        div.table-wrap { table #ledger {
            thead { tr { th { "Date" } th { "N°" } th { "Libellé" } th.num { "Débit" } th.num { "Crédit" } th.num { "Solde" } } }
            tbody {
                tr { td {} td {} td { em { "Solde d'ouverture" } } td {} td {} td.num { (opening) } }
                @for ((day, number, id, label, debit, credit), running) in &rows {
                    tr {
                        td { (day_fr(day)) }
                        td { a href=(format!("/compta/ecritures/{id}")) { (number) } }
                        td { (label) }
                        td.num { (amount(*debit)) }
                        td.num { (amount(*credit)) }
                        td.num { (running) }
                    }
                }
            }
        } }
        p.muted { "Solde = débit − crédit ; un solde négatif est créditeur." }
    }
}

pub fn trial_balance(au: &str, errors: &FieldErrors, rows: &[BalanceRow]) -> Markup {
    let total_d: Money = rows.iter().map(|r| r.debit).sum();
    let total_c: Money = rows.iter().map(|r| r.credit).sum();
    let sd: Money = rows.iter().map(|r| r.net()).filter(|n| !n.is_negative()).sum();
    let sc: Money = rows.iter().map(|r| -r.net()).filter(|n| !n.is_negative()).sum();
    html! {
        h1 { "Balance générale" }
        (subnav("/compta/balance"))
        form.filters.card method="get" action="/compta/balance" {
            (Input::new("au", "Au (inclus)", au).kind("date").render(errors))
            button type="submit" { "Afficher" }
            button.secondary type="button" data-print="1" { "Imprimer" }
        }
        @if rows.is_empty() { (table::empty("Aucune écriture.")) } @else {
            div.table-wrap { table #trial-balance {
                thead { tr { th { "Compte" } th { "Intitulé" } th.num { "Total débit" } th.num { "Total crédit" } th.num { "Solde débiteur" } th.num { "Solde créditeur" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td { a href=(format!("/compta/comptes/{}", r.code)) { (r.code) } }
                            td { (r.name) }
                            td.num { (r.debit) }
                            td.num { (r.credit) }
                            td.num { @if r.net().cents() > 0 { (r.net()) } }
                            td.num { @if r.net().is_negative() { (-r.net()) } }
                        }
                    }
                }
                tfoot { tr { th { "Totaux" } td {} td.num { (total_d) } td.num { (total_c) } td.num { (sd) } td.num { (sc) } } }
            } }
            @if total_d == total_c { p.check-ok { "✔ Débits = crédits." } } @else { p.check-bad { "✘ Débits et crédits diffèrent." } }
        }
    }
}

pub fn rules() -> Markup {
    html! {
        h1 { "Règles d'imputation" }
        (subnav("/compta/regles"))
        p.muted { "Chaque événement passe son écriture dans la même transaction que lui : l'événement et son écriture sont enregistrés ensemble, ou pas du tout. "
            "Le stock est tenu en inventaire permanent : les comptes de stock égalent toujours la valeur du stock." }
        div.table-wrap { table #rules {
            thead { tr { th { "Événement" } th { "Journal" } th { "Débit" } th { "Crédit" } } }
            tbody { @for r in EVENTS { tr { td { (r.event) } td { (r.journal.code()) } td { (r.debit) } td { (r.credit) } } } }
        } }
    }
}
