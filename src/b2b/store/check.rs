//! The SQL of B2B's `fournil check` rules.

use rusqlite::Connection;

use crate::money::Money;

/// Every number of a numbered table (`b2b_orders`, `b2b_notes`).
pub fn numbers(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let sql = match table {
        "b2b_orders" => "SELECT number FROM b2b_orders",
        _ => "SELECT number FROM b2b_notes",
    };
    conn.prepare(sql)?.query_map([], |r| r.get(0))?.collect()
}

/// Customers whose account is missing from the chart or not under 411.
pub fn customers_without_account(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT c.name FROM b2b_customers c LEFT JOIN accounts a ON a.code = c.account
          WHERE a.code IS NULL OR c.account NOT LIKE '411%' ORDER BY c.id",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// Notes whose lines' cost out differs from the net of their cost entries (out less returned back):
/// (number, Σ lines' cost less what came back, the entries' credit to stock net).
pub fn notes_off_entry(conn: &Connection) -> rusqlite::Result<Vec<(String, Money, Money)>> {
    conn.prepare(
        "SELECT n.number,
                (SELECT coalesce(sum(l.cost - (l.cost * (l.returned - l.wasted) / CASE WHEN l.shipped = 0 THEN 1 ELSE l.shipped END)), 0)
                   FROM b2b_note_lines l WHERE l.note_id = n.id) AS lines,
                (SELECT coalesce(sum(jl.debit), 0) - coalesce((SELECT sum(jl2.credit) FROM journal_lines jl2
                        JOIN journal_entries e2 ON e2.id = jl2.entry_id
                       WHERE e2.source_type = 'b2b_note' AND e2.source_id = n.id AND jl2.account IN ('600', '601')), 0)
                   FROM journal_lines jl JOIN journal_entries e ON e.id = jl.entry_id
                  WHERE e.source_type = 'b2b_note' AND e.source_id = n.id AND jl.account IN ('600', '601')) AS entry
           FROM b2b_notes n",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect::<rusqlite::Result<Vec<(String, Money, Money)>>>()
    .map(|v| v.into_iter().filter(|(_, a, b)| a != b).collect())
}
