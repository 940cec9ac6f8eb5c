//! Routes of the cash pages: the shift at the counter, the history and reports, the bank
//! deposit of handed-over cash.

pub mod bank;
pub mod report;
pub mod shift;
