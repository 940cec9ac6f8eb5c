//! B2B (issue #15): business customers with their 411 account, identifiers checked beside their
//! field; price lists with dated prices, the catalogue's price when none.

use poem::http::StatusCode;

use crate::support::*;

pub const NIF: &str = "000116001234567";
pub const NIS: &str = "098716001234567";

/// The customer form of a café, paying at 30 days, with a credit limit.
pub fn cafe_form<'a>(token: &'a str, limit: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "Café des Arts"),
        ("legal_form", "SARL"),
        ("contact", "M. Haddad"),
        ("phone", "0550 12 34 56"),
        ("email", ""),
        ("address", "12 rue Didouche Mourad, Alger"),
        ("delivery_address", ""),
        ("nif", NIF),
        ("nis", NIS),
        ("rc", "16/00-1234567 B 22"),
        ("ai", "16012345678"),
        ("terms", "30j"),
        ("credit_limit", limit),
        ("price_list_id", ""),
        ("token", token),
    ]
}

#[tokio::test]
async fn a_business_customer_is_created_with_its_411_account_and_bad_identifiers_are_refused() {
    let t = spawn_ready().await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/clients").await.assert_contains("Aucun client pro");
    boss.get("/b2b/clients/nouveau").await.assert_contains("Conditions de paiement");
    // A NIF of the wrong length, a NIS with a letter: each message beside its field, nothing saved.
    let mut bad = cafe_form("b2b-client-1", "50000");
    bad[7] = ("nif", "0001160012345");
    bad[8] = ("nis", "09871600123456A");
    let page = boss.post("/b2b/clients/nouveau", &bad).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("Le NIF a 15 chiffres, pas 13.");
    page.assert_contains("Le NIS ne contient que des chiffres (15).");
    assert_eq!(t.count("SELECT count(*) FROM b2b_customers").await, 0);
    let ok = boss.post("/b2b/clients/nouveau", &cafe_form("b2b-client-2", "50000")).await;
    let id = t.count("SELECT max(id) FROM b2b_customers").await;
    ok.assert_redirect(&format!("/b2b/clients/{id}?ok=client-pro"));
    // A double tap answers the first customer.
    boss.post("/b2b/clients/nouveau", &cafe_form("b2b-client-2", "50000"))
        .await
        .assert_redirect(&format!("/b2b/clients/{id}?ok=client-pro"));
    assert_eq!(t.count("SELECT count(*) FROM b2b_customers").await, 1);
    assert_eq!(t.count("SELECT count(*) FROM accounts WHERE code = '4110001'").await, 1);
    let list = boss.get("/b2b/clients").await;
    list.assert_contains("Café des Arts");
    list.assert_contains("50 000,00 DA");
    // The same name twice is refused beside the name.
    let twin = boss.post("/b2b/clients/nouveau", &cafe_form("b2b-client-3", "")).await;
    assert_eq!(twin.status, StatusCode::UNPROCESSABLE_ENTITY);
    twin.assert_contains("existe déjà");
    // A vendeuse does not see the business customers.
    let mut seller = t.signed_in("amina", "vendeuse").await;
    assert_eq!(seller.get("/b2b/clients").await.status, StatusCode::FORBIDDEN);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_order_line_takes_the_list_price_in_force_on_its_day_or_the_catalogue_price() {
    let t = spawn_ready().await;
    let baguette = t.given().product("Baguette").price("25").await;
    let croissant = t.given().product("Croissant").price("40").await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/prix").await.assert_contains("Aucune liste de prix");
    boss.post("/b2b/prix", &[("name", "Cafés")]).await.assert_redirect("/b2b/prix/1?ok=liste-prix");
    let dup = boss.post("/b2b/prix", &[("name", "cafés")]).await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    let b = baguette.to_string();
    for (from, price) in [("2026-11-01", "20"), ("2026-12-01", "22")] {
        boss.post("/b2b/prix/1", &[("product_id", &b), ("valid_from", from), ("price", price)])
            .await
            .assert_redirect("/b2b/prix/1?ok=prix-pro");
    }
    let bad = boss.post("/b2b/prix/1", &[("product_id", &b), ("valid_from", ""), ("price", "vingt")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Montant invalide");
    bad.assert_contains("Indiquez la date");
    boss.get("/b2b/prix/1").await.assert_contains("22,00 DA");
    let mut form = cafe_form("b2b-client-4", "");
    form[13] = ("price_list_id", "1");
    boss.post("/b2b/clients/nouveau", &form).await;
    let price = |product: i64, day: &'static str| {
        t.app.db.read(move |c| {
            let cust = fournil::b2b::store::customer(c, 1)?.unwrap();
            let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            fournil::b2b::ops::price_for(c, &cust, product, day)
        })
    };
    assert_eq!(
        price(baguette, "2026-10-31").await.unwrap().unwrap().to_string(),
        "25,00 DA",
        "before the list: catalogue"
    );
    assert_eq!(price(baguette, "2026-11-24").await.unwrap().unwrap().to_string(), "20,00 DA");
    assert_eq!(price(baguette, "2026-12-01").await.unwrap().unwrap().to_string(), "22,00 DA");
    assert_eq!(price(croissant, "2026-12-01").await.unwrap().unwrap().to_string(), "40,00 DA", "not in the list");
    t.assert_check_passes().await;
}
