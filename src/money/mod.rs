//! Exact amounts and quantities. Money is an integer of centimes (1 DA = 100); a quantity is an
//! integer of thousandths of a product's base unit (g, ml or pièce). No float anywhere: parsing,
//! formatting and the one rounding rule (half away from zero, once per line) live here.

mod words;
pub use words::in_words;

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rust_decimal::{Decimal, RoundingStrategy};

/// An amount in Algerian dinars, stored as centimes. May be negative (variances, balances).
/// In JSON (parked carts, print jobs), the plain integer of centimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

/// A quantity in thousandths of the product's base unit (1 kg = 1 000 000, 1 pièce = 1 000).
/// In JSON, the plain integer of thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Qty(i64);

/// Why a typed amount or quantity was refused; the text goes beside the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("Saisissez un nombre.")]
    Empty,
    #[error("« {0} » n'est pas un nombre.")]
    NotANumber(String),
    #[error("Le nombre ne peut pas être négatif.")]
    Negative,
    #[error("Au plus {0} décimales.")]
    TooPrecise(u32),
    /// Beyond the bound of its kind (`Money::MAX`, `Qty::MAX`); the text says the bound.
    #[error("Au plus {0}.")]
    TooLarge(&'static str),
}

/// Reads what a person types: `1 234,50`, `1234.5`, `12`, `-3`, with spaces as thousands separators.
fn parse_decimal(input: &str, max_scale: u32) -> Result<Decimal, ParseError> {
    let cleaned: String = input
        .trim()
        .trim_end_matches("DA")
        .trim_end_matches("da")
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Err(ParseError::Empty);
    }
    let valid =
        cleaned.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && matches!(c, '-' | '+')))
            && cleaned.chars().filter(|c| *c == '.').count() <= 1
            && cleaned.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(ParseError::NotANumber(input.trim().to_string()));
    }
    // Digits beyond what a Decimal holds are far beyond any bound: "too large" for every kind.
    let d: Decimal = cleaned.parse().map_err(|_| ParseError::NotANumber(input.trim().to_string()))?;
    let d = d.normalize();
    if d.scale() > max_scale {
        return Err(ParseError::TooPrecise(max_scale));
    }
    Ok(d)
}

/// The number in minor units, refused beyond `max` (either sign) with `bound` as the message.
fn to_units(d: Decimal, per_unit: i64, max: i64, bound: &'static str) -> Result<i64, ParseError> {
    let scaled = d.checked_mul(Decimal::from(per_unit)).ok_or(ParseError::TooLarge(bound))?;
    i64::try_from(scaled.trunc().mantissa())
        .ok()
        .filter(|v| v.unsigned_abs() <= max.unsigned_abs())
        .ok_or(ParseError::TooLarge(bound))
}

/// A count as the pages print it, digits grouped by three: 125300 → "125 300".
pub fn count_text(n: i64) -> String {
    let grouped = group_thousands(n.unsigned_abs());
    if n < 0 { format!("-{grouped}") } else { grouped }
}

/// Groups digits by three with a space: 1234567 → "1 234 567".
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// The largest amount one field may hold, either sign: 100 000 000 DA (10¹⁰ centimes). A
    /// bakery's biggest document (a year of flour, a bank deposit) is far below it, a typo of a
    /// few extra zeros is above it, and a million such amounts still sum inside an `i64`
    /// (9.2 × 10¹⁸): with every input bounded, the sums of the books cannot overflow.
    pub const MAX: Money = Money(10_000_000_000);
    const MAX_TEXT: &'static str = "100 000 000 DA";

    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    pub const fn from_da(da: i64) -> Money {
        Money(da * 100)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// A price or a payment: not negative, at most two decimals.
    pub fn parse(input: &str) -> Result<Money, ParseError> {
        let m = Money::parse_signed(input)?;
        if m.0 < 0 {
            return Err(ParseError::Negative);
        }
        Ok(m)
    }

    /// An amount that may be negative (an adjustment, a counted variance).
    pub fn parse_signed(input: &str) -> Result<Money, ParseError> {
        parse_decimal(input, 2).and_then(|d| to_units(d, 100, Money::MAX.0, Money::MAX_TEXT)).map(Money)
    }

    /// An amount that came as a number (the till's JSON): refused beyond the bound, as typed ones are.
    pub fn bounded(self) -> Result<Money, ParseError> {
        if self.0.unsigned_abs() > Money::MAX.0.unsigned_abs() {
            return Err(ParseError::TooLarge(Money::MAX_TEXT));
        }
        Ok(self)
    }

    /// Beyond the bound: only an amount stored before the bound existed (`fournil check` lists them).
    pub fn is_absurd(self) -> bool {
        self.bounded().is_err()
    }

    /// Price per base unit × quantity, rounded half away from zero to the centime, once, here.
    pub fn times(self, qty: Qty) -> Money {
        let exact = Decimal::from(self.0) * Decimal::from(qty.0) / Decimal::from(1000);
        let rounded = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        // Bounded inputs keep this inside an i64 (10¹⁰ × 10¹¹ / 10³); beyond, it saturates (see Add).
        let saturated = if rounded.is_sign_negative() { i64::MIN } else { i64::MAX };
        Money(i64::try_from(rounded.mantissa()).unwrap_or(saturated))
    }

    /// The plain number as typed back into a form: `1234,50` (no grouping, no currency).
    pub fn input_value(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{},{:02}", abs / 100, abs % 100)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

/// `1 234,50 DA`: French grouping, comma decimals, always two of them.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{},{:02} DA", group_thousands(abs / 100), abs % 100)
    }
}

// Arithmetic saturates instead of panicking (debug) or wrapping (release). Every input is bounded
// (`MAX`), so no sum of real documents comes near the limits; an amount stored before the bounds
// existed cannot turn a page into a 500, and `fournil check` lists it ("montant hors borne").
impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        *self = *self - rhs;
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl Qty {
    pub const ZERO: Qty = Qty(0);

    /// The largest quantity one field may hold, either sign: 100 000 000 base units (100 t of
    /// flour in grams, 100 000 L in ml, a hundred million pieces); 10¹¹ thousandths. Times the
    /// largest price per unit it stays inside an `i64`.
    pub const MAX: Qty = Qty(100_000_000_000);
    const MAX_TEXT: &'static str = "100 000 000 unités";

    pub const fn from_milli(milli: i64) -> Qty {
        Qty(milli)
    }

    /// A whole number of base units: `Qty::whole(12)` is twelve pieces (or 12 g).
    pub const fn whole(units: i64) -> Qty {
        Qty(units * 1000)
    }

    pub const fn milli(self) -> i64 {
        self.0
    }

    /// A quantity as typed, in base units: `2,5`, `750`, `1 000`. Not negative, at most 3 decimals.
    pub fn parse(input: &str) -> Result<Qty, ParseError> {
        let q = Qty::parse_signed(input)?;
        if q.0 < 0 {
            return Err(ParseError::Negative);
        }
        Ok(q)
    }

    pub fn parse_signed(input: &str) -> Result<Qty, ParseError> {
        parse_decimal(input, 3).and_then(|d| to_units(d, 1000, Qty::MAX.0, Qty::MAX_TEXT)).map(Qty)
    }

    /// A quantity that came as a number (the till's JSON): refused beyond the bound.
    pub fn bounded(self) -> Result<Qty, ParseError> {
        if self.0.unsigned_abs() > Qty::MAX.0.unsigned_abs() {
            return Err(ParseError::TooLarge(Qty::MAX_TEXT));
        }
        Ok(self)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

/// `1 234,5`: the number of base units, without trailing zeros; the unit is the caller's.
impl fmt::Display for Qty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let frac = abs % 1000;
        write!(f, "{sign}{}", group_thousands(abs / 1000))?;
        if frac != 0 {
            let digits = format!("{frac:03}");
            write!(f, ",{}", digits.trim_end_matches('0'))?;
        }
        Ok(())
    }
}

impl Add for Qty {
    type Output = Qty;
    fn add(self, rhs: Qty) -> Qty {
        Qty(self.0.saturating_add(rhs.0))
    }
}
impl Sub for Qty {
    type Output = Qty;
    fn sub(self, rhs: Qty) -> Qty {
        Qty(self.0.saturating_sub(rhs.0))
    }
}
impl Neg for Qty {
    type Output = Qty;
    fn neg(self) -> Qty {
        Qty(self.0.saturating_neg())
    }
}
impl Sum for Qty {
    fn sum<I: Iterator<Item = Qty>>(iter: I) -> Qty {
        iter.fold(Qty::ZERO, |a, b| a + b)
    }
}

macro_rules! integer_sql {
    ($t:ident) => {
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_i64().map($t)
            }
        }
    };
}
integer_sql!(Money);
integer_sql!(Qty);

/// In templates, `(price)` prints the amount; no view formats money by hand.
impl maud::Render for Money {
    fn render(&self) -> maud::Markup {
        maud::html! { span.money.negative[self.0 < 0] { (self.to_string()) } }
    }
}

/// An amount typed in a form field: blank is `None` (an error beside the field when `required`),
/// else a number of dinars ≥ 0 (an error beside the field otherwise).
pub fn field(e: &mut crate::error::FieldErrors, name: &str, text: &str, required: bool) -> Option<Money> {
    let t = text.trim();
    if t.is_empty() {
        if required {
            e.add(name, "Indiquez un montant.");
        }
        return None;
    }
    match Money::parse(t) {
        Ok(m) if !m.is_negative() => Some(m),
        _ => {
            e.add(name, "Montant invalide : tapez un nombre de dinars, par exemple 300 ou 1 250,50.");
            None
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn counts_read_with_their_thousands_apart() {
        assert_eq!(super::count_text(125_300), "125 300");
        assert_eq!(super::count_text(261), "261");
        assert_eq!(super::count_text(-1_000), "-1 000");
    }

    use super::*;

    #[test]
    fn money_parses_what_a_cashier_types() {
        assert_eq!(Money::parse("1 234,50"), Ok(Money::from_cents(123_450)));
        assert_eq!(Money::parse("1234.5"), Ok(Money::from_cents(123_450)));
        assert_eq!(Money::parse("12"), Ok(Money::from_cents(1_200)));
        assert_eq!(Money::parse("1\u{a0}000 DA"), Ok(Money::from_cents(100_000)));
        assert_eq!(Money::parse("0,05"), Ok(Money::from_cents(5)));
        assert_eq!(Money::parse_signed("-15 913"), Ok(Money::from_cents(-1_591_300)));
    }

    #[test]
    fn money_refuses_what_is_not_an_amount() {
        assert_eq!(Money::parse(""), Err(ParseError::Empty));
        assert_eq!(Money::parse("  "), Err(ParseError::Empty));
        assert!(matches!(Money::parse("12a"), Err(ParseError::NotANumber(_))));
        assert!(matches!(Money::parse("1,2,3"), Err(ParseError::NotANumber(_))));
        assert!(matches!(Money::parse("-"), Err(ParseError::NotANumber(_))));
        assert_eq!(Money::parse("-5"), Err(ParseError::Negative));
        assert_eq!(Money::parse("1,234"), Err(ParseError::TooPrecise(2)));
        assert_eq!(Money::parse("99999999999999999999"), Err(ParseError::TooLarge("100 000 000 DA")));
        assert_eq!(Money::parse("100 000 000,01"), Err(ParseError::TooLarge("100 000 000 DA")));
        assert_eq!(Money::parse("100 000 000"), Ok(Money::MAX));
        assert!(Money::parse("9".repeat(40).as_str()).is_err());
    }

    #[test]
    fn money_formats_the_french_way() {
        assert_eq!(Money::from_cents(123_450).to_string(), "1 234,50 DA");
        assert_eq!(Money::from_cents(5).to_string(), "0,05 DA");
        assert_eq!(Money::from_cents(100_000_000).to_string(), "1 000 000,00 DA");
        assert_eq!(Money::from_cents(-1_591_300).to_string(), "-15 913,00 DA");
        assert_eq!(Money::from_cents(123_450).input_value(), "1234,50");
    }

    #[test]
    fn line_amount_rounds_once_half_away_from_zero() {
        // 1,15 DA per gram × 0,5 g = 0,575 → 0,58
        let price = Money::parse("1,15").unwrap();
        assert_eq!(price.times(Qty::parse("0,5").unwrap()), Money::from_cents(58));
        // 40 DA per piece × 3 pieces
        assert_eq!(Money::from_da(40).times(Qty::whole(3)), Money::from_da(120));
        // a negative amount rounds away from zero too
        assert_eq!(Money::from_cents(-115).times(Qty::from_milli(500)), Money::from_cents(-58));
    }

    #[test]
    fn quantities_are_thousandths_of_a_base_unit() {
        assert_eq!(Qty::parse("2,5"), Ok(Qty::from_milli(2_500)));
        assert_eq!(Qty::parse("25 000"), Ok(Qty::whole(25_000)));
        assert_eq!(Qty::parse("0,001"), Ok(Qty::from_milli(1)));
        assert_eq!(Qty::parse("0,0001"), Err(ParseError::TooPrecise(3)));
        assert_eq!(Qty::parse("-1"), Err(ParseError::Negative));
        assert_eq!(Qty::from_milli(2_500).to_string(), "2,5");
        assert_eq!(Qty::whole(25_000).to_string(), "25 000");
        assert_eq!(Qty::from_milli(-1_250).to_string(), "-1,25");
        assert_eq!(Qty::whole(2) + Qty::from_milli(500) - Qty::whole(1), Qty::from_milli(1_500));
    }

    #[test]
    fn quantities_are_bounded() {
        assert_eq!(Qty::parse("100 000 000"), Ok(Qty::MAX));
        assert_eq!(Qty::parse("1000000000000"), Err(ParseError::TooLarge("100 000 000 unités")));
        assert!(Qty::from_milli(i64::MAX).bounded().is_err());
        assert!(Money::from_cents(i64::MIN).bounded().is_err());
        assert_eq!(Money::MAX.times(Qty::MAX), Money::from_cents(1_000_000_000_000_000_000));
    }

    #[test]
    fn arithmetic_saturates_instead_of_panicking() {
        let huge = Money::from_cents(i64::MAX);
        assert_eq!(huge + huge, huge);
        assert_eq!(-huge - huge, Money::from_cents(i64::MIN));
        assert_eq!([huge, huge].into_iter().sum::<Money>(), huge);
        assert_eq!(Money::from_cents(i64::MIN).times(Qty::whole(2)), Money::from_cents(i64::MIN));
        assert!(huge.is_absurd() && !Money::MAX.is_absurd());
    }

    #[test]
    fn sums_stay_exact() {
        let total: Money = (0..1000).map(|_| Money::from_cents(10)).sum();
        assert_eq!(total, Money::from_da(100));
    }
}
