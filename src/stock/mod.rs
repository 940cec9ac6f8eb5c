//! The stock ledger. Owns `stock_moves` (append-only: triggers refuse edits), `stock_balances`
//! (a cache of Σ moves per product and location, updated in the move's transaction) and
//! `stock_documents`. One weighted-average cost (PMP) per product = its total value ÷ its total
//! quantity over every location. A receipt moves value in at its cost; every issue moves value
//! out at the PMP, the last unit of a place taking what value is left (quantity 0 ⇔ value 0);
//! a transfer moves quantity and value together and leaves the PMP unchanged.

pub mod check;
pub mod counts;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use crate::catalog::{Unit, UnitCost};
use crate::error::FieldErrors;
use crate::money::{Money, Qty};

/// Why a move happened. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    Purchase,
    PurchaseCancel,
    SupplierReturn,
    TransferOut,
    TransferIn,
    Adjustment,
    Waste,
    Count,
    Sale,
    Refund,
    ProductionIn,
    ProductionOut,
    /// A production taken back: its product out, its ingredients back, at the values they moved.
    ProductionCancel,
    /// Value moved between places of one product so each holds its share at the PMP (quantity 0).
    Revaluation,
}

impl MoveKind {
    pub const ALL: &'static [MoveKind] = &[
        MoveKind::Purchase,
        MoveKind::PurchaseCancel,
        MoveKind::SupplierReturn,
        MoveKind::TransferOut,
        MoveKind::TransferIn,
        MoveKind::Adjustment,
        MoveKind::Waste,
        MoveKind::Count,
        MoveKind::Sale,
        MoveKind::Refund,
        MoveKind::ProductionIn,
        MoveKind::ProductionOut,
        MoveKind::ProductionCancel,
        MoveKind::Revaluation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MoveKind::Purchase => "achat",
            MoveKind::PurchaseCancel => "annulation_achat",
            MoveKind::SupplierReturn => "retour_fournisseur",
            MoveKind::TransferOut => "transfert_sortie",
            MoveKind::TransferIn => "transfert_entree",
            MoveKind::Adjustment => "correction",
            MoveKind::Waste => "perte",
            MoveKind::Count => "inventaire",
            MoveKind::Sale => "vente",
            MoveKind::Refund => "retour_client",
            MoveKind::ProductionIn => "production_entree",
            MoveKind::ProductionOut => "production_sortie",
            MoveKind::ProductionCancel => "annulation_production",
            MoveKind::Revaluation => "reevaluation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MoveKind::Purchase => "Achat reçu",
            MoveKind::PurchaseCancel => "Annulation d'achat",
            MoveKind::SupplierReturn => "Retour fournisseur",
            MoveKind::TransferOut => "Transfert (sortie)",
            MoveKind::TransferIn => "Transfert (entrée)",
            MoveKind::Adjustment => "Correction",
            MoveKind::Waste => "Perte",
            MoveKind::Count => "Inventaire",
            MoveKind::Sale => "Vente",
            MoveKind::Refund => "Retour client",
            MoveKind::ProductionIn => "Production",
            MoveKind::ProductionOut => "Consommation en production",
            MoveKind::ProductionCancel => "Annulation de production",
            MoveKind::Revaluation => "Réévaluation au PMP",
        }
    }

    pub fn from_code(code: &str) -> Option<MoveKind> {
        MoveKind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

/// Why stock was adjusted or lost. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Casse,
    Perime,
    Perte,
    Correction,
}

impl Reason {
    pub const ALL: &'static [Reason] = &[Reason::Casse, Reason::Perime, Reason::Perte, Reason::Correction];

    pub fn code(self) -> &'static str {
        match self {
            Reason::Casse => "casse",
            Reason::Perime => "perime",
            Reason::Perte => "perte",
            Reason::Correction => "correction",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::Casse => "Casse",
            Reason::Perime => "Périmé",
            Reason::Perte => "Perte",
            Reason::Correction => "Correction de saisie",
        }
    }

    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.iter().copied().find(|r| r.code() == code)
    }
}

/// A stock location (`locations`): a place of a kind (réserve, labo, comptoir, emballages);
/// which products may live there is decided by its kind (`catalog::Kind::locations`).
#[derive(Debug, Clone)]
pub struct Location {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The kind's code (see `Location::KINDS`).
    pub kind: String,
}

impl Location {
    /// The location kinds: (code, label).
    pub const KINDS: &[(&str, &str)] = &[
        ("reserve", "Réserve"),
        ("labo", "Laboratoire"),
        ("comptoir", "Comptoir"),
        ("emballages", "Emballages"),
        ("commandes", "Réservé commandes"),
    ];

    pub fn kind_label(code: &str) -> &str {
        Location::KINDS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or(code)
    }
}

/// What a place holds of a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    pub qty: Qty,
    pub value: Money,
}

/// One move as read back (the stock card).
#[derive(Debug, Clone)]
pub struct Move {
    pub id: i64,
    pub at: String,
    pub day: String,
    pub product_id: i64,
    pub location_id: i64,
    pub location: String,
    pub qty: Qty,
    pub value: Money,
    pub kind: String,
    pub source_type: String,
    pub source_id: i64,
    pub user: Option<String>,
    pub note: String,
}

/// Where a move comes from and when: the same for every move of one document.
#[derive(Debug, Clone)]
pub struct MoveCtx {
    pub at: String,
    pub day: chrono::NaiveDate,
    pub user_id: Option<i64>,
    pub source_type: &'static str,
    pub source_id: i64,
    pub note: String,
}

/// The two kinds of stock documents (`stock_documents.kind`). Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// From one place to another: quantity and value move together.
    Transfer,
    /// A loss (casse, périmé, perte) or a correction at one place, valued at the PMP.
    Adjustment,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Transfer => "transfert",
            DocumentKind::Adjustment => "ajustement",
        }
    }
}

/// A transfer or an adjustment as listed.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: i64,
    pub reason: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub note: String,
    pub at: String,
    pub user: Option<String>,
    /// For a transfer, the outgoing side (negative quantities).
    pub lines: Vec<DocumentLine>,
}

#[derive(Debug, Clone)]
pub struct DocumentLine {
    pub product: String,
    pub unit: crate::catalog::Unit,
    pub qty: Qty,
    pub value: Money,
}

/// Reads document rows as typed: (product id, quantity in the product's natural unit, signed
/// when `signed`). Each bad row gets its message beside its field.
pub fn parse_lines(
    lines: &[(String, String)],
    units: &[(i64, Unit)],
    signed: bool,
    errors: &mut FieldErrors,
) -> Vec<(i64, Qty)> {
    let mut out = Vec::new();
    for (i, (product, qty)) in lines.iter().enumerate() {
        let Some((id, unit)) = product.trim().parse::<i64>().ok().and_then(|id| units.iter().find(|(p, _)| *p == id))
        else {
            errors.add(&format!("line-{i}-product"), "Choisissez le produit.");
            continue;
        };
        let text = qty.trim();
        let (negative, text) = match text.strip_prefix(['-', '−']) {
            Some(rest) if signed => (true, rest),
            _ => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        match unit.parse_positive(text) {
            Ok(q) => out.push((*id, if negative { -q } else { q })),
            Err(e) => errors.add(&format!("line-{i}-qty"), e),
        }
    }
    if lines.is_empty() {
        errors.add("lines", "Ajoutez au moins un produit.");
    }
    out
}

/// Reads the unit values typed beside document rows (`costs[i]` beside `lines[i]`, per kg, L or
/// pièce; empty = none) as (product id, cost). A bad one gets its message beside its field.
pub fn parse_costs(
    lines: &[(String, String)],
    costs: &[String],
    units: &[(i64, Unit)],
    errors: &mut FieldErrors,
) -> Vec<(i64, UnitCost)> {
    let mut out = Vec::new();
    for (i, ((product, _), text)) in lines.iter().zip(costs).enumerate() {
        let unit = product.trim().parse::<i64>().ok().and_then(|id| units.iter().find(|(p, _)| *p == id));
        let (Some((id, unit)), false) = (unit, text.trim().is_empty()) else { continue };
        match UnitCost::parse(text, *unit) {
            Ok(c) => out.push((*id, c)),
            Err(e) => errors.add(&format!("line-{i}-cost"), e),
        }
    }
    out
}

/// The rows of an adjustment: a correction is signed (+ surplus, − shortfall); a loss (casse,
/// périmé, perte) is typed as the quantity lost, without a sign, and goes out.
pub fn adjustment_lines(
    lines: &[(String, String)],
    units: &[(i64, Unit)],
    reason: Option<Reason>,
    errors: &mut FieldErrors,
) -> Vec<(i64, Qty)> {
    let correction = reason == Some(Reason::Correction);
    let parsed = parse_lines(lines, units, correction, errors);
    if correction { parsed } else { parsed.into_iter().map(|(p, q)| (p, -q)).collect() }
}

/// The weighted average cost of a holding, in micro-dinars per base unit.
pub fn pmp_of(b: Balance) -> UnitCost {
    if b.qty.milli() <= 0 {
        return UnitCost(0);
    }
    // value (centimes) / qty (thousandths) → µDA per unit = cents × 10 000 × 1 000 / milli… kept exact in i128.
    // Rounded half away from zero, like every other figure (value and quantity are ≥ 0 here).
    let (num, den) = (i128::from(b.value.cents()) * 10_000 * 1_000, i128::from(b.qty.milli()));
    let micro = (2 * num + den) / (2 * den);
    UnitCost(i64::try_from(micro).unwrap_or(i64::MAX))
}

/// `qty` × `value` / `of`, rounded half away from zero to the centime.
pub fn share(value: Money, qty: Qty, of: Qty) -> Money {
    if of.milli() == 0 {
        return Money::ZERO;
    }
    let num = i128::from(value.cents()) * i128::from(qty.milli());
    let den = i128::from(of.milli());
    // Half away from zero, whatever the signs: round the magnitude, then put the sign back.
    let magnitude = (2 * num.abs() + den.abs()) / (2 * den.abs());
    let q = magnitude * num.signum() * den.signum();
    Money::from_cents(i64::try_from(q).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pmp_is_value_over_quantity_in_micro_dinars() {
        // 50 pieces worth 1 500 DA: 30 DA each.
        assert_eq!(pmp_of(Balance { qty: Qty::whole(50), value: Money::from_da(1_500) }), UnitCost(30_000_000));
        // 150 pieces worth 5 000 DA: 33,333333 DA.
        assert_eq!(pmp_of(Balance { qty: Qty::whole(150), value: Money::from_da(5_000) }), UnitCost(33_333_333));
        assert_eq!(pmp_of(Balance::default()), UnitCost(0));
    }

    #[test]
    fn shares_round_half_away_from_zero() {
        assert_eq!(share(Money::from_da(5_000), Qty::whole(80), Qty::whole(150)), Money::from_cents(266_667));
        assert_eq!(share(Money::from_cents(1), Qty::whole(1), Qty::whole(2)), Money::from_cents(1));
        // A shortage (negative quantity) rounds away from zero too: −0,5 centime → −1.
        assert_eq!(share(Money::from_cents(1), -Qty::whole(1), Qty::whole(2)), Money::from_cents(-1));
        assert_eq!(share(Money::from_cents(3), -Qty::whole(1), Qty::whole(2)), Money::from_cents(-2));
        assert_eq!(share(Money::from_da(10), Qty::whole(1), Qty::ZERO), Money::ZERO);
    }
}
