//! The queries of the staff's integrity rules (people/check.rs).

use rusqlite::Connection;

fn strings(c: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut s = c.prepare(sql)?;
    let rows = s.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// Punches entered by a person (`voided` false) or voided (`voided` true): id and reason.
pub fn explained_punches(c: &Connection, voided: bool) -> rusqlite::Result<Vec<(i64, String)>> {
    let sql = if voided {
        "SELECT id, coalesce(void_reason, '') FROM punches WHERE voided_at IS NOT NULL"
    } else {
        "SELECT id, reason FROM punches WHERE source <> 'pointeuse'"
    };
    let mut s = c.prepare(sql)?;
    let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// The audit lines written about punches: (punch id, kind code).
pub fn punch_audit(c: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut s = c.prepare("SELECT entity_id, kind FROM audit_log WHERE entity = 'pointage'")?;
    let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Which punches `p` a rule reads: all of them (`after` 0, `?2` unused), or those after `?1` and
/// those of the employees of `?2` (two texts: the rowid range serves only when it filters alone).
fn scope(after: i64) -> &'static str {
    if after == 0 {
        "?1 = 0 AND ?2 IS NOT NULL"
    } else {
        "p.id IN (SELECT id FROM punches WHERE id > ?1
                  UNION SELECT id FROM punches WHERE employee_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?2)))"
    }
}

/// Device punches credited to someone the PIN was never enrolled for on that device, among the
/// punches after `after` (an id; 0: all) and those of the employees of `dirty` (a JSON array).
pub fn misattributed_punches(c: &Connection, after: i64, dirty: &str) -> rusqlite::Result<Vec<String>> {
    let mut s = c.prepare(&format!(
        "SELECT 'pointage n° ' || p.id || ' : code ' || p.pin || ' de la pointeuse ' || p.device_id
                || ' jamais inscrit pour l''employé ' || p.employee_id
         FROM punches p
         WHERE {}
           AND p.source = 'pointeuse'
           AND NOT EXISTS (SELECT 1 FROM enrolments n
                           WHERE n.device_id = p.device_id AND n.pin = p.pin AND n.employee_id = p.employee_id)",
        scope(after)
    ))?;
    let rows = s.query_map(rusqlite::params![after, dirty], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// Settled quarantine lines that point nowhere.
pub fn unsettled_quarantine(c: &Connection) -> rusqlite::Result<Vec<String>> {
    strings(
        c,
        "SELECT 'quarantaine n° ' || id || ' : ' || resolution || CASE WHEN resolution = 'ignore' THEN ' sans motif'
                ELSE ' sans pointage' END
         FROM punch_quarantine
         WHERE resolved_at IS NOT NULL
           AND ((resolution = 'ignore' AND trim(resolution_note) = '')
             OR (resolution <> 'ignore' AND punch_id IS NULL))",
    )
}

/// Punches entered, moved or voided in a month after it was locked, among the punches after
/// `after` (an id; 0: all) and those of the employees of `dirty` (a JSON array).
pub fn changed_after_lock(c: &Connection, after: i64, dirty: &str) -> rusqlite::Result<Vec<String>> {
    let mut s = c.prepare(&format!(
        "SELECT 'pointage n° ' || p.id || ' du ' || p.local_time || ' modifié après le verrouillage de ' || l.month
         FROM punches p JOIN hours_locks l ON l.month = substr(p.local_time, 1, 7)
         WHERE {}
           AND (p.created_at > l.locked_at OR p.voided_at > l.locked_at)",
        scope(after)
    ))?;
    let rows = s.query_map(rusqlite::params![after, dirty], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// Employees with punches, for the pairing rule.
pub fn employees_with_punches(c: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut s = c.prepare(
        "SELECT e.id, e.full_name FROM employees e WHERE EXISTS (SELECT 1 FROM punches p WHERE p.employee_id = e.id)
         ORDER BY e.id",
    )?;
    let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}
