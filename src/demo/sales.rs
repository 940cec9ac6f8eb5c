//! The demo's counter: cash shifts and tickets through the till's own operations.
//! `open_shift`/`close_shift` wait for the cash operations (`crate::cash::ops`): until they are
//! on main they answer `None` and the history is built without sales.

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::rng::Rng;
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::cash;
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::pos::{self, Cart, CartLine, CheckoutDraft, PayMethod, Tender};

pub const TILL: i64 = 1;

/// Opens the day's shift with its float.
pub fn open_shift(
    tx: &Transaction,
    seller: &CurrentUser,
    float: Money,
    now: &str,
    day: NaiveDate,
    rng: &mut Rng,
) -> Result<Option<i64>, AppError> {
    let d = cash::ops::OpenDraft { till_id: TILL, float: cash::ops::Float::Amount(float), token: Some(rng.token()) };
    Ok(Some(cash::ops::open(tx, &seller.actor(), &d, now, day)?))
}

/// The notes and coins of an amount (whole DA, down to 5 DA).
fn counts_of(amount: Money) -> cash::Counts {
    let mut left = amount.cents() / 100;
    let mut out = std::collections::BTreeMap::new();
    for den in cash::DENOMINATIONS.iter().filter(|d| d.key != "p200") {
        let n = left / den.da;
        if n > 0 {
            out.insert(den.key.to_string(), n);
            left -= n * den.da;
        }
    }
    cash::Counts(out)
}

/// Closes the day's shift with a blind count: what is expected, now and then a coin short or over.
pub fn close_shift(
    tx: &Transaction,
    seller: &CurrentUser,
    shift_id: i64,
    now: &str,
    day: NaiveDate,
    rng: &mut Rng,
) -> Result<(), AppError> {
    let expected = cash::store::expected(tx, shift_id)?;
    let counted = match rng.below(20) {
        0 => expected - Money::from_da(10 * rng.range(1, 5)),
        1 => expected + Money::from_da(10 * rng.range(1, 3)),
        _ => expected,
    };
    let d = cash::ops::CloseDraft {
        counts: counts_of(counted.max(Money::ZERO)),
        next_float: None,
        comment: "Écart de caisse de la démonstration".into(),
        token: Some(rng.token()),
    };
    cash::ops::close(tx, &seller.actor(), shift_id, &d, now, day)?;
    Ok(())
}

/// One ticket: its lines (product, quantity), paid in cash (rounded up to the next 100 DA),
/// by card, or both. Returns the ticket's id and its total.
#[allow(clippy::too_many_arguments)]
pub fn sell(
    tx: &Transaction,
    seller: &CurrentUser,
    lines: &[(i64, Qty)],
    prices: &dyn Fn(i64) -> Money,
    discount_pct: i64,
    now: &str,
    day: NaiveDate,
    rng: &mut Rng,
) -> Result<(i64, Money), AppError> {
    let mut cart = Cart::default();
    let mut total = Money::ZERO;
    for (product_id, qty) in lines {
        let gross = pos::line_amount(prices(*product_id), crate::catalog::Unit::Piece, *qty);
        total += gross;
        cart.lines.push(CartLine { product_id: *product_id, qty: *qty, discount: Money::ZERO });
    }
    if discount_pct > 0 {
        cart.discount = Money::from_cents(total.cents() * discount_pct / 100);
        cart.discount_reason = "Client fidèle".into();
        total -= cart.discount;
    }
    let payments = match rng.below(100) {
        0..=79 => {
            // Cash, rounded up to the next 100 DA: change is given.
            let handed = Money::from_cents((total.cents() + 9_999) / 10_000 * 10_000);
            vec![Tender { method: PayMethod::Cash, amount: handed.max(total), reference: String::new() }]
        }
        80..=93 => vec![Tender { method: PayMethod::Card, amount: total, reference: String::new() }],
        _ => {
            let card = Money::from_cents(total.cents() / 2);
            vec![
                Tender { method: PayMethod::Card, amount: card, reference: String::new() },
                Tender { method: PayMethod::Cash, amount: total - card, reference: String::new() },
            ]
        }
    };
    let d = CheckoutDraft { token: rng.token(), till_id: TILL, cart, payments };
    let st = Stamp { actor: seller.actor(), now: now.to_string(), day };
    let id = pos::ops::checkout(tx, &st, seller, &d, None)?.done()?.sold()?.id;
    Ok((id, total))
}

/// Refunds the first line of a ticket in cash; the goods are thrown away.
pub fn refund(
    tx: &Transaction,
    manager: &CurrentUser,
    sale_id: i64,
    now: &str,
    day: NaiveDate,
    rng: &mut Rng,
) -> Result<i64, AppError> {
    let lines = pos::store::lines(tx, sale_id)?;
    let Some(line) = lines.first() else { return Err(AppError::NotFound) };
    let d = pos::RefundDraft {
        token: rng.token(),
        sale_id,
        till_id: TILL,
        lines: vec![pos::RefundLineDraft { line_id: line.id, qty: line.qty, destination: pos::Destination::Waste }],
        reason: "Produit abîmé".into(),
        method: PayMethod::Cash,
    };
    let st = Stamp { actor: manager.actor(), now: now.to_string(), day };
    Ok(pos::ops::refund(tx, &st, manager, &d, None)?.done()?.id)
}
