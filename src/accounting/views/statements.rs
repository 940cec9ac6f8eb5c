//! The financial statements page: balance sheet, income statement, cash flows of a period, each
//! tied to the trial balance, with their files.

use maud::{Markup, html};

use super::subnav;
use crate::accounting::ops::export::FILES;
use crate::accounting::ops::statements::Statements;
use crate::accounting::statements::StatementLine;
use crate::error::FieldErrors;
use crate::ui::form::Input;

fn lines_table(id: &str, lines: &[StatementLine]) -> Markup {
    html! {
        div.table-wrap { table id=(id) {
            tbody { @for l in lines {
                @if l.total { tr.total { th { (l.label) } th.num { (l.amount) } } }
                @else { tr { td { (l.label) } td.num { (l.amount) } } }
            } }
        } }
    }
}

fn tie(ok: bool, yes: &str, no: &str) -> Markup {
    html! { @if ok { p.check-ok { "✔ " (yes) } } @else { p.check-bad { "✘ " (no) } } }
}

fn files(query: &str) -> Markup {
    html! {
        nav.card.no-print #statement-files aria-label="Fichiers" {
            h2 { "Fichiers" }
            ul { @for (name, label) in FILES {
                li { (label) " : "
                    a href=(format!("/compta/etats/{name}.xlsx?{query}")) { "XLSX" }
                    @if matches!(*name, "grand-livre" | "journal") {
                        " · " a href=(format!("/compta/etats/{name}.csv?{query}")) { "CSV" }
                    } @else {
                        " · " a href=(format!("/compta/etats/{name}.pdf?{query}")) target="_blank" { "PDF" }
                    }
                }
            } }
        }
    }
}

pub fn page(du: &str, au: &str, errors: &FieldErrors, s: Option<&Statements>) -> Markup {
    html! {
        h1 { "États financiers (SCF)" }
        (subnav("/compta/etats"))
        form.filters.card method="get" action="/compta/etats" {
            (Input::new("du", "Du", du).kind("date").render(errors))
            (Input::new("au", "Au (inclus)", au).kind("date").render(errors))
            button type="submit" { "Afficher" }
        }
        @if let Some(s) = s {
            @let query = format!("du={}&au={}", s.period.from, s.period.to);
            p.muted { "Période du " (s.period.from.format("%d/%m/%Y")) " au " (s.period.to.format("%d/%m/%Y"))
                ". Le bilan est arrêté à la fin de la période ; le compte de résultat et les flux portent sur la période." }
            (files(&query))
            section.card #bilan {
                h2 { "Bilan au " (s.period.to.format("%d/%m/%Y")) }
                div.row {
                    div { h3 { "Actif" } (lines_table("actif", &s.sheet.assets)) p { strong { "Total actif : " (s.sheet.total_assets()) } } }
                    div { h3 { "Passif" } (lines_table("passif", &s.sheet.liabilities)) p { strong { "Total passif : " (s.sheet.total_liabilities()) } } }
                }
                (tie(s.sheet.total_assets() == s.sheet.total_liabilities(), "Total actif = total passif (balance générale).", "Actif et passif diffèrent."))
            }
            section.card #resultat {
                h2 { "Compte de résultat par nature" }
                (lines_table("compte-resultat", &s.income))
                @let (shown, trial) = s.results();
                (tie(shown == trial, "Résultat = classes 7 − classes 6 de la balance de la période.", "Le résultat diffère de la balance."))
            }
            section.card #flux {
                h2 { "Tableau des flux de trésorerie (méthode directe)" }
                (lines_table("flux-tresorerie", &s.flows.lines()))
                (tie(s.flows.ties(), "Trésorerie d'ouverture + flux = trésorerie de clôture (classe 5).", "Les flux ne rejoignent pas la trésorerie."))
            }
        }
    }
}
