//! All SQL of the cash.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Movement, MovementDraft, Shift, Till};
use crate::money::Money;

fn till_of(r: &Row) -> rusqlite::Result<Till> {
    Ok(Till {
        id: r.get(0)?,
        name: r.get(1)?,
        location_id: r.get(2)?,
        printer_driver: r.get(3)?,
        printer_address: r.get(4)?,
        printer_width: r.get(5)?,
        drawer: r.get(6)?,
        active: r.get(7)?,
    })
}

const TILL: &str =
    "SELECT id, name, location_id, printer_driver, printer_address, printer_width, drawer, active FROM tills";

pub fn till(conn: &Connection, id: i64) -> rusqlite::Result<Option<Till>> {
    conn.prepare_cached(&format!("{TILL} WHERE id = ?1"))?.query_row([id], till_of).optional()
}

pub fn tills(conn: &Connection) -> rusqlite::Result<Vec<Till>> {
    conn.prepare_cached(&format!("{TILL} ORDER BY id"))?.query_map([], till_of)?.collect()
}

fn shift_of(r: &Row) -> rusqlite::Result<Shift> {
    Ok(Shift {
        id: r.get(0)?,
        till_id: r.get(1)?,
        open: r.get::<_, String>(2)? == "ouverte",
        day: r.get(3)?,
        opened_at: r.get(4)?,
        opened_by: r.get(5)?,
        opening_float: r.get(6)?,
        closed_at: r.get(7)?,
        closed_by: r.get(8)?,
        expected: r.get(9)?,
        counted: r.get(10)?,
        variance: r.get(11)?,
        next_float: r.get(12)?,
        comment: r.get(13)?,
    })
}

const SHIFT: &str = "SELECT id, till_id, status, day, opened_at, opened_by, opening_float, closed_at, closed_by,
                            expected, counted, variance, next_float, comment FROM cash_shifts";

pub fn shift(conn: &Connection, id: i64) -> rusqlite::Result<Option<Shift>> {
    conn.prepare_cached(&format!("{SHIFT} WHERE id = ?1"))?.query_row([id], shift_of).optional()
}

/// The till's open shift, if any.
pub fn open_shift(conn: &Connection, till_id: i64) -> rusqlite::Result<Option<Shift>> {
    conn.prepare_cached(&format!("{SHIFT} WHERE till_id = ?1 AND status = 'ouverte'"))?
        .query_row([till_id], shift_of)
        .optional()
}

/// Opening float + Σ movements: what the drawer should hold now. The sum is kept in `held` by a
/// trigger on each movement (one row read, however long the shift); the check proves it.
pub fn expected(conn: &Connection, shift_id: i64) -> rusqlite::Result<Money> {
    conn.prepare_cached("SELECT opening_float + held FROM cash_shifts WHERE id = ?1")?
        .query_row([shift_id], |r| r.get(0))
}

/// The shifts after `after` (and every open one) whose kept `held` differs from the sum of their
/// movements: (shift, held, Σ). A closed shift is frozen and a movement cannot go into it (its
/// `held` trigger would change it), so the shifts before a check's mark need no proving again.
pub fn held_mismatches(conn: &Connection, after: i64) -> rusqlite::Result<Vec<(i64, Money, Money)>> {
    conn.prepare(
        "SELECT id, held, total FROM (
             SELECT s.id, s.held, coalesce((SELECT sum(m.amount) FROM cash_movements m WHERE m.shift_id = s.id), 0) AS total
               FROM cash_shifts s WHERE s.id > ?1 OR s.status = 'ouverte')
          WHERE held <> total ORDER BY id",
    )?
    .query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}

pub fn insert_movement(conn: &Connection, m: &MovementDraft) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO cash_movements (shift_id, at, day, kind, amount, reason, source_type, source_id, entry_id, user_id, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        m.shift_id,
        m.at,
        m.day.to_string(),
        m.kind.code(),
        m.amount,
        m.reason,
        m.source_type,
        m.source_id,
        m.entry_id,
        m.user_id,
        m.token
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The till's last closed shift, if any.
pub fn last_closed(conn: &Connection, till_id: i64) -> rusqlite::Result<Option<Shift>> {
    conn.prepare_cached(&format!("{SHIFT} WHERE till_id = ?1 AND status = 'fermee' ORDER BY id DESC LIMIT 1"))?
        .query_row([till_id], shift_of)
        .optional()
}

/// The shift opened with this form token.
pub fn shift_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM cash_shifts WHERE token = ?1", [token], |r| r.get(0)).optional()
}

/// The shift closed with this form token.
pub fn shift_by_close_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM cash_shifts WHERE close_token = ?1", [token], |r| r.get(0)).optional()
}

/// A new open shift: (till, day, at, user, float, counts JSON, carried float, token).
#[allow(clippy::too_many_arguments)]
pub fn insert_shift(
    conn: &Connection,
    till_id: i64,
    day: &str,
    at: &str,
    user_id: i64,
    float: Money,
    counts: &str,
    carried: Money,
    token: Option<&str>,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO cash_shifts (till_id, day, opened_at, opened_by, opening_float, opening_counts, carried_float, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![till_id, day, at, user_id, float, counts, carried, token])?;
    Ok(conn.last_insert_rowid())
}

pub fn set_opening_entry(conn: &Connection, id: i64, entry_id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE cash_shifts SET opening_entry = ?2 WHERE id = ?1", params![id, entry_id])?;
    Ok(())
}

/// What the blind close writes, in one update (the shift is frozen afterwards).
pub struct Closing<'a> {
    pub at: &'a str,
    pub user_id: i64,
    pub expected: Money,
    pub counted: Money,
    pub counts: &'a str,
    pub variance_entry: Option<i64>,
    pub next_float: Money,
    pub handover_entry: Option<i64>,
    pub comment: &'a str,
    pub token: Option<&'a str>,
}

pub fn close_shift(conn: &Connection, id: i64, c: &Closing) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE cash_shifts SET status = 'fermee', closed_at = ?2, closed_by = ?3, expected = ?4, counted = ?5,
                closing_counts = ?6, variance = ?5 - ?4, variance_entry = ?7, next_float = ?8,
                handover = ?5 - ?8, handover_entry = ?9, comment = ?10, close_token = ?11
         WHERE id = ?1 AND status = 'ouverte'",
        params![
            id,
            c.at,
            c.user_id,
            c.expected,
            c.counted,
            c.counts,
            c.variance_entry,
            c.next_float,
            c.handover_entry,
            c.comment,
            c.token
        ],
    )
}

/// The counts typed at the opening and at the close (JSON).
pub fn counts_of(conn: &Connection, id: i64) -> rusqlite::Result<(String, Option<String>)> {
    conn.query_row("SELECT opening_counts, closing_counts FROM cash_shifts WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}

/// The entries of a shift: (opening, variance, handover).
pub fn shift_entries(conn: &Connection, id: i64) -> rusqlite::Result<(Option<i64>, Option<i64>, Option<i64>)> {
    conn.query_row("SELECT opening_entry, variance_entry, handover_entry FROM cash_shifts WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
}

/// The shifts of a till (all tills when `None`), newest first.
pub fn shifts(conn: &Connection, till_id: Option<i64>, limit: i64) -> rusqlite::Result<Vec<Shift>> {
    conn.prepare_cached(&format!("{SHIFT} WHERE ?1 IS NULL OR till_id = ?1 ORDER BY id DESC LIMIT ?2"))?
        .query_map(params![till_id, limit], shift_of)?
        .collect()
}

/// The closed shifts after `after` (an id; 0: all), for `fournil check`.
pub fn closed_shifts_after(conn: &Connection, after: i64) -> rusqlite::Result<Vec<Shift>> {
    conn.prepare(&format!("{SHIFT} WHERE status = 'fermee' AND id > ?1 ORDER BY id"))?
        .query_map([after], shift_of)?
        .collect()
}

/// The incremental check's mark: the last shift before the first one still open, the last movement.
pub fn check_mark(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    conn.query_row(
        "SELECT coalesce((SELECT min(id) - 1 FROM cash_shifts WHERE status = 'ouverte'), (SELECT max(id) FROM cash_shifts), 0),
                coalesce((SELECT max(id) FROM cash_movements), 0)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The movement written with this form token: (id, shift id).
pub fn movement_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<(i64, i64)>> {
    conn.query_row("SELECT id, shift_id FROM cash_movements WHERE token = ?1", [token], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The id the next movement will get (the writer is alone in its transaction), so that its
/// entry can name it before it is written: a movement is never updated.
pub fn next_movement_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM cash_movements", [], |r| r.get(0))
}

fn movement_of(r: &Row) -> rusqlite::Result<Movement> {
    Ok(Movement {
        id: r.get(0)?,
        shift_id: r.get(1)?,
        at: r.get(2)?,
        kind: r.get(3)?,
        amount: r.get(4)?,
        reason: r.get(5)?,
        source_type: r.get(6)?,
        source_id: r.get(7)?,
        entry_id: r.get(8)?,
        user: r.get(9)?,
    })
}

const MOVEMENT: &str = "SELECT m.id, m.shift_id, m.at, m.kind, m.amount, m.reason, m.source_type, m.source_id,
                               m.entry_id, coalesce(nullif(u.display_name, ''), u.username)
                        FROM cash_movements m JOIN users u ON u.id = m.user_id";

pub fn movements(conn: &Connection, shift_id: i64) -> rusqlite::Result<Vec<Movement>> {
    conn.prepare_cached(&format!("{MOVEMENT} WHERE m.shift_id = ?1 ORDER BY m.id"))?
        .query_map([shift_id], movement_of)?
        .collect()
}

pub fn movement(conn: &Connection, id: i64) -> rusqlite::Result<Option<Movement>> {
    conn.prepare_cached(&format!("{MOVEMENT} WHERE m.id = ?1"))?.query_row([id], movement_of).optional()
}

/// The next `limit` movements after `after_id` that moved money, tickets and refunds aside (their
/// own entries cover them): `fournil check` reads them a page at a time, never all at once.
pub fn money_movements_after(conn: &Connection, after_id: i64, limit: i64) -> rusqlite::Result<Vec<Movement>> {
    conn.prepare_cached(&format!(
        "{MOVEMENT} WHERE m.id > ?1 AND m.amount <> 0 AND m.kind NOT IN (?3, ?4) ORDER BY m.id LIMIT ?2"
    ))?
    .query_map(
        params![after_id, limit, super::MovementKind::Sale.code(), super::MovementKind::Refund.code()],
        movement_of,
    )?
    .collect()
}

/// The movements of a document (a supplier payment, a sale…).
pub fn movements_of_source(conn: &Connection, source_type: &str, source_id: i64) -> rusqlite::Result<Vec<Movement>> {
    conn.prepare_cached(&format!("{MOVEMENT} WHERE m.source_type = ?1 AND m.source_id = ?2 ORDER BY m.id"))?
        .query_map(params![source_type, source_id], movement_of)?
        .collect()
}

/// The comment threshold of the close: above this |variance|, the closer must explain.
pub fn variance_threshold(conn: &Connection) -> rusqlite::Result<Money> {
    conn.query_row("SELECT variance_reason_cents FROM till_settings WHERE id = 1", [], |r| r.get(0))
}

/// A person's name as the reports print it.
pub fn user_name(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    conn.query_row("SELECT coalesce(nullif(display_name, ''), username) FROM users WHERE id = ?1", [id], |r| r.get(0))
        .optional()
        .map(Option::unwrap_or_default)
}

/// Whether a bank deposit of transit funds was already made with this form token (the deposit
/// leaves only an entry and its audit row; the audit row carries the token).
pub fn transit_deposit_done(conn: &Connection, token: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM audit_log WHERE entity = 'versement_banque' AND entity_id = ?1",
        [token],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

pub fn till_name_taken(conn: &Connection, name: &str, except: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM tills WHERE name = ?1 AND id <> ?2)")?
        .query_row(params![name, except], |r| r.get(0))
}

/// A till's name and its receipt printer.
pub fn set_printer(
    conn: &Connection,
    id: i64,
    name: &str,
    driver: &str,
    address: &str,
    width: i64,
    drawer: bool,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE tills SET name = ?2, printer_driver = ?3, printer_address = ?4, printer_width = ?5, drawer = ?6
         WHERE id = ?1",
    )?
    .execute(params![id, name, driver, address, width, drawer])?;
    Ok(())
}

/// A closed shift's count against what it should have held (for the owner's report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarianceRow {
    pub shift_id: i64,
    pub day: String,
    pub till: String,
    pub closed_by: String,
    pub expected: Money,
    pub counted: Money,
    /// counted − expected: below zero a shortage.
    pub variance: Money,
}

/// The shifts opened on the days (both ends included) and closed, in order.
pub fn variances(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<VarianceRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.day, t.name, coalesce(nullif(u.display_name, ''), u.username), s.expected, s.counted, s.variance
           FROM cash_shifts s JOIN tills t ON t.id = s.till_id JOIN users u ON u.id = s.closed_by
          WHERE s.status = 'fermee' AND s.day BETWEEN ?1 AND ?2 ORDER BY s.day, s.id",
    )?;
    stmt.query_map([from, to], |r| {
        Ok(VarianceRow {
            shift_id: r.get(0)?,
            day: r.get(1)?,
            till: r.get(2)?,
            closed_by: r.get(3)?,
            expected: r.get(4)?,
            counted: r.get(5)?,
            variance: r.get(6)?,
        })
    })?
    .collect()
}

/// Cash carried to the bank per business day: (day, straight from a drawer — movements
/// `depot_banque` —, from the closes' hand-overs in transit — the entries this domain posts as
/// `cash_transit`, Dr 512).
pub fn deposits_by_day(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(String, Money, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, sum(drawer), sum(transit) FROM (
             SELECT day, -amount AS drawer, 0 AS transit FROM cash_movements
              WHERE kind = 'depot_banque' AND day BETWEEN ?1 AND ?2
             UNION ALL
             SELECT e.day, 0, l.debit FROM journal_entries e CROSS JOIN journal_lines l ON l.entry_id = e.id
              WHERE e.source_type = 'cash_transit' AND l.account = '512' AND e.day BETWEEN ?1 AND ?2)
         GROUP BY day ORDER BY day",
    )?;
    stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}
