//! Operations of the shop's e-mail: the settings, queuing a message (for any domain, inside its
//! own transaction), the sender's record of each attempt, and a given-up message sent again.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, Transaction};

use super::{MailSettings, NewMessage, is_address, retry_after, store};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors, invalid};

/// The settings as typed on the page; `password: None` keeps the stored one.
#[derive(Debug, Clone)]
pub struct SettingsDraft {
    pub settings: MailSettings,
    pub password: Option<String>,
}

pub fn settings(conn: &Connection) -> Result<MailSettings, AppError> {
    Ok(store::settings(conn)?)
}

/// Saves the settings (the password kept when none is typed) and audits what changed, the
/// password never (only whether one is set).
pub fn save_settings(tx: &Transaction, st: &Stamp, draft: &SettingsDraft) -> Result<(), AppError> {
    let before = store::settings(tx)?;
    let mut new = draft.settings.clone();
    new.password = draft.password.clone().unwrap_or_else(|| before.password.clone());
    if new == before {
        return Ok(());
    }
    store::save_settings(tx, &new, &st.now)?;
    let password_changed = new.password != before.password;
    let summary =
        if password_changed { "Messagerie modifiée (mot de passe changé)." } else { "Messagerie modifiée." };
    let event = Event::new(AuditKind::MailSettingsChanged, "mail_settings", 1, summary)
        .before(before.audited())
        .after(new.audited());
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(())
}

/// Queues a message, to be sent after the caller's transaction commits. Returns its id; None
/// when e-mail is not configured (nothing is queued) or when its topic was already queued.
pub fn queue(tx: &Transaction, now: &str, m: &NewMessage) -> Result<Option<i64>, AppError> {
    if !store::settings(tx)?.configured() {
        return Ok(None);
    }
    let mut e = FieldErrors::new();
    if m.to.is_empty() {
        e.add("to", "Aucun destinataire.");
    } else if let Some(bad) = m.to.iter().find(|a| !is_address(a)) {
        e.add("to", format!("« {bad} » n'est pas une adresse e-mail."));
    }
    if m.subject.trim().is_empty() {
        e.add("subject", "Le sujet est vide.");
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    Ok(store::insert(tx, m, now)?)
}

/// Whether a message of this topic was ever queued (the daily summary of a day).
pub fn topic_queued(conn: &Connection, topic: &str) -> Result<bool, AppError> {
    Ok(store::topic_queued(conn, topic)?)
}

/// The sender's record of one attempt: sent, or failed with the server's answer in French and
/// retried later (1 min, 5 min, 30 min, 2 h), given up after the fifth failure.
pub fn record_attempt(
    tx: &Transaction,
    id: i64,
    attempts_before: u32,
    outcome: &Result<String, String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let attempts = attempts_before + 1;
    let stamp = crate::clock::stamp(now);
    match outcome {
        Ok(_) => store::mark_sent(tx, id, attempts, &stamp)?,
        Err(error) => {
            let next = retry_after(attempts).map(|secs| crate::clock::stamp(now + Duration::seconds(secs)));
            store::mark_failed(tx, id, attempts, error, next.as_deref())?;
        }
    }
    Ok(())
}

/// A given-up message tried again from its first attempt.
pub fn retry(tx: &Transaction, st: &Stamp, id: i64) -> Result<(), AppError> {
    if !store::retry(tx, id, &st.now)? {
        return Err(invalid("id", "Ce message n'est pas en échec : rien à renvoyer."));
    }
    Ok(())
}
