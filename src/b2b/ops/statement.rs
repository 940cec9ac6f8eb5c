//! A business customer's statement ("relevé de compte") for a period: what it owed on the first
//! day, then each invoice, credit note and payment in date order with the running balance, what
//! it owes on the last day (the balance of its 411 account on that day), and the ageing of what
//! is open today.

use rusqlite::Connection;

use super::payments::{age_bucket, open_invoices};
use crate::b2b::store::{self, statement::Movement};
use crate::b2b::{Customer, PayMode};
use crate::error::AppError;
use crate::kpi::Period;
use crate::money::Money;

/// A line of the statement: the document and the balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub movement: Movement,
    /// "Facture FAC-2026-00001", "Avoir AVF-…", "Paiement par chèque n° 1234567".
    pub label: String,
    pub balance: Money,
}

/// A customer's statement for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub customer: Customer,
    pub period: Period,
    pub opening: Money,
    pub lines: Vec<StatementLine>,
    pub debits: Money,
    pub credits: Money,
    pub closing: Money,
    /// What is open today by age: not yet due, 1–30, 31–60, 61–90, > 90 days past due.
    pub ageing: [Money; 5],
}

fn label(m: &Movement) -> String {
    match m.kind.as_str() {
        "facture" => format!("Facture {}", m.number),
        "avoir" => format!("Avoir {}", m.number),
        _ => {
            let mode = PayMode::from_code(&m.mode).map_or("paiement", |p| p.label());
            let by = format!("Paiement ({})", mode.to_lowercase());
            if m.number.is_empty() { by } else { format!("{by} n° {}", m.number) }
        }
    }
}

/// The statement of customer `id` over `period`, ageing at `today`. An unknown customer is
/// refused beside `customer_id`.
pub fn statement(conn: &Connection, id: i64, period: Period, today: chrono::NaiveDate) -> Result<Statement, AppError> {
    let customer = store::customer(conn, id)?.ok_or(AppError::NotFound)?;
    let from = period.from.to_string();
    let (mut opening, mut lines) = (Money::ZERO, Vec::new());
    let (mut debits, mut credits) = (Money::ZERO, Money::ZERO);
    for m in store::statement::movements(conn, id, &period.to.to_string())? {
        if m.day < from {
            opening += m.debit - m.credit;
            continue;
        }
        debits += m.debit;
        credits += m.credit;
        let balance = lines.last().map_or(opening, |l: &StatementLine| l.balance) + m.debit - m.credit;
        lines.push(StatementLine { label: label(&m), movement: m, balance });
    }
    let closing = opening + debits - credits;
    let mut ageing = [Money::ZERO; 5];
    for inv in open_invoices(conn, &customer, &[])? {
        let due = chrono::NaiveDate::parse_from_str(&inv.due_day, "%Y-%m-%d").unwrap_or(today);
        ageing[age_bucket((today - due).num_days())] += inv.open;
    }
    Ok(Statement { customer, period, opening, lines, debits, credits, closing, ageing })
}
