//! Paid leave, as rules (Loi 90-11 art. 40–41, read from the dated labour rules): each month of
//! service earns `leave_tenths_per_month` (2,5 days), at most `leave_max_days` (30) per reference
//! year, which starts on the 1st of `leave_year_start_month` (July). A month of service ends on
//! the same day of the month as the hire date (hired 10 March: the first month is earned on 10
//! April). Balances are kept in tenths of a day so 2,5 stays exact. A request counts calendar days,
//! public holidays excluded.

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::LabourRules;

/// The rules in force on `day` (the latest row whose `valid_from` is not after it).
pub fn rules_on(all: &[LabourRules], day: NaiveDate) -> Option<&LabourRules> {
    all.iter().filter(|r| r.valid_from <= day).max_by_key(|r| r.valid_from)
}

/// The first day of the reference year that holds `day`.
pub fn reference_year_start(day: NaiveDate, start_month: u32) -> NaiveDate {
    let year = if day.month() >= start_month { day.year() } else { day.year() - 1 };
    NaiveDate::from_ymd_opt(year, start_month, 1).unwrap_or(day)
}

/// Tenths of a day earned from `hired_on` up to `until` (and not beyond the contract's end).
pub fn accrued_tenths(
    hired_on: NaiveDate,
    contract_end: Option<NaiveDate>,
    until: NaiveDate,
    all: &[LabourRules],
) -> i64 {
    let mut per_year: Vec<(NaiveDate, i64, i64)> = Vec::new(); // (year start, earned, cap)
    for k in 1.. {
        let Some(anniversary) = hired_on.checked_add_months(Months::new(k)) else { break };
        let last_day = anniversary - Duration::days(1);
        if anniversary > until || contract_end.is_some_and(|end| last_day > end) {
            break;
        }
        let Some(r) = rules_on(all, last_day) else { continue };
        let year = reference_year_start(last_day, r.leave_year_start_month);
        match per_year.iter_mut().find(|(y, _, _)| *y == year) {
            Some((_, earned, _)) => *earned += r.leave_tenths_per_month,
            None => per_year.push((year, r.leave_tenths_per_month, r.leave_max_days * 10)),
        }
    }
    per_year.iter().map(|(_, earned, cap)| (*earned).min(*cap)).sum()
}

/// Days a leave from `first` to `last` takes: calendar days, public holidays excluded.
pub fn days_taken(first: NaiveDate, last: NaiveDate, is_holiday: &dyn Fn(NaiveDate) -> bool) -> i64 {
    let mut n = 0;
    let mut d = first;
    while d <= last {
        if !is_holiday(d) {
            n += 1;
        }
        d += Duration::days(1);
    }
    n
}

/// Tenths of a day as people read them: `12,5 j`.
pub fn tenths_text(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.abs();
    if t % 10 == 0 { format!("{sign}{} j", t / 10) } else { format!("{sign}{},{} j", t / 10, t % 10) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::hours::tests::rules;

    fn d(t: &str) -> NaiveDate {
        t.parse().unwrap()
    }

    #[test]
    fn two_and_a_half_days_per_month_of_service_capped_at_thirty_a_year() {
        let all = [rules()];
        assert_eq!(accrued_tenths(d("2026-03-10"), None, d("2026-04-09"), &all), 0);
        assert_eq!(accrued_tenths(d("2026-03-10"), None, d("2026-04-10"), &all), 25);
        // Hired 1 July 2024: twelve months in 2024-25 (30 days), five more by 1 Dec 2025.
        assert_eq!(accrued_tenths(d("2024-07-01"), None, d("2025-12-01"), &all), 300 + 125);
        // A CDD that ended on 31 Aug 2024 earns its two months only.
        assert_eq!(accrued_tenths(d("2024-07-01"), Some(d("2024-08-31")), d("2025-12-01"), &all), 50);
        assert_eq!(tenths_text(125), "12,5 j");
        assert_eq!(tenths_text(-30), "-3 j");
        assert_eq!(reference_year_start(d("2026-06-30"), 7), d("2025-07-01"));
        assert_eq!(reference_year_start(d("2026-07-01"), 7), d("2026-07-01"));
    }

    #[test]
    fn a_leave_counts_calendar_days_without_public_holidays() {
        let holiday = |x: NaiveDate| x == d("2026-11-01");
        assert_eq!(days_taken(d("2026-10-29"), d("2026-11-04"), &holiday), 6);
    }
}
