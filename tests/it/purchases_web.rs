//! Purchase pages: the form, the detail with its actions, the statement and the ageing.

use fournil::catalog::{Kind, Unit};

use crate::support::*;

#[tokio::test]
async fn a_purchase_goes_from_the_form_to_received_and_paid_through_the_pages() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine T55").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let mut admin = t.admin().await;
    admin.get("/fournisseurs/nouveau").await;
    let r = admin.post("/fournisseurs/nouveau", &[("name", "Moulins du Sud"), ("payment_days", "30")]).await;
    let supplier = r.location().unwrap().trim_start_matches("/fournisseurs/").split('?').next().unwrap().to_string();
    admin.get(&format!("/catalogue/produits/{farine}")).await;
    admin
        .post(
            &format!("/catalogue/produits/{farine}/conditionnements"),
            &[("pack_name", "Sac 25 kg"), ("pack_content", "25 kg")],
        )
        .await;
    let form = admin.get(&format!("/achats/nouveau?fournisseur={supplier}")).await;
    form.assert_contains("Farine T55 — Sac 25 kg");
    form.assert_contains(&format!("<option value=\"{supplier}\" selected>Moulins du Sud</option>"));
    let pack = t.count("SELECT max(id) FROM product_packs").await;
    let item = format!("{farine}:{pack}");
    // A bad line: the message beside the field, status 422, nothing saved.
    let bad = admin
        .post(
            "/achats/nouveau",
            &[
                ("supplier_id", &supplier),
                ("day", "2026-11-24"),
                ("item", &item),
                ("count", "0"),
                ("price", "1500"),
                ("location_id", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("supérieure à zéro");
    assert_eq!(t.count("SELECT count(*) FROM purchases").await, 0);
    let r = admin
        .post(
            "/achats/nouveau",
            &[
                ("supplier_id", &supplier),
                ("day", "2026-11-24"),
                ("item", &item),
                ("count", "2"),
                ("price", "1 500"),
                ("location_id", ""),
            ],
        )
        .await;
    let to = r.location().unwrap().split('?').next().unwrap().to_string();
    let page = admin.get(&to).await;
    page.assert_contains("3 000,00 DA");
    page.assert_contains("Brouillon");
    // Paying a draft is a business refusal (409).
    let refused = admin.post(&format!("{to}/payer"), &[("amount", "100"), ("method", "especes")]).await;
    assert_eq!(refused.status, 409);
    admin.post(&format!("{to}/recevoir"), &[]).await.assert_redirect(&format!("{to}?ok=achat-recu"));
    let page = admin.get(&to).await;
    page.assert_contains("Achat reçu");
    page.assert_contains("50 kg");
    let too_much = admin.post(&format!("{to}/payer"), &[("amount", "3 000,01"), ("method", "banque")]).await;
    assert_eq!(too_much.status, 422);
    too_much.assert_contains("Il ne reste que 3 000,00 DA à payer");
    // Cash leaves a drawer: none open, refused; once open, paid.
    let closed = admin.post(&format!("{to}/payer"), &[("amount", "1 000"), ("method", "especes")]).await;
    assert_eq!(closed.status, 409);
    closed.assert_contains("Aucune caisse ouverte");
    t.given().shift().float(fournil::money::Money::from_da(1_000_000)).await;
    admin.post(&format!("{to}/payer"), &[("amount", "1 000"), ("method", "especes")]).await;
    // A supplier return: more than received comes back beside the field; 5 kg go back at the PMP.
    let line = t.count("SELECT max(id) FROM purchase_lines").await.to_string();
    let bad = admin.post(&format!("{to}/retour"), &[("line_id", &line), ("qty", "60 kg")]).await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Au plus 50 kg");
    admin.post(&format!("{to}/retour"), &[("line_id", &line), ("qty", "5 kg"), ("return_reason", "humide")]).await;
    let statement = admin.get(&format!("/fournisseurs/{supplier}/releve")).await;
    statement.assert_contains("Retour fournisseur");
    statement.assert_contains("Solde dû : <strong><span class=\"money\">1 700,00 DA</span>");
    let ageing = admin.get("/achats/echeances").await;
    ageing.assert_contains("Moulins du Sud");
    let list = admin.get("/achats?statut=recu").await;
    list.assert_contains("ACH-2026-00001");
    // Cancelling while paid: refused with the reason.
    let refused = admin.post(&format!("{to}/annuler"), &[("reason", "erreur")]).await;
    assert_eq!(refused.status, 409);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_creates_receives_pays_and_cancels_with_the_same_rules() {
    use serde_json::json;
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let token = token_for(&t, 1).await;
    let (_, s) = call(&t, &token, "POST", "/fournisseurs", Some(json!({"name": "Moulins"}))).await;
    let supplier = s["data"]["id"].as_i64().unwrap();
    let body = json!({"supplier_id": supplier, "day": "2026-11-24", "lines": [{"product_id": farine, "count": "10 kg", "price": "60"}]});
    let (status, p) = call(&t, &token, "POST", "/achats", Some(body)).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["data"]["status"], "brouillon");
    assert_eq!(p["data"]["total"], "600,00 DA");
    let id = p["data"]["id"].as_i64().unwrap();
    let bad = json!({"supplier_id": supplier, "lines": [{"product_id": farine, "count": "0", "price": "60"}]});
    let (status, _) = call(&t, &token, "POST", "/achats", Some(bad)).await;
    assert_eq!(status, 422);
    let (status, _) = call(
        &t,
        &token,
        "POST",
        &format!("/achats/{id}/paiements"),
        Some(json!({"amount": "10", "method": "especes"})),
    )
    .await;
    assert_eq!(status, 409, "a draft is not paid");
    let (status, p) = call(&t, &token, "POST", &format!("/achats/{id}/recevoir"), None).await;
    assert_eq!((status, p["data"]["status"].as_str()), (200, Some("recu")));
    let (status, _) = call(
        &t,
        &token,
        "POST",
        &format!("/achats/{id}/paiements"),
        Some(json!({"amount": "600,01", "method": "banque"})),
    )
    .await;
    assert_eq!(status, 422);
    let (_, p) = call(
        &t,
        &token,
        "POST",
        &format!("/achats/{id}/paiements"),
        Some(json!({"amount": "200", "method": "cheque"})),
    )
    .await;
    assert_eq!(p["data"]["owed"], "400,00 DA");
    let (status, _) = call(&t, &token, "POST", &format!("/achats/{id}/annuler"), Some(json!({}))).await;
    assert_eq!(status, 409, "paid: payments first");
    let (_, list) = call(&t, &token, "GET", "/achats?statut=recu", None).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let (_, one) = call(&t, &token, "GET", &format!("/achats/{id}"), None).await;
    assert_eq!(one["data"]["lines"][0]["base_qty"], "10 kg");
    t.assert_check_passes().await;
}
