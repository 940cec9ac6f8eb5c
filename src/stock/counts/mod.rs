//! Physical counts (inventaires). Opening a count snapshots what one location should hold of
//! every product allowed there; counters type what they find; validating books the variances
//! as `inventaire` moves (surpluses through `ops::gain` at the PMP, shortfalls through
//! `ops::issue` at the PMP) and one OD entry (658/758 against the stock accounts), all in one
//! transaction. Abandoning closes it without any effect. A closed count is frozen (triggers).
//!
//! Moves between opening and validating (the counter sells all day): the variance is computed
//! against what the ledger holds *at validation*, not against the snapshot, so a sale made
//! during the count is never booked twice. The review shows lines whose quantity moved since
//! the opening, so the manager can recount them before validating. Uncounted lines are left
//! as they are (no adjustment).

pub mod store;

use rusqlite::Transaction;

use super::{MoveCtx, MoveKind, ops};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::catalog::{self, Unit};
use crate::error::{AppError, FieldErrors};
use crate::money::{Money, Qty};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountStatus {
    Open,
    Validated,
    Abandoned,
}

impl CountStatus {
    pub fn code(self) -> &'static str {
        match self {
            CountStatus::Open => "ouvert",
            CountStatus::Validated => "valide",
            CountStatus::Abandoned => "abandonne",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CountStatus::Open => "En cours",
            CountStatus::Validated => "Validé",
            CountStatus::Abandoned => "Abandonné",
        }
    }

    pub fn from_code(code: &str) -> Option<CountStatus> {
        [CountStatus::Open, CountStatus::Validated, CountStatus::Abandoned].into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone)]
pub struct Count {
    pub id: i64,
    pub location_id: i64,
    pub location: String,
    pub status: CountStatus,
    pub note: String,
    pub opened_at: String,
    pub opened_by: Option<String>,
    pub closed_at: Option<String>,
    pub entry_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct CountLine {
    pub product_id: i64,
    pub name: String,
    pub unit: Unit,
    pub expected_qty: Qty,
    pub expected_value: Money,
    pub counted_qty: Option<Qty>,
    /// What the ledger held when the line was counted: the variance is measured against it.
    pub counted_book: Option<Qty>,
    /// Set at validation: the ledger figure booked against, and the variance booked.
    pub book_qty: Option<Qty>,
    pub variance_qty: Option<Qty>,
    pub variance_value: Option<Money>,
    /// What the ledger holds now (differs from `expected_qty` when the place moved since the opening).
    pub current_qty: Qty,
}

/// How far a counted line is from what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    None,
    /// From 5 % to 10 % ("normal" in the domain notes).
    Warn,
    /// Beyond 10 % ("critique"), or anything found where nothing was expected.
    High,
}

impl CountLine {
    /// The quantity the variance is measured against: the ledger when the line was counted
    /// (booked as such at validation), or now for a line not counted yet.
    pub fn reference_qty(&self) -> Qty {
        self.book_qty.or(self.counted_book).unwrap_or(self.current_qty)
    }

    pub fn variance(&self) -> Option<Qty> {
        self.variance_qty.or_else(|| self.counted_qty.map(|c| c - self.reference_qty()))
    }

    /// The variance valued at the snapshot's unit value (booked value once validated).
    pub fn variance_value_estimate(&self) -> Option<Money> {
        if let Some(v) = self.variance_value {
            return Some(v);
        }
        let diff = self.variance()?;
        if self.expected_qty.milli() <= 0 {
            return Some(Money::ZERO);
        }
        // Rounded like the ledger rounds the booked value.
        Some(crate::stock::share(self.expected_value, diff, self.expected_qty))
    }

    pub fn severity(&self) -> Severity {
        let Some(diff) = self.variance() else { return Severity::None };
        severity(diff, self.reference_qty())
    }

    pub fn moved_since_opening(&self) -> bool {
        self.book_qty.is_none() && self.current_qty != self.expected_qty
    }
}

/// Of the reference quantity: under 5 % → None, 5 % to 10 % → Warn, beyond 10 % → High (§3.8).
pub fn severity(diff: Qty, reference: Qty) -> Severity {
    if diff.is_zero() {
        return Severity::None;
    }
    if reference.milli() <= 0 {
        return Severity::High;
    }
    let ratio_bp = i128::from(diff.milli()).abs() * 10_000 / i128::from(reference.milli());
    if ratio_bp > 1_000 {
        Severity::High
    } else if ratio_bp >= 500 {
        Severity::Warn
    } else {
        Severity::None
    }
}

fn open_count(tx: &Transaction, id: i64) -> Result<Count, AppError> {
    let c = store::count(tx, id)?.ok_or(AppError::NotFound)?;
    if c.status != CountStatus::Open {
        return Err(AppError::rule(format!(
            "Cet inventaire est déjà {} : il ne se modifie plus.",
            c.status.label().to_lowercase()
        )));
    }
    Ok(c)
}

/// Opens a count of one location: a line per product allowed there (by the place's kind) that is
/// active and stock-tracked or still holds something there, with what the ledger shows now.
pub fn open(tx: &Transaction, actor: &Actor, location_id: i64, note: &str, now: &str) -> Result<i64, AppError> {
    let place = catalog::store::locations(tx)?.into_iter().find(|l| l.id == location_id);
    let Some(place) = place else {
        let mut e = FieldErrors::new();
        e.add("location_id", "Choisissez un lieu de stock.");
        return Err(AppError::Invalid(e));
    };
    if store::open_count_of(tx, location_id)?.is_some() {
        return Err(AppError::rule(format!(
            "Un inventaire de « {} » est déjà en cours : terminez-le d'abord.",
            place.name
        )));
    }
    let id = store::insert_count(tx, location_id, note.trim(), now, actor.user_id)?;
    let mut n = 0;
    for p in catalog::store::all_products(tx)? {
        let b = super::store::balance(tx, p.id, location_id)?;
        // Only products allowed in this kind of place; an archived one still holding stock is counted.
        let allowed = p.kind.locations().contains(&place.kind.as_str());
        if allowed && ((p.active && p.track_stock) || b.qty.milli() != 0) {
            store::insert_line(tx, id, p.id, b.qty, b.value)?;
            n += 1;
        }
    }
    audit::record(
        tx,
        actor,
        now,
        Event::new(
            AuditKind::StockMoved,
            "stock_counts",
            id,
            format!("Inventaire n° {id} de « {} » ouvert ({n} produits).", place.name),
        ),
    )?;
    Ok(id)
}

/// Records counted quantities as typed: (product id, text in natural units; empty = not counted).
/// Every bad line is refused beside its field and nothing is saved.
pub fn record(tx: &Transaction, count_id: i64, typed: &[(i64, String)]) -> Result<(), AppError> {
    let c = open_count(tx, count_id)?;
    let lines = store::lines(tx, count_id)?;
    let mut errors = FieldErrors::new();
    let mut parsed = Vec::new();
    for (product_id, text) in typed {
        let Some(line) = lines.iter().find(|l| l.product_id == *product_id) else {
            errors.add(&format!("count-{product_id}"), "Ce produit ne fait pas partie de cet inventaire.");
            continue;
        };
        if text.trim().is_empty() {
            parsed.push((*product_id, None));
            continue;
        }
        match line.unit.parse_qty(text) {
            Ok(q) if q.milli() < 0 => {
                errors.add(&format!("count-{product_id}"), "Une quantité comptée ne peut pas être négative.")
            }
            Ok(q) => parsed.push((*product_id, Some(q))),
            Err(e) => errors.add(&format!("count-{product_id}"), &e),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    for (product_id, q) in parsed {
        // The ledger figure now is what this count is compared with: sales made after the line
        // was counted are not surpluses. A line counted again keeps the figure of its new count.
        let unchanged = lines.iter().any(|l| l.product_id == product_id && l.counted_qty == q);
        if unchanged {
            continue;
        }
        let book = match q {
            Some(_) => Some(super::store::balance(tx, product_id, c.location_id)?.qty),
            None => None,
        };
        store::set_counted(tx, count_id, product_id, q, book)?;
    }
    Ok(())
}

/// Books the variance of every counted line — counted minus what the ledger held when it was
/// counted — on the stock as it is now, and closes the count.
pub fn validate(
    tx: &Transaction,
    actor: &Actor,
    count_id: i64,
    now: &str,
    day: chrono::NaiveDate,
) -> Result<(), AppError> {
    let c = open_count(tx, count_id)?;
    let lines = store::lines(tx, count_id)?;
    if lines.iter().all(|l| l.counted_qty.is_none()) {
        return Err(AppError::rule(
            "Aucune quantité n'a été comptée : saisissez au moins une ligne, ou abandonnez l'inventaire.",
        ));
    }
    let ctx = MoveCtx {
        at: now.into(),
        day,
        user_id: actor.user_id,
        source_type: "stock_count",
        source_id: count_id,
        note: c.note.clone(),
    };
    let title = format!("Inventaire n° {count_id} — {}", c.location);
    let mut entry = EntryDraft::new(Journal::Misc, day, title.clone(), "stock_count", count_id);
    let (mut gains, mut losses) = (Money::ZERO, Money::ZERO);
    for l in &lines {
        let Some(counted) = l.counted_qty else { continue };
        let now_held = super::store::balance(tx, l.product_id, c.location_id)?.qty;
        let book = store::counted_book(tx, count_id, l.product_id)?.unwrap_or(now_held);
        let diff = counted - book;
        let value = if diff.milli() > 0 {
            let p = catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
            let v = ops::gain(tx, &ctx, l.product_id, c.location_id, diff, MoveKind::Count)?;
            if v.cents() > 0 {
                entry.add(LineDraft::debit(stock_account(p.kind), v, &l.name));
                entry.add(LineDraft::credit(account::GAINS, v, &l.name));
            }
            gains += v;
            v
        } else if diff.milli() < 0 {
            let p = catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
            let v = ops::issue(tx, &ctx, l.product_id, c.location_id, -diff, MoveKind::Count)?;
            if v.cents() > 0 {
                entry.add(LineDraft::debit(account::LOSSES, v, &l.name));
                entry.add(LineDraft::credit(stock_account(p.kind), v, &l.name));
            }
            losses += v;
            -v
        } else {
            Money::ZERO
        };
        store::set_variance(tx, count_id, l.product_id, book, diff, value)?;
    }
    let entry_id = if entry.lines.len() >= 2 { Some(accounting::ops::post(tx, actor, &entry, now)?) } else { None };
    store::close(tx, count_id, CountStatus::Validated, now, actor.user_id, entry_id)?;
    audit::record(
        tx,
        actor,
        now,
        Event::new(
            AuditKind::StockMoved,
            "stock_counts",
            count_id,
            format!("{title} validé : écarts +{gains} / −{losses}."),
        ),
    )?;
    Ok(())
}

/// Closes an open count without any effect on the stock or the books.
pub fn abandon(tx: &Transaction, actor: &Actor, count_id: i64, now: &str) -> Result<(), AppError> {
    let c = open_count(tx, count_id)?;
    store::close(tx, count_id, CountStatus::Abandoned, now, actor.user_id, None)?;
    audit::record(
        tx,
        actor,
        now,
        Event::new(
            AuditKind::StockMoved,
            "stock_counts",
            count_id,
            format!("Inventaire n° {count_id} de « {} » abandonné.", c.location),
        ),
    )?;
    Ok(())
}
