//! Pricing a cart: every line from the catalogue, discounts, what the counter lacks. The till
//! screen shows a quote; a checkout records one.

use std::collections::BTreeMap;

use crate::cash::Till;
use crate::catalog::{self, Product};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::pos::{Cart, line_amount};
use crate::stock;

pub(crate) fn sellable(tx: &rusqlite::Connection, product_id: i64) -> Result<(Product, Money), AppError> {
    let unknown = || {
        let mut e = AppError::refused("unknown_product", format!("Produit n° {product_id} inconnu ou pas à vendre."));
        if let AppError::Refused { detail, .. } = &mut e {
            detail.insert("product_id".into(), product_id.to_string());
        }
        e
    };
    let p = catalog::store::product(tx, product_id)?.filter(|p| p.active).ok_or_else(unknown)?;
    if !p.kind.is_sold() {
        return Err(unknown());
    }
    let price = p.sale_price.ok_or_else(|| {
        AppError::refused("no_price", format!("« {} » n'a pas de prix de vente : la gérante doit le fixer.", p.name))
    })?;
    Ok((p, price))
}

/// What the counter holds of a stock-tracked product; None when the product is not tracked.
pub fn available(conn: &rusqlite::Connection, till: &Till, p: &Product) -> Result<Option<Qty>, AppError> {
    if !p.track_stock {
        return Ok(None);
    }
    Ok(Some(stock::store::balance(conn, p.id, till.location_id)?.qty))
}

/// Splits a ticket discount over the lines in proportion to what each still costs; the rounding
/// remainder goes to the largest line.
fn spread(discount: Money, nets: &[Money]) -> Vec<Money> {
    let base: Money = nets.iter().copied().sum();
    if discount.cents() == 0 || base.cents() == 0 {
        return vec![Money::ZERO; nets.len()];
    }
    let mut parts: Vec<Money> = nets
        .iter()
        .map(|n| {
            Money::from_cents(
                i64::try_from(i128::from(discount.cents()) * i128::from(n.cents()) / i128::from(base.cents()))
                    .unwrap_or(0),
            )
        })
        .collect();
    // The centimes the floors left go to the largest lines first, never beyond a line's net
    // (the discount never exceeds the sum of the nets, so they all find a place).
    let mut rest = discount - parts.iter().copied().sum::<Money>();
    let mut order: Vec<usize> = (0..nets.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(nets[i]));
    for i in order {
        let room = nets[i] - parts[i];
        let give = if rest < room { rest } else { room };
        parts[i] += give;
        rest -= give;
    }
    parts
}

/// The percentage `part` is of `of`, rounded up (5,01 % counts as more than 5 %).
fn pct(part: Money, of: Money) -> i64 {
    if of.cents() <= 0 {
        return if part.cents() > 0 { 100 } else { 0 };
    }
    (part.cents() * 100 + of.cents() - 1) / of.cents()
}

/// A cart priced from the catalogue: what the till shows and what a checkout records.
#[derive(Debug, Clone)]
pub struct Quote {
    pub lines: Vec<QuotedLine>,
    pub gross: Money,
    /// Lines' discounts plus the ticket's.
    pub discount: Money,
    pub total: Money,
    /// The largest discount given, in % of a line or of the ticket.
    pub worst_pct: i64,
    /// Products the counter does not hold enough of.
    pub shortages: Vec<Shortage>,
}

#[derive(Debug, Clone)]
pub struct QuotedLine {
    pub product: Product,
    pub price: Money,
    pub qty: Qty,
    pub gross: Money,
    pub line_discount: Money,
    /// Its share of the ticket's discount.
    pub ticket_share: Money,
}

impl QuotedLine {
    pub fn discount(&self) -> Money {
        self.line_discount + self.ticket_share
    }
    pub fn total(&self) -> Money {
        self.gross - self.discount()
    }
}

#[derive(Debug, Clone)]
pub struct Shortage {
    pub product_id: i64,
    pub name: String,
    pub unit: crate::catalog::Unit,
    pub left: Qty,
    pub wanted: Qty,
}

impl Shortage {
    pub fn message(&self) -> String {
        format!(
            "Stock insuffisant : il ne reste que {} de « {} » au comptoir (demandé : {}).",
            self.unit.format(self.left),
            self.name,
            self.unit.format(self.wanted)
        )
    }

    pub fn refusal(&self) -> AppError {
        AppError::Refused {
            code: "insufficient_stock",
            message: self.message(),
            detail: BTreeMap::from([
                ("product_id".into(), self.product_id.to_string()),
                ("product".into(), self.name.clone()),
                ("available".into(), self.left.milli().to_string()),
                ("requested".into(), self.wanted.milli().to_string()),
            ]),
        }
    }
}

/// Prices a cart at a till: every line from the catalogue, the discounts (lines first, then the
/// ticket's, spread over the lines), and what the counter lacks. Refuses what no till could sell.
pub fn quote(conn: &rusqlite::Connection, till: &Till, cart: &Cart) -> Result<Quote, AppError> {
    let mut lines: Vec<QuotedLine> = Vec::with_capacity(cart.lines.len());
    // (index of the product's first line, Σ quantity over its lines)
    let mut wanted: Vec<(usize, Qty)> = Vec::new();
    for l in &cart.lines {
        let (p, price) = sellable(conn, l.product_id)?;
        if l.qty.milli() <= 0 || l.qty.bounded().is_err() {
            return Err(AppError::refused("bad_quantity", format!("Quantité invalide pour « {} ».", p.name)));
        }
        let gross = line_amount(price, p.unit, l.qty);
        if l.discount.is_negative() || l.discount > gross || l.discount.bounded().is_err() {
            return Err(AppError::refused("bad_discount", format!("Remise invalide sur « {} ».", p.name)));
        }
        match wanted.iter_mut().find(|w| lines[w.0].product.id == p.id) {
            Some(w) => w.1 = w.1 + l.qty,
            None => wanted.push((lines.len(), l.qty)),
        }
        lines.push(QuotedLine {
            product: p,
            price,
            qty: l.qty,
            gross,
            line_discount: l.discount,
            ticket_share: Money::ZERO,
        });
    }
    let mut shortages = Vec::new();
    for (first, want) in &wanted {
        let p = &lines[*first].product;
        if let Some(left) = available(conn, till, p)?
            && left < *want
        {
            shortages.push(Shortage { product_id: p.id, name: p.name.clone(), unit: p.unit, left, wanted: *want });
        }
    }
    let gross: Money = lines.iter().map(|l| l.gross).sum();
    let nets: Vec<Money> = lines.iter().map(|l| l.gross - l.line_discount).collect();
    let after_lines: Money = nets.iter().copied().sum();
    if cart.discount.is_negative() || cart.discount > after_lines {
        return Err(AppError::refused("bad_discount", "La remise du ticket dépasse son montant."));
    }
    for (l, share) in lines.iter_mut().zip(spread(cart.discount, &nets)) {
        l.ticket_share = share;
    }
    let discount = gross - after_lines + cart.discount;
    let worst_pct = lines
        .iter()
        .map(|l| pct(l.line_discount, l.gross))
        .chain(std::iter::once(pct(discount, gross)))
        .max()
        .unwrap_or(0);
    Ok(Quote { lines, gross, discount, total: gross - discount, worst_pct, shortages })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_discount_is_spread_whole_and_never_beyond_a_line() {
        let nets = [Money::from_cents(1000), Money::from_cents(5), Money::from_cents(5)];
        let parts = spread(Money::from_cents(1009), &nets);
        assert_eq!(parts.iter().copied().sum::<Money>(), Money::from_cents(1009));
        assert!(parts.iter().zip(&nets).all(|(p, n)| p <= n), "{parts:?}");
        let parts = spread(Money::from_da(10), &[Money::from_da(30), Money::from_da(70)]);
        assert_eq!(parts, vec![Money::from_da(3), Money::from_da(7)]);
    }
}
