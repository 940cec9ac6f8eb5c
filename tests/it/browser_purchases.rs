//! A purchase in headless Chromium on a 768 px tablet: received, the product page shows the
//! stock and the PMP change.

use fantoccini::{Client, Locator};

use crate::browser::{
    chromium, fill, pick, screenshots, set_up_shop, shot_path, start_shop, submit, wait_heading, wait_text,
};

async fn flow(c: &Client, url: &str, code: &str) -> Result<(), fantoccini::error::CmdError> {
    set_up_shop(c, url, code).await?;

    // Flour, bought in 25 kg sacks.
    c.goto(&format!("{url}/catalogue/produits/nouveau")).await?;
    wait_heading(c, "Nouveau produit").await?;
    fill(c, "name", "Farine T55").await?;
    submit(c, "#product-form").await?;
    wait_heading(c, "Farine T55").await?;
    fill(c, "pack_name", "Sac 25 kg").await?;
    fill(c, "pack_content", "25 kg").await?;
    c.find(Locator::Css("form[action$='/conditionnements'] button[type=submit]")).await?.click().await?;
    wait_text(c, "main", "= 25 kg").await?;

    c.goto(&format!("{url}/fournisseurs/nouveau")).await?;
    wait_heading(c, "Nouveau fournisseur").await?;
    fill(c, "name", "Moulins du Sud").await?;
    fill(c, "payment_days", "30").await?;
    c.find(Locator::Css("main form button[type=submit]")).await?.click().await?;
    wait_heading(c, "Moulins du Sud").await?;

    // The purchase: 2 sacks at 1 500 DA.
    c.goto(&format!("{url}/achats/nouveau")).await?;
    wait_heading(c, "Nouvel achat").await?;
    pick(c, "select[name=supplier_id]", "Moulins du Sud").await?;
    pick(c, "#f-line-0-item", "Farine T55 — Sac 25 kg").await?;
    c.find(Locator::Css("#f-line-0-count")).await?.send_keys("2").await?;
    c.find(Locator::Css("#f-line-0-price")).await?.send_keys("1 500").await?;
    screenshots(c, "20-nouvel-achat").await?;
    c.find(Locator::Css("button[value=enregistrer]")).await?.click().await?;
    wait_heading(c, "Achat ACH-").await?;
    wait_text(c, "#total", "3 000,00 DA").await?;
    c.find(Locator::Css("form[action$='/recevoir'] button")).await?.click().await?;
    wait_text(c, "main", "Enregistrer le paiement").await?;
    screenshots(c, "21-achat-recu").await?;

    // The product page: 50 kg in the store room, PMP 60 DA/kg (0,06 DA/g).
    c.goto(&format!("{url}/catalogue/produits")).await?;
    c.find(Locator::LinkText("Farine T55")).await?.click().await?;
    wait_heading(c, "Farine T55").await?;
    let stock = wait_text(c, ".stock-summary", "50 kg").await?;
    assert!(stock.contains("3 000,00 DA") && stock.contains("PMP") && stock.contains("60,00 DA"), "{stock}");
    screenshots(c, "22-produit-stock-pmp").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; CI runs it with --include-ignored"]
async fn a_received_purchase_shows_on_the_product_page() {
    let shop = start_shop();
    let (client, _driver) = chromium().await;
    let outcome = flow(&client, &shop.url, &shop.setup_code).await;
    let _ = client.close().await;
    outcome.expect("browser flow");
    assert!(shot_path("22-produit-stock-pmp-768x1024.png").exists());
}
