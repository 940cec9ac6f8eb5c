//! The catalogue through the JSON API: the same rules as the pages, the same costing.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn mhadjeb_through_the_api_costs_7_10_then_7_50() {
    let t = spawn_ready().await;
    let token = token_for(&t, 1).await;
    let mut ids = Vec::new();
    for (name, cost) in [("Farine", "50"), ("Margarine", "100"), ("Sel", "20")] {
        let (s, v) = call(
            &t,
            &token,
            "POST",
            "/produits",
            Some(json!({"name": name, "kind": "ingredient", "unit": "g", "ref_cost": cost})),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        ids.push(v["data"]["id"].as_i64().unwrap());
    }
    let (_, v) = call(
        &t,
        &token,
        "POST",
        "/produits",
        Some(json!({"name": "Mhadjeb", "kind": "fini", "unit": "piece", "sale_price": "30"})),
    )
    .await;
    let mhadjeb = v["data"]["id"].as_i64().unwrap();
    let recipe = json!({"yield": "10 pièces", "location_id": 2, "lines": [
        {"ingredient_id": ids[0], "qty": "1 kg"}, {"ingredient_id": ids[1], "qty": "200 g"}, {"ingredient_id": ids[2], "qty": "50 g"}]});
    let (s, v) = call(&t, &token, "PUT", &format!("/produits/{mhadjeb}/recette"), Some(recipe)).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["data"]["yield"], "10 pièces");
    let (_, cost) = call(&t, &token, "GET", &format!("/produits/{mhadjeb}/cout"), None).await;
    assert_eq!(cost["data"]["batch_cost"], "71,00 DA");
    assert_eq!(cost["data"]["unit_cost"], "7,10 DA");
    assert_eq!(cost["data"]["margin"], "22,90 DA");
    assert_eq!(cost["data"]["lines"][1]["cost"], "20,00 DA");
    // Margarine from 0,10 to 0,12 DA/g: 75 DA → 7,50 DA per piece.
    let (s, _) = call(
        &t,
        &token,
        "PUT",
        &format!("/produits/{}", ids[1]),
        Some(json!({"name": "Margarine", "kind": "ingredient", "unit": "g", "ref_cost": "120"})),
    )
    .await;
    assert_eq!(s, 200);
    let (_, cost) = call(&t, &token, "GET", &format!("/produits/{mhadjeb}/cout"), None).await;
    assert_eq!(cost["data"]["batch_cost"], "75,00 DA");
    assert_eq!(cost["data"]["unit_cost"], "7,50 DA");
    // The page computes the same figure: one costing function.
    let mut admin = t.admin().await;
    admin.get(&format!("/catalogue/produits/{mhadjeb}")).await.assert_contains("7,50 DA");
}

#[tokio::test]
async fn the_api_refuses_what_the_pages_refuse_and_hides_what_the_role_may_not_see() {
    let t = spawn_ready().await;
    let token = token_for(&t, 1).await;
    let (s, v) = call(
        &t,
        &token,
        "POST",
        "/produits",
        Some(json!({"name": "Baghrir", "kind": "fini", "unit": "piece", "sale_price": "-40"})),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(v["fields"]["sale_price"], "Le nombre ne peut pas être négatif.");
    let (_, v) =
        call(&t, &token, "POST", "/produits", Some(json!({"name": "Crème", "kind": "semi_fini", "unit": "g"}))).await;
    let creme = v["data"]["id"].as_i64().unwrap();
    let (s, v) = call(
        &t,
        &token,
        "PUT",
        &format!("/produits/{creme}/recette"),
        Some(json!({"yield": "1 kg", "location_id": 3, "lines": [{"ingredient_id": creme, "qty": "10 g"}]})),
    )
    .await;
    assert_eq!(s, 422);
    assert!(v["fields"]["location_id"].as_str().unwrap().contains("jamais au comptoir"), "{v}");
    assert!(v["fields"]["line-0-ingredient"].as_str().unwrap().contains("sa propre recette"), "{v}");
    let (_, v) = call(
        &t,
        &token,
        "POST",
        "/produits",
        Some(json!({"name": "Eau", "kind": "revente", "unit": "piece", "sale_price": "50", "ref_cost": "30"})),
    )
    .await;
    let eau = v["data"]["id"].as_i64().unwrap();
    // Production reads the catalogue without any price or cost.
    let labo = t.user_with_role("labo", "production").await;
    let labo_token = token_for(&t, labo).await;
    let (s, v) = call(&t, &labo_token, "GET", &format!("/produits/{eau}"), None).await;
    assert_eq!(s, 200);
    assert!(v["data"]["sale_price"].is_null() && v["data"]["ref_cost"].is_null(), "{v}");
    let (s, _) = call(&t, &labo_token, "GET", &format!("/produits/{eau}/cout"), None).await;
    assert_eq!(s, 403);
    let (s, _) = call(&t, &labo_token, "POST", "/categories", Some(json!({"name": "Pirates"}))).await;
    assert_eq!(s, 403);
    // Suppliers and categories follow the page rules too.
    let (s, v) =
        call(&t, &token, "POST", "/fournisseurs", Some(json!({"name": "Moulins de Blida", "nif": "0001x"}))).await;
    assert_eq!(s, 422);
    assert_eq!(v["fields"]["nif"], "Le NIF ne contient que des chiffres.");
    let (s, _) = call(&t, &token, "POST", "/categories", Some(json!({"name": "Boissons"}))).await;
    assert_eq!(s, 200);
    let (s, v) = call(&t, &token, "POST", "/categories", Some(json!({"name": "boissons"}))).await;
    assert_eq!(s, 422, "{v}");
}
