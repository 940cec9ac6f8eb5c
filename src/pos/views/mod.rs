//! Pages of the counter: the till screen (`till`), the till's refunds (`refund`) and the sales
//! pages (`sales`).

pub mod refund;
pub mod sales;
pub mod till;
