//! One-shot approvals. When a vendeuse may not do something herself (a refund, a discount beyond
//! her limit), the gérante types her PIN on the same tablet to authorise *this* operation, and
//! only it: the session stays the vendeuse's, nothing is remembered for the next one. The approval
//! travels with the operation and is checked inside its transaction: the approver's right first,
//! then her PIN, throttled like the seller switch (per approver and per address). The operation's
//! audit line names both people (who did it, who approved).

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::pin::{PinCheck, check_pin};
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission, Role, store};
use crate::error::{AppError, FieldErrors};

/// Someone's approval of one operation, as typed: who approves, and her PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub approver_id: i64,
    pub pin: String,
}

/// What an operation asks of whoever authorises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A permission of her role (a refund: `Permission::Refund`).
    Permission(Permission),
    /// A discount of this many % of a line or of the ticket: within her role's limit.
    Discount { pct: i64 },
}

impl Need {
    /// Whether a role may do it, and if not, why (a sentence naming `who`).
    fn refusal(self, c: &Connection, role: &Role, who: &str) -> Result<Option<String>, AppError> {
        Ok(match self {
            Need::Permission(p) if role.grants(p) => None,
            Need::Permission(p) => Some(format!("{who} n'a pas le droit : « {} ».", p.label())),
            Need::Discount { .. } if !role.grants(Permission::Discount) => {
                Some(format!("{who} n'a pas le droit d'accorder une remise."))
            }
            Need::Discount { pct } => {
                let max = store::max_discount_pct(c, role.id)?;
                (pct > max).then(|| format!("Remise de {pct} % : la limite de {who} est de {max} %."))
            }
        })
    }
}

/// Who approved, as the audit names her.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approver {
    pub id: i64,
    pub username: String,
    pub name: String,
}

/// Why an approval was not given. Nothing of the operation was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    /// A wrong PIN (or nobody's): counted against the approver and the address.
    WrongPin,
    /// Too many wrong PINs lately: nothing was checked.
    Wait { minutes: i64 },
    /// The approver may not do it either (her role, her discount limit).
    NotAllowed(String),
}

impl Denial {
    /// What the person at the till reads, beside the PIN.
    pub fn message(&self) -> String {
        match self {
            Denial::WrongPin => super::WRONG_PIN.to_string(),
            Denial::Wait { minutes } => format!("Trop de codes erronés. Réessayez dans {minutes} minute(s)."),
            Denial::NotAllowed(why) => why.clone(),
        }
    }

    /// The same refusal as an error (the API's answer): 422 on the PIN, 429, or 409.
    pub fn into_error(self) -> AppError {
        match self {
            Denial::WrongPin => {
                let mut e = FieldErrors::new();
                e.add("approval.pin", super::WRONG_PIN);
                AppError::Invalid(e)
            }
            Denial::Wait { minutes } => AppError::Throttled { minutes },
            Denial::NotAllowed(why) => AppError::refused("approval_not_allowed", why),
        }
    }
}

/// What an operation that may need someone's approval did. A denial is not an error: the
/// operation did nothing, but its transaction commits, so that a wrong PIN stays counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorised<T> {
    Done(T),
    Denied(Denial),
}

impl<T> Authorised<T> {
    /// The operation's result, a denial becoming its error. Call it after the transaction
    /// committed (outside `db.write`), or the wrong PIN's count is rolled back with the rest.
    pub fn done(self) -> Result<T, AppError> {
        match self {
            Authorised::Done(v) => Ok(v),
            Authorised::Denied(d) => Err(d.into_error()),
        }
    }
}

/// Who may approve `need` on a tablet: active people with a PIN whose role allows it, but
/// `except` (the one asking). (id, name)
pub fn approvers(c: &Connection, need: Need, except: i64) -> Result<Vec<(i64, String)>, AppError> {
    let mut out = Vec::new();
    for (id, username, display, role_id) in store::users_with_pin(c)? {
        let Some(role) = store::role(c, role_id)? else { continue };
        let may = match need {
            Need::Permission(p) => role.grants(p),
            Need::Discount { .. } => role.grants(Permission::Discount),
        };
        if may && id != except {
            out.push((id, if display.trim().is_empty() { username } else { display }));
        }
    }
    Ok(out)
}

/// Checks one approval, inside the operation's transaction: the approver exists, is active, may
/// do it herself, and typed her PIN (throttled and counted like the seller switch).
pub fn approve(tx: &Transaction, st: &Stamp, ask: &Approval, need: Need) -> Result<Result<Approver, Denial>, AppError> {
    let found = match store::user(tx, ask.approver_id)? {
        Some(u) if u.active => store::pin_hash(tx, u.id)?.map(|h| (u, h)),
        _ => None,
    };
    let username = found.as_ref().map(|(u, _)| u.username.clone()).unwrap_or_default();
    if let Some((u, _)) = &found {
        let role = store::role(tx, u.role_id)?.ok_or(AppError::NotFound)?;
        let name = if u.display_name.trim().is_empty() { &u.username } else { &u.display_name };
        if let Some(why) = need.refusal(tx, &role, name)? {
            return Ok(Err(Denial::NotAllowed(why)));
        }
    }
    match check_pin(tx, st, &username, found.as_ref().map(|(_, h)| h.as_str()), &ask.pin)? {
        PinCheck::Wait(minutes) => Ok(Err(Denial::Wait { minutes })),
        PinCheck::Wrong => Ok(Err(Denial::WrongPin)),
        PinCheck::Right => {
            let (u, _) = found.ok_or(AppError::NotFound)?;
            let name = if u.display_name.trim().is_empty() { u.username.clone() } else { u.display_name };
            Ok(Ok(Approver { id: u.id, username: u.username, name }))
        }
    }
}

/// Who authorises what `user` asks: herself when her role allows it (`Ok(None)`, the approval
/// ignored), else the approver she brings (`Ok(Some)`), checked here; `refused` when she brings
/// none. `Err(Denial)` inside: the approval was refused (nothing to do, the count to commit).
pub fn authorise(
    tx: &Transaction,
    st: &Stamp,
    user: &CurrentUser,
    need: Need,
    ask: Option<&Approval>,
    refused: impl FnOnce() -> AppError,
) -> Result<Result<Option<Approver>, Denial>, AppError> {
    if need.refusal(tx, &user.role, "")?.is_none() {
        return Ok(Ok(None));
    }
    match ask {
        None => Err(refused()),
        Some(ask) => Ok(approve(tx, st, ask, need)?.map(Some)),
    }
}
