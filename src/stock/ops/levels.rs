//! What each place holds against its thresholds, and what to buy.
//!
//! Status of a product at a place, the one definition the stock page, Alertes and the API share:
//! only a threshold that exists raises an alert (domain notes §3.7 and D-19: no default
//! threshold). At or below it: `rupture` when the place holds nothing, `bas` otherwise. Above
//! it, or without a threshold: `ok` (an empty place nobody set a minimum for is no alarm).
//!
//! Purchase suggestion (alerts): a product is in alert when at least one place is `bas` or
//! `rupture`. The quantity suggested brings the whole shop to twice the sum of the
//! product's thresholds: `2 × Σ thresholds − Σ held everywhere`, never below zero (when the
//! store room covers the lab, the suggestion is 0: transfer rather than buy). When the product
//! has packs, it is rounded up to whole packs of its largest pack. Suggestions are grouped by
//! the product's first supplier (by name); products without a supplier come last.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::catalog::allergen::fold;
use crate::catalog::{self, Product, UnitCost};
use crate::error::AppError;
use crate::money::Qty;
use crate::stock::{Balance, Location, store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Low,
    Out,
}

impl Status {
    /// What a place holding `held` is against its threshold, if it has one.
    pub fn of(held: Qty, threshold: Option<Qty>) -> Status {
        match threshold {
            Some(t) if held <= t && held.milli() <= 0 => Status::Out,
            Some(t) if held <= t => Status::Low,
            _ => Status::Ok,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Low => "bas",
            Status::Out => "rupture",
        }
    }
}

/// One product at one place.
#[derive(Debug, Clone)]
pub struct Level {
    pub product: Product,
    pub location_id: i64,
    pub held: Balance,
    pub threshold: Option<Qty>,
    pub pmp: UnitCost,
}

impl Level {
    pub fn status(&self) -> Status {
        Status::of(self.held.qty, self.threshold)
    }
}

/// The place the stock page opens on: the one holding the most products (the first in order
/// among equals), so a new shop whose store room is still empty opens where its goods are.
pub fn place_to_open(locations: &[Location], levels: &[Level]) -> Option<i64> {
    let held_at = |id: i64| levels.iter().filter(|l| l.location_id == id && l.held.qty.milli() > 0).count();
    let mut best: Option<(i64, usize)> = None;
    for l in locations {
        let n = held_at(l.id);
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((l.id, n));
        }
    }
    best.map(|(id, _)| id)
}

/// Every stock-tracked active product at every place it may live in or holds something in.
pub fn levels(conn: &Connection) -> Result<(Vec<Location>, Vec<Level>), AppError> {
    let locations = store::locations(conn)?;
    let balances: HashMap<(i64, i64), Balance> =
        store::all_balances(conn)?.into_iter().map(|(p, l, qty, value)| ((p, l), Balance { qty, value })).collect();
    let thresholds: HashMap<(i64, i64), Qty> =
        store::all_thresholds(conn)?.into_iter().map(|(p, l, q)| ((p, l), q)).collect();
    let pmps = store::pmps(conn)?;
    let mut out = Vec::new();
    for p in catalog::store::all_products(conn)? {
        for l in &locations {
            let held = balances.get(&(p.id, l.id)).copied().unwrap_or_default();
            let allowed = p.active && p.track_stock && p.kind.locations().contains(&l.kind.as_str());
            if !allowed && held.qty.is_zero() {
                continue;
            }
            out.push(Level {
                product: p.clone(),
                location_id: l.id,
                held,
                threshold: thresholds.get(&(p.id, l.id)).copied(),
                pmp: pmps.get(&p.id).copied().unwrap_or_default(),
            });
        }
    }
    Ok((locations, out))
}

/// The active products at or below a threshold, as `levels` would list them (a place their kind
/// may not live in only when it holds something): (product, place id, status). Read from the
/// thresholds alone, not from every product at every place (the owner's home: 25 % of its time
/// under `perf` went to `levels`).
pub fn low(conn: &Connection) -> Result<Vec<(String, i64, Status)>, AppError> {
    Ok(store::at_thresholds(conn)?
        .into_iter()
        .filter(|(_, kind, tracked, _, place_kind, held, _)| {
            let may_live = catalog::Kind::from_code(kind).is_some_and(|k| k.locations().contains(&place_kind.as_str()));
            (*tracked && may_live) || !held.is_zero()
        })
        .map(|(name, _, _, place, _, held, t)| (name, place, Status::of(held, Some(t))))
        .collect())
}

/// A product to buy.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub product: Product,
    /// (place, held, threshold) of each place below its threshold.
    pub low: Vec<(String, Qty, Qty)>,
    pub held_total: Qty,
    pub target: Qty,
    pub qty: Qty,
    /// (pack name, number of packs) when the product has packs.
    pub packs: Option<(String, i64)>,
}

/// Suggestions grouped by supplier: (supplier name or None, suggestions).
/// Suggestions of one supplier (`None`: products without a supplier).
pub type SupplierGroup = (Option<String>, Vec<Suggestion>);

pub fn suggestions(conn: &Connection) -> Result<Vec<SupplierGroup>, AppError> {
    let (locations, levels) = levels(conn)?;
    let name_of = |id: i64| locations.iter().find(|l| l.id == id).map(|l| l.name.clone()).unwrap_or_default();
    let mut by_product: Vec<(i64, Vec<&Level>)> = Vec::new();
    for l in &levels {
        match by_product.iter_mut().find(|(p, _)| *p == l.product.id) {
            Some((_, v)) => v.push(l),
            None => by_product.push((l.product.id, vec![l])),
        }
    }
    let packs = store::all_packs(conn)?;
    let suppliers = store::suppliers_of_products(conn)?;
    type Group = (Option<(i64, String)>, Vec<Suggestion>);
    let mut groups: Vec<Group> = Vec::new();
    for (product_id, ls) in by_product {
        let low: Vec<(String, Qty, Qty)> = ls
            .iter()
            .filter(|l| l.status() != Status::Ok)
            .filter_map(|l| l.threshold.map(|t| (name_of(l.location_id), l.held.qty, t)))
            .collect();
        if low.is_empty() {
            continue;
        }
        let product = ls[0].product.clone();
        // Nothing to buy for an archived or untracked product, even if some is left on a shelf.
        if !product.active || !product.track_stock {
            continue;
        }
        let thresholds: Qty = ls.iter().filter_map(|l| l.threshold).sum();
        let held_total = store::totals(conn, product_id)?.qty;
        let target = thresholds + thresholds;
        let need = if target > held_total { target - held_total } else { Qty::ZERO };
        let pack = packs.iter().filter(|(p, _, _)| *p == product_id).max_by_key(|(_, _, c)| c.milli());
        let (qty, packs_n) = match pack {
            Some((_, name, content)) if content.milli() > 0 && !need.is_zero() => {
                let n = (need.milli() + content.milli() - 1) / content.milli();
                (Qty::from_milli(n * content.milli()), Some((name.clone(), n)))
            }
            _ => (need, None),
        };
        let supplier = suppliers.iter().find(|(p, _, _)| *p == product_id).map(|(_, id, name)| (*id, name.clone()));
        let s = Suggestion { product, low, held_total, target, qty, packs: packs_n };
        match groups.iter_mut().find(|(g, _)| g.as_ref().map(|x| x.0) == supplier.as_ref().map(|x| x.0)) {
            Some((_, v)) => v.push(s),
            None => groups.push((supplier, vec![s])),
        }
    }
    groups.sort_by(|a, b| match (&a.0, &b.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => fold(&x.1).cmp(&fold(&y.1)),
    });
    Ok(groups.into_iter().map(|(s, v)| (s.map(|x| x.1), v)).collect())
}

/// The summary of one product: (place name, held) per place, and its PMP.
pub fn product_summary(conn: &Connection, product_id: i64) -> Result<(Vec<(String, Balance)>, UnitCost), AppError> {
    let mut out = Vec::new();
    for l in store::locations(conn)? {
        let b = store::balance(conn, product_id, l.id)?;
        if !b.qty.is_zero() {
            out.push((l.name, b));
        }
    }
    let pmp = crate::stock::pmp_of(store::totals(conn, product_id)?);
    Ok((out, pmp))
}
