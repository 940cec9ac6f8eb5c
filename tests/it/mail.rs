//! The shop's e-mail (issue #19 item 7, the outbox shared with #15's invoices): settings on a
//! page with a test button, messages queued inside an operation's transaction, sent after commit
//! by the background sender to a fake SMTP server inside the test, retried, then given up.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use chrono::Duration;
use fournil::error::AppError;
use fournil::mail::{self, NewMessage};

use crate::support::*;

/// A tiny SMTP server on 127.0.0.1 speaking plain SMTP; it keeps each message's DATA and each
/// login (AUTH line), and refuses every recipient with 550 when told to.
pub struct FakeSmtp {
    pub port: u16,
    pub received: Arc<Mutex<Vec<String>>>,
}

impl FakeSmtp {
    pub fn start(refuse: bool) -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let kept = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = converse(stream, refuse, &kept);
            }
        });
        FakeSmtp { port, received }
    }

    pub fn messages(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }
}

fn converse(stream: TcpStream, refuse: bool, received: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut w = stream;
    w.write_all(b"220 fake.test ESMTP\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let answer: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250-fake.test\r\n250 AUTH PLAIN LOGIN\r\n",
            "AUTH" => {
                received.lock().unwrap().push(line.clone());
                b"235 2.7.0 Authentication successful\r\n"
            }
            "RCPT" if refuse => b"550 5.1.1 Boite aux lettres inconnue\r\n",
            "DATA" => {
                w.write_all(b"354 Envoyez\r\n")?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line)? == 0 || line == ".\r\n" {
                        break;
                    }
                    data.push_str(&line);
                }
                received.lock().unwrap().push(data);
                b"250 2.0.0 Ok: queued as 42\r\n"
            }
            "QUIT" => {
                w.write_all(b"221 Bye\r\n")?;
                return Ok(());
            }
            _ => b"250 OK\r\n",
        };
        w.write_all(answer)?;
    }
}

/// The shop's SMTP server set to the fake one (plain SMTP, no login), through the real operation.
pub async fn configure(t: &TestApp, port: u16) {
    let draft = mail::ops::SettingsDraft {
        settings: mail::MailSettings {
            host: "127.0.0.1".into(),
            port,
            security: mail::Security::None,
            username: String::new(),
            password: String::new(),
            sender: "boutique@fournil.test".into(),
            owner_to: "patronne@fournil.test".into(),
            summary_hour: 7,
        },
        password: None,
    };
    t.app.db.write(move |tx| mail::ops::save_settings(tx, &system_at(NOW), &draft)).await.unwrap();
}

fn message(subject: &str) -> NewMessage {
    NewMessage {
        to: vec!["client@exemple.test".into()],
        subject: subject.into(),
        text: "Bonjour, voici votre facture.".into(),
        ..Default::default()
    }
}

async fn queue(t: &TestApp, m: NewMessage) -> Option<i64> {
    t.app.db.write(move |tx| mail::ops::queue(tx, NOW, &m)).await.unwrap()
}

/// One pass of the background sender, as its thread runs it.
pub async fn deliver(t: &TestApp) -> usize {
    let app = t.app.clone();
    tokio::task::spawn_blocking(move || mail::sender::deliver_due(&app)).await.unwrap().unwrap()
}

async fn status(t: &TestApp, id: i64) -> (String, i64, Option<String>) {
    t.app
        .db
        .read(move |c| {
            Ok(c.query_row("SELECT status, attempts, last_error FROM outbox WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn a_queued_message_is_sent_after_commit_and_marked_sent() {
    let t = spawn_ready().await;
    let smtp = FakeSmtp::start(false);
    configure(&t, smtp.port).await;
    let mut m = message("Facture FAC-2026-00001");
    m.html = Some("<p>Bonjour, voici votre <b>facture</b>.</p>".into());
    m.attachment = Some(mail::Attachment {
        name: "FAC-2026-00001.pdf".into(),
        mime: "application/pdf".into(),
        bytes: b"%PDF-1.7 fake".to_vec(),
    });
    let id = queue(&t, m).await.expect("queued");
    assert!(smtp.messages().is_empty(), "nothing leaves inside the operation");
    assert_eq!(status(&t, id).await.0, "attente");
    assert_eq!(deliver(&t).await, 1);
    let got = smtp.messages();
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("Subject: Facture FAC-2026-00001"), "{}", got[0]);
    assert!(got[0].contains("To: client@exemple.test"));
    assert!(got[0].contains("From: boutique@fournil.test"));
    assert!(got[0].contains("multipart/alternative") && got[0].contains("text/html"));
    assert!(got[0].contains("filename=\"FAC-2026-00001.pdf\""));
    assert_eq!(status(&t, id).await, ("envoye".into(), 1, None));
    assert_eq!(deliver(&t).await, 0, "sent once");
    let mut admin = t.admin().await;
    let page = admin.get("/admin/messagerie/envois").await;
    page.assert_contains("Facture FAC-2026-00001");
    page.assert_contains("Envoyé");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_refused_message_is_retried_later_then_given_up_with_the_servers_answer() {
    let t = spawn_ready().await;
    let smtp = FakeSmtp::start(true);
    configure(&t, smtp.port).await;
    let id = queue(&t, message("Relevé de novembre")).await.unwrap();
    assert_eq!(deliver(&t).await, 1);
    let (s, attempts, error) = status(&t, id).await;
    assert_eq!((s.as_str(), attempts), ("attente", 1));
    let error = error.unwrap();
    assert!(error.contains("refusé le message (550)") && error.contains("Boite aux lettres inconnue"), "{error}");
    assert_eq!(deliver(&t).await, 0, "not before a minute");
    // 1 min, 5 min, 30 min, 2 h: the fifth failure gives up.
    for (wait, attempts) in [(1, 2), (5, 3), (30, 4), (120, 5)] {
        t.advance(Duration::minutes(wait) - Duration::seconds(1));
        assert_eq!(deliver(&t).await, 0, "not before {wait} min");
        t.advance(Duration::seconds(1));
        assert_eq!(deliver(&t).await, 1);
        assert_eq!(status(&t, id).await.1, attempts);
    }
    assert_eq!(status(&t, id).await.0, "echec");
    t.advance(Duration::hours(24));
    assert_eq!(deliver(&t).await, 0, "given up");
    assert!(smtp.messages().is_empty());
    let mut admin = t.admin().await;
    let page = admin.get("/admin/messagerie/envois").await;
    page.assert_contains("Échec");
    page.assert_contains("Boite aux lettres inconnue");
    page.assert_contains("Renvoyer");
    let page = admin.get("/admin/messagerie").await;
    page.assert_contains("1 en échec");
    t.assert_check_passes().await;
    admin
        .post(&format!("/admin/messagerie/envois/{id}/renvoyer"), &[])
        .await
        .assert_redirect("/admin/messagerie/envois?ok=courriel-renvoye");
    assert_eq!(status(&t, id).await.0, "attente");
    let again = admin.post(&format!("/admin/messagerie/envois/{id}/renvoyer"), &[]).await;
    assert_eq!(again.status, 422, "only a given-up message is sent again");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn nothing_is_queued_when_email_is_not_configured() {
    let t = spawn_ready().await;
    assert_eq!(queue(&t, message("Facture")).await, None);
    assert_eq!(t.count("SELECT count(*) FROM outbox").await, 0);
    assert_eq!(deliver(&t).await, 0);
    let mut admin = t.admin().await;
    let page = admin.get("/admin/messagerie").await;
    assert_eq!(page.status, 200);
    page.assert_contains("E-mail non configuré");
    assert!(!page.body.contains("Envoyer un message d'essai"), "no test without a server");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_message_queued_by_an_operation_that_rolls_back_is_never_sent() {
    let t = spawn_ready().await;
    let smtp = FakeSmtp::start(false);
    configure(&t, smtp.port).await;
    let m = message("Facture annulée");
    let refused: Result<(), AppError> = t
        .app
        .db
        .write(move |tx| {
            mail::ops::queue(tx, NOW, &m)?;
            Err(AppError::rule("La facture est refusée."))
        })
        .await;
    assert!(refused.is_err());
    assert_eq!(t.count("SELECT count(*) FROM outbox").await, 0);
    assert_eq!(deliver(&t).await, 0);
    assert!(smtp.messages().is_empty());
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_settings_keep_the_password_hidden_and_the_test_reports_the_server() {
    let t = spawn_ready().await;
    let smtp = FakeSmtp::start(false);
    let mut admin = t.admin().await;
    admin.get("/admin/messagerie").await;
    let port = smtp.port.to_string();
    let mut form = vec![
        ("host", "127.0.0.1"),
        ("port", port.as_str()),
        ("security", "aucune"),
        ("username", "boutique"),
        ("password", "mot-de-passe-smtp-9"),
        ("sender", "boutique@fournil.test"),
        ("owner_to", "patronne@fournil.test, gerante@fournil.test"),
        ("summary_hour", "7"),
    ];
    let bad = [("port", "smtp"), ("sender", "boutique"), ("owner_to", "patronne@, x"), ("summary_hour", "25")];
    let mut typed = form.clone();
    for (k, v) in bad {
        typed.iter_mut().find(|f| f.0 == k).unwrap().1 = v;
    }
    let page = admin.post("/admin/messagerie", &typed).await;
    assert_eq!(page.status, 422);
    page.assert_contains("Un port entre 1 et 65535");
    page.assert_contains("« boutique » n'est pas une adresse e-mail.");
    page.assert_contains("Une heure entre 0 et 23.");
    assert!(!page.body.contains("mot-de-passe-smtp-9"), "never shown back, even refused");
    admin.post("/admin/messagerie", &form).await.assert_redirect("/admin/messagerie?ok=messagerie");
    let page = admin.get("/admin/messagerie").await;
    assert!(!page.body.contains("mot-de-passe-smtp-9"));
    page.assert_contains("Laisser vide pour garder le mot de passe enregistré.");
    page.assert_contains("E-mail configuré");
    // Saved again with the password left empty: the stored one stays.
    form.iter_mut().find(|f| f.0 == "password").unwrap().1 = "";
    form.iter_mut().find(|f| f.0 == "summary_hour").unwrap().1 = "8";
    admin.post("/admin/messagerie", &form).await.assert_redirect("/admin/messagerie?ok=messagerie");
    let kept = t.app.db.read(mail::ops::settings).await.unwrap();
    assert_eq!((kept.password.as_str(), kept.summary_hour), ("mot-de-passe-smtp-9", 8));
    let audit: String = t
        .app
        .db
        .read(|c| Ok(c.query_row("SELECT group_concat(COALESCE(before,'') || COALESCE(after,'') || summary) FROM audit_log WHERE kind = 'messagerie.reglages'", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert!(!audit.contains("mot-de-passe-smtp-9") && audit.contains("password_set"), "{audit}");
    // The test button: the fake server's answer, in French.
    let page = admin.post("/admin/messagerie/essai", &[]).await;
    assert_eq!(page.status, 200);
    page.assert_contains("Le serveur a accepté le message (250");
    page.assert_contains("patronne@fournil.test, gerante@fournil.test");
    let got = smtp.messages();
    assert_eq!(got.len(), 2, "a login, then the message");
    // AUTH PLAIN carries "\0user\0password" in base64: the stored password is usable.
    assert!(got[0].starts_with("AUTH PLAIN "), "{}", got[0]);
    assert!(got[0].contains("AGJvdXRpcXVlAG1vdC1kZS1wYXNzZS1zbXRwLTk="), "{}", got[0]);
    let refusing = FakeSmtp::start(true);
    let port = refusing.port.to_string();
    form.iter_mut().find(|f| f.0 == "port").unwrap().1 = &port;
    admin.post("/admin/messagerie", &form).await;
    let page = admin.post("/admin/messagerie/essai", &[]).await;
    page.assert_contains("Le serveur a refusé le message (550)");
    t.assert_check_passes().await;
}

/// The server's summary job, as its thread runs it each minute.
async fn summary_job(t: &TestApp) {
    let app = t.app.clone();
    tokio::task::spawn_blocking(move || fournil::home::ops::summary::job(&app)).await.unwrap();
}

#[tokio::test]
async fn the_daily_summary_tells_yesterdays_figures_and_is_queued_once() {
    let (b, _) = crate::kpi::hand_made_day(false).await;
    let t = &b.t;
    let smtp = FakeSmtp::start(false);
    // Wednesday 25 November, 6:00 in Algiers: not yet the summary's hour (7 h).
    t.advance(Duration::hours(21));
    summary_job(t).await;
    assert_eq!(t.count("SELECT count(*) FROM outbox").await, 0);
    t.advance(Duration::hours(1));
    summary_job(t).await;
    assert_eq!(t.count("SELECT count(*) FROM outbox").await, 0, "e-mail not configured: nothing queued");
    configure(t, smtp.port).await;
    summary_job(t).await;
    summary_job(t).await;
    t.advance(Duration::hours(3));
    summary_job(t).await;
    assert_eq!(t.count("SELECT count(*) FROM outbox WHERE topic = 'resume:2026-11-24'").await, 1, "once a day");
    assert_eq!(t.count("SELECT count(*) FROM outbox").await, 1);
    let (subject, text, html): (String, String, String) = t
        .app
        .db
        .read(|c| {
            Ok(c.query_row("SELECT subject, body_text, body_html FROM outbox", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?)
        })
        .await
        .unwrap();
    assert_eq!(subject, "Ma boulangerie : le résumé du 24/11/2026");
    // The hand-made day's figures (tests/it/kpi.rs works them out by hand).
    let da = |n: i64| fournil::money::Money::from_da(n).to_string();
    for line in [
        format!("- Chiffre d'affaires : {}", da(1_960)),
        format!("- CA comptoir : {}", da(160)),
        format!("- CA commandes : {}", da(1_800)),
        format!("- CA livraisons : {}", da(0)),
        format!("- Encaissements : {}", da(3_460)),
        format!("- dont espèces : {}", da(3_380)),
        "- Tickets : 2".to_string(),
        format!("- Panier moyen : {}", da(80)),
        format!("- Marge brute : {}", da(1_584)),
        "- Taux de marge brute : 80,8 %".to_string(),
        format!("- Pertes : {}", da(45)),
        "- Pertes / coût des ventes : 12,0 %".to_string(),
        format!("- Écarts de caisse : {}", da(0)),
        "Sauvegarde : aucune sauvegarde réussie !".to_string(),
        "Contrôle d'intégrité : jamais lancé".to_string(),
        "Commandes en retard".to_string(),
    ] {
        assert!(text.contains(&line), "{line:?} not in:\n{text}");
    }
    assert!(html.contains("<td>Chiffre d'affaires</td><td align=\"right\">"), "{html}");
    assert_eq!(deliver(t).await, 1);
    assert_eq!(smtp.messages().len(), 1);
    assert!(smtp.messages()[0].contains("To: patronne@fournil.test"));
    // The next morning, the next day's summary.
    t.advance(Duration::hours(22));
    summary_job(t).await;
    assert_eq!(t.count("SELECT count(*) FROM outbox WHERE topic = 'resume:2026-11-25'").await, 1);
    t.assert_check_passes().await;
}
