//! An invoice, proforma or credit note sent by e-mail to its customer: its PDF queued in the
//! shop's outbox (`mail::ops::queue`) in the same transaction as the audit line; the background
//! sender sends it after commit and retries it, so the gérante never waits on the SMTP server.
//! Only when the shop's SMTP server is configured and the customer has an address.

use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::invalid;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::b2b::{Customer, Invoice};
use crate::error::AppError;
use crate::mail::{self, Attachment, NewMessage};

/// Whether a document can leave by e-mail: to this address, or why not (said on its page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sending {
    To(String),
    NoServer,
    NoAddress,
}

/// How the invoice page offers the e-mail.
pub fn sending(conn: &Connection, c: &Customer) -> Result<Sending, AppError> {
    Ok(if !mail::ops::settings(conn)?.configured() {
        Sending::NoServer
    } else if c.email.trim().is_empty() {
        Sending::NoAddress
    } else {
        Sending::To(c.email.trim().to_string())
    })
}

fn message(shop: &str, inv: &Invoice, to: String, pdf: Vec<u8>) -> NewMessage {
    let title = format!("{} {}", inv.kind.title(), inv.number);
    let text = format!(
        "Bonjour,\n\nVeuillez trouver ci-joint notre {} du {} ({}).\n\nCordialement,\n{shop}\n",
        title.to_lowercase(),
        crate::ui::day_fr(&inv.day),
        inv.total_ttc
    );
    NewMessage {
        to: vec![to],
        subject: format!("{shop} — {title}"),
        text,
        html: None,
        attachment: Some(Attachment {
            name: format!("{}.pdf", inv.number),
            mime: "application/pdf".into(),
            bytes: pdf,
        }),
        topic: None,
    }
}

/// Queues the document's PDF to its customer and audits it. Refused, nothing queued, when the
/// shop has no SMTP server or the customer no address. Returns the outbox message's id.
pub fn send(tx: &Transaction, st: &Stamp, id: i64) -> Result<i64, AppError> {
    let (inv, _, c, _) = super::invoices::full(tx, id)?;
    let to = match sending(tx, &c)? {
        Sending::To(to) => to,
        Sending::NoServer => {
            return Err(invalid(
                "email",
                "La messagerie n'est pas configurée : réglez le serveur SMTP dans Administration › Messagerie.",
            ));
        }
        Sending::NoAddress => {
            return Err(invalid(
                "email",
                format!("« {} » n'a pas d'adresse e-mail : ajoutez-la sur sa fiche.", c.name),
            ));
        }
    };
    let (pdf, _) = super::invoices::pdf(tx, id)?;
    let shop = crate::settings::store::get(tx)?.name;
    let m = message(&shop, &inv, to.clone(), pdf);
    let queued = mail::ops::queue(tx, &st.now, &m)?.ok_or_else(|| AppError::rule("Message non mis en file."))?;
    let ev = Event::new(AuditKind::B2bInvoiceMailed, "b2b_invoices", id, format!("{} envoyée à {to}.", inv.number))
        .after(json!({"to": to, "outbox_id": queued, "subject": m.subject}));
    audit::record(tx, &st.actor, &st.now, ev)?;
    Ok(queued)
}
