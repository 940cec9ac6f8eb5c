//! B2B through the JSON API (issue #15, item 7): a customer created, an order taken, its note's
//! return recorded, the note invoiced, a credit note, a partial payment (once for a replayed
//! token, never above what is open) and the statement; the pages' messages beside the same
//! fields, nothing saved on a refusal.

use fournil::b2b::ops::notes::ShipDraft;
use serde_json::{Value, json};

use crate::b2b::{NIF, NIS};
use crate::b2b_invoices::shop_identity;
use crate::support::*;

fn customer(nif: &str, token: &str) -> Value {
    json!({"name": "Hôtel El Djazaïr", "legal_form": "SPA", "address": "24 avenue Souidani Boudjemaa, Alger",
           "nif": nif, "nis": NIS, "rc": "16/00-0012345 B 99", "terms": "30j", "credit_limit": "50 000",
           "token": token})
}

#[tokio::test]
async fn b2b_lives_through_the_api_and_refusals_are_beside_their_field() {
    let (t, amina, croissant) = shop().await;
    shop_identity(&t).await;
    let boss = token_for(&t, t.user_with_role("samia", "gerante").await).await;
    let seller = token_for(&t, amina.id).await;
    let (s, _) = call(&t, &seller, "GET", "/b2b/clients", None).await;
    assert_eq!(s, 403);
    // A NIF of the wrong length: beside the field, nothing saved.
    let (s, e) = call(&t, &boss, "POST", "/b2b/clients", Some(customer("12345", "api-client-1"))).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert_eq!(e["fields"]["nif"], "Le NIF a 15 chiffres, pas 5.");
    assert_eq!(t.count("SELECT count(*) FROM b2b_customers").await, 0);
    let (s, c) = call(&t, &boss, "POST", "/b2b/clients", Some(customer(NIF, "api-client-2"))).await;
    assert_eq!((s, c["data"]["account"].as_str()), (200, Some("4110001")), "{c}");
    let (_, all) = call(&t, &boss, "GET", "/b2b/clients", None).await;
    assert_eq!(all["data"][0]["credit_limit"], "50 000,00 DA");
    let (s, lists) = call(&t, &boss, "GET", "/b2b/prix", None).await;
    assert_eq!((s, lists["data"].as_array().map(Vec::len)), (200, Some(0)));

    // An order for an unknown customer, then 6 croissants for today.
    let order = |customer: i64, token: &str| {
        json!({"customer_id": customer, "delivery_day": "2026-11-24", "token": token,
               "lines": [{"product_id": croissant, "qty": "6"}]})
    };
    let (s, e) = call(&t, &boss, "POST", "/b2b/commandes", Some(order(9, "api-cmd-1"))).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert!(e["fields"]["customer_id"].as_str().is_some(), "{e}");
    let (s, o) = call(&t, &boss, "POST", "/b2b/commandes", Some(order(1, "api-cmd-2"))).await;
    assert_eq!((s, o["data"]["total"].as_str()), (200, Some("240,00 DA")), "{o}");
    let (_, listed) = call(&t, &boss, "GET", "/b2b/commandes", None).await;
    assert_eq!(listed["data"][0]["number"], o["data"]["number"]);
    let order_id = o["data"]["id"].as_i64().unwrap();
    t.app
        .db
        .write(move |tx| {
            fournil::b2b::ops::notes::ship(tx, &system_at(NOW), order_id, &ShipDraft { shipped: vec![], token: None })
        })
        .await
        .unwrap();

    // The note, its return (2 back, 1 of them thrown away): 4 delivered.
    let (_, notes) = call(&t, &boss, "GET", "/b2b/bons?client=1", None).await;
    assert_eq!(notes["data"][0]["status"], "sorti", "{notes}");
    let (s, e) =
        call(&t, &boss, "POST", "/b2b/factures", Some(json!({"customer_id": 1, "kind": "facture", "note_ids": [1]})))
            .await;
    assert_eq!(s, 422, "an undelivered note is not invoiced: {e}");
    let back = json!({"lines": [{"position": 1, "returned": "2", "wasted": "1"}]});
    let (s, n) = call(&t, &boss, "POST", "/b2b/bons/1/retour", Some(back)).await;
    assert_eq!((s, n["data"]["lines"][0]["delivered"].as_str()), (200, Some("4")), "{n}");
    let (_, n) = call(&t, &boss, "GET", "/b2b/bons/1", None).await;
    assert_eq!(n["data"]["status"], "livre");

    // Invoiced (160 DA), 1 croissant credited (40 DA): 120 DA open.
    let invoice = json!({"customer_id": 1, "kind": "facture", "note_ids": [1], "token": "api-fac-1"});
    let (s, f) = call(&t, &boss, "POST", "/b2b/factures", Some(invoice)).await;
    assert_eq!((s, f["data"]["number"].as_str()), (200, Some("FAC-2026-00001")), "{f}");
    assert_eq!(f["data"]["total_ttc"], "160,00 DA");
    assert_eq!(f["data"]["lines"][0]["section"], "Livraison du 24/11/2026 (BL-2026-00001)");
    let credit = json!({"reason": "Croissant abîmé", "lines": [{"position": 1, "qty": "1", "unit_price": "40"}],
                        "token": "api-avf-1"});
    let (s, a) = call(&t, &boss, "POST", "/b2b/factures/1/avoir", Some(credit)).await;
    assert_eq!((s, a["data"]["number"].as_str()), (200, Some("AVF-2026-00001")), "{a}");
    let (_, f) = call(&t, &boss, "GET", "/b2b/factures/1", None).await;
    assert_eq!(
        (f["data"]["open"].as_str(), &f["data"]["credit_notes"][0]),
        (Some("120,00 DA"), &json!("AVF-2026-00001"))
    );

    // No SMTP server: the e-mail is refused beside its field, nothing queued.
    let (s, e) = call(&t, &boss, "POST", "/b2b/factures/1/envoyer", None).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert!(e["fields"]["email"].as_str().unwrap().contains("La messagerie n'est pas configurée"), "{e}");
    assert_eq!(t.count("SELECT count(*) FROM outbox").await, 0);

    // A payment above what is open, or for an unknown customer: beside the field, nothing saved.
    let pay = |customer: i64, amount: &str, token: &str| json!({"customer_id": customer, "mode": "cheque", "amount": amount, "reference": "0042", "token": token});
    let (s, e) = call(&t, &boss, "POST", "/b2b/paiements", Some(pay(1, "120,01", "api-pay-1"))).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert_eq!(
        e["fields"]["amount"],
        "Le paiement (120,01 DA) dépasse ce qui reste à payer sur les factures choisies (120,00 DA)."
    );
    let (s, e) = call(&t, &boss, "POST", "/b2b/paiements", Some(pay(9, "10", "api-pay-2"))).await;
    assert_eq!((s, e["fields"]["customer_id"].as_str()), (422, Some("Client pro inconnu.")), "{e}");
    assert_eq!(t.count("SELECT count(*) FROM b2b_payments").await, 0);
    // 100 DA by cheque, sent twice with one token: paid once.
    let (s, p) = call(&t, &boss, "POST", "/b2b/paiements", Some(pay(1, "100", "api-pay-3"))).await;
    assert_eq!((s, p["data"]["owed"].as_str()), (200, Some("20,00 DA")), "{p}");
    let (s, again) = call(&t, &boss, "POST", "/b2b/paiements", Some(pay(1, "100", "api-pay-3"))).await;
    assert_eq!((s, &again["data"]["id"]), (200, &p["data"]["id"]));
    assert_eq!(t.count("SELECT count(*) FROM b2b_payments").await, 1);

    // The statement: 160, 120, 20; closing 20 DA, what the customer's page says it owes.
    let (s, r) = call(&t, &boss, "GET", "/b2b/clients/1/releve", None).await;
    assert_eq!(s, 200, "{r}");
    let balances: Vec<&str> =
        r["data"]["lines"].as_array().unwrap().iter().map(|l| l["balance"].as_str().unwrap()).collect();
    assert_eq!(balances, ["160,00 DA", "120,00 DA", "20,00 DA"]);
    assert_eq!((r["data"]["opening"].as_str(), r["data"]["closing"].as_str()), (Some("0,00 DA"), Some("20,00 DA")));
    assert_eq!(r["data"]["ageing"][0], "20,00 DA");
    let (_, c) = call(&t, &boss, "GET", "/b2b/clients/1", None).await;
    assert_eq!(c["data"]["owed"], "20,00 DA");
    let (s, e) = call(&t, &boss, "GET", "/b2b/clients/1/releve?du=2026-11-24&au=2026-11-01", None).await;
    assert_eq!(
        (s, e["fields"]["au"].as_str()),
        (422, Some("La fin de la période est avant son début : inversez les deux dates."))
    );
    let (s, _) = call(&t, &boss, "GET", "/b2b/clients/9/releve", None).await;
    assert_eq!(s, 404);
    t.assert_check_passes().await;
}
