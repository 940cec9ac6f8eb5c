//! B2B orders and delivery notes (issue #15, item 3): the credit limit enforced (the gérante's
//! PIN beyond it, audited), the order in the production plan, the note out of the counter at the
//! PMP with a short line, the return (back to the counter, or thrown away), the note's PDF.

use poem::http::StatusCode;

use crate::b2b::cafe_form;
use crate::support::*;

/// The gérante "samia" with her PIN 2468; returns her id.
async fn gerante_with_pin(t: &TestApp) -> (Browser<'_>, String) {
    let mut g = t.signed_in("samia", "gerante").await;
    g.get("/compte").await;
    g.post("/compte/code-pin", &[("pin", "2468"), ("pin_confirm", "2468"), ("pin_current", PASSWORD)])
        .await
        .assert_redirect("/compte");
    (g, t.count("SELECT id FROM users WHERE username = 'samia'").await.to_string())
}

/// A PDF route's text, fetched with the browser's cookies.
pub async fn pdf_text(t: &TestApp, b: &Browser<'_>, path: &str) -> String {
    let cookies = b.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let resp = t.http.get(path).header("cookie", cookies).send().await;
    resp.assert_status_is_ok();
    crate::support::pdf::text(&resp.0.into_body().into_vec().await.unwrap())
}

fn order_form<'a>(
    croissant: &'a str,
    qty: &'a str,
    token: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("customer_id", "1"),
        ("delivery_day", "2026-11-25"),
        ("product", croissant),
        ("qty", qty),
        ("notes", ""),
        ("token", token),
    ];
    f.extend_from_slice(extra);
    f
}

#[tokio::test]
async fn an_order_beyond_the_credit_limit_needs_the_gerantes_pin_then_leaves_and_comes_back() {
    let (t, _amina, croissant) = shop().await;
    let (mut boss, samia) = gerante_with_pin(&t).await;
    boss.get("/b2b/clients/nouveau").await;
    boss.post("/b2b/clients/nouveau", &cafe_form("client-cafe", "1000"))
        .await
        .assert_redirect("/b2b/clients/1?ok=client-pro");
    let c = croissant.to_string();
    let mut seller = t.browser();
    seller.login("amina", PASSWORD).await.assert_redirect("/");
    seller.get("/b2b/commandes").await.assert_contains("Nouvelle commande pro");
    // 30 croissants at 40 DA = 1 200 DA, above the 1 000 DA allowed: refused, nothing saved.
    let over = seller.post("/b2b/commandes", &order_form(&c, "30", "cmd-pro-1", &[])).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    over.assert_contains("demande l'accord de la gérante");
    assert_eq!(t.count("SELECT count(*) FROM b2b_orders").await, 0);
    let wrong = seller
        .post("/b2b/commandes", &order_form(&c, "30", "cmd-pro-2", &[("approver_id", &samia), ("pin", "0000")]))
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("Code PIN incorrect.");
    assert_eq!(t.count("SELECT count(*) FROM b2b_orders").await, 0);
    let ok = seller
        .post("/b2b/commandes", &order_form(&c, "30", "cmd-pro-3", &[("approver_id", &samia), ("pin", "2468")]))
        .await;
    ok.assert_redirect("/b2b/commandes/1?ok=commande-pro");
    assert_eq!(t.count("SELECT count(*) FROM b2b_orders WHERE approved_by IS NOT NULL AND total = 120000").await, 1);
    assert!(t.audit_kinds().await.contains(&"b2b.commande".to_string()));
    // A second order for the same day is refused beside the day.
    let twice = seller.post("/b2b/commandes", &order_form(&c, "2", "cmd-pro-4", &[])).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    twice.assert_contains("a déjà la commande CB-2026-00001");
    // The lab sees it in the plan of the 25th.
    boss.get("/production/plan?jour=2026-11-25").await.assert_contains("Croissant");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let plan = t.app.db.read(move |c| fournil::plan::ops::plan(c, day)).await.unwrap();
    assert_eq!(plan.lines.iter().find(|l| l.product_id == croissant).unwrap().orders.milli(), 30_000);
    // 20 on the counter: 20 leave, 10 short, at the PMP (15 DA).
    seller.get("/b2b/commandes/1").await.assert_contains("Sortir le bon de livraison");
    let sent = seller.post("/b2b/commandes/1/sortir", &[("shipped.1", "20"), ("token", "bl-1")]).await;
    sent.assert_redirect("/b2b/bons/1?ok=bon-livraison");
    assert_eq!(held(&t, croissant, COUNTER).await.0.milli(), 0);
    assert_eq!(t.count("SELECT number = 'BL-2026-00001' FROM b2b_notes").await, 1);
    assert_eq!(t.count("SELECT cost FROM b2b_note_lines").await, 30000);
    let again = seller.post("/b2b/commandes/1/sortir", &[("shipped.1", "20"), ("token", "bl-2")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // Back: 3 returned, 1 of them thrown away; 2 back on the counter at 15 DA.
    let bad = seller.post("/b2b/bons/1/retour", &[("returned.1", "3"), ("wasted.1", "4")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("On ne jette pas plus");
    seller
        .post("/b2b/bons/1/retour", &[("returned.1", "3"), ("wasted.1", "1")])
        .await
        .assert_redirect("/b2b/bons/1?ok=retour-pro");
    let (qty, value) = held(&t, croissant, COUNTER).await;
    assert_eq!((qty.milli(), value.cents()), (2000, 3000));
    let page = seller.get("/b2b/bons/1").await;
    page.assert_contains("livré");
    let text = pdf_text(&t, &seller, "/b2b/bons/1/pdf").await;
    assert!(text.contains("Bon de livraison BL-2026-00001"), "{text}");
    t.assert_check_passes().await;
}
