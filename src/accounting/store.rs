//! All SQL of the books.

pub mod check;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Account, BalanceRow, Entry, Line, LineDraft};
use crate::money::Money;

pub fn account(conn: &Connection, code: &str) -> rusqlite::Result<Option<Account>> {
    conn.prepare_cached("SELECT code, name, class, nature FROM accounts WHERE code = ?1 AND active = 1")?
        .query_row([code], |r| Ok(Account { code: r.get(0)?, name: r.get(1)?, class: r.get(2)?, nature: r.get(3)? }))
        .optional()
}

pub fn accounts(conn: &Connection) -> rusqlite::Result<Vec<Account>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, name, class, nature FROM accounts WHERE active = 1 ORDER BY code")?;
    stmt.query_map([], |r| Ok(Account { code: r.get(0)?, name: r.get(1)?, class: r.get(2)?, nature: r.get(3)? }))?
        .collect()
}

/// A month is closed if it, or any later month, was closed: closing October also protects
/// September, whose balances October's closing relied on.
pub fn is_closed(conn: &Connection, month: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM closed_periods WHERE month >= ?1)")?
        .query_row([month], |r| r.get(0))
}

pub fn close(conn: &Connection, month: &str, now: &str, user_id: Option<i64>) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT OR IGNORE INTO closed_periods (month, closed_at, user_id) VALUES (?1, ?2, ?3)",
        params![month, now, user_id],
    )
}

pub fn closed_months(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT month FROM closed_periods ORDER BY month DESC")?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// The next number of a series for a year, gapless (the caller's transaction holds the write lock).
pub fn next_number(conn: &Connection, series: &str, year: i32) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO sequences (series, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT (series, year) DO UPDATE SET last = last + 1
         RETURNING last",
    )?
    .query_row(params![series, year], |r| r.get(0))
}

#[allow(clippy::too_many_arguments)]
pub fn insert_entry(
    conn: &Connection,
    number: &str,
    journal: &str,
    day: &str,
    description: &str,
    source_type: &str,
    source_id: i64,
    reverses: Option<i64>,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO journal_entries (number, journal, day, description, source_type, source_id, reverses, created_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![number, journal, day, description, source_type, source_id, reverses, now, user_id])?;
    Ok(conn.last_insert_rowid())
}

/// A line of an entry dated `day`, and the account's total of that day.
pub fn insert_line(conn: &Connection, entry_id: i64, day: &str, l: &LineDraft) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO journal_lines (entry_id, account, debit, credit, label) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![entry_id, l.account, l.debit, l.credit, l.label])?;
    conn.prepare_cached(
        "INSERT INTO account_days (account, day, debit, credit) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account, day) DO UPDATE SET debit = debit + ?3, credit = credit + ?4",
    )?
    .execute(params![l.account, day, l.debit, l.credit])?;
    Ok(())
}

fn lines(conn: &Connection, entry_id: i64) -> rusqlite::Result<Vec<Line>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.account, a.name, l.debit, l.credit, l.label FROM journal_lines l JOIN accounts a ON a.code = l.account
         WHERE l.entry_id = ?1 ORDER BY l.debit = 0, l.id",
    )?;
    stmt.query_map([entry_id], |r| {
        Ok(Line { account: r.get(0)?, account_name: r.get(1)?, debit: r.get(2)?, credit: r.get(3)?, label: r.get(4)? })
    })?
    .collect()
}

fn entry_row(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        number: r.get(1)?,
        journal: r.get(2)?,
        day: r.get(3)?,
        description: r.get(4)?,
        source_type: r.get(5)?,
        source_id: r.get(6)?,
        reverses: r.get(7)?,
        lines: Vec::new(),
    })
}

const ENTRY_COLUMNS: &str = "id, number, journal, day, description, source_type, source_id, reverses";

pub fn entry(conn: &Connection, id: i64) -> rusqlite::Result<Option<Entry>> {
    let e = conn
        .query_row(&format!("SELECT {ENTRY_COLUMNS} FROM journal_entries WHERE id = ?1"), [id], entry_row)
        .optional()?;
    match e {
        Some(mut e) => {
            e.lines = lines(conn, e.id)?;
            Ok(Some(e))
        }
        None => Ok(None),
    }
}

/// Entries of a document (a purchase and its payments, an adjustment…), oldest first.
pub fn entries_of(conn: &Connection, source_type: &str, source_id: i64) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM journal_entries WHERE source_type = ?1 AND source_id = ?2 ORDER BY id"
    ))?;
    let mut out = stmt.query_map(params![source_type, source_id], entry_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for e in &mut out {
        e.lines = lines(conn, e.id)?;
    }
    Ok(out)
}

/// The entry that reverses this one, if any.
pub fn reversal_of(conn: &Connection, id: i64) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM journal_entries WHERE reverses = ?1", [id], |r| r.get(0)).optional()
}

pub fn is_reversed(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM journal_entries WHERE reverses = ?1)", [id], |r| r.get(0))
}

/// One page of the journal, newest first, optionally one journal and a date range.
pub fn journal(
    conn: &Connection,
    journal: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM journal_entries
         WHERE (?1 IS NULL OR journal = ?1) AND (?2 IS NULL OR day >= ?2) AND (?3 IS NULL OR day <= ?3)
         ORDER BY day DESC, id DESC LIMIT ?4 OFFSET ?5"
    ))?;
    let mut out =
        stmt.query_map(params![journal, from, to, limit, offset], entry_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for e in &mut out {
        e.lines = lines(conn, e.id)?;
    }
    Ok(out)
}

/// An account's lines up to a date, oldest first: (day, entry number, entry id, description, debit, credit).
pub type LedgerLine = (String, String, i64, String, Money, Money);

pub fn ledger(
    conn: &Connection,
    account: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> rusqlite::Result<Vec<LedgerLine>> {
    let mut stmt = conn.prepare(
        "SELECT e.day, e.number, e.id, CASE WHEN l.label = '' THEN e.description ELSE e.description || ' — ' || l.label END, l.debit, l.credit
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.account = ?1 AND (?2 IS NULL OR e.day >= ?2) AND (?3 IS NULL OR e.day <= ?3)
         ORDER BY e.day, e.id, l.id",
    )?;
    stmt.query_map(params![account, from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })?
    .collect()
}

/// Σ debit − Σ credit of an account before a date (the opening of a ledger page).
pub fn net_before(conn: &Connection, account: &str, before: &str) -> rusqlite::Result<Money> {
    conn.query_row(
        "SELECT coalesce(sum(debit - credit), 0) FROM account_days WHERE account = ?1 AND day < ?2",
        params![account, before],
        |r| r.get(0),
    )
}

/// Debit and credit totals per account up to a date (inclusive), every account that moved.
pub fn trial_balance(conn: &Connection, to: Option<&str>) -> rusqlite::Result<Vec<BalanceRow>> {
    let mut stmt = conn.prepare(
        "SELECT a.code, a.name, coalesce(sum(d.debit), 0), coalesce(sum(d.credit), 0)
         FROM account_days d JOIN accounts a ON a.code = d.account
         WHERE (?1 IS NULL OR d.day <= ?1)
         GROUP BY a.code ORDER BY a.code",
    )?;
    stmt.query_map(params![to], |r| {
        Ok(BalanceRow { code: r.get(0)?, name: r.get(1)?, debit: r.get(2)?, credit: r.get(3)? })
    })?
    .collect()
}

/// Σ debit − Σ credit of the accounts whose code starts with `prefix` (digits): a range on the
/// key (':' follows '9'), read from the kept day totals.
pub fn net_of_prefix(conn: &Connection, prefix: &str) -> rusqlite::Result<Money> {
    conn.query_row(
        "SELECT coalesce(sum(debit - credit), 0) FROM account_days WHERE account >= ?1 AND account < ?1 || ':'",
        [prefix],
        |r| r.get(0),
    )
}

/// Σ debit − Σ credit of one account.
pub fn net_of(conn: &Connection, account: &str) -> rusqlite::Result<Money> {
    conn.query_row("SELECT coalesce(sum(debit - credit), 0) FROM account_days WHERE account = ?1", [account], |r| {
        r.get(0)
    })
}

/// Reopens a closed month (the operation checks it is the last one).
pub fn reopen(conn: &Connection, month: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM closed_periods WHERE month = ?1", [month])
}

/// The entry written by a manual entry's token (a replay).
pub fn manual_entry_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT e.id FROM manual_entries m JOIN journal_entries e ON e.source_type = 'saisie' AND e.source_id = m.id
         WHERE m.token = ?1 AND e.reverses IS NULL",
        [token],
        |r| r.get(0),
    )
    .optional()
}

pub fn insert_manual(
    conn: &Connection,
    note: &str,
    token: Option<&str>,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO manual_entries (note, token, created_at, user_id) VALUES (?1, ?2, ?3, ?4)",
        params![note, token, now, user_id],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Whether a code exists in the chart, active or not.
pub fn any_account(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM accounts WHERE code = ?1)", [code], |r| r.get(0))
}

/// The active account whose code is the longest proper prefix of `code`.
pub fn parent_account(conn: &Connection, code: &str) -> rusqlite::Result<Option<Account>> {
    conn.query_row(
        "SELECT code, name, class, nature FROM accounts
         WHERE active = 1 AND length(code) < length(?1) AND substr(?1, 1, length(code)) = code
         ORDER BY length(code) DESC LIMIT 1",
        [code],
        |r| Ok(Account { code: r.get(0)?, name: r.get(1)?, class: r.get(2)?, nature: r.get(3)? }),
    )
    .optional()
}

pub fn insert_account(conn: &Connection, code: &str, name: &str, class: i64, nature: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO accounts (code, name, class, nature, custom) VALUES (?1, ?2, ?3, ?4, 1)",
        params![code, name, class, nature],
    )?;
    Ok(())
}

/// Debit and credit totals per account over a period (inclusive): the income statement's input.
pub fn movements(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<BalanceRow>> {
    let mut stmt = conn.prepare(
        "SELECT a.code, a.name, coalesce(sum(d.debit), 0), coalesce(sum(d.credit), 0)
         FROM account_days d JOIN accounts a ON a.code = d.account
         WHERE d.day BETWEEN ?1 AND ?2
         GROUP BY a.code ORDER BY a.code",
    )?;
    stmt.query_map(params![from, to], |r| {
        Ok(BalanceRow { code: r.get(0)?, name: r.get(1)?, debit: r.get(2)?, credit: r.get(3)? })
    })?
    .collect()
}

/// Per entry of a period that moved the cash accounts (class 5) as a whole: the cash it moved
/// (+ in, − out) and whether its other side is an investment (class 2) or financing (class 1),
/// each given to `each` as it is read: a year of the till is a hundred thousand entries, which
/// the check's statements collected whole (17 MB of heap at its peak, heaptrack).
pub fn cash_entries(
    conn: &Connection,
    from: &str,
    to: &str,
    each: &mut dyn FnMut(Money, bool, bool),
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT sum(CASE WHEN l.account LIKE '5%' THEN l.debit - l.credit ELSE 0 END) AS cash,
                max(l.account LIKE '2%'), max(l.account LIKE '1%')
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
         WHERE e.day BETWEEN ?1 AND ?2 GROUP BY e.id HAVING cash <> 0",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?, r.get(2)?);
    }
    Ok(())
}

/// A journal line of a period with its entry, for the exports.
#[derive(Debug, Clone)]
pub struct ExportLine {
    pub day: String,
    pub journal: String,
    pub number: String,
    pub account: String,
    pub account_name: String,
    pub label: String,
    pub debit: Money,
    pub credit: Money,
}

/// Every line of a period: by account then date (the general ledger) or by entry (the journal).
pub fn period_lines(conn: &Connection, from: &str, to: &str, by_account: bool) -> rusqlite::Result<Vec<ExportLine>> {
    let order = if by_account { "l.account, e.day, e.id, l.id" } else { "e.day, e.id, l.id" };
    let mut stmt = conn.prepare(&format!(
        "SELECT e.day, e.journal, e.number, l.account, a.name,
                CASE WHEN l.label = '' THEN e.description ELSE e.description || ' — ' || l.label END, l.debit, l.credit
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.code = l.account
         WHERE e.day BETWEEN ?1 AND ?2 ORDER BY {order}"
    ))?;
    stmt.query_map(params![from, to], |r| {
        Ok(ExportLine {
            day: r.get(0)?,
            journal: r.get(1)?,
            number: r.get(2)?,
            account: r.get(3)?,
            account_name: r.get(4)?,
            label: r.get(5)?,
            debit: r.get(6)?,
            credit: r.get(7)?,
        })
    })?
    .collect()
}

/// The first and the last day that carry an entry.
pub fn first_and_last_day(conn: &Connection) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row("SELECT min(day), max(day) FROM account_days", [], |r| {
        Ok(r.get::<_, Option<String>>(0)?.zip(r.get::<_, Option<String>>(1)?))
    })
}

/// Opens an auxiliary account of the chart (a deliveryman's 467…) unless it exists.
pub fn ensure_account(conn: &Connection, code: &str, name: &str, class: i64, nature: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT OR IGNORE INTO accounts (code, name, class, nature) VALUES (?1, ?2, ?3, ?4)",
        params![code, name, class, nature],
    )
}

/// The closed years, newest first: (year, result, carried to, closed at).
pub fn closed_years(conn: &Connection) -> rusqlite::Result<Vec<(i64, Money, String, String)>> {
    let mut stmt = conn.prepare("SELECT year, result, carried_to, closed_at FROM closed_years ORDER BY year DESC")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

/// A year is closed for good once it, or a later one, was closed.
pub fn year_closed(conn: &Connection, year: i32) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM closed_years WHERE year >= ?1)")?.query_row([year], |r| r.get(0))
}

/// Whether any entry is dated in a year.
pub fn has_entries_in(conn: &Connection, year: i32) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM account_days WHERE substr(day, 1, 4) = ?1)", [year.to_string()], |r| {
        r.get(0)
    })
}

#[allow(clippy::too_many_arguments)]
pub fn insert_closed_year(
    conn: &Connection,
    year: i32,
    result: Money,
    carried_to: &str,
    closing: Option<i64>,
    carry: Option<i64>,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO closed_years (year, result, carried_to, closing_entry_id, carry_entry_id, closed_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![year, result, carried_to, closing, carry, now, user_id],
    )?;
    Ok(())
}

pub fn insert_opening(conn: &Connection, year: i32, r: &BalanceRow) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO opening_balances (year, account, debit, credit) VALUES (?1, ?2, ?3, ?4)",
        params![year, r.code, r.debit, r.credit],
    )?;
    Ok(())
}

/// The à-nouveaux a year opens with, by account.
pub fn opening_balances(conn: &Connection, year: i32) -> rusqlite::Result<Vec<BalanceRow>> {
    let mut stmt = conn.prepare(
        "SELECT o.account, a.name, o.debit, o.credit FROM opening_balances o JOIN accounts a ON a.code = o.account
         WHERE o.year = ?1 ORDER BY o.account",
    )?;
    stmt.query_map([year], |r| {
        Ok(BalanceRow { code: r.get(0)?, name: r.get(1)?, debit: r.get(2)?, credit: r.get(3)? })
    })?
    .collect()
}

/// Debit and credit per account of the year-end closing entries of a period: the income
/// statement leaves them out (they empty classes 6 and 7 into 12).
pub fn year_end_movements(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<BalanceRow>> {
    let mut stmt = conn.prepare(
        "SELECT l.account, a.name, sum(l.debit), sum(l.credit) FROM journal_lines l
         JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.code = l.account
         WHERE e.source_type = 'year_end' AND e.day BETWEEN ?1 AND ?2 GROUP BY l.account",
    )?;
    stmt.query_map(params![from, to], |r| {
        Ok(BalanceRow { code: r.get(0)?, name: r.get(1)?, debit: r.get(2)?, credit: r.get(3)? })
    })?
    .collect()
}
