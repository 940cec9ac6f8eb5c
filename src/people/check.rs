//! The staff's part of `fournil check`: every punch is paired, held in quarantine or explained by
//! a person (a reason and an audit line); every device punch credits the employee its PIN was
//! enrolled for; every settled quarantine line says how; locked months keep their frozen hours.

use std::collections::{BTreeMap, HashSet};

use rusqlite::Connection;

use super::ops::hours::month_of;
use super::pairing::{AnomalyKind, Mark, pair};
use super::store::{check, employees, hours, punches, schedules};
use super::{Direction, month_label, parse_month};
use crate::error::AppError;
use crate::system::marks::{self, Incremental, Proven, Since};

/// The staff's rules, the pairing resumed per employee from the mark of the last passing check.
pub const INCREMENTAL: Incremental = Incremental {
    rule: "personnel",
    rules: proven,
    triggers: &[
        "punches_mark_insert",
        "punches_mark_update",
        "punches_mark_delete",
        "enrolments_mark_update",
        "enrolments_mark_delete",
    ],
};

/// Where an employee's pairing resumes: the last punch it read (time order) and the last one
/// that counted (not a repeat): the pairing's whole state (an open IN is that last one).
type Resume = (i64, i64);

/// An employee's live punches to pair: all, or the last one that counted and those after the
/// last read; with the punch replayed to restore the state.
fn to_pair(c: &Connection, employee_id: i64, resume: Option<Resume>) -> Result<(Vec<Mark>, Option<i64>), AppError> {
    let mark = |p: &super::Punch| Mark { id: p.id, at: p.local, direction: p.direction };
    let Some((read, counted)) = resume else {
        return Ok((punches::live_of(c, employee_id)?.iter().map(mark).collect(), None));
    };
    let replayed = punches::punch(c, counted)?.filter(|p| !p.voided);
    let mut out: Vec<Mark> = replayed.iter().map(mark).collect();
    out.extend(punches::live_after(c, employee_id, read)?.iter().map(mark));
    Ok((out, replayed.map(|p| p.id)))
}

/// Every unpaired punch, except a last IN that may be a shift in progress (the check has no clock),
/// and where each employee's pairing stopped.
fn unpaired(c: &Connection, since: Option<Since>) -> Result<(Vec<String>, BTreeMap<String, Resume>), AppError> {
    let mut out = Vec::new();
    let mut state = BTreeMap::new();
    // One employee's punches at a time: five years of every employee's never sit in memory.
    for (employee_id, name) in check::employees_with_punches(c)? {
        let key = employee_id.to_string();
        let resume = since.filter(|s| !s.dirty.contains(&key)).and_then(|s| s.mark.sums.get(&key).copied());
        let schedule = schedules::schedule(c, employee_id)?;
        let (marks, replayed) = to_pair(c, employee_id, resume)?;
        let p = pair(&marks, &|d| schedule.shifts_on(d), None);
        let read = marks.last().map(|m| m.id).or(resume.map(|r| r.0)).unwrap_or(0);
        let counted = marks.iter().rev().find(|m| !p.repeats.contains(&m.id)).map(|m| m.id);
        state.insert(key, (read, counted.or(resume.map(|r| r.1)).unwrap_or(0)));
        let was_out = marks.first().is_some_and(|m| m.direction == Direction::Out);
        for a in p.anomalies {
            // The replayed OUT found alone is no news: the run that read it passed.
            if replayed == Some(a.punch_id) && was_out && a.kind == AnomalyKind::MissingIn {
                continue;
            }
            out.push(format!(
                "{name} : {} le {} (pointage n° {})",
                a.kind.label().to_lowercase(),
                a.at.format("%d/%m/%Y %H:%M"),
                a.punch_id
            ));
        }
    }
    Ok((out, state))
}

/// Punches a person entered or voided: each with its reason and its audit line.
fn unexplained(c: &Connection) -> Result<Vec<String>, AppError> {
    let audit: HashSet<(String, String)> = check::punch_audit(c)?.into_iter().collect();
    let audited = |id: i64, kinds: &[&str]| kinds.iter().any(|k| audit.contains(&(id.to_string(), k.to_string())));
    let mut out = Vec::new();
    for (id, reason) in check::explained_punches(c, false)? {
        if reason.trim().is_empty() {
            out.push(format!("pointage n° {id} saisi sans motif"));
        } else if !audited(id, &["personnel.pointage_saisi", "personnel.quarantaine"]) {
            out.push(format!("pointage n° {id} saisi sans ligne d'audit"));
        }
    }
    for (id, reason) in check::explained_punches(c, true)? {
        if reason.trim().is_empty() {
            out.push(format!("pointage n° {id} annulé sans motif"));
        } else if !audited(id, &["personnel.pointage_annule"]) {
            out.push(format!("pointage n° {id} annulé sans ligne d'audit"));
        }
    }
    Ok(out)
}

/// Locked months: the frozen hours are the hours computed again.
fn frozen_hours(c: &Connection) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    for month in hours::locked_months(c)? {
        let Some(first) = parse_month(&month) else { continue };
        for (employee_id, frozen) in hours::frozen(c, &month)? {
            let Some(e) = employees::employee(c, employee_id)? else { continue };
            let (m, _) = month_of(c, &e, first, None)?;
            if m.totals != frozen {
                out.push(format!("{} en {} : heures figées ≠ heures recalculées", e.full_name, month_label(first)));
            }
        }
    }
    Ok(out)
}

/// The rules, the punches after the mark (and every punch of an employee written behind it)
/// for the pairing, the device codes and the locked months' punches; the locked months' hours
/// are computed again at every run.
fn proven(c: &Connection, since: Option<Since>) -> Proven {
    let after = since.map_or(0, |s| s.mark.upto);
    let dirty = serde_json::to_string(since.map_or(&[][..], |s| s.dirty)).map_err(|e| AppError::Internal(e.into()))?;
    let codes_after = if since.is_some_and(|s| s.dirty.iter().any(|d| d == "inscriptions")) { 0 } else { after };
    let upto = punches::last_id(c)?;
    let mut after_lock = check::changed_after_lock(c, after, &dirty)?;
    after_lock.extend(frozen_hours(c)?);
    let (pairing, state) = unpaired(c, since)?;
    let found = vec![
        ("Pointages : chacun apparié, en quarantaine ou corrigé avec un motif", pairing),
        ("Pointages saisis ou annulés : un motif et une ligne d'audit chacun", unexplained(c)?),
        (
            "Pointages de pointeuse : au nom de l'employé inscrit sous ce code",
            check::misattributed_punches(c, codes_after, &dirty)?,
        ),
        ("Quarantaine : chaque ligne réglée dit comment", check::unsettled_quarantine(c)?),
        ("Mois verrouillés : pointages inchangés, heures figées = heures recalculées", after_lock),
    ];
    Ok((found, marks::Mark { upto, day: String::new(), sums: state }))
}
