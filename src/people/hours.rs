//! The hours of a month, from the pairing and the plan of each day (one definition, used by the
//! month page, the export, the lock for payroll and the integrity check):
//!
//! - worked: the intervals whose work day is that day (a night shift counts whole on its first day);
//! - scheduled: the day's shifts, unless it is a public holiday, a day of leave, or outside the
//!   contract;
//! - overtime: what is worked beyond the day's schedule (all of it on a day with nothing scheduled),
//!   regular: the rest; the legal monthly cap (20 % of the legal duration) is shown beside it;
//! - night: the minutes inside the night window of the labour rules (21:00–05:00);
//! - Friday (the legal weekly rest), the employee's rest days and public holidays worked;
//! - absences, counted on the calendar days of the month: a scheduled day with nothing worked and
//!   nothing to correct; missing minutes = scheduled minus worked, day by day, when positive;
//! - leave days are neither absence nor worked; unpaired punches are counted as anomalies.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::pairing::{Interval, Pairing};
use super::{LabourRules, LeaveKind, Shift, iso_weekday};

/// What a day of the month was meant to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPlan {
    pub day: NaiveDate,
    pub shifts: Vec<Shift>,
    pub holiday: Option<String>,
    pub leave: Option<LeaveKind>,
    pub employed: bool,
    pub rest_day: bool,
    /// Not yet come (after today): expected, not yet missed.
    pub future: bool,
}

impl DayPlan {
    /// Minutes expected: none on a holiday, on leave or outside the contract.
    pub fn expected(&self) -> i64 {
        if !self.employed || self.holiday.is_some() || self.leave.is_some() {
            0
        } else {
            self.shifts.iter().map(|s| s.minutes()).sum()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayHours {
    pub plan: DayPlan,
    pub intervals: Vec<(NaiveDateTime, NaiveDateTime)>,
    pub scheduled: i64,
    pub worked: i64,
    pub regular: i64,
    pub overtime: i64,
    pub night: i64,
    pub absent: bool,
    pub missing: i64,
    pub anomalies: usize,
}

/// The totals of a month, in minutes (days where said).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    pub worked_min: i64,
    pub scheduled_min: i64,
    pub regular_min: i64,
    pub overtime_min: i64,
    pub night_min: i64,
    pub friday_min: i64,
    pub rest_day_min: i64,
    pub holiday_min: i64,
    pub absence_days: i64,
    pub missing_min: i64,
    pub leave_days: i64,
    pub anomalies: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthHours {
    pub first: NaiveDate,
    pub days: Vec<DayHours>,
    pub totals: Totals,
    /// The legal cap of overtime for this month (minutes), and the legal duration.
    pub overtime_cap_min: i64,
    pub legal_min: i64,
    /// False for an employee whose presence is not tracked: absences are not counted.
    pub tracked: bool,
}

impl MonthHours {
    pub fn over_cap(&self) -> bool {
        self.totals.overtime_min > self.overtime_cap_min
    }
}

/// Minutes of `[start, end)` inside the night windows of the rules.
pub fn night_minutes(start: NaiveDateTime, end: NaiveDateTime, rules: &LabourRules) -> i64 {
    let (ns, ne) = (rules.night_start_min, rules.night_end_min);
    let mut total = 0;
    let mut day = start.date() - Duration::days(1);
    while day <= end.date() {
        let midnight = day.and_time(NaiveTime::MIN);
        let w_start = midnight + Duration::minutes(ns);
        let w_end = midnight + Duration::minutes(if ne <= ns { ne + 1440 } else { ne });
        let (a, b) = (start.max(w_start), end.min(w_end));
        if b > a {
            total += (b - a).num_minutes();
        }
        day += Duration::days(1);
    }
    total
}

fn day_hours(plan: DayPlan, intervals: &[&Interval], anomalies: usize, rules: &LabourRules, tracked: bool) -> DayHours {
    let scheduled = plan.expected();
    let worked: i64 = intervals.iter().map(|i| i.minutes()).sum();
    let overtime = (worked - scheduled).max(0);
    let night = intervals.iter().map(|i| night_minutes(i.start, i.end, rules)).sum();
    let counted = tracked && !plan.future;
    let absent = counted && scheduled > 0 && worked == 0 && anomalies == 0;
    let missing = if counted { (scheduled - worked).max(0) } else { 0 };
    DayHours {
        plan,
        intervals: intervals.iter().map(|i| (i.start, i.end)).collect(),
        scheduled,
        worked,
        regular: worked - overtime,
        overtime,
        night,
        absent,
        missing,
        anomalies,
    }
}

/// The month's hours. `plans` covers every day of the month, in order.
pub fn compute(plans: Vec<DayPlan>, pairing: &Pairing, rules: &LabourRules, tracked: bool) -> MonthHours {
    let first = plans.first().map(|p| p.day).unwrap_or_default();
    let mut totals = Totals::default();
    let mut days = Vec::with_capacity(plans.len());
    for plan in plans {
        let intervals: Vec<&Interval> = pairing.intervals.iter().filter(|i| i.day == plan.day).collect();
        let anomalies = pairing.anomalies.iter().filter(|a| a.day == plan.day).count();
        let d = day_hours(plan, &intervals, anomalies, rules, tracked);
        totals.worked_min += d.worked;
        totals.scheduled_min += d.scheduled;
        totals.regular_min += d.regular;
        totals.overtime_min += d.overtime;
        totals.night_min += d.night;
        if iso_weekday(d.plan.day) == rules.weekly_rest_day {
            totals.friday_min += d.worked;
        }
        if d.plan.rest_day {
            totals.rest_day_min += d.worked;
        }
        if d.plan.holiday.is_some() {
            totals.holiday_min += d.worked;
        }
        totals.absence_days += i64::from(d.absent);
        totals.missing_min += d.missing;
        totals.leave_days += i64::from(d.plan.leave.is_some() && d.plan.employed);
        totals.anomalies += d.anomalies as i64;
        days.push(d);
    }
    let month_days = days.len() as i64;
    let legal_min = rules.legal_week_minutes * month_days / 7;
    let overtime_cap_min = legal_min * rules.overtime_cap_percent / 100;
    MonthHours { first, days, totals, overtime_cap_min, legal_min, tracked }
}

/// Every day of the month starting at `first`.
pub fn days_of_month(first: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(31);
    let mut d = first;
    while d.month() == first.month() {
        out.push(d);
        d += Duration::days(1);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn rules() -> LabourRules {
        LabourRules {
            valid_from: NaiveDate::from_ymd_opt(1997, 1, 11).unwrap(),
            legal_week_minutes: 2400,
            overtime_cap_percent: 20,
            overtime_premium_pct: 50,
            night_start_min: 21 * 60,
            night_end_min: 5 * 60,
            weekly_rest_day: 5,
            leave_tenths_per_month: 25,
            leave_max_days: 30,
            leave_year_start_month: 7,
            source: String::new(),
        }
    }

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn night_minutes_are_those_between_21_and_5() {
        let r = rules();
        assert_eq!(night_minutes(t("2026-11-24 22:00"), t("2026-11-25 06:00"), &r), 7 * 60);
        assert_eq!(night_minutes(t("2026-11-24 08:00"), t("2026-11-24 16:00"), &r), 0);
        assert_eq!(night_minutes(t("2026-11-24 03:00"), t("2026-11-24 08:00"), &r), 120);
        assert_eq!(night_minutes(t("2026-11-24 20:00"), t("2026-11-24 21:30"), &r), 30);
    }
}
