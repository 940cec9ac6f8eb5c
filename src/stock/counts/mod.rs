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

pub mod ops;
pub mod store;

use crate::catalog::{Unit, UnitCost};
use crate::error::FieldErrors;
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

/// What the count page's buttons ask for. Saving and validating both record the typed
/// quantities first; abandoning ignores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountAction {
    Save,
    Validate,
    Abandon,
}

/// What the count page or the API typed: quantities counted and unit values of surpluses, each
/// (product id, text; empty = none).
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub counted: Vec<(i64, String)>,
    pub costs: Vec<(i64, String)>,
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
    /// The unit value typed for a surplus of a product with no known cost (µDA per base unit).
    pub entry_cost: Option<UnitCost>,
    /// Whether the product has a known cost now (it holds stock somewhere, or has a reference
    /// cost): a surplus enters at it. Otherwise a surplus needs `entry_cost`.
    pub cost_known: bool,
    /// For a product with no known cost, the value the page proposes (see `stock::ops::proposals`).
    pub proposal: Option<UnitCost>,
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

/// Reads counted quantities as typed: (product id, text in natural units; empty = not counted)
/// against the count's lines. Every bad line gets its message beside its field.
pub fn parse_counted(lines: &[CountLine], typed: &[(i64, String)]) -> Result<Vec<(i64, Option<Qty>)>, FieldErrors> {
    parse_per_line(lines, typed, "count", |line, text| match line.unit.parse_qty(text) {
        Ok(q) if q.milli() < 0 => Err("Une quantité comptée ne peut pas être négative.".to_string()),
        Ok(q) => Ok(q),
        Err(e) => Err(e.to_string()),
    })
}

/// Reads the unit values typed for surpluses: (product id, text per kg, L or pièce; empty = none)
/// against the count's lines. Every bad value gets its message beside its field (`cost-<id>`).
pub fn parse_costs(lines: &[CountLine], typed: &[(i64, String)]) -> Result<Vec<(i64, Option<UnitCost>)>, FieldErrors> {
    parse_per_line(lines, typed, "cost", |line, text| UnitCost::parse(text, line.unit).map_err(|e| e.to_string()))
}

/// One typed value per product of the count (`<prefix>-<id>`): empty is none, a product outside
/// the count or a value `read` refuses gets its message beside its field.
fn parse_per_line<T>(
    lines: &[CountLine],
    typed: &[(i64, String)],
    prefix: &str,
    read: impl Fn(&CountLine, &str) -> Result<T, String>,
) -> Result<Vec<(i64, Option<T>)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut parsed = Vec::new();
    for (product_id, text) in typed {
        let field = format!("{prefix}-{product_id}");
        let Some(line) = lines.iter().find(|l| l.product_id == *product_id) else {
            errors.add(&field, "Ce produit ne fait pas partie de cet inventaire.");
            continue;
        };
        if text.trim().is_empty() {
            parsed.push((*product_id, None));
            continue;
        }
        match read(line, text) {
            Ok(v) => parsed.push((*product_id, Some(v))),
            Err(e) => errors.add(&field, e),
        }
    }
    errors.into_result(parsed)
}
