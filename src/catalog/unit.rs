//! Base units and natural quantities. A product has one base unit (g, ml or pièce); people type
//! and read `2,5 kg`, `750 g`, `1,5 L`, `12 pièces`, and a quantity of another dimension than the
//! product's is refused (old defect: 10 kg typed into a pièce product gave 9 998 pieces).

use rust_decimal::Decimal;

use crate::money::Qty;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Gram,
    Milliliter,
    Piece,
}

impl Unit {
    pub const ALL: &'static [Unit] = &[Unit::Gram, Unit::Milliliter, Unit::Piece];

    /// Stored in `products.unit`.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Gram => "g",
            Unit::Milliliter => "ml",
            Unit::Piece => "piece",
        }
    }

    pub fn from_code(code: &str) -> Option<Unit> {
        match code.trim().to_lowercase().as_str() {
            "g" | "gramme" | "grammes" | "masse" | "kg" => Some(Unit::Gram),
            "ml" | "millilitre" | "volume" | "l" | "litre" => Some(Unit::Milliliter),
            "piece" | "pièce" | "pièces" | "pieces" | "pc" | "unité" | "u" => Some(Unit::Piece),
            _ => None,
        }
    }

    /// What the dimension is called in forms.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Gram => "Masse (g, kg)",
            Unit::Milliliter => "Volume (ml, L)",
            Unit::Piece => "Pièces",
        }
    }

    /// The unit prices and costs are read in: per kg, per L, per pièce.
    pub fn display_name(self) -> &'static str {
        match self {
            Unit::Gram => "kg",
            Unit::Milliliter => "L",
            Unit::Piece => "pièce",
        }
    }

    /// Base units in one display unit: 1 000 g in a kg, 1 000 ml in a L, 1 pièce.
    pub fn display_factor(self) -> i64 {
        match self {
            Unit::Gram | Unit::Milliliter => 1000,
            Unit::Piece => 1,
        }
    }

    fn dimension_name(self) -> &'static str {
        match self {
            Unit::Gram => "au poids (g, kg)",
            Unit::Milliliter => "au volume (ml, L)",
            Unit::Piece => "à la pièce",
        }
    }

    /// Reads a natural quantity for a product of this unit: `2,5 kg`, `750`, `12 pièces`.
    /// A bare number is in the base unit (g, ml, pièce).
    pub fn parse_qty(self, input: &str) -> Result<Qty, String> {
        let text = input.trim().to_lowercase();
        if text.is_empty() {
            return Err("Saisissez une quantité.".into());
        }
        let split = text.find(|c: char| c.is_alphabetic()).unwrap_or(text.len());
        let (number, suffix) = text.split_at(split);
        let suffix = suffix.trim().trim_end_matches('.');
        let (unit, factor) = match suffix {
            "" => (self, 1),
            "g" | "gr" | "gramme" | "grammes" => (Unit::Gram, 1),
            "kg" | "kilo" | "kilos" | "kilogramme" | "kilogrammes" => (Unit::Gram, 1000),
            "ml" | "millilitre" | "millilitres" => (Unit::Milliliter, 1),
            "cl" | "centilitre" | "centilitres" => (Unit::Milliliter, 10),
            "dl" => (Unit::Milliliter, 100),
            "l" | "litre" | "litres" => (Unit::Milliliter, 1000),
            "p" | "pc" | "pcs" | "pce" | "pièce" | "pièces" | "piece" | "pieces" | "u" | "unité" | "unités" => {
                (Unit::Piece, 1)
            }
            other => return Err(format!("Unité « {other} » inconnue (g, kg, ml, L ou pièces).")),
        };
        if unit != self {
            return Err(format!(
                "Ce produit se compte {} : « {} » ne convient pas.",
                self.dimension_name(),
                input.trim()
            ));
        }
        let cleaned: String = number
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let value: Decimal = cleaned.parse().map_err(|_| format!("« {} » n'est pas une quantité.", input.trim()))?;
        if value.is_sign_negative() {
            return Err("La quantité ne peut pas être négative.".into());
        }
        let too_big = || format!("Quantité trop grande : au plus 100 000 000 {}s.", self.base_name());
        let milli = value.checked_mul(Decimal::from(factor * 1000)).ok_or_else(too_big)?;
        if milli.normalize().scale() > 0 {
            return Err(format!("Trop de décimales : au plus le millième de {}.", self.base_name()));
        }
        // One bound for every quantity (`Qty::MAX`): a recipe yield or a purchase of 10¹² is a typo.
        let milli = i64::try_from(milli.normalize().mantissa()).map_err(|_| too_big())?;
        if milli > Qty::MAX.milli() {
            return Err(too_big());
        }
        Ok(Qty::from_milli(milli))
    }

    /// A positive quantity (a recipe line, a yield, a pack content).
    pub fn parse_positive(self, input: &str) -> Result<Qty, String> {
        let q = self.parse_qty(input)?;
        if q.is_zero() {
            return Err("La quantité doit être supérieure à zéro.".into());
        }
        Ok(q)
    }

    pub fn base_name(self) -> &'static str {
        match self {
            Unit::Gram => "gramme",
            Unit::Milliliter => "millilitre",
            Unit::Piece => "pièce",
        }
    }

    /// `2,5 kg`, `750 g`, `1,5 L`, `12 pièces`: the way people read quantities.
    pub fn format(self, qty: Qty) -> String {
        let milli = qty.milli();
        match self {
            Unit::Gram | Unit::Milliliter => {
                let (big, small) = if self == Unit::Gram { ("kg", "g") } else { ("L", "ml") };
                if milli.abs() >= 1_000_000 {
                    format!("{} {big}", Qty::from_milli(round_to(milli, 1000) / 1000))
                } else {
                    format!("{qty} {small}")
                }
            }
            Unit::Piece => {
                let plural = if milli.abs() > 1000 { "pièces" } else { "pièce" };
                format!("{qty} {plural}")
            }
        }
    }

    /// The text put back in an input: the same natural form, which `parse_qty` reads back.
    pub fn input_value(self, qty: Qty) -> String {
        self.format(qty)
    }
}

/// Rounds `v` to a multiple of `step`, half away from zero.
fn round_to(v: i64, step: i64) -> i64 {
    let half = step / 2;
    if v >= 0 { (v + half) / step * step } else { -((-v + half) / step * step) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_quantities_convert_exactly_to_base_units() {
        assert_eq!(Unit::Gram.parse_qty("2,5 kg"), Ok(Qty::whole(2_500)));
        assert_eq!(Unit::Gram.parse_qty("750 g"), Ok(Qty::whole(750)));
        assert_eq!(Unit::Gram.parse_qty("750"), Ok(Qty::whole(750)));
        assert_eq!(Unit::Gram.parse_qty("25kg"), Ok(Qty::whole(25_000)));
        assert_eq!(Unit::Gram.parse_qty("0,5 g"), Ok(Qty::from_milli(500)));
        assert_eq!(Unit::Milliliter.parse_qty("1,5 L"), Ok(Qty::whole(1_500)));
        assert_eq!(Unit::Milliliter.parse_qty("33 cl"), Ok(Qty::whole(330)));
        assert_eq!(Unit::Piece.parse_qty("12 pièces"), Ok(Qty::whole(12)));
        assert_eq!(Unit::Piece.parse_qty("1 000"), Ok(Qty::whole(1_000)));
    }

    #[test]
    fn a_quantity_of_another_dimension_is_refused() {
        let err = Unit::Piece.parse_qty("10 kg").unwrap_err();
        assert!(err.contains("à la pièce"), "{err}");
        assert!(Unit::Gram.parse_qty("1 L").is_err());
        assert!(Unit::Milliliter.parse_qty("3 pièces").is_err());
        assert!(Unit::Gram.parse_qty("3 tasses").unwrap_err().contains("inconnue"));
        assert!(Unit::Gram.parse_qty("-2 kg").is_err());
        assert!(Unit::Gram.parse_qty("abc").is_err());
        assert!(Unit::Gram.parse_qty("0,0001 g").is_err());
        assert!(Unit::Gram.parse_positive("0").is_err());
    }

    #[test]
    fn quantities_read_naturally() {
        assert_eq!(Unit::Gram.format(Qty::whole(2_500)), "2,5 kg");
        assert_eq!(Unit::Gram.format(Qty::whole(750)), "750 g");
        assert_eq!(Unit::Gram.format(Qty::whole(25_000)), "25 kg");
        assert_eq!(Unit::Gram.format(Qty::from_milli(6_666_667)), "6,667 kg");
        assert_eq!(Unit::Milliliter.format(Qty::whole(1_500)), "1,5 L");
        assert_eq!(Unit::Piece.format(Qty::whole(12)), "12 pièces");
        assert_eq!(Unit::Piece.format(Qty::whole(1)), "1 pièce");
        for (unit, q) in
            [(Unit::Gram, Qty::whole(2_500)), (Unit::Milliliter, Qty::whole(330)), (Unit::Piece, Qty::whole(12))]
        {
            assert_eq!(unit.parse_qty(&unit.input_value(q)), Ok(q), "{}", unit.input_value(q));
        }
    }
}
