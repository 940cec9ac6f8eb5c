//! Packaging consumed by a ticket, from one configuration model: rules per category or per
//! product (a product's own rules replace its category's). The pieces of one rule owner on a
//! ticket are packed together: the largest box as many times as needed, then the smallest box
//! that holds the rest. Weighed or poured items count one piece per line.

use std::collections::BTreeMap;

use crate::pos::rules::{self, Range, boxes};

use rusqlite::Transaction;

use crate::accounting::{EntryDraft, LineDraft, account, stock_account};
use crate::catalog::{Kind, Product, Unit};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::pos::store;
use crate::stock::{self, MoveCtx, MoveKind};

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
        // A product's own rules replace its category's.
        let own = rules::store::rules_for_product(tx, p.id)?;
        let (key, ranges) = match (own.is_empty(), p.category_id) {
            (false, _) => ((false, p.id), own),
            (true, Some(c)) => ((true, c), rules::store::rules_for_category(tx, c)?),
            (true, None) => continue,
        };
        if ranges.is_empty() {
            continue;
        }
        let g = groups.entry(key).or_insert_with(|| (ranges, 0));
        g.1 += pieces(p, *qty);
    }
    if groups.is_empty() {
        return Ok(());
    }
    let Some(place) = crate::stock::store::location_of_kind(tx, "emballages")? else { return Ok(()) };
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
