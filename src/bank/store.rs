//! All SQL of the bank.

use rusqlite::{Connection, OptionalExtension, params};

use super::{BankLine, ImportReport, Layout, LedgerLine, ReadLine};
use crate::money::Money;

const LAYOUT: &str = "id, name, date_col, label_col, reference_col, debit_col, credit_col, amount_col";

fn layout_row(r: &rusqlite::Row) -> rusqlite::Result<Layout> {
    Ok(Layout {
        id: r.get(0)?,
        name: r.get(1)?,
        date_col: r.get(2)?,
        label_col: r.get(3)?,
        reference_col: r.get(4)?,
        debit_col: r.get(5)?,
        credit_col: r.get(6)?,
        amount_col: r.get(7)?,
    })
}

pub fn layouts(conn: &Connection) -> rusqlite::Result<Vec<Layout>> {
    let mut stmt = conn.prepare(&format!("SELECT {LAYOUT} FROM bank_layouts ORDER BY name"))?;
    stmt.query_map([], layout_row)?.collect()
}

pub fn layout(conn: &Connection, id: i64) -> rusqlite::Result<Option<Layout>> {
    conn.query_row(&format!("SELECT {LAYOUT} FROM bank_layouts WHERE id = ?1"), [id], layout_row).optional()
}

/// Saves a bank's layout under its name (a new one, or the same bank's again). Returns its id.
pub fn save_layout(conn: &Connection, l: &Layout, now: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        "INSERT INTO bank_layouts (name, date_col, label_col, reference_col, debit_col, credit_col, amount_col, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (name) DO UPDATE SET date_col = excluded.date_col, label_col = excluded.label_col,
             reference_col = excluded.reference_col, debit_col = excluded.debit_col,
             credit_col = excluded.credit_col, amount_col = excluded.amount_col, updated_at = excluded.updated_at
         RETURNING id",
        params![l.name, l.date_col, l.label_col, l.reference_col, l.debit_col, l.credit_col, l.amount_col, now],
        |r| r.get(0),
    )
}

pub fn insert_import(
    conn: &Connection,
    layout_id: i64,
    file_name: &str,
    lines_read: usize,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO bank_imports (layout_id, file_name, lines_read, lines_new, matched, at, user_id)
         VALUES (?1, ?2, ?3, 0, 0, ?4, ?5)",
        params![layout_id, file_name, lines_read as i64, now, user_id],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn finish_import(conn: &Connection, id: i64, lines_new: usize, matched: usize) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE bank_imports SET lines_new = ?2, matched = ?3 WHERE id = ?1",
        params![id, lines_new as i64, matched as i64],
    )?;
    Ok(())
}

pub fn import_report(conn: &Connection, id: i64) -> rusqlite::Result<Option<ImportReport>> {
    conn.query_row("SELECT id, file_name, lines_read, lines_new, matched FROM bank_imports WHERE id = ?1", [id], |r| {
        Ok(ImportReport {
            id: r.get(0)?,
            file_name: r.get(1)?,
            lines_read: r.get(2)?,
            lines_new: r.get(3)?,
            matched: r.get(4)?,
        })
    })
    .optional()
}

/// Stores a statement line unless its key is already there; true when it is new.
pub fn insert_line(conn: &Connection, import_id: i64, l: &ReadLine) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "INSERT INTO bank_lines (day, label, reference, amount, line_key, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (line_key) DO NOTHING",
        params![l.day.to_string(), l.label, l.reference, l.amount, l.key, import_id],
    )?;
    Ok(n == 1)
}

const LINE: &str = "b.id, b.day, b.label, b.reference, b.amount, m.journal_line_id, m.how";

fn line_row(r: &rusqlite::Row) -> rusqlite::Result<BankLine> {
    Ok(BankLine {
        id: r.get(0)?,
        day: r.get(1)?,
        label: r.get(2)?,
        reference: r.get(3)?,
        amount: r.get(4)?,
        matched_to: r.get(5)?,
        how: r.get(6)?,
    })
}

pub fn line(conn: &Connection, id: i64) -> rusqlite::Result<Option<BankLine>> {
    conn.query_row(
        &format!("SELECT {LINE} FROM bank_lines b LEFT JOIN bank_matches m ON m.bank_line_id = b.id WHERE b.id = ?1"),
        [id],
        line_row,
    )
    .optional()
}

/// The statement lines not matched yet, oldest first.
pub fn unmatched_lines(conn: &Connection) -> rusqlite::Result<Vec<BankLine>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {LINE} FROM bank_lines b LEFT JOIN bank_matches m ON m.bank_line_id = b.id
         WHERE m.bank_line_id IS NULL ORDER BY b.day, b.id"
    ))?;
    stmt.query_map([], line_row)?.collect()
}

/// The latest matched statement lines, newest first.
pub fn matched_lines(conn: &Connection, limit: i64) -> rusqlite::Result<Vec<BankLine>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {LINE} FROM bank_lines b JOIN bank_matches m ON m.bank_line_id = b.id ORDER BY b.day DESC, b.id DESC LIMIT ?1"
    ))?;
    stmt.query_map([limit], line_row)?.collect()
}

const LEDGER: &str = "SELECT jl.id, je.id, je.number, je.day, je.description || ' ' || jl.label, jl.debit - jl.credit,
    m.journal_line_id IS NOT NULL
    FROM journal_lines jl JOIN journal_entries je ON je.id = jl.entry_id
    LEFT JOIN bank_matches m ON m.journal_line_id = jl.id WHERE jl.account = '512'";

fn ledger_row(r: &rusqlite::Row) -> rusqlite::Result<LedgerLine> {
    Ok(LedgerLine {
        id: r.get(0)?,
        entry_id: r.get(1)?,
        number: r.get(2)?,
        day: r.get(3)?,
        text: r.get(4)?,
        amount: r.get(5)?,
    })
}

/// The lines of 512 not matched yet, oldest first.
pub fn unmatched_ledger(conn: &Connection) -> rusqlite::Result<Vec<LedgerLine>> {
    let mut stmt = conn.prepare(&format!("{LEDGER} AND m.journal_line_id IS NULL ORDER BY je.day, jl.id"))?;
    stmt.query_map([], ledger_row)?.collect()
}

/// A line of 512 and whether it is matched already.
pub fn ledger_line(conn: &Connection, id: i64) -> rusqlite::Result<Option<(LedgerLine, bool)>> {
    conn.query_row(&format!("{LEDGER} AND jl.id = ?1"), [id], |r| Ok((ledger_row(r)?, r.get(6)?))).optional()
}

/// The line of 512 of an entry (a bank charge's).
pub fn bank_line_of_entry(conn: &Connection, entry_id: i64) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM journal_lines WHERE entry_id = ?1 AND account = '512' ORDER BY id LIMIT 1",
        [entry_id],
        |r| r.get(0),
    )
    .optional()
}

pub fn insert_match(
    conn: &Connection,
    bank_line: i64,
    journal_line: i64,
    how: &str,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO bank_matches (bank_line_id, journal_line_id, how, at, user_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![bank_line, journal_line, how, now, user_id],
    )?;
    Ok(())
}

pub fn delete_match(conn: &Connection, bank_line: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM bank_matches WHERE bank_line_id = ?1 AND how <> 'frais'", [bank_line])
}

/// Σ of the statement lines stored.
pub fn statement_total(conn: &Connection) -> rusqlite::Result<Money> {
    conn.query_row("SELECT coalesce(sum(amount), 0) FROM bank_lines", [], |r| r.get(0))
}

/// For `fournil check`: the matches whose two sides differ (amount, or a line not of 512).
pub fn unequal_matches(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT b.id, b.amount, jl.id, jl.account, jl.debit - jl.credit FROM bank_matches m
         JOIN bank_lines b ON b.id = m.bank_line_id JOIN journal_lines jl ON jl.id = m.journal_line_id
         WHERE jl.account <> '512' OR jl.debit - jl.credit <> b.amount ORDER BY b.id",
    )?;
    stmt.query_map([], |r| {
        let (b, amount, jl, account, net): (i64, Money, i64, String, Money) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        Ok(format!("ligne de relevé n° {b} ({amount}) ≠ ligne d'écriture n° {jl} du compte {account} ({net})"))
    })?
    .collect()
}

/// The statement lines of a period (both days included) with their match, oldest first.
pub fn lines_between(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<BankLine>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {LINE} FROM bank_lines b LEFT JOIN bank_matches m ON m.bank_line_id = b.id
         WHERE b.day BETWEEN ?1 AND ?2 ORDER BY b.day, b.id"
    ))?;
    stmt.query_map([from, to], line_row)?.collect()
}

/// The lines of 512 of a period with the statement line each is matched to, oldest first.
pub fn ledger_between(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(LedgerLine, Option<i64>)>> {
    let mut stmt = conn.prepare(&format!(
        "{} AND je.day BETWEEN ?1 AND ?2 ORDER BY je.day, jl.id",
        LEDGER.replace("m.journal_line_id IS NOT NULL", "m.bank_line_id")
    ))?;
    stmt.query_map([from, to], |r| Ok((ledger_row(r)?, r.get(6)?)))?.collect()
}
