//! A business customer's statement: the period, what it owed on the first day, each invoice,
//! credit note and payment with the running balance, what it owes on the last day, and the
//! ageing of what is open today. Printable (the menu and the period form are not printed), and
//! the same as an A4 PDF.

use maud::{Markup, html};

use crate::b2b::ops::statement::Statement;
use crate::error::FieldErrors;
use crate::pdf::{Align, Doc, Table};
use crate::ui::form::Input;
use crate::ui::{day_fr, page_header, table};

/// The columns of the ageing, as on the dunning list.
pub const AGES: [&str; 5] = ["À échoir", "1–30 j", "31–60 j", "61–90 j", "> 90 j"];

fn fr(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The page: the period form (`du`, `au` as typed, their errors beside them), then the statement
/// when the period is right.
pub fn page(id: i64, name: &str, (du, au): (&str, &str), e: &FieldErrors, s: Option<&Statement>) -> Markup {
    let query = s.map(|s| format!("du={}&au={}", s.period.from, s.period.to)).unwrap_or_default();
    // The period read, in the fields when none was typed.
    let (du, au) = match s {
        Some(s) if du.is_empty() && au.is_empty() => (s.period.from.to_string(), s.period.to.to_string()),
        _ => (du.to_string(), au.to_string()),
    };
    html! {
        (page_header(&format!("Relevé de « {name} »"), html! {
            @if s.is_some() {
                button.secondary type="button" data-print="1" { "Imprimer" }
                a.button.secondary href=(format!("/b2b/clients/{id}/releve/pdf?{query}")) { "PDF" }
            }
            a.button.secondary href=(format!("/b2b/clients/{id}")) { "Client" }
        }))
        form.row.filters.no-print method="get" action=(format!("/b2b/clients/{id}/releve")) #statement-period {
            (Input::new("du", "Du", &du).kind("date").render(e))
            (Input::new("au", "Au (inclus)", &au).kind("date").render(e))
            div.actions { button.secondary type="submit" { "Afficher" } }
        }
        @if let Some(s) = s { (body(s)) }
    }
}

fn body(s: &Statement) -> Markup {
    html! {
        p.muted { "Du " (fr(s.period.from)) " au " (fr(s.period.to)) " — compte " (s.customer.account) }
        div.table-wrap { table #statement {
            thead { tr { th { "Date" } th { "Pièce" } th.money { "Débit" } th.money { "Crédit" } th.money { "Solde" } } }
            tbody {
                tr { td { (fr(s.period.from)) } td { "Solde au début de la période" } td {} td {}
                    td.money { (s.opening) } }
                @for l in &s.lines { tr {
                    td { (day_fr(&l.movement.day)) }
                    td { @if l.movement.kind == "paiement" { (l.label) } @else {
                        a href=(format!("/b2b/factures/{}", l.movement.id)) { (l.label) } } }
                    td.money { @if l.movement.debit.cents() != 0 { (l.movement.debit) } }
                    td.money { @if l.movement.credit.cents() != 0 { (l.movement.credit) } }
                    td.money { (l.balance) }
                } }
            }
            tfoot { tr { td {} td { "Solde au " (fr(s.period.to)) } td.money { (s.debits) } td.money { (s.credits) }
                td.money #statement-closing { (s.closing) } } }
        } }
        @if s.lines.is_empty() { (table::empty("Aucune facture, aucun avoir ni paiement sur la période.")) }
        h2 { "Reste à payer par ancienneté (jours après l'échéance)" }
        div.table-wrap { table #statement-ageing {
            thead { tr { @for a in AGES { th.money { (a) } } } }
            tbody { tr { @for m in s.ageing { td.money { (m) } } } }
        } }
    }
}

/// The statement on A4: the shop, the customer, the lines with their running balance, the
/// closing balance and the ageing.
pub fn pdf(s: &Statement, shop: &crate::settings::ShopSettings) -> Vec<u8> {
    let c = &s.customer;
    let title = format!("Relevé de compte — {}", c.name);
    let mut doc = Doc::new(&title);
    doc.heading("Relevé de compte");
    let seller = [shop.name.as_str(), shop.address.as_str(), &format!("NIF : {}", shop.nif)].map(str::to_string);
    let buyer = [c.name.clone(), c.address.clone(), format!("NIF : {}", c.nif)];
    let left: Vec<&str> = seller.iter().map(String::as_str).collect();
    let right: Vec<&str> = std::iter::once("Client").chain(buyer.iter().map(String::as_str)).collect();
    doc.pair(&left, &right);
    let period = format!("du {} au {}", fr(s.period.from), fr(s.period.to));
    doc.fields(&[("Période", period.as_str()), ("Compte", c.account.as_str())]);
    let mut t = Table::new(&[
        ("Date", 1.2, Align::Left),
        ("Pièce", 3.2, Align::Left),
        ("Débit", 1.4, Align::Right),
        ("Crédit", 1.4, Align::Right),
        ("Solde", 1.5, Align::Right),
    ]);
    let blank = |m: crate::money::Money| if m.cents() == 0 { String::new() } else { m.to_string() };
    t.add(&[
        fr(s.period.from),
        "Solde au début de la période".into(),
        String::new(),
        String::new(),
        s.opening.to_string(),
    ]);
    for l in &s.lines {
        let m = &l.movement;
        t.add(&[day_fr(&m.day), l.label.clone(), blank(m.debit), blank(m.credit), l.balance.to_string()]);
    }
    let end = format!("Solde au {}", fr(s.period.to));
    t.add_total(&[String::new(), end, s.debits.to_string(), s.credits.to_string(), s.closing.to_string()]);
    doc.table(&t);
    doc.subheading("Reste à payer par ancienneté (jours après l'échéance)");
    let cols: Vec<(&str, f32, Align)> = AGES.iter().map(|a| (*a, 1.0, Align::Right)).collect();
    let mut ages = Table::new(&cols);
    ages.add(&s.ageing.map(|m| m.to_string()));
    doc.table(&ages);
    doc.finish()
}
