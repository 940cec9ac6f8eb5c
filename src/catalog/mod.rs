//! The catalogue: what the bakery buys, makes and sells, and how. Owns `categories`, `products`,
//! `product_packs`, `barcodes`, `product_thresholds`, `product_photos`, `recipes`, `recipe_lines`,
//! `cost_changes` and `pending_imports`. Units, packs and costs are exact: quantities are
//! thousandths of a base unit, unit costs are micro-dinars per base unit (never 2-decimal
//! per-gram prices), and one costing function (`cost.rs`) serves every screen and the API.

pub mod allergen;
pub mod check;
pub mod cost;
pub mod import;
pub mod ops;
pub mod store;
pub mod unit;
pub mod views;
pub mod web;

use std::fmt;

use rust_decimal::Decimal;

pub use allergen::{Allergen, Allergens};
pub use unit::Unit;

use crate::money::{Money, Qty};

/// The five kinds of product. Codes are stored: never change a released one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Bought, used by recipes (flour, butter, eggs).
    Ingredient,
    /// Made by a recipe and used by other recipes (a dough, a cream).
    SemiFini,
    /// Made by a recipe and sold (a cake, a bread).
    Fini,
    /// Bought and sold as is (drinks).
    Revente,
    /// Boxes, trays, bags.
    Consommable,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[Kind::Ingredient, Kind::SemiFini, Kind::Fini, Kind::Revente, Kind::Consommable];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Ingredient => "ingredient",
            Kind::SemiFini => "semi_fini",
            Kind::Fini => "fini",
            Kind::Revente => "revente",
            Kind::Consommable => "consommable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Ingredient => "Ingrédient",
            Kind::SemiFini => "Semi-fini",
            Kind::Fini => "Produit fini",
            Kind::Revente => "Revente",
            Kind::Consommable => "Consommable",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        let c = code.trim().to_lowercase();
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == c || k.label().to_lowercase() == c || (c == "semi-fini" && *k == Kind::SemiFini))
    }

    /// Sold at the till: it has a sale price.
    pub fn is_sold(self) -> bool {
        matches!(self, Kind::Fini | Kind::Revente)
    }

    /// Made by a recipe.
    pub fn has_recipe(self) -> bool {
        matches!(self, Kind::SemiFini | Kind::Fini)
    }

    /// May be a line of someone else's recipe.
    pub fn usable_in_recipes(self) -> bool {
        matches!(self, Kind::Ingredient | Kind::SemiFini)
    }

    /// Bought from suppliers: packs and a reference cost make sense.
    pub fn is_bought(self) -> bool {
        matches!(self, Kind::Ingredient | Kind::Revente | Kind::Consommable)
    }

    /// Carries its own allergens (made products inherit theirs from their recipe).
    pub fn declares_allergens(self) -> bool {
        matches!(self, Kind::Ingredient | Kind::Revente)
    }

    /// The location codes a product of this kind may be stored in (first = default).
    pub fn locations(self) -> &'static [&'static str] {
        match self {
            Kind::Ingredient => &["reserve", "labo"],
            Kind::SemiFini => &["labo"],
            // "commandes": made for a named customer, kept apart until handed over (orders).
            Kind::Fini => &["comptoir", "labo", "commandes"],
            // "commandes": bought-in goods out with a deliveryman ("En livraison", deliveries).
            Kind::Revente => &["reserve", "comptoir", "commandes"],
            Kind::Consommable => &["emballages", "reserve"],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A cost per base unit (g, ml or pièce) in micro-dinars: 0,06 DA/g is 60 000.
/// Six decimals of a dinar per gram keep pack prices exact (1 499 DA / 25 kg = 59 960 µDA/g).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UnitCost(pub i64);

impl UnitCost {
    /// A cost typed per kg, L or pièce (`60`, `0,8`, `1 375,5`), at most 4 decimals, into µDA per base unit.
    pub fn parse(text: &str, unit: Unit) -> Result<UnitCost, String> {
        let cleaned: String = text
            .trim()
            .trim_end_matches("DA")
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let d: Decimal = cleaned.parse().map_err(|_| format!("« {} » n'est pas un montant.", text.trim()))?;
        if d.is_sign_negative() {
            return Err("Le coût ne peut pas être négatif.".into());
        }
        if d.normalize().scale() > 4 {
            return Err("Au plus 4 décimales.".into());
        }
        // The bound of every amount (`Money::MAX`), for a cost per kg, L or pièce.
        if d > Decimal::from(Money::MAX.cents() / 100) {
            return Err("Au plus 100 000 000 DA.".into());
        }
        Ok(UnitCost::from_dinars(d / Decimal::from(unit.display_factor())))
    }

    pub fn dinars(self) -> Decimal {
        Decimal::new(self.0, 6)
    }

    /// From dinars per base unit, rounded half away from zero to the micro-dinar.
    pub fn from_dinars(d: Decimal) -> UnitCost {
        let micro = (d * Decimal::from(1_000_000))
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        UnitCost(i64::try_from(micro.mantissa()).unwrap_or(i64::MAX))
    }

    /// The cost of a quantity, rounded once to the centime.
    pub fn times(self, qty: Qty) -> Money {
        money_of(self.dinars() * Decimal::new(qty.milli(), 3))
    }

    /// Per natural unit (kg, L, pièce), as people read it.
    pub fn per_display_unit(self, unit: Unit) -> Decimal {
        self.dinars() * Decimal::from(unit.display_factor())
    }

    /// The form value of a cost: per kg, L or pièce, comma decimals (what `parse` reads back).
    pub fn input_text(self, unit: Unit) -> String {
        self.per_display_unit(unit).round_dp(4).normalize().to_string().replace('.', ",")
    }
}

/// Rounds to a whole number, half away from zero: the one rounding rule, for quantities too.
pub fn round_whole(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Dinars (exact) → Money, rounded half away from zero to the centime.
pub fn money_of(dinars: Decimal) -> Money {
    let cents =
        (dinars * Decimal::from(100)).round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    Money::from_cents(i64::try_from(cents.mantissa()).unwrap_or(i64::MAX))
}

/// `60,00 DA/kg`: a cost per base unit shown per natural unit, with 2 to 4 decimals.
pub fn format_unit_cost(cost: UnitCost, unit: Unit) -> String {
    let per = cost.per_display_unit(unit);
    let rounded = per.round_dp(4).normalize();
    let scale = rounded.scale().max(2);
    let text = format!("{:.*}", scale as usize, rounded);
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let int_val: i64 = int.trim_start_matches('-').parse().unwrap_or(0);
    let sign = if per.is_sign_negative() && !per.is_zero() { "-" } else { "" };
    let grouped = Money::from_da(int_val).to_string();
    let grouped = grouped.trim_end_matches(",00 DA");
    format!("{sign}{grouped},{frac} DA/{}", unit.display_name())
}

/// A purchase pack converted to base units: how many base units and at what cost each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackPurchase {
    pub base_qty: Qty,
    pub unit_cost: UnitCost,
    pub value: Money,
}

/// `count` packs of `content` base units each, bought at `price_per_pack`: exact conversion.
/// 2 × Sac 25 kg at 1 500 DA → 50 000 g at 0,06 DA/g, line value 3 000 DA.
pub fn pack_purchase(count: Qty, content: Qty, price_per_pack: Money) -> PackPurchase {
    let packs = Decimal::new(count.milli(), 3);
    let base = Decimal::new(content.milli(), 3) * packs;
    let value = Decimal::new(price_per_pack.cents(), 2) * packs;
    let unit_cost = if base.is_zero() { UnitCost(0) } else { UnitCost::from_dinars(value / base) };
    let base_milli = round_whole(base * Decimal::from(1000));
    PackPurchase {
        base_qty: Qty::from_milli(i64::try_from(base_milli.mantissa()).unwrap_or(i64::MAX)),
        unit_cost,
        value: money_of(value),
    }
}

/// A product as the catalogue keeps it.
#[derive(Debug, Clone)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub reference: Option<String>,
    pub kind: Kind,
    pub category_id: Option<i64>,
    pub category: Option<String>,
    pub unit: Unit,
    /// Per pièce, per kg or per L (see `Unit::display_factor`).
    pub sale_price: Option<Money>,
    pub ref_cost: Option<UnitCost>,
    pub allergens: Allergens,
    pub track_stock: bool,
    pub active: bool,
    pub description: String,
    pub has_photo: bool,
    pub photo_hash: Option<String>,
    /// Where purchases are received (None: the first place its kind may live in).
    pub receive_location_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub position: i64,
    pub color: String,
    pub at_till: bool,
    pub products: i64,
    /// Its TVA class under the réel regime (`tax::TvaClass` code: exonere, reduit, normal).
    pub tva_class: String,
}

#[derive(Debug, Clone)]
pub struct Pack {
    pub id: i64,
    pub product_id: i64,
    pub name: String,
    pub content: Qty,
}

#[derive(Debug, Clone)]
pub struct Barcode {
    pub code: String,
    pub product_id: i64,
    pub pack_id: Option<i64>,
}

/// A recipe: one batch of `yield_qty` of its product, losing `loss_bp` basis points on the way.
#[derive(Debug, Clone)]
pub struct Recipe {
    pub product_id: i64,
    pub yield_qty: Qty,
    /// Loss in hundredths of a percent (250 = 2,5 %): the usable yield is reduced by it.
    pub loss_bp: i64,
    pub location_id: i64,
    pub method: String,
    pub lines: Vec<RecipeLine>,
}

#[derive(Debug, Clone)]
pub struct RecipeLine {
    pub ingredient_id: i64,
    pub qty: Qty,
    pub note: String,
}

impl Recipe {
    /// What one batch really gives after loss.
    pub fn usable_yield(&self) -> Decimal {
        Decimal::new(self.yield_qty.milli(), 3) * (Decimal::ONE - Decimal::new(self.loss_bp, 4))
    }
}

/// Loss typed as a percentage: `2,5` → 250 basis points. Between 0 and 90 %.
pub fn parse_loss(input: &str) -> Result<i64, String> {
    let t = input.trim().trim_end_matches('%').trim();
    if t.is_empty() {
        return Ok(0);
    }
    let d: Decimal = t.replace(',', ".").parse().map_err(|_| format!("« {t} » n'est pas un pourcentage."))?;
    if d.is_sign_negative() || d > Decimal::from(90) {
        return Err("Une perte entre 0 et 90 %.".into());
    }
    if d.normalize().scale() > 2 {
        return Err("Au plus 2 décimales.".into());
    }
    Ok(i64::try_from(round_whole(d * Decimal::from(100)).mantissa()).unwrap_or(0))
}

pub fn format_loss(bp: i64) -> String {
    let d = Decimal::new(bp, 2).normalize();
    d.to_string().replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_sacks_of_25_kg_at_1500_da_are_50_000_g_at_6_centimes_exactly() {
        let p = pack_purchase(Qty::whole(2), Qty::whole(25_000), Money::from_da(1_500));
        assert_eq!(p.base_qty, Qty::whole(50_000));
        assert_eq!(p.unit_cost, UnitCost(60_000));
        assert_eq!(p.unit_cost.dinars(), Decimal::new(6, 2));
        assert_eq!(p.value, Money::from_da(3_000));
        // No rounding loss: the goods are worth exactly what was paid.
        assert_eq!(p.unit_cost.times(p.base_qty), p.value);
        assert_eq!(format_unit_cost(p.unit_cost, Unit::Gram), "60,00 DA/kg");
    }

    #[test]
    fn awkward_pack_prices_keep_six_decimals_per_gram() {
        let p = pack_purchase(Qty::whole(1), Qty::whole(25_000), Money::from_da(1_499));
        assert_eq!(p.unit_cost, UnitCost(59_960));
        assert_eq!(p.unit_cost.times(Qty::whole(25_000)), Money::from_da(1_499));
        let eggs = pack_purchase(Qty::whole(3), Qty::whole(30), Money::from_da(620));
        assert_eq!(eggs.base_qty, Qty::whole(90));
        assert_eq!(format_unit_cost(eggs.unit_cost, Unit::Piece), "20,6667 DA/pièce");
    }

    #[test]
    fn kinds_know_their_codes_and_rules() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(*k));
        }
        assert_eq!(Kind::from_code("Semi-fini"), Some(Kind::SemiFini));
        assert!(Kind::Fini.is_sold() && !Kind::Ingredient.is_sold());
        assert!(!Kind::Fini.usable_in_recipes());
        assert!(!Kind::Fini.locations().contains(&"reserve") || Kind::Fini.locations()[0] == "comptoir");
    }

    #[test]
    fn loss_is_a_percentage_with_two_decimals() {
        assert_eq!(parse_loss("2,5"), Ok(250));
        assert_eq!(parse_loss("5 %"), Ok(500));
        assert_eq!(parse_loss(""), Ok(0));
        assert!(parse_loss("95").is_err());
        assert!(parse_loss("-1").is_err());
        assert!(parse_loss("abc").is_err());
        assert_eq!(format_loss(250), "2,5");
    }
}
