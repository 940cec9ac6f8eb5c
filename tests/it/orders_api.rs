//! Customers and orders through the JSON API: the same operations and messages as the pages,
//! typed refusals with stable codes, one order for twenty submissions of one token.

use serde_json::json;

use crate::orders::bakery;
use crate::support::{call, token_for};

#[tokio::test]
async fn an_order_lives_through_the_api_and_refusals_are_typed() {
    let b = bakery().await;
    let seller = token_for(&b.t, b.seller.id).await;
    let (s, c) =
        call(&b.t, &seller, "POST", "/clients", Some(json!({"name": "Karim Haddad", "phone": "+213 661 11 22 33"})))
            .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["data"]["phone"], "0661112233");
    let (s, e) = call(&b.t, &seller, "POST", "/clients", Some(json!({"name": "K", "phone": "0661 11 22 33"}))).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")));
    assert!(e["fields"]["phone"].as_str().unwrap().contains("Karim Haddad"), "{e}");
    let (_, found) = call(&b.t, &seller, "GET", "/clients?q=0661", None).await;
    assert_eq!(found["data"][0]["name"], "Karim Haddad");

    let order = |token: &str, due: &str, deposit: &str| {
        json!({"token": token, "customer_id": b.customer, "due_day": due, "due_time": "15:00",
               "lines": [{"product_id": b.cake, "qty": "2", "options": "Joyeux anniversaire"}],
               "deposit": {"method": "especes", "amount": deposit, "tendered": "2000", "token": format!("{token}-p")}})
    };
    let (s, o) = call(&b.t, &seller, "POST", "/commandes", Some(order("api-order-0001", "2026-11-25", "1500"))).await;
    assert_eq!(s, 200, "{o}");
    assert_eq!(o["data"]["number"], "CMD-2026-00001");
    assert_eq!(o["data"]["balance"], "1 500,00 DA");
    assert_eq!(o["data"]["payments"][0]["change"], "500,00 DA");
    let id = o["data"]["id"].as_i64().unwrap();
    let (s, again) =
        call(&b.t, &seller, "POST", "/commandes", Some(order("api-order-0001", "2026-11-25", "1500"))).await;
    assert_eq!((s, &again["data"]["id"]), (200, &o["data"]["id"]), "a replay answers the same order");
    // The same token with other content is not answered with the first order (issue #12 B5).
    let (s, e) = call(&b.t, &seller, "POST", "/commandes", Some(order("api-order-0001", "2026-11-26", "1500"))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("token_reused")), "{e}");
    let other = token_for(&b.t, b.manager.id).await;
    let (s, e) = call(&b.t, &other, "POST", "/commandes", Some(order("api-order-0001", "2026-11-25", "1500"))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("token_reused")), "another user's token is not theirs: {e}");
    let (s, e) = call(&b.t, &seller, "POST", "/commandes", Some(order("api-order-0002", "2026-11-20", "100"))).await;
    assert_eq!(s, 422);
    assert!(e["fields"]["due_day"].as_str().unwrap().contains("passée"));
    let (s, e) = call(&b.t, &seller, "POST", "/commandes", Some(order("api-order-0003", "2026-11-25", "9000"))).await;
    assert_eq!(s, 422);
    assert!(e["fields"]["deposit"].as_str().unwrap().contains("dépasse"));
    let (_, listed) = call(&b.t, &seller, "GET", "/commandes?jour=2026-11-25", None).await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 1);

    // The seller may not make it; the lab may. Then the shop receives it and hands it over.
    let (s, _) = call(&b.t, &seller, "POST", &format!("/commandes/{id}/fabriquer"), Some(json!({}))).await;
    assert_eq!(s, 403);
    let baker = b.t.user_with_role("karim", "production").await;
    let lab = token_for(&b.t, baker).await;
    let (s, made) = call(&b.t, &lab, "POST", &format!("/commandes/{id}/fabriquer"), Some(json!({}))).await;
    assert_eq!(s, 200, "{made}");
    assert_eq!(made["data"]["lines"][0]["made"], true);
    let (s, _) = call(&b.t, &seller, "POST", &format!("/commandes/{id}/recevoir"), Some(json!({}))).await;
    assert_eq!(s, 200);
    let (s, e) = call(&b.t, &seller, "POST", &format!("/commandes/{id}/remettre"), Some(json!({}))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("balance_due")));
    let (s, e) = call(
        &b.t,
        &seller,
        "POST",
        &format!("/commandes/{id}/paiements"),
        Some(json!({"payment": {"method": "carte", "amount": "2000"}})),
    )
    .await;
    assert_eq!(s, 422);
    assert!(e["fields"]["amount"].as_str().unwrap().contains("reste à payer"), "{e}");
    let handover =
        json!({"payment": {"method": "especes", "amount": "1500", "tendered": "1500"}, "token": "api-remise-1"});
    let (s, done) = call(&b.t, &seller, "POST", &format!("/commandes/{id}/remettre"), Some(handover)).await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["data"]["status"], "remise");
    let (s, e) =
        call(&b.t, &seller, "POST", &format!("/commandes/{id}/remettre"), Some(json!({"token": "api-remise-2"}))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("bad_state")));
    let manager = token_for(&b.t, b.manager.id).await;
    let (s, e) =
        call(&b.t, &manager, "POST", &format!("/commandes/{id}/annuler"), Some(json!({"reason": "trop tard"}))).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("bad_state")));
    let (_, account) = call(&b.t, &seller, "GET", &format!("/clients/{}", b.customer), None).await;
    assert_eq!(account["data"]["spent"], "3 000,00 DA");
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn twenty_concurrent_api_submissions_of_one_token_take_one_order() {
    let b = bakery().await;
    let token = token_for(&b.t, b.seller.id).await;
    let body = json!({"token": "api-same-token-1", "customer_id": b.customer, "due_day": "2026-11-26", "due_time": "10:00",
                      "lines": [{"product_id": b.cake, "qty": "1"}],
                      "deposit": {"method": "especes", "amount": "500", "token": "api-same-token-1-p"}});
    let calls = (0..20).map(|_| call(&b.t, &token, "POST", "/commandes", Some(body.clone())));
    let answers = futures_join(calls).await;
    assert!(answers.iter().all(|(s, _)| *s == 200), "{answers:?}");
    assert!(answers.iter().all(|(_, o)| o["data"]["number"] == "CMD-2026-00001"));
    assert_eq!(b.t.count("SELECT count(*) FROM orders").await, 1);
    assert_eq!(b.t.count("SELECT count(*) FROM order_payments").await, 1);
    b.t.assert_check_passes().await;
}

/// Runs the futures together, polling each until all are done (no extra crate needed).
async fn futures_join<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    use std::task::Poll;
    let mut futs: Vec<std::pin::Pin<Box<F>>> = futures.map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = futs.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in futs.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => out[i] = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending { Poll::Pending } else { Poll::Ready(()) }
    })
    .await;
    out.into_iter().map(|o| o.expect("every future finished")).collect()
}

/// The shared text rule holds for the new domains too (issue #12 B4): a control character in a
/// customer's name, an order's options or an employee's name is refused beside its field, nothing saved.
#[tokio::test]
async fn control_characters_are_refused_in_customers_orders_and_staff() {
    let b = bakery().await;
    let seller = token_for(&b.t, b.seller.id).await;
    let (s, e) =
        call(&b.t, &seller, "POST", "/clients", Some(json!({"name": "\u{0}Karim", "phone": "0661 11 22 33"}))).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert!(e["fields"]["name"].as_str().unwrap().contains("contrôle"), "{e}");
    let order = json!({"token": "api-ctrl-0001", "customer_id": b.customer, "due_day": "2026-11-25", "due_time": "15:00",
                       "lines": [{"product_id": b.cake, "qty": "1", "options": "Joyeux\u{7}anniversaire"}]});
    let (s, e) = call(&b.t, &seller, "POST", "/commandes", Some(order)).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert!(e["fields"]["options"].as_str().unwrap().contains("contrôle"), "{e}");
    assert_eq!(b.t.count("SELECT count(*) FROM customers").await, 1);
    assert_eq!(b.t.count("SELECT count(*) FROM orders").await, 0);
    let st = fournil::audit::Stamp::new(b.manager.actor(), &b.t.app.clock);
    let mut d = fournil::people::EmployeeDraft {
        full_name: "Ana\u{1b}".into(),
        phone: String::new(),
        cnas_number: String::new(),
        job: fournil::people::Job::Vendeuse,
        site_id: 1,
        hired_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        contract: fournil::people::Contract::Cdi,
        contract_end: None,
        salary: None,
        weekly_minutes: 2400,
        rest_days: vec![5],
        attendance: fournil::people::AttendanceMode::Clock,
        user_id: None,
        active: true,
        notes: String::new(),
    };
    let d2 = d.clone();
    let e = b.t.app.db.write(move |tx| fournil::people::ops::employees::save_employee(tx, &st, None, &d2)).await;
    assert!(matches!(&e, Err(fournil::error::AppError::Invalid(f)) if f.get("full_name").is_some()), "{e:?}");
    d.full_name = "Ana".into();
    let st = fournil::audit::Stamp::new(b.manager.actor(), &b.t.app.clock);
    b.t.app.db.write(move |tx| fournil::people::ops::employees::save_employee(tx, &st, None, &d)).await.unwrap();
    b.t.assert_check_passes().await;
}
