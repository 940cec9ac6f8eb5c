//! The integrity check: proves the database agrees with itself. Read-only.

use std::borrow::Cow;

use rusqlite::Connection;

use super::marks::{Found, Incremental, Marks, NewMark, missing_triggers};
use super::store;
use crate::auth::Permission;
use crate::db::migrate;
use crate::error::AppError;

/// One rule checked, with what was found when it failed. Serialized: a check run in a child
/// process sends its report to the server (`super::child`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub rule: Cow<'static, str>,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub schema_version: i64,
    pub findings: Vec<Finding>,
    /// Which proof ran, in the shop's words ("contrôle incrémental depuis le …").
    pub mode: String,
    /// Incremental: when the oldest mark it started from was proven; `None`: from the first row.
    pub since: Option<String>,
    /// The marks this run proved, kept only when it passed and is recorded.
    #[serde(skip)]
    pub marks: Vec<NewMark>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.findings.iter().all(|f| f.ok)
    }

    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.ok)
    }
}

/// A domain whose rules go over its whole history at every run.
type Rules = fn(&Connection) -> Found;

enum Part {
    Whole(Rules),
    Since(&'static Incremental),
}

/// The domains whose ledgers the check proves, in the order they run.
const DOMAINS: &[(&str, Part)] = &[
    ("catalogue", Part::Whole(crate::catalog::check::findings)),
    ("stock", Part::Since(&crate::stock::check::INCREMENTAL)),
    ("achats", Part::Since(&crate::purchases::check::INCREMENTAL)),
    ("caisse", Part::Since(&crate::pos::store::check::INCREMENTAL)),
    ("tiroirs", Part::Since(&crate::cash::check::INCREMENTAL)),
    ("production", Part::Whole(crate::production::check::findings)),
    ("clients", Part::Whole(crate::customers::check::findings)),
    ("commandes", Part::Since(&crate::orders::check::INCREMENTAL)),
    ("personnel", Part::Since(&crate::people::check::INCREMENTAL)),
    ("paie", Part::Whole(crate::payroll::check::findings)),
    ("dépenses", Part::Whole(crate::expenses::check::findings)),
    ("fiscalité", Part::Whole(crate::tax::check::findings)),
    ("banque", Part::Whole(crate::bank::check::findings)),
    ("comptabilité", Part::Since(&crate::accounting::check::INCREMENTAL)),
    ("livraisons", Part::Whole(crate::deliveries::check::findings)),
    ("clients pro", Part::Whole(crate::b2b::check::findings)),
    ("indicateurs", Part::Since(&crate::kpi::check::INCREMENTAL)),
    ("messagerie", Part::Whole(crate::mail::check::findings)),
];

/// How many days a passing `--full` run stands for the file's structure: within them the
/// ordinary run skips `quick_check` (11 s on five years; the server's nightly run is full).
const STRUCTURE_DAYS: i64 = 7;

fn finding(rule: &'static str, problems: Vec<String>) -> Finding {
    Finding { rule: Cow::Borrowed(rule), ok: problems.is_empty(), detail: problems.join(" ; ") }
}

/// How deep the check goes into SQLite's own structure; the ledgers' rules always run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// `PRAGMA integrity_check` (every index against its table) and every foreign key: the
    /// complete proof (`fournil check --full`, the nightly run, a restore). Minutes on 5 years.
    Full,
    /// `PRAGMA quick_check` (every page and record, not the indexes' contents) unless a full run
    /// passed within `STRUCTURE_DAYS`; foreign keys are enforced by every connection as rows are
    /// written; the ledgers proven from their marks (incremental). `fournil check`, the admin's page.
    Quick,
    /// The ledgers' rules alone, from their marks, for a file whose structure was just proven (a
    /// backup's copy).
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
    run_with(conn, depth, None)
}

/// `quick_check` unless a `--full` run passed within `STRUCTURE_DAYS` of `now`.
fn structure_rule(
    conn: &Connection,
    depth: Depth,
    now: Option<&str>,
) -> Result<Option<(&'static str, bool)>, AppError> {
    Ok(match depth {
        Depth::Full => Some(("Structure du fichier SQLite (integrity_check)", true)),
        Depth::Ledgers => None,
        Depth::Quick => {
            let recent = match now.and_then(crate::clock::parse_stamp) {
                Some(now) => {
                    let after = crate::clock::stamp(now - chrono::Duration::days(STRUCTURE_DAYS));
                    migrate::version(conn)? == migrate::LATEST && store::full_run_since(conn, &after)?
                }
                None => false,
            };
            (!recent).then_some(("Structure du fichier SQLite (quick_check)", false))
        }
    })
}

fn run_with(conn: &Connection, depth: Depth, now: Option<&str>) -> Result<Report, AppError> {
    let mut findings = Vec::new();
    if let Some((rule, full)) = structure_rule(conn, depth, now)? {
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
    findings.extend(foundation(conn)?);

    // The domains' rules read today's tables: on an older schema (a copy taken before an
    // upgrade) only the rules above apply, and "Version du schéma" says why.
    let mut report = Report { schema_version: version, findings, mode: String::new(), since: None, marks: Vec::new() };
    if version == migrate::LATEST {
        domains(conn, depth != Depth::Full, &mut report)?;
    }
    report.mode = mode(conn, &report, version)?;
    // What the rules read in batches goes back to the system (crate::memory).
    crate::memory::give_back();
    Ok(report)
}

/// The shop's settings, its administrators, its roles' rights, the audit log's guards.
fn foundation(conn: &Connection) -> Result<Vec<Finding>, AppError> {
    let mut findings = Vec::new();
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
    Ok(findings)
}

const GUARDS: &str = "Registres en ajout seul : déclencheurs du contrôle incrémental";

/// Every domain's rules; the incremental ones from their marks when `incremental` and their
/// triggers are all there. A passing run also says which marks it proved.
fn domains(conn: &Connection, incremental: bool, report: &mut Report) -> Result<(), AppError> {
    let marks = if incremental { Marks::load(conn)? } else { Marks::default() };
    let mut guards = Vec::new();
    let mut since: Option<String> = None;
    let mut proved = Vec::new();
    for (domain, part) in DOMAINS {
        let clock = std::time::Instant::now();
        let found = match part {
            Part::Whole(rules) => rules(conn)?,
            Part::Since(inc) => {
                let missing = missing_triggers(conn, inc.triggers)?;
                guards.extend(missing.iter().map(|t| {
                    format!("contrôle incrémental désactivé : déclencheur {t} absent — lancez fournil check --full")
                }));
                let from = if missing.is_empty() { marks.since(inc.rule) } else { None };
                if from.is_some()
                    && let Some(at) = marks.proven_at(inc.rule)
                    && since.as_deref().is_none_or(|s| at < s)
                {
                    since = Some(at.to_string());
                }
                let (found, mark) = (inc.rules)(conn, from)?;
                proved.push(NewMark { rule: inc.rule, mark, dirty_seen: marks.dirty_seen });
                found
            }
        };
        tracing::debug!(part = domain, ms = clock.elapsed().as_millis() as u64, "contrôle");
        for (rule, problems) in found {
            report.findings.push(finding(rule, problems));
        }
    }
    report.findings.push(finding(GUARDS, guards));
    report.since = since;
    if report.ok() {
        report.marks = proved;
    }
    Ok(())
}

/// "Contrôle incrémental depuis le … ; contrôle complet le …", or "Contrôle complet".
fn mode(conn: &Connection, report: &Report, version: i64) -> Result<String, AppError> {
    let at = |s: &str| s.get(..16).unwrap_or(s).replace('T', " ") + " UTC";
    let Some(since) = &report.since else {
        return Ok("Contrôle complet : chaque registre prouvé depuis sa première ligne.".into());
    };
    let last = if version == migrate::LATEST { store::last_complete_run(conn)? } else { None };
    let full = last.map(|l| format!(" ; dernier contrôle complet le {}", at(&l))).unwrap_or_default();
    Ok(format!("Contrôle incrémental : registres prouvés depuis le {}{full}.", at(since)))
}

/// Where a check was run from, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `fournil check` on the command line.
    Command,
    /// The admin's page (`/admin/controle`) or its API (`GET /api/v1/controle`).
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

    pub fn from_code(code: &str) -> Option<Origin> {
        [Origin::Command, Origin::Page, Origin::Server].into_iter().find(|o| o.code() == code)
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
    let report = run_with(conn, depth, Some(&started_at))?;
    let run = store::CheckRun {
        started_at,
        duration_ms: i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX),
        origin: origin.code().into(),
        ok: report.ok(),
        failed: report.failures().map(|f| f.rule.to_string()).collect(),
        full: depth == Depth::Full,
        since: report.since.clone(),
        marks: report.marks.clone(),
    };
    Ok((report, run))
}

/// Records a run of the check (its own small transaction: the check itself only reads); a run
/// that passed moves the marks to what it proved.
pub fn record(tx: &rusqlite::Transaction, run: &store::CheckRun) -> Result<(), AppError> {
    store::insert_check_run(tx, run)?;
    if run.ok {
        super::marks::keep(tx, &run.marks, &run.started_at)?;
    }
    Ok(())
}

/// The last run of the check, if any ever ran.
pub fn last(conn: &Connection) -> Result<Option<store::CheckRun>, AppError> {
    Ok(store::last_check_run(conn)?)
}
