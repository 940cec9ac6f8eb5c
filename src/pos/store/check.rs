//! The counter's part of `fournil check`, in set-based queries (a shop has years of tickets):
//! every ticket adds up, has its entry, its stock moves at its frozen cost and its cash; no line
//! is refunded beyond what was sold; vouchers are never spent beyond their amount and account
//! 419 holds exactly what they still owe. Incremental: the tickets and refunds after the mark
//! (tickets, their lines and refunds are append-only; a payment or a refund line changed behind
//! an old ticket is found by the indicators' receipts and sales of its day).

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::accounting::{self, account};
use crate::error::AppError;
use crate::money::Money;
use crate::system::marks::{Found, Incremental, Mark, Proven, Since};

/// The till's rules, from the mark of the last passing check when there is one.
pub const INCREMENTAL: Incremental = Incremental {
    rule: "caisse",
    rules: proven,
    triggers: &[
        "sales_no_update",
        "sales_no_delete",
        "sale_lines_no_update",
        "sale_lines_no_delete",
        "refunds_no_update",
        "refunds_no_delete",
        "sale_payments_mark_update",
        "sale_payments_mark_delete",
        "sale_payments_mark_insert",
        "refund_lines_mark_update",
        "refund_lines_mark_delete",
        "refund_lines_mark_insert",
    ],
};

/// The last ticket and the last refund proven (kept as the mark's `ventes` and `avoirs`).
pub fn mark(conn: &Connection) -> Result<Mark, AppError> {
    let (sale, refund): (i64, i64) = conn.query_row(
        "SELECT coalesce((SELECT max(id) FROM sales), 0), coalesce((SELECT max(id) FROM refunds), 0)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let sums = BTreeMap::from([("ventes".to_string(), (sale, 0)), ("avoirs".to_string(), (refund, 0))]);
    Ok(Mark { upto: sale, day: String::new(), sums })
}

/// At most this many examples per rule.
const SHOWN: i64 = 20;

/// The first `SHOWN` rows of `sql` over the tickets after `sale` (?1) and the refunds after
/// `refund` (?2).
fn rows(conn: &Connection, sql: &str, sale: i64, refund: i64) -> Result<Vec<String>, AppError> {
    let mut stmt = conn.prepare(&format!("{sql} LIMIT {SHOWN}"))?;
    let params = rusqlite::params![sale, refund];
    Ok(stmt.query_map(params, |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?)
}

/// The rules each ticket and credit note must follow, with the query listing those that do not.
const RULES: [(&str, &str); 8] = [
    ("Tickets : montants dans la borne (100 000 000 DA)", BOUNDS),
    ("Tickets : total = somme des lignes", TOTALS),
    ("Tickets : payés en entier", PAID),
    ("Tickets et avoirs : une écriture chacun", ENTRIES),
    ("Tickets et avoirs : montants de l'écriture", AMOUNTS),
    ("Tickets : coût figé = stock sorti", STOCK),
    ("Tickets et avoirs : espèces au tiroir", CASH),
    ("Retours : jamais plus que vendu", REFUNDS),
];

/// `Money::MAX` in centimes: every amount typed or sent is refused beyond it, so a ticket above
/// it was recorded before the bound existed (an absurd tender whose sums overflow the pages).
const BOUNDS: &str = "SELECT s.number || ' : montant hors borne (remis ' || s.tendered || ', rendu ' || s.change_given || ', total ' || s.total || ')'
         FROM sales s WHERE s.id > ?1 AND (s.tendered > 10000000000 OR s.change_given > 10000000000 OR s.total > 10000000000
            OR s.tendered < -10000000000 OR s.change_given < -10000000000 OR s.total < -10000000000)
         UNION ALL
         SELECT s.number || ' : paiement ' || p.method || ' d''un montant hors borne (' || p.amount || ')'
         FROM sale_payments p JOIN sales s ON s.id = p.sale_id WHERE p.sale_id > ?1 AND (p.amount > 10000000000 OR p.amount < -10000000000) AND ?2 >= 0";

const TOTALS: &str =
    "SELECT s.number || ' : ' || s.total || ' au ticket, ' || coalesce(sum(l.total), 0) || ' sur ses lignes'
         FROM sales s LEFT JOIN sale_lines l ON l.sale_id = s.id WHERE s.id > ?1 AND ?2 >= 0 GROUP BY s.id
         HAVING s.gross <> coalesce(sum(l.gross), 0) OR s.discount <> coalesce(sum(l.discount), 0)
             OR s.total <> coalesce(sum(l.total), 0) OR s.cost <> coalesce(sum(l.cost), 0)";

const PAID: &str = "SELECT s.number || ' : remis ' || s.tendered || ', paiements ' || coalesce((SELECT sum(amount) FROM sale_payments WHERE sale_id = s.id), 0)
         FROM sales s WHERE s.id > ?1 AND ?2 >= 0 AND (s.tendered <> coalesce((SELECT sum(amount) FROM sale_payments WHERE sale_id = s.id), 0)
            OR s.change_given > coalesce((SELECT sum(amount) FROM sale_payments WHERE sale_id = s.id AND method = 'especes'), 0))";

const ENTRIES: &str =
    "SELECT s.number || ' : sans écriture de vente' FROM sales s LEFT JOIN journal_entries e ON e.id = s.entry_id
         WHERE s.id > ?1 AND (e.id IS NULL OR e.source_type <> 'sale' OR e.source_id <> s.id)
         UNION ALL
         SELECT r.number || ' : sans écriture d''avoir' FROM refunds r LEFT JOIN journal_entries e ON e.id = r.entry_id
         WHERE r.id > ?2 AND (e.id IS NULL OR e.source_type <> 'refund' OR e.source_id <> r.id)";

/// What each entry says: revenue (with the TVA collected under réel) = the ticket's total, cash =
/// what stayed in the drawer, bank = cards and cheques, 419 = vouchers spent; the credit note's
/// revenue = its total. Each ticket is read in key order with its entry's lines and its payments
/// beside it: nothing is materialised, so the check's memory does not grow with a busy day (a
/// grouped set of the day's entries and payments took 12 MB over 155 000 tickets).
const AMOUNTS: &str = "SELECT number || ' : écriture ' || revenue || ' de ventes, ' || cash || ' en caisse ; ticket ' || total || ', '
                || (paid_cash - change_given) || ' en espèces'
         FROM (SELECT s.number, s.total, s.change_given,
                      coalesce(sum(CASE WHEN l.account IN ('700', '701', '4457') THEN l.credit - l.debit END), 0) AS revenue,
                      coalesce(sum(CASE WHEN l.account = '530' THEN l.debit - l.credit END), 0) AS cash,
                      coalesce(sum(CASE WHEN l.account = '512' THEN l.debit - l.credit END), 0) AS bank,
                      coalesce(sum(CASE WHEN l.account = '419' THEN l.debit - l.credit END), 0) AS credit,
                      (SELECT coalesce(sum(amount), 0) FROM sale_payments WHERE sale_id = s.id AND method = 'especes') AS paid_cash,
                      (SELECT coalesce(sum(amount), 0) FROM sale_payments WHERE sale_id = s.id AND method IN ('carte', 'cheque')) AS paid_bank,
                      (SELECT coalesce(sum(amount), 0) FROM sale_payments WHERE sale_id = s.id AND method = 'bon') AS paid_credit
               FROM sales s LEFT JOIN journal_entries e ON e.id = s.entry_id AND e.source_type = 'sale' LEFT JOIN journal_lines l ON l.entry_id = e.id
               WHERE s.id > ?1 AND ?2 >= 0 GROUP BY s.id)
         WHERE revenue <> total OR cash <> paid_cash - change_given OR bank <> paid_bank OR credit <> paid_credit
         UNION ALL
         SELECT number || ' : écriture ' || revenue || ' de ventes rendues, avoir ' || total
         FROM (SELECT r.number, r.total, coalesce(sum(CASE WHEN l.account IN ('700', '701', '4457') THEN l.debit - l.credit END), 0) AS revenue
               FROM refunds r LEFT JOIN journal_entries e ON e.id = r.entry_id AND e.source_type = 'refund' LEFT JOIN journal_lines l ON l.entry_id = e.id
               WHERE r.id > ?2 GROUP BY r.id)
         WHERE revenue <> total";

/// The stock that left for a ticket (its lines, not its packaging) is worth its frozen cost.
const STOCK: &str = "SELECT s.number || ' : coût ' || s.cost || ', stock sorti ' || coalesce(-sum(m.value), 0)
         FROM sales s LEFT JOIN stock_moves m ON m.source_type = 'sale' AND m.source_id = s.id AND m.kind = 'vente'
              AND m.product_id NOT IN (SELECT packaging_id FROM sale_packaging WHERE sale_id = s.id)
         WHERE s.id > ?1 AND ?2 >= 0 GROUP BY s.id HAVING s.cost <> coalesce(-sum(m.value), 0)";

/// The cash a ticket kept = its drawer movement (read ticket by ticket, like `AMOUNTS`).
const CASH: &str = "SELECT s.number || ' : espèces ' || (s.cash - s.change_given) || ', tiroir ' || coalesce(m.amount, 0)
         FROM (SELECT id, number, change_given, (SELECT sum(amount) FROM sale_payments WHERE sale_id = sales.id AND method = 'especes') AS cash
               FROM sales WHERE id > ?1) s
         LEFT JOIN cash_movements m ON m.source_type = 'sale' AND m.source_id = s.id
         WHERE s.cash - s.change_given <> coalesce(m.amount, 0)
         UNION ALL
         SELECT r.number || ' : rendu ' || r.total || ' en espèces, tiroir ' || coalesce(-m.amount, 0)
         FROM refunds r LEFT JOIN cash_movements m ON m.source_type = 'refund' AND m.source_id = r.id
         WHERE r.id > ?2 AND r.method = 'especes' AND r.total > 0 AND r.total <> coalesce(-m.amount, 0)";

const REFUNDS: &str = "SELECT l.name || ' : vendu ' || l.qty || ', rendu ' || sum(r.qty) FROM sale_lines l JOIN refund_lines r ON r.sale_line_id = l.id
         WHERE ?1 >= 0 AND l.id IN (SELECT sale_line_id FROM refund_lines WHERE refund_id > ?2) GROUP BY l.id HAVING sum(r.qty) > l.qty OR sum(r.amount) > l.total OR sum(r.cost) > l.cost
         UNION ALL
         SELECT f.number || ' : ' || f.total || ' à l''avoir, ' || coalesce(sum(r.amount), 0) || ' sur ses lignes'
         FROM refunds f LEFT JOIN refund_lines r ON r.refund_id = f.id WHERE f.id > ?2 GROUP BY f.id HAVING f.total <> coalesce(sum(r.amount), 0)";

const VOUCHERS: &str = "SELECT v.code || ' : ' || v.amount || ' émis, ' || sum(p.amount) || ' dépensés' FROM vouchers v
         JOIN sale_payments p ON p.voucher_id = v.id WHERE ?1 >= 0 AND ?2 >= 0 GROUP BY v.id HAVING sum(p.amount) > v.amount";

/// The rules, and the mark of what they just read.
fn proven(conn: &Connection, since: Option<Since>) -> Proven {
    Ok((findings(conn, since)?, mark(conn)?))
}

/// What breaks a rule, by rule (at most `SHOWN` examples each), for the tickets and refunds after
/// the mark, or all.
pub fn findings(conn: &Connection, since: Option<Since>) -> Found {
    let after = |key: &str| since.and_then(|s| s.mark.sums.get(key)).map(|(id, _)| *id).unwrap_or(0);
    let (sale, refund) = (after("ventes"), after("avoirs"));
    let mut out = Vec::new();
    for (rule, sql) in RULES {
        out.push((rule, rows(conn, sql, sale, refund)?));
    }
    out.push(("Bons d'achat : jamais plus qu'émis, égaux au 419", vouchers(conn)?));
    Ok(out)
}

/// Vouchers never spent beyond their amount, and account 419 holding exactly what they still owe.
fn vouchers(conn: &Connection) -> Result<Vec<String>, AppError> {
    let mut found = rows(conn, VOUCHERS, 0, 0)?;
    let owed: Money = conn.query_row(
        "SELECT coalesce((SELECT sum(amount) FROM vouchers), 0) - coalesce((SELECT sum(amount) FROM sale_payments WHERE voucher_id IS NOT NULL), 0)",
        [],
        |r| r.get(0),
    )?;
    let on_419 = -accounting::store::net_of(conn, account::CUSTOMER_CREDITS)?;
    if owed != on_419 {
        found.push(format!("bons d'achat encore dus {owed}, compte 419 {on_419}"));
    }
    Ok(found)
}
