//! The shift history and the X / Z report page (printable on A4, or queued for the till's printer).

use maud::{Markup, html};

use super::subnav;
use crate::cash::{Shift, ShiftReport, Till, Total};
use crate::clock::Clock;
use crate::money::Money;
use crate::ui::{self, form, table};

/// The shifts, newest first, with their variances.
/// `live`: the expected cash of open shifts, given only to the gérante (the close stays blind).
pub fn history(clock: &Clock, tills: &[Till], shifts: &[Shift], live: &[(i64, Money)]) -> Markup {
    let name = |id: i64| tills.iter().find(|t| t.id == id).map(|t| t.name.as_str()).unwrap_or("?");
    html! {
        (ui::page_header("Historique des caisses", html! {}))
        (subnav("/caisse/sessions"))
        @if shifts.is_empty() { (table::empty("Aucune caisse ouverte pour l'instant.")) } @else {
            div.table-wrap { table {
                thead { tr {
                    th { "N°" } th { "Caisse" } th { "Ouverte" } th { "Fermée" }
                    th.num { "Fond" } th.num { "Attendu" } th.num { "Compté" } th.num { "Écart" }
                } }
                tbody { @for s in shifts { tr {
                    td { a href=(format!("/caisse/sessions/{}", s.id)) { (s.id) } }
                    td { (name(s.till_id)) }
                    td { (ui::datetime(clock, &s.opened_at)) }
                    td { @match &s.closed_at { Some(at) => (ui::datetime(clock, at)), None => span.badge { "En cours" } } }
                    td.num { (s.opening_float) }
                    td.num {
                        @if let Some(e) = s.expected { (e) }
                        @else if let Some((_, e)) = live.iter().find(|(id, _)| *id == s.id) { em { (e) } }
                    }
                    td.num { @if let Some(c) = s.counted { (c) } }
                    td.num { @if let Some(v) = s.variance { @if v.cents() != 0 { strong { (v) } } @else { (v) } } }
                } } }
            } }
        }
    }
}

fn totals(title: &str, rows: &[Total], with_count: bool) -> Markup {
    html! {
        section.card {
            h2 { (title) }
            @if rows.is_empty() { p.muted { "—" } } @else {
                table { tbody { @for t in rows { tr {
                    td { (t.label) } @if with_count { td.num { (t.count) } } td.num { (t.amount) }
                } } } }
            }
        }
    }
}

fn row(label: &str, amount: Money) -> Markup {
    html! { tr { td { (label) } td.num { (amount) } } }
}

/// The report page. `with_expected`: an open shift's expected cash shows only to the gérante.
pub fn report(csrf: &str, r: &ShiftReport, with_expected: bool) -> Markup {
    html! {
        (ui::page_header(&format!("{} — {} n° {}", r.title(), r.till, r.shift.id), html! {
            form method="post" action=(format!("/caisse/sessions/{}/imprimer", r.shift.id)) {
                (form::csrf(csrf))
                button.secondary type="submit" { "Imprimer sur le ticket" }
            }
        }))
        (subnav("/caisse/sessions"))
        section.card {
            p { "Ouverte le " (r.opened_at) " par " strong { (r.opened_by) } }
            @if r.is_z() { p { "Fermée le " (r.closed_at) " par " strong { (r.closed_by) } } }
            table { tbody {
                tr { td { "Tickets" } td.num { (r.tickets) } }
                (row("Ventes brutes", r.gross))
                (row("Remises", r.discounts))
                (row(&format!("Retours ({})", r.refunds_count), -r.refunds_total))
                tr { th { "Ventes nettes" } th.num { (r.net_sales) } }
            } }
        }
        (totals("Par mode de paiement (espèces nettes du rendu)", &r.by_method, true))
        (totals("Par catégorie", &r.by_category, true))
        (totals("Par vendeuse", &r.by_seller, true))
        (totals(&format!("Retours ({}) : {}", r.refunds_count, r.refunds_total), &r.refunds_by_method, true))
        section.card {
            h2 { "Espèces" }
            table { tbody {
                (row("Fond de caisse", r.opening_float))
                (row("Ventes en espèces", r.cash_sales))
                (row("Retours en espèces", -r.cash_refunds))
                (row("Entrées d'espèces", r.pay_ins))
                (row("Sorties d'espèces", -r.pay_outs))
                @for t in &r.pay_outs_by_purpose { (row(&format!("— {}", t.label), -t.amount)) }
                (row("Dépôts en banque", -r.deposits))
                (row("Paiements fournisseurs", -r.supplier_payments))
                @if r.order_cash.cents() != 0 { (row("Commandes (acomptes, soldes)", r.order_cash)) }
                @if r.is_z() || with_expected { tr { th { "Espèces attendues" } th.num { (r.expected) } } }
                @if let (Some(c), Some(v)) = (r.counted, r.variance) {
                    tr { th { "Espèces comptées" } th.num { (c) } }
                    tr { th { "Écart" } th.num { (v) } }
                }
                @if let (Some(n), Some(h)) = (r.next_float, r.handover) {
                    (row("Fond laissé pour la prochaine caisse", n))
                    (row("Remise (coffre / banque)", h))
                }
            } }
            @if !r.shift.comment.is_empty() { p { "Commentaire : " (r.shift.comment) } }
        }
    }
}
