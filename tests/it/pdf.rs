//! The shared PDF layout: what it writes reads back, accents, amounts and every page included.

use crate::support::pdf;
use fournil::money::Money;
use fournil::pdf::{Align, Doc, Table};

#[test]
fn a_document_reads_back_with_its_accents_amounts_and_pages() {
    let mut doc = Doc::new("Bulletin de paie — novembre 2026");
    doc.heading("Bulletin de paie");
    doc.pair(&["Pâtisserie Élise", "NIF 000016001234567"], &["Salariée : Amina Benali", "CNAS 12345678"]);
    doc.fields(&[("Période", "novembre 2026"), ("Emploi", "Vendeuse")]);
    let mut t = Table::new(&[("Rubrique", 3.0, Align::Left), ("Montant", 1.0, Align::Right)]);
    for i in 0..80 {
        t.add(&[format!("Prime n° {i}"), Money::from_cents(123_450).to_string()]);
    }
    t.add_total(&["Net à payer".to_string(), Money::from_cents(2_184_000).to_string()]);
    doc.table(&t);
    doc.small("Arrêtée la présente facture à la somme de : mille deux cent trente-quatre dinars algériens");

    let text = pdf::text(&doc.finish());
    for expected in ["Pâtisserie Élise", "Salariée : Amina Benali", "Période", "Prime n° 79", "Net à payer", "Arrêtée"]
    {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(squeeze(&text).contains("21840,00DA"), "{text}");
    assert!(text.contains("page 2 / 2") || text.contains("page 3 / 3"), "{text}");
    // The header repeats on the second page.
    let second = text.split('\u{c}').nth(1).expect("a second page");
    assert!(second.contains("Rubrique"), "{second}");
}
