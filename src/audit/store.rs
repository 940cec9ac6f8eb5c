//! SQL of the audit trail.

use rusqlite::{Connection, params};

use super::{Actor, Entry, Event, Filter, PAGE_SIZE};

pub fn insert(conn: &Connection, actor: &Actor, now: &str, e: &Event) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, user_id, actor, kind, entity, entity_id, summary, before, after, ip)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        now,
        actor.user_id,
        actor.name,
        e.kind.code(),
        e.entity,
        e.entity_id,
        e.summary,
        e.before.as_ref().map(|v| v.to_string()),
        e.after.as_ref().map(|v| v.to_string()),
        actor.ip,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One page of the trail, newest first, and whether there is a next page.
pub fn search(conn: &Connection, f: &Filter) -> rusqlite::Result<(Vec<Entry>, bool)> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, kind, entity, entity_id, summary, before, after, ip
         FROM audit_log
         WHERE (?1 IS NULL OR user_id = ?1)
           AND (?2 IS NULL OR kind = ?2)
           AND (?3 IS NULL OR at >= ?3)
           AND (?4 IS NULL OR at < ?4)
         ORDER BY id DESC
         LIMIT ?5 OFFSET ?6",
    )?;
    let rows = stmt.query_map(
        params![
            f.user_id,
            f.kind.map(|k| k.code()),
            f.from,
            f.to,
            i64::from(PAGE_SIZE) + 1,
            i64::from(f.page) * i64::from(PAGE_SIZE)
        ],
        |r| {
            Ok(Entry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                kind: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                summary: r.get(6)?,
                before: r.get(7)?,
                after: r.get(8)?,
                ip: r.get(9)?,
            })
        },
    )?;
    let mut entries = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let more = entries.len() > PAGE_SIZE as usize;
    entries.truncate(PAGE_SIZE as usize);
    Ok((entries, more))
}
