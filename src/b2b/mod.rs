//! B2B ("clients pro"): the businesses the bakery sells to on account (cafés, hotels, shops,
//! canteens), each with its identity for the invoice (NIF, NIS, RC, AI), its payment terms, its
//! credit limit (enforced: beyond it an order needs the gérante's PIN) and its price list; each
//! has its auxiliary receivable account (411 + its number), opened at creation. Price lists hold
//! dated prices HT per product; an order line takes the price in force on its delivery day, or
//! the catalogue's price when the list has none.
//!
//! Owns `b2b_customers`, `b2b_price_lists`, `b2b_prices`, `b2b_orders`, `b2b_order_lines`,
//! `b2b_notes`, `b2b_note_lines`, `b2b_invoices`, `b2b_invoice_lines`.

pub mod check;
pub mod ops;
pub mod standing;
pub mod store;
pub mod views;
pub mod web;

use chrono::{Datelike, Duration, NaiveDate};

use crate::error::FieldErrors;
use crate::money::{Money, Qty};

/// Payment terms, as agreed with the customer. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Terms {
    Cash,
    Days(u32),
    EndOfMonth,
}

impl Terms {
    pub const ALL: &'static [Terms] =
        &[Terms::Cash, Terms::Days(15), Terms::Days(30), Terms::Days(45), Terms::Days(60), Terms::EndOfMonth];

    pub fn code(self) -> &'static str {
        match self {
            Terms::Cash => "comptant",
            Terms::Days(15) => "15j",
            Terms::Days(30) => "30j",
            Terms::Days(45) => "45j",
            Terms::Days(_) => "60j",
            Terms::EndOfMonth => "fin_de_mois",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Terms::Cash => "Comptant",
            Terms::Days(15) => "15 jours",
            Terms::Days(30) => "30 jours",
            Terms::Days(45) => "45 jours",
            Terms::Days(_) => "60 jours",
            Terms::EndOfMonth => "Fin de mois",
        }
    }

    pub fn from_code(code: &str) -> Option<Terms> {
        Terms::ALL.iter().copied().find(|t| t.code() == code)
    }

    /// The day an invoice of `day` falls due.
    pub fn due(self, day: NaiveDate) -> NaiveDate {
        match self {
            Terms::Cash => day,
            Terms::Days(n) => day + Duration::days(i64::from(n)),
            Terms::EndOfMonth => {
                let (y, m) = if day.month() == 12 { (day.year() + 1, 1) } else { (day.year(), day.month() + 1) };
                NaiveDate::from_ymd_opt(y, m, 1).map(|d| d - Duration::days(1)).unwrap_or(day)
            }
        }
    }
}

/// A business customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub legal_form: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub delivery_address: String,
    pub nif: String,
    pub nis: String,
    pub rc: String,
    pub ai: String,
    pub terms: Terms,
    pub credit_limit: Option<Money>,
    pub price_list_id: Option<i64>,
    pub account: String,
    pub active: bool,
}

/// A business customer as typed, checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CustomerDraft {
    pub name: String,
    pub legal_form: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub delivery_address: String,
    pub nif: String,
    pub nis: String,
    pub rc: String,
    pub ai: String,
    pub terms: Terms,
    pub credit_limit: Option<Money>,
    pub price_list_id: Option<i64>,
    pub token: Option<String>,
}

/// The fields of a customer as typed (all text).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CustomerInput {
    pub name: String,
    pub legal_form: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub delivery_address: String,
    pub nif: String,
    pub nis: String,
    pub rc: String,
    pub ai: String,
    pub terms: String,
    pub credit_limit: String,
    pub price_list_id: String,
    pub token: String,
}

/// Spaces and dots people type inside identifiers are dropped.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '.').collect()
}

/// A 15-digit identifier (NIF, NIS): the message says what was typed wrong.
fn fifteen_digits(e: &mut FieldErrors, field: &str, label: &str, text: &str) -> String {
    let t = compact(text);
    if t.is_empty() {
        e.add(field, format!("Indiquez le {label} (15 chiffres)."));
    } else if !t.chars().all(|c| c.is_ascii_digit()) {
        e.add(field, format!("Le {label} ne contient que des chiffres (15)."));
    } else if t.len() != 15 {
        e.add(field, format!("Le {label} a 15 chiffres, pas {}.", t.len()));
    }
    t
}

/// RC ("16/00-1234567 B 22") or AI: optional, digits, letters, '/', '-' and spaces, 20 at most.
fn register_code(e: &mut FieldErrors, field: &str, label: &str, text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | ' '));
    if !ok || t.chars().count() > 20 {
        e.add(field, format!("{label} invalide : chiffres, lettres, « / » et « - », 20 caractères au plus."));
    }
    t
}

pub use crate::money::field as money_field;

impl CustomerInput {
    pub fn parse(&self) -> Result<CustomerDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            e.add("name", "Indiquez la raison sociale.");
        }
        let nif = fifteen_digits(&mut e, "nif", "NIF", &self.nif);
        let nis = fifteen_digits(&mut e, "nis", "NIS", &self.nis);
        let rc = register_code(&mut e, "rc", "RC", &self.rc);
        let ai = register_code(&mut e, "ai", "Article d'imposition", &self.ai);
        let terms = Terms::from_code(self.terms.trim());
        if terms.is_none() {
            e.add("terms", "Choisissez les conditions de paiement.");
        }
        let credit_limit = money_field(&mut e, "credit_limit", &self.credit_limit, false);
        let price_list_id = match self.price_list_id.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("price_list_id", "Choisissez une liste de prix.");
                    None
                }
            },
        };
        let email = self.email.trim().to_string();
        if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
            e.add("email", "Adresse e-mail invalide.");
        }
        let token = Some(self.token.trim().to_string()).filter(|t| !t.is_empty());
        e.into_result(CustomerDraft {
            name,
            legal_form: self.legal_form.trim().to_string(),
            contact: self.contact.trim().to_string(),
            phone: self.phone.trim().to_string(),
            email,
            address: self.address.trim().to_string(),
            delivery_address: self.delivery_address.trim().to_string(),
            nif,
            nis,
            rc,
            ai,
            terms: terms.unwrap_or(Terms::Cash),
            credit_limit,
            price_list_id,
            token,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CustomerInput {
        CustomerInput {
            name: "Café des Arts".into(),
            nif: "0001 1600 1234 567".into(),
            nis: "000116001234567".into(),
            terms: "30j".into(),
            ..Default::default()
        }
    }

    #[test]
    fn identifiers_have_fifteen_digits() {
        let d = input().parse().unwrap();
        assert_eq!(d.nif, "000116001234567");
        let short = CustomerInput { nif: "12345".into(), nis: "12345678901234A".into(), ..input() }.parse();
        let e = short.unwrap_err();
        assert_eq!(e.get("nif"), Some("Le NIF a 15 chiffres, pas 5."));
        assert_eq!(e.get("nis"), Some("Le NIS ne contient que des chiffres (15)."));
    }

    #[test]
    fn terms_give_the_due_day() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(Terms::Days(30).due(d).to_string(), "2027-01-06");
        assert_eq!(Terms::EndOfMonth.due(d).to_string(), "2026-12-31");
        assert_eq!(Terms::Cash.due(d), d);
        assert_eq!(Terms::from_code("45j"), Some(Terms::Days(45)));
    }
}

/// A B2B order: one per customer and delivery day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer: String,
    pub delivery_day: String,
    /// `confirmee`, `livree`, `annulee`.
    pub status: String,
    pub total: Money,
    pub approved_by: Option<i64>,
    pub note_id: Option<i64>,
}

/// A line of an order, at the price HT in force on its delivery day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub product_id: i64,
    pub name: String,
    pub qty: Qty,
    pub unit_price: Money,
    pub total: Money,
}

/// An order as typed: the customer, the delivery day, (product, quantity) lines.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OrderDraft {
    pub customer_id: i64,
    pub delivery_day: NaiveDate,
    pub lines: Vec<(i64, Qty)>,
    pub notes: String,
    pub token: Option<String>,
}

/// A line of a delivery note: what was ordered, what left (short = ordered − shipped), and on
/// return what came back (of which thrown away). Delivered = shipped − returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteLine {
    pub position: i64,
    pub product_id: i64,
    pub name: String,
    pub ordered: Qty,
    pub shipped: Qty,
    pub returned: Qty,
    pub wasted: Qty,
    pub unit_price: Money,
    pub cost: Money,
}

impl NoteLine {
    pub fn short(&self) -> Qty {
        self.ordered - self.shipped
    }

    pub fn delivered(&self) -> Qty {
        self.shipped - self.returned
    }
}

/// The three kinds of invoice document, each in its own gapless series per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum InvoiceKind {
    /// `PRO-`: a quote in the invoice's form; posts nothing, invoices no note.
    Proforma,
    /// `FAC-`: the invoice, posted to the customer's 411.
    Facture,
    /// `AVF-`: a credit note against one invoice (a return, a price correction).
    Avoir,
}

impl InvoiceKind {
    pub fn code(self) -> &'static str {
        match self {
            InvoiceKind::Proforma => "proforma",
            InvoiceKind::Facture => "facture",
            InvoiceKind::Avoir => "avoir",
        }
    }

    pub fn from_code(code: &str) -> Option<InvoiceKind> {
        [InvoiceKind::Proforma, InvoiceKind::Facture, InvoiceKind::Avoir].into_iter().find(|k| k.code() == code)
    }

    /// The series of its numbers: `FAC` in `FAC-2026-00001`.
    pub fn series(self) -> &'static str {
        match self {
            InvoiceKind::Proforma => "PRO",
            InvoiceKind::Facture => "FAC",
            InvoiceKind::Avoir => "AVF",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            InvoiceKind::Proforma => "Facture proforma",
            InvoiceKind::Facture => "Facture",
            InvoiceKind::Avoir => "Avoir",
        }
    }
}

/// An issued invoice, proforma or credit note, with what is still to be paid on it (an invoice:
/// its TTC less its credit notes and the payments allocated to it; zero for the others).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub id: i64,
    pub kind: InvoiceKind,
    pub number: String,
    pub customer_id: i64,
    pub customer: String,
    pub day: String,
    pub due_day: String,
    /// `ifu` or `reel`: the regime on its day.
    pub regime: String,
    pub total_ht: Money,
    pub total_tva: Money,
    pub total_ttc: Money,
    /// A credit note's invoice: (id, number).
    pub corrects: Option<(i64, String)>,
    pub reason: String,
    pub entry_id: Option<i64>,
    pub open: Money,
}

impl Invoice {
    /// An invoice still to be paid past its due day.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.open.cents() > 0 && self.due_day < today.to_string()
    }
}

/// A line of an invoice (HT; its TVA at its rate under réel, zero under IFU).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    pub position: i64,
    /// "Livraison du 07/12/2026 (BL-2026-00001)": the lines of one delivery note.
    pub section: String,
    pub note_id: Option<i64>,
    pub product_id: Option<i64>,
    pub label: String,
    pub qty: Qty,
    pub unit_price: Money,
    pub tva_bp: u32,
    pub total_ht: Money,
    pub tva: Money,
    /// A credit note's line: what physically came back of the quantity credited, of it thrown
    /// away, and the value the rest went back to the counter with. Zero elsewhere.
    pub goods: Goods,
}

/// What came back with a credit-note line: `returned` (at most the quantity credited), of it
/// `wasted` (thrown away, its cost stays in the cost of sales), the rest back on the counter at
/// `back_value` (the unit value it left with on its delivery note).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Goods {
    pub returned: Qty,
    pub wasted: Qty,
    pub back_value: Money,
}

impl Goods {
    /// What went back to the counter: came back, less thrown away.
    pub fn back(&self) -> Qty {
        self.returned - self.wasted
    }
}

/// An invoice or proforma to issue: the customer, which notes (ticked), or else the delivered
/// notes of a period ("facturer la semaine"), or else all its notes not yet invoiced.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InvoiceDraft {
    pub customer_id: i64,
    pub kind: InvoiceKind,
    pub notes: Vec<i64>,
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub token: Option<String>,
}

/// A credit note to issue against an invoice: per invoice line, what is credited.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CreditDraft {
    pub invoice_id: i64,
    pub reason: String,
    pub lines: Vec<CreditLineDraft>,
    pub token: Option<String>,
}

/// One line of a credit note: the invoice line (position), the quantity credited and its unit
/// price HT (the line's own for a return, the difference for a price correction), and what
/// physically came back of it (`returned`) and of that was thrown away (`wasted`); both 0 for a
/// price correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CreditLineDraft {
    pub position: i64,
    pub qty: Qty,
    pub price: Money,
    pub returned: Qty,
    pub wasted: Qty,
}

/// How a business customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PayMode {
    Cheque,
    Virement,
    Especes,
    Traite,
}

impl PayMode {
    pub const ALL: &'static [PayMode] = &[PayMode::Cheque, PayMode::Virement, PayMode::Especes, PayMode::Traite];

    pub fn code(self) -> &'static str {
        match self {
            PayMode::Cheque => "cheque",
            PayMode::Virement => "virement",
            PayMode::Especes => "especes",
            PayMode::Traite => "traite",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PayMode::Cheque => "Chèque",
            PayMode::Virement => "Virement",
            PayMode::Especes => "Espèces",
            PayMode::Traite => "Traite",
        }
    }

    pub fn from_code(code: &str) -> Option<PayMode> {
        PayMode::ALL.iter().copied().find(|m| m.code() == code)
    }
}

/// A payment as typed: the amount, how, its reference (cheque or transfer number), the invoices
/// it pays (ticked; none: the oldest open first), the till whose drawer takes cash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaymentDraft {
    pub customer_id: i64,
    pub mode: PayMode,
    pub amount: Money,
    pub reference: String,
    pub invoices: Vec<i64>,
    pub till_id: i64,
    pub token: Option<String>,
}
