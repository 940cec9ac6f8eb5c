//! Printing: receipts rendered to ESC/POS bytes, the queue drained through a recording driver,
//! retries and failures, the printers page (validation, test print, permissions).

use chrono::Duration;
use fournil::printing::driver::Recording;
use fournil::printing::render::DRAWER_PULSE;
use fournil::printing::{Doc, Job, JobKind, Source, drain_once, enqueue, queue, store};
use poem::http::StatusCode;

use crate::support::*;

fn has(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn set_printer(t: &TestApp, driver: &'static str, address: &'static str) {
    t.app
        .db
        .write(move |tx| {
            tx.execute("UPDATE tills SET printer_driver = ?1, printer_address = ?2 WHERE id = 1", [driver, address])?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn queue_ticket(t: &TestApp, drawer: bool) -> i64 {
    let now = t.app.clock.now_text();
    t.app
        .db
        .write(move |tx| {
            let mut doc = Doc::default();
            doc.title("Fournil").row("Éclair café", "150,00 DA").total("TOTAL", "150,00 DA");
            let source = Source { kind: JobKind::Ticket, source_type: "sale", source_id: Some(7) };
            enqueue(tx, 1, source, &doc, drawer, None, &now)
        })
        .await
        .unwrap()
}

async fn job(t: &TestApp, id: i64) -> Job {
    t.app.db.read(move |c| Ok(store::job(c, id)?.unwrap())).await.unwrap()
}

#[tokio::test]
async fn a_queued_ticket_prints_through_the_driver_with_the_drawer_pulse() {
    let t = spawn_ready().await;
    set_printer(&t, "reseau", "192.168.1.50:9100").await;
    let id = queue_ticket(&t, true).await;
    let rec = Recording::new();
    let done = drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    assert_eq!(done.printed, 1);
    let jobs = rec.jobs();
    assert_eq!(jobs.len(), 1);
    assert!(has(&jobs[0], &[0x90, b'c', b'l', b'a', b'i', b'r', b' ', b'c', b'a', b'f', 0x82]), "PC858 accents");
    assert!(has(&jobs[0], &DRAWER_PULSE));
    let j = job(&t, id).await;
    assert_eq!(j.status, "imprime");
    assert!(j.printed_at.is_some());
    // Printed once: a second pass sends nothing.
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    assert_eq!(rec.jobs().len(), 1);
}

#[tokio::test]
async fn a_till_without_a_printer_marks_its_jobs() {
    let t = spawn_ready().await;
    let id = queue_ticket(&t, false).await;
    let rec = Recording::new();
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    assert!(rec.jobs().is_empty());
    assert_eq!(job(&t, id).await.status, "sans_imprimante");
    // The browser prints it instead; a vendeuse may open it.
    let mut v = t.signed_in("amina", "vendeuse").await;
    let page = v.get(&format!("/caisse/impressions/{id}")).await;
    page.assert_contains("class=\"receipt\"");
    page.assert_contains("Éclair café");
    page.assert_contains("data-print");
}

#[tokio::test]
async fn a_failing_printer_is_retried_then_gives_up_and_can_be_retried() {
    let t = spawn_ready().await;
    set_printer(&t, "fichier", "/dev/usb/lp0").await;
    let id = queue_ticket(&t, false).await;
    let second = queue_ticket(&t, false).await;
    let rec = Recording::new();
    rec.fail(Some("imprimante éteinte"));
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    let j = job(&t, id).await;
    assert_eq!((j.status.as_str(), j.attempts, j.last_error.as_str()), ("en_attente", 1, "imprimante éteinte"));
    // The till's later job waits behind the failed one.
    assert_eq!(job(&t, second).await.attempts, 0);
    // Not due yet: nothing tried.
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    assert_eq!(job(&t, id).await.attempts, 1);
    for _ in 0..queue::MAX_ATTEMPTS {
        t.advance(Duration::minutes(11));
        drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    }
    assert_eq!(job(&t, id).await.status, "echec");
    assert_eq!(job(&t, id).await.attempts, queue::MAX_ATTEMPTS);
    let health = t.app.db.read(|c| Ok(store::till_health(c, 1)?)).await.unwrap();
    assert_eq!(health.failed, 1);
    assert_eq!(health.last_error.as_deref(), Some("imprimante éteinte"));
    // The printer comes back; the gérante retries from the page.
    rec.fail(None);
    let mut b = t.admin().await;
    b.get("/caisse/imprimantes").await.assert_contains("Relancer");
    let page = b.post(&format!("/caisse/impressions/{id}/relancer"), &[]).await;
    page.assert_redirect("/caisse/imprimantes");
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    assert_eq!(job(&t, id).await.status, "imprime");
    // The job behind it was tried once the first gave up; it comes out at its next try.
    t.advance(Duration::minutes(11));
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    assert_eq!(job(&t, second).await.status, "imprime");
    assert_eq!(rec.jobs().len(), 2);
    // A printed job cannot be "retried".
    let again = b.post(&format!("/caisse/impressions/{id}/relancer"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_printers_page_checks_each_field() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    b.get("/caisse/imprimantes").await.assert_contains("Caisse 1");
    let form = |driver: &'static str, address: &'static str, width: &'static str| {
        vec![("name", "Caisse 1"), ("printer_driver", driver), ("printer_address", address), ("printer_width", width)]
    };
    let bad = b.post("/caisse/imprimantes/1", &form("bluetooth", "", "48")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Pilote inconnu");
    let bad = b.post("/caisse/imprimantes/1", &form("reseau", "", "48")).await;
    bad.assert_contains("Indiquez l'adresse IP");
    let bad = b.post("/caisse/imprimantes/1", &form("reseau", "192.168.1.50:99999", "48")).await;
    bad.assert_contains("Adresse réseau invalide");
    let bad = b.post("/caisse/imprimantes/1", &form("fichier", "", "50")).await;
    bad.assert_contains("Indiquez le chemin");
    bad.assert_contains("Largeur : 32, 42 ou 48");
    let mut ok = form("reseau", "192.168.1.50", "32");
    ok.push(("drawer", "1"));
    b.post("/caisse/imprimantes/1", &ok).await.assert_redirect("/caisse/imprimantes?ok=parametres");
    let (driver, address, width, drawer): (String, String, i64, bool) = t
        .app
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT printer_driver, printer_address, printer_width, drawer FROM tills WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .await
        .unwrap();
    assert_eq!((driver.as_str(), address.as_str(), width, drawer), ("reseau", "192.168.1.50", 32, true));
    assert!(t.audit_kinds().await.contains(&"caisse.parametres".to_string()));
}

#[tokio::test]
async fn test_print_and_drawer_test_queue_jobs() {
    let t = spawn_ready().await;
    set_printer(&t, "reseau", "10.0.0.9").await;
    let mut b = t.admin().await;
    b.get("/caisse/imprimantes").await;
    b.post("/caisse/imprimantes/1/test", &[("drawer", "1")]).await.assert_redirect("/caisse/imprimantes");
    b.post("/caisse/imprimantes/1/tiroir", &[]).await.assert_redirect("/caisse/imprimantes");
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'test' AND open_drawer = 1").await, 1);
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'tiroir' AND open_drawer = 1").await, 1);
    let rec = Recording::new();
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    let jobs = rec.jobs();
    assert_eq!(jobs.len(), 2);
    assert!(has(&jobs[0], b"PAGE DE TEST") && has(&jobs[0], &DRAWER_PULSE));
    assert!(has(&jobs[1], &DRAWER_PULSE));
    b.get("/caisse/imprimantes").await.assert_contains("Page de test");
}

#[tokio::test]
async fn only_till_settings_may_open_the_printers_page() {
    let t = spawn_ready().await;
    let mut v = t.signed_in("amina", "vendeuse").await;
    assert_eq!(v.get("/caisse/imprimantes").await.status, StatusCode::FORBIDDEN);
    let mut g = t.signed_in("samia", "gerante").await;
    assert_eq!(g.get("/caisse/imprimantes").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_receipt_printed_late_never_pops_the_drawer_open() {
    let t = spawn_ready().await;
    set_printer(&t, "reseau", "192.168.1.50:9100").await;
    let id = queue_ticket(&t, true).await;
    let rec = Recording::new();
    rec.fail(Some("imprimante occupée"));
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    assert!(!job(&t, id).await.open_drawer, "the retry carries no pulse");
    rec.fail(None);
    t.advance(Duration::minutes(1));
    drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    assert_eq!(job(&t, id).await.status, "imprime");
    let jobs = rec.jobs();
    assert!(!jobs.last().unwrap().windows(DRAWER_PULSE.len()).any(|w| w == DRAWER_PULSE), "no drawer pulse, late");
}
