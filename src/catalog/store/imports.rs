//! SQL of `pending_imports`: files previewed and waiting for their confirmation.

use rusqlite::{Connection, OptionalExtension, params};

pub fn insert_pending_import(
    conn: &Connection,
    token: &str,
    kind: &str,
    file_name: &str,
    content: &[u8],
    user_id: i64,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO pending_imports (token, kind, file_name, content, user_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![token, kind, file_name, content, user_id, now],
    )?;
    Ok(())
}

/// (kind, file name, content) of a pending import of this user.
pub fn pending_import(
    conn: &Connection,
    token: &str,
    user_id: i64,
) -> rusqlite::Result<Option<(String, String, Vec<u8>)>> {
    conn.query_row(
        "SELECT kind, file_name, content FROM pending_imports WHERE token = ?1 AND user_id = ?2",
        params![token, user_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// Forgets previews nobody confirmed (`before` is a stored timestamp).
pub fn delete_old_pending_imports(conn: &Connection, before: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM pending_imports WHERE created_at < ?1", [before])
}

pub fn delete_pending_import(conn: &Connection, token: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM pending_imports WHERE token = ?1", [token])
}
