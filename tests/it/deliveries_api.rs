//! Deliveries through the JSON API: the gérante sets up a zone and a deliveryman and sends a run
//! out; the till settles it and takes the deliveryman's payment; refusals are typed and beside
//! their field.

use fournil::deliveries::Outcome;
use fournil::people::AttendanceMode;
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

/// Issue #14 items 1 and 6: a deliveryman linked to an employee through the API (an unknown one
/// refused beside `employee_id`, nothing saved); a run read on its own, before and after its
/// settlement, with its stops (each answer validated against the OpenAPI document by `call`).
#[tokio::test]
async fn a_run_is_read_on_its_own_and_a_deliveryman_links_to_his_employee() {
    let r = rounds().await;
    let (boss, till) = (token_for(&r.b.t, r.b.manager.id).await, token_for(&r.b.t, r.b.seller.id).await);
    let staff = crate::payroll::employee(&r.b.t, "Walid Mansouri", 40_000, AttendanceMode::Clock).await;
    let man = |employee: i64, token: &str| json!({"name": "Walid", "phone": "0555 34 34 34", "kind": "personnel", "employee_id": employee, "token": token});
    let before = r.b.t.count("SELECT count(*) FROM deliverymen").await;
    let (s, e) = call(&r.b.t, &boss, "POST", "/livraisons/livreurs", Some(man(999_999, "api-lien-01"))).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert_eq!(e["fields"]["employee_id"], "Employé inconnu.", "{e}");
    assert_eq!(r.b.t.count("SELECT count(*) FROM deliverymen").await, before);
    let (s, m) = call(&r.b.t, &boss, "POST", "/livraisons/livreurs", Some(man(staff, "api-lien-02"))).await;
    assert_eq!((s, m["data"]["employee_id"].as_i64()), (200, Some(staff)), "{m}");
    let (_, all) = call(&r.b.t, &boss, "GET", "/livraisons/livreurs", None).await;
    let walid = all["data"].as_array().unwrap().iter().find(|d| d["name"] == "Walid").unwrap().clone();
    assert_eq!(walid["employee_id"].as_i64(), Some(staff));
    assert_eq!(r.b.t.count("SELECT employee_id FROM deliverymen WHERE name = 'Walid'").await, staff);

    let (one, two) = (r.ready("api-lecture-1", 1, None).await, r.ready("api-lecture-2", 2, Some(1_000)).await);
    let run = r.assign(r.karim, vec![one, two], "api-lecture-t").await.unwrap();
    let url = format!("/livraisons/tournees/{run}");
    let (s, out) = call(&r.b.t, &till, "GET", &url, None).await;
    assert_eq!(s, 200, "{out}");
    let d = &out["data"];
    assert_eq!(
        (d["id"].as_i64(), d["deliveryman"].as_str(), d["status"].as_str()),
        (Some(run), Some("Karim"), Some("en_cours"))
    );
    assert_eq!(d["expected"], serde_json::Value::Null);
    let stops = d["stops"].as_array().unwrap();
    let orders: Vec<_> = stops.iter().map(|s| s["order_id"].as_i64().unwrap()).collect();
    assert_eq!(orders, vec![one, two]);
    assert_eq!((stops[0]["position"].as_i64(), stops[0]["to_collect"].as_str()), (Some(1), Some("1 800,00 DA")));
    assert_eq!(stops[1]["to_collect"], "2 300,00 DA");
    assert!(stops.iter().all(|s| s["outcome"].is_null() && s["address"] == "5 rue des Pins, Hydra"));
    // Settled: read again, its outcomes and cash.
    r.settle(run, &[Outcome::Delivered, Outcome::Refused], 1_500, "api-lecture-r").await.unwrap();
    let (s, out) = call(&r.b.t, &till, "GET", &url, None).await;
    assert_eq!((s, out["data"]["status"].as_str()), (200, Some("reglee")), "{out}");
    let outcomes: Vec<_> = out["data"]["stops"].as_array().unwrap().iter().map(|s| s["outcome"].clone()).collect();
    assert_eq!(outcomes, vec![json!("livree"), json!("refusee")]);
    assert_eq!(out["data"]["counted"], "1 500,00 DA");
    let (s, e) = call(&r.b.t, &till, "GET", "/livraisons/tournees/999999", None).await;
    assert_eq!(s, 404, "{e}");
    r.b.t.assert_check_passes().await;
}
