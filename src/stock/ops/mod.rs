//! Stock operations. The move functions here (`receive`, `issue`, `transfer`, `gain`, …) do the
//! ledger arithmetic, in the caller's transaction; the documents (`adjust`, `move_between`, in
//! `documents.rs`, re-exported) use them and post the entry that keeps the stock accounts equal
//! to the ledger's value. The locations' operations are in `locations.rs`; what each place
//! holds against its thresholds, and what to buy, in `levels.rs`.

mod costs;
mod documents;
pub mod levels;
pub mod locations;

pub use costs::*;
pub use documents::*;

use rusqlite::{Connection, Transaction};

use super::{Balance, Location, MoveCtx, MoveKind, store};
use super::{pmp_of, share};
use crate::catalog::{self, Product, UnitCost};
use crate::error::AppError;
use crate::money::{Money, Qty};

fn product(conn: &Connection, id: i64) -> Result<Product, AppError> {
    catalog::store::product(conn, id)?.ok_or(AppError::NotFound)
}

fn location(conn: &Connection, id: i64) -> Result<Location, AppError> {
    store::location(conn, id)?.ok_or_else(|| AppError::rule("Lieu de stock inconnu."))
}

/// Refuses a product in a place its kind does not live in (flour at the counter, cakes in the store room).
fn check_place(conn: &Connection, p: &Product, location_id: i64) -> Result<Location, AppError> {
    let l = location(conn, location_id)?;
    if !p.kind.locations().contains(&l.kind.as_str()) {
        return Err(AppError::rule(format!(
            "« {} » ({}) ne se range pas en « {} ».",
            p.name,
            p.kind.label().to_lowercase(),
            l.name
        )));
    }
    Ok(l)
}

/// Brings every place of a product to its share of the product's value at the PMP, after a
/// receipt (or its take-back) moved the PMP. Zero-quantity moves between places of one product:
/// the totals, the PMP and the stock account do not change, so nothing is posted. Without it a
/// place would keep older costs and issues there would be valued off the PMP.
pub fn revalue(tx: &Transaction, ctx: &MoveCtx, product_id: i64) -> Result<(), AppError> {
    let places = store::balances_of(tx, product_id)?;
    if places.len() < 2 {
        return Ok(());
    }
    let total = store::totals(tx, product_id)?;
    let mut targets: Vec<Money> = places.iter().map(|(_, b)| share(total.value, b.qty, total.qty)).collect();
    // The rounding remainder goes to the place holding the most.
    let remainder = total.value - targets.iter().copied().sum::<Money>();
    if let Some((i, _)) = places.iter().enumerate().max_by_key(|(_, (_, b))| b.qty) {
        targets[i] += remainder;
    }
    // Take value from the places above their share first, so no balance dips below zero.
    let mut deltas: Vec<(i64, Money)> =
        places.iter().zip(&targets).map(|((l, b), t)| (*l, *t - b.value)).filter(|(_, d)| d.cents() != 0).collect();
    deltas.sort_by_key(|(_, d)| *d);
    let moved = MoveCtx { note: "Réévaluation au PMP".into(), ..ctx.clone() };
    for (location, delta) in deltas {
        store::apply(tx, &moved, product_id, location, Qty::ZERO, delta, MoveKind::Revaluation)?;
    }
    Ok(())
}

/// Stock in, at its cost (purchase, production, count surplus). Quantity > 0, value ≥ 0.
pub fn receive(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    value: Money,
    kind: MoveKind,
) -> Result<(), AppError> {
    if qty.milli() <= 0 || value.is_negative() {
        return Err(AppError::Internal(anyhow::anyhow!("entrée de stock invalide : {qty} pour {value}")));
    }
    let p = product(tx, product_id)?;
    check_place(tx, &p, location_id)?;
    let before = store::totals(tx, product_id)?;
    store::apply(tx, ctx, product_id, location_id, qty, value, kind)?;
    revalue(tx, ctx, product_id)?;
    if kind == MoveKind::Purchase {
        // A receipt at another price moves the PMP: the catalogue's "what changed" shows its effect.
        let (old, new) = (pmp_of(before), pmp_of(store::totals(tx, product_id)?));
        if old != new {
            let old = (before.qty.milli() > 0).then_some(old).or(p.ref_cost);
            catalog::store::insert_cost_change_from(tx, product_id, &ctx.at, old, Some(new), ctx.user_id, "pmp")?;
        }
    }
    Ok(())
}

/// Stock out, valued at the product's PMP; the last of a place takes what value is left.
/// Refused, with what is left, when the place does not hold the quantity. Returns the value out.
pub fn issue(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    kind: MoveKind,
) -> Result<Money, AppError> {
    if qty.milli() <= 0 {
        return Err(AppError::Internal(anyhow::anyhow!("sortie de stock invalide : {qty}")));
    }
    let p = product(tx, product_id)?;
    let value = value_out(tx, &p, location_id, qty, "sortir")?;
    store::apply(tx, ctx, product_id, location_id, -qty, -value, kind)?;
    Ok(value)
}

/// What `qty` of a product leaving a place is worth: its share of the place's value (every place
/// is kept at the PMP, see `revalue`), the last of it taking what value is left. Refused, with
/// what is left, when the place does not hold that much (`verb`: what could not be done).
fn value_out(conn: &Connection, p: &Product, location_id: i64, qty: Qty, verb: &str) -> Result<Money, AppError> {
    let here = store::balance(conn, p.id, location_id)?;
    if here.qty < qty {
        let l = location(conn, location_id)?;
        return Err(AppError::rule(format!(
            "Il ne reste que {} de « {} » en « {} » : impossible d'en {verb} {}.",
            p.unit.format(here.qty),
            p.name,
            l.name,
            p.unit.format(qty)
        )));
    }
    Ok(if qty == here.qty { here.value } else { share(here.value, qty, here.qty) })
}

/// Takes back exactly what a receipt brought in (a cancelled purchase): the same quantity and the
/// same value, so the product's totals and PMP are what they would be without the receipt.
/// Refused, with the reason, when the place no longer holds that quantity or that value, or when
/// the exact value would leave value without quantity (the goods were consumed or moved).
pub fn unreceive(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    value: Money,
    kind: MoveKind,
) -> Result<(), AppError> {
    if qty.milli() <= 0 || value.is_negative() {
        return Err(AppError::Internal(anyhow::anyhow!("reprise de stock invalide : {qty} pour {value}")));
    }
    let p = product(tx, product_id)?;
    // Exact only if nothing left since the receipt: otherwise the older stock would lose value
    // (10 at 100 DA and 10 at 300 DA, 5 used, then the second receipt taken back → 5 worth 0).
    if store::outflow_since_receipt(tx, product_id, ctx.source_type, ctx.source_id)? {
        return Err(AppError::rule(format!(
            "Du stock de « {} » est sorti depuis cette réception (vente, perte, transfert, production) : \
             elle ne peut plus être reprise à l'identique. Faites plutôt un retour fournisseur.",
            p.name
        )));
    }
    let here = store::balance(tx, product_id, location_id)?;
    let left = Balance { qty: here.qty - qty, value: here.value - value };
    if left.qty.milli() < 0 || left.value.is_negative() || (left.qty.is_zero() && left.value.cents() != 0) {
        let l = location(tx, location_id)?;
        return Err(AppError::rule(format!(
            "« {} » en « {} » : il reste {} pour {}, la réception était de {} pour {}. \
             La marchandise a déjà été consommée ou déplacée : faites plutôt un retour fournisseur.",
            p.name,
            l.name,
            p.unit.format(here.qty),
            here.value,
            p.unit.format(qty),
            value
        )));
    }
    let before = store::totals(tx, product_id)?;
    store::apply(tx, ctx, product_id, location_id, -qty, -value, kind)?;
    revalue(tx, ctx, product_id)?;
    // Taking a receipt back moves the PMP back: "what changed" shows it like the receipt.
    let after = store::totals(tx, product_id)?;
    let (old, new) = (pmp_of(before), pmp_of(after));
    if old != new && after.qty.milli() > 0 {
        catalog::store::insert_cost_change_from(tx, product_id, &ctx.at, Some(old), Some(new), ctx.user_id, "pmp")?;
    }
    Ok(())
}

/// Quantity and value from one place to another; the product's totals and PMP do not change.
pub fn transfer(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    from: i64,
    to: i64,
    qty: Qty,
) -> Result<Money, AppError> {
    let p = product(tx, product_id)?;
    check_place(tx, &p, to)?;
    let value = value_out(tx, &p, from, qty, "transférer")?;
    store::apply(tx, ctx, product_id, from, -qty, -value, MoveKind::TransferOut)?;
    store::apply(tx, ctx, product_id, to, qty, value, MoveKind::TransferIn)?;
    Ok(value)
}

/// A surplus found (count, correction): valued at the known cost (the PMP of what the product
/// holds, else its reference cost), else at the value typed for it (`typed`); refused, with the
/// value to propose, when there is neither. Returns the value in.
pub fn gain(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    kind: MoveKind,
    typed: Option<UnitCost>,
) -> Result<Money, AppError> {
    let p = product(tx, product_id)?;
    let Some(cost) = entry_cost(tx, &p, typed)? else {
        return Err(AppError::rule(missing_cost_message(tx, &p)?));
    };
    let value = cost.times(qty);
    receive(tx, ctx, product_id, location_id, qty, value, kind)?;
    Ok(value)
}
