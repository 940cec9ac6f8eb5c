//! All SQL of the deliveries: the setting, zones, deliverymen, orders' deliveries, runs, stops and
//! the payments of deliverymen.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Deliveryman, Kind, OrderDelivery, Outcome, Run, RunStatus, Zone, ZoneDraft};
use crate::money::Money;

pub fn fee_to_shop(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT fee_to_shop FROM delivery_settings WHERE id = 1", [], |r| r.get(0))
}

pub fn set_fee_to_shop(conn: &Connection, on: bool, now: &str) -> rusqlite::Result<usize> {
    conn.execute("UPDATE delivery_settings SET fee_to_shop = ?1, updated_at = ?2 WHERE id = 1", params![on, now])
}

// ---- zones

const ZONE: &str = "SELECT id, name, fee, max_fee, active FROM delivery_zones";

fn zone_row(r: &Row) -> rusqlite::Result<Zone> {
    Ok(Zone { id: r.get(0)?, name: r.get(1)?, fee: r.get(2)?, max_fee: r.get(3)?, active: r.get(4)? })
}

pub fn zones(conn: &Connection) -> rusqlite::Result<Vec<Zone>> {
    conn.prepare_cached(&format!("{ZONE} ORDER BY active DESC, name COLLATE NOCASE"))?
        .query_map([], zone_row)?
        .collect()
}

pub fn zone(conn: &Connection, id: i64) -> rusqlite::Result<Option<Zone>> {
    conn.prepare_cached(&format!("{ZONE} WHERE id = ?1"))?.query_row([id], zone_row).optional()
}

pub fn zone_by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<Zone>> {
    conn.prepare_cached(&format!("{ZONE} WHERE name = ?1"))?.query_row([name], zone_row).optional()
}

pub fn insert_zone(conn: &Connection, d: &ZoneDraft, now: &str) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO delivery_zones (name, fee, max_fee, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![d.name, d.fee, d.cap(), now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_zone(conn: &Connection, id: i64, d: &ZoneDraft, now: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE delivery_zones SET name = ?2, fee = ?3, max_fee = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, d.name, d.fee, d.cap(), now],
    )
}

pub fn set_zone_active(conn: &Connection, id: i64, on: bool, now: &str) -> rusqlite::Result<usize> {
    conn.execute("UPDATE delivery_zones SET active = ?2, updated_at = ?3 WHERE id = ?1", params![id, on, now])
}

// ---- deliverymen

const MAN: &str = "SELECT id, name, phone, kind, commission_pct, employee_id, account, active FROM deliverymen";

fn man_row(r: &Row) -> rusqlite::Result<Deliveryman> {
    let kind: String = r.get(3)?;
    Ok(Deliveryman {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        kind: Kind::from_code(&kind).unwrap_or(Kind::Staff),
        commission_pct: r.get(4)?,
        employee_id: r.get(5)?,
        account: r.get(6)?,
        active: r.get(7)?,
    })
}

pub fn deliverymen(conn: &Connection) -> rusqlite::Result<Vec<Deliveryman>> {
    conn.prepare_cached(&format!("{MAN} ORDER BY active DESC, name COLLATE NOCASE, id"))?
        .query_map([], man_row)?
        .collect()
}

pub fn deliveryman(conn: &Connection, id: i64) -> rusqlite::Result<Option<Deliveryman>> {
    conn.prepare_cached(&format!("{MAN} WHERE id = ?1"))?.query_row([id], man_row).optional()
}

pub fn man_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM deliverymen WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

/// Sets (or, with `None`, withdraws) the hash of a deliveryman's phone link.
pub fn set_phone_key(conn: &Connection, id: i64, hash: Option<&str>, now: &str) -> rusqlite::Result<usize> {
    conn.execute("UPDATE deliverymen SET phone_key_hash = ?2, updated_at = ?3 WHERE id = ?1", params![id, hash, now])
}

pub fn has_phone_key(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.query_row("SELECT phone_key_hash IS NOT NULL FROM deliverymen WHERE id = ?1", [id], |r| r.get(0))
}

/// The active deliveryman whose phone link hashes to `hash`.
pub fn man_by_phone_key(conn: &Connection, hash: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM deliverymen WHERE phone_key_hash = ?1 AND active = 1")?
        .query_row([hash], |r| r.get(0))
        .optional()
}

pub fn next_man_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM deliverymen", [], |r| r.get(0))
}

pub fn insert_man(
    conn: &Connection,
    id: i64,
    d: &super::DeliverymanDraft,
    account: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO deliverymen (id, name, phone, kind, commission_pct, employee_id, account, token, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![id, d.name, d.phone, d.kind.code(), d.commission_pct, d.employee_id, account, d.token, now],
    )?;
    Ok(())
}

pub fn update_man(conn: &Connection, id: i64, d: &super::DeliverymanDraft, now: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE deliverymen SET name = ?2, phone = ?3, kind = ?4, commission_pct = ?5, employee_id = ?6, updated_at = ?7
          WHERE id = ?1",
        params![id, d.name, d.phone, d.kind.code(), d.commission_pct, d.employee_id, now],
    )
}

pub fn set_man_active(conn: &Connection, id: i64, on: bool, now: &str) -> rusqlite::Result<usize> {
    conn.execute("UPDATE deliverymen SET active = ?2, updated_at = ?3 WHERE id = ?1", params![id, on, now])
}

/// The deliveryman already linked to an employee, but `except`.
pub fn man_of_employee(conn: &Connection, employee_id: i64, except: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT name FROM deliverymen WHERE employee_id = ?1 AND id <> ?2")?
        .query_row(params![employee_id, except], |r| r.get(0))
        .optional()
}

// ---- an order's delivery

pub fn order_delivery(conn: &Connection, order_id: i64) -> rusqlite::Result<Option<OrderDelivery>> {
    conn.prepare_cached(
        "SELECT d.order_id, d.zone_id, z.name, d.fee FROM order_deliveries d JOIN delivery_zones z ON z.id = d.zone_id
          WHERE d.order_id = ?1",
    )?
    .query_row([order_id], |r| {
        Ok(OrderDelivery { order_id: r.get(0)?, zone_id: r.get(1)?, zone: r.get(2)?, fee: r.get(3)? })
    })
    .optional()
}

pub fn set_order_delivery(
    conn: &Connection,
    order_id: i64,
    zone_id: i64,
    fee: Money,
    user_id: Option<i64>,
    now: &str,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO order_deliveries (order_id, zone_id, fee, updated_at, user_id) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (order_id) DO UPDATE SET zone_id = ?2, fee = ?3, updated_at = ?4, user_id = ?5",
        params![order_id, zone_id, fee, now, user_id],
    )
}

// ---- runs and stops

const RUN: &str = "SELECT r.id, r.deliveryman_id, m.name, r.till_id, r.status, r.day, r.created_at, r.fee_to_shop,
        r.commission_pct, r.settled_at, r.settle_day, r.expected, r.counted, r.written_off, r.entry_id
   FROM delivery_runs r JOIN deliverymen m ON m.id = r.deliveryman_id";

fn run_row(r: &Row) -> rusqlite::Result<Run> {
    let status: String = r.get(4)?;
    Ok(Run {
        id: r.get(0)?,
        deliveryman_id: r.get(1)?,
        deliveryman: r.get(2)?,
        till_id: r.get(3)?,
        status: RunStatus::from_code(&status).unwrap_or(RunStatus::Out),
        day: r.get(5)?,
        created_at: r.get(6)?,
        fee_to_shop: r.get(7)?,
        commission_pct: r.get(8)?,
        settled_at: r.get(9)?,
        settle_day: r.get(10)?,
        expected: r.get(11)?,
        counted: r.get(12)?,
        written_off: r.get(13)?,
        entry_id: r.get(14)?,
    })
}

pub fn run(conn: &Connection, id: i64) -> rusqlite::Result<Option<Run>> {
    conn.prepare_cached(&format!("{RUN} WHERE r.id = ?1"))?.query_row([id], run_row).optional()
}

pub fn run_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM delivery_runs WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

pub fn run_by_settle_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM delivery_runs WHERE settle_token = ?1")?
        .query_row([token], |r| r.get(0))
        .optional()
}

/// Runs out now, and the runs of a period (by the day they left), newest first; a deliveryman's
/// only when given.
pub fn runs(conn: &Connection, from: &str, to: &str, man: Option<i64>) -> rusqlite::Result<Vec<Run>> {
    conn.prepare_cached(&format!(
        "{RUN} WHERE (r.status = 'en_cours' OR r.day BETWEEN ?1 AND ?2) AND (?3 IS NULL OR r.deliveryman_id = ?3)
          ORDER BY r.status = 'en_cours' DESC, r.day DESC, r.id DESC"
    ))?
    .query_map(params![from, to, man], run_row)?
    .collect()
}

pub struct NewRun<'a> {
    pub deliveryman_id: i64,
    pub till_id: i64,
    pub day: &'a str,
    pub now: &'a str,
    pub user_id: Option<i64>,
    pub fee_to_shop: bool,
    pub commission_pct: i64,
    pub token: Option<&'a str>,
}

pub fn insert_run(conn: &Connection, r: &NewRun) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO delivery_runs (deliveryman_id, till_id, status, day, created_at, user_id, fee_to_shop, commission_pct, token)
         VALUES (?1, ?2, 'en_cours', ?3, ?4, ?5, ?6, ?7, ?8)",
        params![r.deliveryman_id, r.till_id, r.day, r.now, r.user_id, r.fee_to_shop, r.commission_pct, r.token],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_stop(conn: &Connection, run_id: i64, position: i64, order_id: i64, fee: Money) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO delivery_stops (run_id, position, order_id, fee) VALUES (?1, ?2, ?3, ?4)",
        params![run_id, position, order_id, fee],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The open run an order is on, if any.
pub fn open_run_of(conn: &Connection, order_id: i64) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT run_id FROM delivery_stops WHERE order_id = ?1 AND outcome IS NULL")?
        .query_row([order_id], |r| r.get(0))
        .optional()
}

/// A run's stops as stored: (id, position, order id, fee, outcome, balance, fee kept, commission).
pub type StopRow = (i64, i64, i64, Money, Option<Outcome>, Option<Money>, Option<Money>, Option<Money>);

pub fn stops(conn: &Connection, run_id: i64) -> rusqlite::Result<Vec<StopRow>> {
    conn.prepare_cached(
        "SELECT id, position, order_id, fee, outcome, balance, fee_kept, commission FROM delivery_stops
          WHERE run_id = ?1 ORDER BY position",
    )?
    .query_map([run_id], |r| {
        let outcome: Option<String> = r.get(4)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            outcome.as_deref().and_then(Outcome::from_code),
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    })?
    .collect()
}

pub struct StopEnd {
    pub outcome: Outcome,
    pub goods: Option<&'static str>,
    pub balance: Money,
    pub fee_kept: Money,
    pub commission: Money,
}

pub fn settle_stop(conn: &Connection, id: i64, s: &StopEnd) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE delivery_stops SET outcome = ?2, goods = ?3, balance = ?4, fee_kept = ?5, commission = ?6
          WHERE id = ?1 AND outcome IS NULL",
        params![id, s.outcome.code(), s.goods, s.balance, s.fee_kept, s.commission],
    )
}

pub struct RunEnd<'a> {
    pub now: &'a str,
    pub day: &'a str,
    pub user_id: Option<i64>,
    pub shift_id: i64,
    pub expected: Money,
    pub counted: Money,
    pub written_off: bool,
    pub approved_by: Option<i64>,
    pub entry_id: Option<i64>,
    pub token: Option<&'a str>,
}

/// Settles an open run; 0 when it was settled already.
pub fn settle_run(conn: &Connection, id: i64, e: &RunEnd) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE delivery_runs SET status = 'reglee', settled_at = ?2, settle_day = ?3, settled_by = ?4, shift_id = ?5,
                expected = ?6, counted = ?7, written_off = ?8, approved_by = ?9, entry_id = ?10, settle_token = ?11
          WHERE id = ?1 AND status = 'en_cours'",
        params![
            id,
            e.now,
            e.day,
            e.user_id,
            e.shift_id,
            e.expected,
            e.counted,
            e.written_off,
            e.approved_by,
            e.entry_id,
            e.token
        ],
    )
}

// ---- what deliverymen owe

/// What moved a deliveryman's debt, oldest first: (day, + owed / − paid). A settled run's
/// difference (not written off) is owed when he brought less, and a surplus is his. The runs
/// come from the partial index that holds only those (schema 35), never from the table.
pub fn debt_moves(conn: &Connection, man: i64) -> rusqlite::Result<Vec<(String, Money)>> {
    conn.prepare_cached(
        "SELECT day, amount FROM (
             SELECT settle_day AS day, expected - counted AS amount, id AS n, 0 AS k
               FROM delivery_runs INDEXED BY delivery_runs_owed
              WHERE deliveryman_id = ?1 AND status = 'reglee' AND written_off = 0 AND expected <> counted
             UNION ALL
             SELECT day, -amount, id, 1 FROM delivery_payments WHERE deliveryman_id = ?1)
          ORDER BY day, k, n",
    )?
    .query_map([man], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

pub struct NewPayment<'a> {
    pub man: i64,
    pub amount: Money,
    pub shift_id: i64,
    pub entry_id: i64,
    pub now: &'a str,
    pub day: &'a str,
    pub user_id: i64,
    pub token: Option<&'a str>,
}

pub fn insert_payment(conn: &Connection, p: &NewPayment) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO delivery_payments (deliveryman_id, amount, shift_id, entry_id, at, day, user_id, token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![p.man, p.amount, p.shift_id, p.entry_id, p.now, p.day, p.user_id, p.token],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn payment_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM delivery_payments WHERE token = ?1")?
        .query_row([token], |r| r.get(0))
        .optional()
}

/// (id, deliveryman, amount, at)
pub fn payment(conn: &Connection, id: i64) -> rusqlite::Result<Option<(i64, i64, Money, String)>> {
    conn.prepare_cached("SELECT id, deliveryman_id, amount, at FROM delivery_payments WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()
}

// ---- for fournil check

/// Settled runs whose expected cash is not Σ over their delivered stops of (balance + fee − fee
/// kept − commission): (run, expected, recomputed).
pub fn runs_off_expected(conn: &Connection) -> rusqlite::Result<Vec<(i64, Money, Money)>> {
    conn.prepare(
        "SELECT r.id, r.expected, coalesce((SELECT sum(s.balance + s.fee - s.fee_kept - s.commission) FROM delivery_stops s
                                             WHERE s.run_id = r.id AND s.outcome = 'livree'), 0) AS sum
           FROM delivery_runs r WHERE r.status = 'reglee' AND r.expected <> sum",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}

/// Stops of settled runs left without an outcome, or settled in a run still out.
pub fn stops_out_of_step(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64)>> {
    conn.prepare(
        "SELECT s.run_id, s.order_id FROM delivery_stops s JOIN delivery_runs r ON r.id = s.run_id
          WHERE (r.status = 'reglee') <> (s.outcome IS NOT NULL)",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// Orders settled as delivered on more than one stop.
pub fn orders_delivered_twice(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    conn.prepare("SELECT order_id FROM delivery_stops WHERE outcome = 'livree' GROUP BY order_id HAVING count(*) > 1")?
        .query_map([], |r| r.get(0))?
        .collect()
}

pub fn next_payment_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM delivery_payments", [], |r| r.get(0))
}

/// Per deliveryman over runs settled between two days: (name, [runs, stops, delivered, refused],
/// [collected, fees, fees kept, commission, difference]).
pub type ReportRow = (String, [i64; 4], [Money; 5]);

pub fn report(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<ReportRow>> {
    conn.prepare_cached(
        "SELECT m.name, count(DISTINCT r.id), count(s.id),
                coalesce(sum(s.outcome = 'livree'), 0), coalesce(sum(s.outcome = 'refusee'), 0),
                coalesce(sum(CASE WHEN s.outcome = 'livree' THEN s.balance + s.fee END), 0),
                coalesce(sum(CASE WHEN s.outcome = 'livree' THEN s.fee END), 0),
                coalesce(sum(s.fee_kept), 0), coalesce(sum(s.commission), 0),
                (SELECT coalesce(sum(x.counted - x.expected), 0) FROM delivery_runs x
                  WHERE x.deliveryman_id = m.id AND x.status = 'reglee' AND x.settle_day BETWEEN ?1 AND ?2)
           FROM delivery_runs r JOIN deliverymen m ON m.id = r.deliveryman_id
           LEFT JOIN delivery_stops s ON s.run_id = r.id
          WHERE r.status = 'reglee' AND r.settle_day BETWEEN ?1 AND ?2
          GROUP BY m.id ORDER BY m.name COLLATE NOCASE",
    )?
    .query_map(params![from, to], |r| {
        Ok((
            r.get(0)?,
            [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?],
            [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
        ))
    })?
    .collect()
}

/// The runs of a deliveryman still out (his phone page).
pub fn runs_out_of(conn: &Connection, man: i64) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached("SELECT id FROM delivery_runs WHERE deliveryman_id = ?1 AND status = 'en_cours' ORDER BY id")?
        .query_map([man], |r| r.get(0))?
        .collect()
}
