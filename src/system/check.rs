//! The integrity check: proves the database agrees with itself. Read-only.

use rusqlite::Connection;

use super::store;
use crate::auth::Permission;
use crate::db::migrate;
use crate::error::AppError;

/// One rule checked, with what was found when it failed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub schema_version: i64,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.findings.iter().all(|f| f.ok)
    }

    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.ok)
    }
}

fn finding(rule: &'static str, problems: Vec<String>) -> Finding {
    Finding { rule, ok: problems.is_empty(), detail: problems.join(" ; ") }
}

pub fn run(conn: &Connection) -> Result<Report, AppError> {
    let mut findings = Vec::new();

    let integrity = store::integrity_check(conn)?;
    let bad: Vec<String> = integrity.into_iter().filter(|l| l != "ok").collect();
    findings.push(finding("Structure du fichier SQLite (integrity_check)", bad));

    let fk = store::foreign_key_problems(conn)?;
    findings.push(finding("Clés étrangères", fk));

    let version = migrate::version(conn)?;
    let v = if version == migrate::LATEST {
        Vec::new()
    } else {
        vec![format!("version {version}, attendue {}", migrate::LATEST)]
    };
    findings.push(finding("Version du schéma", v));

    let s = match crate::settings::store::get(conn) {
        Err(_) => vec!["paramètres de la boutique absents".to_string()],
        Ok(settings) if crate::clock::parse_tz(&settings.timezone).is_none() => {
            vec![format!("fuseau horaire inconnu : {}", settings.timezone)]
        }
        Ok(_) => Vec::new(),
    };
    findings.push(finding("Paramètres de la boutique", s));

    let users = crate::auth::store::count_users(conn)?;
    let admins = crate::auth::store::other_active_superusers(conn, 0)?;
    let a = if users > 0 && admins == 0 { vec!["aucun administrateur actif".to_string()] } else { Vec::new() };
    findings.push(finding("Au moins un administrateur actif", a));

    let unknown: Vec<String> = crate::auth::store::permission_codes(conn)?
        .into_iter()
        .filter(|c| Permission::from_code(c).is_none())
        .map(|c| format!("droit inconnu {c}"))
        .collect();
    findings.push(finding("Droits des rôles connus", unknown));

    let triggers = store::audit_log_triggers(conn)?;
    let t = if triggers.len() >= 2 { Vec::new() } else { vec!["protections du journal d'audit absentes".to_string()] };
    findings.push(finding("Journal d'audit en ajout seul", t));

    // The domains' rules read today's tables: on an older schema (a copy taken before an
    // upgrade) only the rules above apply, and "Version du schéma" says why.
    if version == migrate::LATEST {
        let domains = [
            crate::catalog::check::findings(conn)?,
            crate::stock::check::findings(conn)?,
            crate::purchases::check::findings(conn)?,
            crate::pos::store::check::findings(conn)?,
            crate::cash::check::findings(conn)?,
            crate::production::check::findings(conn)?,
            crate::customers::check::findings(conn)?,
            crate::orders::check::findings(conn)?,
            crate::people::check::findings(conn)?,
            crate::payroll::check::findings(conn)?,
            crate::expenses::check::findings(conn)?,
            crate::tax::check::findings(conn)?,
            crate::bank::check::findings(conn)?,
            crate::accounting::check::findings(conn)?,
            crate::deliveries::check::findings(conn)?,
            crate::b2b::check::findings(conn)?,
            crate::kpi::check::findings(conn)?,
            crate::mail::check::findings(conn)?,
        ];
        for (rule, problems) in domains.into_iter().flatten() {
            findings.push(finding(rule, problems));
        }
    }

    Ok(Report { schema_version: version, findings })
}

/// Where a check was run from, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `fournil check` on the command line.
    Command,
    /// The admin's page (`/admin/controle`).
    Page,
    /// The server's nightly run.
    Server,
}

impl Origin {
    pub fn code(self) -> &'static str {
        match self {
            Origin::Command => "commande",
            Origin::Page => "page",
            Origin::Server => "serveur",
        }
    }
}

/// Runs the check and says what to record of it: when it started, how long it took, what failed.
pub fn timed(conn: &Connection, origin: Origin, started_at: String) -> Result<(Report, store::CheckRun), AppError> {
    let clock = std::time::Instant::now();
    let report = run(conn)?;
    let run = store::CheckRun {
        started_at,
        duration_ms: i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX),
        origin: origin.code().into(),
        ok: report.ok(),
        failed: report.failures().map(|f| f.rule.to_string()).collect(),
    };
    Ok((report, run))
}

/// Records a run of the check (its own small transaction: the check itself only reads).
pub fn record(tx: &rusqlite::Transaction, run: &store::CheckRun) -> Result<(), AppError> {
    Ok(store::insert_check_run(tx, run)?)
}

/// The last run of the check, if any ever ran.
pub fn last(conn: &Connection) -> Result<Option<store::CheckRun>, AppError> {
    Ok(store::last_check_run(conn)?)
}
