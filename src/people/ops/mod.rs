//! The staff's operations: one business event each, in the caller's transaction. Readers that
//! assemble pages (the hours of a month, the day board) take a `&Connection`.

pub mod board;
pub mod calendar;
pub mod devices;
pub mod employees;
pub mod export;
pub mod hours;
pub mod leave;
pub mod punches;
pub mod schedules;

pub use punches::{ClockLine, ClockRecord, Ingest, Recorded, record_punch};
