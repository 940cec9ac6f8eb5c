//! Packaging consumed by a ticket, from one configuration model: rules per category or per
//! product (a product's own rules replace its category's). The pieces of one rule owner on a
//! ticket are packed together: the largest box as many times as needed, then the smallest box
//! that holds the rest. Weighed or poured items count one piece per line.

use std::collections::BTreeMap;

use rusqlite::Transaction;

use super::store;
use crate::accounting::{EntryDraft, LineDraft, account, stock_account};
use crate::catalog::{Kind, Product, Unit};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::stock::{self, MoveCtx, MoveKind};

/// A box for a range of pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min_pieces: i64,
    pub max_pieces: i64,
    pub packaging_id: i64,
}

/// How many of each box `pieces` need under `ranges`: (packaging id, count), in box order.
pub fn boxes(pieces: i64, ranges: &[Range]) -> Vec<(i64, i64)> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| r.max_pieces);
    let Some(largest) = sorted.last().copied() else { return Vec::new() };
    let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
    let mut left = pieces;
    while left > largest.max_pieces {
        *counts.entry(largest.packaging_id).or_default() += 1;
        left -= largest.max_pieces;
    }
    if left > 0 {
        let fit = sorted
            .iter()
            .find(|r| r.min_pieces <= left && left <= r.max_pieces)
            .or_else(|| sorted.iter().find(|r| r.max_pieces >= left))
            .unwrap_or(&largest);
        *counts.entry(fit.packaging_id).or_default() += 1;
    }
    counts.into_iter().collect()
}

fn pieces(p: &Product, qty: Qty) -> i64 {
    match p.unit {
        Unit::Piece => (qty.milli() + 999) / 1000,
        _ => 1,
    }
}

/// Takes the ticket's packaging out of the packaging store at the PMP and adds Dr 602 / Cr 32 to
/// the ticket's entry. What the store does not hold is recorded as missing: a box count off in the
/// books never stops a sale, and the shortfall shows on the ticket.
pub fn consume(
    tx: &Transaction,
    ctx: &MoveCtx,
    lines: &[(&Product, Qty)],
    entry: &mut EntryDraft,
) -> Result<(), AppError> {
    // Pieces per rule owner: (category or product) → (rules, pieces).
    let mut groups: BTreeMap<(bool, i64), (Vec<Range>, i64)> = BTreeMap::new();
    for (p, qty) in lines {
        let (category, rules) = store::packaging_rules(tx, p.id, p.category_id)?;
        if rules.is_empty() {
            continue;
        }
        let key = match category {
            Some(c) => (true, c),
            None => (false, p.id),
        };
        let g = groups.entry(key).or_insert_with(|| (rules, 0));
        g.1 += pieces(p, *qty);
    }
    if groups.is_empty() {
        return Ok(());
    }
    let Some(place) = store::location_of_kind(tx, "emballages")? else { return Ok(()) };
    let mut value = Money::ZERO;
    for (ranges, count) in groups.values() {
        for (packaging_id, n) in boxes(*count, ranges) {
            let want = Qty::whole(n);
            let held = stock::store::balance(tx, packaging_id, place)?.qty;
            let out = want.min(held);
            let v = if out.milli() > 0 {
                stock::ops::issue(
                    tx,
                    &MoveCtx { note: format!("{} (emballage)", ctx.note), ..ctx.clone() },
                    packaging_id,
                    place,
                    out,
                    MoveKind::Sale,
                )?
            } else {
                Money::ZERO
            };
            value += v;
            store::insert_packaging(tx, ctx.source_id, packaging_id, out, want - out, v)?;
        }
    }
    entry.add(LineDraft::debit(account::PACKAGING_USED, value, "Emballages"));
    entry.add(LineDraft::credit(stock_account(Kind::Consommable), value, "Emballages"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Range = Range { min_pieces: 1, max_pieces: 6, packaging_id: 1 };
    const LARGE: Range = Range { min_pieces: 7, max_pieces: 12, packaging_id: 2 };

    #[test]
    fn the_largest_box_as_often_as_needed_then_the_smallest_that_holds_the_rest() {
        let r = [LARGE, SMALL];
        assert_eq!(boxes(0, &r), vec![]);
        assert_eq!(boxes(1, &r), vec![(1, 1)]);
        assert_eq!(boxes(6, &r), vec![(1, 1)]);
        assert_eq!(boxes(7, &r), vec![(2, 1)]);
        assert_eq!(boxes(13, &r), vec![(1, 1), (2, 1)]);
        assert_eq!(boxes(30, &r), vec![(1, 1), (2, 2)]);
        assert_eq!(boxes(5, &[LARGE]), vec![(2, 1)], "no range fits 5: the smallest box that holds it");
    }
}
