//! A margin is only shown over a known cost: an unknown cost reads "coût inconnu" on every page
//! that shows margins and in the API (a null margin with its reason), never "100 %".

use fournil::audit::Actor;
use fournil::catalog::{self, Kind, Unit};

use crate::support::*;

async fn recipe(t: &TestApp, product: i64, yield_text: &str, lines: Vec<(i64, &str)>) {
    let d = catalog::ops::RecipeDraft {
        yield_text: yield_text.into(),
        loss_text: String::new(),
        location_id: LAB,
        method: String::new(),
        lines: lines.into_iter().map(|(id, q)| (id, q.to_string(), String::new())).collect(),
    };
    t.app.db.write(move |tx| catalog::ops::save_recipe(tx, &Actor::system(), product, &d, NOW)).await.unwrap();
}

#[tokio::test]
async fn an_unknown_cost_reads_cout_inconnu_instead_of_a_full_margin() {
    let t = spawn_ready().await;
    // Nothing known: no recipe, no reference cost, no stock.
    let gateau = t.given().product("Gâteau mystère").price("500").await;
    // A recipe whose ingredient has no cost: its cost is unknown too, not 0.
    let semoule = t.given().product("Semoule").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let baghrir = t.given().product("Baghrir").price("50").await;
    recipe(&t, baghrir, "10 pièces", vec![(semoule, "1 kg")]).await;
    // A known cost keeps its margin: 40 DA for 15 DA, 62,5 %.
    let croissant = t.given().product("Croissant").price("40").ref_cost("15").await;

    let mut b = t.admin().await;
    let list = b.get("/catalogue/produits").await;
    assert!(!list.body.contains("100 %"), "{}", list.body);
    assert!(list.body.matches("coût inconnu").count() >= 2, "{}", list.body);
    list.assert_contains("62,5 %");
    for id in [gateau, baghrir] {
        let page = b.get(&format!("/catalogue/produits/{id}")).await;
        assert!(!page.body.contains("100 %"), "{}", page.body);
        page.assert_contains("Marge");
        page.assert_contains("coût inconnu");
    }
    b.get(&format!("/catalogue/produits/{croissant}")).await.assert_contains("62,5 %");
    let margins = b.get("/catalogue/marges").await;
    assert!(!margins.body.contains("100 %"), "{}", margins.body);
    let row = |name: &str| {
        let at = margins.body.find(name).unwrap_or_else(|| panic!("{name} missing:\n{}", margins.body));
        margins.body[at..at + margins.body[at..].find("</tr>").unwrap()].to_string()
    };
    assert!(row("Gâteau mystère").contains("coût inconnu"), "{}", row("Gâteau mystère"));
    assert!(row("Baghrir").contains("coût inconnu"), "{}", row("Baghrir"));
    assert!(row("Croissant").contains("62,5 %"), "{}", row("Croissant"));

    let token = token_for(&t, 1).await;
    for (id, missing) in [(gateau, "Gâteau mystère"), (baghrir, "Semoule")] {
        let (s, v) = call(&t, &token, "GET", &format!("/produits/{id}/cout"), None).await;
        assert_eq!(s, 200, "{v}");
        assert!(v["data"]["margin"].is_null() && v["data"]["margin_percent"].is_null(), "{v}");
        let reason = v["data"]["margin_reason"].as_str().unwrap_or_default();
        assert!(reason.contains("coût inconnu") && reason.contains(missing), "{v}");
    }
    let (_, v) = call(&t, &token, "GET", &format!("/produits/{croissant}/cout"), None).await;
    assert_eq!(v["data"]["margin_percent"], "62,5 %", "{v}");
    assert!(v["data"]["margin_reason"].is_null(), "{v}");
}
