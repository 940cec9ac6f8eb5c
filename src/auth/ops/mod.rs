//! Operations of the auth domain. Each takes the caller's transaction and does all of its
//! consequences (the change, the revocations it implies, the audit line), or nothing.
//! Password hashing happens before, off the async threads: operations receive the hash.
//! Sellers' PINs and the quick switch at the till are in `pin`; one-shot approvals by PIN (the
//! gérante authorising one refund or one discount on the vendeuse's tablet) in `approval`.

pub mod approval;
pub mod pin;

pub use approval::{Approval, Approver, Authorised, Denial, Need, approve, approvers, authorise};
pub use pin::{Switch, WRONG_PIN, sellers, set_pin, switch_seller};

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{CurrentUser, Permission, Role, random_hex, store, token_hash};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::clock::{parse_stamp, stamp};
use crate::error::{AppError, FieldErrors};
use crate::settings;

/// A user as typed in the admin form (or on the command line), already trimmed.
#[derive(Debug, Clone, Default)]
pub struct UserDraft {
    pub username: String,
    pub display_name: String,
    pub role_id: i64,
}

impl UserDraft {
    /// Checks what needs no database; `create_user` / `update_user` check the rest.
    pub fn problems(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if let Some(p) = super::username_problem(&self.username) {
            errors.add("username", p);
        }
        if self.display_name.chars().count() > 80 {
            errors.add("display_name", "Au plus 80 caractères.");
        }
        errors
    }

    fn display_name_or_username(&self) -> &str {
        if self.display_name.is_empty() { &self.username } else { &self.display_name }
    }
}

/// Checks what needs the database: a free name and a role that exists.
fn check_draft(conn: &Connection, draft: &UserDraft, except: i64) -> Result<Role, AppError> {
    let mut errors = draft.problems();
    crate::text::Text::Name.check(&mut errors, "display_name", &draft.display_name);
    if errors.get("username").is_none() && store::username_taken(conn, &draft.username, except)? {
        errors.add("username", "Ce nom d'utilisateur est déjà pris.");
    }
    let role = store::role(conn, draft.role_id)?;
    if role.is_none() {
        errors.add("role_id", "Rôle inconnu.");
    }
    match role {
        Some(role) if errors.is_empty() => Ok(role),
        _ => Err(AppError::Invalid(errors)),
    }
}

// ---- first run ------------------------------------------------------------------------------

/// The name of the one-time setup code among the installation's values.
const SETUP_CODE: &str = "setup_code";

/// With no user yet, the one-time setup code (created on first call). None once set up.
pub fn pending_setup_code(tx: &Transaction) -> Result<Option<String>, AppError> {
    if store::count_users(tx)? > 0 {
        return Ok(None);
    }
    if let Some(code) = settings::store::system_value(tx, SETUP_CODE)? {
        return Ok(Some(code));
    }
    // 12 digits in groups of 4: easy to read from a log and type on a tablet.
    let digits: String = random_hex(16).bytes().map(|b| char::from(b'0' + (b % 10))).take(12).collect();
    let code = format!("{}-{}-{}", &digits[0..4], &digits[4..8], &digits[8..12]);
    settings::store::set_system_value(tx, SETUP_CODE, &code)?;
    Ok(Some(code))
}

/// Compares in time independent of where the first difference is.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Creates the first administrator, if the code is right and nobody did it first.
pub fn complete_setup(
    tx: &Transaction,
    code: &str,
    draft: &UserDraft,
    password_hash: &str,
    now: &str,
    ip: &str,
) -> Result<i64, AppError> {
    if store::count_users(tx)? > 0 {
        return Err(AppError::rule("Fournil est déjà installé : connectez-vous."));
    }
    let expected = settings::store::system_value(tx, SETUP_CODE)?.unwrap_or_default();
    let typed: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
    let wanted: String = expected.chars().filter(|c| c.is_ascii_digit()).collect();
    if wanted.is_empty() || !same_secret(&typed, &wanted) {
        let mut errors = FieldErrors::new();
        errors.add("code", "Code d'installation incorrect. Il est affiché dans le journal du serveur.");
        return Err(AppError::Invalid(errors));
    }
    let admin = UserDraft { role_id: 1, ..draft.clone() };
    check_draft(tx, &admin, 0)?;
    let id = store::insert_user(tx, &admin.username, admin.display_name_or_username(), 1, password_hash, now)?;
    settings::store::clear_system_value(tx, SETUP_CODE)?;
    let actor = Actor::user(id, &admin.username).from_ip(ip);
    let summary = format!("Installation : administrateur « {} » créé.", admin.username);
    audit::record(tx, &actor, now, Event::new(AuditKind::SetupCompleted, "users", id, summary))?;
    Ok(id)
}

// ---- users ----------------------------------------------------------------------------------

pub fn create_user(
    tx: &Transaction,
    actor: &Actor,
    draft: &UserDraft,
    password_hash: &str,
    now: &str,
) -> Result<i64, AppError> {
    let role = check_draft(tx, draft, 0)?;
    let id = store::insert_user(tx, &draft.username, draft.display_name_or_username(), role.id, password_hash, now)?;
    let summary = format!("Utilisateur « {} » créé, rôle {}.", draft.username, role.name);
    let after =
        json!({"username": draft.username, "display_name": draft.display_name_or_username(), "role": role.name});
    audit::record(tx, actor, now, Event::new(AuditKind::UserCreated, "users", id, summary).after(after))?;
    Ok(id)
}

pub fn update_user(tx: &Transaction, actor: &Actor, id: i64, draft: &UserDraft, now: &str) -> Result<(), AppError> {
    let before = store::user(tx, id)?.ok_or(AppError::NotFound)?;
    let role = check_draft(tx, draft, id)?;
    if before.active
        && !role.is_superuser
        && store::other_active_superusers(tx, id)? == 0
        && is_superuser(tx, before.role_id)?
    {
        return Err(AppError::rule(
            "C'est le dernier administrateur actif : donnez d'abord le rôle Administrateur à quelqu'un d'autre.",
        ));
    }
    store::update_user(tx, id, &draft.username, draft.display_name_or_username(), role.id, now)?;
    if before.role_id != role.id {
        // New rights take effect now: the person signs in again under the new role.
        store::delete_user_sessions(tx, id, None)?;
    }
    let summary = format!("Utilisateur « {} » modifié.", draft.username);
    let b = json!({"username": before.username, "display_name": before.display_name, "role": before.role_name});
    let a = json!({"username": draft.username, "display_name": draft.display_name_or_username(), "role": role.name});
    audit::record(tx, actor, now, Event::new(AuditKind::UserUpdated, "users", id, summary).before(b).after(a))?;
    Ok(())
}

fn is_superuser(conn: &Connection, role_id: i64) -> Result<bool, AppError> {
    Ok(store::role(conn, role_id)?.is_some_and(|r| r.is_superuser))
}

/// Disables (revoking sessions and tokens) or re-enables an account.
pub fn set_user_active(tx: &Transaction, actor: &Actor, id: i64, active: bool, now: &str) -> Result<(), AppError> {
    let user = store::user(tx, id)?.ok_or(AppError::NotFound)?;
    if user.active == active {
        return Ok(()); // already so: a repeated click changes nothing
    }
    if !active {
        if actor.user_id == Some(id) {
            return Err(AppError::rule("Vous ne pouvez pas désactiver votre propre compte."));
        }
        if is_superuser(tx, user.role_id)? && store::other_active_superusers(tx, id)? == 0 {
            return Err(AppError::rule("C'est le dernier administrateur actif : il ne peut pas être désactivé."));
        }
    }
    store::set_active(tx, id, active, now)?;
    let kind = if active { AuditKind::UserEnabled } else { AuditKind::UserDisabled };
    if !active {
        store::delete_user_sessions(tx, id, None)?;
        store::revoke_user_tokens(tx, id, now)?;
    }
    let summary = format!("{} : « {} ».", kind.label(), user.username);
    audit::record(tx, actor, now, Event::new(kind, "users", id, summary))?;
    Ok(())
}

/// An administrator sets a new password for someone: all their sessions end.
pub fn reset_password(tx: &Transaction, actor: &Actor, id: i64, hash: &str, now: &str) -> Result<(), AppError> {
    let user = store::user(tx, id)?.ok_or(AppError::NotFound)?;
    store::set_password(tx, id, hash, now)?;
    store::delete_user_sessions(tx, id, None)?;
    store::clear_failures_for_name(tx, &user.username)?;
    let summary = format!("Mot de passe de « {} » réinitialisé.", user.username);
    audit::record(tx, actor, now, Event::new(AuditKind::PasswordReset, "users", id, summary))?;
    Ok(())
}

/// A user changes their own password (the current one was verified by the caller):
/// every other session of theirs ends, this one stays.
pub fn change_own_password(
    tx: &Transaction,
    user: &CurrentUser,
    hash: &str,
    keep_session: Option<&str>,
    now: &str,
) -> Result<(), AppError> {
    store::set_password(tx, user.id, hash, now)?;
    store::delete_user_sessions(tx, user.id, keep_session)?;
    let summary = format!("« {} » a changé son mot de passe.", user.username);
    audit::record(tx, &user.actor(), now, Event::new(AuditKind::PasswordChanged, "users", user.id, summary))?;
    Ok(())
}

// ---- roles ----------------------------------------------------------------------------------

/// Renames a role and sets what it may do. A superuser role keeps every right regardless.
pub fn update_role(
    tx: &Transaction,
    actor: &Actor,
    role_id: i64,
    name: &str,
    description: &str,
    permissions: &BTreeSet<Permission>,
    now: &str,
) -> Result<(), AppError> {
    let before = store::role(tx, role_id)?.ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.add("name", "Le nom du rôle est obligatoire.");
    } else if name.chars().count() > 40 {
        errors.add("name", "Au plus 40 caractères.");
    } else if store::role_name_taken(tx, name, role_id)? {
        errors.add("name", "Un autre rôle porte déjà ce nom.");
    }
    if description.chars().count() > 200 {
        errors.add("description", "Au plus 200 caractères.");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    store::update_role_text(tx, role_id, name, description)?;
    store::set_role_permissions(tx, role_id, permissions)?;
    let codes = |set: &BTreeSet<Permission>| set.iter().map(|p| p.code()).collect::<Vec<_>>();
    let summary = format!("Rôle « {name} » modifié.");
    let b = json!({"name": before.name, "description": before.description, "permissions": codes(&before.permissions)});
    let a = json!({"name": name, "description": description, "permissions": codes(permissions)});
    audit::record(tx, actor, now, Event::new(AuditKind::RoleUpdated, "roles", role_id, summary).before(b).after(a))?;
    Ok(())
}

// ---- sessions -------------------------------------------------------------------------------

/// Failures allowed per account name (existing or not) in the window.
pub const MAX_PER_NAME: i64 = 5;
/// Failures allowed per address in the window (a shop shares one address behind its router).
pub const MAX_PER_IP: i64 = 20;
pub const WINDOW_MINUTES: i64 = 15;

/// Minutes to wait before another try, if this name (an account, or a seller's PIN key) or this
/// address failed too often in the window. An address of `None` is not counted.
pub fn throttled(
    conn: &Connection,
    name_key: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, AppError> {
    let since = stamp(now - Duration::minutes(WINDOW_MINUTES));
    let wait = |count: i64, max: i64, oldest: Option<String>| {
        (count >= max).then(|| {
            let free_at = oldest.and_then(|o| parse_stamp(&o)).unwrap_or(now) + Duration::minutes(WINDOW_MINUTES);
            ((free_at - now).num_seconds() + 59).div_euclid(60).max(1)
        })
    };
    let (n, oldest) = store::failures_for_name(conn, name_key, &since)?;
    if let Some(m) = wait(n, MAX_PER_NAME, oldest) {
        return Ok(Some(m));
    }
    let Some(ip) = ip else { return Ok(None) };
    let (n, oldest) = store::failures_for_ip(conn, ip, &since)?;
    Ok(wait(n, MAX_PER_IP, oldest))
}

/// Counts a sign-in attempt before its password is checked: refused (`Throttled`, 429) when the
/// name or the address failed too often in the window, else recorded now as a failure, which a
/// success clears (`open_session`). An empty address (no socket address) is not counted as one.
pub fn reserve_attempt(tx: &Transaction, name: &str, ip: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    if let Some(minutes) = throttled(tx, name, (!ip.is_empty()).then_some(ip), now)? {
        return Err(AppError::Throttled { minutes });
    }
    store::delete_old_failures(tx, &stamp(now - Duration::days(1)))?;
    store::insert_failure(tx, name, ip, &stamp(now))?;
    Ok(())
}

/// A new session for a user who just proved who they are. Returns the cookie's secret.
pub fn open_session(
    tx: &Transaction,
    user_id: i64,
    username: &str,
    now: DateTime<Utc>,
    ttl: Duration,
    ip: &str,
    user_agent: &str,
) -> Result<String, AppError> {
    let secret = random_hex(32);
    let csrf = random_hex(32);
    let at = stamp(now);
    let agent: String = user_agent.chars().take(200).collect();
    let (hash, expires_at) = (token_hash(&secret), stamp(now + ttl));
    let session = store::NewSession {
        token_hash: &hash,
        user_id,
        csrf: &csrf,
        now: &at,
        expires_at: &expires_at,
        ip,
        user_agent: &agent,
    };
    store::insert_session(tx, &session)?;
    store::touch_last_login(tx, user_id, &at)?;
    store::clear_failures_for_name(tx, username)?;
    store::delete_expired_sessions(tx, &at)?;
    let actor = Actor::user(user_id, username).from_ip(ip);
    let summary = format!("« {username} » s'est connecté.");
    audit::record(tx, &actor, &at, Event::new(AuditKind::LoginSucceeded, "users", user_id, summary))?;
    Ok(secret)
}

pub fn close_session(tx: &Transaction, user: &CurrentUser, secret: &str, now: &str) -> Result<(), AppError> {
    store::delete_session(tx, &token_hash(secret))?;
    let summary = format!("« {} » s'est déconnecté.", user.username);
    audit::record(tx, &user.actor(), now, Event::new(AuditKind::Logout, "users", user.id, summary))?;
    Ok(())
}

/// The user behind a user id, with role and permissions, if active.
pub fn current_user(conn: &Connection, user_id: i64, csrf: String) -> Result<Option<CurrentUser>, AppError> {
    let Some(user) = store::user(conn, user_id)? else { return Ok(None) };
    if !user.active {
        return Ok(None);
    }
    let role = store::role(conn, user.role_id)?.ok_or(AppError::NotFound)?;
    Ok(Some(CurrentUser { id: user.id, username: user.username, display_name: user.display_name, role, csrf }))
}

// ---- API tokens -----------------------------------------------------------------------------

/// Issues a token for a user; the secret is returned once and only its hash is kept.
pub fn create_token(tx: &Transaction, actor: &Actor, user_id: i64, name: &str, now: &str) -> Result<String, AppError> {
    let user = store::user(tx, user_id)?.ok_or(AppError::NotFound)?;
    let name = name.trim();
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.add("token_name", "Donnez un nom au jeton (par exemple « balance labo »).");
    } else if name.chars().count() > 60 {
        errors.add("token_name", "Au plus 60 caractères.");
    }
    if !user.active {
        errors.add("token_name", "Ce compte est désactivé.");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let secret = format!("fnl_{}", random_hex(24));
    let prefix: String = secret.chars().take(10).collect();
    let id = store::insert_token(tx, user_id, name, &token_hash(&secret), &prefix, now, actor.user_id)?;
    let summary = format!("Jeton d'API « {name} » créé pour « {} ».", user.username);
    audit::record(tx, actor, now, Event::new(AuditKind::TokenCreated, "api_tokens", id, summary))?;
    Ok(secret)
}

pub fn revoke_token(tx: &Transaction, actor: &Actor, token_id: i64, now: &str) -> Result<i64, AppError> {
    let token = store::token(tx, token_id)?.ok_or(AppError::NotFound)?;
    if store::revoke_token(tx, token_id, now)? > 0 {
        let summary = format!("Jeton d'API « {} » révoqué.", token.name);
        audit::record(tx, actor, now, Event::new(AuditKind::TokenRevoked, "api_tokens", token_id, summary))?;
    }
    Ok(token.user_id)
}
