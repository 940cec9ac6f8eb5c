//! The forecast (issue #19 §6): computed by the server's thread, never by the page; both models
//! backtested over 8 weeks, the better one's next 7 days stored and shown with their errors.

use chrono::{Datelike, Duration, NaiveDate};

use crate::kpi::sale_at;
use crate::support::*;

/// 13 weeks of croissants: 5 a day, Tuesdays alternating 12 and 8 (12 on 17 November).
async fn thirteen_weeks_of_croissants(b: &crate::orders::Bakery) -> i64 {
    let t = &b.t;
    let croissant = t.given().product("Croissant").price("40").on_hand(2_000).at(COUNTER).worth("30000").await;
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    for n in 1..=91 {
        let d = today - Duration::days(n);
        let pieces = if d.weekday() == chrono::Weekday::Tue { if (n / 7) % 2 == 1 { 12 } else { 8 } } else { 5 };
        sale_at(t, &b.seller, &format!("{d}T10:00:00Z"), croissant, pieces, pieces * 40).await;
    }
    croissant
}

#[tokio::test]
async fn the_forecast_is_computed_in_the_background_measured_and_shown() {
    let b = crate::orders::bakery().await;
    let t = &b.t;
    thirteen_weeks_of_croissants(&b).await;
    let mut g = t.signed_in("nadia", "gerante").await;
    let page = g.get("/rapports/prevision").await;
    assert_eq!(page.status, 200);
    page.assert_contains("Aucune prévision n'a encore été calculée");
    let app = t.app.clone();
    tokio::task::spawn_blocking(move || fournil::system::nightly::forecast(&app)).await.unwrap();
    let page = g.get("/rapports/prevision").await;
    // Naive: 4 pieces off on each of 8 Tuesdays, 32 of 320 sold; weighted: 2,4 off, 19,2.
    page.assert_contains("<td class=\"num\">10,0 %</td>");
    page.assert_contains("<td class=\"num\">6,0 %</td>");
    page.assert_contains("Prévision retenue : <strong>moyenne pondérée");
    // Tuesday 1 December: (12×4 + 8×3 + 12×2 + 8×1) ÷ 10; the other days 5.
    page.assert_contains("<th class=\"num\">01/12</th>");
    page.assert_contains("<td>Croissant</td><td class=\"num\">5</td>");
    page.assert_contains("<td class=\"num\">10,4</td>");
    let rows = t.count("SELECT count(*) FROM forecasts").await;
    assert_eq!(rows, 7, "tomorrow and the 6 days after");
    t.assert_check_passes().await;
}

/// The forecast pre-fills the counter's targets once it beats the naive baseline: Tuesday's
/// weighted forecast (10,4, rounded up to 11 pieces) instead of the last four Tuesdays' average (10).
#[tokio::test]
async fn the_counter_targets_start_from_the_forecast_when_it_wins() {
    let b = crate::orders::bakery().await;
    let t = &b.t;
    let croissant = thirteen_weeks_of_croissants(&b).await;
    let mut g = t.signed_in("nadia", "gerante").await;
    let field =
        format!("id=\"t-{croissant}\" type=\"text\" name=\"qty\" inputmode=\"decimal\" autocomplete=\"off\" value=");
    let page = g.get("/production/objectifs?jour=2").await;
    page.assert_contains("Proposition : la moyenne vendue les quatre derniers mardis");
    page.assert_contains(&format!("{field}\"10 pièces\""));
    let app = t.app.clone();
    tokio::task::spawn_blocking(move || fournil::system::nightly::forecast(&app)).await.unwrap();
    let page = g.get("/production/objectifs?jour=2").await;
    page.assert_contains("Proposition : la prévision du prochain mardi");
    page.assert_contains(&format!("{field}\"11 pièces\""));
    // Saved targets stay the gérante's; "Proposer" shows the forecast again.
    let id = croissant.to_string();
    g.post("/production/objectifs", &[("weekday", "2"), ("product_id", &id), ("qty", "9")]).await;
    let page = g.get("/production/objectifs?jour=2").await;
    assert!(!page.body.contains("id=\"suggestion\""));
    page.assert_contains(&format!("{field}\"9 pièces\""));
    g.get("/production/objectifs?jour=2&proposer=1").await.assert_contains(&format!("{field}\"11 pièces\""));
    t.assert_check_passes().await;
}
