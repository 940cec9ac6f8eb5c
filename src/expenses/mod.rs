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
    /// The TVA the supplier's invoice shows (its part of `amount`) and its rate; deductible under
    /// réel, part of the cost under IFU.
    pub tva: Money,
    pub tva_bp: u32,
    pub paid_by: PaidBy,
    /// Paid from the drawer: this till's open shift (the till's quick expense); `None`, the
    /// first till with an open shift.
    pub till_id: Option<i64>,
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
    /// The deductible TVA (réel; zero under IFU) and the rate of the bill.
    pub tva: Money,
    pub tva_bp: u32,
}

impl Expense {
    /// What the charge account took: the amount less its deductible TVA.
    pub fn charge(&self) -> Money {
        self.amount - self.tva
    }
}

impl Expense {
    /// Still owed: entered "to pay later" and not paid yet.
    pub fn owed(&self) -> bool {
        self.paid_by == PaidBy::Later.code() && self.payment_entry_id.is_none()
    }
}

/// The TVA part of a bill as typed: the amount of TVA written on it, or (empty) the TVA of its
/// TTC `amount` at `bp`. On error, the field and its message.
pub fn tva_part(amount: Money, bp: u32, typed: &str) -> Result<Money, (&'static str, String)> {
    let tva = if typed.trim().is_empty() {
        crate::tax::split_ttc(amount, bp).1
    } else {
        match Money::parse(typed) {
            Ok(m) => m,
            Err(_) => return Err(("tva", "Un montant de TVA comme 1 900 ou 190,50.".into())),
        }
    };
    if tva.cents() > 0 && bp == 0 {
        return Err(("tva_rate", "Indiquez le taux de TVA de la facture.".into()));
    }
    if tva >= amount && amount.cents() > 0 {
        return Err(("tva", format!("La TVA ({tva}) ne peut pas atteindre le montant de la facture ({amount}).")));
    }
    Ok(tva)
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
