//! Payroll's operations: add a row of rates, prepare a month (and add items by hand), validate it
//! (frozen, one entry), pay a payslip, hand out or cancel an advance. Each writes its rows, its
//! entry, its cash movement and its audit line in the caller's transaction.

pub mod advances;
pub mod export;
pub mod pay;
pub mod rates;
pub mod run;

use chrono::NaiveDate;

use crate::error::AppError;
use crate::people::{month_label, parse_month};

/// `2026-11` → (first day, its label), or the field's error.
pub(crate) fn month_of(month: &str) -> Result<(NaiveDate, String), AppError> {
    match parse_month(month) {
        Some(first) => Ok((first, month_label(first))),
        None => Err(invalid("mois", "Un mois comme 2026-11.")),
    }
}

pub(crate) use crate::error::invalid;
