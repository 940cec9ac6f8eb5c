//! Stock pages through the real app: overview, transfers, losses, alerts, locations, who sees values.

use fournil::audit::Actor;
use fournil::catalog::{Kind, Unit};
use fournil::money::{Money, Qty};
use fournil::stock::ops::levels::Status;
use fournil::stock::ops::{self, levels};

use crate::support::*;

/// The value of a hidden or text input in a page.
fn input_value(body: &str, name: &str) -> String {
    let at = body.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no input {name}"));
    let rest = &body[at..];
    let v = rest.find("value=\"").unwrap() + 7;
    rest[v..v + rest[v..].find('"').unwrap()].to_string()
}

async fn sql_i64(t: &TestApp, sql: &'static str) -> i64 {
    t.count(sql).await
}

#[tokio::test]
async fn a_transfer_beyond_what_is_held_saves_nothing_and_a_transfer_moves_value_not_pmp() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine T55").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 25_000).at(RESERVE).worth("2 000").await;
    let f = farine.to_string();

    let page = b.get("/stock/transferts").await;
    let token = input_value(&page.body, "token");
    let too_much = b
        .post(
            "/stock/transferts",
            &[
                ("from", "1"),
                ("to", "2"),
                ("product", &f),
                ("qty", "30 kg"),
                ("token", &token),
                ("action", "enregistrer"),
            ],
        )
        .await;
    assert_eq!(too_much.status, 409, "{}", too_much.body);
    assert!(too_much.body.contains("Il ne reste que"), "{}", too_much.body);
    assert_eq!(sql_i64(&t, "SELECT count(*) FROM stock_documents").await, 0);
    assert_eq!(held(&t, farine, 1).await, (Qty::whole(25_000), Money::from_da(2_000)));

    // A bad quantity: beside its field, nothing saved.
    let bad = b
        .post(
            "/stock/transferts",
            &[("from", "1"), ("to", "2"), ("product", &f), ("qty", "beaucoup"), ("token", &token)],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("class=\"error\""), "{}", bad.body);
    assert_eq!(sql_i64(&t, "SELECT count(*) FROM stock_documents").await, 0);

    let form = [
        ("from", "1"),
        ("to", "2"),
        ("product", f.as_str()),
        ("qty", "10 kg"),
        ("token", &token),
        ("action", "enregistrer"),
    ];
    b.post("/stock/transferts", &form).await.assert_redirect("/stock/transferts?ok=transfert");
    // A double tap: the same token records nothing more.
    b.post("/stock/transferts", &form).await.assert_redirect("/stock/transferts?ok=transfert");
    assert_eq!(sql_i64(&t, "SELECT count(*) FROM stock_documents").await, 1);
    assert_eq!(held(&t, farine, 1).await, (Qty::whole(15_000), Money::from_da(1_200)));
    assert_eq!(held(&t, farine, 2).await, (Qty::whole(10_000), Money::from_da(800)));
    // Value-neutral: no entry beyond the purchase.
    assert_eq!(sql_i64(&t, "SELECT count(*) FROM journal_entries").await, 1);
    let list = b.get("/stock/transferts").await;
    list.assert_contains("Farine T55");
    let card = b.get(&format!("/stock/produits/{farine}")).await;
    card.assert_contains("Transfert (sortie)");
    card.assert_contains("Transfert (entrée)");
    // Running balances per place: 25 kg bought, then 15 kg left in the store room, 10 kg in the lab.
    let row = |label: &str| card.body.split("<tr>").find(|r| r.contains(label)).unwrap().to_string();
    assert!(row("Transfert (sortie)").contains("15 kg"), "{}", row("Transfert (sortie)"));
    assert!(row("Transfert (entrée)").contains(">10 kg<"), "{}", row("Transfert (entrée)"));
    assert!(row("Achat reçu").contains("25 kg"), "{}", row("Achat reçu"));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_loss_is_valued_at_the_pmp_and_posted_to_658() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let beurre =
        t.given().product("Beurre").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("1400").allergens("lait").await;
    t.given().stock(beurre, 10_000).at(RESERVE).worth("14 000").await;
    let id = beurre.to_string();
    let page = b.get("/stock/pertes").await;
    let token = input_value(&page.body, "token");
    b.post(
        "/stock/pertes",
        &[
            ("location", "1"),
            ("reason", "perime"),
            ("product", &id),
            ("qty", "2 kg"),
            ("token", &token),
            ("action", "enregistrer"),
        ],
    )
    .await
    .assert_redirect("/stock/pertes?ok=ajustement");
    assert_eq!(held(&t, beurre, 1).await, (Qty::whole(8_000), Money::from_da(11_200)));
    assert_eq!(sql_i64(&t, "SELECT sum(debit) FROM journal_lines WHERE account = '658'").await, 280_000);
    assert_eq!(sql_i64(&t, "SELECT count(*) FROM stock_documents WHERE reason = 'perime'").await, 1);
    // A correction may add: valued at the PMP (1 400 DA/kg), credited to 758.
    let page = b.get("/stock/pertes").await;
    page.assert_contains("Périmé");
    let token = input_value(&page.body, "token");
    b.post(
        "/stock/pertes",
        &[
            ("location", "1"),
            ("reason", "correction"),
            ("product", &id),
            ("qty", "+500 g"),
            ("token", &token),
            ("action", "enregistrer"),
        ],
    )
    .await
    .assert_redirect("/stock/pertes?ok=ajustement");
    assert_eq!(sql_i64(&t, "SELECT sum(credit) FROM journal_lines WHERE account = '758'").await, 70_000);
    // More than held: refused, nothing saved.
    let page = b.get("/stock/pertes").await;
    let token = input_value(&page.body, "token");
    let refused = b
        .post(
            "/stock/pertes",
            &[("location", "1"), ("reason", "casse"), ("product", &id), ("qty", "50 kg"), ("token", &token)],
        )
        .await;
    assert_eq!(refused.status, 409);
    assert_eq!(sql_i64(&t, "SELECT count(*) FROM stock_documents").await, 2);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn alerts_suggest_purchases_grouped_by_supplier_in_packs() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    let sucre = t.given().product("Sucre").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("100").await;
    let sel = t.given().product("Sel").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("40").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    t.given().stock(sucre, 30_000).at(RESERVE).worth("3 000").await;
    t.app
        .db
        .write(move |tx| {
            tx.execute_batch(&format!(
                "INSERT INTO suppliers (id, name, created_at, updated_at) VALUES (1, 'Moulins du Sud', 'x', 'x'), (2, 'Épicerie Benali', 'x', 'x');
                 INSERT INTO product_suppliers VALUES ({farine}, 1), ({sucre}, 2), ({sel}, 2);
                 INSERT INTO product_packs (product_id, name, content) VALUES ({farine}, 'Sac 25 kg', 25000000);
                 INSERT INTO product_thresholds VALUES ({farine}, 1, 20000000), ({sucre}, 1, 5000000), ({sel}, 1, 1000000);"
            ))?;
            Ok(())
        })
        .await
        .unwrap();
    let groups = t.app.db.read(levels::suggestions).await.unwrap();
    let names: Vec<_> =
        groups.iter().map(|(s, l)| (s.clone(), l.iter().map(|x| x.product.name.clone()).collect::<Vec<_>>())).collect();
    // Sucre holds 30 kg over a 5 kg threshold: no alert. Farine: 10 kg < 20 kg → reach 40 kg = 30 kg
    // = 2 sacks of 25 kg. Sel: nothing held, threshold 1 kg → 2 kg.
    assert_eq!(
        names,
        vec![
            (Some("Épicerie Benali".into()), vec!["Sel".to_string()]),
            (Some("Moulins du Sud".into()), vec!["Farine".to_string()])
        ]
    );
    let f = &groups[1].1[0];
    assert_eq!(f.packs, Some(("Sac 25 kg".into(), 2)));
    assert_eq!(f.qty, Qty::whole(50_000));
    assert_eq!(groups[0].1[0].qty, Qty::whole(2_000));
    let page = b.get("/stock/alertes").await;
    page.assert_contains("Moulins du Sud");
    page.assert_contains("2 × Sac 25 kg");
    let overview = b.get("/stock?lieu=1").await;
    overview.assert_contains("rupture");
    overview.assert_contains("bas");
    // The owner's home reads the same statuses from the thresholds alone (`levels::low`): the
    // ones the stock page gives, in its order; a deactivated product leaves both.
    let from_levels = || async {
        let (_, all) = t.app.db.read(levels::levels).await.unwrap();
        all.iter()
            .filter(|l| l.product.active && l.status() != Status::Ok)
            .map(|l| (l.product.name.clone(), l.location_id, l.status()))
            .collect::<Vec<_>>()
    };
    let low = t.app.db.read(levels::low).await.unwrap();
    assert_eq!(low, vec![("Farine".to_string(), RESERVE, Status::Low), ("Sel".to_string(), RESERVE, Status::Out)]);
    assert_eq!(low, from_levels().await);
    let home = b.get("/").await;
    home.assert_contains("Farine — ");
    home.assert_contains("Sel — ");
    // The home's card shows six: what is out comes before what is low, whatever the names.
    assert!(home.body.find("Sel — ") < home.body.find("Farine — "), "{}", home.body);
    t.app.db.write(move |tx| Ok(tx.execute("UPDATE products SET active = 0 WHERE id = ?1", [sel])?)).await.unwrap();
    let low = t.app.db.read(levels::low).await.unwrap();
    assert_eq!(low, vec![("Farine".to_string(), RESERVE, Status::Low)]);
    assert_eq!(low, from_levels().await);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn production_sees_stock_without_values_and_cannot_move_it() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    admin.get("/stock").await.assert_contains("PMP");
    let mut prod = t.signed_in("karim", "production").await;
    let page = prod.get("/stock").await;
    assert_eq!(page.status, 200);
    page.assert_contains("Farine");
    assert!(!page.body.contains("PMP") && !page.body.contains("800,00"), "values leak to production");
    let card = prod.get(&format!("/stock/produits/{farine}")).await;
    assert_eq!(card.status, 200);
    assert!(!card.body.contains("800,00"));
    assert_eq!(prod.get("/stock/transferts").await.status, 403);
    assert_eq!(prod.post("/stock/pertes", &[("location", "1")]).await.status, 403);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_new_lab_location_takes_ingredients_and_a_location_holding_stock_stays_active() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    b.get("/stock/lieux").await;
    b.post("/stock/lieux", &[("name", "Labo viennoiserie"), ("kind", "labo")])
        .await
        .assert_redirect("/stock/lieux?ok=lieu");
    assert_eq!(b.post("/stock/lieux", &[("name", "labo viennoiserie"), ("kind", "labo")]).await.status, 422);
    let lab: i64 = t.count("SELECT id FROM locations WHERE name = 'Labo viennoiserie'").await;
    t.app
        .db
        .write(move |tx| {
            let d = ops::TransferDraft {
                from: 1,
                to: lab,
                lines: vec![(farine, Qty::whole(4_000))],
                note: String::new(),
                token: None,
            };
            ops::move_between(tx, &Actor::system(), &d, "2026-11-24T09:00:00Z", day())
        })
        .await
        .unwrap();
    assert_eq!(held(&t, farine, lab).await.0, Qty::whole(4_000));
    // Holding stock: cannot be deactivated. The seeded counter is the last of its kind.
    assert_eq!(b.post(&format!("/stock/lieux/{lab}/desactiver"), &[]).await.status, 409);
    assert_eq!(b.post("/stock/lieux/3/desactiver", &[]).await.status, 409);
    b.post("/stock/lieux/2", &[("name", "Labo principal")]).await.assert_redirect("/stock/lieux?ok=lieu");
    b.get("/stock/lieux").await.assert_contains("Labo principal");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn bad_inputs_come_back_beside_their_fields_and_save_nothing() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    let f = farine.to_string();
    let page = b.get("/stock/pertes").await;
    let token = input_value(&page.body, "token");
    // A zero quantity, a quantity of another dimension, no product, no reason.
    for (product, qty, reason, field) in [
        (f.as_str(), "0 g", "casse", "f-line-0-qty"),
        (f.as_str(), "3 L", "casse", "f-line-0-qty"),
        ("", "3 kg", "casse", "f-line-0-product"),
        (f.as_str(), "3 kg", "", "f-reason"),
    ] {
        let page = b
            .post(
                "/stock/pertes",
                &[("location", "1"), ("reason", reason), ("product", product), ("qty", qty), ("token", &token)],
            )
            .await;
        assert_eq!(page.status, 422, "{qty} {reason}: {}", page.body);
        assert!(page.body.contains(&format!("id=\"{field}\"")), "{field} missing");
    }
    // A signed loss is refused: a loss is typed as the quantity lost.
    let page = b
        .post(
            "/stock/pertes",
            &[("location", "1"), ("reason", "casse"), ("product", &f), ("qty", "-3 kg"), ("token", &token)],
        )
        .await;
    assert_eq!(page.status, 422);
    // The same place twice.
    let page = b
        .post("/stock/transferts", &[("from", "1"), ("to", "1"), ("product", &f), ("qty", "1 kg"), ("token", &token)])
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(t.count("SELECT count(*) FROM stock_documents").await, 0);
    assert_eq!(held(&t, farine, 1).await, (Qty::whole(10_000), Money::from_da(800)));
    // "+ Ajouter des lignes" keeps what was typed and adds rows.
    let more = b
        .post(
            "/stock/transferts",
            &[("from", "1"), ("to", "2"), ("product", &f), ("qty", "4 kg"), ("token", &token), ("action", "lignes")],
        )
        .await;
    assert_eq!(more.status, 200);
    assert!(more.body.contains("value=\"4 kg\"") && more.body.contains("f-line-3-qty"));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_deactivated_location_leaves_the_forms_and_production_cannot_count() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    b.get("/stock/lieux").await;
    b.post("/stock/lieux", &[("name", "Réserve 2"), ("kind", "reserve")]).await.assert_redirect("/stock/lieux?ok=lieu");
    let id: i64 = t.count("SELECT id FROM locations WHERE name = 'Réserve 2'").await;
    b.get("/stock/transferts").await.assert_contains("Réserve 2");
    b.post(&format!("/stock/lieux/{id}/desactiver"), &[]).await.assert_redirect("/stock/lieux?ok=lieu");
    assert!(!b.get("/stock/transferts").await.body.contains("Réserve 2"));
    b.get("/stock/lieux").await.assert_contains("inactif");
    b.post(&format!("/stock/lieux/{id}/activer"), &[]).await.assert_redirect("/stock/lieux?ok=lieu");
    let mut prod = t.signed_in("karim", "production").await;
    assert_eq!(prod.get("/stock/inventaires").await.status, 200);
    assert_eq!(prod.post("/stock/inventaires", &[("location_id", "2")]).await.status, 403);
    assert_eq!(prod.get("/stock/lieux").await.status, 403);
    t.assert_check_passes().await;
}
