//! One definition of "rupture" and "bas" — at or below a threshold that exists — for the stock
//! page, Alertes and the API; and the stock page opens on a place that holds stock.

use fournil::catalog::{Kind, Unit};

use crate::support::*;

const RUPTURE: &str = "class=\"badge err\">rupture<";
const BAS: &str = "class=\"badge\">bas<";

#[tokio::test]
async fn a_new_shop_opens_on_the_counter_it_stocks_and_nothing_without_a_threshold_is_red() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    // Nothing bought yet: the store room is empty; the counter holds croissants.
    t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    t.given().product("Sucre").kind(Kind::Ingredient).unit(Unit::Gram).await;
    t.given().product("Croissant").on_hand(20).at(COUNTER).await;

    let page = b.get("/stock").await;
    assert!(page.body.contains("href=\"/stock?lieu=3\" aria-current=\"page\""), "not on the counter:\n{}", page.body);
    page.assert_contains("Croissant");
    let reserve = b.get("/stock?lieu=1").await;
    reserve.assert_contains("Farine");
    assert!(!reserve.body.contains(RUPTURE) && !reserve.body.contains(BAS), "{}", reserve.body);
    // Alertes and the stock page agree: nothing is below a threshold.
    b.get("/stock/alertes").await.assert_contains("Aucun produit sous son seuil.");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn at_or_below_a_threshold_reads_the_same_on_the_stock_page_in_alertes_and_in_the_api() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let ingredient = |name: &'static str| t.given().product(name).kind(Kind::Ingredient).unit(Unit::Gram);
    ingredient("Farine").threshold(RESERVE, 5_000).await;
    ingredient("Sucre").threshold(RESERVE, 5_000).on_hand(3_000).at(RESERVE).await;
    ingredient("Sel").threshold(RESERVE, 1_000).on_hand(2_000).at(RESERVE).await;
    ingredient("Beurre").await;

    let reserve = b.get("/stock?lieu=1").await;
    let row = |name: &str| {
        let at = reserve.body.find(&format!(">{name}<")).unwrap_or_else(|| panic!("no {name}"));
        reserve.body[at..at + reserve.body[at..].find("</tr>").unwrap()].to_string()
    };
    assert!(row("Farine").contains(RUPTURE), "{}", row("Farine"));
    assert!(row("Sucre").contains(BAS), "{}", row("Sucre"));
    assert!(!row("Sel").contains(RUPTURE) && !row("Sel").contains(BAS), "{}", row("Sel"));
    assert!(!row("Beurre").contains(RUPTURE) && !row("Beurre").contains(BAS), "{}", row("Beurre"));

    let alerts = b.get("/stock/alertes").await;
    for (name, listed) in [("Farine", true), ("Sucre", true), ("Sel", false), ("Beurre", false)] {
        assert_eq!(alerts.body.contains(&format!(">{name}<")), listed, "{name} in Alertes:\n{}", alerts.body);
    }

    let token = token_for(&t, 1).await;
    let (status, v) = call(&t, &token, "GET", "/stock?location_id=1", None).await;
    assert_eq!(status, 200, "{v}");
    let status_of = |name: &str| {
        v["data"].as_array().unwrap().iter().find(|l| l["product"] == name).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status_of("Farine"), "rupture");
    assert_eq!(status_of("Sucre"), "bas");
    assert_eq!(status_of("Sel"), "ok");
    assert_eq!(status_of("Beurre"), "ok", "no threshold, no alert");
    t.assert_check_passes().await;
}
