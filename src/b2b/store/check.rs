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

/// Every number of the invoices, proformas and credit notes.
pub fn invoice_numbers(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT number FROM b2b_invoices")?.query_map([], |r| r.get(0))?.collect()
}

/// Documents whose head differs from the sum of their lines, or whose entry moves the customer's
/// account by another amount than their TTC: (number, head HT+TVA, lines HT+TVA, entry on 411).
pub fn invoices_off(conn: &Connection) -> rusqlite::Result<Vec<(String, Money, Money, Money)>> {
    conn.prepare(
        "SELECT i.number, i.total_ht + i.total_tva,
                (SELECT coalesce(sum(l.total_ht + l.tva), 0) FROM b2b_invoice_lines l WHERE l.invoice_id = i.id),
                CASE WHEN i.entry_id IS NULL THEN i.total_ttc
                     ELSE (SELECT coalesce(sum(jl.debit - jl.credit), 0) FROM journal_lines jl
                            WHERE jl.entry_id = i.entry_id AND jl.account = c.account)
                          * CASE i.kind WHEN 'avoir' THEN -1 ELSE 1 END END,
                i.total_ht, (SELECT coalesce(sum(l.total_ht), 0) FROM b2b_invoice_lines l WHERE l.invoice_id = i.id)
           FROM b2b_invoices i JOIN b2b_customers c ON c.id = i.customer_id ORDER BY i.id",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, Money>(4)?, r.get::<_, Money>(5)?)))?
    .collect::<rusqlite::Result<Vec<_>>>()
    .map(|v| {
        v.into_iter()
            .filter(|(_, head, lines, entry, ht, lines_ht)| head != lines || head != entry || ht != lines_ht)
            .map(|(n, head, lines, entry, ..)| (n, head, lines, entry))
            .collect()
    })
}

/// Notes billed by more than one invoice, or whose mark is not the invoice that bills them (or
/// none while one does). A note with nothing left to bill (all of it short or returned) is closed
/// by the invoice of its week without a line of its own.
pub fn notes_invoiced_twice(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT n.number FROM b2b_notes n
          WHERE (SELECT count(DISTINCT l.invoice_id) FROM b2b_invoice_lines l JOIN b2b_invoices i ON i.id = l.invoice_id
                  WHERE l.note_id = n.id AND i.kind = 'facture') > 1
             OR (n.invoice_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM b2b_invoice_lines l
                  WHERE l.note_id = n.id AND l.invoice_id = n.invoice_id)
                 AND EXISTS (SELECT 1 FROM b2b_note_lines x WHERE x.note_id = n.id AND x.shipped > x.returned))
             OR (n.invoice_id IS NULL AND EXISTS (SELECT 1 FROM b2b_invoice_lines l
                  JOIN b2b_invoices i ON i.id = l.invoice_id WHERE l.note_id = n.id AND i.kind = 'facture'))
          ORDER BY n.id",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// Customers whose 411 differs from their invoices less credit notes less payments:
/// (name, the account's balance, the documents' sum).
pub fn customers_off(conn: &Connection) -> rusqlite::Result<Vec<(String, Money, Money)>> {
    conn.prepare(
        "SELECT c.name,
                (SELECT coalesce(sum(jl.debit - jl.credit), 0) FROM journal_lines jl WHERE jl.account = c.account),
                (SELECT coalesce(sum(CASE i.kind WHEN 'facture' THEN i.total_ttc WHEN 'avoir' THEN -i.total_ttc ELSE 0 END), 0)
                   FROM b2b_invoices i WHERE i.customer_id = c.id)
                - (SELECT coalesce(sum(p.amount), 0) FROM b2b_payments p WHERE p.customer_id = c.id)
           FROM b2b_customers c ORDER BY c.id",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect::<rusqlite::Result<Vec<(String, Money, Money)>>>()
    .map(|v| v.into_iter().filter(|(_, a, b)| a != b).collect())
}

/// A credit note and the value its lines put back in stock: (id, number, its sales entry,
/// Σ back_value).
pub type CreditGoods = (i64, String, Option<i64>, Money);

/// Every credit note with the value its lines put back in stock.
pub fn credits_goods(conn: &Connection) -> rusqlite::Result<Vec<CreditGoods>> {
    conn.prepare(
        "SELECT i.id, i.number, i.entry_id,
                (SELECT coalesce(sum(l.back_value), 0) FROM b2b_invoice_lines l WHERE l.invoice_id = i.id)
           FROM b2b_invoices i WHERE i.kind = 'avoir' ORDER BY i.id",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}
