//! The sales of one cash shift in figures, for its X and Z reports (`cash::ops::report`).

use rusqlite::{Connection, params};

use crate::money::Money;

/// A labelled total: a category, a seller, a payment method code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub label: String,
    pub count: i64,
    pub amount: Money,
}

fn tallies(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> rusqlite::Result<Vec<Tally>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(p, |r| Ok(Tally { label: r.get(0)?, count: r.get(1)?, amount: r.get(2)? }))?;
    rows.collect()
}

/// The shift's ticket lines by category (name order; "Sans catégorie" for none): lines, total.
pub fn sales_by_category(conn: &Connection, shift_id: i64) -> rusqlite::Result<Vec<Tally>> {
    tallies(
        conn,
        "SELECT coalesce(c.name, 'Sans catégorie'), count(*), sum(l.total) FROM sale_lines l
         JOIN sales s ON s.id = l.sale_id LEFT JOIN categories c ON c.id = l.category_id
         WHERE s.shift_id = ?1
         GROUP BY c.name ORDER BY c.name",
        [shift_id],
    )
}

/// The shift's tickets by seller (display name, else username; name order): tickets, total.
pub fn sales_by_seller(conn: &Connection, shift_id: i64) -> rusqlite::Result<Vec<Tally>> {
    tallies(
        conn,
        "SELECT coalesce(nullif(u.display_name, ''), u.username), count(*), sum(s.total) FROM sales s
         JOIN users u ON u.id = s.user_id
         WHERE s.shift_id = ?1
         GROUP BY u.id ORDER BY 1",
        [shift_id],
    )
}

/// The refunds of a shift by method code: the cash ones it paid out, and the others made at its
/// till while it was open (from `opened_at` to `closed_at`, or until now).
pub fn refunds_by_method(
    conn: &Connection,
    shift_id: i64,
    till_id: i64,
    opened_at: &str,
    closed_at: Option<&str>,
) -> rusqlite::Result<Vec<Tally>> {
    tallies(
        conn,
        "SELECT method, count(*), sum(total) FROM refunds
         WHERE shift_id = ?1 OR (shift_id IS NULL AND till_id = ?2 AND at >= ?3 AND (?4 IS NULL OR at <= ?4))
         GROUP BY method ORDER BY method",
        params![shift_id, till_id, opened_at, closed_at],
    )
}
