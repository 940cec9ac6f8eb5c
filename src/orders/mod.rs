//! Customer orders ("commandes clients"): catalogue products at the agreed price, options per
//! line, pickup or delivery at a due date and time, a deposit, and one operation per transition:
//!
//! ```text
//! confirmee ──start/make──▶ en_production ──receive──▶ prete ──hand_over──▶ remise
//!     └──────────────┴──────────────cancel──────────────┴──▶ annulee
//! ```
//!
//! Owns `orders`, `order_lines`, `order_payments`, `customer_credits`. Money: every payment is a
//! row linked to the order and to the shift it went through; a deposit is a liability (Dr 530/512
//! · Cr 4191); revenue and the cost of goods are recognised once, at handover (Dr 4191 + Dr
//! 530/512 for the balance · Cr 70x; Dr 60x · Cr stock). The lab makes 'labo' lines through the
//! production operation into the "réservé commandes" place, so they are never sold at the counter.

pub mod check;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use chrono::{NaiveDate, NaiveTime};

use crate::catalog::Unit;
use crate::customers::Customer;
use crate::money::{Money, Qty};

/// Where an order stands. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Confirmed,
    InProduction,
    Ready,
    HandedOver,
    Cancelled,
}

impl Status {
    pub const ALL: &'static [Status] =
        &[Status::Confirmed, Status::InProduction, Status::Ready, Status::HandedOver, Status::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmee",
            Status::InProduction => "en_production",
            Status::Ready => "prete",
            Status::HandedOver => "remise",
            Status::Cancelled => "annulee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Confirmed => "Confirmée",
            Status::InProduction => "En production",
            Status::Ready => "Prête au magasin",
            Status::HandedOver => "Remise",
            Status::Cancelled => "Annulée",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// Still to be handed over: the lab, the shop and the money are not done with it.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::HandedOver | Status::Cancelled)
    }
}

/// Pickup at the shop or delivery (the delivery itself is the next step; the fields are kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Pickup,
    Delivery,
}

impl Service {
    pub fn code(self) -> &'static str {
        match self {
            Service::Pickup => "retrait",
            Service::Delivery => "livraison",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Service::Pickup => "Retrait au magasin",
            Service::Delivery => "Livraison",
        }
    }

    pub fn from_code(code: &str) -> Option<Service> {
        [Service::Pickup, Service::Delivery].into_iter().find(|s| s.code() == code)
    }
}

/// How an order is paid. Codes are stored. `Credit` spends the customer's store credit (a
/// cancelled order's deposit kept for them); the others go through the drawer or the bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Cash,
    Card,
    Cheque,
    Credit,
}

impl Method {
    pub const ALL: &'static [Method] = &[Method::Cash, Method::Card, Method::Cheque, Method::Credit];

    pub fn code(self) -> &'static str {
        match self {
            Method::Cash => "especes",
            Method::Card => "carte",
            Method::Cheque => "cheque",
            Method::Credit => "avoir",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Cash => "Espèces",
            Method::Card => "Carte (TPE)",
            Method::Cheque => "Chèque",
            Method::Credit => "Avoir du client",
        }
    }

    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.iter().copied().find(|m| m.code() == code)
    }

    pub fn label_of(code: &str) -> &'static str {
        Method::from_code(code).map(Method::label).unwrap_or("Autre")
    }
}

/// Where a line's goods come from: made by the lab for this order, or taken from the counter at
/// handover (bought-in goods, products without a recipe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Lab,
    Counter,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Lab => "labo",
            Source::Counter => "comptoir",
        }
    }
}

/// One line as asked: a catalogue product, a quantity, options; a price only when it differs from
/// the catalogue's (which needs `prix.modifier`); the line it replaces when editing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDraft {
    pub line_id: Option<i64>,
    pub product_id: i64,
    pub qty: Qty,
    pub options: String,
    pub price: Option<Money>,
}

/// A payment as tendered: the amount the order receives; for cash, what was handed over (the
/// change is given back); a cheque number or a card slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentDraft {
    pub method: Method,
    pub amount: Money,
    /// Cash handed over (≥ amount); None: exactly the amount.
    pub tendered: Option<Money>,
    pub reference: String,
    /// One-time token: a replay answers the first payment.
    pub token: Option<String>,
}

/// An order as taken: who, what, when, how; with its deposit, at a till (whose shift takes the
/// money and whose printer prints the slips).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDraft {
    pub token: String,
    pub customer_id: i64,
    pub service: Service,
    pub address: String,
    pub due_day: NaiveDate,
    pub due_time: NaiveTime,
    pub notes: String,
    pub lines: Vec<LineDraft>,
    pub deposit: Option<PaymentDraft>,
    pub till_id: i64,
}

/// A delivery sold at the till from counter stock (sales.md §2.3): the customer, the address,
/// the cart's lines at the catalogue price, and what is paid now (a payment of the whole total,
/// a deposit, or nothing: collected at the door). It is due at once and has nothing to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterDraft {
    pub token: String,
    pub customer_id: i64,
    pub address: String,
    pub notes: String,
    pub lines: Vec<LineDraft>,
    /// Paid now: the whole total (its amount is the order's) or a deposit.
    pub payment: Option<PaymentDraft>,
    pub paid_in_full: bool,
    pub till_id: i64,
}

/// A handover at a till: the balance (if anything is left to pay) taken in the same tap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOverDraft {
    pub till_id: i64,
    pub payment: Option<PaymentDraft>,
    /// One-time token: a replay answers the first handover.
    pub token: Option<String>,
}

/// What to do with the money and the goods of a cancelled order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refund {
    /// The deposit goes back in cash, from the till's open shift.
    Cash,
    /// The deposit stays as the customer's store credit (account 4191), for a later order.
    Credit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goods {
    /// Made goods go to the counter, to be sold there.
    Counter,
    /// Made goods are thrown away: their value is a loss (658).
    Waste,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelDraft {
    pub reason: String,
    /// Required when something was paid.
    pub refund: Option<Refund>,
    /// Required when something was made.
    pub goods: Option<Goods>,
    pub till_id: i64,
    pub token: Option<String>,
}

/// An order as stored.
#[derive(Debug, Clone)]
pub struct Order {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub status: Status,
    pub service: Service,
    pub address: String,
    pub due_day: String,
    pub due_time: String,
    pub due_at: String,
    pub notes: String,
    pub total: Money,
    pub paid: Money,
    pub cost: Money,
    pub till_id: Option<i64>,
    pub day: String,
    pub created_at: String,
    pub user: String,
    pub handed_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancel_reason: String,
    pub entry_id: Option<i64>,
}

impl Order {
    /// What is left to pay: always the total less every payment.
    pub fn balance(&self) -> Money {
        self.total - self.paid
    }
}

#[derive(Debug, Clone)]
pub struct Line {
    pub id: i64,
    pub position: i64,
    pub product_id: i64,
    pub name: String,
    pub unit: Unit,
    pub qty: Qty,
    pub unit_price: Money,
    pub catalog_price: Money,
    pub total: Money,
    pub options: String,
    pub source: Source,
    pub production_id: Option<i64>,
    pub made_at: Option<String>,
    pub cost: Money,
    /// A counter line whose goods left the counter for "réservé commandes" when it was sold (a
    /// delivery sold at the till).
    pub set_aside: bool,
}

impl Line {
    /// Made by the lab, or nothing to make.
    pub fn is_made(&self) -> bool {
        self.source == Source::Counter || self.production_id.is_some()
    }

    /// Its goods wait for the customer in "réservé commandes" (made by the lab, or set aside from
    /// the counter when sold); otherwise they are still on the counter.
    pub fn held(&self) -> bool {
        self.production_id.is_some() || self.set_aside
    }
}

#[derive(Debug, Clone)]
pub struct Payment {
    pub id: i64,
    pub kind: String,
    pub method: String,
    pub amount: Money,
    pub tendered: Money,
    pub change: Money,
    pub reference: String,
    pub at: String,
    pub user: String,
}

impl Payment {
    pub fn kind_label(&self) -> &'static str {
        match self.kind.as_str() {
            "acompte" => "Acompte",
            "solde" => "Solde",
            "remboursement" => "Remboursement",
            _ => "Paiement",
        }
    }
}

/// An order with everything on it.
#[derive(Debug, Clone)]
pub struct OrderFull {
    pub order: Order,
    pub customer: Customer,
    pub lines: Vec<Line>,
    pub payments: Vec<Payment>,
}

impl OrderFull {
    /// What the lab still has to make.
    pub fn to_make(&self) -> Vec<&Line> {
        self.lines.iter().filter(|l| !l.is_made()).collect()
    }
}

/// An order as the lists show it.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: i64,
    pub number: String,
    pub status: Status,
    pub service: Service,
    pub customer_id: i64,
    pub customer: String,
    pub phone: String,
    pub due_day: String,
    pub due_time: String,
    pub due_at: String,
    pub total: Money,
    pub paid: Money,
    /// "2 × Fraisier, 1 × Tarte citron"
    pub items: String,
    /// Lines the lab still has to make.
    pub to_make: i64,
}

impl Summary {
    pub fn balance(&self) -> Money {
        self.total - self.paid
    }
}

/// A line the lab still has to make, for the production plan.
#[derive(Debug, Clone)]
pub struct ToMake {
    pub order_id: i64,
    pub due_day: String,
    pub due_time: String,
    pub product_id: i64,
    pub qty: Qty,
}

/// The line amount: the unit price per pièce, kg or L, times the quantity, rounded once.
pub fn line_total(price: Money, unit: Unit, qty: Qty) -> Money {
    crate::pos::line_amount(price, unit, qty)
}

/// The due time slots offered (every half hour of the shop's day).
pub fn slots() -> Vec<String> {
    (14..=41).map(|half| format!("{:02}:{:02}", half / 2, (half % 2) * 30)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_round_trip_and_only_the_last_two_are_closed() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(*s));
        }
        assert!(Status::Ready.is_open());
        assert!(!Status::HandedOver.is_open() && !Status::Cancelled.is_open());
    }

    #[test]
    fn slots_cover_the_day_by_half_hours() {
        let s = slots();
        assert_eq!(s.first().map(String::as_str), Some("07:00"));
        assert_eq!(s.last().map(String::as_str), Some("20:30"));
    }
}
