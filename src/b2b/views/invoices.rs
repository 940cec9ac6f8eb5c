//! The B2B invoices' pages: the list (unpaid first, by customer and state), the "Facturer" page
//! of a customer (a period, its delivered notes ticked), and one document with its credit-note
//! form.

use chrono::NaiveDate;
use maud::{Markup, html};

use crate::b2b::ops::email::Sending;
use crate::b2b::{Customer, Goods, Invoice, InvoiceKind, InvoiceLine};
use crate::error::FieldErrors;
use crate::money::{Money, Qty};
use crate::tax::pct_text;
use crate::ui::form::{self, Input};
use crate::ui::{day_fr, page_header, table};

/// The states the list filters on.
pub const STATES: &[(&str, &str)] = &[
    ("", "Tous"),
    ("a_payer", "À payer"),
    ("en_retard", "En retard"),
    ("payee", "Payées"),
    ("proforma", "Proformas"),
    ("avoir", "Avoirs"),
];

/// Whether a document is in a state of the filter.
pub fn in_state(inv: &Invoice, state: &str, today: NaiveDate) -> bool {
    match state {
        "a_payer" => inv.open.cents() > 0,
        "en_retard" => inv.overdue(today),
        "payee" => inv.kind == InvoiceKind::Facture && inv.open.cents() <= 0,
        "proforma" => inv.kind == InvoiceKind::Proforma,
        "avoir" => inv.kind == InvoiceKind::Avoir,
        _ => true,
    }
}

/// A document's state as a badge.
pub fn badge(inv: &Invoice, today: NaiveDate) -> Markup {
    html! {
        @match inv.kind {
            InvoiceKind::Proforma => span.badge { "proforma" },
            InvoiceKind::Avoir => span.badge { "avoir" },
            InvoiceKind::Facture if inv.overdue(today) => span.badge.warn { "en retard" },
            InvoiceKind::Facture if inv.open.cents() > 0 => span.badge { "à payer" },
            InvoiceKind::Facture => span.badge.ok { "payée" },
        }
    }
}

/// The documents' table (the list, a customer's statement).
pub fn table_of(invoices: &[Invoice], today: NaiveDate) -> Markup {
    html! {
        div.table-wrap { table {
            thead { tr { th { "N°" } th { "Client" } th { "Date" } th { "Échéance" } th.money { "TTC" }
                th.money { "Reste à payer" } th { "État" } } }
            tbody { @for i in invoices { tr {
                td { a href=(format!("/b2b/factures/{}", i.id)) { (i.number) } }
                td { (i.customer) } td { (day_fr(&i.day)) }
                td { @if i.kind == InvoiceKind::Facture { (day_fr(&i.due_day)) } }
                td.money { (i.total_ttc) }
                td.money { @if i.kind == InvoiceKind::Facture { (i.open) } }
                td { (badge(i, today)) }
            } } }
        } }
    }
}

/// The list with its filters (customer, state).
pub fn list(invoices: &[Invoice], customers: &[(i64, String)], filter: (&str, &str), today: NaiveDate) -> Markup {
    let who: Vec<(String, String)> = std::iter::once((String::new(), "Tous les clients".to_string()))
        .chain(customers.iter().map(|(i, n)| (i.to_string(), n.clone())))
        .collect();
    let states: Vec<(String, String)> = STATES.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect();
    let none = FieldErrors::new();
    html! {
        (page_header("Factures pro", html! {
            a.button.secondary href="/b2b/relances" { "Relances" }
            a.button.secondary href="/b2b/clients" { "Clients pro" }
        }))
        form.row.filters method="get" action="/b2b/factures" {
            (form::select("client", "Client", &who, filter.0, &none))
            (form::select("etat", "État", &states, filter.1, &none))
            div.actions { button.secondary type="submit" { "Filtrer" } }
        }
        @if invoices.is_empty() {
            (table::empty("Aucune facture. Facturez un client depuis sa page (« Facturer »)."))
        } @else {
            (table_of(invoices, today))
        }
    }
}

/// The "Facturer" form as typed.
#[derive(Debug, Clone, Default)]
pub struct InvoiceValues {
    pub kind: String,
    pub from: String,
    pub to: String,
    pub notes: Vec<String>,
    pub token: String,
}

/// A customer's "Facturer" page: a period to pick its notes, the delivered notes not invoiced
/// (ticked), invoice or proforma.
pub fn new_page(
    csrf: &str,
    c: &Customer,
    notes: &[(i64, String, String)],
    v: &InvoiceValues,
    e: &FieldErrors,
) -> Markup {
    let kinds =
        vec![("facture".to_string(), "Facture".to_string()), ("proforma".to_string(), "Facture proforma".to_string())];
    let none = FieldErrors::new();
    html! {
        (page_header(&format!("Facturer « {} »", c.name), html! {
            a.button.secondary href=(format!("/b2b/clients/{}", c.id)) { "Client" }
        }))
        form.row.filters method="get" action=(format!("/b2b/clients/{}/facturer", c.id)) {
            (Input::new("du", "Livrés du", &v.from).kind("date").render(&none))
            (Input::new("au", "au", &v.to).kind("date").render(&none))
            div.actions { button.secondary type="submit" { "Choisir la période" } }
        }
        form.stack.card method="post" action=(format!("/b2b/clients/{}/facturer", c.id)) #b2b-invoice-form {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(v.token);
            @if notes.is_empty() {
                (table::empty("Aucun bon livré et non facturé sur cette période."))
            } @else {
                fieldset {
                    legend { "Bons de livraison à facturer" }
                    @for (id, number, day) in notes {
                        (form::checkbox("note", &id.to_string(), &format!("{number} — livré le {}", day_fr(day)),
                            v.notes.is_empty() || v.notes.contains(&id.to_string()), false))
                    }
                }
            }
            @if let Some(m) = e.get("notes") { p.form-error role="alert" { (m) } }
            (form::select("kind", "Document", &kinds, &v.kind, e))
            (form::form_error(e))
            div.actions { button type="submit" disabled[notes.is_empty()] { "Facturer" } }
        }
    }
}

fn lines_table(lines: &[InvoiceLine], tva: bool) -> Markup {
    html! {
        div.table-wrap { table {
            thead { tr { th { "Désignation" } th.money { "Quantité" } th.money { "Prix unitaire HT" }
                @if tva { th.money { "TVA" } } th.money { "Total HT" } } }
            tbody { @for (i, l) in lines.iter().enumerate() {
                @if !l.section.is_empty() && (i == 0 || lines[i - 1].section != l.section) {
                    tr.section { th colspan="5" { (l.section) } }
                }
                tr { td { (l.label) @if let Some(g) = goods_text(&l.goods) { br; small.muted { (g) } } }
                    td.money { (l.qty) } td.money { (l.unit_price) }
                    @if tva { td.money { (pct_text(l.tva_bp)) } } td.money { (l.total_ht) } }
            } }
        } }
    }
}

/// The credit-note form as typed.
#[derive(Debug, Clone, Default)]
pub struct CreditValues {
    pub reason: String,
    pub lines: Vec<CreditLineValues>,
    pub token: String,
}

/// One line of the credit-note form as typed: the invoice line (position), the quantity and the
/// unit price HT credited, what came back and of it what was thrown away (empty: 0).
#[derive(Debug, Clone, Default)]
pub struct CreditLineValues {
    pub position: i64,
    pub qty: String,
    pub price: String,
    pub returned: String,
    pub wasted: String,
}

fn credit_form(csrf: &str, inv: &Invoice, lines: &[InvoiceLine], v: &CreditValues, e: &FieldErrors) -> Markup {
    let typed = |l: &InvoiceLine| {
        v.lines.iter().find(|t| t.position == l.position).cloned().unwrap_or_else(|| CreditLineValues {
            position: l.position,
            price: l.unit_price.input_value(),
            ..Default::default()
        })
    };
    html! {
        details.card open[!e.is_empty()] {
            summary { "Faire un avoir (retour, correction de prix)" }
            form.stack method="post" action=(format!("/b2b/factures/{}/avoir", inv.id)) #b2b-credit-form {
                (form::csrf(csrf))
                input type="hidden" name="token" value=(v.token);
                (Input::new("reason", "Motif", &v.reason).required().render(e))
                p.muted { "Marchandise rendue : indiquez ce qui est revenu et, de cela, ce qui est jeté ; le reste "
                    "revient en vitrine à sa valeur de sortie du bon. Une correction de prix n'a rien de revenu." }
                @for (i, l) in lines.iter().enumerate() {
                    @let t = typed(l);
                    @let pos = l.position;
                    @if !l.section.is_empty() && (i == 0 || lines[i - 1].section != l.section) {
                        h3 { (l.section) }
                    }
                    fieldset.row {
                        legend { (l.label) " — " (l.qty) " facturé" (s(l.qty)) " à " (l.unit_price) }
                        (Input::new(&format!("qty.{pos}"), "Quantité créditée", &t.qty).inputmode("decimal").render(e))
                        (Input::new(&format!("price.{pos}"), "Prix unitaire HT", &t.price).inputmode("decimal").render(e))
                        (Input::new(&format!("returned.{pos}"), "Revenus", &t.returned).inputmode("decimal").render(e))
                        (Input::new(&format!("wasted.{pos}"), "Dont jetés", &t.wasted).inputmode("decimal").render(e))
                    }
                }
                @if let Some(m) = e.get("lines") { p.form-error role="alert" { (m) } }
                (form::form_error(e))
                div.actions { button type="submit" { "Émettre l'avoir" } }
            }
        }
    }
}

/// The plural's "s" of a quantity: French keeps the singular up to one.
fn s(q: Qty) -> &'static str {
    if q.milli() > 1_000 { "s" } else { "" }
}

/// What came back with a credit-note line, for its page and its PDF: "dont 10 revenus, 2 jetés"
/// ("1 revenu, 0 jeté": singular up to one).
pub fn goods_text(g: &Goods) -> Option<String> {
    (g.returned.milli() > 0)
        .then(|| format!("dont {} revenu{}, {} jeté{}", g.returned, s(g.returned), g.wasted, s(g.wasted)))
}

/// What the invoice page shows besides the document: its credit notes, its payments
/// (day, mode, reference, amount), the day.
pub struct Around<'a> {
    pub credits: &'a [Invoice],
    pub payments: &'a [(String, String, String, Money)],
    pub today: NaiveDate,
    pub tva: bool,
    pub sending: &'a Sending,
}

/// "Envoyer par e-mail" when the shop's SMTP server is set and the customer has an address;
/// otherwise what is missing, and where to set it. A refusal sits under the button.
fn mail_form(csrf: &str, inv: &Invoice, sending: &Sending, e: &FieldErrors) -> Markup {
    html! {
        div.no-print #invoice-mail {
            @match sending {
                Sending::To(to) => form method="post" action=(format!("/b2b/factures/{}/envoyer", inv.id)) {
                    (form::csrf(csrf))
                    button.secondary type="submit" { "Envoyer par e-mail" }
                    " " span.muted { "à " (to) ", le PDF en pièce jointe" }
                },
                Sending::NoServer => p.muted { "Envoi par e-mail : la messagerie de la boutique n'est pas configurée ("
                    a href="/admin/messagerie" { "Administration › Messagerie" } ")." },
                Sending::NoAddress => p.muted { "Envoi par e-mail : ce client n'a pas d'adresse ; ajoutez-la sur "
                    a href=(format!("/b2b/clients/{}", inv.customer_id)) { "sa fiche" } "." },
            }
            @if let Some(m) = e.get("email") { p.form-error role="alert" { (m) } }
        }
    }
}

/// One document: its head, its lines by delivery, its totals; an invoice's credit notes and
/// payments, and the credit-note form.
pub fn page(csrf: &str, inv: &Invoice, lines: &[InvoiceLine], a: &Around, v: &CreditValues, e: &FieldErrors) -> Markup {
    html! {
        (page_header(&format!("{} {}", inv.kind.title(), inv.number), html! {
            a.button href=(format!("/b2b/factures/{}/pdf", inv.id)) { "PDF (A4)" }
            @if inv.open.cents() > 0 {
                a.button.secondary href=(format!("/b2b/clients/{}/paiement", inv.customer_id)) { "Paiement" }
            }
            a.button.secondary href=(format!("/b2b/clients/{}/releve", inv.customer_id)) { "Relevé" }
            a.button.secondary href="/b2b/factures" { "Factures pro" }
        }))
        dl.facts {
            dt { "Client" } dd { a href=(format!("/b2b/clients/{}", inv.customer_id)) { (inv.customer) } }
            dt { "Date" } dd { (day_fr(&inv.day)) }
            @if let Some((id, number)) = &inv.corrects {
                dt { "Avoir sur" } dd { a href=(format!("/b2b/factures/{id}")) { (number) } }
                dt { "Motif" } dd { (inv.reason) }
            }
            @if inv.kind == InvoiceKind::Facture {
                dt { "Échéance" } dd { (day_fr(&inv.due_day)) }
                dt { "Reste à payer" } dd { (inv.open) " " (badge(inv, a.today)) }
            }
        }
        (lines_table(lines, a.tva))
        dl.facts.totals {
            dt { "Total HT" } dd { (inv.total_ht) }
            @if a.tva { dt { "TVA" } dd { (inv.total_tva) } } @else { dt { "TVA" } dd { "non applicable — régime IFU" } }
            dt { "Total TTC" } dd { strong { (inv.total_ttc) } }
        }
        (mail_form(csrf, inv, a.sending, e))
        @if !a.credits.is_empty() {
            h2 { "Avoirs" }
            ul { @for c in a.credits { li { a href=(format!("/b2b/factures/{}", c.id)) { (c.number) } " — " (c.total_ttc) " — " (c.reason) } } }
        }
        @if !a.payments.is_empty() {
            h2 { "Paiements" }
            ul { @for (day, mode, reference, amount) in a.payments {
                li { (day_fr(day)) " — " (mode) @if !reference.is_empty() { " n° " (reference) } " — " (amount) }
            } }
        }
        @if inv.kind == InvoiceKind::Facture { (credit_form(csrf, inv, lines, v, e)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_came_back_agrees_in_number() {
        let g = |r: i64, w: i64| Goods { returned: Qty::whole(r), wasted: Qty::whole(w), back_value: Money::ZERO };
        assert_eq!(goods_text(&g(10, 2)).as_deref(), Some("dont 10 revenus, 2 jetés"));
        assert_eq!(goods_text(&g(1, 0)).as_deref(), Some("dont 1 revenu, 0 jeté"));
        assert_eq!(goods_text(&g(0, 0)), None);
    }
}
