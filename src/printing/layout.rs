//! Receipt layouts: pure functions from plain data to a `Doc`. The till fills `ReceiptTicket`
//! and `ReceiptCreditNote` from its documents; the shop's header comes from its settings.
//! Amounts print as `1 234,50 DA`.

use super::Doc;
use crate::money::Money;
use crate::settings::ShopSettings;

/// One line of a ticket as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    pub name: String,
    /// The quantity as the customer reads it: "3", "0,450 kg".
    pub qty_text: String,
    pub unit_price: Money,
    pub gross: Money,
    /// The line's own discount (0 when none).
    pub discount: Money,
    pub total: Money,
}

/// A sale as printed on its receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptTicket {
    /// T-2026-000123
    pub number: String,
    /// Date and time in the shop's zone, already formatted: "24/11/2026 08:15".
    pub at_local: String,
    /// The vendeuse's name.
    pub seller: String,
    pub lines: Vec<ReceiptLine>,
    pub gross: Money,
    /// Every discount, lines' and ticket's (`sales.discount`): gross − total. The lines' own
    /// discounts print under their lines, the rest as the ticket's discount.
    pub discount: Money,
    pub total: Money,
    /// (label, amount) per payment: ("Espèces", …), ("Carte", …).
    pub payments: Vec<(String, Money)>,
    /// What was handed over in all.
    pub tendered: Money,
    pub change: Money,
    /// Under the réel regime, the TVA included per rate: ("dont TVA 19 %", amount). Empty under IFU.
    pub tva: Vec<(String, Money)>,
}

/// A refund as printed on its credit note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptCreditNote {
    /// AV-2026-00012
    pub number: String,
    pub ticket_number: String,
    pub at_local: String,
    pub seller: String,
    pub lines: Vec<ReceiptLine>,
    pub total: Money,
    /// How it was refunded: "Espèces", "Bon d'achat", …
    pub method: String,
    pub reason: String,
    /// The store-credit code when refunded as a voucher.
    pub voucher_code: Option<String>,
}

/// The shop's block: name, header text, address, phone, legal ids.
pub fn header(doc: &mut Doc, shop: &ShopSettings) {
    doc.title(shop.name.clone());
    for line in shop.receipt_header.lines().filter(|l| !l.trim().is_empty()) {
        doc.center(line.trim());
    }
    for line in shop.address.lines().filter(|l| !l.trim().is_empty()) {
        doc.center(line.trim());
    }
    if !shop.phone.trim().is_empty() {
        doc.center(format!("Tél. {}", shop.phone.trim()));
    }
    let ids: Vec<String> = [("NIF", &shop.nif), ("RC", &shop.rc), ("NIS", &shop.nis), ("AI", &shop.ai)]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k} {}", v.trim()))
        .collect();
    for id in ids {
        doc.center(id);
    }
    doc.rule();
}

pub fn footer(doc: &mut Doc, shop: &ShopSettings) {
    doc.rule();
    for line in shop.receipt_footer.lines().filter(|l| !l.trim().is_empty()) {
        doc.center(line.trim());
    }
    if shop.receipt_footer.trim().is_empty() {
        doc.center("Merci de votre visite !");
    }
}

fn lines(doc: &mut Doc, lines: &[ReceiptLine]) {
    for l in lines {
        doc.text(l.name.clone());
        // A credit note's lines carry their amount only: no "x 0,00 DA" under them.
        let what = if l.unit_price.cents() == 0 {
            format!("  {}", l.qty_text)
        } else {
            format!("  {} x {}", l.qty_text, l.unit_price)
        };
        doc.row(what, l.gross.to_string());
        if l.discount.cents() != 0 {
            doc.row("  Remise", format!("-{}", l.discount));
        }
    }
}

/// The sale receipt; `duplicata` when reprinted.
pub fn sale_receipt(shop: &ShopSettings, t: &ReceiptTicket, duplicata: bool) -> Doc {
    let mut doc = Doc::default();
    header(&mut doc, shop);
    if duplicata {
        doc.title("DUPLICATA");
    }
    doc.row(format!("Ticket N° {}", t.number), "");
    doc.text(t.at_local.clone());
    if !t.seller.trim().is_empty() {
        doc.text(format!("Vendeuse : {}", t.seller.trim()));
    }
    doc.rule();
    lines(&mut doc, &t.lines);
    doc.rule();
    // Line discounts print under their lines; what remains of gross − total is the ticket's.
    let line_discounts: Money = t.lines.iter().map(|l| l.discount).sum();
    let ticket_discount = t.gross - t.total - line_discounts;
    if t.gross != t.total {
        doc.row("Sous-total", (t.gross - line_discounts).to_string());
        if ticket_discount.cents() > 0 {
            doc.row("Remise sur le ticket", format!("-{ticket_discount}"));
        }
    }
    doc.total("TOTAL", t.total.to_string());
    for (label, amount) in &t.tva {
        doc.row(format!("{label} :"), amount.to_string());
    }
    doc.rule();
    for (label, amount) in &t.payments {
        doc.row(label.clone(), amount.to_string());
    }
    if t.tendered != t.total || t.change.cents() != 0 {
        doc.row("Reçu", t.tendered.to_string());
    }
    if t.change.cents() != 0 {
        doc.total("Rendu", t.change.to_string());
    }
    footer(&mut doc, shop);
    doc
}

/// The credit note of a refund; `duplicata` when reprinted.
pub fn credit_note(shop: &ShopSettings, c: &ReceiptCreditNote, duplicata: bool) -> Doc {
    let mut doc = Doc::default();
    header(&mut doc, shop);
    if duplicata {
        doc.title("DUPLICATA");
    }
    doc.center("AVOIR");
    doc.row(format!("Avoir N° {}", c.number), "");
    doc.text(format!("Sur le ticket N° {}", c.ticket_number));
    doc.text(c.at_local.clone());
    if !c.seller.trim().is_empty() {
        doc.text(format!("Vendeuse : {}", c.seller.trim()));
    }
    doc.rule();
    lines(&mut doc, &c.lines);
    doc.rule();
    doc.total("TOTAL REMBOURSÉ", c.total.to_string());
    doc.row("Mode", c.method.clone());
    if !c.reason.trim().is_empty() {
        doc.text(format!("Motif : {}", c.reason.trim()));
    }
    if let Some(code) = &c.voucher_code {
        doc.rule();
        doc.center("Bon d'achat à présenter en caisse");
        doc.title(code.clone());
        doc.push(super::Block::Qr(code.clone()));
    }
    footer(&mut doc, shop);
    doc
}

/// The test page of a till's printer: every accent the shop uses, the width, a QR code.
pub fn test_page(shop: &ShopSettings, till_name: &str, width: i64, at_local: &str) -> Doc {
    let mut doc = Doc::default();
    header(&mut doc, shop);
    doc.center("PAGE DE TEST");
    doc.text(format!("Caisse : {till_name}"));
    doc.text(at_local.to_string());
    doc.text(format!("Largeur : {width} caractères"));
    doc.rule();
    doc.text("Accents : é è ê ë à â ç ô û ù î ï É È À Ç €");
    doc.row("Pain au chocolat", Money::from_cents(123_450).to_string());
    doc.total("TOTAL", Money::from_cents(123_450).to_string());
    doc.text("1234567890".repeat(5).chars().take(usize::try_from(width).unwrap_or(48)).collect::<String>());
    doc.push(super::Block::Qr("FOURNIL TEST".into()));
    doc.center("Si ces lignes sont nettes, l'imprimante est prête.");
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printing::Block;

    fn shop() -> ShopSettings {
        ShopSettings {
            name: "Boulangerie Élise".into(),
            address: "12 rue Didouche Mourad\nAlger".into(),
            phone: "021 00 00 00".into(),
            nif: "0001".into(),
            rc: "16/00".into(),
            nis: String::new(),
            ai: String::new(),
            cnas_employer: String::new(),
            receipt_header: String::new(),
            receipt_footer: "Merci, à bientôt !".into(),
            timezone: "Africa/Algiers".into(),
            day_start_hour: 4,
        }
    }

    fn ticket() -> ReceiptTicket {
        ReceiptTicket {
            number: "T-2026-000123".into(),
            at_local: "24/11/2026 09:00".into(),
            seller: "Amina".into(),
            lines: vec![ReceiptLine {
                name: "Croissant".into(),
                qty_text: "3".into(),
                unit_price: Money::from_da(40),
                gross: Money::from_da(120),
                discount: Money::from_da(10),
                total: Money::from_da(110),
            }],
            gross: Money::from_da(120),
            discount: Money::from_da(20),
            total: Money::from_da(100),
            payments: vec![("Espèces".into(), Money::from_da(200))],
            tendered: Money::from_da(200),
            change: Money::from_da(100),
            tva: Vec::new(),
        }
    }

    #[test]
    fn sale_receipt_has_what_the_customer_needs() {
        let doc = sale_receipt(&shop(), &ticket(), false);
        let text = format!("{:?}", doc.blocks);
        for needle in [
            "Boulangerie Élise",
            "T-2026-000123",
            "Vendeuse : Amina",
            "3 x 40,00 DA",
            "Remise",
            "TOTAL",
            "Rendu",
            "NIF 0001",
            "à bientôt",
        ] {
            assert!(text.contains(needle), "{needle} missing in {text}");
        }
        assert!(doc.blocks.contains(&Block::Row { left: "TOTAL".into(), right: "100,00 DA".into(), bold: true }));
        let ticket_discount =
            Block::Row { left: "Remise sur le ticket".into(), right: "-10,00 DA".into(), bold: false };
        assert!(doc.blocks.contains(&ticket_discount), "{text}");
        assert!(!text.contains("DUPLICATA"));
        assert!(format!("{:?}", sale_receipt(&shop(), &ticket(), true).blocks).contains("DUPLICATA"));
    }

    #[test]
    fn credit_note_shows_the_voucher() {
        let c = ReceiptCreditNote {
            number: "AV-2026-00012".into(),
            ticket_number: "T-2026-000123".into(),
            at_local: "24/11/2026 10:00".into(),
            seller: "Amina".into(),
            lines: ticket().lines,
            total: Money::from_da(110),
            method: "Bon d'achat".into(),
            reason: "Produit abîmé".into(),
            voucher_code: Some("BON-7F3K".into()),
        };
        let text = format!("{:?}", credit_note(&shop(), &c, false).blocks);
        for needle in ["AV-2026-00012", "T-2026-000123", "TOTAL REMBOURSÉ", "Produit abîmé", "BON-7F3K", "Qr"] {
            assert!(text.contains(needle), "{needle} missing");
        }
    }

    #[test]
    fn a_line_without_a_unit_price_prints_its_quantity_and_amount_only() {
        let line = ReceiptLine {
            name: "Croissant".into(),
            qty_text: "1 pièce".into(),
            unit_price: Money::ZERO,
            gross: Money::from_da(40),
            discount: Money::ZERO,
            total: Money::from_da(40),
        };
        let mut doc = Doc::default();
        lines(&mut doc, &[line]);
        assert!(doc.blocks.contains(&Block::Row { left: "  1 pièce".into(), right: "40,00 DA".into(), bold: false }));
        assert!(!format!("{:?}", doc.blocks).contains(" x "), "{:?}", doc.blocks);
    }
}
