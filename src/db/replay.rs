//! One-time form tokens bound to what they asked and to who asked it. Owns `form_tokens`.
//!
//! A form or an API call that creates something carries a token; the document's table keeps it
//! `UNIQUE`, so a double tap records one document. This module keeps, beside it, a fingerprint
//! of the request and its sender: the same token again from the same person with the same content
//! is a replay (the operation answers its first result); with other content, or from someone
//! else, it is refused with 409 `token_reused`, never answered with someone else's document.

use std::collections::BTreeMap;
use std::fmt::Debug;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::AppError;

/// A short digest of what a request asked, in a canonical form: the `Debug` text of its parsed
/// draft (typed values, not the raw body, so `"1,50"` and `"1.5"` are the same request).
pub fn fingerprint(asked: &impl Debug) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(format!("{asked:?}").as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// Claims `token` for this operation (`kind`), this user and this request. Returns `Ok` when the
/// token is new (it is now bound) or when it is the same request again (the caller then answers
/// its first result); `token_reused` when the token was used for something else or by someone
/// else. Without a token there is nothing to claim. Runs in the operation's transaction, so a
/// refused operation releases its token.
pub fn claim(
    tx: &Transaction,
    kind: &str,
    token: Option<&str>,
    user_id: Option<i64>,
    asked: &impl Debug,
    now: &str,
) -> Result<(), AppError> {
    let Some(token) = token.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(()) };
    let print = fingerprint(asked);
    match bound_to(tx, kind, token)? {
        None => {
            insert(tx, kind, token, user_id, &print, now)?;
            Ok(())
        }
        Some((user, first)) if user == user_id && first == print => Ok(()),
        Some(_) => Err(reused()),
    }
}

/// The refusal of a token already used for another request (the API's `token_reused`).
pub fn reused() -> AppError {
    AppError::Refused {
        code: "token_reused",
        message: "Ce formulaire a déjà été envoyé avec un autre contenu : rien de plus n'a été enregistré. \
                  Rechargez la page et vérifiez ce qui a été enregistré."
            .to_string(),
        detail: BTreeMap::new(),
    }
}

fn bound_to(conn: &Connection, kind: &str, token: &str) -> rusqlite::Result<Option<(Option<i64>, String)>> {
    conn.query_row(
        "SELECT user_id, fingerprint FROM form_tokens WHERE kind = ?1 AND token = ?2",
        params![kind, token],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

fn insert(
    conn: &Connection,
    kind: &str,
    token: &str,
    user: Option<i64>,
    print: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO form_tokens (kind, token, user_id, fingerprint, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind, token, user, print, now],
    )?;
    Ok(())
}
