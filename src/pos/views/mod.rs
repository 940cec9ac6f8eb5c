//! Pages of the counter: the till screen (`till`) and the sales pages (`sales`).

pub mod sales;
pub mod till;
