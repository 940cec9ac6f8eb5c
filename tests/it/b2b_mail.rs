//! A B2B invoice sent by e-mail (issue #15, item 6): offered only when the shop's SMTP server is
//! configured and the customer has an address (otherwise the page says what is missing); the
//! PDF queued in the outbox with an audit line, in one transaction, never sent from the request.

use poem::http::StatusCode;

use crate::b2b::cafe_form;
use crate::b2b_invoices::week;
use crate::support::*;

/// The queued message: (recipients, subject, attachment name, mime, bytes).
async fn queued(t: &TestApp) -> (String, String, String, String, Vec<u8>) {
    t.app
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT recipients, subject, attachment_name, attachment_mime, attachment FROM outbox",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn the_invoice_pdf_is_queued_to_the_customer_only_with_a_server_and_an_address() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    let invoice = [("du", "2026-11-16"), ("au", "2026-11-22"), ("kind", "facture"), ("token", "f-1")];
    boss.post("/b2b/clients/1/facturer", &invoice).await.assert_redirect("/b2b/factures/1?ok=facture-pro");
    // No SMTP server: the button is hidden and the page says why; a forced post is refused.
    let page = boss.get("/b2b/factures/1").await;
    page.assert_contains("la messagerie de la boutique n'est pas configurée");
    assert!(!page.body.contains("Envoyer par e-mail"));
    let refused = boss.post("/b2b/factures/1/envoyer", &[] as &[(&str, &str)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("La messagerie n'est pas configurée");
    // A server, but a customer without an address: said beside the button, nothing queued.
    crate::mail::configure(&t, 2525).await;
    boss.get("/b2b/factures/1").await.assert_contains("ce client n'a pas d'adresse");
    let refused = boss.post("/b2b/factures/1/envoyer", &[] as &[(&str, &str)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("« Café des Arts » n'a pas d'adresse e-mail : ajoutez-la sur sa fiche.");
    assert_eq!(t.count("SELECT count(*) FROM outbox").await, 0);
    // The address set on the customer's page: the PDF queued to it, audited.
    boss.get("/b2b/clients/1").await;
    let mut form = cafe_form("", "");
    form[4] = ("email", "compta@cafedesarts.dz");
    boss.post("/b2b/clients/1", &form).await;
    let page = boss.get("/b2b/factures/1").await;
    page.assert_contains("Envoyer par e-mail");
    page.assert_contains("à compta@cafedesarts.dz");
    boss.post("/b2b/factures/1/envoyer", &[] as &[(&str, &str)])
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-envoyee");
    let (to, subject, name, mime, pdf) = queued(&t).await;
    assert_eq!(
        (to.as_str(), name.as_str(), mime.as_str()),
        ("compta@cafedesarts.dz", "FAC-2026-00001.pdf", "application/pdf")
    );
    assert!(subject.contains("Facture FAC-2026-00001"), "{subject}");
    let text = crate::support::pdf::text(&pdf);
    assert!(text.contains("Facture FAC-2026-00001") && text.contains("640,00 DA"), "{text}");
    assert!(t.audit_kinds().await.contains(&"b2b.facture_envoyee".to_string()));
    assert_eq!(t.count("SELECT count(*) FROM outbox WHERE status = 'attente'").await, 1, "queued, not sent");
    t.assert_check_passes().await;
}
