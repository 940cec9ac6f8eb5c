//! The counter: tickets (a sale, fully tendered, in one transaction with its stock moves,
//! packaging, cash movement, entry and receipt), refunds with credit notes, parked tickets, the
//! till screen and the sales pages. Owns `sales`, `sale_lines`, `sale_payments`, `sale_packaging`,
//! `refunds`, `refund_lines`, `vouchers`, `parked_tickets`. Prices always come from the catalogue.

pub mod ops;
pub mod rules;
pub mod store;
pub mod views;
pub mod web;

use serde::{Deserialize, Serialize};

use crate::money::{Money, Qty};

/// How a customer pays. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayMethod {
    #[serde(rename = "especes")]
    Cash,
    #[serde(rename = "carte")]
    Card,
    #[serde(rename = "cheque")]
    Cheque,
    /// A store-credit voucher (avoir), by its code.
    #[serde(rename = "bon")]
    Voucher,
}

impl PayMethod {
    pub const ALL: &'static [PayMethod] = &[PayMethod::Cash, PayMethod::Card, PayMethod::Cheque, PayMethod::Voucher];

    pub fn code(self) -> &'static str {
        match self {
            PayMethod::Cash => "especes",
            PayMethod::Card => "carte",
            PayMethod::Cheque => "cheque",
            PayMethod::Voucher => "bon",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PayMethod::Cash => "Espèces",
            PayMethod::Card => "Carte (TPE)",
            PayMethod::Cheque => "Chèque",
            PayMethod::Voucher => "Bon d'achat / avoir",
        }
    }

    pub fn from_code(code: &str) -> Option<PayMethod> {
        PayMethod::ALL.iter().copied().find(|m| m.code() == code)
    }

    /// The label of a stored method code (receipts, reports, lists).
    pub fn label_of(code: &str) -> &'static str {
        PayMethod::from_code(code).map(PayMethod::label).unwrap_or("Autre")
    }
}

/// One line of a cart as the till sends it: what and how much, never a price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: i64,
    /// Thousandths of the product's base unit (a weighed item: grams × 1000).
    pub qty: Qty,
    /// A discount on this line, in centimes (0: none).
    #[serde(default)]
    pub discount: Money,
}

/// A cart: lines, a ticket discount, the reason for the discounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    #[serde(default)]
    pub discount: Money,
    #[serde(default)]
    pub discount_reason: String,
}

/// A payment as tendered: for cash, what was handed over (the change is computed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tender {
    pub method: PayMethod,
    pub amount: Money,
    /// Cheque number, card slip, or the voucher's code.
    #[serde(default)]
    pub reference: String,
}

/// A checkout: the till's one-time token (a retry answers the first ticket), the cart, the payments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutDraft {
    pub token: String,
    pub till_id: i64,
    pub cart: Cart,
    pub payments: Vec<Tender>,
}

/// A ticket just recorded (or recorded before under the same token), as the till shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sold {
    pub id: i64,
    pub number: String,
    pub total: Money,
    pub change: Money,
    /// Its till has a receipt printer (else the browser prints the receipt).
    pub prints: bool,
    /// The same request seen before: nothing new was recorded.
    pub replayed: bool,
}

/// A ticket as listed.
#[derive(Debug, Clone)]
pub struct TicketSummary {
    pub id: i64,
    pub number: String,
    pub till_id: i64,
    pub till: String,
    pub shift_id: i64,
    pub at: String,
    pub day: String,
    pub user_id: i64,
    pub seller: String,
    pub gross: Money,
    pub discount: Money,
    pub total: Money,
    pub tendered: Money,
    pub change: Money,
    pub discount_reason: String,
    pub cost: Money,
    pub entry_id: Option<i64>,
    /// Σ of its refunds.
    pub refunded: Money,
    /// Payment method codes, comma-separated.
    pub methods: String,
}

#[derive(Debug, Clone)]
pub struct TicketLine {
    pub id: i64,
    pub product_id: i64,
    pub name: String,
    pub unit: crate::catalog::Unit,
    pub kind: crate::catalog::Kind,
    pub qty: Qty,
    pub unit_price: Money,
    pub gross: Money,
    /// The line's own discount plus its share of the ticket's.
    pub discount: Money,
    pub line_discount: Money,
    pub total: Money,
    pub cost: Money,
    pub refunded_qty: Qty,
    pub refunded_amount: Money,
    pub refunded_cost: Money,
}

impl TicketLine {
    pub fn refundable(&self) -> Qty {
        self.qty - self.refunded_qty
    }
}

#[derive(Debug, Clone)]
pub struct TicketPayment {
    pub method: String,
    pub amount: Money,
    pub reference: String,
}

/// A ticket with everything on it.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub summary: TicketSummary,
    pub lines: Vec<TicketLine>,
    pub payments: Vec<TicketPayment>,
    pub refunds: Vec<Refund>,
}

/// A refund (credit note) as read back.
#[derive(Debug, Clone)]
pub struct Refund {
    pub id: i64,
    pub number: String,
    pub at: String,
    pub day: String,
    pub user: String,
    pub reason: String,
    pub method: String,
    pub total: Money,
    pub sale_id: i64,
    pub sale_number: String,
    pub till_id: i64,
}

#[derive(Debug, Clone)]
pub struct RefundLine {
    pub name: String,
    pub unit: crate::catalog::Unit,
    pub qty: Qty,
    pub amount: Money,
    pub destination: String,
}

/// A refund just recorded (or recorded before under the same token), as the till shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refunded {
    pub id: i64,
    pub number: String,
    pub total: Money,
    /// Its till has a receipt printer: the credit note is printed there (else from the browser).
    pub prints: bool,
}

/// Where returned goods go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// Back on the counter, sellable again, at the cost they left with.
    #[serde(rename = "comptoir")]
    Counter,
    /// Thrown away: their cost becomes a loss (658).
    #[serde(rename = "perte")]
    Waste,
}

impl Destination {
    pub fn code(self) -> &'static str {
        match self {
            Destination::Counter => "comptoir",
            Destination::Waste => "perte",
        }
    }
}

/// One line of a refund as asked: which ticket line, how much, where the goods go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundLineDraft {
    pub line_id: i64,
    pub qty: Qty,
    pub destination: Destination,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundDraft {
    pub token: String,
    pub sale_id: i64,
    /// The till whose drawer pays back cash (its shift must be open for a cash refund).
    pub till_id: i64,
    pub lines: Vec<RefundLineDraft>,
    pub reason: String,
    pub method: PayMethod,
}

/// The price of `qty` at `price` per pièce, kg or L, rounded half away from zero to the centime.
pub fn line_amount(price: Money, unit: crate::catalog::Unit, qty: Qty) -> Money {
    let num = i128::from(price.cents()) * i128::from(qty.milli());
    let den = i128::from(unit.display_factor()) * 1000;
    Money::from_cents(i64::try_from((2 * num + den) / (2 * den)).unwrap_or(i64::MAX))
}

/// A ticket put on hold at a till.
#[derive(Debug, Clone)]
pub struct Parked {
    pub id: i64,
    pub label: String,
    pub seller: String,
    /// The cart, as JSON.
    pub cart: String,
    pub at: String,
}

/// A product as the till offers it.
#[derive(Debug, Clone)]
pub struct ForSale {
    pub id: i64,
    pub name: String,
    pub unit: crate::catalog::Unit,
    pub price: Money,
    pub tracked: bool,
    pub category_id: Option<i64>,
    pub category: String,
    pub color: String,
    /// What the till's counter holds (meaningful when tracked).
    pub available: Qty,
    pub photo: Option<String>,
    /// Its barcodes, space-separated.
    pub barcodes: String,
}

impl ForSale {
    /// Sold out: a tracked product the counter no longer holds.
    pub fn sold_out(&self) -> bool {
        self.tracked && self.available.milli() <= 0
    }
}
