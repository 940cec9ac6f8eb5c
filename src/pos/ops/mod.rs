//! The counter's operations. A checkout does, in one transaction: the ticket with its gapless
//! number, its lines priced from the catalogue with their frozen cost, the stock leaving the
//! counter, the packaging its rules consume, the cash movement of the open shift, the entry
//! (sales, cost of goods, payment accounts) and the receipt's print job. A refund undoes a part
//! of a ticket the same way. A replayed token answers the first document and does nothing else.
//! Parked tickets, pricing a cart (`quote`) and the receipts are operations of the counter too.

pub mod checkout;
pub mod packaging;
pub mod parked;
pub mod quote;
pub mod receipt;
pub mod refund;

pub use checkout::{checkout, fingerprint};
pub use refund::refund;

use rusqlite::Transaction;

use super::PayMethod;
use crate::accounting::account;
use crate::cash::{self, Shift, Till};
use crate::catalog::Kind;
use crate::error::AppError;

/// The counter account of a sale's revenue: goods bought for resale (700) or made here (701).
pub fn revenue_account(kind: Kind) -> &'static str {
    match kind {
        Kind::Revente => account::GOODS_SALES,
        _ => account::PRODUCT_SALES,
    }
}

/// Where the cost of goods sold goes: goods bought for resale (600), goods made here (601).
pub fn cost_account(kind: Kind) -> &'static str {
    match kind {
        Kind::Revente => account::GOODS_SOLD,
        _ => account::MATERIALS_USED,
    }
}

/// The account a payment method debits (a sale) or credits (a refund).
pub fn payment_account(m: PayMethod) -> &'static str {
    match m {
        PayMethod::Cash => account::CASH,
        PayMethod::Card | PayMethod::Cheque => account::BANK,
        PayMethod::Voucher => account::CUSTOMER_CREDITS,
    }
}

pub(crate) fn till_and_shift(tx: &Transaction, till_id: i64) -> Result<(Till, Shift), AppError> {
    let till = cash::store::till(tx, till_id)?
        .filter(|t| t.active)
        .ok_or_else(|| AppError::refused("unknown_till", "Cette caisse n'existe pas ou est désactivée."))?;
    Ok((till, cash::ops::require_open(tx, till_id)?))
}
