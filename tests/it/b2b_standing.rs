//! Standing orders of business customers (issue #15 item 3): the weekly grid, the B2B calendar
//! (closed days, special days with an alternate grid), a one-off change of one date, the
//! generation of a day's orders through the order operation (credit limit included), twice
//! without doubling; bad input refused beside its field, nothing saved.

use poem::http::StatusCode;
use serde_json::json;

use crate::b2b::cafe_form;
use crate::support::*;

/// The grid form: rows of (product, 7 normal quantities, 7 alternate), samedi first.
fn standing_form<'a>(
    head: &[(&'a str, &'a str)],
    rows: &[(&'a str, [&'a str; 7], [&'a str; 7])],
) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = head.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    for (i, (p, n, a)) in rows.iter().enumerate() {
        f.push((format!("p.{i}"), p.to_string()));
        for d in 0..7 {
            f.push((format!("n.{i}.{d}"), n[d].to_string()));
            f.push((format!("a.{i}.{d}"), a[d].to_string()));
        }
    }
    f
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

const DECEMBER: [(&str, &str); 5] = [
    ("customer_id", "1"),
    ("active_from", "2026-12-01"),
    ("active_to", "2026-12-31"),
    ("cutoff", "18:00"),
    ("on_special", "alterne"),
];

async fn count_of(t: &TestApp, sql: String) -> i64 {
    t.app.db.read(move |c| Ok(c.query_row(&sql, [], |r| r.get::<_, i64>(0))?)).await.unwrap()
}

#[tokio::test]
async fn a_month_of_standing_orders_with_a_holiday_alternate_makes_the_right_orders_once() {
    let (t, _amina, croissant) = shop().await;
    let baguette = t.given().product("Baguette").price("20").await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/clients/nouveau").await;
    boss.post("/b2b/clients/nouveau", &cafe_form("client-cafe", ""))
        .await
        .assert_redirect("/b2b/clients/1?ok=client-pro");
    boss.get("/b2b/abonnements").await.assert_contains("Aucun abonnement");
    // Croissants 10 and baguettes 5 from samedi to jeudi, nothing on vendredi; on special days
    // 20 baguettes and no croissant.
    let (c, b) = (croissant.to_string(), baguette.to_string());
    let f = standing_form(
        &DECEMBER,
        &[
            (&c, ["10", "10", "10", "10", "10", "10", ""], ["", "", "", "", "", "", ""]),
            (&b, ["5", "5", "5", "5", "5", "5", ""], ["20", "20", "20", "20", "20", "20", ""]),
        ],
    );
    boss.get("/b2b/abonnements/nouveau").await.assert_contains("Sa");
    boss.post("/b2b/abonnements/nouveau", &pairs(&f)).await.assert_redirect("/b2b/abonnements/1?ok=abonnement");
    // The calendar: the 24th closed (inventory), the 14th to the 16th special days.
    boss.get("/b2b/abonnements/calendrier").await.assert_contains("Calendrier pro");
    let period = |a: &'static str, z: &'static str, kind: &'static str, name: &'static str| {
        vec![("first_day", a), ("last_day", z), ("kind", kind), ("name", name)]
    };
    boss.post("/b2b/abonnements/calendrier", &period("2026-12-24", "2026-12-24", "ferme", "Inventaire"))
        .await
        .assert_redirect("/b2b/abonnements/calendrier?ok=calendrier");
    boss.post("/b2b/abonnements/calendrier", &period("2026-12-14", "2026-12-16", "special", "Ramadan (essai)"))
        .await
        .assert_redirect("/b2b/abonnements/calendrier?ok=calendrier");
    // The 10th only: 30 croissants, nothing else; the template stays.
    boss.post(
        "/b2b/abonnements/1/jour",
        &[("day", "2026-12-10"), ("op.0", &c), ("oq.0", "30"), ("op.1", &b), ("oq.1", "")],
    )
    .await
    .assert_redirect("/b2b/abonnements/1?ok=abonnement-jour");
    for day in 1..=31 {
        let day = format!("2026-12-{day:02}");
        let page = boss.post("/b2b/abonnements/generer", &[("day", &day)]).await;
        assert_eq!(page.status, StatusCode::OK, "{day}: {}", page.body);
    }
    // December 2026: 27 days that are not a Friday, minus the closed 24th = 26 orders; 22
    // ordinary days at 10 croissants and 5 baguettes, the 10th at 30 croissants, 3 special days
    // at 20 baguettes.
    let sum = |p: i64| format!("SELECT coalesce(sum(qty), 0) / 1000 FROM b2b_order_lines WHERE product_id = {p}");
    let check = async || {
        assert_eq!(t.count("SELECT count(*) FROM b2b_orders WHERE status = 'confirmee'").await, 26);
        assert_eq!(count_of(&t, sum(croissant)).await, 22 * 10 + 30);
        assert_eq!(count_of(&t, sum(baguette)).await, 22 * 5 + 3 * 20);
    };
    check().await;
    assert_eq!(t.count("SELECT count(*) FROM b2b_orders WHERE delivery_day IN ('2026-12-04', '2026-12-24')").await, 0);
    assert_eq!(
        count_of(&t, format!("SELECT qty / 1000 FROM b2b_order_lines l JOIN b2b_orders o ON o.id = l.order_id WHERE o.delivery_day = '2026-12-15' AND product_id = {baguette}")).await,
        20
    );
    // Twice: nothing new, the page says so.
    let again = boss.post("/b2b/abonnements/generer", &[("day", "2026-12-15")]).await;
    again.assert_contains("déjà");
    for day in 1..=31 {
        boss.post("/b2b/abonnements/generer", &[("day", &format!("2026-12-{day:02}"))]).await;
    }
    check().await;
    // The orders feed the lab's plan.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    let plan = t.app.db.read(move |c| fournil::plan::ops::plan(c, day)).await.unwrap();
    assert_eq!(plan.lines.iter().find(|l| l.product_id == baguette).unwrap().orders.milli(), 20_000);
    // The template is as typed.
    let grid = boss.get("/b2b/abonnements/1").await;
    grid.assert_contains("10/12/2026");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_bad_standing_order_a_late_change_and_an_order_beyond_the_limit_are_refused_beside_their_field() {
    let (t, _amina, croissant) = shop().await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/clients/nouveau").await;
    boss.post("/b2b/clients/nouveau", &cafe_form("client-cafe", "1000"))
        .await
        .assert_redirect("/b2b/clients/1?ok=client-pro");
    let c = croissant.to_string();
    let empty = ["", "", "", "", "", "", ""];
    // No weekday, no quantity.
    let f = standing_form(&DECEMBER, &[(&c, empty, empty)]);
    let page = boss.post("/b2b/abonnements/nouveau", &pairs(&f)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("Indiquez au moins un jour de la semaine et une quantité.");
    // A negative quantity, beside its cell.
    let f = standing_form(&DECEMBER, &[(&c, ["10", "-2", "", "", "", "", ""], ["1", "", "", "", "", "", ""])]);
    let page = boss.post("/b2b/abonnements/nouveau", &pairs(&f)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("Quantité négative");
    page.assert_contains("f-n.0.1-err");
    // An unknown product.
    let f = standing_form(&DECEMBER, &[("999", ["10", "", "", "", "", "", ""], ["1", "", "", "", "", "", ""])]);
    let page = boss.post("/b2b/abonnements/nouveau", &pairs(&f)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("Produit inconnu");
    assert_eq!(t.count("SELECT count(*) FROM b2b_standing").await, 0);
    // 30 croissants every day from the 20th of November: 1 200 DA, beyond the 1 000 DA allowed.
    let head = [("customer_id", "1"), ("active_from", "2026-11-20"), ("cutoff", "18:00"), ("on_special", "normal")];
    let thirty = ["30", "30", "30", "30", "30", "30", "30"];
    let f = standing_form(&head, &[(&c, thirty, empty)]);
    boss.post("/b2b/abonnements/nouveau", &pairs(&f)).await.assert_redirect("/b2b/abonnements/1?ok=abonnement");
    // Today is the 24th at 9:00: the cut-off of the 24th (18:00 on the 23rd) has passed.
    let late = boss.post("/b2b/abonnements/1/jour", &[("day", "2026-11-24"), ("cancel", "1")]).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    late.assert_contains("Heure limite passée pour le 24/11/2026");
    assert_eq!(t.count("SELECT count(*) FROM b2b_standing_days").await, 0);
    // Generating the 25th: blocked by the credit limit, listed, nothing made.
    let page = boss.post("/b2b/abonnements/generer", &[("day", "2026-11-25")]).await;
    page.assert_contains("Bloquée");
    page.assert_contains("accord de la gérante");
    assert_eq!(t.count("SELECT count(*) FROM b2b_orders").await, 0);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_creates_a_standing_order_changes_a_day_and_generates() {
    let (t, _amina, croissant) = shop().await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/clients/nouveau").await;
    boss.post("/b2b/clients/nouveau", &cafe_form("client-cafe", ""))
        .await
        .assert_redirect("/b2b/clients/1?ok=client-pro");
    let token = token_for(&t, 1).await;
    let bad = json!({"customer_id": 1, "active_from": "2026-12-01", "cutoff": "18:00", "on_special": "normal",
                     "lines": [{"product_id": croissant, "normal": ["", "", "", "", "", "", ""]}]});
    let (s, v) = call(&t, &token, "POST", "/b2b/abonnements", Some(bad)).await;
    assert_eq!(s, 422, "{v}");
    assert!(v["fields"]["grid"].as_str().unwrap().contains("au moins un jour"), "{v}");
    let body = json!({"customer_id": 1, "active_from": "2026-12-01", "cutoff": "18:00", "on_special": "normal",
                      "lines": [{"product_id": croissant, "normal": ["6", "6", "6", "6", "6", "6", ""]}]});
    let (s, v) = call(&t, &token, "POST", "/b2b/abonnements", Some(body)).await;
    assert_eq!(s, 200, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    let (s, v) = call(&t, &token, "GET", &format!("/b2b/abonnements/{id}"), None).await;
    assert_eq!((s, v["data"]["lines"][0]["normal"][0].as_str()), (200, Some("6")), "{v}");
    let (s, v) =
        call(&t, &token, "PUT", &format!("/b2b/abonnements/{id}/jours/2026-12-02"), Some(json!({"lines": []}))).await;
    assert_eq!(s, 200, "{v}");
    for day in ["2026-12-01", "2026-12-02", "2026-12-01"] {
        let (s, v) = call(&t, &token, "POST", "/b2b/abonnements/generer", Some(json!({"day": day}))).await;
        assert_eq!(s, 200, "{v}");
    }
    let (_, v) = call(&t, &token, "GET", "/b2b/abonnements", None).await;
    assert_eq!(v["data"].as_array().unwrap().len(), 1);
    assert_eq!(t.count("SELECT count(*) FROM b2b_orders").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_keeps_the_b2b_calendar_and_a_closed_day_generates_nothing() {
    let (t, _amina, croissant) = shop().await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/clients/nouveau").await;
    boss.post("/b2b/clients/nouveau", &cafe_form("client-cafe", "")).await;
    let token = token_for(&t, 1).await;
    let body = json!({"customer_id": 1, "active_from": "2026-12-01", "cutoff": "18:00", "on_special": "normal",
                      "lines": [{"product_id": croissant, "normal": ["6", "6", "6", "6", "6", "6", "6"]}]});
    assert_eq!(call(&t, &token, "POST", "/b2b/abonnements", Some(body)).await.0, 200);

    let backwards = json!({"first_day": "2026-12-05", "last_day": "2026-12-03", "kind": "ferme", "name": "Travaux"});
    let (s, v) = call(&t, &token, "POST", "/b2b/abonnements/calendrier", Some(backwards)).await;
    assert_eq!(s, 422, "{v}");
    assert!(v["fields"]["last_day"].as_str().unwrap().contains("avant le début"), "{v}");
    let unknown = json!({"first_day": "2026-12-03", "last_day": "2026-12-03", "kind": "vacances", "name": "Travaux"});
    let (s, v) = call(&t, &token, "POST", "/b2b/abonnements/calendrier", Some(unknown)).await;
    assert_eq!(s, 422, "{v}");
    assert!(v["fields"]["kind"].as_str().unwrap().contains("jours spéciaux"), "{v}");
    assert_eq!(t.count("SELECT count(*) FROM b2b_calendar").await, 0, "nothing saved");

    let closed = json!({"first_day": "2026-12-03", "last_day": "2026-12-03", "kind": "ferme", "name": "Travaux"});
    let (s, v) = call(&t, &token, "POST", "/b2b/abonnements/calendrier", Some(closed)).await;
    assert_eq!(s, 200, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    let (s, v) = call(&t, &token, "GET", "/b2b/abonnements/calendrier?du=2026-12-01&au=2026-12-31", None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!((v["data"][0]["kind"].as_str(), v["data"][0]["name"].as_str()), (Some("ferme"), Some("Travaux")));
    let (_, v) = call(&t, &token, "POST", "/b2b/abonnements/generer", Some(json!({"day": "2026-12-03"}))).await;
    assert_eq!(v["data"][0]["outcome"].as_str(), Some("rien"), "{v}");
    assert_eq!(t.count("SELECT count(*) FROM b2b_orders").await, 0);

    let (s, _) = call(&t, &token, "POST", &format!("/b2b/abonnements/calendrier/{id}/supprimer"), None).await;
    assert_eq!(s, 200);
    let (_, v) = call(&t, &token, "GET", "/b2b/abonnements/calendrier?du=2026-12-01&au=2026-12-31", None).await;
    assert_eq!(v["data"].as_array().unwrap().len(), 0);
    let (s, v) = call(&t, &token, "GET", "/b2b/abonnements/calendrier?du=2026-12-31&au=2026-12-01", None).await;
    assert_eq!(s, 422, "{v}");
    t.assert_check_passes().await;
}
