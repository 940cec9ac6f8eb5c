//! The cash pages at the counter: the shift's state, the opening count, movements, the blind
//! close. Touch-first: big count fields, big buttons.

use maud::{Markup, html};

use super::subnav;
use crate::cash::{Counter, Counts, DENOMINATIONS, MovementKind, Purpose, Shift, Till};
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{self, table};

/// A form as typed: counts by denomination and the other fields, kept on a 422.
#[derive(Debug, Clone, Default)]
pub struct CountValues {
    pub counts: Vec<(String, String)>,
    pub next_float: String,
    pub comment: String,
    pub token: String,
}

impl CountValues {
    pub fn get(&self, key: &str) -> &str {
        self.counts.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

/// The notes and coins to count, one big field each, and the total counted so far (kept up to
/// date as it is typed by `static/app.js`, from each field's `data-cents`). Only what is counted:
/// never the expected amount.
pub fn count_fields(values: &CountValues, errors: &FieldErrors) -> Markup {
    let counted = Counts::parse(|k| values.get(k).to_string(), &mut FieldErrors::default()).total();
    html! {
        div.grid data-count-total="count-total" {
            @for d in DENOMINATIONS {
                @let name = format!("c_{}", d.key);
                @let label = d.label();
                div.count-input data-cents=(d.da * 100) {
                    (Input::new(&name, &label, values.get(&name)).kind("number").inputmode("numeric").render(errors))
                }
            }
        }
        p.count-total { "Total compté : " strong { output #count-total aria-live="polite" { (counted) } } }
    }
}

fn till_chooser(tills: &[Till], current: i64) -> Markup {
    let active: Vec<&Till> = tills.iter().filter(|t| t.active).collect();
    html! {
        @if active.len() > 1 {
            nav.tabs aria-label="Choisir la caisse" {
                @for t in active {
                    a.button.secondary[t.id != current] href=(format!("/caisse/session?caisse={}", t.id))
                        aria-current=[(t.id == current).then_some("true")] { (t.name) }
                }
            }
        }
    }
}

/// The current till: its open shift and actions, or the opening form.
pub fn session(clock: &Clock, csrf: &str, d: &Counter, values: &CountValues, errors: &FieldErrors) -> Markup {
    let (tills, till, carried) = (&d.tills, &d.till, d.carried);
    let shift = d.shift.as_ref().map(|(s, by)| (s, by.as_str()));
    html! {
        (ui::page_header(&format!("Caisse — {}", till.name), html! {}))
        (subnav("/caisse/session"))
        (till_chooser(tills, till.id))
        @match shift {
            Some((s, opened_by)) => {
                section.card {
                    h2 { "Caisse ouverte" }
                    p { "Ouverte par " strong { (opened_by) } " le " (ui::datetime(clock, &s.opened_at)) "." }
                    p { "Fond de caisse compté : " (s.opening_float) }
                    div.actions {
                        a.button href="/caisse/mouvements" { "Entrée / sortie d'espèces" }
                        a.button.secondary href=(format!("/caisse/sessions/{}", s.id)) { "Rapport X" }
                        a.button.danger href="/caisse/fermer" { "Fermer la caisse" }
                    }
                }
                section.card {
                    h2 { "Ouvrir le tiroir sans vente" }
                    form.stack method="post" action="/caisse/tiroir" {
                        (form::csrf(csrf))
                        input type="hidden" name="till" value=(till.id);
                        input type="hidden" name="token" value=(values.token);
                        (Input::new("reason", "Motif", &values.comment).required().render(errors))
                        button.secondary type="submit" { "Ouvrir le tiroir" }
                    }
                }
            }
            None => {
                section.card {
                    h2 { "Ouvrir la caisse" }
                    p.muted { "Comptez le fond de caisse billet par billet, pièce par pièce. "
                        "Fond laissé par la dernière caisse : " (carried) "." }
                    form.stack method="post" action="/caisse/ouvrir" {
                        (form::csrf(csrf))
                        input type="hidden" name="till" value=(till.id);
                        input type="hidden" name="token" value=(values.token);
                        (count_fields(values, errors))
                        (form::form_error(errors))
                        button type="submit" { "Ouvrir la caisse" }
                    }
                }
            }
        }
    }
}

fn kind_label(code: &str) -> &'static str {
    MovementKind::from_code(code).map(MovementKind::label).unwrap_or("Mouvement")
}

/// The movements of the open shift, and the form to put cash in or take it out.
pub fn movements(clock: &Clock, csrf: &str, d: &Counter, values: &MovementValues, errors: &FieldErrors) -> Markup {
    let (till, shift, list) = (&d.till, d.shift.as_ref().map(|(s, _)| s), &d.movements);
    let purposes: Vec<(String, String)> = Purpose::ALL
        .iter()
        .filter(|p| **p != Purpose::NoSale && **p != Purpose::Expense)
        .map(|p| (p.code().to_string(), p.label().to_string()))
        .collect();
    html! {
        (ui::page_header(&format!("Entrées et sorties — {}", till.name), html! {}))
        (subnav("/caisse/mouvements"))
        @if shift.is_none() {
            section.card { p.form-error { "Aucune caisse ouverte : ouvrez la caisse d'abord." }
                a.button href="/caisse/session" { "Ouvrir la caisse" } }
        } @else {
            section.card {
                p { a.button href="/caisse/depense" { "Dépense payée en espèces" } }
                h2 { "Nouveau mouvement" }
                form.stack method="post" action="/caisse/mouvements" #movement-form {
                    (form::csrf(csrf))
                    input type="hidden" name="till" value=(till.id);
                    input type="hidden" name="token" value=(values.token);
                    (form::select("purpose", "Nature", &purposes, &values.purpose, errors))
                    (Input::new("amount", "Montant (DA)", &values.amount).inputmode("decimal").required().render(errors))
                    (Input::new("reason", "Motif", &values.reason).required().render(errors))
                    button type="submit" { "Enregistrer et ouvrir le tiroir" }
                }
            }
            section.card {
                h2 { "Mouvements de la caisse" }
                @if list.is_empty() { (table::empty("Aucun mouvement pour l'instant.")) } @else {
                    div.table-wrap { table {
                        thead { tr { th { "Heure" } th { "Nature" } th { "Motif" } th { "Par" } th.num { "Montant" } } }
                        tbody { @for m in list { tr {
                            td { (ui::datetime(clock, &m.at)) } td { (kind_label(&m.kind)) } td { (m.reason) }
                            td { (m.user) } td.num { (m.amount) }
                        } } }
                    } }
                }
            }
        }
    }
}

/// The movement form as typed.
#[derive(Debug, Clone, Default)]
pub struct MovementValues {
    pub purpose: String,
    pub amount: String,
    pub reason: String,
    pub token: String,
}

/// The blind close: counts, float left, comment. Never the expected amount.
pub fn close_form(csrf: &str, d: &Counter, values: &CountValues, errors: &FieldErrors) -> Markup {
    let (till, shift) = (&d.till, d.shift.as_ref().map(|(s, _)| s));
    html! {
        (ui::page_header(&format!("Fermer la caisse — {}", till.name), html! {}))
        (subnav("/caisse/fermer"))
        @match shift {
            None => { section.card { p.form-error { "Aucune caisse ouverte : ouvrez la caisse d'abord." } } }
            Some(s) => {
                section.card {
                    h2 { "Comptage à l'aveugle" }
                    p.muted { "Comptez tout le tiroir, billet par billet, pièce par pièce. Le montant attendu "
                        "s'affiche après la fermeture." }
                    form.stack method="post" action="/caisse/fermer" #close-form {
                        (form::csrf(csrf))
                        input type="hidden" name="shift" value=(s.id);
                        input type="hidden" name="token" value=(values.token);
                        (count_fields(values, errors))
                        (Input::new("next_float", "Fond laissé pour la prochaine caisse (DA)", &values.next_float)
                            .inputmode("decimal")
                            .help("Vide : le fond d'ouverture (au plus ce que vous avez compté). Le reste part au coffre ou en banque.")
                            .render(errors))
                        (form::textarea("comment", "Commentaire", &values.comment, errors))
                        (form::form_error(errors))
                        button.danger type="submit" { "Fermer la caisse" }
                    }
                }
            }
        }
    }
}

/// Counts as typed, for re-rendering (from a stored JSON as well).
pub fn values_of(counts: &Counts) -> Vec<(String, String)> {
    counts.0.iter().map(|(k, n)| (format!("c_{k}"), n.to_string())).collect()
}

/// One line on the home page: the till's shift.
pub fn drawer_status(clock: &Clock, till: &Till, shift: Option<(&Shift, &str)>) -> Markup {
    html! {
        section.card {
            @match shift {
                Some((s, by)) => p { strong { (till.name) } " : ouverte par " (by) " le " (ui::datetime(clock, &s.opened_at))
                    ". " a href="/caisse/session" { "Voir la caisse" } },
                None => p { strong { (till.name) } " : fermée. " a.button href="/caisse/session" { "Ouvrir la caisse" } },
            }
        }
    }
}
