//! The counter: tickets, refunds, packaging rules, the till screen.
