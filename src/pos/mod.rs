//! The counter: tickets (a sale, fully tendered, in one transaction with its stock moves,
//! packaging, cash movement, entry and receipt), refunds with credit notes, parked tickets, the
//! till screen and the sales pages. Owns `sales`, `sale_lines`, `sale_payments`, `sale_packaging`,
//! `refunds`, `refund_lines`, `vouchers`, `parked_tickets`. Prices always come from the catalogue.

pub mod rules;

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
