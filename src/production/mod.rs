//! Production: a quantity of a made product (semi-fini or fini) made from its recipe. Owns
//! `productions`. The recipe is exploded for the quantity asked (yield and loss included), each
//! ingredient leaves the recipe's place at its PMP, the product enters its destination at exactly
//! the value consumed, and one OD entry moves that value between the stock accounts, all in one
//! transaction. Production staff never see a value: the pages show quantities only.

pub mod check;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use crate::catalog::Unit;
use crate::error::FieldErrors;
use crate::money::Qty;

/// A production as typed: what, how much (in the product's base unit), where the goods go.
#[derive(Debug, Clone)]
pub struct ProductionDraft {
    pub product_id: i64,
    pub qty: Qty,
    /// The counter for finished goods, the lab for semi-finished ones.
    pub location_id: i64,
    /// One-time token: a replay answers the first production.
    pub token: Option<String>,
    pub note: String,
}

/// A production as typed on the page or sent to the API: the product and the destination as
/// ids in text, the quantity in the product's natural unit ("24 pièces", "5 kg").
#[derive(Debug, Clone, Default)]
pub struct TypedProduction {
    pub product: String,
    pub qty: String,
    pub location: String,
    pub note: String,
    pub token: Option<String>,
}

impl TypedProduction {
    pub fn product_id(&self) -> Option<i64> {
        self.product.trim().parse::<i64>().ok()
    }

    /// The draft, given the unit of the product named (None: no such product). Every bad field
    /// gets its message.
    pub fn parse(&self, unit: Option<Unit>) -> Result<ProductionDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        if unit.is_none() {
            errors.add("product_id", "Choisissez le produit à fabriquer.");
        }
        let qty = unit.and_then(|u| u.parse_positive(&self.qty).map_err(|e| errors.add("qty", e)).ok());
        let location = self
            .location
            .trim()
            .parse::<i64>()
            .map_err(|_| errors.add("location_id", "Choisissez la destination."))
            .ok();
        match (self.product_id(), qty, location) {
            (Some(product_id), Some(qty), Some(location_id)) => errors.into_result(ProductionDraft {
                product_id,
                qty,
                location_id,
                token: self.token.clone(),
                note: self.note.clone(),
            }),
            _ => Err(errors),
        }
    }
}

/// A production as listed (quantities only; the value is for the books).
#[derive(Debug, Clone)]
pub struct Production {
    pub id: i64,
    pub product_id: i64,
    pub product: String,
    pub unit: crate::catalog::Unit,
    pub qty: Qty,
    pub location: String,
    pub note: String,
    pub day: String,
    pub at: String,
    pub user: Option<String>,
    /// Taken back by `ops::cancel`.
    pub cancelled: bool,
}

/// What one line of a recipe needs for `qty` of the product: line × qty ÷ usable yield, where the
/// usable yield is the batch yield less the loss. Rounded half away from zero to the thousandth.
pub fn need(line_qty: Qty, qty: Qty, yield_qty: Qty, loss_bp: i64) -> Qty {
    let num = i128::from(line_qty.milli()) * i128::from(qty.milli()) * 10_000;
    let den = i128::from(yield_qty.milli()) * i128::from(10_000 - loss_bp);
    if den <= 0 {
        return Qty::ZERO;
    }
    let rounded = (2 * num + den) / (2 * den);
    Qty::from_milli(i64::try_from(rounded).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_galettes_from_a_batch_of_twelve_take_their_share_of_semoule() {
        // Yield 12, semoule 4 000 g: 20 galettes need 6 666,667 g.
        let n = need(Qty::whole(4_000), Qty::whole(20), Qty::whole(12), 0);
        assert_eq!(n, Qty::from_milli(6_666_667));
    }

    #[test]
    fn loss_makes_a_batch_need_more() {
        // 10 % loss: a batch of 10 really gives 9, so 9 pieces need the whole batch.
        assert_eq!(need(Qty::whole(1_000), Qty::whole(9), Qty::whole(10), 1_000), Qty::whole(1_000));
    }
}
