//! Health and integrity: `/healthz`, `fournil check` and its admin page. The check grows with
//! every ledger (stock, cash, accounts); each rule is one named `Finding`.

pub mod check;
pub mod child;
pub mod marks;
pub mod nightly;
pub mod store;
pub mod views;
pub mod web;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
