//! Nothing free enters stock silently: a surplus (count or correction) of a product whose cost is
//! unknown — no stock to take a PMP from, no reference cost — needs a value, proposed from the
//! recipe's cost or the last PMP, on the pages and in the API.

use fournil::audit::Actor;
use fournil::catalog::{self, Kind, Unit};
use fournil::money::{Money, Qty};
use serde_json::json;

use crate::support::*;

/// Semoule at 100 DA/kg; Baghrir (10 pièces from 1 kg of semoule: 10 DA each by its recipe);
/// Msemen, made without a recipe yet: nothing to propose.
async fn made_goods(t: &TestApp) -> (i64, i64) {
    let semoule = t.given().product("Semoule").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("100").await;
    let baghrir = t.given().product("Baghrir").price("50").await;
    let d = catalog::ops::RecipeDraft {
        yield_text: "10 pièces".into(),
        loss_text: String::new(),
        location_id: LAB,
        method: String::new(),
        lines: vec![(semoule, "1 kg".into(), String::new())],
    };
    t.app.db.write(move |tx| catalog::ops::save_recipe(tx, &Actor::system(), baghrir, &d, NOW)).await.unwrap();
    let msemen = t.given().product("Msemen").price("60").await;
    (baghrir, msemen)
}

/// Posts owned form fields.
async fn post(b: &mut Browser<'_>, path: &str, form: Vec<(String, String)>) -> Page {
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post(path, &refs).await
}

fn token_of(body: &str) -> String {
    body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_correction_without_a_known_cost_asks_for_one_and_proposes_the_recipe_cost() {
    let t = spawn_ready().await;
    let (baghrir, msemen) = made_goods(&t).await;
    let mut b = t.admin().await;
    let token = token_of(&b.get("/stock/pertes").await.body);
    let correct = |product: i64, cost: &str| -> Vec<(String, String)> {
        let (p, c) = (product.to_string(), cost.to_string());
        let form = [("location", "3"), ("reason", "correction"), ("product", &p), ("qty", "+12"), ("cost", &c)];
        form.iter().map(|(k, v)| (k.to_string(), v.to_string())).chain([("token".into(), token.clone())]).collect()
    };
    let asked = post(&mut b, "/stock/pertes", correct(baghrir, "")).await;
    assert_eq!(asked.status, 422, "{}", asked.body);
    asked.assert_contains("Aucun coût connu pour « Baghrir »");
    asked.assert_contains("10,00 DA/pièce");
    // … and the recipe's cost is proposed in the field itself.
    asked.assert_contains("name=\"cost\" value=\"10\"");
    assert_eq!(held(&t, baghrir, COUNTER).await, (Qty::ZERO, Money::ZERO));
    // Nothing to propose: still asked, without a proposal.
    let asked = post(&mut b, "/stock/pertes", correct(msemen, "")).await;
    assert_eq!(asked.status, 422, "{}", asked.body);
    asked.assert_contains("Aucun coût connu pour « Msemen »");
    assert_eq!(t.count("SELECT count(*) FROM stock_moves").await, 0);

    post(&mut b, "/stock/pertes", correct(baghrir, "10")).await.assert_redirect("/stock/pertes?ok=ajustement");
    assert_eq!(held(&t, baghrir, COUNTER).await, (Qty::whole(12), Money::from_da(120)));
    assert_eq!(t.count("SELECT sum(credit) FROM journal_lines WHERE account = '758'").await, 12_000);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_count_surplus_without_a_known_cost_is_not_validated_until_valued() {
    let t = spawn_ready().await;
    let (baghrir, _) = made_goods(&t).await;
    let mut b = t.admin().await;
    b.get("/stock/inventaires").await;
    let opened = b.post("/stock/inventaires", &[("location_id", "3")]).await;
    let id: i64 = opened
        .location()
        .unwrap()
        .trim_start_matches("/stock/inventaires/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let path = format!("/stock/inventaires/{id}");
    let (count, cost) = (format!("count-{baghrir}"), format!("cost-{baghrir}"));
    let page = b.get(&path).await;
    // The page asks for a value where none is known, and proposes the recipe's cost.
    page.assert_contains(&format!("name=\"{cost}\""));
    page.assert_contains("10,00");

    let refused = b.post(&path, &[(count.as_str(), "20"), (cost.as_str(), ""), ("action", "valider")]).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    refused.assert_contains("Aucun coût connu pour « Baghrir »");
    assert_eq!(t.count("SELECT count(*) FROM stock_counts WHERE status = 'ouvert'").await, 1);
    assert_eq!(held(&t, baghrir, COUNTER).await, (Qty::ZERO, Money::ZERO));

    b.post(&path, &[(count.as_str(), "20"), (cost.as_str(), "10"), ("action", "valider")])
        .await
        .assert_redirect(&format!("{path}?ok=inventaire-valide"));
    assert_eq!(held(&t, baghrir, COUNTER).await, (Qty::whole(20), Money::from_da(200)));
    // The value typed stays on the line it valued (10 DA = 10 000 000 µDA per pièce).
    assert_eq!(t.count("SELECT count(*) FROM stock_count_lines WHERE entry_cost = 10000000").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_requires_a_value_too_for_corrections_and_counts() {
    let t = spawn_ready().await;
    let (baghrir, msemen) = made_goods(&t).await;
    let token = token_for(&t, 1).await;
    let line = |cost: Option<&str>| match cost {
        Some(c) => json!({"product_id": msemen, "qty": "5", "cost": c}),
        None => json!({"product_id": msemen, "qty": "5"}),
    };
    let body = |cost| json!({"location_id": 3, "reason": "correction", "lines": [line(cost)]});
    let (s, v) = call(&t, &token, "POST", "/stock/ajustements", Some(body(None))).await;
    assert_eq!(s, 422, "{v}");
    assert!(v.to_string().contains("Aucun coût connu pour « Msemen »"), "{v}");
    let (s, v) = call(&t, &token, "POST", "/stock/ajustements", Some(body(Some("25")))).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(held(&t, msemen, COUNTER).await, (Qty::whole(5), Money::from_da(125)));

    let (s, v) = call(&t, &token, "POST", "/stock/inventaires", Some(json!({"location_id": 3}))).await;
    assert_eq!(s, 200, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    let line = v["data"]["lines"].as_array().unwrap().iter().find(|l| l["product_id"] == baghrir).unwrap().clone();
    assert_eq!((line["cost_known"].clone(), line["proposed_cost"].clone()), (json!(false), json!("10,00 DA/pièce")));
    let lines = json!([{"product_id": baghrir, "qty": "3"}]);
    call(&t, &token, "PUT", &format!("/stock/inventaires/{id}/lignes"), Some(lines)).await;
    let (s, v) = call(&t, &token, "POST", &format!("/stock/inventaires/{id}/valider"), None).await;
    assert_eq!(s, 422, "{v}");
    assert!(v.to_string().contains("10,00 DA/pièce"), "the recipe's cost is proposed: {v}");
    let lines = json!([{"product_id": baghrir, "qty": "3", "cost": "10"}]);
    let (s, v) = call(&t, &token, "PUT", &format!("/stock/inventaires/{id}/lignes"), Some(lines)).await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = call(&t, &token, "POST", &format!("/stock/inventaires/{id}/valider"), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(held(&t, baghrir, COUNTER).await, (Qty::whole(3), Money::from_da(30)));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_last_pmp_is_proposed_once_sold_out_and_a_typed_zero_enters_on_purpose() {
    let t = spawn_ready().await;
    // 10 pièces worth 150 DA: 15 DA each.
    let msemen = t.given().product("Msemen").price("60").on_hand(10).at(COUNTER).worth("150").await;
    let token = token_for(&t, 1).await;
    let adjust = |reason: &str, qty: &str, cost: Option<&str>| {
        let mut line = json!({"product_id": msemen, "qty": qty});
        if let Some(c) = cost {
            line["cost"] = json!(c);
        }
        json!({"location_id": 3, "reason": reason, "lines": [line]})
    };
    // Held: a surplus enters at the PMP, whatever value is typed.
    let (s, v) = call(&t, &token, "POST", "/stock/ajustements", Some(adjust("correction", "+2", Some("99")))).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(held(&t, msemen, COUNTER).await, (Qty::whole(12), Money::from_da(180)));
    let (s, v) = call(&t, &token, "POST", "/stock/ajustements", Some(adjust("casse", "12", None))).await;
    assert_eq!(s, 200, "{v}");
    // Sold out, no reference cost, no recipe: the last PMP is proposed, nothing enters without a value.
    let (s, v) = call(&t, &token, "POST", "/stock/ajustements", Some(adjust("correction", "5", None))).await;
    assert_eq!(s, 422, "{v}");
    assert!(v.to_string().contains("15,00 DA/pièce"), "the last PMP is proposed: {v}");
    assert_eq!(held(&t, msemen, COUNTER).await, (Qty::ZERO, Money::ZERO));
    // A 0 typed on purpose is taken, and the audit says it was typed.
    let (s, v) = call(&t, &token, "POST", "/stock/ajustements", Some(adjust("correction", "5", Some("0")))).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(held(&t, msemen, COUNTER).await, (Qty::whole(5), Money::ZERO));
    let said = t.count("SELECT count(*) FROM audit_log WHERE summary LIKE '%valeur saisie : 0,00 DA/pièce%'").await;
    assert_eq!(said, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn check_sees_a_typed_value_the_surplus_did_not_enter_at() {
    use fournil::audit::Stamp;
    use fournil::stock::counts::{self, CountAction, Typed};
    let t = spawn_ready().await;
    let (_, msemen) = made_goods(&t).await;
    let typed = Typed { counted: vec![(msemen, "3".into())], costs: vec![(msemen, "25".into())] };
    t.app
        .db
        .write(move |tx| {
            let id = counts::ops::open(tx, &Actor::system(), COUNTER, "", NOW)?;
            let st = Stamp { actor: Actor::system(), now: NOW.into(), day: day() };
            counts::ops::submit(tx, &st, id, CountAction::Validate, &typed)
        })
        .await
        .unwrap();
    assert_eq!(held(&t, msemen, COUNTER).await, (Qty::whole(3), Money::from_da(75)));
    t.assert_check_passes().await;
    // A line whose typed value is not the one booked (written behind the application's back).
    t.app
        .db
        .write(|tx| {
            tx.execute_batch(
                "DROP TRIGGER stock_count_lines_frozen; UPDATE stock_count_lines SET entry_cost = 20000000 WHERE entry_cost IS NOT NULL;",
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failed: Vec<_> = report.failures().map(|f| f.detail.clone()).collect();
    assert!(failed.iter().any(|d| d.contains("« Msemen » : valeur saisie non appliquée")), "{failed:?}");
}
