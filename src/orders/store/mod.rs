//! All SQL of `orders`, `order_lines`, `order_payments`, `customer_credits` (the checks of
//! `fournil check` in `check.rs`).

pub mod check;
mod payments;

pub use payments::*;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Line, Order, Service, Source, Status, Summary, ToMake};
use crate::catalog::Unit;
use crate::money::{Money, Qty};

fn status_of(code: String) -> rusqlite::Result<Status> {
    Status::from_code(&code).ok_or_else(|| rusqlite::Error::InvalidColumnType(0, code, rusqlite::types::Type::Text))
}

fn service_of(code: &str) -> Service {
    Service::from_code(code).unwrap_or(Service::Pickup)
}

const ORDER_COLUMNS: &str = "o.id, o.number, o.customer_id, o.status, o.service, o.address, o.due_day, o.due_time,
    o.due_at, o.notes, o.total, o.paid, o.cost, o.till_id, o.day, o.created_at,
    coalesce(nullif(u.display_name, ''), u.username), o.handed_at, o.cancelled_at, o.cancel_reason, o.entry_id";

fn order_row(r: &Row) -> rusqlite::Result<Order> {
    Ok(Order {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        status: status_of(r.get(3)?)?,
        service: service_of(&r.get::<_, String>(4)?),
        address: r.get(5)?,
        due_day: r.get(6)?,
        due_time: r.get(7)?,
        due_at: r.get(8)?,
        notes: r.get(9)?,
        total: r.get(10)?,
        paid: r.get(11)?,
        cost: r.get(12)?,
        till_id: r.get(13)?,
        day: r.get(14)?,
        created_at: r.get(15)?,
        user: r.get(16)?,
        handed_at: r.get(17)?,
        cancelled_at: r.get(18)?,
        cancel_reason: r.get(19)?,
        entry_id: r.get(20)?,
    })
}

pub fn order(conn: &Connection, id: i64) -> rusqlite::Result<Option<Order>> {
    conn.prepare_cached(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = ?1"
    ))?
    .query_row([id], order_row)
    .optional()
}

pub fn by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM orders WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

pub fn by_number(conn: &Connection, number: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM orders WHERE number = ?1")?
        .query_row([number.trim().to_uppercase()], |r| r.get(0))
        .optional()
}

/// The order a handover or cancel token already served, if any.
pub fn by_transition_token(conn: &Connection, column: Transition, token: &str) -> rusqlite::Result<Option<i64>> {
    let sql = match column {
        Transition::HandOver => "SELECT id FROM orders WHERE handover_token = ?1",
        Transition::Cancel => "SELECT id FROM orders WHERE cancel_token = ?1",
    };
    conn.prepare_cached(sql)?.query_row([token], |r| r.get(0)).optional()
}

/// The transitions whose form carries a one-time token kept on the order.
#[derive(Debug, Clone, Copy)]
pub enum Transition {
    HandOver,
    Cancel,
}

/// A new order's header, as written.
pub struct NewOrder<'a> {
    pub number: &'a str,
    pub token: &'a str,
    pub customer_id: i64,
    pub service: Service,
    pub address: &'a str,
    pub due_day: &'a str,
    pub due_time: &'a str,
    pub due_at: &'a str,
    pub notes: &'a str,
    pub till_id: i64,
    pub day: &'a str,
    pub now: &'a str,
    pub user_id: i64,
}

pub fn insert_order(conn: &Connection, o: &NewOrder) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO orders (number, token, customer_id, service, address, due_day, due_time, due_at, notes, total,
                             till_id, day, created_at, user_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11, ?12, ?13, ?12)",
    )?
    .execute(params![
        o.number,
        o.token,
        o.customer_id,
        o.service.code(),
        o.address,
        o.due_day,
        o.due_time,
        o.due_at,
        o.notes,
        o.till_id,
        o.day,
        o.now,
        o.user_id
    ])?;
    Ok(conn.last_insert_rowid())
}

/// What an edit may change on the header (the lines are replaced apart).
pub struct Header<'a> {
    pub service: Service,
    pub address: &'a str,
    pub due_day: &'a str,
    pub due_time: &'a str,
    pub due_at: &'a str,
    pub notes: &'a str,
}

pub fn update_header(conn: &Connection, id: i64, h: &Header, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE orders SET service = ?2, address = ?3, due_day = ?4, due_time = ?5, due_at = ?6, notes = ?7,
                updated_at = ?8 WHERE id = ?1",
    )?
    .execute(params![id, h.service.code(), h.address, h.due_day, h.due_time, h.due_at, h.notes, now])?;
    Ok(())
}

pub fn set_total(conn: &Connection, id: i64, total: Money) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE orders SET total = ?2 WHERE id = ?1")?.execute(params![id, total])?;
    Ok(())
}

pub fn add_paid(conn: &Connection, id: i64, amount: Money, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE orders SET paid = paid + ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, amount, now])?;
    Ok(())
}

/// Moves an order from `from` to `to`, stamping the moment; 0 rows when it was not in `from`.
pub fn set_status(conn: &Connection, id: i64, from: Status, to: Status, now: &str) -> rusqlite::Result<usize> {
    let stamp = match to {
        Status::InProduction => ", started_at = ?4",
        Status::Ready => ", ready_at = ?4",
        _ => "",
    };
    conn.prepare_cached(&format!(
        "UPDATE orders SET status = ?3, updated_at = ?4{stamp} WHERE id = ?1 AND status = ?2"
    ))?
    .execute(params![id, from.code(), to.code(), now])
}

/// What the handover writes on the order.
pub struct Handed<'a> {
    pub now: &'a str,
    pub day: &'a str,
    pub user_id: Option<i64>,
    pub entry_id: Option<i64>,
    pub cost: Money,
    pub packaging: Money,
    pub token: Option<&'a str>,
}

pub fn set_handed(conn: &Connection, id: i64, h: &Handed) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE orders SET status = 'remise', handed_at = ?2, handed_day = ?3, handed_by = ?4, entry_id = ?5,
                cost = ?6, packaging = ?7, handover_token = ?8, updated_at = ?2
          WHERE id = ?1 AND status = 'prete'",
    )?
    .execute(params![id, h.now, h.day, h.user_id, h.entry_id, h.cost, h.packaging, h.token])
}

pub fn set_cancelled(
    conn: &Connection,
    id: i64,
    now: &str,
    user_id: Option<i64>,
    reason: &str,
    token: Option<&str>,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE orders SET status = 'annulee', cancelled_at = ?2, cancelled_by = ?3, cancel_reason = ?4,
                cancel_token = ?5, updated_at = ?2
          WHERE id = ?1 AND status NOT IN ('remise', 'annulee')",
    )?
    .execute(params![id, now, user_id, reason, token])
}

// ---- lines ---------------------------------------------------------------------------------

/// A line as written.
pub struct NewLine<'a> {
    pub position: i64,
    pub product_id: i64,
    pub name: &'a str,
    pub qty: Qty,
    pub unit_price: Money,
    pub catalog_price: Money,
    pub total: Money,
    pub options: &'a str,
    pub source: Source,
}

pub fn insert_line(conn: &Connection, order_id: i64, l: &NewLine) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO order_lines (order_id, position, product_id, name, qty, unit_price, catalog_price, total, options, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        order_id,
        l.position,
        l.product_id,
        l.name,
        l.qty,
        l.unit_price,
        l.catalog_price,
        l.total,
        l.options,
        l.source.code()
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn delete_lines(conn: &Connection, order_id: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?.execute([order_id])
}

pub fn lines(conn: &Connection, order_id: i64) -> rusqlite::Result<Vec<Line>> {
    conn.prepare_cached(
        "SELECT l.id, l.position, l.product_id, l.name, p.unit, l.qty, l.unit_price, l.catalog_price, l.total,
                l.options, l.source, l.production_id, l.made_at, l.cost, l.set_aside_at IS NOT NULL
           FROM order_lines l JOIN products p ON p.id = l.product_id
          WHERE l.order_id = ?1 ORDER BY l.position",
    )?
    .query_map([order_id], |r| {
        Ok(Line {
            id: r.get(0)?,
            position: r.get(1)?,
            product_id: r.get(2)?,
            name: r.get(3)?,
            unit: Unit::from_code(&r.get::<_, String>(4)?).unwrap_or(Unit::Piece),
            qty: r.get(5)?,
            unit_price: r.get(6)?,
            catalog_price: r.get(7)?,
            total: r.get(8)?,
            options: r.get(9)?,
            source: if r.get::<_, String>(10)? == "labo" { Source::Lab } else { Source::Counter },
            production_id: r.get(11)?,
            made_at: r.get(12)?,
            cost: r.get(13)?,
            set_aside: r.get(14)?,
        })
    })?
    .collect()
}

pub fn set_made(conn: &Connection, line_id: i64, production_id: i64, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE order_lines SET production_id = ?2, made_at = ?3 WHERE id = ?1 AND production_id IS NULL",
    )?
    .execute(params![line_id, production_id, now])?;
    Ok(())
}

/// A counter line's goods left the counter for "réservé commandes" (once).
pub fn set_aside(conn: &Connection, line_id: i64, now: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE order_lines SET set_aside_at = ?2 WHERE id = ?1 AND source = 'comptoir' AND set_aside_at IS NULL",
    )?
    .execute(params![line_id, now])
}

pub fn set_line_cost(conn: &Connection, line_id: i64, cost: Money) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE order_lines SET cost = ?2 WHERE id = ?1")?.execute(params![line_id, cost])?;
    Ok(())
}

// ---- lists ---------------------------------------------------------------------------------

/// Which orders a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Due between these days (inclusive).
    pub from: Option<String>,
    pub to: Option<String>,
    pub statuses: Vec<Status>,
    pub customer_id: Option<i64>,
    /// A number, a customer's name or phone.
    pub query: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

const SUMMARY: &str = "SELECT o.id, o.number, o.status, o.service, o.customer_id, c.name, c.phone, o.due_day, o.due_time,
        o.due_at, o.total, o.paid,
        (SELECT group_concat(x.item, ', ') FROM
            (SELECT CASE WHEN p.unit = 'piece' AND l.qty % 1000 = 0 THEN (l.qty / 1000) || ' × ' || l.name
                         ELSE l.name || ' (' || (l.qty / 1000) || CASE p.unit WHEN 'g' THEN ' g' WHEN 'ml' THEN ' ml' ELSE '' END || ')'
                    END AS item
               FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = o.id ORDER BY l.position) x),
        (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id AND l.source = 'labo' AND l.production_id IS NULL)
   FROM orders o JOIN customers c ON c.id = o.customer_id";

fn summary_row(r: &Row) -> rusqlite::Result<Summary> {
    Ok(Summary {
        id: r.get(0)?,
        number: r.get(1)?,
        status: status_of(r.get(2)?)?,
        service: service_of(&r.get::<_, String>(3)?),
        customer_id: r.get(4)?,
        customer: r.get(5)?,
        phone: r.get(6)?,
        due_day: r.get(7)?,
        due_time: r.get(8)?,
        due_at: r.get(9)?,
        total: r.get(10)?,
        paid: r.get(11)?,
        items: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
        to_make: r.get(13)?,
    })
}

pub fn list(conn: &Connection, f: &Filter) -> rusqlite::Result<Vec<Summary>> {
    let statuses: String = f.statuses.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ");
    let status_cond = if statuses.is_empty() { "1".to_string() } else { format!("o.status IN ({statuses})") };
    let like = f.query.as_deref().map(|q| format!("%{}%", q.replace(['%', '_'], "")));
    // The index is chosen here, not left to the planner's guess: one day's orders come in due-time
    // order from `orders_due_time`, which stops at the limit (a bench day of 45 000 orders was
    // sorted whole to show 20: 28 ms); open orders over a range are few among years of handed-over
    // ones, read by status (walking `orders_due_time` from 2021 took 76 ms instead of 1).
    let one_day = f.from.is_some() && f.from == f.to;
    let open_only = !f.statuses.is_empty() && f.statuses.iter().all(|s| s.is_open());
    let summary = match (one_day, open_only) {
        (true, _) => SUMMARY.replace("FROM orders o", "FROM orders o INDEXED BY orders_due_time"),
        (false, true) => SUMMARY.replace("FROM orders o", "FROM orders o INDEXED BY orders_status"),
        (false, false) => SUMMARY.to_string(),
    };
    conn.prepare_cached(&format!(
        "{summary}
          WHERE o.due_day >= coalesce(?1, '') AND o.due_day <= coalesce(?2, '9999') AND {status_cond}
            AND (?3 IS NULL OR o.customer_id = ?3)
            AND (?4 IS NULL OR o.number LIKE ?4 OR c.name LIKE ?4 OR c.phone LIKE ?4)
          ORDER BY o.due_day, o.due_time, o.id
          LIMIT ?5 OFFSET ?6"
    ))?
    .query_map(params![f.from, f.to, f.customer_id, like, f.limit, f.offset], summary_row)?
    .collect()
}

/// A customer's orders, newest first.
pub fn of_customer(conn: &Connection, customer_id: i64, limit: i64) -> rusqlite::Result<Vec<Summary>> {
    conn.prepare_cached(&format!("{SUMMARY} WHERE o.customer_id = ?1 ORDER BY o.due_day DESC, o.id DESC LIMIT ?2"))?
        .query_map(params![customer_id, limit], summary_row)?
        .collect()
}

/// What a customer spent (orders handed over) and still owes (orders not handed over, not cancelled).
pub fn customer_totals(conn: &Connection, customer_id: i64) -> rusqlite::Result<(i64, Money, Money)> {
    conn.prepare_cached(
        "SELECT count(*),
                coalesce(sum(CASE WHEN status = 'remise' THEN total ELSE 0 END), 0),
                coalesce(sum(CASE WHEN status NOT IN ('remise', 'annulee') THEN total - paid ELSE 0 END), 0)
           FROM orders WHERE customer_id = ?1",
    )?
    .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
}

/// How many orders not cancelled are due on a day, counted up to `cap` + 1 at most (read from
/// the index; a page that only needs "more than `cap`" never walks a day of 45 000 orders).
pub fn count_due(conn: &Connection, day: &str, cap: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM orders WHERE due_day = ?1 AND status <> 'annulee' LIMIT ?2 + 1)",
    )?
    .query_row(params![day, cap], |r| r.get(0))
}

/// Per due day in a range: the orders not cancelled, and how many are still open.
pub fn calendar(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(String, i64, i64, Money)>> {
    conn.prepare_cached(
        "SELECT due_day, count(*), sum(CASE WHEN status NOT IN ('remise', 'annulee') THEN 1 ELSE 0 END), sum(total)
           FROM orders WHERE due_day BETWEEN ?1 AND ?2 AND status <> 'annulee'
          GROUP BY due_day ORDER BY due_day",
    )?
    .query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}

/// The lines the lab still has to make for orders due between two days, for the production plan.
pub fn to_make(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<ToMake>> {
    conn.prepare_cached(
        "SELECT o.id, o.due_day, o.due_time, l.product_id, l.qty
           FROM order_lines l JOIN orders o ON o.id = l.order_id
          WHERE o.due_day BETWEEN ?1 AND ?2 AND o.status IN ('confirmee', 'en_production')
            AND l.source = 'labo' AND l.production_id IS NULL
          ORDER BY o.due_day, o.due_time, o.id, l.position",
    )?
    .query_map([from, to], |r| {
        Ok(ToMake {
            order_id: r.get(0)?,
            due_day: r.get(1)?,
            due_time: r.get(2)?,
            product_id: r.get(3)?,
            qty: r.get(4)?,
        })
    })?
    .collect()
}

/// The products ordered most often since `since` (a day), for the order form's quick picks.
pub fn favourites(conn: &Connection, since: &str, limit: i64) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(
        "SELECT l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id
          WHERE o.day >= ?1 GROUP BY l.product_id ORDER BY count(*) DESC, l.product_id LIMIT ?2",
    )?
    .query_map(params![since, limit], |r| r.get(0))?
    .collect()
}
