//! The hours of a month, assembled from the store and computed by the one definition
//! (people/hours.rs over people/pairing.rs); the lock that freezes them for payroll.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{Connection, Transaction};

use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::AppError;
use crate::people::hours::{DayPlan, MonthHours, Totals, compute, days_of_month};
use crate::people::leave::rules_on;
use crate::people::pairing::{Mark, Pairing, pair};
use crate::people::schedule::Schedule;
use crate::people::store::{calendar, employees, hours, leave, punches, schedules};
use crate::people::{
    AttendanceMode, Employee, LabourRules, LeaveKind, Punch, local_text, month_end, month_label, month_text,
};

/// What an employee's days from `from` to `to` were meant to be and what the punches say.
pub struct Span {
    pub schedule: Schedule,
    pub plans: Vec<DayPlan>,
    pub pairing: Pairing,
    /// Every punch loaded (voided ones too), in time order.
    pub punches: Vec<Punch>,
}

/// Approved leave by day.
fn leave_days(
    c: &Connection,
    employee_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<NaiveDate, LeaveKind>, AppError> {
    let mut out = BTreeMap::new();
    for l in leave::approved_between(c, employee_id, from, to)? {
        let mut d = l.first_day.max(from);
        while d <= l.last_day.min(to) {
            out.insert(d, l.kind);
            d += Duration::days(1);
        }
    }
    Ok(out)
}

/// Loads and pairs an employee's days `from..=to`. Punches are read from the day before (a night
/// shift that ends on `from`) to two days after (the OUT of the last night). `now` marks a
/// trailing IN too old to be in progress (see `pairing::pair`).
pub fn span(
    c: &Connection,
    e: &Employee,
    from: NaiveDate,
    to: NaiveDate,
    now: Option<NaiveDateTime>,
) -> Result<Span, AppError> {
    let schedule = schedules::schedule(c, e.id)?;
    let holidays: BTreeMap<NaiveDate, String> =
        calendar::holidays_between(c, from, to)?.into_iter().map(|h| (h.day, h.name)).collect();
    let leaves = leave_days(c, e.id, from, to)?;
    let read_from = local_text((from - Duration::days(1)).and_time(NaiveTime::MIN));
    let read_to = local_text((to + Duration::days(2)).and_hms_opt(23, 59, 59).unwrap_or_default());
    let punches = punches::punches_between(c, e.id, &read_from, &read_to)?;
    let marks: Vec<Mark> =
        punches.iter().filter(|p| !p.voided).map(|p| Mark { id: p.id, at: p.local, direction: p.direction }).collect();
    let pairing = pair(&marks, &|d| schedule.shifts_on(d), now);
    let mut plans = Vec::new();
    let mut d = from;
    while d <= to {
        plans.push(DayPlan {
            day: d,
            shifts: if e.employed_on(d) { schedule.shifts_on(d) } else { Vec::new() },
            holiday: holidays.get(&d).cloned(),
            leave: leaves.get(&d).copied(),
            employed: e.employed_on(d),
            rest_day: e.rests_on(d),
            future: now.is_some_and(|n| d > n.date()),
        });
        d += Duration::days(1);
    }
    Ok(Span { schedule, plans, pairing, punches })
}

/// The labour rules in force on the first day of the month.
pub fn rules_for(c: &Connection, first: NaiveDate) -> Result<LabourRules, AppError> {
    let all = calendar::labour_rules(c)?;
    rules_on(&all, first)
        .cloned()
        .ok_or_else(|| AppError::rule("Aucune règle du travail n'est en vigueur à cette date."))
}

/// One employee's month.
pub fn month_of(
    c: &Connection,
    e: &Employee,
    first: NaiveDate,
    now: Option<NaiveDateTime>,
) -> Result<(MonthHours, Span), AppError> {
    let rules = rules_for(c, first)?;
    let s = span(c, e, first, month_end(first), now)?;
    let tracked = e.attendance != AttendanceMode::Exempt;
    let m = compute(s.plans.clone(), &s.pairing, &rules, tracked);
    Ok((m, s))
}

/// The employees a month concerns: under contract during it and active, or with punches in it.
pub fn staff_of_month(c: &Connection, first: NaiveDate) -> Result<Vec<Employee>, AppError> {
    let last = month_end(first);
    let mut out = Vec::new();
    for e in employees::employees(c, true)? {
        let under_contract = e.hired_on <= last && e.contract_end.is_none_or(|end| end >= first);
        if !under_contract {
            continue;
        }
        let from = local_text(first.and_time(NaiveTime::MIN));
        let to = local_text(last.and_hms_opt(23, 59, 59).unwrap_or_default());
        if e.active || !punches::punches_between(c, e.id, &from, &to)?.is_empty() {
            out.push(e);
        }
    }
    Ok(out)
}

/// Every employee's month.
pub fn month_all(
    c: &Connection,
    first: NaiveDate,
    now: Option<NaiveDateTime>,
) -> Result<Vec<(Employee, MonthHours)>, AppError> {
    let mut out = Vec::new();
    for e in staff_of_month(c, first)? {
        let (m, _) = month_of(c, &e, first, now)?;
        out.push((e, m));
    }
    Ok(out)
}

/// Locks a month for payroll: it must be over (its last night too), with nothing left to
/// correct; the hours are frozen as computed now and the month's punches no longer change.
pub fn lock_month(tx: &Transaction, st: &Stamp, first: NaiveDate, now: NaiveDateTime) -> Result<usize, AppError> {
    let month = month_text(first);
    let label = month_label(first);
    if hours::is_locked(tx, &month)? {
        return Err(AppError::rule(format!("Le mois de {label} est déjà verrouillé.")));
    }
    if now.date() <= month_end(first) + Duration::days(1) {
        return Err(AppError::rule(format!(
            "Le mois de {label} n'est pas terminé (on attend aussi la dernière nuit) : verrouillez-le à partir du {}.",
            (month_end(first) + Duration::days(2)).format("%d/%m/%Y")
        )));
    }
    let all = month_all(tx, first, Some(now))?;
    let to_fix: Vec<String> = all
        .iter()
        .filter(|(_, m)| m.totals.anomalies > 0)
        .map(|(e, m)| format!("{} ({})", e.full_name, m.totals.anomalies))
        .collect();
    if !to_fix.is_empty() {
        return Err(AppError::rule(format!(
            "Des pointages restent à corriger en {label} : {}. Corrigez-les avant de verrouiller.",
            to_fix.join(", ")
        )));
    }
    hours::insert_lock(tx, &month, st.actor.user_id, &st.now)?;
    for (e, m) in &all {
        hours::insert_frozen(tx, &month, e.id, &m.totals)?;
    }
    let summary = format!("Heures de {label} verrouillées pour la paie ({} employé(s)).", all.len());
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::HoursLocked, "heures", &month, summary))?;
    Ok(all.len())
}

/// The frozen hours of a locked month, with their employees (payroll's only way to the hours):
/// `None` when the month is not locked.
pub fn locked_month(c: &Connection, first: NaiveDate) -> Result<Option<Vec<(Employee, Totals)>>, AppError> {
    let month = month_text(first);
    if !hours::is_locked(c, &month)? {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (employee_id, totals) in hours::frozen(c, &month)? {
        let e = employees::employee(c, employee_id)?.ok_or(AppError::NotFound)?;
        out.push((e, totals));
    }
    Ok(Some(out))
}

/// The months of a year, with whether each is locked (for the month picker).
pub fn months_of_year(c: &Connection, year: i32) -> Result<Vec<(NaiveDate, bool)>, AppError> {
    let locked = hours::locked_months(c)?;
    Ok((1..=12)
        .filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1))
        .map(|d| {
            let is = locked.contains(&month_text(d));
            (d, is)
        })
        .collect())
}

/// Every day of a month (re-exported for the views' navigation).
pub fn days(first: NaiveDate) -> Vec<NaiveDate> {
    days_of_month(first)
}
