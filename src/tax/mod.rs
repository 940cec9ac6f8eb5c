//! Taxes: the shop's regime as a dated setting — IFU (no TVA anywhere; the flat tax on turnover
//! at its dated rate is a figure for the declaration) or réel (TVA per product category at dated
//! rates) — and the droit de timbre on cash payments. Owns `tax_regimes`, `tva_rates`,
//! `stamp_duty_brackets` and the `tva_class` of a category. Every rate is a dated row with its
//! source (dz-law-facts §3.2–3.4), never a constant; a change applies from a date, never
//! backwards. The documents (receipts, invoices, entries) ask here what applies on their day.

pub mod check;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::AppError;
use crate::money::Money;

/// The account the TVA collected on sales is credited to.
pub const TVA_COLLECTED: &str = "4457";
/// The account the deductible TVA on purchases and expenses is debited to.
pub const TVA_DEDUCTIBLE: &str = "4456";
/// The account the droit de timbre collected on cash payments is credited to.
pub const STAMP_DUTY: &str = "44575";

/// The shop's tax regime on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// Impôt forfaitaire unique: no TVA on any document; `rate_bp` of the turnover is due.
    Ifu { rate_bp: u32 },
    /// Régime réel: TVA per product category, collected on sales, deducted on purchases.
    Reel,
}

impl Regime {
    pub fn code(self) -> &'static str {
        match self {
            Regime::Ifu { .. } => "ifu",
            Regime::Reel => "reel",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Regime::Ifu { .. } => "IFU (impôt forfaitaire unique)",
            Regime::Reel => "Régime réel (TVA)",
        }
    }

    pub fn from_parts(code: &str, ifu_rate_bp: u32) -> Option<Regime> {
        match code {
            "ifu" => Some(Regime::Ifu { rate_bp: ifu_rate_bp }),
            "reel" => Some(Regime::Reel),
            _ => None,
        }
    }

    /// Whether documents carry TVA lines under this regime.
    pub fn has_tva(self) -> bool {
        self == Regime::Reel
    }
}

/// The TVA class of a product category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TvaClass {
    /// Exempt: bread, flours, semolina.
    Exonere,
    /// The reduced rate.
    Reduit,
    /// The normal rate.
    Normal,
}

impl TvaClass {
    pub const ALL: &'static [TvaClass] = &[TvaClass::Exonere, TvaClass::Reduit, TvaClass::Normal];

    pub fn code(self) -> &'static str {
        match self {
            TvaClass::Exonere => "exonere",
            TvaClass::Reduit => "reduit",
            TvaClass::Normal => "normal",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TvaClass::Exonere => "Exonéré (pain, farines, semoules)",
            TvaClass::Reduit => "Taux réduit",
            TvaClass::Normal => "Taux normal",
        }
    }

    pub fn from_code(code: &str) -> Option<TvaClass> {
        TvaClass::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// One bracket of the droit de timbre: for a cash amount above `above`, `per_100` per 100 DA or
/// fraction of the whole amount, rounded up to the dinar, then bounded by `min` and `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StampBracket {
    pub above: Money,
    pub per_100: Money,
    pub min: Money,
    pub max: Option<Money>,
}

/// The regime in force on `day`.
pub fn regime_on(conn: &Connection, day: NaiveDate) -> Result<Regime, AppError> {
    let (code, rate) = store::regime_on(conn, &day.to_string())?
        .ok_or_else(|| AppError::rule(format!("Aucun régime fiscal n'est défini au {}.", day.format("%d/%m/%Y"))))?;
    Regime::from_parts(&code, rate)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("régime fiscal inconnu « {code} »")))
}

/// The TVA rate of a class on `day`, in basis points.
pub fn tva_bp_on(conn: &Connection, class: TvaClass, day: NaiveDate) -> Result<u32, AppError> {
    store::tva_bp_on(conn, class.code(), &day.to_string())?.ok_or_else(|| {
        AppError::rule(format!("Aucun taux de TVA « {} » n'est défini au {}.", class.label(), day.format("%d/%m/%Y")))
    })
}

/// The TVA rate of a product on `day`: `None` under IFU (no TVA on any document), its category's
/// rate under réel (a product without a category is taxed at the normal rate).
pub fn product_tva_bp(conn: &Connection, product_id: i64, day: NaiveDate) -> Result<Option<u32>, AppError> {
    if !regime_on(conn, day)?.has_tva() {
        return Ok(None);
    }
    let class =
        store::product_class(conn, product_id)?.and_then(|c| TvaClass::from_code(&c)).unwrap_or(TvaClass::Normal);
    tva_bp_on(conn, class, day).map(Some)
}

/// The TVA rates in force on `day` (0 % always among them), in basis points, lowest first.
pub fn rates_on(conn: &Connection, day: NaiveDate) -> Result<Vec<u32>, AppError> {
    let mut out = vec![0];
    for class in TvaClass::ALL {
        if let Some(bp) = store::tva_bp_on(conn, class.code(), &day.to_string())?
            && !out.contains(&bp)
        {
            out.push(bp);
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// Refuses beside `field` a rate a supplier's invoice cannot show on `day` (not one in force).
pub fn check_rate(
    conn: &Connection,
    bp: u32,
    day: NaiveDate,
    field: &str,
    e: &mut crate::error::FieldErrors,
) -> Result<(), AppError> {
    let rates = rates_on(conn, day)?;
    if !rates.contains(&bp) {
        let known = rates.iter().map(|r| pct_text(*r)).collect::<Vec<_>>().join(", ");
        e.add(
            field,
            format!(
                "Aucun taux de TVA de {} n'est en vigueur le {} (taux : {known}).",
                pct_text(bp),
                day.format("%d/%m/%Y")
            ),
        );
    }
    Ok(())
}

/// A rate as typed ("19", "19 %", "9,5"; empty is 0) in basis points; `None` when it is not one.
pub fn parse_rate(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    if t.is_empty() {
        return Some(0);
    }
    let v: rust_decimal::Decimal = t.parse().ok()?;
    let bp = v * rust_decimal::Decimal::from(100);
    if bp.fract() != rust_decimal::Decimal::ZERO
        || bp < rust_decimal::Decimal::ZERO
        || bp > rust_decimal::Decimal::from(10_000)
    {
        return None;
    }
    rust_decimal::prelude::ToPrimitive::to_u32(&bp)
}

/// The droit de timbre due on `cash_ttc` paid in cash on `day` (zero when no bracket applies).
pub fn stamp_duty(conn: &Connection, day: NaiveDate, cash_ttc: Money) -> Result<Money, AppError> {
    let brackets = store::stamp_brackets_on(conn, &day.to_string())?;
    Ok(stamp_duty_of(&brackets, cash_ttc))
}

/// The duty of `amount` under `brackets` (pure): the bracket with the highest `above` below the
/// amount applies to the whole amount (not marginally: 950 000 DA → 19 000 DA).
pub fn stamp_duty_of(brackets: &[StampBracket], amount: Money) -> Money {
    let Some(b) = brackets.iter().filter(|b| amount.cents() > b.above.cents()).max_by_key(|b| b.above.cents()) else {
        return Money::ZERO;
    };
    let hundreds = (amount.cents() + 9_999) / 10_000; // per 100 DA or fraction
    let duty = (hundreds * b.per_100.cents() + 99) / 100 * 100; // up to the dinar
    let duty = duty.max(b.min.cents());
    Money::from_cents(b.max.map_or(duty, |m| duty.min(m.cents())))
}

/// The TVA on an amount before tax, rounded to the centime (half up).
pub fn tva_of_ht(ht: Money, bp: u32) -> Money {
    Money::from_cents(div_round(ht.cents() * i64::from(bp), 10_000))
}

/// Splits an amount with tax included (the till's prices are TTC) into (HT, TVA): the HT is
/// rounded to the centime, the TVA is what is left, so HT + TVA = TTC exactly.
pub fn split_ttc(ttc: Money, bp: u32) -> (Money, Money) {
    let ht = div_round(ttc.cents() * 10_000, 10_000 + i64::from(bp));
    (Money::from_cents(ht), Money::from_cents(ttc.cents() - ht))
}

/// A rate in basis points as the French read it: "19 %", "9 %", "0,5 %".
pub fn pct_text(bp: u32) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    match frac {
        0 => format!("{whole} %"),
        f if f % 10 == 0 => format!("{whole},{} %", f / 10),
        f => format!("{whole},{f:02} %"),
    }
}

fn div_round(n: i64, d: i64) -> i64 {
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d.abs() { q + n.signum() * d.signum() } else { q }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn da(v: i64) -> Money {
        Money::from_da(v)
    }

    fn lf2025() -> Vec<StampBracket> {
        let b = |above: i64, per_100: i64| StampBracket {
            above: da(above),
            per_100: Money::from_cents(per_100),
            min: Money::ZERO,
            max: None,
        };
        vec![b(0, 0), b(300, 100), b(30_000, 150), b(100_000, 200)]
    }

    #[test]
    fn stamp_duty_applies_the_whole_amounts_bracket() {
        let b = lf2025();
        assert_eq!(stamp_duty_of(&b, da(300)), Money::ZERO, "up to 300 DA: exempt");
        assert_eq!(stamp_duty_of(&b, Money::from_cents(30_001)), da(4), "301 DA: 4 hundreds or fraction");
        assert_eq!(stamp_duty_of(&b, da(30_000)), da(300));
        assert_eq!(stamp_duty_of(&b, da(31_010)), da(467), "311 × 1,5 = 466,5 → 467 DA");
        assert_eq!(stamp_duty_of(&b, da(950_000)), da(19_000), "the circular's example");
    }

    #[test]
    fn stamp_duty_of_2023_has_its_floor_and_cap() {
        let b = [StampBracket { above: Money::ZERO, per_100: da(1), min: da(5), max: Some(da(10_000)) }];
        assert_eq!(stamp_duty_of(&b, da(120)), da(5));
        assert_eq!(stamp_duty_of(&b, da(2_000_000)), da(10_000));
        assert_eq!(stamp_duty_of(&b, Money::ZERO), Money::ZERO);
    }

    #[test]
    fn ttc_splits_exactly() {
        assert_eq!(split_ttc(da(119), 1900), (da(100), da(19)));
        assert_eq!(split_ttc(da(109), 900), (da(100), da(9)));
        assert_eq!(split_ttc(da(50), 0), (da(50), Money::ZERO));
        let (ht, tva) = split_ttc(Money::from_cents(1_234_567), 1900);
        assert_eq!(ht.cents() + tva.cents(), 1_234_567);
        assert_eq!(tva_of_ht(da(100), 1900), da(19));
        assert_eq!(tva_of_ht(Money::from_cents(333), 900), Money::from_cents(30));
    }

    #[test]
    fn a_typed_rate_reads_in_basis_points() {
        assert_eq!(parse_rate("19"), Some(1900));
        assert_eq!(parse_rate(" 9 % "), Some(900));
        assert_eq!(parse_rate("0,5"), Some(50));
        assert_eq!(parse_rate(""), Some(0));
        assert_eq!(parse_rate("dix"), None);
        assert_eq!(parse_rate("-1"), None);
        assert_eq!(parse_rate("150"), None);
    }

    #[test]
    fn rates_read_the_french_way() {
        assert_eq!(pct_text(1900), "19 %");
        assert_eq!(pct_text(50), "0,5 %");
        assert_eq!(pct_text(125), "1,25 %");
    }
}
