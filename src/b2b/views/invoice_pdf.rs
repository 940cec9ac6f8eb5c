//! An invoice, proforma or credit note on A4, with every mention of décret 05-468 art. 3: the
//! seller's and the buyer's identity (name, legal form, address, RC, NIF, NIS, AI), the number and
//! the date, the lines (designation, quantity, unit price HT, total HT) grouped by delivery note,
//! the total HT, the TVA by rate (réel) or "TVA non applicable — régime IFU", the TTC in figures
//! and in words, the payment terms and the due date.

use std::collections::BTreeMap;

use crate::b2b::{Customer, Invoice, InvoiceKind, InvoiceLine};
use crate::money::{Money, in_words};
use crate::pdf::{Align, Doc, Table};
use crate::settings::ShopSettings;
use crate::tax::pct_text;
use crate::ui::day_fr;

/// What the PDF needs besides the document: the shop, the customer, whether TVA is shown, and
/// the droit de timbre that a payment of the whole in cash would add.
pub struct PdfFacts<'a> {
    pub shop: &'a ShopSettings,
    pub customer: &'a Customer,
    pub tva: bool,
    pub cash_stamp: Money,
}

fn identity(name: &str, legal_form: &str, address: &str, ids: [(&str, &str); 4]) -> Vec<String> {
    let mut out = vec![if legal_form.is_empty() { name.to_string() } else { format!("{name} ({legal_form})") }];
    out.extend(address.lines().map(str::to_string).filter(|l| !l.trim().is_empty()));
    for (label, v) in ids {
        out.push(format!("{label} : {}", if v.is_empty() { "—" } else { v }));
    }
    out
}

fn lines_table(lines: &[InvoiceLine]) -> Table {
    let mut t = Table::new(&[
        ("Désignation", 4.0, Align::Left),
        ("Quantité", 1.2, Align::Right),
        ("Prix unitaire HT", 1.6, Align::Right),
        ("Total HT", 1.6, Align::Right),
    ]);
    let mut section = "";
    for l in lines {
        if l.section != section && !l.section.is_empty() {
            t.add_total(&[l.section.as_str()]);
            section = &l.section;
        }
        let label = match super::invoices::goods_text(&l.goods) {
            Some(g) => format!("{} ({g})", l.label),
            None => l.label.clone(),
        };
        t.add(&[label, l.qty.to_string(), l.unit_price.to_string(), l.total_ht.to_string()]);
    }
    t
}

fn totals_table(inv: &Invoice, lines: &[InvoiceLine], tva: bool) -> Table {
    let mut t = Table::new(&[("", 4.0, Align::Left), ("", 1.6, Align::Right)]);
    t.add(&["Total HT".to_string(), inv.total_ht.to_string()]);
    if tva {
        let mut by_rate: BTreeMap<u32, (Money, Money)> = BTreeMap::new();
        for l in lines {
            let r = by_rate.entry(l.tva_bp).or_insert((Money::ZERO, Money::ZERO));
            r.0 += l.total_ht;
            r.1 += l.tva;
        }
        for (bp, (base, tva)) in by_rate {
            t.add(&[format!("TVA {} sur {base}", pct_text(bp)), tva.to_string()]);
        }
    } else {
        t.add(&["TVA non applicable — régime IFU", ""]);
    }
    t.add_total(&["Total TTC".to_string(), inv.total_ttc.to_string()]);
    t
}

/// The document's PDF bytes.
pub fn invoice_pdf(inv: &Invoice, lines: &[InvoiceLine], f: &PdfFacts) -> Vec<u8> {
    let (shop, c) = (f.shop, f.customer);
    let title = format!("{} {}", inv.kind.title(), inv.number);
    let mut doc = Doc::new(&title);
    doc.heading(&title);
    let mut seller = identity(
        &shop.name,
        "",
        &shop.address,
        [("RC", &shop.rc), ("NIF", &shop.nif), ("NIS", &shop.nis), ("AI", &shop.ai)],
    );
    if !shop.phone.is_empty() {
        seller.insert(1, format!("Tél. {}", shop.phone));
    }
    let buyer =
        identity(&c.name, &c.legal_form, &c.address, [("RC", &c.rc), ("NIF", &c.nif), ("NIS", &c.nis), ("AI", &c.ai)]);
    let seller: Vec<&str> = std::iter::once("Vendeur").chain(seller.iter().map(String::as_str)).collect();
    let buyer: Vec<&str> = std::iter::once("Client").chain(buyer.iter().map(String::as_str)).collect();
    doc.pair(&seller, &buyer);
    let mut rows = vec![("Numéro", inv.number.clone()), ("Date", day_fr(&inv.day))];
    if let Some((_, number)) = &inv.corrects {
        rows.push(("Avoir sur la facture", number.clone()));
        rows.push(("Motif", inv.reason.clone()));
    }
    if inv.kind != InvoiceKind::Avoir {
        rows.push(("Conditions de paiement", c.terms.label().to_string()));
        rows.push(("Échéance", day_fr(&inv.due_day)));
        rows.push(("Mode de paiement", "chèque, virement, espèces ou traite".to_string()));
    }
    let rows: Vec<(&str, &str)> = rows.iter().map(|(l, v)| (*l, v.as_str())).collect();
    doc.fields(&rows);
    doc.table(&lines_table(lines));
    doc.space(2.0);
    doc.table(&totals_table(inv, lines, f.tva));
    doc.space(3.0);
    let words = in_words(inv.total_ttc);
    match inv.kind {
        InvoiceKind::Avoir => doc.bold(&format!("Arrêté le présent avoir à la somme de : {words}")),
        _ => doc.bold(&format!("Arrêtée la présente facture à la somme de : {words}")),
    }
    if inv.kind != InvoiceKind::Avoir && f.cash_stamp.cents() > 0 {
        doc.small(&format!(
            "En cas de paiement en espèces, droit de timbre en sus (Code du timbre, art. 100) : {}.",
            f.cash_stamp
        ));
    }
    if inv.kind == InvoiceKind::Proforma {
        doc.small("Facture proforma : ce document n'est pas une facture et ne vaut pas demande de paiement.");
    }
    doc.finish()
}
