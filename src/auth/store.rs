//! All SQL of the auth domain.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{ApiToken, Permission, Role, User};

// ---- roles ----------------------------------------------------------------------------------

fn permissions_of(conn: &Connection, role_id: i64) -> rusqlite::Result<BTreeSet<Permission>> {
    let mut stmt =
        conn.prepare_cached("SELECT permission FROM role_permissions WHERE role_id = ?1 ORDER BY permission")?;
    let codes = stmt.query_map([role_id], |r| r.get::<_, String>(0))?;
    let mut out = BTreeSet::new();
    for code in codes {
        // A code no longer known to this binary grants nothing.
        if let Some(p) = Permission::from_code(&code?) {
            out.insert(p);
        }
    }
    Ok(out)
}

fn role_row(r: &Row) -> rusqlite::Result<Role> {
    Ok(Role {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        is_superuser: r.get(4)?,
        permissions: BTreeSet::new(),
    })
}

pub fn role(conn: &Connection, id: i64) -> rusqlite::Result<Option<Role>> {
    let role = conn
        .query_row("SELECT id, code, name, description, is_superuser FROM roles WHERE id = ?1", [id], role_row)
        .optional()?;
    match role {
        Some(mut role) => {
            role.permissions = permissions_of(conn, role.id)?;
            Ok(Some(role))
        }
        None => Ok(None),
    }
}

pub fn role_by_code(conn: &Connection, code: &str) -> rusqlite::Result<Option<Role>> {
    let id: Option<i64> = conn
        .query_row("SELECT id FROM roles WHERE code = ?1 OR name = ?1 COLLATE NOCASE", [code], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => role(conn, id),
        None => Ok(None),
    }
}

pub fn roles(conn: &Connection) -> rusqlite::Result<Vec<Role>> {
    let mut stmt = conn.prepare("SELECT id, code, name, description, is_superuser FROM roles ORDER BY id")?;
    let mut roles = stmt.query_map([], role_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for role in &mut roles {
        role.permissions = permissions_of(conn, role.id)?;
    }
    Ok(roles)
}

/// Every permission code stored for any role (the check verifies this binary knows them all).
pub fn permission_codes(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT permission FROM role_permissions ORDER BY permission")?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

pub fn set_role_permissions(
    conn: &Connection,
    role_id: i64,
    permissions: &BTreeSet<Permission>,
) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM role_permissions WHERE role_id = ?1", [role_id])?;
    let mut stmt = conn.prepare("INSERT INTO role_permissions (role_id, permission) VALUES (?1, ?2)")?;
    for p in permissions {
        stmt.execute(params![role_id, p.code()])?;
    }
    Ok(())
}

pub fn update_role_text(conn: &Connection, id: i64, name: &str, description: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE roles SET name = ?2, description = ?3 WHERE id = ?1", params![id, name, description])?;
    Ok(())
}

pub fn role_name_taken(conn: &Connection, name: &str, except: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM roles WHERE name = ?1 COLLATE NOCASE AND id <> ?2)",
        params![name, except],
        |r| r.get(0),
    )
}

/// The largest discount, in %, a role may give; a superuser may give any.
pub fn max_discount_pct(conn: &Connection, role_id: i64) -> rusqlite::Result<i64> {
    let found: Option<(bool, i64)> = conn
        .prepare_cached("SELECT is_superuser, max_discount_pct FROM roles WHERE id = ?1")?
        .query_row([role_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match found {
        Some((true, _)) => 100,
        Some((false, pct)) => pct,
        None => 0,
    })
}

/// (role id, name, max discount %) of every role that is not a superuser.
pub fn role_limits(conn: &Connection) -> rusqlite::Result<Vec<(i64, String, i64)>> {
    conn.prepare_cached("SELECT id, name, max_discount_pct FROM roles WHERE is_superuser = 0 ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

pub fn set_role_limit(conn: &Connection, role_id: i64, pct: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE roles SET max_discount_pct = ?2 WHERE id = ?1 AND is_superuser = 0")?
        .execute(params![role_id, pct])?;
    Ok(())
}

// ---- users ----------------------------------------------------------------------------------

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role_id, r.name, u.active,
                            u.created_at, u.last_login_at";

fn user_row(r: &Row) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role_id: r.get(3)?,
        role_name: r.get(4)?,
        active: r.get(5)?,
        created_at: r.get(6)?,
        last_login_at: r.get(7)?,
    })
}

pub fn count_users(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))
}

pub fn users(conn: &Connection) -> rusqlite::Result<Vec<User>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users u JOIN roles r ON r.id = u.role_id
         ORDER BY u.active DESC, u.username COLLATE NOCASE"
    );
    let mut stmt = conn.prepare(&sql)?;
    stmt.query_map([], user_row)?.collect()
}

pub fn user(conn: &Connection, id: i64) -> rusqlite::Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u JOIN roles r ON r.id = u.role_id WHERE u.id = ?1");
    conn.query_row(&sql, [id], user_row).optional()
}

pub fn user_by_name(conn: &Connection, username: &str) -> rusqlite::Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u JOIN roles r ON r.id = u.role_id WHERE u.username = ?1");
    conn.query_row(&sql, [username], user_row).optional()
}

/// (user id, password hash, active) for a login attempt.
pub fn credentials(conn: &Connection, username: &str) -> rusqlite::Result<Option<(i64, String, bool)>> {
    conn.query_row("SELECT id, password_hash, active FROM users WHERE username = ?1", [username], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .optional()
}

pub fn password_hash(conn: &Connection, user_id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT password_hash FROM users WHERE id = ?1", [user_id], |r| r.get(0)).optional()
}

pub fn username_taken(conn: &Connection, username: &str, except: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1 AND id <> ?2)",
        params![username, except],
        |r| r.get(0),
    )
}

pub fn insert_user(
    conn: &Connection,
    username: &str,
    display_name: &str,
    role_id: i64,
    password_hash: &str,
    now: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO users (username, display_name, role_id, password_hash, active,
                            created_at, updated_at, password_changed_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5, ?5)",
        params![username, display_name, role_id, password_hash, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_user(
    conn: &Connection,
    id: i64,
    username: &str,
    display_name: &str,
    role_id: i64,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE users SET username = ?2, display_name = ?3, role_id = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, username, display_name, role_id, now],
    )?;
    Ok(())
}

pub fn set_active(conn: &Connection, id: i64, active: bool, now: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE users SET active = ?2, updated_at = ?3 WHERE id = ?1", params![id, active, now])?;
    Ok(())
}

pub fn set_password(conn: &Connection, id: i64, hash: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?2, password_changed_at = ?3, updated_at = ?3 WHERE id = ?1",
        params![id, hash, now],
    )?;
    Ok(())
}

pub fn touch_last_login(conn: &Connection, id: i64, now: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE users SET last_login_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

/// Active users whose role is a superuser role, other than `except`.
pub fn other_active_superusers(conn: &Connection, except: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM users u JOIN roles r ON r.id = u.role_id
         WHERE u.active = 1 AND r.is_superuser = 1 AND u.id <> ?1",
        [except],
        |r| r.get(0),
    )
}

// ---- PINs -----------------------------------------------------------------------------------

pub fn pin_hash(conn: &Connection, user_id: i64) -> rusqlite::Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT pin_hash FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

pub fn set_pin_hash(conn: &Connection, user_id: i64, hash: Option<&str>, now: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE users SET pin_hash = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![user_id, hash, now])
}

/// Active users with a PIN, as (id, username, display name, role id): candidates for the switch.
pub fn users_with_pin(conn: &Connection) -> rusqlite::Result<Vec<(i64, String, String, i64)>> {
    conn.prepare_cached(
        "SELECT id, username, display_name, role_id FROM users
         WHERE active = 1 AND pin_hash IS NOT NULL ORDER BY display_name COLLATE NOCASE, username",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}

// ---- sessions -------------------------------------------------------------------------------

pub struct SessionRow {
    pub user_id: i64,
    pub csrf: String,
    pub last_seen_at: String,
    pub expires_at: String,
}

/// A session about to be stored.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub csrf: &'a str,
    pub now: &'a str,
    pub expires_at: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

pub fn insert_session(conn: &Connection, s: &NewSession) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)",
        params![s.token_hash, s.user_id, s.csrf, s.now, s.expires_at, s.ip, s.user_agent],
    )?;
    Ok(())
}

/// The live session behind a token, if its user is still active.
pub fn session(conn: &Connection, token_hash: &str) -> rusqlite::Result<Option<SessionRow>> {
    conn.prepare_cached(
        "SELECT s.user_id, s.csrf_token, s.last_seen_at, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?1 AND u.active = 1",
    )?
    .query_row([token_hash], |r| {
        Ok(SessionRow { user_id: r.get(0)?, csrf: r.get(1)?, last_seen_at: r.get(2)?, expires_at: r.get(3)? })
    })
    .optional()
}

pub fn extend_session(conn: &Connection, token_hash: &str, now: &str, expires_at: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?2, expires_at = ?3 WHERE token_hash = ?1",
        params![token_hash, now, expires_at],
    )?;
    Ok(())
}

pub fn delete_session(conn: &Connection, token_hash: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])
}

/// Revokes every session of a user, optionally keeping one (the one changing its password).
pub fn delete_user_sessions(conn: &Connection, user_id: i64, keep: Option<&str>) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM sessions WHERE user_id = ?1 AND token_hash IS NOT ?2", params![user_id, keep])
}

/// Moves a session to another user (the quick switch at a shared till). Its CSRF token stays.
pub fn switch_session(conn: &Connection, token_hash: &str, user_id: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE sessions SET user_id = ?2 WHERE token_hash = ?1")?.execute(params![token_hash, user_id])
}

pub fn delete_expired_sessions(conn: &Connection, now: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])
}

// ---- login throttling -----------------------------------------------------------------------

pub fn insert_failure(conn: &Connection, username: &str, ip: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute("INSERT INTO login_failures (username, ip, at) VALUES (?1, ?2, ?3)", params![username, ip, now])?;
    Ok(())
}

/// (count, oldest) of failures for this name since `since`.
pub fn failures_for_name(conn: &Connection, username: &str, since: &str) -> rusqlite::Result<(i64, Option<String>)> {
    conn.query_row(
        "SELECT count(*), min(at) FROM login_failures WHERE username = ?1 AND at > ?2",
        params![username, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

pub fn failures_for_ip(conn: &Connection, ip: &str, since: &str) -> rusqlite::Result<(i64, Option<String>)> {
    conn.query_row("SELECT count(*), min(at) FROM login_failures WHERE ip = ?1 AND at > ?2", params![ip, since], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}

pub fn clear_failures_for_name(conn: &Connection, username: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM login_failures WHERE username = ?1", [username])?;
    Ok(())
}

pub fn delete_old_failures(conn: &Connection, before: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM login_failures WHERE at <= ?1", [before])
}

// ---- API tokens -----------------------------------------------------------------------------

fn token_row(r: &Row) -> rusqlite::Result<ApiToken> {
    Ok(ApiToken {
        id: r.get(0)?,
        user_id: r.get(1)?,
        name: r.get(2)?,
        prefix: r.get(3)?,
        created_at: r.get(4)?,
        last_used_at: r.get(5)?,
        revoked_at: r.get(6)?,
    })
}

pub fn insert_token(
    conn: &Connection,
    user_id: i64,
    name: &str,
    hash: &str,
    prefix: &str,
    now: &str,
    created_by: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![user_id, name, hash, prefix, now, created_by],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn tokens_of(conn: &Connection, user_id: i64) -> rusqlite::Result<Vec<ApiToken>> {
    let mut stmt = conn.prepare(
        "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at
         FROM api_tokens WHERE user_id = ?1 ORDER BY revoked_at IS NOT NULL, id DESC",
    )?;
    stmt.query_map([user_id], token_row)?.collect()
}

pub fn token(conn: &Connection, id: i64) -> rusqlite::Result<Option<ApiToken>> {
    conn.query_row(
        "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = ?1",
        [id],
        token_row,
    )
    .optional()
}

/// (token id, user id, last_used_at) of a live token whose user is active.
pub fn live_token(conn: &Connection, hash: &str) -> rusqlite::Result<Option<(i64, i64, Option<String>)>> {
    conn.prepare_cached(
        "SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.active = 1",
    )?
    .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()
}

pub fn touch_token(conn: &Connection, id: i64, now: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

pub fn revoke_token(conn: &Connection, id: i64, now: &str) -> rusqlite::Result<usize> {
    conn.execute("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", params![id, now])
}

pub fn revoke_user_tokens(conn: &Connection, user_id: i64, now: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE api_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        params![user_id, now],
    )
}
