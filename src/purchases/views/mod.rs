//! The purchases' pages, as maud: suppliers, and purchases with their reports.

pub mod purchases;
pub mod suppliers;
