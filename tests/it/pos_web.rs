//! The till screen over HTTP: the page, the priced cart, the checkout and its replay, refusals
//! shown in the payment panel, parked tickets.

use poem::http::StatusCode;

use crate::support::*;

fn cart_json(product: i64, pieces: i64) -> String {
    format!(r#"{{"lines":[{{"product_id":{product},"qty":{}}}]}}"#, pieces * 1000)
}

#[tokio::test]
async fn the_till_sells_through_its_screen_and_a_replay_records_one_ticket() {
    let (t, _v, croissant) = shop().await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    let page = b.get("/caisse").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Croissant");
    page.assert_contains("20 pièces");
    page.assert_contains("Encaisser");
    b.hx = true;

    let priced = b.post("/caisse/panier", &[("cart", &cart_json(croissant, 3))]).await;
    priced.assert_contains("120,00 DA");
    let too_many = b.post("/caisse/panier", &[("cart", &cart_json(croissant, 25))]).await;
    too_many.assert_contains("Stock insuffisant");
    // A product the tablet kept but the shop archived: said in place of the lines.
    let gone = b.post("/caisse/panier", &[("cart", &cart_json(999, 1))]).await;
    assert_eq!(gone.status, StatusCode::OK);
    gone.assert_contains("inconnu ou pas à vendre");
    gone.assert_contains("Vider le ticket");
    // A price sent by the tablet is ignored: the catalogue's is used.
    let forged = format!(r#"{{"lines":[{{"product_id":{croissant},"qty":1000,"price":1}}]}}"#);
    b.post("/caisse/panier", &[("cart", &forged)]).await.assert_contains("40,00 DA");

    let form = |token: &'static str, cart: String, pay: &'static str| {
        vec![("cart", cart), ("payments", pay.to_string()), ("token", token.to_string()), ("till_id", "1".to_string())]
    };
    let pay = r#"[{"method":"especes","amount":20000}]"#;
    let f = form("till-web-token-1", cart_json(croissant, 3), pay);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = b.post("/caisse/encaisser", &f).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    done.assert_contains("T-2026-000001");
    done.assert_contains("80,00 DA");
    assert!(done.header("HX-Trigger").is_some_and(|h| h.contains("sale-done")));
    let again = b.post("/caisse/encaisser", &f).await;
    again.assert_contains("T-2026-000001");
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 1);

    let f = form("till-web-token-2", cart_json(croissant, 30), pay);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = b.post("/caisse/encaisser", &f).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    refused.assert_contains("il ne reste que 17 pièces");
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_parked_ticket_is_recalled_once() {
    let (t, _v, croissant) = shop().await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    b.get("/caisse").await;
    b.hx = true;
    let parked = b.post("/caisse/attente", &[("cart", &cart_json(croissant, 2)), ("label", "Mme Benali")]).await;
    assert_eq!(parked.status, StatusCode::OK, "{}", parked.body);
    parked.assert_contains("Mme Benali");
    let id = t.count("SELECT id FROM parked_tickets").await;
    let recalled = b.post(&format!("/caisse/attente/{id}/reprendre"), &[]).await;
    let trigger = recalled.header("HX-Trigger").unwrap();
    assert!(trigger.contains("till-recalled") && trigger.contains(&format!("\"product_id\":{croissant}")), "{trigger}");
    let twice = b.post(&format!("/caisse/attente/{id}/reprendre"), &[]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    twice.assert_contains("déjà été repris");
}

#[tokio::test]
async fn a_closed_till_says_so_and_production_cannot_sell() {
    let t = spawn_ready().await;
    let mut v = t.signed_in("amina", "vendeuse").await;
    let page = v.get("/caisse").await;
    page.assert_contains("est fermée");
    let mut p = t.signed_in("karim", "production").await;
    assert_eq!(p.get("/caisse").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_sales_pages_list_the_day_reprint_and_refund_never_beyond_the_ticket() {
    let (t, v, croissant) = shop().await;
    let sale = t.given().sale(&v).line(croissant, 3).cash("200").token("pages-token-1").await;
    let mut g = t.signed_in("nadia", "gerante").await;
    let list = g.get("/ventes?jour=2026-11-24").await;
    list.assert_contains("T-2026-000001");
    list.assert_contains("120,00 DA");
    let page = g.get(&format!("/ventes/{sale}")).await;
    page.assert_contains("Rembourser");
    page.assert_contains("Croissant");
    let token = page.body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let line = t.count("SELECT id FROM sale_lines").await.to_string();
    let qty = format!("qty-{line}");
    let dest = format!("dest-{line}");

    g.post(&format!("/ventes/{sale}/reimprimer"), &[]).await.assert_redirect(&format!("/ventes/{sale}?ok=duplicata"));
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'duplicata' AND open_drawer = 0").await, 1);

    let too_much = g
        .post(
            &format!("/ventes/{sale}/rembourser"),
            &[("token", &token), (&qty, "4"), (&dest, "comptoir"), ("reason", "Erreur"), ("method", "especes")],
        )
        .await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    too_much.assert_contains("On ne peut rembourser que 3 pièces");
    let no_reason = g
        .post(
            &format!("/ventes/{sale}/rembourser"),
            &[("token", &token), (&qty, "1"), (&dest, "comptoir"), ("reason", ""), ("method", "especes")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_reason.assert_contains("Indiquez le motif du retour.");
    let ok = g
        .post(
            &format!("/ventes/{sale}/rembourser"),
            &[("token", &token), (&qty, "1"), (&dest, "perte"), ("reason", "Tombé"), ("method", "especes")],
        )
        .await;
    ok.assert_redirect(&format!("/ventes/{sale}?ok=avoir"));
    let after = g.get(&format!("/ventes/{sale}")).await;
    after.assert_contains("AV-2026-00001");
    // Two croissants are left to refund: the gérante still has the form.
    after.assert_contains("Enregistrer le retour");
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'avoir'").await, 1);

    // A vendeuse sees the ticket but may not refund it.
    let mut vb = t.browser();
    vb.login("amina", PASSWORD).await.assert_redirect("/");
    let seen = vb.get(&format!("/ventes/{sale}")).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    seen.assert_contains("Ticket T-2026-000001");
    seen.assert_contains("AV-2026-00001");
    assert!(!seen.body.contains("Enregistrer le retour"), "{}", seen.body);
    let refused = vb
        .post(
            &format!("/ventes/{sale}/rembourser"),
            &[("token", "x-token-12345"), (&qty, "1"), ("reason", "x"), ("method", "especes")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_menu_marks_the_most_precise_page_only() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let page = b.get("/caisse/session").await;
    page.assert_contains(r#"<a href="/caisse/session" aria-current="page">"#);
    assert!(!page.body.contains(r#"<a href="/caisse" aria-current="page">"#), "Vendre is not the current page");
    b.get("/caisse").await.assert_contains(r#"<a href="/caisse" aria-current="page">"#);
}

#[tokio::test]
async fn a_missing_reason_stays_beside_its_field_and_a_reused_token_shows_the_first_ticket() {
    let (t, _v, croissant) = shop().await;
    let mut b = t.signed_in("nadia", "gerante").await;
    b.get("/caisse").await;
    b.hx = true;
    // 10 croissants less 60 DA (15 %): above 10 % the gérante must say why.
    let discounted = format!(r#"{{"lines":[{{"product_id":{croissant},"qty":10000}}],"discount":6000}}"#);
    let pay = r#"[{"method":"especes","amount":34000}]"#;
    let mut form =
        vec![("cart", discounted.as_str()), ("payments", pay), ("token", "reason-token-1"), ("till_id", "1")];
    let no_reason = b.post("/caisse/encaisser", &form).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_reason.body);
    no_reason.assert_contains("demande un motif");
    assert!(no_reason.header("HX-Trigger").is_some_and(|h| h.contains("till-need-reason")));
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 0);
    form.push(("discount_reason", "Client fidèle"));
    let done = b.post("/caisse/encaisser", &form).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    done.assert_contains("Ticket T-2026-000001 enregistré");

    // The same token with another cart: the first ticket again, with a warning; nothing more sold.
    let other = cart_json(croissant, 2);
    let form = [("cart", other.as_str()), ("payments", pay), ("token", "reason-token-1"), ("till_id", "1")];
    let reused = b.post("/caisse/encaisser", &form).await;
    assert_eq!(reused.status, StatusCode::OK, "{}", reused.body);
    reused.assert_contains("enregistré (T-2026-000001) avec un autre contenu");
    reused.assert_contains("Ticket T-2026-000001 enregistré");
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 1);
    t.assert_check_passes().await;
}
