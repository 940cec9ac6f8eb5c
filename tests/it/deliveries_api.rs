//! Deliveries through the JSON API: the gérante sets up a zone and a deliveryman and sends a run
//! out; the till settles it and takes the deliveryman's payment; refusals are typed and beside
//! their field.

use serde_json::json;

use crate::deliveries::rounds;
use crate::support::{call, token_for};

#[tokio::test]
async fn a_run_lives_through_the_api_and_refusals_are_typed() {
    let r = rounds().await;
    let (boss, till) = (token_for(&r.b.t, r.b.manager.id).await, token_for(&r.b.t, r.b.seller.id).await);
    let (s, z) = call(&r.b.t, &boss, "POST", "/livraisons/zones", Some(json!({"name": "Kouba", "fee": "200"}))).await;
    assert_eq!(s, 200, "{z}");
    let (s, e) =
        call(&r.b.t, &till, "POST", "/livraisons/zones", Some(json!({"name": "Bab Ezzouar", "fee": "200"}))).await;
    assert_eq!(s, 403, "{e}");
    let man = json!({"name": "Yacine", "phone": "0555 12 12 12", "kind": "personnel", "token": "api-livreur-01"});
    let (s, m) = call(&r.b.t, &boss, "POST", "/livraisons/livreurs", Some(man)).await;
    assert_eq!(s, 200, "{m}");
    let man_id = m["data"]["id"].as_i64().unwrap();
    let order = r.ready("api-1", 1, Some(500)).await;
    let (s, d) =
        call(&r.b.t, &till, "PUT", &format!("/commandes/{order}/livraison"), Some(json!({"zone_id": z["data"]["id"]})))
            .await;
    assert_eq!((s, d["data"]["fee"].as_str()), (200, Some("200,00 DA")), "{d}");
    let body = json!({"deliveryman_id": man_id, "order_ids": [order], "token": "api-tournee-01"});
    let (s, run) = call(&r.b.t, &boss, "POST", "/livraisons/tournees", Some(body)).await;
    assert_eq!(s, 200, "{run}");
    assert_eq!(run["data"]["stops"][0]["to_collect"], "1 200,00 DA");
    let (run_id, stop) = (run["data"]["id"].as_i64().unwrap(), run["data"]["stops"][0]["id"].as_i64().unwrap());
    let url = format!("/livraisons/tournees/{run_id}/regler");
    let bad = json!({"stops": [{"stop_id": stop, "outcome": "livree"}], "counted": "mille"});
    let (s, e) = call(&r.b.t, &till, "POST", &url, Some(bad)).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert!(e["fields"]["counted"].as_str().unwrap().contains("Montant invalide"));
    let good =
        json!({"stops": [{"stop_id": stop, "outcome": "livree"}], "counted": "900", "token": "api-reglement-01"});
    let (s, done) = call(&r.b.t, &till, "POST", &url, Some(good)).await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["data"]["difference"], "-100,00 DA");
    let again =
        json!({"stops": [{"stop_id": stop, "outcome": "livree"}], "counted": "1000", "token": "api-reglement-02"});
    let (s, e) = call(&r.b.t, &till, "POST", &url, Some(again)).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("already_settled")), "{e}");
    let (_, debts) = call(&r.b.t, &till, "GET", "/livraisons/dettes", None).await;
    let mine = debts["data"].as_array().unwrap().iter().find(|d| d["deliveryman_id"] == man_id).unwrap().clone();
    assert_eq!(mine["owed"], "100,00 DA");
    let pay = format!("/livraisons/livreurs/{man_id}/paiements");
    let (s, e) = call(&r.b.t, &till, "POST", &pay, Some(json!({"amount": "150"}))).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    let (s, p) = call(&r.b.t, &till, "POST", &pay, Some(json!({"amount": "100", "token": "api-paiement-01"}))).await;
    assert_eq!((s, p["data"]["owed"].as_str()), (200, Some("0,00 DA")), "{p}");
    r.b.t.assert_check_passes().await;
}

/// A delivery sold at the till through the API: the order ready at once, on the runs board; a
/// retry of the same token gives the same order; a fee above the cap is refused beside its field.
#[tokio::test]
async fn a_delivery_is_sold_at_the_till_through_the_api() {
    let r = rounds().await;
    let till = token_for(&r.b.t, r.b.seller.id).await;
    let body = |token: &str, fee: &str| {
        json!({"token": token, "lines": [{"product_id": r.b.juice, "qty": "2"}], "name": "Nadia Kaci",
               "phone": "0661 22 33 44", "address": "8 chemin Macklay, Hydra", "zone_id": r.zone, "fee": fee,
               "deposit": "100"})
    };
    let (s, e) = call(&r.b.t, &till, "POST", "/livraisons/ventes", Some(body("api-vente-01", "900"))).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert!(e["fields"]["fee"].as_str().unwrap().contains("au-delà du plafond"), "{e}");
    let (s, sold) = call(&r.b.t, &till, "POST", "/livraisons/ventes", Some(body("api-vente-02", ""))).await;
    assert_eq!(s, 200, "{sold}");
    assert_eq!(
        (sold["data"]["paid"].as_str(), sold["data"]["to_collect"].as_str()),
        (Some("100,00 DA"), Some("500,00 DA"))
    );
    let (_, again) = call(&r.b.t, &till, "POST", "/livraisons/ventes", Some(body("api-vente-02", ""))).await;
    assert_eq!(again["data"]["order_id"], sold["data"]["order_id"]);
    assert_eq!(r.b.t.count("SELECT count(*) FROM orders WHERE status = 'prete'").await, 1);
    r.b.t.assert_check_passes().await;
}
