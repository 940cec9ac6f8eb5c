//! The landing page every role reaches after signing in: what this person may open, and for
//! those who hold a drawer, the state of this tablet's till. It owns no table.

pub mod ops;
pub mod views;
pub mod web;
