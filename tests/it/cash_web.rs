//! The cash pages: open by counting, move cash, close blind, read the Z, through the browser.

use poem::http::StatusCode;

use crate::support::*;

#[tokio::test]
async fn a_shift_opens_moves_and_closes_blind_through_the_pages() {
    let t = spawn_ready().await;
    let mut v = t.signed_in("amina", "vendeuse").await;
    v.get("/").await.assert_contains(" : fermée. ");
    let page = v.get("/caisse/session").await;
    page.assert_contains("Ouvrir la caisse");
    page.assert_contains("Billet 2 000 DA");
    // A bad count comes back beside its field, nothing opened.
    let bad = v.post("/caisse/ouvrir", &[("till", "1"), ("token", "open-1"), ("c_2000", "deux")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Un nombre entier");
    assert_eq!(t.count("SELECT count(*) FROM cash_shifts").await, 0);
    let form = [("till", "1"), ("token", "open-1"), ("c_2000", "1"), ("c_500", "2")];
    v.post("/caisse/ouvrir", &form).await.assert_redirect("/caisse/session?caisse=1");
    v.post("/caisse/ouvrir", &form).await.assert_redirect("/caisse/session?caisse=1"); // double tap
    assert_eq!(t.count("SELECT count(*) FROM cash_shifts").await, 1);
    let page = v.get("/caisse/session").await;
    page.assert_contains("Caisse ouverte");
    page.assert_contains("3 000,00 DA");
    v.get("/").await.assert_contains(" : ouverte par ");
    // A second opening of the same till: a 409 refusal.
    let again = v.post("/caisse/ouvrir", &[("till", "1"), ("token", "open-2"), ("c_2000", "1")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    again.assert_contains("déjà ouverte");

    v.get("/caisse/mouvements").await.assert_contains("Nouveau mouvement");
    let zero = v
        .post(
            "/caisse/mouvements",
            &[("till", "1"), ("token", "m-0"), ("purpose", "retrait_exploitant"), ("amount", "0"), ("reason", "x")],
        )
        .await;
    assert_eq!(zero.status, StatusCode::UNPROCESSABLE_ENTITY);
    zero.assert_contains("supérieur à zéro");
    let ok =
        [("till", "1"), ("token", "m-1"), ("purpose", "retrait_exploitant"), ("amount", "250"), ("reason", "Lait")];
    v.post("/caisse/mouvements", &ok).await.assert_redirect("/caisse/mouvements");
    v.get("/caisse/mouvements").await.assert_contains("Retrait de l'exploitant : Lait");
    let no_reason = v.post("/caisse/tiroir", &[("till", "1"), ("token", "ns-0"), ("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_reason.assert_contains("Indiquez le motif.");
    v.post("/caisse/tiroir", &[("till", "1"), ("token", "ns-1"), ("reason", "monnaie")])
        .await
        .assert_redirect("/caisse/session");
    // The vendeuse's X page does not show the expected cash (the close stays blind).
    let shift = t.count("SELECT id FROM cash_shifts").await;
    let x = v.get(&format!("/caisse/sessions/{shift}")).await;
    x.assert_contains("Rapport X");
    assert!(!x.body.contains("Espèces attendues"), "{}", x.body);
    assert!(!v.get("/caisse/sessions").await.body.contains("2 750,00 DA"));
    v.post(&format!("/caisse/sessions/{shift}/imprimer"), &[])
        .await
        .assert_redirect(&format!("/caisse/sessions/{shift}"));
    let x_paper = t.count("SELECT count(*) FROM print_jobs WHERE kind = 'x' AND payload NOT LIKE '%attendues%'").await;
    assert_eq!(x_paper, 1, "the vendeuse's X receipt stays blind too");
    // The gérante sees it, on the X page and in the history.
    let mut g = t.signed_in("chef", "gerante").await;
    g.get(&format!("/caisse/sessions/{shift}")).await.assert_contains("Espèces attendues");
    g.get("/caisse/sessions").await.assert_contains("2 750,00 DA");

    // The blind close: no expected amount on the form; 1 000 DA short needs a comment.
    let form = v.get("/caisse/fermer").await;
    form.assert_contains("Comptage à l'aveugle");
    assert!(!form.body.contains("2 750,00"), "the close is blind");
    // A running total of what is counted (updated as it is typed, in the page's script).
    form.assert_contains("id=\"count-total\"");
    form.assert_contains("data-cents=\"50000\"");
    let shift_s = shift.to_string();
    let short = [("shift", shift_s.as_str()), ("token", "close-1"), ("c_500", "3"), ("c_200", "1"), ("c_50", "1")];
    let refused = v.post("/caisse/fermer", &short).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("expliquez l'écart");
    // The form comes back with what was counted, totalled, and still not what was expected.
    let total = refused.body.split("id=\"count-total\"").nth(1).unwrap_or_default();
    assert!(total.split("</output>").next().unwrap_or_default().contains("1 750,00 DA"), "{}", refused.body);
    assert!(!refused.body.contains("2 750,00"), "the close is blind");
    assert_eq!(t.count("SELECT count(*) FROM cash_shifts WHERE status = 'ouverte'").await, 1);
    let mut with_comment = short.to_vec();
    with_comment.extend([("comment", "erreur de rendu"), ("next_float", "1 500")]);
    v.post("/caisse/fermer", &with_comment).await.assert_redirect(&format!("/caisse/sessions/{shift}"));
    let z = v.get(&format!("/caisse/sessions/{shift}")).await;
    z.assert_contains("Rapport Z");
    z.assert_contains("2 750,00 DA");
    z.assert_contains("1 750,00 DA");
    z.assert_contains("-1 000,00 DA");
    let twice = v.post("/caisse/fermer", &[("shift", shift_s.as_str()), ("token", "close-2"), ("c_500", "1")]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    twice.assert_contains("déjà fermée");
    v.post(&format!("/caisse/sessions/{shift}/imprimer"), &[])
        .await
        .assert_redirect(&format!("/caisse/sessions/{shift}"));
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'z'").await, 2);
    v.get("/caisse/sessions").await.assert_contains("-1 000,00 DA");
    // The handover (1 750 − 1 500 left = 250) goes to the bank; more is refused beside the field.
    let too_much = v.post("/caisse/versement", &[("amount", "300"), ("token", "dep-1")]).await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    v.post("/caisse/versement", &[("amount", "250"), ("token", "dep-1")]).await.assert_redirect("/caisse/versement");
    v.post("/caisse/versement", &[("amount", "250"), ("token", "dep-1")]).await.assert_redirect("/caisse/versement");
    assert_eq!(t.count("SELECT count(*) FROM journal_entries WHERE source_type = 'cash_transit'").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_movement_without_an_open_shift_is_refused() {
    let t = spawn_ready().await;
    let mut v = t.signed_in("amina", "vendeuse").await;
    v.get("/caisse/mouvements").await.assert_contains("Aucune caisse ouverte");
    let r = v
        .post(
            "/caisse/mouvements",
            &[("till", "1"), ("token", "m-1"), ("purpose", "apport"), ("amount", "10"), ("reason", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Aucune caisse ouverte : ouvrez la caisse d'abord.");
    assert_eq!(t.count("SELECT count(*) FROM cash_movements").await, 0);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_opens_moves_closes_and_reports_with_stable_codes() {
    use serde_json::json;
    let t = spawn_ready().await;
    let vendeuse = t.user_with_role("amina", "vendeuse").await;
    let token = token_for(&t, vendeuse).await;
    let (status, s) =
        call(&t, &token, "POST", "/caisse/sessions", Some(json!({"counts": {"2000": 1}, "token": "o-1"}))).await;
    assert_eq!(status, 200, "{s}");
    let id = s["data"]["id"].as_i64().unwrap();
    assert_eq!(s["data"]["opening_float"], "2 000,00 DA");
    assert!(s["data"]["expected"].is_null(), "blind for a vendeuse: {s}");
    let (status, e) = call(&t, &token, "POST", "/caisse/sessions", Some(json!({"amount": "100"}))).await;
    assert_eq!((status, e["code"].as_str()), (409, Some("shift_already_open")));
    let path = format!("/caisse/sessions/{id}/mouvements");
    let (status, _) =
        call(&t, &token, "POST", &path, Some(json!({"purpose": "apport", "amount": "-5", "reason": "x"}))).await;
    assert_eq!(status, 422);
    let body = json!({"purpose": "depot_banque", "amount": "500", "reason": "banque", "token": "d-1"});
    let (status, s) = call(&t, &token, "POST", &path, Some(body)).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["data"]["movements"].as_array().unwrap().len(), 1);
    let (status, x) = call(&t, &token, "GET", &format!("/caisse/sessions/{id}/x"), None).await;
    assert_eq!((status, x["data"]["kind"].as_str()), (200, Some("x")));
    assert_eq!(x["data"]["deposits"], "500,00 DA");
    let (status, e) = call(&t, &token, "GET", &format!("/caisse/sessions/{id}/z"), None).await;
    assert_eq!((status, e["code"].as_str()), (409, Some("shift_open")));
    let close = json!({"counts": {"1000": 1, "500": 1}, "token": "c-1"});
    let (status, s) = call(&t, &token, "POST", &format!("/caisse/sessions/{id}/fermer"), Some(close)).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(
        (s["data"]["expected"].as_str(), s["data"]["variance"].as_str()),
        (Some("1 500,00 DA"), Some("0,00 DA"))
    );
    let again = json!({"counts": {"1000": 1}, "token": "c-2"});
    let (status, e) = call(&t, &token, "POST", &format!("/caisse/sessions/{id}/fermer"), Some(again)).await;
    assert_eq!((status, e["code"].as_str()), (409, Some("shift_already_closed")));
    let (status, e) =
        call(&t, &token, "POST", &path, Some(json!({"purpose": "apport", "amount": "5", "reason": "x"}))).await;
    assert_eq!((status, e["code"].as_str()), (409, Some("shift_closed")));
    let (status, z) = call(&t, &token, "GET", &format!("/caisse/sessions/{id}/z"), None).await;
    assert_eq!((status, z["data"]["counted"].as_str()), (200, Some("1 500,00 DA")));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_tablet_chooses_its_till_and_keeps_it() {
    let t = spawn_ready().await;
    t.app
        .db
        .write(|tx| {
            tx.execute("INSERT INTO tills (id, name, location_id) VALUES (2, 'Caisse 2', 3)", [])?;
            Ok(())
        })
        .await
        .unwrap();
    let mut v = t.signed_in("amina", "vendeuse").await;
    let first = v.get("/caisse/session").await;
    first.assert_contains("Caisse — Caisse 1");
    first.assert_contains("/caisse/session?caisse=2");
    v.get("/caisse/session?caisse=2").await.assert_contains("Caisse — Caisse 2");
    assert_eq!(v.cookies.get(fournil::cash::TILL_COOKIE).map(String::as_str), Some("2"));
    v.get("/caisse/fermer").await.assert_contains("Fermer la caisse — Caisse 2");
    v.post("/caisse/ouvrir", &[("till", "2"), ("token", "o-2"), ("c_1000", "1")])
        .await
        .assert_redirect("/caisse/session?caisse=2");
    // Till 1 stays closed: a movement there is refused; till 2 takes it.
    let r = v
        .post(
            "/caisse/mouvements",
            &[("till", "1"), ("token", "m-1"), ("purpose", "apport"), ("amount", "5"), ("reason", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let ok = [("till", "2"), ("token", "m-2"), ("purpose", "apport"), ("amount", "5"), ("reason", "x")];
    v.post("/caisse/mouvements", &ok).await.assert_redirect("/caisse/mouvements");
    t.assert_check_passes().await;
}

/// A supplier paid in cash from a tablet: the money leaves that tablet's drawer.
#[tokio::test]
async fn a_cash_supplier_payment_leaves_the_tablets_drawer() {
    use fournil::catalog::{Kind, Unit};
    use fournil::money::Money;
    let t = spawn_ready().await;
    t.app
        .db
        .write(|tx| {
            tx.execute("INSERT INTO tills (id, name, location_id) VALUES (2, 'Caisse 2', 3)", [])?;
            Ok(())
        })
        .await
        .unwrap();
    let s = t.given().supplier("Moulins").await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let id = t.given().purchase(s).line(farine, 10_000, "60").received().await;
    t.given().shift().float(Money::from_da(1_000_000)).await;
    let mut admin = t.admin().await;
    admin.get("/caisse/session?caisse=2").await;
    admin.post("/caisse/ouvrir", &[("till", "2"), ("token", "o-2"), ("c_1000", "1")]).await;
    let to = format!("/achats/{id}");
    admin.get(&to).await;
    admin
        .post(&format!("{to}/payer"), &[("amount", "100"), ("method", "especes")])
        .await
        .assert_redirect(&format!("{to}?ok=paiement"));
    let till = t
        .count("SELECT s.till_id FROM cash_movements m JOIN cash_shifts s ON s.id = m.shift_id WHERE m.kind = 'paiement_fournisseur'")
        .await;
    assert_eq!(till, 2);
    t.assert_check_passes().await;
}
