//! Till rules: packaging rules, discount and variance limits, sellers' PINs and the quick switch.

use fournil::auth::store as auth_store;
use fournil::catalog::{Kind, Unit};
use fournil::money::Money;
use fournil::pos::rules::{self, Range, store};
use poem::http::StatusCode;

use crate::support::*;

/// A category "Viennoiseries", a croissant in it, two boxes and a flour (not a box).
async fn catalogue(t: &TestApp) -> (i64, i64, i64, i64, i64) {
    let cat = t.given().category("Viennoiseries").await;
    let croissant = t.given().product("Croissant").price("120").category(cat).await;
    let small = t.given().product("Sachet 6").kind(Kind::Consommable).await;
    let large = t.given().product("Boîte 12").kind(Kind::Consommable).await;
    let flour = t.given().product("Farine T55").kind(Kind::Ingredient).unit(Unit::Gram).await;
    (cat, croissant, small, large, flour)
}

async fn post(b: &mut Browser<'_>, form: Vec<(&'static str, String)>) -> Page {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post("/caisse/emballages", &pairs).await
}

#[tokio::test]
async fn packaging_rules_are_checked_and_drive_the_boxes() {
    let t = spawn_ready().await;
    let (cat, croissant, small, large, flour) = catalogue(&t).await;
    let mut b = t.admin().await;
    b.get("/caisse/emballages").await.assert_contains("la plus grande boîte autant de fois que nécessaire");
    let owner = format!("c:{cat}");
    let (small_s, large_s, flour_s) = (small.to_string(), large.to_string(), flour.to_string());
    let add = |min: &'static str, max: &'static str, packaging: &str| {
        vec![
            ("owner", owner.clone()),
            ("min_pieces", min.into()),
            ("max_pieces", max.into()),
            ("packaging_id", packaging.to_string()),
        ]
    };
    post(&mut b, add("1", "6", &small_s)).await.assert_redirect("/caisse/emballages?ok=parametres");
    post(&mut b, add("7", "12", &large_s)).await.assert_redirect("/caisse/emballages?ok=parametres");
    let bad = post(&mut b, add("5", "8", &small_s)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Chevauche la règle de 1 à 6 pièces");
    post(&mut b, add("0", "3", &small_s)).await.assert_contains("Au moins 1 pièce");
    post(&mut b, add("20", "13", &small_s)).await.assert_contains("au moins égal au minimum");
    post(&mut b, add("13", "20", &flour_s)).await.assert_contains("un consommable actif");
    let page = b
        .post(
            "/caisse/emballages",
            &[("owner", ""), ("min_pieces", "1"), ("max_pieces", "2"), ("packaging_id", &small_s)],
        )
        .await;
    page.assert_contains("Choisissez une catégorie ou un produit");
    // A product's own rule.
    let p_owner = format!("p:{croissant}");
    b.post(
        "/caisse/emballages",
        &[("owner", &p_owner), ("min_pieces", "1"), ("max_pieces", "30"), ("packaging_id", &large_s)],
    )
    .await
    .assert_redirect("/caisse/emballages?ok=parametres");
    let (cat_rules, prod_rules) = t
        .app
        .db
        .read(move |c| Ok((store::rules_for_category(c, cat)?, store::rules_for_product(c, croissant)?)))
        .await
        .unwrap();
    assert_eq!(
        cat_rules,
        vec![
            Range { min_pieces: 1, max_pieces: 6, packaging_id: small },
            Range { min_pieces: 7, max_pieces: 12, packaging_id: large }
        ]
    );
    assert_eq!(prod_rules.len(), 1);
    assert_eq!(rules::boxes(13, &cat_rules), vec![(large, 1), (small, 1)]);
    assert_eq!(rules::boxes(1, &cat_rules), vec![(small, 1)]);
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE kind = 'caisse.parametres'").await, 3);
    // Delete one.
    let id = t.count("SELECT min(id) FROM packaging_rules").await;
    b.post(&format!("/caisse/emballages/{id}/supprimer"), &[])
        .await
        .assert_redirect("/caisse/emballages?ok=parametres");
    assert_eq!(t.count("SELECT count(*) FROM packaging_rules").await, 2);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn limits_are_checked_beside_their_fields() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let page = b.get("/caisse/parametres").await;
    page.assert_contains("Remise maximale par rôle");
    let vendeuse = t.count("SELECT id FROM roles WHERE code = 'vendeuse'").await;
    let admin = t.count("SELECT id FROM roles WHERE code = 'admin'").await;
    let roles: Vec<(i64,)> =
        t.app.db.read(|c| Ok(auth_store::role_limits(c)?.into_iter().map(|(id, _, _)| (id,)).collect())).await.unwrap();
    let mut form: Vec<(String, String)> =
        vec![("discount_reason_pct".into(), "120".into()), ("variance_reason".into(), "-5".into())];
    for (id,) in &roles {
        form.push((format!("role_{id}"), if *id == vendeuse { "abc".into() } else { "15".into() }));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let bad = b.post("/caisse/parametres", &pairs).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Un pourcentage entre 0 et 100.");
    bad.assert_contains("Un montant positif");
    assert!(bad.body.contains("value=\"abc\""), "typed values come back");
    for (k, v) in form.iter_mut() {
        match k.as_str() {
            "discount_reason_pct" => *v = "12".into(),
            "variance_reason" => *v = "750,50".into(),
            _ if *k == format!("role_{vendeuse}") => *v = "8".into(),
            _ => {}
        }
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post("/caisse/parametres", &pairs).await.assert_redirect("/caisse/parametres?ok=parametres");
    let (settings, v_pct, a_pct) = t
        .app
        .db
        .read(move |c| {
            Ok((
                store::settings(c)?,
                auth_store::max_discount_pct(c, vendeuse)?,
                auth_store::max_discount_pct(c, admin)?,
            ))
        })
        .await
        .unwrap();
    assert_eq!(settings.discount_reason_pct, 12);
    assert_eq!(settings.variance_reason, Money::from_cents(75_050));
    assert_eq!((v_pct, a_pct), (8, 100));
    assert!(t.audit_kinds().await.contains(&"caisse.parametres".to_string()));
}

#[tokio::test]
async fn a_vendeuse_may_not_edit_the_till_rules() {
    let t = spawn_ready().await;
    let mut v = t.signed_in("amina", "vendeuse").await;
    for path in ["/caisse/emballages", "/caisse/parametres"] {
        assert_eq!(v.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
}

async fn set_pin(b: &mut Browser<'_>, pin: &str) -> Page {
    b.get("/compte").await;
    b.post("/compte/code-pin", &[("pin", pin), ("pin_confirm", pin), ("pin_current", PASSWORD)]).await
}

#[tokio::test]
async fn sellers_set_their_pin_and_take_the_till() {
    let t = spawn_ready().await;
    let mut amina = t.signed_in("amina", "vendeuse").await;
    amina.get("/compte").await.assert_contains("Mon code PIN de caisse");
    // Wrong password, mismatched, too short.
    let bad = amina.post("/compte/code-pin", &[("pin", "1234"), ("pin_confirm", "1234"), ("pin_current", "non")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Mot de passe actuel incorrect.");
    amina
        .post("/compte/code-pin", &[("pin", "1234"), ("pin_confirm", "1235"), ("pin_current", PASSWORD)])
        .await
        .assert_contains("Les deux codes PIN diffèrent.");
    amina
        .post("/compte/code-pin", &[("pin", "12"), ("pin_confirm", "12"), ("pin_current", PASSWORD)])
        .await
        .assert_contains("4 à 6 chiffres");
    set_pin(&mut amina, "4821").await.assert_redirect("/compte");
    amina.get("/compte").await.assert_contains("Votre code PIN est défini");
    let stored = t.count("SELECT count(*) FROM users WHERE username = 'amina' AND pin_hash LIKE '$argon2id$%'").await;
    assert_eq!(stored, 1);

    // Sara at the shared till sees Amina's tile.
    let mut till = t.signed_in("sara", "vendeuse").await;
    till.hx = true;
    let tiles = till.get("/caisse/vendeuses").await;
    tiles.assert_contains("amina");
    assert!(!tiles.body.contains("<html"), "a fragment");
    let amina_id = t.count("SELECT id FROM users WHERE username = 'amina'").await.to_string();
    let wrong = till.post("/caisse/vendeuse", &[("user_id", &amina_id), ("pin", "0000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("Code PIN incorrect.");
    let ok = till.post("/caisse/vendeuse", &[("user_id", &amina_id), ("pin", "4821")]).await;
    assert_eq!(ok.header("HX-Redirect"), Some("/caisse"));
    till.hx = false;
    let account = till.get("/compte").await;
    account.assert_contains("(amina)");
    assert!(t.audit_kinds().await.contains(&"caisse.changement_vendeuse".to_string()));
}

#[tokio::test]
async fn wrong_pins_are_throttled() {
    let t = spawn_ready().await;
    let mut amina = t.signed_in("amina", "vendeuse").await;
    set_pin(&mut amina, "4821").await.assert_redirect("/compte");
    let mut till = t.signed_in("sara", "vendeuse").await;
    till.get("/caisse/vendeuses").await;
    let amina_id = t.count("SELECT id FROM users WHERE username = 'amina'").await.to_string();
    for _ in 0..5 {
        let p = till.post("/caisse/vendeuse", &[("user_id", &amina_id), ("pin", "1111")]).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let blocked = till.post("/caisse/vendeuse", &[("user_id", &amina_id), ("pin", "4821")]).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    blocked.assert_contains("Trop de codes erronés");
    till.get("/compte").await.assert_contains("(sara)");
    // After the window, the right PIN works.
    t.advance(chrono::Duration::minutes(16));
    let ok = till.post("/caisse/vendeuse", &[("user_id", &amina_id), ("pin", "4821")]).await;
    ok.assert_redirect("/caisse");
}

#[tokio::test]
async fn an_admin_sets_and_clears_a_pin() {
    let t = spawn_ready().await;
    let id = t.user_with_role("amina", "vendeuse").await;
    let mut a = t.admin().await;
    a.get(&format!("/admin/utilisateurs/{id}")).await.assert_contains("Code PIN de caisse");
    let path = format!("/admin/utilisateurs/{id}/code-pin");
    assert_eq!(a.post(&path, &[("pin", "12"), ("action", "set")]).await.status, StatusCode::CONFLICT);
    a.post(&path, &[("pin", "654321"), ("action", "set")])
        .await
        .assert_redirect(&format!("/admin/utilisateurs/{id}?ok=utilisateur-modifie"));
    assert_eq!(t.count("SELECT count(*) FROM users WHERE pin_hash IS NOT NULL").await, 1);
    a.post(&path, &[("action", "clear")]).await;
    assert_eq!(t.count("SELECT count(*) FROM users WHERE pin_hash IS NOT NULL").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE kind = (SELECT kind FROM audit_log WHERE summary LIKE 'Code PIN%' LIMIT 1)").await, 2);
    // A vendeuse may not.
    let mut v = t.signed_in("sara", "vendeuse").await;
    v.get("/compte").await;
    assert_eq!(v.post(&path, &[("action", "clear")]).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_administrator_cannot_be_taken_over_with_a_pin() {
    let t = spawn_ready().await;
    let mut a = t.admin().await;
    set_pin(&mut a, "9999").await.assert_redirect("/compte");
    let mut till = t.signed_in("sara", "vendeuse").await;
    let tiles = till.get("/caisse/vendeuses").await;
    assert!(!tiles.body.contains("name=\"user_id\" value=\"1\""), "no admin tile");
    let admin_id = t.count("SELECT id FROM users WHERE username = 'admin'").await.to_string();
    let refused = till.post("/caisse/vendeuse", &[("user_id", &admin_id), ("pin", "9999")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    till.get("/compte").await.assert_contains("(sara)");
}
