//! The e-mail pages in headless Chromium over a small demo shop: the admin sets the shop's SMTP
//! server (a fake one inside the test), sends the test message and reads the server's answer,
//! then opens the outbox. Screenshots in `target/screenshots/` (85-…) at 1280 and 768 px.

use fantoccini::{Client, Locator};

use crate::browser::{chromium, fill, screenshots, submit, text_of, wait_heading};
use crate::browser_orders::{login, serve};
use crate::mail::FakeSmtp;

async fn mail_pages(c: &Client, url: &str, password: &str, port: u16) -> Result<(), fantoccini::error::CmdError> {
    c.set_window_size(768, 1024).await?;
    login(c, url, "demo", password).await?;
    c.goto(&format!("{url}/admin/messagerie")).await?;
    wait_heading(c, "Messagerie").await?;
    assert!(text_of(c, "#mail-status").await?.contains("E-mail non configuré"));
    screenshots(c, "85-messagerie-non-configuree").await?;
    fill(c, "host", "127.0.0.1").await?;
    fill(c, "port", &port.to_string()).await?;
    c.find(Locator::Css("#f-security option[value='aucune']")).await?.click().await?;
    fill(c, "sender", "boutique@fournil.test").await?;
    fill(c, "owner_to", "patronne@fournil.test").await?;
    submit(c, "#mail-settings").await?;
    wait_heading(c, "Messagerie").await?;
    assert!(text_of(c, "#mail-status").await?.contains("E-mail configuré"));
    submit(c, "#mail-status form").await?;
    let answer = text_of(c, "#mail-test").await?;
    assert!(answer.contains("Le serveur a accepté le message"), "{answer}");
    screenshots(c, "86-messagerie-essai").await?;
    c.find(Locator::LinkText("Boîte d'envoi")).await?.click().await?;
    wait_heading(c, "Boîte d'envoi").await?;
    screenshots(c, "87-boite-d-envoi").await
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; CI runs it with --include-ignored"]
async fn the_admin_sets_the_smtp_server_and_tests_it() {
    let dir = tempfile::tempdir().unwrap();
    let o = fournil::demo::Options {
        db: dir.path().join("fournil.db"),
        years: 0.02,
        tickets_per_day: 40,
        seed: 85,
        force: false,
        today: fournil::clock::Clock::system().business_day() - chrono::Duration::days(1),
        password: "demo-mail-85".into(),
        progress: false,
    };
    let built = o.clone();
    tokio::task::spawn_blocking(move || fournil::demo::build(&built)).await.unwrap().unwrap();
    let smtp = FakeSmtp::start(false);
    let (url, _server) = serve(dir.path());
    let (client, _driver) = chromium().await;
    let outcome = mail_pages(&client, &url, &o.password, smtp.port).await;
    let _ = client.close().await;
    outcome.expect("browser flow");
    assert_eq!(smtp.messages().len(), 1, "the test message reached the server");
}
