//! All SQL of the expenses.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Expense, ExpenseDraft, Label, Proposal};
use crate::money::Money;

pub fn labels(conn: &Connection) -> rusqlite::Result<Vec<Label>> {
    let mut stmt = conn.prepare_cached("SELECT id, label, account FROM expense_labels ORDER BY position, label")?;
    stmt.query_map([], |r| Ok(Label { id: r.get(0)?, label: r.get(1)?, account: r.get(2)? }))?.collect()
}

pub fn label(conn: &Connection, id: i64) -> rusqlite::Result<Option<Label>> {
    conn.query_row("SELECT id, label, account FROM expense_labels WHERE id = ?1", [id], |r| {
        Ok(Label { id: r.get(0)?, label: r.get(1)?, account: r.get(2)? })
    })
    .optional()
}

/// The expense written with this form token (a replay).
pub fn by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM expenses WHERE token = ?1", [token], |r| r.get(0)).optional()
}

/// The next id of `expenses` (the entry points to it before the row is written).
pub fn next_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM expenses", [], |r| r.get(0))
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &Connection,
    id: i64,
    d: &ExpenseDraft,
    (account, tva): (&str, Money),
    entry_id: i64,
    movement_id: Option<i64>,
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO expenses (id, day, label_id, account, beneficiary, reference, amount, paid_by, monthly, note,
                               entry_id, movement_id, token, created_at, user_id, tva, tva_bp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            id,
            d.day.to_string(),
            d.label_id,
            account,
            d.beneficiary.trim(),
            d.reference.trim(),
            d.amount,
            d.paid_by.code(),
            d.monthly,
            d.note.trim(),
            entry_id,
            movement_id,
            d.token,
            now,
            user_id,
            tva,
            d.tva_bp
        ],
    )?;
    Ok(())
}

/// Records the payment of a bill owed (once: a trigger refuses a second).
pub fn set_payment(
    conn: &Connection,
    id: i64,
    day: &str,
    method: &str,
    entry_id: i64,
    movement_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE expenses SET payment_day = ?2, payment_method = ?3, payment_entry_id = ?4, payment_movement_id = ?5
         WHERE id = ?1",
        params![id, day, method, entry_id, movement_id],
    )?;
    Ok(())
}

const COLUMNS: &str = "e.id, e.day, l.label, e.account, e.beneficiary, e.reference, e.amount, e.paid_by, e.monthly,
    e.note, e.entry_id, e.payment_day, e.payment_method, e.payment_entry_id, e.label_id, e.tva, e.tva_bp";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Expense> {
    Ok(Expense {
        id: r.get(0)?,
        day: r.get(1)?,
        label: r.get(2)?,
        account: r.get(3)?,
        beneficiary: r.get(4)?,
        reference: r.get(5)?,
        amount: r.get(6)?,
        paid_by: r.get(7)?,
        monthly: r.get(8)?,
        note: r.get(9)?,
        entry_id: r.get(10)?,
        payment_day: r.get(11)?,
        payment_method: r.get(12)?,
        payment_entry_id: r.get(13)?,
        label_id: r.get(14)?,
        tva: r.get(15)?,
        tva_bp: r.get(16)?,
    })
}

pub fn expense(conn: &Connection, id: i64) -> rusqlite::Result<Option<Expense>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM expenses e JOIN expense_labels l ON l.id = e.label_id WHERE e.id = ?1"),
        [id],
        row,
    )
    .optional()
}

/// The bills dated in a period (inclusive), newest first, and every bill still owed.
pub fn expenses(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<Expense>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM expenses e JOIN expense_labels l ON l.id = e.label_id
         WHERE (e.day BETWEEN ?1 AND ?2) OR (e.paid_by = 'plus_tard' AND e.payment_entry_id IS NULL)
         ORDER BY e.day DESC, e.id DESC"
    ))?;
    stmt.query_map(params![from, to], row)?.collect()
}

/// Every bill, for `fournil check`.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Expense>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM expenses e JOIN expense_labels l ON l.id = e.label_id ORDER BY e.id"
    ))?;
    stmt.query_map([], row)?.collect()
}

/// The monthly bills whose last occurrence is dated before `month_start`: proposed again.
pub fn proposals(conn: &Connection, month_start: &str) -> rusqlite::Result<Vec<Proposal>> {
    let mut stmt = conn.prepare(
        "WITH last AS (SELECT label_id, beneficiary, max(id) AS id FROM expenses WHERE monthly = 1
                       GROUP BY label_id, beneficiary)
         SELECT e.id, l.label, e.beneficiary, e.amount, e.day FROM last
         JOIN expenses e ON e.id = last.id JOIN expense_labels l ON l.id = e.label_id
         WHERE e.day < ?1 ORDER BY l.position, e.beneficiary",
    )?;
    stmt.query_map([month_start], |r| {
        Ok(Proposal {
            model_id: r.get(0)?,
            label: r.get(1)?,
            beneficiary: r.get(2)?,
            amount: r.get(3)?,
            last_day: r.get(4)?,
        })
    })?
    .collect()
}

/// Σ of the bills dated in a period, for the list's total.
pub fn total(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Money> {
    conn.query_row(
        "SELECT coalesce(sum(amount), 0) FROM expenses WHERE day BETWEEN ?1 AND ?2",
        params![from, to],
        |r| r.get(0),
    )
}

/// Attaches (or replaces) the bill's photo or PDF.
pub fn attach(
    conn: &Connection,
    id: i64,
    content_type: &str,
    bytes: &[u8],
    now: &str,
    user_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO expense_attachments (expense_id, content_type, bytes, attached_at, user_id) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (expense_id) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
             attached_at = excluded.attached_at, user_id = excluded.user_id",
        params![id, content_type, bytes, now, user_id],
    )?;
    Ok(())
}

/// The bill's attachment: its media type and bytes.
pub fn attachment(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, Vec<u8>)>> {
    conn.query_row("SELECT content_type, bytes FROM expense_attachments WHERE expense_id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

/// Whether the bill has an attachment.
pub fn has_attachment(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM expense_attachments WHERE expense_id = ?1)", [id], |r| r.get(0))
}
