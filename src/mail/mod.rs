//! The shop's e-mail: its SMTP server's settings and the outbox. Owns `mail_settings` (one row)
//! and `outbox` (one row per message).
//!
//! Any domain queues a message with `ops::queue` inside its own transaction: a message of an
//! operation that rolls back is never sent. The server's background sender (`sender.rs`, a
//! thread started by `serve`) reads the committed messages that are due, sends them, and
//! records the outcome: sent, or retried after 1 min, 5 min, 30 min and 2 h, then given up and
//! shown on the outbox page. When no SMTP server is configured nothing is queued at all.
//!
//! The SMTP password must be handed to the server to log in, so it cannot be hashed: it is
//! stored as typed, never shown back in a page, never logged (`MailSettings`'s `Debug` hides it)
//! and never written to the audit trail.

pub mod check;
pub mod ops;
pub mod sender;
pub mod store;
pub mod views;
pub mod web;

use std::str::FromStr;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (port 587): the usual submission port.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a server on the shop's own network (port 25).
    None,
}

impl Security {
    pub const ALL: &'static [Security] = &[Security::StartTls, Security::Tls, Security::None];

    pub fn code(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "aucune",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Security::StartTls => "STARTTLS (port 587, le plus courant)",
            Security::Tls => "TLS direct (port 465)",
            Security::None => "Aucune (serveur du réseau local seulement)",
        }
    }

    pub fn from_code(code: &str) -> Option<Security> {
        Security::ALL.iter().copied().find(|s| s.code() == code)
    }
}

/// The shop's SMTP server and who receives the owner's messages.
#[derive(Clone, PartialEq, Eq)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    /// Kept as typed (the server needs it); never shown, never logged.
    pub password: String,
    /// The From address.
    pub sender: String,
    /// The owner's addresses, comma-separated as typed.
    pub owner_to: String,
    /// The local hour the daily summary is queued (7 by default).
    pub summary_hour: u32,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &if self.password.is_empty() { "" } else { "***" })
            .field("sender", &self.sender)
            .field("owner_to", &self.owner_to)
            .field("summary_hour", &self.summary_hour)
            .finish()
    }
}

impl MailSettings {
    /// A server and a sender are set: messages may be queued and sent.
    pub fn configured(&self) -> bool {
        !self.host.is_empty() && !self.sender.is_empty()
    }

    /// The owner's addresses, one each.
    pub fn owner_addresses(&self) -> Vec<String> {
        addresses(&self.owner_to)
    }

    /// What the audit trail keeps of the settings: everything but the password, of which only
    /// whether one is set.
    pub fn audited(&self) -> serde_json::Value {
        serde_json::json!({
            "host": self.host, "port": self.port, "security": self.security.code(),
            "username": self.username, "password_set": !self.password.is_empty(),
            "sender": self.sender, "owner_to": self.owner_to, "summary_hour": self.summary_hour,
        })
    }
}

/// Addresses typed comma- or semicolon-separated, trimmed, blanks left out.
pub fn addresses(text: &str) -> Vec<String> {
    text.split([',', ';']).map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect()
}

/// Whether `text` is one e-mail address an SMTP server accepts (`nom@domaine`).
pub fn is_address(text: &str) -> bool {
    lettre::Address::from_str(text).is_ok()
}

/// A file sent with a message (the invoice's PDF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// A message to queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewMessage {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachment: Option<Attachment>,
    /// A once-only key: a second message with the same topic is not queued (the summary of a day).
    pub topic: Option<String>,
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Waiting,
    Sent,
    Failed,
}

impl Status {
    pub const ALL: &'static [Status] = &[Status::Waiting, Status::Sent, Status::Failed];

    pub fn code(self) -> &'static str {
        match self {
            Status::Waiting => "attente",
            Status::Sent => "envoye",
            Status::Failed => "echec",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Waiting => "En attente",
            Status::Sent => "Envoyé",
            Status::Failed => "Échec",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.code() == code)
    }
}

/// A queued message, whole (what the sender sends).
#[derive(Debug, Clone)]
pub struct Message {
    pub id: i64,
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachment: Option<Attachment>,
    pub attempts: u32,
}

/// A line of the outbox page (no bodies).
#[derive(Debug, Clone)]
pub struct Line {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub attachment_name: Option<String>,
    pub status: Status,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// The delays before each new attempt after a failure: 1 min, 5 min, 30 min, 2 h.
pub const RETRY_DELAYS_SECS: [i64; 4] = [60, 5 * 60, 30 * 60, 2 * 3600];

/// After `attempts` failed attempts, how long to wait before the next one; None: give up (the
/// fifth failure).
pub fn retry_after(attempts: u32) -> Option<i64> {
    let i = usize::try_from(attempts).ok()?.checked_sub(1)?;
    RETRY_DELAYS_SECS.get(i).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_retried_later_and_later_then_given_up() {
        assert_eq!(retry_after(1), Some(60));
        assert_eq!(retry_after(2), Some(300));
        assert_eq!(retry_after(3), Some(1800));
        assert_eq!(retry_after(4), Some(7200));
        assert_eq!(retry_after(5), None);
        assert_eq!(retry_after(0), None);
    }

    #[test]
    fn addresses_are_split_and_checked() {
        assert_eq!(addresses(" a@b.dz, ;c@d.com "), vec!["a@b.dz", "c@d.com"]);
        assert!(is_address("patronne@fournil.dz"));
        assert!(!is_address("patronne"));
        assert!(!is_address("a b@c.dz"));
    }

    #[test]
    fn the_password_never_shows_in_a_log() {
        let s = MailSettings {
            host: "smtp.exemple.dz".into(),
            port: 587,
            security: Security::StartTls,
            username: "boutique".into(),
            password: "s3cret-smtp".into(),
            sender: "boutique@exemple.dz".into(),
            owner_to: String::new(),
            summary_hour: 7,
        };
        assert!(!format!("{s:?}").contains("s3cret-smtp"));
        assert!(!s.audited().to_string().contains("s3cret-smtp"));
    }
}
