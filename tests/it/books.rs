//! The books' pages: journal, entry, ledger, trial balance, closing a month.

use fournil::audit::Actor;
use fournil::catalog::{Kind, Unit};
use fournil::money::Qty;
use fournil::stock::{Reason, ops};

use crate::support::*;

#[tokio::test]
async fn the_journal_ledger_and_trial_balance_show_what_was_posted() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("60").await;
    let day = t.app.clock.business_day();
    // A correction brings 10 kg in at the reference cost (600 DA), a loss takes 2 kg out (120 DA).
    for (reason, qty) in [(Reason::Correction, 10_000), (Reason::Casse, -2_000)] {
        let d = ops::AdjustmentDraft {
            costs: Vec::new(),
            location_id: 1,
            reason,
            lines: vec![(farine, Qty::whole(qty))],
            note: String::new(),
            token: None,
        };
        t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &d, NOW, day)).await.unwrap();
    }
    let mut admin = t.admin().await;
    let journal = admin.get("/compta/journal").await;
    journal.assert_contains("OD-2026-00001");
    journal.assert_contains("OD-2026-00002");
    journal.assert_contains("600,00 DA");
    let ledger = admin.get("/compta/comptes/31").await;
    ledger.assert_contains("Matières premières et fournitures");
    ledger.assert_contains("480,00 DA"); // running balance 600 − 120
    let tb = admin.get("/compta/balance").await;
    tb.assert_contains("✔ Débits = crédits.");
    tb.assert_contains("758");
    tb.assert_contains("658");
    let bad = admin.get("/compta/balance?au=32/13/2026").await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Date invalide");
    admin.get("/compta/regles").await.assert_contains("Perte, casse, périmé");
    assert_eq!(admin.get("/compta/comptes/999").await.status, 404);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn closing_a_month_needs_its_permission_and_then_refuses_postings() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("60").await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/periodes").await.assert_contains("Mois clôturés");
    assert!(!gerante.get("/compta/periodes").await.body.contains("Clôturer un mois"));
    assert_eq!(gerante.post("/compta/periodes", &[("month", "2026-11")]).await.status, 403);
    let mut admin = t.admin().await;
    admin.get("/compta/periodes").await;
    let bad = admin.post("/compta/periodes", &[("month", "novembre")]).await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Un mois comme 2026-10.");
    // Today's month (or a later one) has not ended: closing it would stop the till.
    let today = admin.post("/compta/periodes", &[("month", "2026-11")]).await;
    assert_eq!(today.status, 422);
    today.assert_contains("Le mois 11/2026 n'est pas terminé : il se clôture à partir du 01/12/2026.");
    assert_eq!(admin.post("/compta/periodes", &[("month", "2027-01")]).await.status, 422);
    assert_eq!(t.count("SELECT count(*) FROM closed_periods").await, 0);
    admin.post("/compta/periodes", &[("month", "2026-10")]).await.assert_redirect("/compta/periodes?ok=mois-cloture");
    let october = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let d = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Correction,
        lines: vec![(farine, Qty::whole(1_000))],
        note: String::new(),
        token: None,
    };
    let err = t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &d, NOW, october)).await.unwrap_err();
    assert!(err.user_message().contains("est clôturé"));
    assert!(t.audit_kinds().await.contains(&"compta.mois_cloture".to_string()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_books_are_readable_through_the_api() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("60").await;
    let day = t.app.clock.business_day();
    let d = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Correction,
        lines: vec![(farine, Qty::whole(10_000))],
        note: String::new(),
        token: None,
    };
    t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &d, NOW, day)).await.unwrap();
    let (actor, now) = (Actor::cli(), t.app.clock.now_text());
    let token =
        t.app.db.write(move |tx| fournil::auth::ops::create_token(tx, &actor, 1, "compta", &now)).await.unwrap();
    let resp = t
        .http
        .get("/api/v1/compta/ecritures?journal=OD")
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await;
    resp.assert_status_is_ok();
    let body: serde_json::Value = resp.json().await.value().deserialize();
    assert_eq!(body["data"][0]["number"], "OD-2026-00001");
    assert_eq!(body["data"][0]["lines"][0]["debit"], 60_000);
    let resp = t.http.get("/api/v1/compta/balance").header("Authorization", format!("Bearer {token}")).send().await;
    let body: serde_json::Value = resp.json().await.value().deserialize();
    let total: i64 = body["data"].as_array().unwrap().iter().map(|r| r["balance"].as_i64().unwrap()).sum();
    assert_eq!(total, 0, "the trial balance sums to zero");
    let bad = t
        .http
        .get("/api/v1/compta/ecritures?journal=XX")
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await;
    bad.assert_status(poem::http::StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn closing_a_month_also_protects_the_months_before_it() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("60").await;
    t.app
        .db
        .write(|tx| fournil::accounting::ops::close_month(tx, &system_at("2026-11-02T08:00:00Z"), "2026-10"))
        .await
        .unwrap();
    let september = chrono::NaiveDate::from_ymd_opt(2026, 9, 15).unwrap();
    let d = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Correction,
        lines: vec![(farine, Qty::whole(1_000))],
        note: String::new(),
        token: None,
    };
    let err = t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &d, NOW, september)).await.unwrap_err();
    assert!(err.user_message().contains("Le mois 09/2026 est clôturé"), "{}", err.user_message());
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_trial_balance_reads_kept_daily_totals_and_check_proves_them() {
    let t = spawn_ready().await;
    t.assert_check_passes().await;
    t.app
        .db
        .write(|tx| {
            tx.execute(
                "INSERT INTO account_days (account, day, debit, credit) VALUES ('530', '2026-11-24', 100, 0)",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failed: Vec<String> = report.failures().map(|f| format!("{f:?}")).collect();
    assert!(failed.iter().any(|f| f.contains("totaux par compte et par jour")), "{failed:?}");
}
