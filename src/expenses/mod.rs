//! Expenses: the shop's bills (electricity, rent, telephone, the accountant…) entered under a
//! familiar label mapped to its charge account, paid at once from a drawer or the bank, or later
//! (owed to the supplier, 401, until paid). Owns `expense_labels`, `expenses`. Each bill posts
//! its entry in its own transaction (journal CA, BQ or AC), its payment another (CA or BQ); a
//! drawer payment is a cash movement of the open shift. Nothing here posts to 658: losses and
//! till shortages stay there, ordinary expenses go to their own accounts.

pub mod check;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use chrono::NaiveDate;

use crate::money::Money;

/// How a bill is settled when it is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaidBy {
    /// From the drawer of an open shift, today (journal CA).
    Drawer,
    /// From the bank account (journal BQ).
    Bank,
    /// Later: owed to the supplier (401, journal AC) until its payment.
    Later,
}

impl PaidBy {
    pub const ALL: &'static [PaidBy] = &[PaidBy::Drawer, PaidBy::Bank, PaidBy::Later];

    pub fn code(self) -> &'static str {
        match self {
            PaidBy::Drawer => "caisse",
            PaidBy::Bank => "banque",
            PaidBy::Later => "plus_tard",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaidBy::Drawer => "Payée en espèces (tiroir)",
            PaidBy::Bank => "Payée par la banque",
            PaidBy::Later => "À payer plus tard",
        }
    }

    pub fn from_code(code: &str) -> Option<PaidBy> {
        PaidBy::ALL.iter().copied().find(|p| p.code() == code)
    }
}

/// A familiar label ("Loyer") and the account it books to (613).
#[derive(Debug, Clone)]
pub struct Label {
    pub id: i64,
    pub label: String,
    pub account: String,
}

/// A bill as typed.
#[derive(Debug, Clone)]
pub struct ExpenseDraft {
    pub day: NaiveDate,
    pub label_id: i64,
    pub beneficiary: String,
    pub reference: String,
    /// TTC.
    pub amount: Money,
    pub paid_by: PaidBy,
    /// Proposed again each month.
    pub monthly: bool,
    pub note: String,
    pub token: Option<String>,
}

/// The payment of a bill entered "to pay later": the drawer (today) or the bank.
#[derive(Debug, Clone)]
pub struct PaymentDraft {
    pub day: NaiveDate,
    pub by: PaidBy,
}

#[derive(Debug, Clone)]
pub struct Expense {
    pub id: i64,
    pub day: String,
    pub label: String,
    pub account: String,
    pub beneficiary: String,
    pub reference: String,
    pub amount: Money,
    pub paid_by: String,
    pub monthly: bool,
    pub note: String,
    pub entry_id: i64,
    pub payment_day: Option<String>,
    pub payment_method: Option<String>,
    pub payment_entry_id: Option<i64>,
    pub label_id: i64,
}

impl Expense {
    /// Still owed: entered "to pay later" and not paid yet.
    pub fn owed(&self) -> bool {
        self.paid_by == PaidBy::Later.code() && self.payment_entry_id.is_none()
    }
}

/// A monthly bill not yet entered this month: the last one, proposed again.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub model_id: i64,
    pub label: String,
    pub beneficiary: String,
    pub amount: Money,
    pub last_day: String,
}
