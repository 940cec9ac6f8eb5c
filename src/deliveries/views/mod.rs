//! The deliveries' pages: setup (zones, deliverymen, an order's zone and fee), runs (the board, a
//! run and its settlement, the deliveryman's phone page), debts (and the report).

pub mod debts;
pub mod runs;
pub mod setup;
pub mod till;
