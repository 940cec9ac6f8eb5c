//! The owner's home and the month report in headless Chromium, at 1280 × 800 and 768 × 1024,
//! over a small demo shop: the board's cards are there, every chart of the report is drawn (an
//! SVG with bars or cells, as wide as its card) and its table is beside it. Screenshots in
//! `target/screenshots/` (80-…).

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::browser::{chromium, screenshots, wait_heading};
use crate::browser_orders::{login, serve};

async fn charts_drawn(c: &Client, min_width: f64) -> Result<usize, fantoccini::error::CmdError> {
    let charts = c.find_all(Locator::Css("main svg.chart")).await?;
    for chart in &charts {
        let (_, _, w, h) = chart.rectangle().await?;
        assert!(w >= min_width && h > 40.0, "a chart is {w} × {h}");
        let marks = chart.find_all(Locator::Css("rect")).await?;
        assert!(!marks.is_empty(), "a chart without bars or cells");
    }
    Ok(charts.len())
}

async fn owner_pages(c: &Client, url: &str, password: &str) -> Result<(), fantoccini::error::CmdError> {
    // The month up to yesterday, the demo's last day (today may be the 1st).
    let to = fournil::clock::Clock::system().business_day() - chrono::Duration::days(1);
    let month = format!("{url}/rapports?du={}&au={to}", to - chrono::Duration::days(29));
    for (w, h, min) in [(1280, 800, 600.0), (768, 1024, 300.0)] {
        c.set_window_size(w, h).await?;
        login(c, url, "demo", password).await?;
        for card in ["#today", "#month", "#drawers", "#orders-today", "#low-stock", "#backup-state"] {
            c.find(Locator::Css(card)).await?;
        }
        c.goto(&month).await?;
        wait_heading(c, "Rapports —").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let n = charts_drawn(c, min).await?;
        assert!(n >= 5, "trend, heatmap, products, categories, sellers: {n} charts");
        assert!(c.find_all(Locator::Css("main table")).await?.len() >= 5, "each chart has its table");
        c.goto(&format!("{url}/")).await?;
        wait_heading(c, "Bonjour").await?;
        // Every group of the menu is one tap away, on one sheet.
        c.find(Locator::Css(".menu-drawer summary")).await?.click().await?;
        c.find(Locator::LinkText("États financiers")).await?.click().await?;
        wait_heading(c, "États financiers").await?;
        c.find(Locator::Css("#deconnexion, .account form button")).await?.click().await?;
        wait_heading(c, "Connexion").await?;
    }
    login(c, url, "demo", password).await?;
    screenshots(c, "80-proprietaire-accueil").await?;
    c.find(Locator::Css(".menu-drawer summary")).await?.click().await?;
    screenshots(c, "82-menu-ouvert").await?;
    c.goto(&month).await?;
    wait_heading(c, "Rapports —").await?;
    screenshots(c, "81-proprietaire-rapport-du-mois").await
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; CI runs it with --include-ignored"]
async fn the_owner_home_and_the_month_report_draw_their_charts() {
    let dir = tempfile::tempdir().unwrap();
    let o = fournil::demo::Options {
        db: dir.path().join("fournil.db"),
        years: 0.05,
        tickets_per_day: 150,
        seed: 19,
        force: false,
        today: fournil::clock::Clock::system().business_day() - chrono::Duration::days(1),
        password: "demo-owner-19".into(),
        progress: false,
    };
    let built = o.clone();
    tokio::task::spawn_blocking(move || fournil::demo::build(&built)).await.unwrap().unwrap();
    let (url, _server) = serve(dir.path());
    let (client, _driver) = chromium().await;
    let outcome = owner_pages(&client, &url, &o.password).await;
    let _ = client.close().await;
    outcome.expect("browser flow");
}
