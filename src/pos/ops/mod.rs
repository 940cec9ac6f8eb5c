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

pub use checkout::{Checkout, checkout, fingerprint};
pub use refund::refund;

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::PayMethod;
use crate::accounting::account;
use crate::auth::CurrentUser;
use crate::cash::{self, MovementDraft, MovementKind, Shift, Till};
use crate::catalog::Kind;
use crate::error::AppError;
use crate::money::Money;
use crate::stock::MoveCtx;

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

/// The till, active, and its open shift (a sale, or a refund paid back in cash, needs one).
pub(crate) fn till_and_shift(tx: &Transaction, till_id: i64) -> Result<(Till, Shift), AppError> {
    let till = cash::store::till(tx, till_id)?
        .filter(|t| t.active)
        .ok_or_else(|| AppError::refused("unknown_till", "Cette caisse n'existe pas ou est désactivée."))?;
    Ok((till, cash::ops::require_open(tx, till_id)?))
}

/// A ticket or a credit note being written, as the lines it adds to the other ledgers name it.
pub(crate) struct Doc<'a> {
    /// `sale` or `refund`.
    pub source_type: &'static str,
    pub id: i64,
    pub number: &'a str,
    pub user: &'a CurrentUser,
    pub now: &'a str,
    pub day: NaiveDate,
}

impl Doc<'_> {
    /// Its stock moves, with their note.
    pub fn moves(&self, note: String) -> MoveCtx {
        MoveCtx {
            at: self.now.into(),
            day: self.day,
            user_id: Some(self.user.id),
            source_type: self.source_type,
            source_id: self.id,
            note,
        }
    }
}

/// The drawer's side of a ticket or a refund: the cash that stayed in (+) or went back out (−)
/// of the open shift's drawer, tied to its document and entry. Nothing when no cash moved.
pub(crate) fn record_cash(
    tx: &Transaction,
    shift: &Shift,
    doc: &Doc,
    kind: MovementKind,
    amount: Money,
    entry_id: i64,
) -> Result<(), AppError> {
    if amount.cents() == 0 {
        return Ok(());
    }
    let m = MovementDraft {
        shift_id: shift.id,
        at: doc.now,
        day: doc.day,
        kind,
        amount,
        reason: doc.number,
        source_type: doc.source_type,
        source_id: Some(doc.id),
        entry_id: Some(entry_id),
        user_id: doc.user.id,
        token: None,
    };
    cash::store::insert_movement(tx, &m)?;
    Ok(())
}
