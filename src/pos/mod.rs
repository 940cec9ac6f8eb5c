//! The counter: tickets, refunds, packaging rules, the till screen.
pub mod rules;
