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

/// One domain's rules: each rule's name and what it found wrong.
type Rules = fn(&Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError>;

/// The domains whose ledgers the check proves, in the order they run.
const DOMAINS: &[(&str, Rules)] = &[
    ("catalogue", crate::catalog::check::findings),
    ("stock", crate::stock::check::findings),
    ("achats", crate::purchases::check::findings),
    ("caisse", crate::pos::store::check::findings),
    ("tiroirs", crate::cash::check::findings),
    ("production", crate::production::check::findings),
    ("clients", crate::customers::check::findings),
    ("commandes", crate::orders::check::findings),
    ("personnel", crate::people::check::findings),
    ("paie", crate::payroll::check::findings),
    ("dépenses", crate::expenses::check::findings),
    ("fiscalité", crate::tax::check::findings),
    ("banque", crate::bank::check::findings),
    ("comptabilité", crate::accounting::check::findings),
    ("livraisons", crate::deliveries::check::findings),
    ("clients pro", crate::b2b::check::findings),
    ("indicateurs", crate::kpi::check::findings),
    ("messagerie", crate::mail::check::findings),
];

fn finding(rule: &'static str, problems: Vec<String>) -> Finding {
    Finding { rule, ok: problems.is_empty(), detail: problems.join(" ; ") }
}

/// How deep the check goes into SQLite's own structure; the ledgers' rules always run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// `PRAGMA integrity_check` (every index against its table) and every foreign key: the
    /// complete proof (`fournil check --full`, the nightly run, a restore). Minutes on 5 years.
    Full,
    /// `PRAGMA quick_check` (every page and record, not the indexes' contents); foreign keys are
    /// enforced by every connection as rows are written. `fournil check`, the admin's page.
    Quick,
    /// The ledgers' rules alone, for a file whose structure was just proven (a backup's copy).
    Ledgers,
}

/// The complete proof.
pub fn run(conn: &Connection) -> Result<Report, AppError> {
    run_at(conn, Depth::Full)
}

fn timed_part<T>(part: &str, f: impl FnOnce() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let clock = std::time::Instant::now();
    let out = f();
    tracing::debug!(part, ms = clock.elapsed().as_millis() as u64, "contrôle");
    out
}

pub fn run_at(conn: &Connection, depth: Depth) -> Result<Report, AppError> {
    let mut findings = Vec::new();
    let structure = match depth {
        Depth::Full => Some(("Structure du fichier SQLite (integrity_check)", true)),
        Depth::Quick => Some(("Structure du fichier SQLite (quick_check)", false)),
        Depth::Ledgers => None,
    };
    if let Some((rule, full)) = structure {
        let lines = timed_part(rule, || store::structure_check(conn, full))?;
        findings.push(finding(rule, lines.into_iter().filter(|l| l != "ok").collect()));
    }
    if depth == Depth::Full {
        let fk = timed_part("foreign_key_check", || store::foreign_key_problems(conn))?;
        findings.push(finding("Clés étrangères", fk));
    }

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
        for (domain, rules) in DOMAINS {
            let clock = std::time::Instant::now();
            let found = rules(conn)?;
            tracing::debug!(part = domain, ms = clock.elapsed().as_millis() as u64, "contrôle");
            for (rule, problems) in found {
                findings.push(finding(rule, problems));
            }
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
pub fn timed(
    conn: &Connection,
    origin: Origin,
    depth: Depth,
    started_at: String,
) -> Result<(Report, store::CheckRun), AppError> {
    let clock = std::time::Instant::now();
    let report = run_at(conn, depth)?;
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
