//! The till's refund, in its dialog: find a recent ticket, choose what comes back (a stepper per
//! line), where it goes, the reason and how the money goes back; the approval of someone allowed
//! when the seller may not refund; the credit note once recorded.

use maud::{Markup, html};

use super::sales::RefundForm;
use super::till::approval_fields;
use crate::catalog::Unit;
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::pos::{PayMethod, Refunded, Ticket, TicketSummary};
use crate::ui::form;

/// Reasons a seller gives most, a touch away.
const REASONS: [&str; 4] = ["Produit abîmé", "Erreur de caisse", "Client mécontent", "Produit périmé"];

/// The latest tickets of this till, or those whose number ends with what was typed.
pub fn finder(tickets: &[TicketSummary], number: &str, clock: &Clock) -> Markup {
    html! {
        div #till-refund {
            h2 { "Retour d'un ticket" }
            form.refund-search hx-get="/caisse/retours" hx-target="#till-dialog-body" {
                input type="search" name="numero" value=(number) inputmode="numeric" autocomplete="off"
                    placeholder="Fin du n° de ticket (ex. 42)" aria-label="Numéro du ticket";
                button type="submit" { "Chercher" }
            }
            @if tickets.is_empty() {
                p.empty { @if number.is_empty() { "Aucun ticket à cette caisse." } @else { "Aucun ticket ne finit par « " (number) " »." } }
            }
            ul.refund-tickets {
                @for t in tickets {
                    li {
                        button.secondary type="button" hx-get=(format!("/caisse/retours/{}", t.id)) hx-target="#till-dialog-body" {
                            strong { (t.number) }
                            span.muted { (clock.datetime_text(&t.at)) " · " (t.seller) }
                            span.money { (t.total) }
                            @if t.refunded.cents() > 0 { span.badge.err { "Retour " (t.refunded) } }
                        }
                    }
                }
            }
        }
    }
}

/// What the refund form needs: the ticket, what was typed, the messages, and, for a seller who
/// may not refund, who may approve it.
pub struct Ask<'a> {
    pub ticket: &'a Ticket,
    pub form: &'a RefundForm,
    pub errors: &'a FieldErrors,
    /// None: the seller may refund herself.
    pub approvers: Option<&'a [(i64, String)]>,
}

/// The refund of one ticket at the till.
pub fn form(a: &Ask, clock: &Clock) -> Markup {
    let s = &a.ticket.summary;
    let (f, errors) = (a.form, a.errors);
    html! {
        form #till-refund-form .refund-form hx-post=(format!("/caisse/retours/{}", s.id)) hx-target="#till-dialog-body" {
            h2 { "Retour sur le ticket " (s.number) }
            p.muted { (clock.datetime_text(&s.at)) " · " (s.till) " · " (s.seller) " · total " (s.total) }
            (form::form_error(errors))
            input type="hidden" name="token" value=(f.token);
            ul.refund-lines {
                @for l in a.ticket.lines.iter().filter(|l| l.refundable().milli() > 0) {
                    @let typed = f.lines.iter().find(|x| x.0 == l.id);
                    @let qty_name = format!("qty-{}", l.id);
                    li {
                        span.refund-what { strong { (l.name) } span.muted { "reste " (l.unit.format(l.refundable())) " · " (l.total) } }
                        span.stepper {
                            @if l.unit == Unit::Piece {
                                button.secondary.step type="button" data-step="-1" data-for=(qty_name) aria-label="Un de moins" { "−" }
                            }
                            input type="text" inputmode="decimal" name=(qty_name) value=(typed.map(|x| x.1.as_str()).unwrap_or(""))
                                placeholder="0" data-max=(l.refundable().milli() / 1000)
                                aria-label=(format!("Quantité rendue de {}", l.name)) aria-invalid=[errors.get(&qty_name).map(|_| "true")];
                            @if l.unit == Unit::Piece {
                                button.secondary.step type="button" data-step="1" data-for=(qty_name) aria-label="Un de plus" { "+" }
                            } @else { span.muted { "kg" } }
                        }
                        @let dest = typed.map(|x| x.2.as_str()).unwrap_or("comptoir");
                        select name=(format!("dest-{}", l.id)) aria-label="Destination" {
                            option value="comptoir" selected[dest == "comptoir"] { "Remis en vente" }
                            option value="perte" selected[dest == "perte"] { "Jeté (perte)" }
                        }
                        @if let Some(m) = errors.get(&qty_name) { small.error { (m) } }
                    }
                }
            }
            (form::Input::new("reason", "Motif", &f.reason).required().render(errors))
            div.quick-amounts {
                @for r in REASONS { button.secondary type="button" data-reason=(r) { (r) } }
            }
            fieldset.refund-methods {
                legend { "Rendu en" }
                @for m in PayMethod::ALL {
                    label.choice { input type="radio" name="method" value=(m.code()) checked[f.method == m.code()]; (m.label()) }
                }
                @if let Some(e) = errors.get("method") { small.error { (e) } }
            }
            @if let Some(approvers) = a.approvers {
                p.muted { "Vous n'avez pas le droit de rembourser : une personne autorisée l'accorde pour ce retour seulement, avec son code PIN." }
                (approval_fields("refund-approval", approvers, &f.approver, errors.get("pin")))
            }
            p.actions {
                button.secondary type="button" hx-get="/caisse/retours" hx-target="#till-dialog-body" { "Autre ticket" }
                button.primary type="submit" { "Rembourser" }
            }
        }
    }
}

/// The refund recorded: what to give back, and the credit note (printed at the till, or to print
/// from the browser when the till has no printer).
pub fn done(r: &Refunded, method: PayMethod, credit_note: Markup) -> Markup {
    html! {
        div.sale-done #till-refund-done role="status" {
            p.big { "Avoir " (r.number) " enregistré" }
            p.change { "À rendre : " strong { (r.total) } " (" (method.label()) ")" }
            @if r.prints {
                p { "L'avoir est imprimé." }
            } @else {
                p { "Cette caisse n'a pas d'imprimante : "
                    a.button.secondary href=(format!("/ventes/avoirs/{}/recu", r.id)) target="_blank" { "Imprimer l'avoir" } }
            }
            (credit_note)
        }
    }
}
