//! The IRG withheld on a month's salary (LF 2022 art. 31, CIDTA art. 104), from the rates in force:
//!
//! ```text
//! barème(R)  = Σ over the bands of the part of R inside the band × its rate
//! IRG₁       = barème(R) − clamp(abatement % × barème(R), min, max)
//! IRG        = 0                                   if R ≤ exemption (30 000 DA)
//!            = IRG₁ × 137/51 − 27 925/8 DA         if exemption < R < smoothing end (35 000 DA)
//!            = IRG₁                                otherwise
//! ```
//! Every step is exact (integers in hundred-millionths of a centime); the result is rounded once,
//! to the centime, half away from zero. The constants are the rates' data, not this file's.

/// One band of the barème: from `from` (centimes a month) the rate is `bp` basis points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Band {
    pub from: i64,
    pub bp: i64,
}

/// What the IRG of a month needs from the rates.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IrgRules {
    /// Ascending; below the first band the rate is 0.
    pub bands: Vec<Band>,
    pub abatement_bp: i64,
    pub abatement_min: i64,
    pub abatement_max: i64,
    pub exempt_upto: i64,
    pub smooth_upto: i64,
    pub smooth_mul: (i64, i64),
    /// Centimes, as a fraction (27 925/8 DA = 2 792 500/8 centimes).
    pub smooth_sub: (i64, i64),
}

/// One centime in the exact unit.
const UNIT: i128 = 100_000_000;

/// The barème's tax of `taxable` centimes, in the exact unit.
fn bareme_exact(taxable: i64, bands: &[Band]) -> i128 {
    let mut total: i128 = 0;
    for (i, b) in bands.iter().enumerate() {
        let upper = bands.get(i + 1).map(|n| n.from).unwrap_or(i64::MAX);
        let part = taxable.min(upper) - b.from;
        if part > 0 {
            // centimes × bp = 1/10 000 of a centime; × 10 000 more = the exact unit.
            total += i128::from(part) * i128::from(b.bp) * 10_000;
        }
    }
    total
}

/// `num / den` rounded half away from zero (`den` > 0).
fn round_div(num: i128, den: i128) -> i128 {
    if num >= 0 { (2 * num + den) / (2 * den) } else { -((2 * -num + den) / (2 * den)) }
}

fn round_to_cents(exact: i128) -> i64 {
    round_div(exact, UNIT) as i64
}

/// The barème's tax before abatement, in centimes (rounded): what the fact sheet's tables show.
pub fn bareme(taxable: i64, rules: &IrgRules) -> i64 {
    round_to_cents(bareme_exact(taxable, &rules.bands))
}

/// The IRG of a month's taxable pay (centimes), in centimes.
pub fn irg(taxable: i64, rules: &IrgRules) -> i64 {
    if taxable <= rules.exempt_upto {
        return 0;
    }
    let tax = bareme_exact(taxable, &rules.bands);
    let abatement = (tax * i128::from(rules.abatement_bp) / 10_000)
        .clamp(i128::from(rules.abatement_min) * UNIT, i128::from(rules.abatement_max) * UNIT);
    let first = (tax - abatement).max(0);
    if taxable >= rules.smooth_upto {
        return round_to_cents(first);
    }
    let (mn, md) = (i128::from(rules.smooth_mul.0), i128::from(rules.smooth_mul.1));
    let (sn, sd) = (i128::from(rules.smooth_sub.0), i128::from(rules.smooth_sub.1));
    // first × mn/md − sn/sd centimes, over one denominator, rounded once.
    let numerator = first * mn * sd - sn * UNIT * md;
    (round_div(numerator, md * sd * UNIT) as i64).max(0)
}

/// `taxable` rounded down to the 10 DA, as the DGI's table reads it (a setting of the rates).
pub fn down_to_ten_dinars(taxable: i64) -> i64 {
    taxable - taxable.rem_euclid(1_000)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The rates of LF 2022, as seeded.
    pub(crate) fn lf2022() -> IrgRules {
        IrgRules {
            bands: vec![
                Band { from: 2_000_000, bp: 2300 },
                Band { from: 4_000_000, bp: 2700 },
                Band { from: 8_000_000, bp: 3000 },
                Band { from: 16_000_000, bp: 3300 },
                Band { from: 32_000_000, bp: 3500 },
            ],
            abatement_bp: 4000,
            abatement_min: 100_000,
            abatement_max: 150_000,
            exempt_upto: 3_000_000,
            smooth_upto: 3_500_000,
            smooth_mul: (137, 51),
            smooth_sub: (2_792_500, 8),
        }
    }

    fn da(text: &str) -> i64 {
        crate::money::Money::parse(text).unwrap().cents()
    }

    /// dz-law-facts.md §1.2: every test vector (taxable, barème, IRG), to the centime; four of
    /// them are official figures (40 000, 45 000, 50 000… ✔ in the fact sheet).
    #[test]
    fn every_test_vector_of_the_fact_sheet_is_reproduced_to_the_centime() {
        let r = lf2022();
        let vectors = [
            ("21840", "423.20", "0"),
            ("30000", "2300", "0"),
            ("30500", "2415", "310.45"),
            ("32000", "2760", "957.85"),
            ("34000", "3220", "1699.26"),
            ("35000", "3450", "2070"),
            ("37246", "3966.58", "2466.58"),
            ("40000", "4600", "3100"),
            ("45000", "5950", "4450"),
            ("50000", "7300", "5800"),
            ("60000", "10000", "8500"),
            ("70000", "12700", "11200"),
            ("100000", "21400", "19900"),
        ];
        for (taxable, tax, due) in vectors {
            assert_eq!(bareme(da(taxable), &r), da(tax), "barème of {taxable}");
            assert_eq!(irg(da(taxable), &r), da(due), "IRG of {taxable}");
        }
    }

    /// One vector in each bracket above 80 000 DA, by hand:
    /// - 120 000: 20 000 × 23 % + 40 000 × 27 % + 40 000 × 30 % = 4 600 + 10 800 + 12 000 = 27 400;
    ///   abatement 40 % = 10 960, capped at 1 500 → 25 900;
    /// - 200 000: 4 600 + 10 800 + 80 000 × 30 % (24 000) + 40 000 × 33 % (13 200) = 52 600 → 51 100;
    /// - 400 000: 4 600 + 10 800 + 24 000 + 160 000 × 33 % (52 800) + 80 000 × 35 % (28 000)
    ///   = 120 200 → 118 700;
    /// - 81 234,56: 4 600 + 10 800 + 1 234,56 × 30 % (370,368) = 15 770,368 → 14 270,37.
    #[test]
    fn a_vector_in_each_higher_bracket_matches_the_hand_computation() {
        let r = lf2022();
        for (taxable, due) in [("120000", "25900"), ("200000", "51100"), ("400000", "118700"), ("81234.56", "14270.37")]
        {
            assert_eq!(irg(da(taxable), &r), da(due), "IRG of {taxable}");
        }
    }

    #[test]
    fn the_smoothing_is_continuous_at_both_ends_and_never_negative() {
        let r = lf2022();
        assert!(irg(3_000_001, &r) < 200); // just above 30 000 DA: about 1,54 DA, then it rises
        assert!(irg(3_499_999, &r) <= irg(3_500_000, &r));
        assert!((irg(3_500_000, &r) - irg(3_499_999, &r)).abs() < 500);
        let mut last = 0;
        for taxable in (3_000_000..=3_600_000).step_by(1_000) {
            let now = irg(taxable, &r);
            assert!(now >= last, "IRG falls at {taxable}");
            last = now;
        }
    }

    #[test]
    fn the_base_is_rounded_down_to_ten_dinars_when_the_rates_say_so() {
        assert_eq!(down_to_ten_dinars(da("37246.80")), da("37240"));
        assert_eq!(down_to_ten_dinars(da("37240")), da("37240"));
    }
}
