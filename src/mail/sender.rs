//! The SMTP side: a message of the outbox made into an e-mail and handed to the shop's server
//! (lettre's blocking client), the server's answer said in French, and the server's background
//! sender: a thread that, every few seconds, sends the committed messages that are due. It never
//! runs in a request; with no SMTP server configured it sends nothing.

use std::error::Error as _;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{SmtpTransport, Transport};

use super::{MailSettings, Message, Security, ops};
use crate::state::App;

/// How long the sender waits between two looks at the outbox.
pub const EVERY: Duration = Duration::from_secs(10);

/// How long one exchange with the SMTP server may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// At most this many messages per look (the rest wait for the next one).
const BATCH: i64 = 20;

/// The client for the shop's server, as its settings say.
pub fn transport(s: &MailSettings) -> Result<SmtpTransport, String> {
    let builder = match s.security {
        Security::StartTls => SmtpTransport::starttls_relay(&s.host).map_err(|e| french(&e, s))?,
        Security::Tls => SmtpTransport::relay(&s.host).map_err(|e| french(&e, s))?,
        Security::None => SmtpTransport::builder_dangerous(&s.host),
    };
    let mut builder = builder.port(s.port).timeout(Some(TIMEOUT));
    if !s.username.is_empty() {
        builder = builder.credentials(Credentials::new(s.username.clone(), s.password.clone()));
    }
    Ok(builder.build())
}

/// The e-mail of a queued message: plain text, with its HTML alternative and its attachment.
pub fn email(s: &MailSettings, m: &Message) -> Result<lettre::Message, String> {
    let from: Mailbox = s.sender.parse().map_err(|_| format!("Adresse d'expéditeur invalide : « {} ».", s.sender))?;
    let mut b = lettre::Message::builder().from(from).subject(m.subject.clone());
    for to in &m.to {
        b = b.to(to.parse().map_err(|_| format!("Adresse de destinataire invalide : « {to} »."))?);
    }
    let text = SinglePart::plain(m.text.clone());
    let body = match &m.html {
        Some(html) => MultiPart::alternative().singlepart(text).singlepart(SinglePart::html(html.clone())),
        None => MultiPart::mixed().singlepart(text),
    };
    let body = match &m.attachment {
        Some(a) => {
            let mime =
                ContentType::parse(&a.mime).map_err(|_| format!("Type de pièce jointe invalide : {}.", a.mime))?;
            let file = lettre::message::Attachment::new(a.name.clone()).body(a.bytes.clone(), mime);
            MultiPart::mixed().multipart(body).singlepart(file)
        }
        None => body,
    };
    b.multipart(body).map_err(|e| format!("Message impossible à construire : {e}"))
}

/// Sends one message now; the server's answer in French either way.
pub fn send(s: &MailSettings, m: &Message) -> Result<String, String> {
    let email = email(s, m)?;
    let response = transport(s)?.send(&email).map_err(|e| french(&e, s))?;
    let said = response.message().collect::<Vec<_>>().join(" ");
    Ok(format!("Le serveur a accepté le message ({} {said}).", response.code()))
}

/// "Envoyer un message d'essai": to the owner's addresses (else the sender), at once.
pub fn send_test(s: &MailSettings, shop: &str) -> Result<String, String> {
    if !s.configured() {
        return Err("E-mail non configuré : indiquez le serveur et l'adresse d'expéditeur, puis enregistrez.".into());
    }
    let to = match s.owner_addresses() {
        to if to.is_empty() => vec![s.sender.clone()],
        to => to,
    };
    let text = format!("Ce message d'essai vient de Fournil ({shop}) : la messagerie de la boutique fonctionne.");
    let m = Message {
        id: 0,
        to: to.clone(),
        subject: format!("Fournil : message d'essai de {shop}"),
        text,
        html: None,
        attachment: None,
        attempts: 0,
    };
    send(s, &m).map(|ok| format!("{ok} Destinataire : {}.", to.join(", ")))
}

/// The server's refusal or the connection's failure, said in French with the server's own text.
pub fn french(e: &lettre::transport::smtp::Error, s: &MailSettings) -> String {
    let said = e.source().map(|x| x.to_string()).unwrap_or_default();
    let said = if said.is_empty() { String::new() } else { format!(" Réponse : « {said} ».") };
    match e.status() {
        Some(code) if code.to_string() == "535" => {
            format!("Identifiant ou mot de passe refusé par le serveur ({code}).{said}")
        }
        Some(code) if e.is_permanent() => format!("Le serveur a refusé le message ({code}).{said}"),
        Some(code) => format!("Le serveur a refusé pour l'instant ({code}), nouvel essai plus tard.{said}"),
        None if e.is_timeout() => format!("Le serveur {}:{} n'a pas répondu à temps.", s.host, s.port),
        None if e.is_client() && said.contains("authentication mechanism") => format!(
            "Le serveur {} ne propose pas de connexion par mot de passe sur cette liaison : essayez STARTTLS ou TLS.",
            s.host
        ),
        None if e.is_client() => format!("Échange impossible avec le serveur {}:{}.{said}", s.host, s.port),
        None if e.is_tls() => format!("La connexion chiffrée (TLS) avec {} a échoué.{said}", s.host),
        None => format!("Connexion impossible au serveur {}:{}.{said}", s.host, s.port),
    }
}

/// Sends the messages that are due, each attempt recorded in its own transaction. Returns how
/// many were tried. Blocking: the sender's thread (or a test) calls it, never a request.
pub fn deliver_due(app: &App) -> Result<usize, crate::error::AppError> {
    let settings = app.db.read_sync(ops::settings)?;
    if !settings.configured() {
        return Ok(0);
    }
    let now = app.clock.now_text();
    let due = app.db.read_sync(|c| Ok(super::store::due(c, &now, BATCH)?))?;
    for m in &due {
        let outcome = send(&settings, m);
        if let Err(e) = &outcome {
            tracing::warn!(message = m.id, tentative = m.attempts + 1, erreur = %e, "courriel non envoyé");
        }
        let at = app.clock.now();
        app.db.write_sync(|tx| ops::record_attempt(tx, m.id, m.attempts, &outcome, at))?;
    }
    Ok(due.len())
}

/// Starts the server's sender thread.
pub fn start(app: App) {
    let spawned = std::thread::Builder::new().name("fournil-courriel".into()).spawn(move || {
        loop {
            if let Err(e) = deliver_due(&app) {
                tracing::error!(error = %e, "envoi des courriels : file illisible");
            }
            std::thread::sleep(EVERY);
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "envoi des courriels : démarrage impossible");
    }
}
