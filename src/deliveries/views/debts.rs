//! What each deliveryman owes (with its age) and his payment at the till; the report per period
//! and deliveryman.

use maud::{Markup, html};

use crate::deliveries::Debt;
use crate::deliveries::ops::report::Line;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{page_header, table};

/// The payment form of one deliveryman, as typed.
#[derive(Debug, Clone, Default)]
pub struct PayValues {
    pub man: i64,
    pub amount: String,
    pub token: String,
}

fn pay_form(csrf: &str, d: &Debt, v: &PayValues, e: &FieldErrors) -> Markup {
    let mine = v.man == d.deliveryman_id;
    let amount = if mine { v.amount.clone() } else { d.owed.input_value() };
    let errors = if mine { e.clone() } else { FieldErrors::new() };
    html! {
        form.inline method="post" action=(format!("/livraisons/livreurs/{}/paiements", d.deliveryman_id))
            id=(format!("pay-{}", d.deliveryman_id)) {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(v.token);
            (Input::new("amount", "Montant payé (DA)", &amount).inputmode("decimal").required().render(&errors))
            button type="submit" { "Encaisser" }
        }
    }
}

/// Every deliveryman's debt, aged, with a payment form for those who owe.
pub fn debts(csrf: &str, list: &[Debt], shift_open: bool, v: &PayValues, e: &FieldErrors) -> Markup {
    html! {
        (page_header("Ce que doivent les livreurs", html! {
            a.button.secondary href="/livraisons/tournees" { "Tournées" }
        }))
        @if !shift_open { p.form-error { "La caisse de cette tablette est fermée : ouvrez-la pour encaisser un livreur." } }
        @if list.is_empty() {
            (table::empty("Aucun livreur."))
        } @else {
            div.table-wrap { table #debts {
                thead { tr { th { "Livreur" } th.num { "Doit" } th.num { "0–7 jours" } th.num { "8–30 jours" } th.num { "Plus de 30 jours" } th { "Depuis" } } }
                // The payment form on a row of its own: on a tablet upright the table stays within
                // the screen and "Encaisser" stays in reach.
                tbody { @for d in list {
                    tr {
                        td { (d.name) }
                        td.num { strong { (d.owed) } }
                        @for a in &d.ages { td.num { (a) } }
                        td { @if let Some(day) = &d.oldest { (crate::ui::day_fr(day)) } }
                    }
                    @if d.owed.cents() > 0 && shift_open {
                        tr.debt-pay { td colspan="6" { (pay_form(csrf, d, v, e)) } }
                    }
                } }
            } }
        }
    }
}

/// The report per period and deliveryman.
pub fn report(from: &str, to: &str, lines: &[Line]) -> Markup {
    html! {
        (page_header("Rapport des livraisons", html! { a.button.secondary href="/livraisons/tournees" { "Tournées" } }))
        form.filters method="get" action="/livraisons/rapport" {
            (Input::new("du", "Du", from).kind("date").render(&FieldErrors::new()))
            (Input::new("au", "Au", to).kind("date").render(&FieldErrors::new()))
            button type="submit" { "Afficher" }
        }
        @if lines.is_empty() {
            (table::empty("Aucune tournée réglée sur la période."))
        } @else {
            div.table-wrap { table #report {
                thead { tr { th { "Livreur" } th.num { "Tournées" } th.num { "Arrêts" } th.num { "Livrés" } th.num { "Refusés" }
                    th.num { "Encaissé" } th.num { "Frais" } th.num { "Frais gardés" } th.num { "Commission" } th.num { "Écarts" } } }
                tbody { @for l in lines { tr {
                    td { (l.name) } td.num { (l.runs) } td.num { (l.stops) } td.num { (l.delivered) } td.num { (l.refused) }
                    td.num { (l.collected) } td.num { (l.fees) } td.num { (l.fees_kept) } td.num { (l.commission) } td.num { (l.difference) }
                } } }
            } }
        }
    }
}
