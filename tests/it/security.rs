//! Issue #12 B: hostile inputs get a clear refusal, never a 500 or a stored absurdity.

use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::support::*;

fn checkout_form(token: &str, product: i64, pieces: i64, pay: &str) -> Vec<(&'static str, String)> {
    vec![
        ("cart", format!(r#"{{"lines":[{{"product_id":{product},"qty":{}}}]}}"#, pieces * 1000)),
        ("payments", pay.to_string()),
        ("token", token.to_string()),
        ("till_id", "1".to_string()),
    ]
}

fn fields<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn an_absurd_cash_tender_is_refused_on_every_path_and_pages_stay_up() {
    let (t, _v, croissant) = shop().await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    b.get("/caisse").await;
    b.hx = true;
    for amount in ["9223372036854775807", "10000000001", "-5"] {
        let pay = format!(r#"[{{"method":"especes","amount":{amount}}}]"#);
        let f = checkout_form(&format!("absurd-tender-{amount}"), croissant, 1, &pay);
        let page = b.post("/caisse/encaisser", &fields(&f)).await;
        assert!(page.status.is_client_error(), "{amount}: {} {}", page.status, page.body);
    }
    // An absurd quantity or line discount in the cart JSON is refused too.
    let cart = format!(r#"{{"lines":[{{"product_id":{croissant},"qty":9223372036854775807}}]}}"#);
    let f = vec![
        ("cart", cart),
        ("payments", r#"[{"method":"especes","amount":4000}]"#.to_string()),
        ("token", "absurd-qty-1".to_string()),
        ("till_id", "1".to_string()),
    ];
    assert!(b.post("/caisse/encaisser", &fields(&f)).await.status.is_client_error());
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 0);

    // The biggest tender allowed sells, and every page that sums money still answers.
    let f = checkout_form("big-but-sane-1", croissant, 1, r#"[{"method":"especes","amount":10000000000}]"#);
    let done = b.post("/caisse/encaisser", &fields(&f)).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    b.hx = false;
    for path in ["/ventes", "/caisse/sessions", "/caisse/sessions/1"] {
        let page = b.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    }
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_refuses_an_amount_over_the_bound() {
    let (t, amina, croissant) = shop().await;
    let token = token_for(&t, amina.id).await;
    let body = json!({"token": "api-absurd-1", "till_id": 1,
        "lines": [{"product_id": croissant, "qty": "1"}],
        "payments": [{"method": "especes", "amount": "100000001"}]});
    let (status, answer) = call(&t, &token, "POST", "/sales", Some(body)).await;
    assert_eq!(status, 422, "{answer}");
}

#[tokio::test]
async fn check_flags_an_absurd_tender_already_stored() {
    let (t, amina, croissant) = shop().await;
    t.given().sale(&amina).line(croissant, 1).cash("40").await;
    t.app.db.write(|tx| Ok(tx.execute("UPDATE sale_payments SET amount = 9223372036854775807", [])?)).await.unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failures: Vec<String> = report.failures().map(|f| format!("{f:?}")).collect();
    assert!(failures.iter().any(|f| f.contains("montant")), "{failures:?}");
}

#[tokio::test]
async fn a_reused_token_with_other_content_or_from_another_user_is_refused() {
    let (t, amina, croissant) = shop().await;
    let sale = t.given().sale(&amina).line(croissant, 3).cash("200").await;
    let line = t.count("SELECT id FROM sale_lines").await;
    let nadia = t.user_with_role("nadia", "gerante").await;
    let gt = token_for(&t, nadia).await;
    let refund = |qty: &str| json!({"token": "reuse-ref-1", "till_id": 1, "lines": [{"line_id": line, "qty": qty}], "reason": "Erreur", "method": "especes"});
    let url = format!("/sales/{sale}/refunds");
    let (s, r) = call(&t, &gt, "POST", &url, Some(refund("1"))).await;
    assert_eq!(s, 200, "{r}");
    let (s, again) = call(&t, &gt, "POST", &url, Some(refund("1"))).await;
    assert_eq!(s, 200, "the same request again is a replay: {again}");
    let (s, e) = call(&t, &gt, "POST", &url, Some(refund("2"))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("token_reused")), "{e}");
    // Another user sending the same token gets no replay of the first refund.
    let other = t.user_with_role("samia", "gerante").await;
    let ot = token_for(&t, other).await;
    let (s, e) = call(&t, &ot, "POST", &url, Some(refund("1"))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("token_reused")), "{e}");
    assert_eq!(t.count("SELECT count(*) FROM refunds").await, 1);

    let admin = token_for(&t, 1).await;
    let adjust = |qty: &str| json!({"location_id": COUNTER, "reason": "casse", "lines": [{"product_id": croissant, "qty": qty}], "token": "reuse-adj-1"});
    let (s, r) = call(&t, &admin, "POST", "/stock/ajustements", Some(adjust("1"))).await;
    assert_eq!(s, 200, "{r}");
    let (s, _) = call(&t, &admin, "POST", "/stock/ajustements", Some(adjust("1"))).await;
    assert_eq!(s, 200);
    let (s, e) = call(&t, &admin, "POST", "/stock/ajustements", Some(adjust("2"))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("token_reused")), "{e}");
    let transfer = |qty: &str| json!({"from": COUNTER, "to": LAB, "lines": [{"product_id": croissant, "qty": qty}], "token": "reuse-tr-1"});
    let (s, r) = call(&t, &admin, "POST", "/stock/transferts", Some(transfer("1"))).await;
    assert_eq!(s, 200, "{r}");
    let (s, e) = call(&t, &admin, "POST", "/stock/transferts", Some(transfer("2"))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("token_reused")), "{e}");

    // A sale's token sent by another seller is no replay of hers.
    let amina_token = token_for(&t, amina.id).await;
    let s1 = json!({"token": "reuse-sale-1", "lines": [{"product_id": croissant, "qty": "1"}], "payments": [{"method": "especes", "amount": "40"}]});
    assert_eq!(call(&t, &amina_token, "POST", "/sales", Some(s1.clone())).await.0, 200);
    let (s, e) = call(&t, &gt, "POST", "/sales", Some(s1)).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("token_reused")), "{e}");
    t.assert_check_passes().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_are_counted_before_they_are_checked() {
    let t = spawn_ready().await;
    let attempts: Vec<_> = (0..40)
        .map(|_| {
            let app = t.app.clone();
            tokio::spawn(async move { fournil::auth::login::login(&app, "admin", "faux", "10.0.0.7", "test").await })
        })
        .collect();
    let mut throttled = 0;
    for a in attempts {
        match a.await.unwrap() {
            Err(fournil::error::AppError::Throttled { .. }) => throttled += 1,
            Err(_) => {}
            Ok(_) => panic!("a wrong password signed in"),
        }
    }
    let checked = t.count("SELECT count(*) FROM login_failures").await;
    assert_eq!(checked, fournil::auth::login::MAX_PER_NAME, "only the allowed attempts are checked");
    assert_eq!(throttled, 40 - fournil::auth::login::MAX_PER_NAME);
    // The page says so with 429.
    let mut b = t.browser();
    let page = b.login("admin", PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_before_it_is_read() {
    let t = spawn().await;
    let big = vec![b'a'; 300 * 1024];
    for path in ["/connexion", "/setup", "/api/v1/sales"] {
        let resp = t.http.post(path).content_type("application/x-www-form-urlencoded").body(big.clone()).send().await;
        resp.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
        // A declared 50 MB is answered at once, without waiting for the body.
        let resp = t.http.post(path).header("content-length", "52428800").body("x").send().await;
        resp.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    }
    // Without a declared length (chunked), the body is read up to the limit and no further.
    let body = poem::Body::from_async_read(std::io::Cursor::new(vec![b'b'; 300 * 1024]));
    t.http.post("/connexion").body(body).send().await.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    // Under the limit, the request goes on as before.
    let resp = t.http.post("/connexion").form(&[("username", "x"), ("password", "y")]).send().await;
    assert_ne!(resp.0.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn control_characters_and_endless_texts_are_refused_beside_their_field() {
    let t = spawn_ready().await;
    let token = token_for(&t, 1).await;
    for (path, body) in [
        ("/fournisseurs", json!({"name": "\u{0}x"})),
        ("/fournisseurs", json!({"name": "Moulin\u{0}Blida"})),
        ("/categories", json!({"name": "\u{0}x"})),
        ("/produits", json!({"name": "\u{0}x", "kind": "ingredient", "unit": "g"})),
        ("/produits", json!({"name": "Farine", "reference": "R\u{1b}1", "kind": "ingredient", "unit": "g"})),
        ("/produits", json!({"name": "x".repeat(121), "kind": "ingredient", "unit": "g"})),
    ] {
        let (s, e) = call(&t, &token, "POST", path, Some(body)).await;
        assert_eq!(s, 422, "{path}: {e}");
        assert!(e["fields"].as_object().is_some_and(|f| !f.is_empty()), "{e}");
    }
    assert_eq!(t.count("SELECT count(*) FROM suppliers").await, 0);
    // The same rule on the pages.
    let mut admin = t.admin().await;
    admin.get("/catalogue/categories").await;
    let page = admin.post("/catalogue/categories", &[("name", "\u{0}Pains"), ("color", "#b5652b")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    page.assert_contains("Caractère invisible");

    // A 100 000-character note, a yield and a price of 10¹².
    let (s, farine) =
        call(&t, &token, "POST", "/produits", Some(json!({"name": "Farine", "kind": "ingredient", "unit": "g"}))).await;
    assert_eq!(s, 200, "{farine}");
    let farine = farine["data"]["id"].as_i64().unwrap();
    let note = "n".repeat(100_000);
    let adjust = json!({"location_id": RESERVE, "reason": "correction", "lines": [{"product_id": farine, "qty": "1"}], "note": note});
    let (s, e) = call(&t, &token, "POST", "/stock/ajustements", Some(adjust)).await;
    assert_eq!(s, 422, "{e}");
    let (s, pain) = call(
        &t,
        &token,
        "POST",
        "/produits",
        Some(json!({"name": "Pain", "kind": "fini", "unit": "piece", "sale_price": "50"})),
    )
    .await;
    assert_eq!(s, 200, "{pain}");
    let pain = pain["data"]["id"].as_i64().unwrap();
    let recipe =
        json!({"yield": "1000000000000", "location_id": LAB, "lines": [{"ingredient_id": farine, "qty": "100 g"}]});
    let (s, e) = call(&t, &token, "PUT", &format!("/produits/{pain}/recette"), Some(recipe)).await;
    assert_eq!(s, 422, "{e}");
    let (s, supplier) = call(&t, &token, "POST", "/fournisseurs", Some(json!({"name": "Moulins"}))).await;
    assert_eq!(s, 200, "{supplier}");
    let supplier = supplier["data"]["id"].as_i64().unwrap();
    let purchase =
        json!({"supplier_id": supplier, "lines": [{"product_id": farine, "count": "1000", "price": "1000000000000"}]});
    let (s, e) = call(&t, &token, "POST", "/achats", Some(purchase)).await;
    assert_eq!(s, 422, "{e}");
    let purchase = json!({"supplier_id": supplier, "note": "x".repeat(100_000), "lines": [{"product_id": farine, "count": "1000", "price": "1"}]});
    let (s, e) = call(&t, &token, "POST", "/achats", Some(purchase)).await;
    assert_eq!(s, 422, "{e}");
}

#[tokio::test]
async fn every_write_without_a_content_type_answers_what_the_document_lists() {
    let t = spawn_ready().await;
    let token = token_for(&t, 1).await;
    let doc = openapi::document(&t).await;
    let mut tried = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        for method in ["post", "put"] {
            if item[method].is_null() {
                continue;
            }
            let path: String =
                template.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
            let path = format!("/api/v1{}", path.trim_start_matches("/api/v1"));
            let req = if method == "post" { t.http.post(&path) } else { t.http.put(&path) };
            let resp = req.header("Authorization", format!("Bearer {token}")).body("{}").send().await;
            let status = resp.0.status().as_u16();
            let text = resp.0.into_body().into_string().await.unwrap();
            let body: Value =
                serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: not JSON: {text}"));
            let api_path = path.trim_start_matches("/api/v1");
            openapi::check(doc, &method.to_uppercase(), api_path, status, &body);
            tried += 1;
        }
    }
    assert!(tried >= 20, "{tried} operations tried");
    // The body-size guard answers before the API, in its envelope and with a listed status.
    let resp = t
        .http
        .post("/api/v1/sales")
        .header("Authorization", format!("Bearer {token}"))
        .body(vec![b' '; 300 * 1024])
        .send()
        .await;
    let status = resp.0.status().as_u16();
    let body: Value = serde_json::from_str(&resp.0.into_body().into_string().await.unwrap()).unwrap();
    openapi::check(doc, "POST", "/sales", status, &body);
    assert_eq!((status, body["code"].as_str()), (413, Some("payload_too_large")));
}

#[tokio::test]
async fn a_close_comment_or_a_till_name_with_a_control_character_is_refused() {
    let (t, _amina, _croissant) = shop().await;
    let token = token_for(&t, 1).await;
    let close = json!({"counts": {}, "comment": "Caisse\u{0}juste"});
    let (s, e) = call(&t, &token, "POST", "/caisse/sessions/1/fermer", Some(close)).await;
    assert_eq!(s, 422, "{e}");
    assert!(e["fields"]["comment"].is_string(), "{e}");
    assert_eq!(t.count("SELECT count(*) FROM cash_shifts WHERE closed_at IS NULL").await, 1);
    // A till's name too, on its page.
    let mut admin = t.admin().await;
    admin.get("/caisse/imprimantes").await;
    let till = admin.post("/caisse/imprimantes/1", &[("name", "Caisse\u{7}1"), ("printer_driver", "aucun")]).await;
    assert!(till.status.is_client_error(), "{} {}", till.status, till.body);
}
