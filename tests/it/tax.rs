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
