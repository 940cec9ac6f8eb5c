//! The orders' pages, as the shop and the lab use them: an order taken from the back office with
//! a deposit, made from the lab board, received and handed over with the balance; customers;
//! refusals beside their field; the lab never sees a price.

use poem::http::StatusCode;

use crate::orders::bakery;
use crate::support::*;

fn form<'a>(pairs: &'a [(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    pairs.to_vec()
}

#[tokio::test]
async fn an_order_goes_from_the_back_office_to_the_lab_and_back_to_the_customer() {
    let b = bakery().await;
    let mut shop = b.t.browser();
    shop.login("amina", PASSWORD).await.assert_redirect("/");
    let new = shop.get("/commandes/nouvelle").await;
    assert_eq!(new.status, StatusCode::OK);
    new.assert_contains("Nouvelle commande");
    // Find the customer, add the cake: the form is drawn again with both.
    let found = shop.get("/commandes/clients?customer_q=0551").await;
    found.assert_contains("Lina Benali");
    let cake = b.cake.to_string();
    let customer = b.customer.to_string();
    let drawn = shop.post("/commandes/formulaire", &form(&[("pick", &customer), ("add", &cake)])).await;
    drawn.assert_contains("Fraisier");
    drawn.assert_contains("Lina Benali");
    let order = [
        ("token", "web-order-000001"),
        ("customer_id", customer.as_str()),
        ("line_id", ""),
        ("product_id", cake.as_str()),
        ("qty", "2"),
        ("options", "Joyeux anniversaire Lina"),
        ("price", ""),
        ("service", "retrait"),
        ("due_day", "2026-11-25"),
        ("due_time", "15:00"),
        ("notes", ""),
        ("method", "especes"),
        ("amount", "1500"),
        ("tendered", "2000"),
        ("pay_token", "web-order-000001-p"),
    ];
    shop.post("/commandes/nouvelle", &order).await.assert_redirect("/commandes/1?ok=commande");
    let page = shop.get("/commandes/1").await;
    page.assert_contains("CMD-2026-00001");
    page.assert_contains("500,00 DA");
    shop.get("/commandes/jour").await.assert_contains("CMD-2026-00001");
    shop.get("/clients/1").await.assert_contains("CMD-2026-00001");
    shop.get("/").await.assert_contains("Commandes pour demain (1)");

    // The lab sees it without a price and marks it made.
    let mut lab = b.t.signed_in("karim", "production").await;
    let board = lab.get("/labo").await;
    board.assert_contains("Joyeux anniversaire Lina");
    assert!(!board.body.contains(" DA"), "no price on the lab board");
    let plan = lab.get("/production/plan?jour=2026-11-25").await;
    plan.assert_contains("Fraisier");
    assert!(!plan.body.contains(" DA"), "no price on the plan");
    lab.get("/production/plan/feuille?jour=2026-11-25").await.assert_contains("Joyeux anniversaire Lina");
    lab.post("/labo/commandes/1/fait", &[]).await.assert_redirect("/labo?ok=commande-fabriquee");
    assert_eq!(lab.get("/commandes/1").await.status, StatusCode::FORBIDDEN, "the lab does not open orders");

    // The shop receives it and hands it over, taking the balance in cash.
    shop.post("/commandes/1/recevoir", &[("retour", "jour")])
        .await
        .assert_redirect("/commandes/jour?ok=commande-recue");
    shop.get("/commandes/rendu?amount=1500&tendered=2000").await.assert_contains("Rendu : 500,00 DA");
    let handover = [
        ("method", "especes"),
        ("amount", "1500"),
        ("tendered", "2000"),
        ("pay_token", "web-solde-1"),
        ("token", "web-remise-1"),
    ];
    shop.post("/commandes/1/remettre", &handover).await.assert_redirect("/commandes/1?ok=commande-remise");
    let done = shop.get("/commandes/1").await;
    done.assert_contains("Remise le");
    shop.get("/commandes/1/bon").await.assert_contains("REMISE DE COMMANDE");
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn bad_input_comes_back_beside_its_field_and_saves_nothing() {
    let b = bakery().await;
    let mut shop = b.t.browser();
    shop.login("amina", PASSWORD).await.assert_redirect("/");
    shop.get("/commandes/nouvelle").await;
    let cake = b.cake.to_string();
    let customer = b.customer.to_string();
    let past = [
        ("token", "web-bad-000001"),
        ("customer_id", customer.as_str()),
        ("line_id", ""),
        ("product_id", cake.as_str()),
        ("qty", "0"),
        ("options", ""),
        ("price", ""),
        ("service", "retrait"),
        ("due_day", "2026-11-20"),
        ("due_time", "10:00"),
        ("method", "especes"),
        ("amount", ""),
    ];
    let page = shop.post("/commandes/nouvelle", &past).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("déjà passée");
    page.assert_contains("positive");
    shop.get("/clients/nouveau").await;
    let twin =
        shop.post("/clients/nouveau", &[("name", "Lina"), ("phone", "+213551234567"), ("token", "web-client-1")]).await;
    assert_eq!(twin.status, StatusCode::UNPROCESSABLE_ENTITY);
    twin.assert_contains("Lina Benali");
    let bad = shop.post("/clients/nouveau", &[("name", "Karim"), ("phone", "12345"), ("token", "web-client-2")]).await;
    bad.assert_contains("mobile");
    // Quick-create from the order form: the new customer comes back chosen.
    let quick =
        shop.post("/commandes/client-rapide", &[("new_name", "Karim Haddad"), ("new_phone", "0661 11 22 33")]).await;
    quick.assert_contains("Karim Haddad");
    quick.assert_contains("name=\"customer_id\" value=\"2\"");
    assert_eq!(b.t.count("SELECT count(*) FROM orders").await, 0);
    assert_eq!(b.t.count("SELECT count(*) FROM customers").await, 2);
    let list = shop.get("/clients?q=0661").await;
    list.assert_contains("Karim Haddad");
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn the_gerante_sets_the_counter_targets_and_the_plan_counts_them() {
    let b = bakery().await;
    let mut g = b.t.browser();
    g.login("samia", PASSWORD).await.assert_redirect("/");
    // 24 November 2026 is a Tuesday (weekday 2).
    g.get("/production/objectifs?jour=2").await.assert_contains("Objectifs du comptoir : le mardi");
    let cake = b.cake.to_string();
    g.post("/production/objectifs", &[("weekday", "2"), ("product_id", &cake), ("qty", "6")])
        .await
        .assert_redirect("/production/objectifs?jour=2&ok=objectifs");
    let plan = g.get("/production/plan?jour=2026-11-24").await;
    plan.assert_contains("Fraisier");
    plan.assert_contains("6 pièces");
    // The lab makes them for the counter from its board.
    let board = g.get("/labo").await;
    board.assert_contains("Pour le comptoir");
    g.post("/labo/comptoir", &[("product_id", &cake), ("qty", "6"), ("token", "counter-made-1")])
        .await
        .assert_redirect("/labo?ok=production");
    assert_eq!(b.held(b.cake, COUNTER).await.0, fournil::money::Qty::whole(6));
    b.t.assert_check_passes().await;
}
