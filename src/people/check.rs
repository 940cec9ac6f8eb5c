//! The staff's part of `fournil check`: every punch is paired, held in quarantine or explained by
//! a person (a reason and an audit line); every device punch credits the employee its PIN was
//! enrolled for; every settled quarantine line says how; locked months keep their frozen hours.

use std::collections::HashSet;

use rusqlite::Connection;

use super::ops::hours::month_of;
use super::pairing::pair;
use super::store::{check, employees, hours, punches, schedules};
use super::{month_label, parse_month};
use crate::error::AppError;

/// Every unpaired punch, except a last IN that may be a shift in progress (the check has no clock).
fn unpaired(c: &Connection) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    // One employee's punches at a time: five years of every employee's never sit in memory.
    for (employee_id, name) in check::employees_with_punches(c)? {
        let schedule = schedules::schedule(c, employee_id)?;
        let marks = punches::live_marks_of(c, employee_id)?;
        let p = pair(&marks, &|d| schedule.shifts_on(d), None);
        for a in p.anomalies {
            out.push(format!(
                "{name} : {} le {} (pointage n° {})",
                a.kind.label().to_lowercase(),
                a.at.format("%d/%m/%Y %H:%M"),
                a.punch_id
            ));
        }
    }
    Ok(out)
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

pub fn findings(c: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let mut after_lock = check::changed_after_lock(c)?;
    after_lock.extend(frozen_hours(c)?);
    Ok(vec![
        ("Pointages : chacun apparié, en quarantaine ou corrigé avec un motif", unpaired(c)?),
        ("Pointages saisis ou annulés : un motif et une ligne d'audit chacun", unexplained(c)?),
        ("Pointages de pointeuse : au nom de l'employé inscrit sous ce code", check::misattributed_punches(c)?),
        ("Quarantaine : chaque ligne réglée dit comment", check::unsettled_quarantine(c)?),
        ("Mois verrouillés : pointages inchangés, heures figées = heures recalculées", after_lock),
    ])
}
