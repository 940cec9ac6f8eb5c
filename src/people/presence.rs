//! Who is where right now, as rules: the status of an employee on the day board, from today's
//! plan (shifts, holiday, leave), the pairing of the last days and the lateness grace set by the
//! gérante. Only employees whose presence is tracked can be late or absent (problem 13).

use chrono::{NaiveDate, NaiveDateTime};

use super::LeaveKind;
use super::hours::DayPlan;
use super::pairing::Pairing;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// In since that moment; minutes late beyond the grace, if any.
    Present {
        since: NaiveDateTime,
        late: Option<i64>,
    },
    /// Worked today and gone at that moment.
    Left {
        at: NaiveDateTime,
    },
    /// Expected at that moment (not yet late).
    Expected {
        at: NaiveDateTime,
    },
    /// The shift started that many minutes ago, beyond the grace, and no IN yet.
    Late {
        minutes: i64,
        start: NaiveDateTime,
    },
    /// The day's shifts are over and nothing was worked.
    Absent,
    OnLeave(LeaveKind),
    Holiday(String),
    /// Nothing scheduled today.
    Rest,
    /// Presence not tracked (exempt).
    NotTracked,
}

impl Status {
    pub fn label(&self) -> String {
        let hm = |t: &NaiveDateTime| t.format("%H:%M").to_string();
        match self {
            Status::Present { since, late: Some(m) } => format!("Présent depuis {} (retard {m} min)", hm(since)),
            Status::Present { since, late: None } => format!("Présent depuis {}", hm(since)),
            Status::Left { at } => format!("Parti à {}", hm(at)),
            Status::Expected { at } => format!("Attendu à {}", hm(at)),
            Status::Late { minutes, start } => format!("En retard ({minutes} min, prévu à {})", hm(start)),
            Status::Absent => "Absent".to_string(),
            Status::OnLeave(kind) => kind.label().to_string(),
            Status::Holiday(name) => format!("Férié : {name}"),
            Status::Rest => "Repos".to_string(),
            Status::NotTracked => "Non suivi".to_string(),
        }
    }

    /// The badge class of the status.
    pub fn tone(&self) -> &'static str {
        match self {
            Status::Present { late: None, .. } | Status::Left { .. } => "ok",
            Status::Present { late: Some(_), .. } | Status::Late { .. } => "warn",
            Status::Absent => "err",
            Status::Expected { .. } => "",
            _ => "off",
        }
    }

    pub fn is_in(&self) -> bool {
        matches!(self, Status::Present { .. })
    }
}

/// The status at `now` for the work day `today`.
pub fn status(now: NaiveDateTime, plan: &DayPlan, pairing: &Pairing, tracked: bool, grace: i64) -> Status {
    let today = plan.day;
    if !tracked {
        return Status::NotTracked;
    }
    if let Some(kind) = plan.leave {
        return Status::OnLeave(kind);
    }
    let first_shift = plan.shifts.iter().min().map(|s| s.on(today).0);
    let late_by = |at: NaiveDateTime| first_shift.map(|start| (at - start).num_minutes()).filter(|m| *m > grace);
    if let Some((m, day)) = pairing.open
        && day >= today.pred_opt().unwrap_or(today)
    {
        let first_in = pairing.intervals.iter().filter(|i| i.day == day).map(|i| i.start).min().unwrap_or(m.at);
        let late = if day == today { late_by(first_in) } else { None };
        return Status::Present { since: m.at, late };
    }
    if let Some(last) = pairing.intervals.iter().filter(|i| i.day == today).map(|i| i.end).max() {
        return Status::Left { at: last };
    }
    if let Some(name) = &plan.holiday {
        return Status::Holiday(name.clone());
    }
    let Some(start) = first_shift else { return Status::Rest };
    let end = plan.shifts.iter().map(|s| s.on(today).1).max().unwrap_or(start);
    let late = (now - start).num_minutes();
    if late <= grace {
        Status::Expected { at: start }
    } else if now < end {
        Status::Late { minutes: late, start }
    } else {
        Status::Absent
    }
}

/// Yesterday, for a night shift still open this morning.
pub fn yesterday(day: NaiveDate) -> NaiveDate {
    day.pred_opt().unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::Direction;
    use crate::people::Shift;
    use crate::people::pairing::{Mark, pair};

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn plan(shifts: Vec<Shift>) -> DayPlan {
        DayPlan {
            day: "2026-11-24".parse().unwrap(),
            shifts,
            holiday: None,
            leave: None,
            employed: true,
            rest_day: false,
            future: false,
        }
    }

    #[test]
    fn late_absent_present_and_gone_follow_the_schedule_and_the_grace() {
        let p = plan(vec![Shift { start_min: 8 * 60, end_min: 16 * 60 }]);
        let nothing = Pairing::default();
        assert_eq!(
            status(t("2026-11-24 08:05"), &p, &nothing, true, 10),
            Status::Expected { at: t("2026-11-24 08:00") }
        );
        assert_eq!(
            status(t("2026-11-24 08:30"), &p, &nothing, true, 10),
            Status::Late { minutes: 30, start: t("2026-11-24 08:00") }
        );
        assert_eq!(status(t("2026-11-24 17:00"), &p, &nothing, true, 10), Status::Absent);
        assert_eq!(status(t("2026-11-24 17:00"), &p, &nothing, false, 10), Status::NotTracked);
        let shifts = |_: NaiveDate| vec![Shift { start_min: 8 * 60, end_min: 16 * 60 }];
        let came = pair(&[Mark { id: 1, at: t("2026-11-24 08:25"), direction: Direction::In }], &shifts, None);
        assert_eq!(
            status(t("2026-11-24 09:00"), &p, &came, true, 10),
            Status::Present { since: t("2026-11-24 08:25"), late: Some(25) }
        );
        let gone = pair(
            &[
                Mark { id: 1, at: t("2026-11-24 07:58"), direction: Direction::In },
                Mark { id: 2, at: t("2026-11-24 16:02"), direction: Direction::Out },
            ],
            &shifts,
            None,
        );
        assert_eq!(status(t("2026-11-24 17:00"), &p, &gone, true, 10), Status::Left { at: t("2026-11-24 16:02") });
        assert_eq!(status(t("2026-11-24 17:00"), &plan(Vec::new()), &nothing, true, 10), Status::Rest);
    }
}
