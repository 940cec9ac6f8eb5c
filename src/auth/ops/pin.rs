//! Sellers' PINs and the quick switch at a shared till. A PIN is a credential: hashed like a
//! password (argon2id), wrong ones throttled like sign-ins (per seller and per address), and a
//! right one moves the current session to that seller. A PIN only ever opens a till session
//! (`Role::within_till`); a gérante's PIN approves one operation instead (`approval`).

use rusqlite::{Connection, Transaction};

use super::throttled;
use crate::audit::{self, Actor, AuditKind, Event, Stamp};
use crate::auth::{Permission, password, store};
use crate::clock::parse_stamp;
use crate::error::AppError;

pub const WRONG_PIN: &str = "Code PIN incorrect.";

/// The throttling key of a seller's PINs (kept apart from her sign-ins).
fn key(username: &str) -> String {
    format!("pin:{username}")
}

/// Sets (a hash) or clears (None) a user's PIN.
pub fn set_pin(tx: &Transaction, actor: &Actor, user_id: i64, hash: Option<&str>, now: &str) -> Result<(), AppError> {
    let user = store::user(tx, user_id)?.ok_or(AppError::NotFound)?;
    store::set_pin_hash(tx, user_id, hash, now)?;
    let what = if hash.is_some() { "défini" } else { "effacé" };
    let summary = format!("Code PIN de « {} » {what}.", user.username);
    audit::record(tx, actor, now, Event::new(AuditKind::PinChanged, "users", user_id, summary))?;
    Ok(())
}

/// Sellers who may take the till: active, allowed to sell, with a PIN. (id, name)
/// Only someone whose role does nothing beyond the counter: a short PIN must not open a session
/// with the books or the administration (an administrator's, a gérante's).
pub fn sellers(c: &Connection) -> Result<Vec<(i64, String)>, AppError> {
    let mut out = Vec::new();
    for (id, username, display, role_id) in store::users_with_pin(c)? {
        let role = store::role(c, role_id)?;
        let sells = role.is_some_and(|r| r.within_till() && r.grants(Permission::Sell));
        if sells {
            out.push((id, if display.trim().is_empty() { username } else { display }));
        }
    }
    Ok(out)
}

/// What a PIN typed at the shared till did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Switch {
    /// The session is now the seller's.
    Switched,
    /// A wrong PIN, or someone who may not take the till: counted against her and the address.
    WrongPin { seller: String },
    /// Too many wrong PINs lately: nothing was checked.
    Wait { seller: String, minutes: i64 },
}

/// The quick switch at a shared till: the session `session` (its token's hash) becomes the
/// seller's when her PIN is right. Throttled before the PIN is checked; a wrong PIN is counted.
/// All in the one write transaction, so parallel guesses cannot slip under the limit (the PIN's
/// argon2 check, tens of milliseconds, holds the writer: a rare, throttled action).
pub fn switch_seller(tx: &Transaction, st: &Stamp, session: &str, target: i64, pin: &str) -> Result<Switch, AppError> {
    let found = seller(tx, target)?;
    let (name, username) = found.as_ref().map(|(n, u, _)| (n.clone(), u.clone())).unwrap_or_default();
    match check_pin(tx, st, &username, found.as_ref().map(|(_, _, h)| h.as_str()), pin)? {
        PinCheck::Wait(minutes) => return Ok(Switch::Wait { seller: name, minutes }),
        PinCheck::Wrong => return Ok(Switch::WrongPin { seller: name }),
        PinCheck::Right => {}
    }
    store::switch_session(tx, session, target)?;
    let summary = format!("« {} » passe la caisse à « {username} ».", st.actor.name);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::SellerSwitched, "users", target, summary))?;
    Ok(Switch::Switched)
}

/// A seller who may take the till, with her PIN's hash: (name, username, hash).
fn seller(c: &Connection, id: i64) -> Result<Option<(String, String, String)>, AppError> {
    let Some((_, name)) = sellers(c)?.into_iter().find(|(s, _)| *s == id) else { return Ok(None) };
    let Some(user) = store::user(c, id)? else { return Ok(None) };
    Ok(store::pin_hash(c, id)?.map(|h| (name, user.username, h)))
}

/// What a PIN typed for someone turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PinCheck {
    Right,
    /// Wrong (or nobody's): counted against her and the address.
    Wrong,
    /// Too many wrong PINs lately: nothing was checked; minutes to wait.
    Wait(i64),
}

/// A PIN checked as the credential it is, in the caller's transaction (so parallel guesses cannot
/// slip under the limit): throttled first, per person and per address; verified against her hash
/// (`None`, nobody's: a decoy, so every refusal takes the same time); a wrong one counted, a right
/// one clearing her count.
pub(crate) fn check_pin(
    tx: &Transaction,
    st: &Stamp,
    username: &str,
    hash: Option<&str>,
    pin: &str,
) -> Result<PinCheck, AppError> {
    let now = parse_stamp(&st.now).ok_or_else(|| AppError::Internal(anyhow::anyhow!("horodatage illisible")))?;
    let ip = &st.actor.ip;
    if let Some(minutes) = throttled(tx, &key(username), Some(ip), now)? {
        return Ok(PinCheck::Wait(minutes));
    }
    if !password::verify_sync(pin.trim(), hash.unwrap_or(password::decoy_hash())) || hash.is_none() {
        store::insert_failure(tx, &key(username), ip, &st.now)?;
        return Ok(PinCheck::Wrong);
    }
    store::clear_failures_for_name(tx, &key(username))?;
    Ok(PinCheck::Right)
}
