//! THE pairing of punches into worked intervals (the old system had three; this is the only one).
//!
//! Punches of one employee, in time order: an IN opens an interval, the next OUT closes it if it
//! comes within `MAX_SHIFT_MINUTES`. What cannot be paired is an anomaly shown for correction,
//! never silently 0 h: an IN followed by another IN (or by nothing for too long) misses its OUT;
//! an OUT with no IN before it misses its IN. Two punches of the same direction within
//! `DOUBLE_PUNCH_SECONDS` are one (a finger held twice on the reader). An interval belongs to the
//! work day of its IN: the day of the scheduled shift whose window holds it (a night shift that
//! starts at 22:00 keeps its 06:00 OUT), else the IN's calendar day.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::{Direction, Shift};

/// Beyond this, an OUT is not the OUT of the IN before it.
pub const MAX_SHIFT_MINUTES: i64 = 16 * 60;
/// Two punches of the same direction this close are one.
pub const DOUBLE_PUNCH_SECONDS: i64 = 120;
/// How early before its start an IN still belongs to a shift.
pub const EARLY_MINUTES: i64 = 3 * 60;

/// A punch as pairing sees it (voided punches are left out by the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub id: i64,
    pub at: NaiveDateTime,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub in_id: i64,
    pub out_id: i64,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub day: NaiveDate,
}

impl Interval {
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum AnomalyKind {
    /// An IN with no OUT after it.
    MissingOut,
    /// An OUT with no IN before it.
    MissingIn,
}

impl AnomalyKind {
    pub fn label(self) -> &'static str {
        match self {
            AnomalyKind::MissingOut => "Sortie manquante",
            AnomalyKind::MissingIn => "Entrée manquante",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anomaly {
    pub punch_id: i64,
    pub at: NaiveDateTime,
    pub kind: AnomalyKind,
    pub day: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    pub intervals: Vec<Interval>,
    pub anomalies: Vec<Anomaly>,
    /// The last IN, still open and recent enough to be a shift in progress.
    pub open: Option<(Mark, NaiveDate)>,
    /// Punches absorbed as repeats of the one just before.
    pub repeats: Vec<i64>,
}

/// The work day a moment belongs to, given the shifts scheduled each day.
pub fn work_day(at: NaiveDateTime, shifts_of: &dyn Fn(NaiveDate) -> Vec<Shift>) -> NaiveDate {
    let date = at.date();
    let mut best: Option<(i64, NaiveDate)> = None;
    for day in [date - Duration::days(1), date] {
        for shift in shifts_of(day) {
            let (start, end) = shift.on(day);
            if at >= start - Duration::minutes(EARLY_MINUTES) && at < end {
                let distance = (at - start).num_minutes().abs();
                if best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, day));
                }
            }
        }
    }
    best.map(|(_, day)| day).unwrap_or(date)
}

/// Pairs `marks` (sorted by time). `now`: the trailing IN older than `MAX_SHIFT_MINUTES` is then
/// a missing OUT; without `now` (the integrity check) it stays `open`.
pub fn pair(marks: &[Mark], shifts_of: &dyn Fn(NaiveDate) -> Vec<Shift>, now: Option<NaiveDateTime>) -> Pairing {
    let mut out = Pairing::default();
    let mut open: Option<Mark> = None;
    let mut last: Option<Mark> = None;
    let max = Duration::minutes(MAX_SHIFT_MINUTES);
    let anomaly = |m: Mark, kind| Anomaly { punch_id: m.id, at: m.at, kind, day: work_day(m.at, shifts_of) };
    for &m in marks {
        let repeat = last
            .is_some_and(|l| l.direction == m.direction && (m.at - l.at).num_seconds().abs() <= DOUBLE_PUNCH_SECONDS);
        if repeat {
            out.repeats.push(m.id);
            continue;
        }
        last = Some(m);
        match (m.direction, open) {
            (Direction::In, Some(o)) => {
                out.anomalies.push(anomaly(o, AnomalyKind::MissingOut));
                open = Some(m);
            }
            (Direction::In, None) => open = Some(m),
            (Direction::Out, Some(o)) if m.at - o.at <= max => {
                let day = work_day(o.at, shifts_of);
                out.intervals.push(Interval { in_id: o.id, out_id: m.id, start: o.at, end: m.at, day });
                open = None;
            }
            (Direction::Out, Some(o)) => {
                out.anomalies.push(anomaly(o, AnomalyKind::MissingOut));
                out.anomalies.push(anomaly(m, AnomalyKind::MissingIn));
                open = None;
            }
            (Direction::Out, None) => out.anomalies.push(anomaly(m, AnomalyKind::MissingIn)),
        }
    }
    if let Some(o) = open {
        match now {
            Some(now) if now - o.at > max => out.anomalies.push(anomaly(o, AnomalyKind::MissingOut)),
            _ => out.open = Some((o, work_day(o.at, shifts_of))),
        }
    }
    out.anomalies.sort_by_key(|a| a.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn marks(list: &[(&str, Direction)]) -> Vec<Mark> {
        list.iter().enumerate().map(|(i, (at, d))| Mark { id: i as i64 + 1, at: t(at), direction: *d }).collect()
    }

    fn night(_: NaiveDate) -> Vec<Shift> {
        vec![Shift { start_min: 22 * 60, end_min: 6 * 60 }]
    }

    fn none(_: NaiveDate) -> Vec<Shift> {
        Vec::new()
    }

    #[test]
    fn a_night_shift_from_22_to_6_is_one_day_of_8_hours() {
        use Direction::*;
        let m = marks(&[("2026-11-24 22:00", In), ("2026-11-25 06:00", Out)]);
        let p = pair(&m, &night, None);
        assert_eq!(p.intervals.len(), 1);
        assert_eq!(p.intervals[0].minutes(), 480);
        assert_eq!(p.intervals[0].day.to_string(), "2026-11-24");
        assert!(p.anomalies.is_empty() && p.open.is_none());
        // A late arrival after midnight still belongs to the night that began the day before.
        assert_eq!(work_day(t("2026-11-25 00:40"), &night).to_string(), "2026-11-24");
        // Without a schedule, the IN's calendar day.
        assert_eq!(pair(&m, &none, None).intervals[0].day.to_string(), "2026-11-24");
    }

    #[test]
    fn what_cannot_be_paired_is_shown_never_counted_as_nothing() {
        use Direction::*;
        let m = marks(&[
            ("2026-11-23 08:00", In),
            ("2026-11-24 08:01", In), // the 23rd has no OUT
            ("2026-11-24 12:00", Out),
            ("2026-11-24 12:30", Out), // an OUT with no IN
            ("2026-11-24 13:00", In),
        ]);
        let p = pair(&m, &none, Some(t("2026-11-24 15:00")));
        assert_eq!(p.intervals.len(), 1);
        assert_eq!(
            p.anomalies.iter().map(|a| (a.punch_id, a.kind)).collect::<Vec<_>>(),
            vec![(1, AnomalyKind::MissingOut), (4, AnomalyKind::MissingIn)]
        );
        // 13:00 is a shift in progress at 15:00 …
        assert_eq!(p.open.map(|(m, _)| m.id), Some(5));
        // … and a missing OUT the next morning.
        let later = pair(&m, &none, Some(t("2026-11-25 06:00")));
        assert!(later.open.is_none());
        assert_eq!(later.anomalies.last().map(|a| (a.punch_id, a.kind)), Some((5, AnomalyKind::MissingOut)));
    }

    #[test]
    fn a_punch_repeated_within_two_minutes_counts_once() {
        use Direction::*;
        let m = marks(&[
            ("2026-11-24 08:00", In),
            ("2026-11-24 08:01", In),
            ("2026-11-24 16:00", Out),
            ("2026-11-24 16:02", Out),
        ]);
        let p = pair(&m, &none, None);
        assert_eq!(p.intervals.len(), 1);
        assert_eq!(p.intervals[0].minutes(), 480);
        assert_eq!(p.repeats, vec![2, 4]);
        assert!(p.anomalies.is_empty());
    }

    #[test]
    fn an_out_too_long_after_its_in_is_not_its_out() {
        use Direction::*;
        let m = marks(&[("2026-11-23 08:00", In), ("2026-11-24 09:00", Out)]);
        let p = pair(&m, &none, None);
        assert!(p.intervals.is_empty());
        assert_eq!(p.anomalies.len(), 2);
    }
}
