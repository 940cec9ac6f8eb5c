//! The one pay formula, from a month's frozen hours and the rates in force:
//!
//! - hourly rate = monthly salary ÷ the month's hours of the rates (173,33 h);
//! - base salary = the monthly salary, pro rata of the calendar days under contract; leave and
//!   public holidays are paid in it;
//! - absences: the minutes missing on the schedule, at the hourly rate (deducted);
//! - overtime: the minutes beyond the day's schedule at the hourly rate × (1 + the labour rules'
//!   premium, 50 %); night minutes (21 h–5 h) and minutes on a rest day or a public holiday earn
//!   the rates' premiums on top (the hours themselves are already paid);
//! - items added by hand (bonuses, allowances, regularisations), each *cotisable* and/or *imposable*;
//! - CNAS base = the cotisable items; employee share (9 %); taxable = the imposable items − the
//!   employee share, rounded as the rates say; IRG (irg.rs); net = gross − CNAS − IRG;
//! - advances: the open ones, oldest first, while they fit in the net; the rest waits for a later
//!   month; net to pay = net − advances;
//! - employer share (25 %) and œuvres sociales (0,5 %) on the CNAS base;
//! - SNMG warning: a month under contract whose base (after absences) is below the SNMG, pro rata
//!   of the employee's weekly hours against the legal week.
//!
//! Each amount is rounded once, to the centime, half away from zero.

use super::{Item, Rates, account, hours_text, irg, pct_text};
use crate::money::Money;

/// The hours a payslip is computed from (minutes; days where said), as frozen by the lock.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SlipHours {
    pub worked_min: i64,
    pub overtime_min: i64,
    pub night_min: i64,
    /// On a rest day or a public holiday.
    pub rest_min: i64,
    pub missing_min: i64,
    pub absence_days: i64,
    pub leave_days: i64,
}

/// What a payslip is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipInput {
    pub monthly: Money,
    pub employed_days: i64,
    pub month_days: i64,
    pub weekly_minutes: i64,
    pub legal_week_minutes: i64,
    /// The labour rules' overtime premium.
    pub overtime_bp: i64,
    pub hours: SlipHours,
    /// Items added by hand.
    pub manual: Vec<Item>,
    /// Open advances (id, amount), oldest first.
    pub advances: Vec<(i64, Money)>,
}

/// A payslip's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Figures {
    pub items: Vec<Item>,
    pub gross: Money,
    pub cnas_base: Money,
    pub cnas_employee: Money,
    pub taxable: Money,
    pub irg_base: Money,
    pub irg: Money,
    pub net: Money,
    pub advances: Money,
    /// The advances deducted (ids).
    pub taken: Vec<i64>,
    pub net_to_pay: Money,
    pub cnas_employer: Money,
    pub fnpos: Money,
    pub below_snmg: bool,
}

/// `value × num ÷ den`, rounded half away from zero (den > 0).
pub fn ratio(value: i64, num: i64, den: i64) -> i64 {
    let (n, d) = (i128::from(value) * i128::from(num), i128::from(den));
    let r = if n >= 0 { (2 * n + d) / (2 * d) } else { -((2 * -n + d) / (2 * d)) };
    r as i64
}

/// `minutes` paid at the hourly rate × `bp` basis points (10 000 = 100 %).
fn at_hourly(monthly: Money, minutes: i64, bp: i64, month_hours: i64) -> Money {
    // monthly × minutes/60 ÷ (month_hours/100) × bp/10 000
    let num = i128::from(monthly.cents()) * i128::from(minutes) * i128::from(bp) * 100;
    let den = i128::from(month_hours) * 60 * 10_000;
    let r = (2 * num + den) / (2 * den);
    Money::from_cents(r as i64)
}

fn computed(kind: &str, label: String, base_text: String, rate_text: String, amount: Money, acct: &str) -> Item {
    Item {
        kind: kind.into(),
        label,
        base_text,
        rate_text,
        amount,
        cotisable: true,
        imposable: true,
        account: acct.into(),
        manual: false,
    }
}

fn duration(minutes: i64) -> String {
    format!("{} h {:02}", minutes / 60, minutes % 60)
}

/// The computed items: base, absences, overtime, night, rest day or holiday worked.
fn computed_items(i: &SlipInput, r: &Rates, overtime_bp: i64) -> Vec<Item> {
    let hourly = format!("{}/h", r.hourly(i.monthly));
    let full = i.employed_days >= i.month_days;
    let base = Money::from_cents(ratio(i.monthly.cents(), i.employed_days, i.month_days.max(1)));
    let base_text =
        if full { hours_text(r.month_hours) } else { format!("{} j / {} j", i.employed_days, i.month_days) };
    let mut out = vec![computed(
        "base",
        "Salaire de base".into(),
        base_text,
        format!("{} / mois", i.monthly),
        base,
        account::BASE,
    )];
    let h = &i.hours;
    if h.missing_min > 0 {
        let amount = at_hourly(i.monthly, h.missing_min, 10_000, r.month_hours).min(base);
        let label = format!("Absences ({} j) et heures manquantes", h.absence_days);
        out.push(computed("absence", label, duration(h.missing_min), hourly.clone(), -amount, account::BASE));
    }
    let premiums = [
        ("heures_sup", "Heures supplémentaires", h.overtime_min, 10_000 + overtime_bp, overtime_bp),
        ("nuit", "Majoration de nuit", h.night_min, r.night_bp, r.night_bp),
        ("repos", "Majoration repos ou jour férié travaillé", h.rest_min, r.rest_day_bp, r.rest_day_bp),
    ];
    for (kind, label, minutes, bp, shown) in premiums {
        if minutes > 0 && bp > 0 {
            let amount = at_hourly(i.monthly, minutes, bp, r.month_hours);
            let rate = format!("{hourly} × {}", if kind == "heures_sup" { pct_text(bp) } else { pct_text(shown) });
            let label = format!("{label} (+{})", pct_text(shown));
            out.push(computed(kind, label, duration(minutes), rate, amount, account::PREMIUMS));
        }
    }
    out
}

fn sum_where(items: &[Item], keep: impl Fn(&Item) -> bool) -> Money {
    items.iter().filter(|i| keep(i)).map(|i| i.amount).sum()
}

/// A payslip's figures.
pub fn compute(i: &SlipInput, r: &Rates) -> Figures {
    let mut items = computed_items(i, r, i.overtime_bp);
    items.extend(i.manual.iter().cloned());
    let gross = sum_where(&items, |_| true);
    let cnas_base = sum_where(&items, |i| i.cotisable).max(Money::ZERO);
    let cnas_employee = Money::from_cents(ratio(cnas_base.cents(), r.cnas_employee_bp, 10_000));
    let taxable = (sum_where(&items, |i| i.imposable) - cnas_employee).max(Money::ZERO);
    let irg_base = Money::from_cents(r.rounding.apply(taxable.cents()));
    let irg = Money::from_cents(irg::irg(irg_base.cents(), &r.irg));
    let net = gross - cnas_employee - irg;
    let (mut advances, mut taken) = (Money::ZERO, Vec::new());
    for (id, amount) in &i.advances {
        if advances + *amount <= net {
            advances += *amount;
            taken.push(*id);
        }
    }
    let floor = sum_where(&items, |i| i.kind == "base" || i.kind == "absence");
    let snmg = Money::from_cents(ratio(r.snmg.cents(), i.weekly_minutes, i.legal_week_minutes.max(1)));
    Figures {
        gross,
        cnas_base,
        cnas_employee,
        taxable,
        irg_base,
        irg,
        net,
        advances,
        taken,
        net_to_pay: net - advances,
        cnas_employer: Money::from_cents(ratio(cnas_base.cents(), r.cnas_employer_bp, 10_000)),
        fnpos: Money::from_cents(ratio(cnas_base.cents(), r.fnpos_bp, 10_000)),
        below_snmg: i.employed_days >= i.month_days && floor < snmg,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payroll::{Rounding, irg::tests::lf2022};

    fn rates() -> Rates {
        Rates {
            valid_from: "2026-01-01".parse().unwrap(),
            snmg: Money::from_da(24_000),
            month_hours: 17_333,
            irg: lf2022(),
            cnas_employee_bp: 900,
            cnas_employer_bp: 2500,
            fnpos_bp: 50,
            night_bp: 0,
            rest_day_bp: 0,
            rounding: Rounding::Centime,
            source: String::new(),
        }
    }

    fn input(monthly: i64) -> SlipInput {
        SlipInput {
            monthly: Money::from_da(monthly),
            employed_days: 30,
            month_days: 30,
            weekly_minutes: 2400,
            legal_week_minutes: 2400,
            overtime_bp: 5000,
            hours: SlipHours::default(),
            manual: Vec::new(),
            advances: Vec::new(),
        }
    }

    /// dz-law-facts §1.3: at the 2026 SNMG, employee 2 160, employer 6 000 (+120 FNPOS), net 21 840, IRG 0.
    #[test]
    fn a_month_at_the_snmg_matches_the_fact_sheet() {
        let f = compute(&input(24_000), &rates());
        assert_eq!(f.gross, Money::from_da(24_000));
        assert_eq!(f.cnas_employee, Money::from_da(2_160));
        assert_eq!(f.cnas_employer, Money::from_da(6_000));
        assert_eq!(f.fnpos, Money::from_da(120));
        assert_eq!((f.taxable, f.irg, f.net), (Money::from_da(21_840), Money::ZERO, Money::from_da(21_840)));
        assert!(!f.below_snmg);
        assert!(compute(&input(23_999), &rates()).below_snmg);
    }

    #[test]
    fn advances_that_do_not_fit_in_the_net_wait_for_a_later_month() {
        let mut i = input(24_000);
        i.advances = vec![(1, Money::from_da(15_000)), (2, Money::from_da(10_000)), (3, Money::from_da(5_000))];
        let f = compute(&i, &rates());
        assert_eq!(f.taken, vec![1, 3]);
        assert_eq!(f.net_to_pay, Money::from_da(21_840 - 20_000));
    }
}
