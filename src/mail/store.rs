//! SQL of the shop's e-mail: `mail_settings` (one row) and `outbox`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Attachment, Line, MailSettings, Message, NewMessage, Security, Status};

pub fn settings(conn: &Connection) -> rusqlite::Result<MailSettings> {
    conn.query_row(
        "SELECT host, port, security, username, password, sender, owner_to, summary_hour FROM mail_settings WHERE id = 1",
        [],
        |r| {
            let security: String = r.get(2)?;
            Ok(MailSettings {
                host: r.get(0)?,
                port: r.get(1)?,
                security: Security::from_code(&security).unwrap_or(Security::StartTls),
                username: r.get(3)?,
                password: r.get(4)?,
                sender: r.get(5)?,
                owner_to: r.get(6)?,
                summary_hour: r.get(7)?,
            })
        },
    )
}

pub fn save_settings(conn: &Connection, s: &MailSettings, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE mail_settings SET host = ?1, port = ?2, security = ?3, username = ?4, password = ?5, sender = ?6,
                owner_to = ?7, summary_hour = ?8, updated_at = ?9
         WHERE id = 1",
        params![s.host, s.port, s.security.code(), s.username, s.password, s.sender, s.owner_to, s.summary_hour, now],
    )?;
    Ok(())
}

/// Queues a message due at once; None when its topic was already queued.
pub fn insert(conn: &Connection, m: &NewMessage, now: &str) -> rusqlite::Result<Option<i64>> {
    let a = m.attachment.as_ref();
    let n = conn.execute(
        "INSERT INTO outbox (topic, recipients, subject, body_text, body_html, attachment, attachment_name,
                             attachment_mime, next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (topic) DO NOTHING",
        params![
            m.topic,
            m.to.join(", "),
            m.subject,
            m.text,
            m.html,
            a.map(|a| &a.bytes),
            a.map(|a| &a.name),
            a.map(|a| &a.mime),
            now
        ],
    )?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

/// Whether a message of this topic was ever queued.
pub fn topic_queued(conn: &Connection, topic: &str) -> rusqlite::Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM outbox WHERE topic = ?1", [topic], |_| Ok(())).optional()?.is_some())
}

/// The waiting messages whose next attempt is due at `now`, oldest first.
pub fn due(conn: &Connection, now: &str, limit: i64) -> rusqlite::Result<Vec<Message>> {
    let mut s = conn.prepare_cached(
        "SELECT id, recipients, subject, body_text, body_html, attachment, attachment_name, attachment_mime, attempts
         FROM outbox WHERE status = 'attente' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2",
    )?;
    s.query_map(params![now, limit], |r| {
        let attachment = match (r.get::<_, Option<Vec<u8>>>(5)?, r.get(6)?, r.get(7)?) {
            (Some(bytes), Some(name), Some(mime)) => Some(Attachment { name, mime, bytes }),
            _ => None,
        };
        Ok(Message {
            id: r.get(0)?,
            to: super::addresses(&r.get::<_, String>(1)?),
            subject: r.get(2)?,
            text: r.get(3)?,
            html: r.get(4)?,
            attachment,
            attempts: r.get(8)?,
        })
    })?
    .collect()
}

pub fn mark_sent(conn: &Connection, id: i64, attempts: u32, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE outbox SET status = 'envoye', attempts = ?2, sent_at = ?3, last_error = NULL WHERE id = ?1",
        params![id, attempts, now],
    )?;
    Ok(())
}

/// A failed attempt: waiting again until `next` (a stamp), or given up when `next` is None.
pub fn mark_failed(conn: &Connection, id: i64, attempts: u32, error: &str, next: Option<&str>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE outbox SET attempts = ?2, last_error = ?3,
                status = CASE WHEN ?4 IS NULL THEN 'echec' ELSE 'attente' END,
                next_attempt_at = COALESCE(?4, next_attempt_at)
         WHERE id = ?1",
        params![id, attempts, error, next],
    )?;
    Ok(())
}

/// A given-up message made due again from scratch; false when it is not in failure.
pub fn retry(conn: &Connection, id: i64, now: &str) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "UPDATE outbox SET status = 'attente', attempts = 0, next_attempt_at = ?2 WHERE id = ?1 AND status = 'echec'",
        params![id, now],
    )?;
    Ok(n == 1)
}

fn line(r: &Row) -> rusqlite::Result<Line> {
    let status: String = r.get(4)?;
    Ok(Line {
        id: r.get(0)?,
        to: r.get(1)?,
        subject: r.get(2)?,
        attachment_name: r.get(3)?,
        status: Status::from_code(&status).unwrap_or(Status::Waiting),
        attempts: r.get(5)?,
        next_attempt_at: r.get(6)?,
        last_error: r.get(7)?,
        created_at: r.get(8)?,
        sent_at: r.get(9)?,
    })
}

/// The latest messages, newest first.
pub fn lines(conn: &Connection, limit: i64) -> rusqlite::Result<Vec<Line>> {
    let mut s = conn.prepare(
        "SELECT id, recipients, subject, attachment_name, status, attempts, next_attempt_at, last_error, created_at, sent_at
         FROM outbox ORDER BY id DESC LIMIT ?1",
    )?;
    s.query_map([limit], line)?.collect()
}

/// How many messages are in each status.
pub fn counts(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut s = conn.prepare("SELECT status, COUNT(*) FROM outbox GROUP BY status")?;
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// `fournil check`: messages whose status disagrees with their dates or error (a sent one
/// without its time, a given-up one without its reason).
pub fn inconsistent(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut s = conn.prepare(
        "SELECT id FROM outbox
         WHERE (status = 'envoye' AND sent_at IS NULL) OR (status <> 'envoye' AND sent_at IS NOT NULL)
            OR (status = 'echec' AND (last_error IS NULL OR attempts = 0))
         ORDER BY id",
    )?;
    s.query_map([], |r| r.get(0))?.collect()
}
