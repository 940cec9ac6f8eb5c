//! The incremental check's marks (schema 34): how far the last passing check proved each
//! domain's ledgers, the running totals it proved up to there, and the days written behind a mark
//! since (`check_dirty`, filled by triggers). A domain that proves itself from a mark declares the
//! triggers its proof relies on: the ledgers' append-only guards and the aggregates' dirty-day
//! triggers. One of them missing is a finding, and that domain is proven from its first row.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::store;
use crate::error::AppError;

/// How far a domain was proven: its last row (`upto`), the days before `day`, and its running
/// totals up to `upto` per key (e.g. `"produit:lieu"` → quantity, value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    pub upto: i64,
    pub day: String,
    pub sums: BTreeMap<String, (i64, i64)>,
}

/// What a domain's rules start from when the check is incremental: its mark and the keys (days)
/// written behind it since.
#[derive(Debug, Clone, Copy)]
pub struct Since<'a> {
    pub mark: &'a Mark,
    pub dirty: &'a [String],
}

/// Each rule's name and what it found wrong.
pub type Found = Result<Vec<(&'static str, Vec<String>)>, AppError>;

/// What an incremental domain's rules found, and the mark the snapshot they read gives (kept
/// only if the whole run passes).
pub type Proven = Result<(Vec<(&'static str, Vec<String>)>, Mark), AppError>;

/// A domain that proves itself from its mark (`None`: from its first row), what the rules need.
pub struct Incremental {
    /// Its mark's name in `check_marks`.
    pub rule: &'static str,
    pub rules: fn(&Connection, Option<Since>) -> Proven,
    /// The triggers its proof relies on: without one, rows behind the mark could change unseen.
    pub triggers: &'static [&'static str],
}

/// A mark to keep once the run passed: the domain, the mark, the last dirty row it saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMark {
    pub rule: &'static str,
    pub mark: Mark,
    pub dirty_seen: i64,
}

/// The marks as the last passing check left them.
#[derive(Debug, Default)]
pub struct Marks {
    marks: BTreeMap<String, (Mark, String)>,
    dirty: BTreeMap<String, Vec<String>>,
    /// The last row of `check_dirty` read: the rows up to it are proven by this run.
    pub dirty_seen: i64,
}

impl Marks {
    /// Every mark and every dirty key (a few rows per domain).
    pub fn load(conn: &Connection) -> Result<Marks, AppError> {
        let mut marks = BTreeMap::new();
        for (rule, upto, day, proven_at) in store::marks(conn)? {
            marks.insert(rule, (Mark { upto, day, sums: BTreeMap::new() }, proven_at));
        }
        for (rule, key, a, b) in store::mark_sums(conn)? {
            if let Some((m, _)) = marks.get_mut(&rule) {
                m.sums.insert(key, (a, b));
            }
        }
        let mut dirty: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut dirty_seen = 0;
        for (id, rule, key) in store::dirty(conn)? {
            dirty.entry(rule).or_default().push(key);
            dirty_seen = dirty_seen.max(id);
        }
        Ok(Marks { marks, dirty, dirty_seen })
    }

    /// Where `rule` starts from, if it has a mark.
    pub fn since(&self, rule: &str) -> Option<Since<'_>> {
        let (mark, _) = self.marks.get(rule)?;
        Some(Since { mark, dirty: self.dirty.get(rule).map(Vec::as_slice).unwrap_or(&[]) })
    }

    /// When `rule`'s mark was proven (a UTC stamp).
    pub fn proven_at(&self, rule: &str) -> Option<&str> {
        self.marks.get(rule).map(|(_, at)| at.as_str())
    }
}

/// The triggers of `names` that the database no longer has.
pub fn missing_triggers(conn: &Connection, names: &[&str]) -> Result<Vec<String>, AppError> {
    let present = store::trigger_names(conn)?;
    Ok(names.iter().filter(|n| !present.iter().any(|p| p == *n)).map(|n| n.to_string()).collect())
}

/// Keeps the marks of a passing run, proven at `at`: each domain's mark and running totals
/// replaced, the dirty keys it proved forgotten.
pub fn keep(tx: &Connection, marks: &[NewMark], at: &str) -> Result<(), AppError> {
    for m in marks {
        store::put_mark(tx, m.rule, &m.mark, at)?;
        store::forget_dirty(tx, m.rule, m.dirty_seen)?;
    }
    Ok(())
}
