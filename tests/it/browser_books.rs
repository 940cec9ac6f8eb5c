//! The books in headless Chromium at 1280 × 800: the gérante-administrator enters an electricity
//! bill paid by the bank, sees it booked to 607, opens the financial statements and the income
//! statement's PDF. (Matching it on an imported bank statement waits for the bank pages, issue
//! #18 item 3, not built yet.)

use fantoccini::{Client, Locator};
use fournil::db::Db;

use crate::browser::{
    chromium, fill, screenshots, set_up_shop, shot_path, start_shop, submit, wait_heading, wait_text,
};

async fn flow(c: &Client, url: &str, code: &str) -> Result<String, fantoccini::error::CmdError> {
    set_up_shop(c, url, code).await?;
    c.set_window_size(1280, 800).await?;
    c.goto(&format!("{url}/compta/depenses/nouvelle")).await?;
    wait_heading(c, "Nouvelle dépense").await?;
    c.find(Locator::Css("select[name=label_id] option[value='1']")).await?.click().await?;
    fill(c, "beneficiary", "Sonelgaz").await?;
    fill(c, "amount", "8 250,50").await?;
    fill(c, "reference", "FAC-2026-118").await?;
    c.find(Locator::Css("input[name=paid_by][value=banque]")).await?.click().await?;
    screenshots(c, "90-depense-saisie").await?;
    c.set_window_size(1280, 800).await?;
    submit(c, "#expense-form").await?;
    wait_heading(c, "Dépense n° 1").await?;
    wait_text(c, "main dl", "compte 607").await?;
    screenshots(c, "91-depense-enregistree").await?;
    c.goto(&format!("{url}/compta/etats")).await?;
    wait_heading(c, "États financiers").await?;
    wait_text(c, "#resultat", "Services extérieurs").await?;
    screenshots(c, "92-etats-financiers").await?;
    c.set_window_size(1280, 800).await?;
    let pdf = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('#statement-files a[href*=\"resultat.pdf\"]').href)
               .then(r => done(r.headers.get('content-type') + ' ' + r.status));",
            vec![],
        )
        .await?;
    Ok(pdf.as_str().unwrap_or_default().to_string())
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; CI runs it with --include-ignored"]
async fn an_electricity_bill_paid_by_the_bank_shows_in_the_statements_and_their_pdf() {
    let shop = start_shop();
    let (client, _driver) = chromium().await;
    let outcome = flow(&client, &shop.url, &shop.setup_code).await;
    let _ = client.close().await;
    let pdf = outcome.expect("browser flow");
    assert_eq!(pdf, "application/pdf 200");
    assert!(shot_path("92-etats-financiers-1280x800.png").exists());
    let db = Db::open(&shop.db_path()).unwrap();
    let on_607: i64 = db
        .read_sync(|c| Ok(c.query_row("SELECT sum(debit) FROM journal_lines WHERE account = '607'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(on_607, 825_050);
    let report = db.read_sync(fournil::system::check::run).unwrap();
    assert!(report.ok(), "{:?}", report.failures().collect::<Vec<_>>());
}
