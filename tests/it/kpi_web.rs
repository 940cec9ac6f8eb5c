//! The owner's pages: the home's board for who reads the figures (and not for the vendeuse),
//! the definitions page, the reports with their periods, charts, tables and exports.

use crate::kpi::hand_made_day;

#[tokio::test]
async fn the_gerante_home_shows_today_the_month_the_drawers_orders_stock_and_backup() {
    let (b, _) = hand_made_day(true).await;
    let mut g = b.t.signed_in("nadia", "gerante").await;
    let home = g.get("/").await;
    assert_eq!(home.status, 200);
    home.assert_contains("Aujourd'hui jusqu'à 9 h");
    // Today so far: 160 at the counter + 1 800 handed over; 2 tickets.
    home.assert_contains("1 960,00 DA");
    home.assert_contains("2 tickets au comptoir");
    // The month: + 200 on the 10th.
    home.assert_contains("2 160,00 DA");
    home.assert_contains("Espèces dans les tiroirs");
    // Both orders are due tomorrow.
    home.assert_contains("<strong>0</strong> à remettre aujourd'hui");
    home.assert_contains("Aucune sauvegarde réussie.");
    home.assert_contains("Tous les écrans");
    let mut v = b.t.signed_in("lina", "vendeuse").await;
    let home = v.get("/").await;
    assert!(!home.body.contains("Espèces dans les tiroirs"), "a vendeuse has no owner's board");
    assert!(!home.body.contains("Tous les écrans"), "her tiles stay open");
    b.t.assert_check_passes().await;
}
