//! The tax regime as a dated setting, the TVA of a product by its category, the droit de timbre
//! from its dated brackets (issue #18 item 4, issue #15).

use chrono::NaiveDate;
use fournil::error::AppError;
use fournil::money::Money;
use fournil::tax::{self, Regime};

use crate::support::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn set(t: &TestApp, from: &str, regime: Regime) -> Result<(), AppError> {
    let from = d(from);
    t.app.db.write(move |tx| tax::ops::set_regime(tx, &system_at(NOW), from, regime, "")).await
}

fn field_error(e: AppError, field: &str) -> String {
    match e {
        AppError::Invalid(f) => f.get(field).unwrap_or_else(|| panic!("no error on {field}: {f}")).to_string(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_new_shop_is_ifu_and_documents_carry_no_tva() {
    let t = spawn_ready().await;
    let bread = t.given().product("Baguette").price("30").await;
    let (regime, tva) =
        t.app.db.read(move |c| Ok((tax::regime_on(c, day())?, tax::product_tva_bp(c, bread, day())?))).await.unwrap();
    assert_eq!(regime, Regime::Ifu { rate_bp: 500 });
    assert_eq!(tva, None);
}

#[tokio::test]
async fn under_reel_a_product_takes_its_categorys_dated_rate() {
    let t = spawn_ready().await;
    let breads = t.given().category("Pains").await;
    let cakes = t.given().category("Entremets").await;
    let bread = t.given().product("Baguette").price("30").category(breads).await;
    let cake = t.given().product("Fraisier").price("2500").category(cakes).await;
    let loose = t.given().product("Sachet").price("10").await;
    t.app
        .db
        .write(move |tx| Ok(tx.execute("UPDATE categories SET tva_class = 'exonere' WHERE id = ?1", [breads])?))
        .await
        .unwrap();
    set(&t, "2026-12-01", Regime::Reel).await.unwrap();

    let rates = t
        .app
        .db
        .read(move |c| {
            let on = |p, day| tax::product_tva_bp(c, p, day);
            Ok([on(cake, day())?, on(bread, d("2026-12-01"))?, on(cake, d("2026-12-01"))?, on(loose, d("2026-12-02"))?])
        })
        .await
        .unwrap();
    assert_eq!(rates, [None, Some(0), Some(1900), Some(1900)], "IFU before the change; exempt bread, cakes at 19 %");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_regime_change_is_never_backwards_nor_in_a_closed_month() {
    let t = spawn_ready().await;
    let e = set(&t, "2026-11-23", Regime::Reel).await.unwrap_err();
    assert!(field_error(e, "valid_from").contains("jamais en arrière"));
    let e = set(&t, "2026-12-01", Regime::Ifu { rate_bp: 500 }).await.unwrap_err();
    assert!(field_error(e, "regime").contains("déjà celui en vigueur"));

    set(&t, "2027-01-01", Regime::Reel).await.unwrap();
    let e = set(&t, "2026-12-15", Regime::Ifu { rate_bp: 500 }).await.unwrap_err();
    assert!(field_error(e, "valid_from").contains("déjà prévu le 2027-01-01"));

    t.app
        .db
        .write(|tx| Ok(tx.execute("INSERT INTO closed_periods (month, closed_at) VALUES ('2027-02', ?1)", [NOW])?))
        .await
        .unwrap();
    let e = set(&t, "2027-02-10", Regime::Ifu { rate_bp: 500 }).await.unwrap_err();
    assert!(field_error(e, "valid_from").contains("clôturé"));
    assert_eq!(t.count("SELECT count(*) FROM tax_regimes").await, 2, "the default and the one change");
    assert!(t.audit_kinds().await.contains(&"fiscalite.regime".to_string()));

    let e = t.app.db.write(|tx| Ok(tx.execute("UPDATE tax_regimes SET regime = 'ifu'", [])?)).await.unwrap_err();
    assert!(e.to_string().contains("ne se modifie pas"), "{e}");
}

#[tokio::test]
async fn the_stamp_duty_follows_the_brackets_of_its_day() {
    let t = spawn_ready().await;
    let duty = |day: &'static str, da: i64| {
        let db = t.app.db.clone();
        async move { db.read(move |c| tax::stamp_duty(c, d(day), Money::from_da(da))).await.unwrap() }
    };
    assert_eq!(duty("2024-06-01", 120).await, Money::from_da(5), "LF 2023: at least 5 DA");
    assert_eq!(duty("2024-06-01", 2_000_000).await, Money::from_da(10_000), "LF 2023: at most 10 000 DA");
    assert_eq!(duty("2026-11-24", 250).await, Money::ZERO, "LF 2025: exempt up to 300 DA");
    assert_eq!(duty("2026-11-24", 31_010).await, Money::from_da(467));
    assert_eq!(duty("2026-11-24", 950_000).await, Money::from_da(19_000), "the circular's example");
}

#[tokio::test]
async fn the_accountant_changes_regime_and_adds_a_rate_on_the_tax_page() {
    let t = spawn_ready().await;
    let mut vendeuse = t.signed_in("amina", "vendeuse").await;
    vendeuse.get("/").await;
    assert_eq!(vendeuse.post("/compta/fiscalite/regime", &[("regime", "reel")]).await.status, 403);

    let mut admin = t.admin().await;
    let page = admin.get("/compta/fiscalite").await;
    page.assert_contains("IFU (impôt forfaitaire unique)");
    page.assert_contains("LF 2025 art. 46");
    page.assert_contains("19 %");
    let bad =
        admin.post("/compta/fiscalite/regime", &[("regime", "ifu"), ("ifu_rate", "cinq"), ("valid_from", "")]).await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Le taux de l'IFU : un pourcentage comme 5 ou 0,5.");
    bad.assert_contains("Une date comme 2027-01-01.");
    assert_eq!(t.count("SELECT count(*) FROM tax_regimes").await, 1, "nothing saved");
    admin
        .post(
            "/compta/fiscalite/regime",
            &[("regime", "reel"), ("valid_from", "2026-12-01"), ("note", "Traiteur (LF 2025)")],
        )
        .await
        .assert_redirect("/compta/fiscalite?ok=regime-change");
    admin.get("/compta/fiscalite").await.assert_contains("Traiteur (LF 2025)");
    t.app
        .db
        .write(|tx| Ok(tx.execute("INSERT INTO closed_periods (month, closed_at) VALUES ('2027-02', ?1)", [NOW])?))
        .await
        .unwrap();
    let closed = admin
        .post(
            "/compta/fiscalite/regime",
            &[("regime", "reel"), ("ifu_rate", ""), ("valid_from", "2027-02-10"), ("note", "")],
        )
        .await;
    assert_eq!(closed.status, 422);
    closed.assert_contains("Le mois 02/2027 est clôturé : le régime ne peut pas y changer.");
    assert_eq!(t.count("SELECT count(*) FROM tax_regimes").await, 2, "the default and the one change");

    let rate = |class: &'static str, rate: &'static str, from: &'static str| {
        vec![("class", class), ("rate", rate), ("rate_from", from), ("source", "LF 2027 art. 12")]
    };
    let before = admin.post("/compta/fiscalite/tva", &rate("reduit", "7", "2016-06-01")).await;
    assert_eq!(before.status, 422);
    before.assert_contains("jamais en arrière");
    t.app
        .db
        .write(|tx| Ok(tx.execute("INSERT INTO tva_rates VALUES ('reduit', '2027-06-01', 800, 'x', ?1)", [NOW])?))
        .await
        .unwrap();
    let earlier = admin.post("/compta/fiscalite/tva", &rate("reduit", "7", "2027-04-01")).await;
    assert_eq!(earlier.status, 422);
    earlier
        .assert_contains("Le taux « Taux réduit » a déjà une ligne au 2027-06-01 : le nouveau doit commencer après.");
    assert_eq!(t.count("SELECT count(*) FROM tva_rates WHERE class = 'reduit'").await, 2, "nothing saved");
    admin
        .post("/compta/fiscalite/tva", &rate("normal", "20", "2027-03-01"))
        .await
        .assert_redirect("/compta/fiscalite?ok=taux-tva");
    let normal = t.app.db.read(|c| tax::tva_bp_on(c, tax::TvaClass::Normal, d("2027-03-02"))).await.unwrap();
    assert_eq!(normal, 2000);
    assert!(t.audit_kinds().await.contains(&"fiscalite.taux_tva".to_string()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_category_carries_its_tva_class_in_the_form_and_the_api() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/catalogue/categories").await.assert_contains("Exonéré (pain, farines, semoules)");
    admin
        .post(
            "/catalogue/categories",
            &[("name", "Pains"), ("position", "1"), ("color", "#b5652b"), ("tva_class", "exonere")],
        )
        .await;
    assert_eq!(t.count("SELECT count(*) FROM categories WHERE name = 'Pains' AND tva_class = 'exonere'").await, 1);
    let bad = admin
        .post(
            "/catalogue/categories",
            &[("name", "Autres"), ("position", "1"), ("color", "#b5652b"), ("tva_class", "zero")],
        )
        .await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Choisissez la classe de TVA");
}
