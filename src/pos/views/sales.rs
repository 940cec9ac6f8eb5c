//! The sales pages: a day's tickets with their totals, a ticket with its refunds, the refund form.

use maud::{Markup, html};

use crate::cash::Till;
use crate::error::FieldErrors;
use crate::pos::store::Totals;
use crate::pos::{PayMethod, Refund, Ticket, TicketSummary};
use crate::ui::{self, form};

fn method(code: &str) -> &'static str {
    PayMethod::label_of(code)
}

fn methods(codes: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for c in codes.split(',').filter(|c| !c.is_empty()) {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.iter().map(|c| method(c)).collect::<Vec<_>>().join(" + ")
}

/// The list's filters, as typed.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub day: String,
    pub till: String,
    pub seller: String,
    pub number: String,
}

fn totals(t: &Totals) -> Markup {
    html! {
        div.grid {
            div.tile { "Tickets" strong { (t.sales.tickets) } }
            div.tile { "Ventes" strong { (t.sales.total) } @if t.sales.discount.cents() > 0 { span.muted { "dont remises " (t.sales.discount) } } }
            @for m in &t.sales.by_method {
                div.tile { (method(&m.code)) strong { (m.amount) } }
            }
            div.tile { "Retours (" (t.refunds) ")" strong { (t.refunded) } }
            div.tile { "Ventes nettes" strong { (t.net_sales()) } }
        }
    }
}

pub fn list(
    f: &Filters,
    tills: &[Till],
    sellers: &[(i64, String)],
    tickets: &[TicketSummary],
    day_totals: &Totals,
    refunds: &[Refund],
    clock: &crate::clock::Clock,
) -> Markup {
    let till_options: Vec<(String, String)> = std::iter::once((String::new(), "Toutes".to_string()))
        .chain(tills.iter().map(|t| (t.id.to_string(), t.name.clone())))
        .collect();
    let seller_options: Vec<(String, String)> = std::iter::once((String::new(), "Toutes".to_string()))
        .chain(sellers.iter().map(|(id, n)| (id.to_string(), n.clone())))
        .collect();
    let none = FieldErrors::new();
    html! {
        (ui::page_header(&format!("Ventes du {}", ui::day_fr(&f.day)), html! {}))
        form.filters method="get" action="/ventes" {
            (form::Input::new("jour", "Jour", &f.day).kind("date").render(&none))
            (form::select("caisse", "Caisse", &till_options, &f.till, &none))
            (form::select("vendeuse", "Vendeuse", &seller_options, &f.seller, &none))
            (form::Input::new("numero", "N° de ticket", &f.number).inputmode("numeric").render(&none))
            button type="submit" { "Afficher" }
        }
        (totals(day_totals))
        h2 { "Tickets" }
        @if tickets.is_empty() {
            (crate::ui::table::empty("Aucun ticket pour ce jour et ces filtres."))
        } @else {
            div.table-wrap {
                table {
                    thead { tr { th { "Ticket" } th { "Heure" } th { "Caisse" } th { "Vendeuse" } th { "Paiement" } th.money { "Total" } th { "" } } }
                    tbody {
                        @for t in tickets {
                            tr {
                                td { a href=(format!("/ventes/{}", t.id)) { (t.number) } }
                                td { (ui::datetime(clock, &t.at)) }
                                td { (t.till) }
                                td { (t.seller) }
                                td { (methods(&t.methods)) }
                                td.money { (t.total) }
                                td {
                                    @if t.refunded.cents() > 0 { span.badge.err { "Retour " (t.refunded) } }
                                    @if t.discount.cents() > 0 { " " span.badge { "Remise" } }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !refunds.is_empty() {
            h2 { "Retours et avoirs du jour" }
            div.table-wrap {
                table {
                    thead { tr { th { "Avoir" } th { "Ticket" } th { "Par" } th { "Motif" } th { "Rendu en" } th.money { "Montant" } } }
                    tbody {
                        @for r in refunds {
                            tr {
                                td { (r.number) }
                                td { a href=(format!("/ventes/{}", r.sale_id)) { (r.sale_number) } }
                                td { (r.user) }
                                td { (r.reason) }
                                td { (method(&r.method)) }
                                td.money { (r.total) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the refund form sent back, to show again with its messages.
#[derive(Debug, Clone, Default)]
pub struct RefundForm {
    pub token: String,
    /// line id → (qty as typed, destination code)
    pub lines: Vec<(i64, String, String)>,
    pub reason: String,
    pub method: String,
    /// Who approves, as chosen (the till's form).
    pub approver: String,
}

fn refund_form(t: &Ticket, csrf: &str, f: &RefundForm, errors: &FieldErrors) -> Markup {
    let methods: Vec<(String, String)> =
        PayMethod::ALL.iter().map(|m| (m.code().to_string(), m.label().to_string())).collect();
    html! {
        section.card #rembourser {
            h2 { "Rembourser" }
            p.muted { "Indiquez ce que le client rapporte. Jamais plus que ce qui reste du ticket." }
            (form::form_error(errors))
            form method="post" action=(format!("/ventes/{}/rembourser", t.summary.id)) {
                (form::csrf(csrf))
                input type="hidden" name="token" value=(f.token);
                div.table-wrap {
                    table {
                        thead { tr { th { "Article" } th { "Reste" } th { "Quantité rendue" } th { "Devient" } } }
                        tbody {
                            @for l in t.lines.iter().filter(|l| l.refundable().milli() > 0) {
                                @let typed = f.lines.iter().find(|x| x.0 == l.id);
                                @let qty_name = format!("qty-{}", l.id);
                                tr {
                                    td { (l.name) }
                                    td { (l.unit.format(l.refundable())) }
                                    td {
                                        input type="text" inputmode="decimal" name=(qty_name) value=(typed.map(|x| x.1.as_str()).unwrap_or(""))
                                            aria-label=(format!("Quantité rendue de {}", l.name)) aria-invalid=[errors.get(&qty_name).map(|_| "true")];
                                        @if let Some(m) = errors.get(&qty_name) { p.error { (m) } }
                                    }
                                    td {
                                        @let dest = typed.map(|x| x.2.as_str()).unwrap_or("comptoir");
                                        select name=(format!("dest-{}", l.id)) aria-label="Destination" {
                                            option value="comptoir" selected[dest == "comptoir"] { "Remis en vente" }
                                            option value="perte" selected[dest == "perte"] { "Jeté (perte)" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                div.row {
                    (form::Input::new("reason", "Motif", &f.reason).required().render(errors))
                    (form::select("method", "Rendu en", &methods, &f.method, errors))
                }
                p.actions { button.primary type="submit" { "Enregistrer le retour" } }
            }
        }
    }
}

/// A ticket: its lines, payments, refunds, the receipt, reprint and the refund form.
#[allow(clippy::too_many_arguments)]
pub fn ticket(
    t: &Ticket,
    receipt: Markup,
    clock: &crate::clock::Clock,
    csrf: &str,
    can_refund: bool,
    f: &RefundForm,
    errors: &FieldErrors,
) -> Markup {
    let s = &t.summary;
    let refundable = t.lines.iter().any(|l| l.refundable().milli() > 0);
    html! {
        (ui::page_header(&format!("Ticket {}", s.number), html! {
            a.button.secondary href=(format!("/ventes?jour={}", s.day)) { "Ventes du jour" }
            a.button.secondary href=(format!("/ventes/{}/recu", s.id)) target="_blank" { "Ticket à imprimer" }
            form method="post" action=(format!("/ventes/{}/reimprimer", s.id)) {
                (form::csrf(csrf))
                button type="submit" { "Réimprimer (duplicata)" }
            }
        }))
        div.ticket-layout {
            section.card {
                p { (ui::datetime(clock, &s.at)) " · " (s.till) " · vendu par " strong { (s.seller) } }
                div.table-wrap {
                    table {
                        thead { tr { th { "Article" } th { "Quantité" } th.money { "Prix" } th.money { "Remise" } th.money { "Total" } th { "Rendu" } } }
                        tbody {
                            @for l in &t.lines {
                                tr {
                                    td { (l.name) }
                                    td { (l.unit.format(l.qty)) }
                                    td.money { (l.unit_price) }
                                    td.money { @if l.discount.cents() > 0 { "−" (l.discount) } }
                                    td.money { (l.total) }
                                    td { @if l.refunded_qty.milli() > 0 { (l.unit.format(l.refunded_qty)) } }
                                }
                            }
                        }
                        tfoot {
                            tr { th colspan="4" { "Total" } th.money { (s.total) } th {} }
                        }
                    }
                }
                @if !s.discount_reason.is_empty() { p.muted { "Motif de la remise : " (s.discount_reason) } }
                h2 { "Paiement" }
                ul {
                    @for p in &t.payments {
                        li { (method(&p.method)) " : " (p.amount) @if !p.reference.is_empty() { " (" (p.reference) ")" } }
                    }
                    @if s.change.cents() > 0 { li { "Rendu : " (s.change) } }
                }
                @if !t.refunds.is_empty() {
                    h2 { "Retours" }
                    ul {
                        @for r in &t.refunds {
                            li.refund-row {
                                span { strong { (r.number) } " — " (ui::datetime(clock, &r.at)) " — " (r.user) " — " (r.reason) " — "
                                (method(&r.method)) " " (r.total) }
                                span.actions {
                                    a.button.secondary.small href=(format!("/ventes/avoirs/{}/recu", r.id)) target="_blank" { "Avoir à imprimer" }
                                    form.inline method="post" action=(format!("/ventes/avoirs/{}/reimprimer", r.id)) {
                                        (form::csrf(csrf))
                                        button.secondary.small type="submit" { "Réimprimer l'avoir" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.card { h2 { "Ticket" } (receipt) }
        }
        @if can_refund && refundable {
            (refund_form(t, csrf, f, errors))
        }
    }
}

/// A receipt alone on a page, for a till without a receipt printer (the browser prints it).
pub fn receipt_page(receipt: Markup, back: &str) -> Markup {
    html! {
        p.actions.no-print {
            button type="button" data-print { "Imprimer" }
            a.button.secondary href=(back) { "Retour" }
        }
        (receipt)
    }
}
