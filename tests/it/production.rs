//! Production: a recipe exploded for the quantity made, ingredients out at PMP, the product in at
//! the same value, one balanced entry; refusals save nothing; the page shows no value.

use fournil::audit::Actor;
use fournil::catalog::{self, Kind, Unit};
use fournil::money::{Money, Qty};
use fournil::production::{ProductionDraft, ops};

use crate::support::*;

/// Flour and butter at the lab, a croissant dough (semi-fini) and a croissant (fini).
struct Shop {
    flour: i64,
    butter: i64,
    dough: i64,
    croissant: i64,
}

async fn recipe(t: &TestApp, product: i64, yield_text: &str, loss: &str, lines: Vec<(i64, &str)>) {
    let d = catalog::ops::RecipeDraft {
        yield_text: yield_text.into(),
        loss_text: loss.into(),
        location_id: LAB,
        method: String::new(),
        lines: lines.into_iter().map(|(id, q)| (id, q.to_string(), String::new())).collect(),
    };
    t.app.db.write(move |tx| catalog::ops::save_recipe(tx, &Actor::system(), product, &d, NOW)).await.unwrap();
}

async fn shop(t: &TestApp) -> Shop {
    // 10 kg of flour for 800 DA, 5 kg of butter for 7 000 DA, at the lab.
    let flour =
        t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).on_hand(10_000).at(LAB).worth("800").await;
    let butter =
        t.given().product("Beurre").kind(Kind::Ingredient).unit(Unit::Gram).on_hand(5_000).at(LAB).worth("7 000").await;
    let dough = t.given().product("Pâte levée feuilletée").kind(Kind::SemiFini).unit(Unit::Gram).await;
    let croissant = t.given().product("Croissant").await;
    // 1 kg of dough from 600 g flour and 400 g butter.
    recipe(t, dough, "1 kg", "", vec![(flour, "600 g"), (butter, "400 g")]).await;
    // 20 croissants from 1 kg of dough, 0 % loss.
    recipe(t, croissant, "20 pièces", "", vec![(dough, "1 kg")]).await;
    Shop { flour, butter, dough, croissant }
}

async fn produce(t: &TestApp, product: i64, qty: Qty, location: i64, token: &str) -> Result<i64, String> {
    let d = ProductionDraft {
        product_id: product,
        qty,
        location_id: location,
        token: Some(token.into()),
        note: String::new(),
    };
    t.app.db.write(move |tx| ops::produce(tx, &Actor::system(), &d, NOW, day())).await.map_err(|e| e.to_string())
}

#[tokio::test]
async fn dough_then_croissants_move_value_from_ingredients_to_the_counter() {
    let t = spawn_ready().await;
    let s = shop(&t).await;
    // 2 kg of dough: 1,2 kg flour (96 DA) + 800 g butter (1 120 DA) = 1 216 DA.
    produce(&t, s.dough, Qty::whole(2_000), LAB, "a").await.unwrap();
    assert_eq!(held(&t, s.flour, LAB).await, (Qty::whole(8_800), Money::from_da(704)));
    assert_eq!(held(&t, s.butter, LAB).await, (Qty::whole(4_200), Money::from_da(5_880)));
    assert_eq!(held(&t, s.dough, LAB).await, (Qty::whole(2_000), Money::from_da(1_216)));
    // 30 croissants take 1,5 kg of dough (912 DA) and land at the counter.
    produce(&t, s.croissant, Qty::whole(30), COUNTER, "b").await.unwrap();
    assert_eq!(held(&t, s.dough, LAB).await, (Qty::whole(500), Money::from_da(304)));
    assert_eq!(held(&t, s.croissant, COUNTER).await, (Qty::whole(30), Money::from_da(912)));
    assert_eq!(t.count("SELECT COUNT(*) FROM productions").await, 2);
    assert_eq!(t.count("SELECT COUNT(*) FROM journal_entries WHERE source_type = 'production'").await, 2);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_replayed_token_answers_the_first_production() {
    let t = spawn_ready().await;
    let s = shop(&t).await;
    let first = produce(&t, s.dough, Qty::whole(1_000), LAB, "same").await.unwrap();
    let again = produce(&t, s.dough, Qty::whole(1_000), LAB, "same").await.unwrap();
    assert_eq!(first, again);
    assert_eq!(held(&t, s.dough, LAB).await.0, Qty::whole(1_000));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_short_ingredient_refuses_and_names_what_is_left() {
    let t = spawn_ready().await;
    let s = shop(&t).await;
    // 20 kg of dough needs 12 kg of flour: only 10 kg there.
    let e = produce(&t, s.dough, Qty::whole(20_000), LAB, "x").await.unwrap_err();
    assert!(e.contains("Farine") && e.contains("10 kg") && e.contains("12 kg"), "{e}");
    assert!(e.contains("Beurre") && e.contains("5 kg") && e.contains("8 kg"), "{e}");
    assert_eq!(t.count("SELECT COUNT(*) FROM productions").await, 0);
    assert_eq!(t.count("SELECT COUNT(*) FROM stock_moves WHERE source_type = 'production'").await, 0);
    // No recipe, zero quantity, a semi-fini at the counter.
    let flour = produce(&t, s.flour, Qty::whole(1), LAB, "y").await.unwrap_err();
    assert!(flour.contains("ne se fabrique pas"), "{flour}");
    let cake = t.given().product("Gâteau sans recette").await;
    let none = produce(&t, cake, Qty::whole(1), COUNTER, "z").await.unwrap_err();
    assert!(none.contains("n'a pas de recette"), "{none}");
    assert!(produce(&t, s.dough, Qty::ZERO, LAB, "w").await.is_err());
    assert!(produce(&t, s.dough, Qty::whole(100), COUNTER, "v").await.is_err());
    assert_eq!(t.count("SELECT COUNT(*) FROM productions").await, 0);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_production_role_produces_from_the_page_and_sees_no_value() {
    let t = spawn_ready().await;
    let s = shop(&t).await;
    let mut b = t.signed_in("labo", "production").await;
    let page = b.get("/production").await;
    page.assert_contains("Produire");
    let token = page.body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let dough = s.dough.to_string();
    let bad =
        b.post("/production", &[("product_id", &dough), ("qty", "abc"), ("location_id", "2"), ("token", &token)]).await;
    assert_eq!(bad.status, poem::http::StatusCode::UNPROCESSABLE_ENTITY);
    let ok = b
        .post("/production", &[("product_id", &dough), ("qty", "2 kg"), ("location_id", "2"), ("token", &token)])
        .await;
    ok.assert_redirect("/production?ok=production");
    let list = b.get("/production").await;
    list.assert_contains("Pâte levée feuilletée");
    list.assert_contains("2 kg");
    assert!(!list.body.contains("DA"), "no value for production staff:\n{}", list.body);
    // A vendeuse may not produce.
    let mut v = t.signed_in("vente", "vendeuse").await;
    assert_eq!(v.get("/production").await.status, poem::http::StatusCode::FORBIDDEN);
    t.assert_check_passes().await;
}

/// The fields of the form whose opening tag carries `marker`, as posted: (name, value) pairs.
fn form_fields(body: &str, marker: &str) -> (String, Vec<(String, String)>) {
    let at = body.find(marker).unwrap_or_else(|| panic!("no form {marker}:\n{body}"));
    let start = body[..at].rfind("<form").unwrap();
    let form = &body[start..start + body[start..].find("</form>").unwrap()];
    let attr = |tag: &str, name: &str| {
        let key = format!("{name}=\"");
        tag.find(&key).map(|i| tag[i + key.len()..].split('"').next().unwrap().replace("&amp;", "&"))
    };
    let action = attr(&form[..form.find('>').unwrap()], "action").unwrap();
    let mut fields: Vec<(String, String)> = form
        .split("<input")
        .skip(1)
        .filter_map(|tag| Some((attr(tag, "name")?, attr(tag, "value").unwrap_or_default())))
        .collect();
    // A select posts its selected option.
    for select in form.split("<select").skip(1) {
        let select = &select[..select.find("</select>").unwrap()];
        let name = attr(&select[..select.find('>').unwrap()], "name").unwrap();
        let chosen = select.split("<option").find(|o| o.contains(" selected")).and_then(|o| attr(o, "value"));
        fields.push((name, chosen.unwrap_or_default()));
    }
    (action, fields)
}

async fn post_fields(b: &mut Browser<'_>, path: &str, fields: &[(String, String)]) -> Page {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post(path, &refs).await
}

/// A new shop: flour and butter bought into the store room, the dough's recipe takes from the lab.
async fn new_shop(t: &TestApp) -> Shop {
    let flour = t
        .given()
        .product("Farine")
        .kind(Kind::Ingredient)
        .unit(Unit::Gram)
        .on_hand(10_000)
        .at(RESERVE)
        .worth("800")
        .await;
    let butter = t
        .given()
        .product("Beurre")
        .kind(Kind::Ingredient)
        .unit(Unit::Gram)
        .on_hand(5_000)
        .at(RESERVE)
        .worth("7 000")
        .await;
    let dough = t.given().product("Pâte levée feuilletée").kind(Kind::SemiFini).unit(Unit::Gram).await;
    let croissant = t.given().product("Croissant").await;
    recipe(t, dough, "1 kg", "", vec![(flour, "600 g"), (butter, "400 g")]).await;
    recipe(t, croissant, "20 pièces", "", vec![(dough, "1 kg")]).await;
    Shop { flour, butter, dough, croissant }
}

fn token_in(body: &str) -> String {
    body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_refused_production_keeps_the_page_and_the_form_and_offers_the_transfer() {
    let t = spawn_ready().await;
    let s = new_shop(&t).await;
    let mut b = t.signed_in("sonia", "gerante").await;
    let token = token_in(&b.get("/production").await.body);
    let dough = s.dough.to_string();
    let form = [("product_id", dough.as_str()), ("qty", "2 kg"), ("location_id", "2"), ("token", &token)];
    let refused = b.post("/production", &form).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    // The page, its menu and the form as typed, the reason beside it.
    refused.assert_contains("Menu principal");
    refused.assert_contains("id=\"production-form\"");
    refused.assert_contains("value=\"2 kg\"");
    refused.assert_contains(&format!("value=\"{dough}\" selected"));
    refused.assert_contains("Impossible de produire");
    // One tap moves what is missing from the store room to the lab.
    refused.assert_contains("Transférer 1,2 kg de Farine et 800 g de Beurre");
    let (action, fields) = form_fields(&refused.body, "id=\"transfer-offer\"");
    let moved = post_fields(&mut b, &action, &fields).await;
    assert_eq!(moved.status, 303, "{}", moved.body);
    let back = moved.location().unwrap().to_string();
    assert!(back.starts_with("/production?"), "{back}");
    assert_eq!(held(&t, s.flour, LAB).await, (Qty::whole(1_200), Money::from_da(96)));
    assert_eq!(held(&t, s.butter, LAB).await, (Qty::whole(800), Money::from_da(1_120)));
    // Back on the production page, the form is as it was: produce again.
    let again = b.get(&back).await;
    again.assert_contains("value=\"2 kg\"");
    again.assert_contains(&format!("value=\"{dough}\" selected"));
    let (action, fields) = form_fields(&again.body, "id=\"production-form\"");
    post_fields(&mut b, &action, &fields).await.assert_redirect("/production?ok=production");
    assert_eq!(held(&t, s.dough, LAB).await, (Qty::whole(2_000), Money::from_da(1_216)));

    // Through htmx, the same refusal answers the page's content, not a toast.
    b.hx = true;
    let token = token_in(&b.get("/production").await.body);
    let croissant = s.croissant.to_string();
    let form = [("product_id", croissant.as_str()), ("qty", "100"), ("location_id", "3"), ("token", &token)];
    let refused = b.post("/production", &form).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(!refused.body.contains("<html"), "{}", refused.body);
    refused.assert_contains("id=\"production-form\"");
    refused.assert_contains("value=\"100\"");
    refused.assert_contains("Impossible de produire");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn who_may_not_transfer_is_told_what_to_ask_for_and_the_transfer_checks_its_permission() {
    let t = spawn_ready().await;
    let s = new_shop(&t).await;
    let mut b = t.signed_in("labo", "production").await;
    let token = token_in(&b.get("/production").await.body);
    let dough = s.dough.to_string();
    let form = [("product_id", dough.as_str()), ("qty", "2 kg"), ("location_id", "2"), ("token", &token)];
    let refused = b.post("/production", &form).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    refused.assert_contains("id=\"production-form\"");
    refused.assert_contains("Impossible de produire");
    assert!(!refused.body.contains("id=\"transfer-offer\""), "{}", refused.body);
    refused.assert_contains("1,2 kg de Farine et 800 g de Beurre");
    let line = format!("{}:1200000", s.flour);
    let form = [("from", "1"), ("to", "2"), ("line", line.as_str()), ("token", "x"), ("product_id", dough.as_str())];
    assert_eq!(b.post("/production/transfert", &form).await.status, 403);
    assert_eq!(held(&t, s.flour, LAB).await, (Qty::ZERO, Money::ZERO));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_gerante_chooses_where_a_product_is_received_and_purchases_land_there() {
    let t = spawn_ready().await;
    let flour = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let mut b = t.signed_in("sonia", "gerante").await;
    let edit = b.get(&format!("/catalogue/produits/{flour}/modifier")).await;
    edit.assert_contains("name=\"receive_location_id\"");
    let saved = b
        .post(
            &format!("/catalogue/produits/{flour}"),
            &[
                ("name", "Farine"),
                ("kind", "ingredient"),
                ("unit", "g"),
                ("track_stock", "1"),
                ("receive_location_id", "2"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    // The counter does not suit flour: refused beside the field.
    let bad = b
        .post(
            &format!("/catalogue/produits/{flour}"),
            &[("name", "Farine"), ("kind", "ingredient"), ("unit", "g"), ("receive_location_id", "3")],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let supplier = t.given().supplier("Moulins du Sud").await;
    let token = token_for(&t, 1).await;
    let body =
        serde_json::json!({"supplier_id": supplier, "lines": [{"product_id": flour, "count": "25 kg", "price": "60"}]});
    let (s, v) = call(&t, &token, "POST", "/achats", Some(body)).await;
    assert_eq!(s, 200, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    let (s, v) = call(&t, &token, "POST", &format!("/achats/{id}/recevoir"), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(held(&t, flour, LAB).await, (Qty::whole(25_000), Money::from_da(1_500)));
    assert_eq!(held(&t, flour, RESERVE).await, (Qty::ZERO, Money::ZERO));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_production_is_taken_back_exactly_once_with_its_entry_reversed() {
    let t = spawn_ready().await;
    let s = shop(&t).await;
    let id = produce(&t, s.dough, Qty::whole(2_000), LAB, "a").await.unwrap();
    let mut b = t.signed_in("labo", "production").await;
    let page = b.get("/production").await;
    let cancel = format!("/production/{id}/annuler");
    page.assert_contains(&format!("action=\"{cancel}\""));
    b.post(&cancel, &[]).await.assert_redirect("/production?ok=production-annulee");
    // Everything where it was, at the values it left with.
    assert_eq!(held(&t, s.flour, LAB).await, (Qty::whole(10_000), Money::from_da(800)));
    assert_eq!(held(&t, s.butter, LAB).await, (Qty::whole(5_000), Money::from_da(7_000)));
    assert_eq!(held(&t, s.dough, LAB).await, (Qty::ZERO, Money::ZERO));
    let reversed = "SELECT count(*) FROM journal_entries WHERE source_type = 'production' AND reverses IS NOT NULL";
    assert_eq!(t.count(reversed).await, 1);
    let moves = t.count("SELECT count(*) FROM stock_moves WHERE source_type = 'production'").await;
    // Twice is once.
    b.post(&cancel, &[]).await.assert_redirect("/production?ok=production-annulee");
    assert_eq!(t.count("SELECT count(*) FROM stock_moves WHERE source_type = 'production'").await, moves);
    assert_eq!(t.count(reversed).await, 1);
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE summary LIKE '%annulée%'").await, 1);
    let list = b.get("/production").await;
    list.assert_contains("annulée");
    assert!(!list.body.contains(&format!("action=\"{cancel}\"")), "{}", list.body);
    assert!(!list.body.contains("DA"), "no value for production staff:\n{}", list.body);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_production_whose_output_left_is_not_taken_back_and_says_why() {
    let t = spawn_ready().await;
    let s = shop(&t).await;
    let dough = produce(&t, s.dough, Qty::whole(2_000), LAB, "a").await.unwrap();
    let croissants = produce(&t, s.croissant, Qty::whole(20), COUNTER, "b").await.unwrap();
    let mut b = t.signed_in("labo", "production").await;
    b.get("/production").await;
    let refused = b.post(&format!("/production/{dough}/annuler"), &[]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    refused.assert_contains("Productions récentes");
    refused.assert_contains("consommé");
    assert_eq!(held(&t, s.dough, LAB).await, (Qty::whole(1_000), Money::from_da(608)));

    let user = t.user_with_role("labo2", "production").await;
    let token = token_for(&t, user).await;
    let (status, v) = call(&t, &token, "POST", &format!("/production/{dough}/annuler"), None).await;
    assert_eq!((status, v["code"].as_str()), (409, Some("production_output_gone")), "{v}");
    let (status, v) = call(&t, &token, "POST", &format!("/production/{croissants}/annuler"), None).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["id"], croissants);
    assert_eq!(held(&t, s.croissant, COUNTER).await, (Qty::ZERO, Money::ZERO));
    assert_eq!(held(&t, s.dough, LAB).await, (Qty::whole(2_000), Money::from_da(1_216)));
    t.assert_check_passes().await;
}
