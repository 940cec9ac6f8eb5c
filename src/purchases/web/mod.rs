//! The purchases' pages: suppliers, purchases, and the reports on what is owed to suppliers.

pub mod purchases;
pub mod reports;
pub mod suppliers;
