//! The books' queries of `fournil check` (accounting/check.rs).

use rusqlite::Connection;

/// Entries whose debits and credits differ (must be none), among those after `after` (an entry
/// id; 0: all) and those of the days of `dirty` (a JSON array).
pub fn unbalanced_entries_since(conn: &Connection, after: i64, dirty: &str) -> rusqlite::Result<Vec<String>> {
    // Two texts: the rowid range is only used when the row filter is that range alone.
    let which = if after == 0 && dirty == "[]" {
        "?1 = 0 AND ?2 = '[]'"
    } else {
        "e.id IN (SELECT id FROM journal_entries WHERE id > ?1
                  UNION SELECT id FROM journal_entries WHERE day IN (SELECT value FROM json_each(?2)))"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT e.number FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id WHERE {which}
         GROUP BY e.id HAVING coalesce(sum(l.debit), 0) <> coalesce(sum(l.credit), 0) OR count(l.id) < 2"
    ))?;
    stmt.query_map(rusqlite::params![after, dirty], |r| r.get(0))?.collect()
}

/// The last entry's id and the last day with an entry (0 and "" when the books are empty).
pub fn last_entry(conn: &Connection) -> rusqlite::Result<(i64, String)> {
    conn.query_row(
        "SELECT coalesce((SELECT max(id) FROM journal_entries), 0), coalesce((SELECT max(day) FROM journal_entries), '')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Accounts and days whose kept totals differ from their journal lines (must be none).
pub fn drifted_days(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "WITH lines AS (SELECT l.account, e.day, sum(l.debit) AS debit, sum(l.credit) AS credit
                        FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id GROUP BY l.account, e.day)
         SELECT coalesce(l.account, d.account) || ' au ' || coalesce(l.day, d.day) || ' : lignes ' || coalesce(l.debit, 0) || '/'
                || coalesce(l.credit, 0) || ', totaux ' || coalesce(d.debit, 0) || '/' || coalesce(d.credit, 0)
         FROM lines l FULL OUTER JOIN account_days d ON d.account = l.account AND d.day = l.day
         WHERE coalesce(l.debit, 0) <> coalesce(d.debit, 0) OR coalesce(l.credit, 0) <> coalesce(d.credit, 0)
         LIMIT 20",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// `drifted_days` for the days the incremental check proves again: those of the entries after
/// `after`, those from `day` on, and `dirty` (a JSON array of days written behind the mark).
pub fn drifted_days_since(conn: &Connection, after: i64, day: &str, dirty: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "WITH days(day) AS (SELECT value FROM json_each(?3) UNION SELECT day FROM journal_entries WHERE id > ?1
                            UNION SELECT day FROM journal_entries WHERE day >= ?2),
              lines AS (SELECT l.account, e.day, sum(l.debit) AS debit, sum(l.credit) AS credit
                        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                        WHERE e.day IN (SELECT day FROM days) GROUP BY l.account, e.day),
              kept AS (SELECT account, day, debit, credit FROM account_days WHERE day >= ?2 OR day IN (SELECT day FROM days))
         SELECT coalesce(l.account, d.account) || ' au ' || coalesce(l.day, d.day) || ' : lignes ' || coalesce(l.debit, 0) || '/'
                || coalesce(l.credit, 0) || ', totaux ' || coalesce(d.debit, 0) || '/' || coalesce(d.credit, 0)
         FROM lines l FULL OUTER JOIN kept d ON d.account = l.account AND d.day = l.day
         WHERE coalesce(l.debit, 0) <> coalesce(d.debit, 0) OR coalesce(l.credit, 0) <> coalesce(d.credit, 0)
         LIMIT 20",
    )?;
    stmt.query_map(rusqlite::params![after, day, dirty], |r| r.get(0))?.collect()
}

/// Entries dated in a closed month but written after it was closed (must be none); the year-end
/// closing entries are the one exception (they are written once the year's months are closed,
/// before the year is locked for good).
/// Only the entries after `after` (an id; 0: all): an older one was written before the check that
/// proved it, so before any closing since.
pub fn posted_after_closing(conn: &Connection, after: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT e.number || ' (' || e.day || ', écrite ' || e.created_at || ')' FROM journal_entries e
         JOIN closed_periods p ON p.month >= substr(e.day, 1, 7) AND e.created_at > p.closed_at
         WHERE e.id > ?1 AND e.source_type <> 'year_end' GROUP BY e.id LIMIT 20",
    )?;
    stmt.query_map([after], |r| r.get(0))?.collect()
}

/// Entries dated in a closed year but written after its closing (must be none).
pub fn posted_after_year_closing(conn: &Connection, after: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT e.number || ' (' || e.day || ', écrite ' || e.created_at || ')' FROM journal_entries e
         JOIN closed_years y ON CAST(substr(e.day, 1, 4) AS INTEGER) <= y.year AND e.created_at > y.closed_at
         WHERE e.id > ?1 GROUP BY e.id LIMIT 20",
    )?;
    stmt.query_map([after], |r| r.get(0))?.collect()
}
