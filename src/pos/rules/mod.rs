//! Till rules set by the gérante: packaging rules, discount and variance limits.
//!
//! Packaging: for each ticket, the pieces of one category are packed together — the largest box
//! as many times as needed, then the smallest box that holds the rest. A product's own rules
//! replace its category's. `boxes` is that rule, pure; the till calls it with
//! `store::rules_for_product` (or, when empty, `store::rules_for_category`).

pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use crate::money::Money;

/// One packaging rule: from `min_pieces` to `max_pieces` pieces, one `packaging_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min_pieces: i64,
    pub max_pieces: i64,
    pub packaging_id: i64,
}

/// The boxes for `total_pieces`, as (packaging product, count), largest first. `ranges` need
/// not be sorted. While more remains than the largest box holds, one largest box; then the
/// range with the smallest max ≥ the rest whose min ≤ the rest (if none, the smallest range
/// whose max ≥ the rest).
pub fn boxes(total_pieces: i64, ranges: &[Range]) -> Vec<(i64, i64)> {
    let mut sorted: Vec<Range> = ranges.iter().copied().filter(|r| r.max_pieces >= 1).collect();
    sorted.sort_by_key(|r| (r.max_pieces, r.min_pieces));
    let Some(largest) = sorted.last().copied() else { return Vec::new() };
    let mut out: Vec<(i64, i64)> = Vec::new();
    let mut add = |id: i64, n: i64| match out.iter_mut().find(|(p, _)| *p == id) {
        Some((_, c)) => *c += n,
        None => out.push((id, n)),
    };
    let mut remaining = total_pieces.max(0);
    if remaining > largest.max_pieces {
        let full = (remaining - 1) / largest.max_pieces;
        add(largest.packaging_id, full);
        remaining -= full * largest.max_pieces;
    }
    if remaining > 0 {
        let fits = sorted.iter().find(|r| r.max_pieces >= remaining && r.min_pieces <= remaining);
        let any = sorted.iter().find(|r| r.max_pieces >= remaining);
        if let Some(r) = fits.or(any) {
            add(r.packaging_id, 1);
        }
    }
    out
}

/// The till's limits, for the till and the closing screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TillRules {
    /// A discount above this % of the line or ticket needs a reason.
    pub discount_reason_pct: i64,
    /// A cash variance above this amount (either way) needs a comment at closing.
    pub variance_reason: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Range = Range { min_pieces: 1, max_pieces: 6, packaging_id: 10 };
    const LARGE: Range = Range { min_pieces: 7, max_pieces: 12, packaging_id: 20 };

    #[test]
    fn boxes_follow_the_rule() {
        let r = [LARGE, SMALL];
        assert_eq!(boxes(0, &r), vec![]);
        assert_eq!(boxes(1, &r), vec![(10, 1)]);
        assert_eq!(boxes(6, &r), vec![(10, 1)]);
        assert_eq!(boxes(7, &r), vec![(20, 1)]);
        assert_eq!(boxes(12, &r), vec![(20, 1)]);
        assert_eq!(boxes(13, &r), vec![(20, 1), (10, 1)]);
        assert_eq!(boxes(24, &r), vec![(20, 2)]);
        assert_eq!(boxes(31, &r), vec![(20, 3)]);
        assert_eq!(boxes(5, &[]), vec![]);
    }

    #[test]
    fn a_gap_falls_back_to_the_smallest_box_that_holds_the_rest() {
        // 1..2 and 5..10: 3 pieces fit no range's minimum → the 5..10 box.
        let r = [
            Range { min_pieces: 1, max_pieces: 2, packaging_id: 1 },
            Range { min_pieces: 5, max_pieces: 10, packaging_id: 2 },
        ];
        assert_eq!(boxes(3, &r), vec![(2, 1)]);
        assert_eq!(boxes(12, &r), vec![(2, 1), (1, 1)]);
    }
}
