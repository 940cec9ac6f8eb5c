//! The stock in headless Chromium on a 768 px tablet: a correction, a transfer, a count.

use fantoccini::{Client, Locator};

use crate::browser::{
    chromium, fill, pick, screenshots, set_up_shop, shot_path, start_shop, submit, wait_heading, wait_text,
};

async fn flow(c: &Client, url: &str, code: &str) -> Result<(), fantoccini::error::CmdError> {
    set_up_shop(c, url, code).await?;

    c.goto(&format!("{url}/catalogue/produits/nouveau")).await?;
    wait_heading(c, "Nouveau produit").await?;
    fill(c, "name", "Farine T55").await?;
    fill(c, "ref_cost", "60").await?;
    submit(c, "#product-form").await?;
    wait_heading(c, "Farine T55").await?;

    // 25 kg found in the store room: a correction, valued at the reference cost (60 DA/kg).
    c.goto(&format!("{url}/stock/pertes")).await?;
    wait_heading(c, "Pertes et corrections").await?;
    pick(c, "select[name=location]", "Réserve").await?;
    pick(c, "select[name=reason]", "Correction").await?;
    pick(c, "#f-line-0-product", "Farine T55").await?;
    c.find(Locator::Css("#f-line-0-qty")).await?.send_keys("25 kg").await?;
    c.find(Locator::Css("#adjust-form button[value=enregistrer]")).await?.click().await?;
    wait_text(c, "main", "1 500,00").await?;
    screenshots(c, "30-pertes").await?;

    // 10 kg to the lab.
    c.goto(&format!("{url}/stock/transferts")).await?;
    wait_heading(c, "Transferts").await?;
    pick(c, "select[name=from]", "Réserve").await?;
    pick(c, "select[name=to]", "Labo").await?;
    pick(c, "#f-line-0-product", "Farine T55").await?;
    c.find(Locator::Css("#f-line-0-qty")).await?.send_keys("10 kg").await?;
    c.find(Locator::Css("#transfer-form button[value=enregistrer]")).await?.click().await?;
    wait_text(c, "#transfers", "10 kg Farine T55").await?;
    screenshots(c, "31-transferts").await?;

    // Count the store room: 14 kg found of the 15 kg expected.
    c.goto(&format!("{url}/stock/inventaires")).await?;
    wait_heading(c, "Inventaires").await?;
    pick(c, "select[name=location_id]", "Réserve").await?;
    submit(c, "#open-count").await?;
    wait_heading(c, "Inventaire n° 1").await?;
    let input = c.find(Locator::Css("#count-lines input")).await?;
    input.send_keys("14 kg").await?;
    c.find(Locator::Css("#count-form button[value=enregistrer]")).await?.click().await?;
    wait_text(c, "#count-lines", "-1 kg").await?;
    screenshots(c, "32-inventaire").await?;

    c.goto(&format!("{url}/stock?lieu=1")).await?;
    wait_heading(c, "Stock").await?;
    let stock = wait_text(c, "#stock", "15 kg").await?;
    assert!(stock.contains("900,00"), "{stock}");
    screenshots(c, "33-stock").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; CI runs it with --include-ignored"]
async fn stock_on_a_tablet() {
    let shop = start_shop();
    let (client, _driver) = chromium().await;
    let outcome = flow(&client, &shop.url, &shop.setup_code).await;
    let _ = client.close().await;
    outcome.expect("browser flow");
    assert!(shot_path("33-stock-768x1024.png").exists());
}
