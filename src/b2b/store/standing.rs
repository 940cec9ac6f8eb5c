//! All SQL of the standing orders (`b2b_standing`, `b2b_standing_lines`, `b2b_standing_days`,
//! `b2b_standing_day_lines`) and of the B2B calendar (`b2b_calendar`).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, params};

use crate::b2b::standing::{GridLine, OnSpecial, Period, Standing, StandingDraft};
use crate::money::Qty;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

/// Every standing order with its grids, by customer then start.
pub fn all(c: &Connection) -> rusqlite::Result<Vec<Standing>> {
    let mut s = c.prepare_cached(
        "SELECT s.id, s.customer_id, b.name, s.active_from, s.active_to, s.cutoff, s.on_special
           FROM b2b_standing s JOIN b2b_customers b ON b.id = s.customer_id
          ORDER BY b.name COLLATE NOCASE, s.active_from",
    )?;
    let mut out: Vec<Standing> = s
        .query_map([], |r| {
            let (from, to, cutoff, on): (String, Option<String>, String, String) =
                (r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
            Ok(Standing {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                customer: r.get(2)?,
                active_from: day(&from),
                active_to: to.as_deref().map(day),
                cutoff: NaiveTime::parse_from_str(&cutoff, "%H:%M").unwrap_or_default(),
                on_special: OnSpecial::from_code(&on).unwrap_or(OnSpecial::Normal),
                normal: Vec::new(),
                alternate: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut grids: HashMap<(i64, String), Vec<GridLine>> = HashMap::new();
    let mut s = c.prepare_cached(
        "SELECT l.standing_id, l.grid, l.product_id, l.weekday, l.qty FROM b2b_standing_lines l
           JOIN products p ON p.id = l.product_id ORDER BY p.name COLLATE NOCASE, l.product_id",
    )?;
    let mut rows = s.query([])?;
    while let Some(r) = rows.next()? {
        let (sid, grid, product_id, wd, qty): (i64, String, i64, i64, Qty) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let lines = grids.entry((sid, grid)).or_default();
        if lines.last().is_none_or(|l| l.product_id != product_id) {
            lines.push(GridLine { product_id, qty: [Qty::ZERO; 7] });
        }
        if let Some(l) = lines.last_mut() {
            l.qty[wd.clamp(0, 6) as usize] = qty;
        }
    }
    for st in &mut out {
        st.normal = grids.remove(&(st.id, "normal".into())).unwrap_or_default();
        st.alternate = grids.remove(&(st.id, "alterne".into())).unwrap_or_default();
    }
    Ok(out)
}

pub fn one(c: &Connection, id: i64) -> rusqlite::Result<Option<Standing>> {
    Ok(all(c)?.into_iter().find(|s| s.id == id))
}

/// Another standing order of the customer whose dates meet these: (from, to).
pub fn overlapping(
    c: &Connection,
    customer_id: i64,
    from: NaiveDate,
    to: Option<NaiveDate>,
    except: i64,
) -> rusqlite::Result<Option<(String, Option<String>)>> {
    let mut s = c.prepare_cached(
        "SELECT active_from, active_to FROM b2b_standing
          WHERE customer_id = ?1 AND id <> ?2 AND (active_to IS NULL OR active_to >= ?3)
            AND (?4 IS NULL OR active_from <= ?4) LIMIT 1",
    )?;
    let mut rows = s.query(params![customer_id, except, from.to_string(), to.map(|t| t.to_string())])?;
    match rows.next()? {
        Some(r) => Ok(Some((r.get(0)?, r.get(1)?))),
        None => Ok(None),
    }
}

/// Writes the standing order (a new one when `id` is 0) and replaces its grids; returns its id.
pub fn write(c: &Connection, id: i64, d: &StandingDraft, now: &str) -> rusqlite::Result<i64> {
    let (from, to, cutoff) =
        (d.active_from.to_string(), d.active_to.map(|t| t.to_string()), d.cutoff.format("%H:%M").to_string());
    let id = if id == 0 {
        c.prepare_cached(
            "INSERT INTO b2b_standing (customer_id, active_from, active_to, cutoff, on_special, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?
        .execute(params![d.customer_id, from, to, cutoff, d.on_special.code(), now])?;
        c.last_insert_rowid()
    } else {
        c.prepare_cached(
            "UPDATE b2b_standing SET customer_id = ?2, active_from = ?3, active_to = ?4, cutoff = ?5, on_special = ?6,
                    updated_at = ?7 WHERE id = ?1",
        )?
        .execute(params![id, d.customer_id, from, to, cutoff, d.on_special.code(), now])?;
        id
    };
    c.prepare_cached("DELETE FROM b2b_standing_lines WHERE standing_id = ?1")?.execute([id])?;
    let mut ins = c.prepare_cached(
        "INSERT INTO b2b_standing_lines (standing_id, grid, product_id, weekday, qty) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (grid, lines) in [("normal", &d.normal), ("alterne", &d.alternate)] {
        for l in lines {
            for (wd, q) in l.qty.iter().enumerate().filter(|(_, q)| q.milli() > 0) {
                ins.execute(params![id, grid, l.product_id, wd as i64, q])?;
            }
        }
    }
    Ok(id)
}

/// The one-off change of a date, if any: its lines (none: nothing that day).
pub fn day_change(c: &Connection, standing_id: i64, on: NaiveDate) -> rusqlite::Result<Option<Vec<(i64, Qty)>>> {
    let exists: bool = c
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM b2b_standing_days WHERE standing_id = ?1 AND day = ?2)")?
        .query_row(params![standing_id, on.to_string()], |r| r.get(0))?;
    if !exists {
        return Ok(None);
    }
    let mut s = c.prepare_cached(
        "SELECT product_id, qty FROM b2b_standing_day_lines WHERE standing_id = ?1 AND day = ?2 ORDER BY product_id",
    )?;
    Ok(Some(
        s.query_map(params![standing_id, on.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?,
    ))
}

/// Replaces the one-off change of a date.
pub fn set_day(
    c: &Connection,
    standing_id: i64,
    on: NaiveDate,
    lines: &[(i64, Qty)],
    user_id: Option<i64>,
    now: &str,
) -> rusqlite::Result<()> {
    let on = on.to_string();
    c.prepare_cached("DELETE FROM b2b_standing_day_lines WHERE standing_id = ?1 AND day = ?2")?
        .execute(params![standing_id, on])?;
    c.prepare_cached("DELETE FROM b2b_standing_days WHERE standing_id = ?1 AND day = ?2")?
        .execute(params![standing_id, on])?;
    c.prepare_cached("INSERT INTO b2b_standing_days (standing_id, day, user_id, created_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![standing_id, on, user_id, now])?;
    let mut ins = c.prepare_cached(
        "INSERT INTO b2b_standing_day_lines (standing_id, day, product_id, qty) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (p, q) in lines {
        ins.execute(params![standing_id, on, p, q])?;
    }
    Ok(())
}

/// The dates from `from` on that have a one-off change, with how many lines (0: cancelled).
pub fn changed_days(c: &Connection, standing_id: i64, from: NaiveDate) -> rusqlite::Result<Vec<(String, i64)>> {
    c.prepare_cached(
        "SELECT d.day, (SELECT count(*) FROM b2b_standing_day_lines l WHERE l.standing_id = d.standing_id AND l.day = d.day)
           FROM b2b_standing_days d WHERE d.standing_id = ?1 AND d.day >= ?2 ORDER BY d.day",
    )?
    .query_map(params![standing_id, from.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

fn period_row(r: &rusqlite::Row) -> rusqlite::Result<Period> {
    let (first, last, kind): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
    Ok(Period { id: r.get(0)?, first_day: day(&first), last_day: day(&last), closed: kind == "ferme", name: r.get(4)? })
}

/// The periods of the calendar that meet `from`..=`to`, by first day.
pub fn periods(c: &Connection, from: NaiveDate, to: NaiveDate) -> rusqlite::Result<Vec<Period>> {
    c.prepare_cached(
        "SELECT id, first_day, last_day, kind, name FROM b2b_calendar
          WHERE last_day >= ?1 AND first_day <= ?2 ORDER BY first_day, id",
    )?
    .query_map(params![from.to_string(), to.to_string()], period_row)?
    .collect()
}

pub fn insert_period(
    c: &Connection,
    first: NaiveDate,
    last: NaiveDate,
    closed: bool,
    name: &str,
) -> rusqlite::Result<i64> {
    c.prepare_cached("INSERT INTO b2b_calendar (first_day, last_day, kind, name) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![first.to_string(), last.to_string(), if closed { "ferme" } else { "special" }, name])?;
    Ok(c.last_insert_rowid())
}

pub fn period(c: &Connection, id: i64) -> rusqlite::Result<Option<Period>> {
    let mut s = c.prepare_cached("SELECT id, first_day, last_day, kind, name FROM b2b_calendar WHERE id = ?1")?;
    let mut rows = s.query([id])?;
    rows.next()?.map(period_row).transpose()
}

pub fn delete_period(c: &Connection, id: i64) -> rusqlite::Result<usize> {
    c.prepare_cached("DELETE FROM b2b_calendar WHERE id = ?1")?.execute([id])
}

/// Opens a savepoint inside the operation's transaction: one standing order's order may be
/// refused without undoing the others'.
pub fn savepoint(c: &Connection) -> rusqlite::Result<()> {
    c.execute_batch("SAVEPOINT b2b_standing_one")
}

/// Keeps (`true`) or undoes what was done since the savepoint, and closes it.
pub fn end_savepoint(c: &Connection, keep: bool) -> rusqlite::Result<()> {
    if keep {
        c.execute_batch("RELEASE b2b_standing_one")
    } else {
        c.execute_batch("ROLLBACK TO b2b_standing_one; RELEASE b2b_standing_one")
    }
}
