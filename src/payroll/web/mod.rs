//! Payroll's routes (declared in src/routes/table.rs): thin handlers, one file per subject.

pub mod advances;
pub mod export;
pub mod forms;
pub mod month;
pub mod rates;
pub mod slip;

use chrono::NaiveDate;

use crate::people::first_of_month;

/// The month a payroll page opens on: the one asked, else the last month (the one being paid).
pub fn month_or_last(asked: &str, today: NaiveDate) -> NaiveDate {
    crate::people::parse_month(asked)
        .unwrap_or_else(|| first_of_month(first_of_month(today) - chrono::Duration::days(1)))
}
