//! Schedules, as rules: which shifts an employee is expected to work on a day (the version of
//! the week in force that day, unless an exception says otherwise), and when a week is refused
//! (two shifts that overlap, also across midnight and from Sunday into Monday).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Shift, hhmm, iso_weekday, weekday_name};

/// One version of the week, from a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekVersion {
    pub valid_from: NaiveDate,
    /// (ISO weekday, shift), in order.
    pub shifts: Vec<(u32, Shift)>,
}

/// Everything that says what an employee should work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// Sorted by `valid_from`.
    pub versions: Vec<WeekVersion>,
    /// A day that differs: no shift (a day off) or other shifts.
    pub exceptions: BTreeMap<NaiveDate, Vec<Shift>>,
}

impl Schedule {
    /// The week in force on `day`.
    pub fn version_on(&self, day: NaiveDate) -> Option<&WeekVersion> {
        self.versions.iter().rev().find(|v| v.valid_from <= day)
    }

    /// The shifts expected on `day`, before holidays and leave.
    pub fn shifts_on(&self, day: NaiveDate) -> Vec<Shift> {
        if let Some(shifts) = self.exceptions.get(&day) {
            return shifts.clone();
        }
        let weekday = iso_weekday(day);
        self.version_on(day)
            .map(|v| v.shifts.iter().filter(|(d, _)| *d == weekday).map(|(_, s)| *s).collect())
            .unwrap_or_default()
    }

    /// Minutes of a full week of the version in force on `day`.
    pub fn week_minutes(&self, day: NaiveDate) -> i64 {
        self.version_on(day).map(|v| v.shifts.iter().map(|(_, s)| s.minutes()).sum()).unwrap_or(0)
    }
}

/// A week's shifts as absolute minutes from Monday 00:00.
fn spans(shifts: &[(u32, Shift)]) -> Vec<(i64, i64, u32, Shift)> {
    let mut out: Vec<(i64, i64, u32, Shift)> = shifts
        .iter()
        .map(|(d, s)| {
            let base = (i64::from(*d) - 1) * 1440;
            (base + s.start_min, base + s.end_abs(), *d, *s)
        })
        .collect();
    out.sort();
    out
}

/// Refuses a week where two shifts overlap (a Sunday night shift spills into Monday), or a shift
/// falls on a rest day. The message names the two shifts.
pub fn check_week(shifts: &[(u32, Shift)], rest_days: &[u32]) -> Result<(), String> {
    for (d, s) in shifts {
        if rest_days.contains(d) {
            return Err(format!(
                "Le {} est un jour de repos de cet employé : pas de service {} ce jour-là (changez d'abord ses jours de repos).",
                weekday_name(*d),
                s.text()
            ));
        }
    }
    let week = 7 * 1440;
    let all = spans(shifts);
    for (i, a) in all.iter().enumerate() {
        for b in all.iter().skip(i + 1) {
            // Also compare with the next week's copy (Sunday night into Monday).
            let wraps = b.1 > week && a.0 < b.1 - week;
            if b.0 < a.1 || wraps {
                let (first, second) = if b.0 < a.1 { (a, b) } else { (b, a) };
                return Err(format!(
                    "Deux services se chevauchent : {} {} et {} {}.",
                    weekday_name(first.2),
                    first.3.text(),
                    weekday_name(second.2),
                    second.3.text()
                ));
            }
        }
    }
    Ok(())
}

/// Refuses shifts of one day that overlap each other (an exception).
pub fn check_day(shifts: &[Shift]) -> Result<(), String> {
    let mut sorted = shifts.to_vec();
    sorted.sort();
    for pair in sorted.windows(2) {
        if pair[1].start_min < pair[0].end_abs() {
            return Err(format!(
                "Deux services se chevauchent : {} et {}–{}.",
                pair[0].text(),
                hhmm(pair[1].start_min),
                hhmm(pair[1].end_min)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: i64, b: i64) -> Shift {
        Shift { start_min: a * 60, end_min: b * 60 }
    }

    #[test]
    fn overlapping_shifts_are_refused_with_both_named() {
        assert!(check_week(&[(1, s(8, 12)), (1, s(13, 17))], &[5]).is_ok());
        let e = check_week(&[(1, s(8, 12)), (1, s(11, 17))], &[5]).unwrap_err();
        assert!(e.contains("lundi 08:00–12:00") && e.contains("lundi 11:00–17:00"), "{e}");
        // The bakers' night from Monday 22:00 to Tuesday 06:00 meets a Tuesday 05:00 shift.
        let e = check_week(&[(1, s(22, 6)), (2, s(5, 9))], &[5]).unwrap_err();
        assert!(e.contains("mardi 05:00–09:00"), "{e}");
        // Sunday night into Monday morning.
        assert!(check_week(&[(7, s(22, 6)), (1, s(5, 9))], &[5]).is_err());
        assert!(check_week(&[(7, s(22, 6)), (1, s(6, 9))], &[5]).is_ok());
        let e = check_week(&[(5, s(8, 12))], &[5]).unwrap_err();
        assert!(e.contains("vendredi est un jour de repos"), "{e}");
        assert!(check_day(&[s(8, 12), s(11, 13)]).is_err());
    }

    #[test]
    fn the_week_in_force_and_the_exceptions_say_what_is_expected() {
        let d = |t: &str| t.parse::<NaiveDate>().unwrap();
        let mut sched = Schedule {
            versions: vec![
                WeekVersion { valid_from: d("2026-01-01"), shifts: vec![(2, s(8, 16))] },
                WeekVersion { valid_from: d("2026-11-01"), shifts: vec![(2, s(22, 6))] },
            ],
            exceptions: BTreeMap::new(),
        };
        assert_eq!(sched.shifts_on(d("2026-10-27")), vec![s(8, 16)]); // a Tuesday
        assert_eq!(sched.shifts_on(d("2026-11-24")), vec![s(22, 6)]);
        assert!(sched.shifts_on(d("2026-11-25")).is_empty());
        assert!(sched.shifts_on(d("2025-12-30")).is_empty());
        sched.exceptions.insert(d("2026-11-24"), Vec::new());
        assert!(sched.shifts_on(d("2026-11-24")).is_empty());
        assert_eq!(sched.week_minutes(d("2026-11-24")), 480);
    }
}
