//! The periods page: closed months, closing an ended month, reopening the last one.

use maud::{Markup, html};

use super::subnav;
use crate::accounting::{BalanceRow, store};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::ui::form::{self, Input};

/// What was typed in the page's two forms.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub close: String,
    pub reopen: String,
    pub reason: String,
    pub year: String,
    pub carry: String,
}

/// The closed years (newest first: year, result, account carried to, when) and the à-nouveaux
/// the latest one left to the next year.
#[derive(Debug, Default, Clone)]
pub struct Years {
    pub closed: Vec<(i64, Money, String, String)>,
    pub opening: Vec<BalanceRow>,
}

impl Years {
    pub fn read(conn: &rusqlite::Connection) -> Result<Years, AppError> {
        let closed = store::closed_years(conn)?;
        let opening = match closed.first() {
            Some((year, ..)) => store::opening_balances(conn, *year as i32 + 1)?,
            None => Vec::new(),
        };
        Ok(Years { closed, opening })
    }
}

pub fn periods(
    csrf: &str,
    (can_close, can_reopen): (bool, bool),
    (closed, years): (&[String], &Years),
    typed: &Typed,
    errors: &FieldErrors,
) -> Markup {
    let last = closed.first().cloned().unwrap_or_default();
    let reopen = if typed.reopen.is_empty() { last.as_str() } else { typed.reopen.as_str() };
    html! {
        h1 { "Périodes comptables" }
        (subnav("/compta/periodes"))
        div.row {
            section.card {
                h2 { "Mois clôturés" }
                @if closed.is_empty() { p.muted { "Aucun mois clôturé." } }
                ul { @for m in closed { li { (m) } } }
            }
            @if can_close {
                section.card {
                    h2 { "Clôturer un mois" }
                    p.muted { "Un mois se clôture une fois terminé. Ensuite plus aucune écriture ne peut être datée de ce mois : ni vente, ni achat, ni correction." }
                    form.stack method="post" action="/compta/periodes" data-confirm="Clôturer ce mois ? Plus rien ne pourra y être passé." {
                        (form::csrf(csrf))
                        (Input::new("month", "Mois (AAAA-MM)", &typed.close).render(errors))
                        button type="submit" { "Clôturer" }
                    }
                }
            }
            @if can_reopen && !closed.is_empty() {
                section.card {
                    h2 { "Rouvrir le dernier mois clôturé" }
                    p.muted { "Seul le dernier mois clôturé se rouvre ; le motif est gardé au journal d'audit." }
                    form.stack method="post" action="/compta/periodes/rouvrir" {
                        (form::csrf(csrf))
                        (Input::new("reopen", "Mois (AAAA-MM)", reopen).render(errors))
                        (Input::new("reason", "Motif", &typed.reason).render(errors))
                        button.secondary type="submit" { "Rouvrir" }
                    }
                }
            }
        }
        (year_end(csrf, can_close, years, typed, errors))
    }
}

fn year_end(csrf: &str, can_close: bool, years: &Years, typed: &Typed, errors: &FieldErrors) -> Markup {
    let carry = if typed.carry.is_empty() { "11" } else { typed.carry.as_str() };
    html! {
        div.row {
            section.card #closed-years {
                h2 { "Exercices clôturés" }
                @if years.closed.is_empty() { p.muted { "Aucun exercice clôturé." } }
                ul { @for (year, result, to, _) in &years.closed {
                    li { (year) " : résultat " (result) ", porté au compte " (to) }
                } }
                @if let Some((year, ..)) = years.closed.first() {
                    @if !years.opening.is_empty() {
                        h3 { "À-nouveaux du " "01/01/" (year + 1) }
                        div.table-wrap { table #opening {
                            thead { tr { th { "Compte" } th { "Intitulé" } th.num { "Débit" } th.num { "Crédit" } } }
                            tbody { @for r in &years.opening {
                                tr { td { (r.code) } td { (r.name) } td.num { (super::amount(r.debit)) } td.num { (super::amount(r.credit)) } }
                            } }
                        } }
                    }
                }
            }
            @if can_close {
                section.card {
                    h2 { "Clôturer l'exercice" }
                    p.muted { "Les classes 6 et 7 sont soldées dans le compte 12, tous les mois de l'année sont clôturés et les à-nouveaux de l'année suivante sont établis. "
                        strong { "C'est définitif" } " (décret 09-110) : plus aucune écriture ne pourra être datée de cet exercice." }
                    form.stack #year-form method="post" action="/compta/periodes/exercice" data-confirm="Clôturer définitivement cet exercice ?" {
                        (form::csrf(csrf))
                        (Input::new("year", "Exercice (année)", &typed.year).inputmode("numeric").render(errors))
                        div.field.invalid[errors.get("carry").is_some()] {
                            div.choices role="radiogroup" aria-label="Résultat" {
                                label.choice { input type="radio" name="carry" value="11" checked[carry == "11"]; span { "Porter le résultat en report à nouveau (11)" } }
                                label.choice { input type="radio" name="carry" value="12" checked[carry == "12"]; span { "Le laisser au compte 12 en attendant son affectation" } }
                            }
                            @if let Some(m) = errors.get("carry") { small.error { (m) } }
                        }
                        button type="submit" { "Clôturer l'exercice" }
                    }
                }
            }
        }
    }
}
