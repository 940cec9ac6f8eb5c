//! Refunds from the till, and the one-shot approval by PIN: a vendeuse without the right to refund
//! (or to give that discount) has the gérante type her PIN on the tablet for this one operation;
//! the session stays hers, the audit names both, a wrong PIN is counted and throttled, and a PIN
//! never switches the till to someone who can do more than sell.

use poem::http::StatusCode;
use serde_json::json;

use crate::support::*;

/// The gérante "nadia" with her PIN 2468 (set as she would, from her account page).
async fn gerante_with_pin(t: &TestApp) -> i64 {
    let mut g = t.signed_in("nadia", "gerante").await;
    g.get("/compte").await;
    g.post("/compte/code-pin", &[("pin", "2468"), ("pin_confirm", "2468"), ("pin_current", PASSWORD)])
        .await
        .assert_redirect("/compte");
    t.count("SELECT id FROM users WHERE username = 'nadia'").await
}

/// The refund form's fields for one croissant of the first ticket, back on the counter, in cash.
fn refund_form<'a>(token: &'a str, qty_name: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![("token", token), (qty_name, "1"), ("reason", "Produit abîmé"), ("method", "especes")];
    f.extend_from_slice(extra);
    f
}

#[tokio::test]
async fn a_vendeuse_refunds_from_the_till_with_the_gerantes_pin_for_that_refund_only() {
    let (t, amina, croissant) = shop().await;
    let nadia = gerante_with_pin(&t).await.to_string();
    let sale = t.given().sale(&amina).line(croissant, 3).cash("200").await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    b.get("/caisse").await;
    b.hx = true;

    // The refund starts from the till's recent tickets, or the end of a number.
    let found = b.get("/caisse/retours").await;
    found.assert_contains("T-2026-000001");
    found.assert_contains(&format!(r#"hx-get="/caisse/retours/{sale}""#));
    b.get("/caisse/retours?numero=1").await.assert_contains("T-2026-000001");
    b.get("/caisse/retours?numero=9").await.assert_contains("Aucun ticket ne finit par « 9 »");
    // Its form: the lines with a stepper, the reason, the method, and who may approve it.
    let form = b.get(&format!("/caisse/retours/{sale}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    form.assert_contains("Retour sur le ticket T-2026-000001");
    form.assert_contains("data-step=\"1\"");
    form.assert_contains("Accord d'une personne autorisée");
    form.assert_contains(&format!(r#"<option value="{nadia}""#));
    let token = form.body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let line = t.count("SELECT id FROM sale_lines").await;
    let qty = format!("qty-{line}");
    let path = format!("/caisse/retours/{sale}");

    // Without an approval: refused, said in the form; nothing refunded.
    let alone = b.post(&path, &refund_form(&token, &qty, &[])).await;
    assert_eq!(alone.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", alone.body);
    alone.assert_contains("faites-le autoriser");
    // A wrong PIN: said beside the PIN, counted against the gérante; nothing refunded.
    let wrong = b.post(&path, &refund_form(&token, &qty, &[("approver_id", &nadia), ("pin", "0000")])).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
    wrong.assert_contains("Code PIN incorrect.");
    assert_eq!(t.count("SELECT count(*) FROM login_failures WHERE username = 'pin:nadia'").await, 1);
    assert_eq!(t.count("SELECT count(*) FROM refunds").await, 0);
    // The right PIN: this refund is recorded, by Amina, approved by Nadia.
    let ok = b.post(&path, &refund_form(&token, &qty, &[("approver_id", &nadia), ("pin", "2468")])).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    ok.assert_contains("Avoir AV-2026-00001 enregistré");
    ok.assert_contains("40,00 DA");
    ok.assert_contains("L'avoir est imprimé.");
    assert!(ok.header("HX-Trigger").is_some_and(|h| h.contains("refund-done")));
    let by = t.count("SELECT user_id FROM refunds").await;
    assert_eq!(by, amina.id, "the refund is the vendeuse's");
    let audit = t
        .app
        .db
        .read(|c| {
            Ok(c.query_row("SELECT actor, summary, after FROM audit_log WHERE kind = 'vente.rembourse'", [], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })?)
        })
        .await
        .unwrap();
    assert_eq!(audit.0, "amina", "who did it");
    assert!(audit.1.contains("Autorisé par « nadia »"), "who approved: {}", audit.1);
    assert!(audit.2.contains("\"username\":\"nadia\""), "{}", audit.2);
    assert_eq!(t.count("SELECT count(*) FROM login_failures WHERE username = 'pin:nadia'").await, 0);

    // The session stays Amina's: no books, no administration, and the next refund needs a PIN again.
    b.hx = false;
    b.get("/compte").await.assert_contains("(amina)");
    assert_eq!(b.get("/compta/journal").await.status, StatusCode::FORBIDDEN);
    b.hx = true;
    let again = b.get(&path).await;
    let token2 = again.body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let once = b.post(&path, &refund_form(&token2, &qty, &[])).await;
    assert_eq!(once.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.count("SELECT count(*) FROM refunds").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn wrong_approval_pins_are_throttled_like_the_seller_switch() {
    let (t, amina, croissant) = shop().await;
    let nadia = gerante_with_pin(&t).await.to_string();
    let sale = t.given().sale(&amina).line(croissant, 3).cash("200").await;
    let line = t.count("SELECT id FROM sale_lines").await;
    let qty = format!("qty-{line}");
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    b.get("/caisse").await;
    b.hx = true;
    let path = format!("/caisse/retours/{sale}");
    for i in 0..5 {
        let token = format!("throttle-refund-{i}");
        let p = b.post(&path, &refund_form(&token, &qty, &[("approver_id", &nadia), ("pin", "1111")])).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.body);
    }
    let blocked =
        b.post(&path, &refund_form("throttle-refund-9", &qty, &[("approver_id", &nadia), ("pin", "2468")])).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS, "{}", blocked.body);
    blocked.assert_contains("Trop de codes erronés");
    assert_eq!(t.count("SELECT count(*) FROM refunds").await, 0);
    t.advance(chrono::Duration::minutes(16));
    let ok = b.post(&path, &refund_form("throttle-refund-10", &qty, &[("approver_id", &nadia), ("pin", "2468")])).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    // Someone who may not refund herself cannot approve a refund, even with her right PIN.
    let mut sara = t.signed_in("sara", "vendeuse").await;
    sara.get("/compte").await;
    sara.post("/compte/code-pin", &[("pin", "1357"), ("pin_confirm", "1357"), ("pin_current", PASSWORD)]).await;
    let sara_id = t.count("SELECT id FROM users WHERE username = 'sara'").await.to_string();
    let not =
        b.post(&path, &refund_form("throttle-refund-11", &qty, &[("approver_id", &sara_id), ("pin", "1357")])).await;
    assert_eq!(not.status, StatusCode::CONFLICT, "{}", not.body);
    not.assert_contains("n'a pas le droit");
    assert_eq!(t.count("SELECT count(*) FROM refunds").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_discount_beyond_the_vendeuses_limit_passes_with_the_gerantes_pin() {
    let (t, _amina, croissant) = shop().await;
    let nadia = gerante_with_pin(&t).await.to_string();
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    let page = b.get("/caisse").await;
    // The payment panel holds the approval fields, hidden until needed.
    page.assert_contains(r#"<fieldset class="approval" id="pay-approval" hidden>"#);
    b.hx = true;
    // 10 croissants less 60 DA (15 %): the vendeuse's limit is 5 %.
    let cart = format!(r#"{{"lines":[{{"product_id":{croissant},"qty":10000}}],"discount":6000}}"#);
    let pay = r#"[{"method":"especes","amount":34000}]"#;
    let base = vec![("cart", cart.as_str()), ("payments", pay), ("token", "approved-discount-1"), ("till_id", "1")];
    let refused = b.post("/caisse/encaisser", &base).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    refused.assert_contains("votre limite est de 5 %");
    assert!(refused.header("HX-Trigger").is_some_and(|h| h.contains("till-need-approval")));
    let mut wrong = base.clone();
    wrong.extend([("approver_id", nadia.as_str()), ("pin", "9999"), ("discount_reason", "Client fidèle")]);
    let denied = b.post("/caisse/encaisser", &wrong).await;
    assert_eq!(denied.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", denied.body);
    denied.assert_contains("Code PIN incorrect.");
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 0);
    let mut right = base.clone();
    right.extend([("approver_id", nadia.as_str()), ("pin", "2468"), ("discount_reason", "Client fidèle")]);
    let done = b.post("/caisse/encaisser", &right).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    done.assert_contains("Ticket T-2026-000001 enregistré");
    let (actor, summary): (String, String) = t
        .app
        .db
        .read(|c| {
            Ok(c.query_row("SELECT actor, summary FROM audit_log WHERE kind = 'vente.remise'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .await
        .unwrap();
    assert_eq!(actor, "amina");
    assert!(summary.contains("Autorisée par « nadia »"), "{summary}");
    assert_eq!(
        t.count("SELECT user_id FROM sales").await,
        t.count("SELECT id FROM users WHERE username = 'amina'").await
    );
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_gerante_cannot_take_the_till_with_her_pin() {
    let (t, _amina, _croissant) = shop().await;
    let nadia = gerante_with_pin(&t).await.to_string();
    let mut till = t.browser();
    till.login("amina", PASSWORD).await;
    till.get("/caisse").await;
    till.hx = true;
    let tiles = till.get("/caisse/vendeuses").await;
    assert!(!tiles.body.contains(&format!(r#"name="user_id" value="{nadia}""#)), "no gérante tile: {}", tiles.body);
    let refused = till.post("/caisse/vendeuse", &[("user_id", &nadia), ("pin", "2468")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    till.hx = false;
    till.get("/compte").await.assert_contains("(amina)");
    assert_eq!(till.get("/compta/journal").await.status, StatusCode::FORBIDDEN);
    assert_eq!(till.get("/admin/journal-audit").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_api_carries_the_same_approval() {
    let (t, amina, croissant) = shop().await;
    let nadia: i64 = gerante_with_pin(&t).await;
    let sale = t.given().sale(&amina).line(croissant, 3).cash("200").await;
    let line = t.count("SELECT id FROM sale_lines").await;
    let token = token_for(&t, amina.id).await;
    let body = |tok: &str, approval: Option<serde_json::Value>| {
        let mut b = json!({"token": tok, "till_id": 1, "lines": [{"line_id": line, "qty": "1"}],
                           "reason": "Erreur", "method": "especes"});
        if let Some(a) = approval {
            b["approval"] = a;
        }
        b
    };
    let path = format!("/sales/{sale}/refunds");
    let (s, e) = call(&t, &token, "POST", &path, Some(body("api-approved-1", None))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("approval_needed")), "{e}");
    let wrong = json!({"approver_id": nadia, "pin": "0000"});
    let (s, e) = call(&t, &token, "POST", &path, Some(body("api-approved-2", Some(wrong)))).await;
    assert_eq!(s, 422, "{e}");
    assert!(e["fields"]["approval.pin"].is_string(), "{e}");
    let right = json!({"approver_id": nadia, "pin": "2468"});
    let (s, r) = call(&t, &token, "POST", &path, Some(body("api-approved-3", Some(right)))).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["data"]["refunds"][0]["number"], "AV-2026-00001");
    assert_eq!(t.count("SELECT count(*) FROM refunds").await, 1);
    t.assert_check_passes().await;
}
