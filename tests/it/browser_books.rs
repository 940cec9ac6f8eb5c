//! The books in headless Chromium at 1280 × 800: the gérante-administrator enters an electricity
//! bill paid by the bank, saves her bank's statement layout, imports the statement CSV that holds
//! the bill (matched automatically), undoes the match and matches it by hand, then opens the
//! financial statements and downloads the income statement's PDF, which holds the bill's line.

use fantoccini::{Client, Locator};
use fournil::db::Db;

use crate::browser::{
    chromium, fill, screenshots, set_up_shop, shot_path, start_shop, submit, wait_heading, wait_text,
};

type R<T> = Result<T, fantoccini::error::CmdError>;

async fn bill(c: &Client, url: &str) -> R<String> {
    c.goto(&format!("{url}/compta/depenses/nouvelle")).await?;
    wait_heading(c, "Nouvelle dépense").await?;
    c.find(Locator::Css("select[name=label_id] option[value='1']")).await?.click().await?;
    fill(c, "beneficiary", "Sonelgaz").await?;
    fill(c, "amount", "8 250,50").await?;
    fill(c, "reference", "FAC-2026-118").await?;
    c.find(Locator::Css("input[name=paid_by][value=banque]")).await?.click().await?;
    let day = c.find(Locator::Css("input[name=day]")).await?.prop("value").await?.unwrap_or_default();
    screenshots(c, "90-depense-saisie").await?;
    c.set_window_size(1280, 800).await?;
    submit(c, "#expense-form").await?;
    wait_heading(c, "Dépense n° 1").await?;
    wait_text(c, "main dl", "compte 607").await?;
    screenshots(c, "91-depense-enregistree").await?;
    c.set_window_size(1280, 800).await?;
    Ok(day)
}

/// The BNA's layout, then its statement imported: the bill's line matched automatically.
async fn import(c: &Client, url: &str, statement: &std::path::Path) -> R<()> {
    c.goto(&format!("{url}/compta/banque/formats")).await?;
    wait_heading(c, "Formats des relevés").await?;
    for (name, v) in [("name", "BNA"), ("date_col", "Date"), ("label_col", "Libellé"), ("reference_col", "Référence")]
    {
        fill(c, name, v).await?;
    }
    fill(c, "debit_col", "Débit").await?;
    fill(c, "credit_col", "Crédit").await?;
    submit(c, "#layout-form").await?;
    wait_heading(c, "Banque").await?;
    c.find(Locator::Css("#import-form select[name=layout_id] option[value='1']")).await?.click().await?;
    c.find(Locator::Css("#f-file")).await?.send_keys(&statement.display().to_string()).await?;
    submit(c, "#import-form").await?;
    wait_text(c, "#import-report", "2 lignes lues, 2 nouvelles, 1 rapprochées").await?;
    wait_text(c, "#matched", "automatique").await?;
    screenshots(c, "92-banque-releve-importe").await?;
    c.set_window_size(1280, 800).await?;
    Ok(())
}

/// The automatic match undone, then made by hand from the line's list of 512's entries.
async fn by_hand(c: &Client) -> R<()> {
    c.find(Locator::Css("#matched button[type=submit]")).await?.click().await?;
    wait_text(c, "#statement-unmatched", "PRLV SONELGAZ").await?;
    let line = "#statement-unmatched form[action$='/rapprocher']";
    c.find(Locator::Css(&format!("{line} select[name=journal_line_id] option:not([value=''])"))).await?.click().await?;
    submit(c, line).await?;
    wait_text(c, "#matched", "à la main").await?;
    c.execute("document.querySelector('#matched').scrollIntoView()", vec![]).await?;
    screenshots(c, "93-banque-rapprochee").await?;
    c.set_window_size(1280, 800).await?;
    Ok(())
}

/// The statements' page, then the income statement's PDF fetched as the link downloads it:
/// its status, type and bytes.
async fn statements(c: &Client, url: &str) -> R<(String, Vec<u8>)> {
    c.goto(&format!("{url}/compta/etats")).await?;
    wait_heading(c, "États financiers").await?;
    wait_text(c, "#resultat", "Achats consommés").await?;
    screenshots(c, "94-etats-financiers").await?;
    c.set_window_size(1280, 800).await?;
    let got = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('#statement-files a[href*=\"resultat.pdf\"]').href)
               .then(r => r.arrayBuffer().then(b => done([r.status + ' ' + r.headers.get('content-type')
                 + ' ' + r.headers.get('content-disposition'), Array.from(new Uint8Array(b))])));",
            vec![],
        )
        .await?;
    let head = got[0].as_str().unwrap_or_default().to_string();
    let bytes =
        got[1].as_array().map(|a| a.iter().map(|v| v.as_u64().unwrap_or(0) as u8).collect()).unwrap_or_default();
    Ok((head, bytes))
}

async fn flow(c: &Client, url: &str, code: &str, dir: &std::path::Path) -> R<(String, Vec<u8>)> {
    set_up_shop(c, url, code).await?;
    c.set_window_size(1280, 800).await?;
    let day = bill(c, url).await?;
    let d: chrono::NaiveDate = day.parse().expect("the bill's day");
    let statement = dir.join("releve-bna.csv");
    let rows = format!(
        "BNA — relevé de compte;00100 1234567 89\n\nDate;Libellé;Référence;Débit;Crédit\n\
         {};PRLV SONELGAZ;FAC-2026-118;8 250,50;\n{};VERSEMENT ESPECES;;;20 000,00\n",
        d.format("%d/%m/%Y"),
        d.format("%d/%m/%Y")
    );
    std::fs::write(&statement, rows).unwrap();
    import(c, url, &statement).await?;
    by_hand(c).await?;
    statements(c, url).await
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; CI runs it with --include-ignored"]
async fn an_electricity_bill_paid_by_the_bank_is_matched_on_its_statement_and_shows_in_the_income_statement_pdf() {
    let shop = start_shop();
    let dir = tempfile::tempdir().unwrap();
    let (client, _driver) = chromium().await;
    let outcome = flow(&client, &shop.url, &shop.setup_code, dir.path()).await;
    let _ = client.close().await;
    let (head, pdf) = outcome.expect("browser flow");
    assert!(head.starts_with("200 application/pdf"), "{head}");
    assert!(head.contains("resultat-") && head.contains(".pdf"), "downloaded as a file: {head}");
    let text = crate::support::pdf::text(&pdf);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("Achats consommés (60)") && squeezed.contains("8250,50"), "{text}");
    assert!(shot_path("93-banque-rapprochee-1280x800.png").exists());
    let db = Db::open(&shop.db_path()).unwrap();
    let count = |sql: &'static str| db.read_sync(move |c| Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))?)).unwrap();
    assert_eq!(count("SELECT sum(debit) FROM journal_lines WHERE account = '607'"), 825_050);
    let manual = "SELECT count(*) FROM bank_matches m JOIN bank_lines b ON b.id = m.bank_line_id
        WHERE m.how = 'manuel' AND b.label = 'PRLV SONELGAZ' AND b.amount = -825050";
    assert_eq!(count(manual), 1);
    let report = db.read_sync(fournil::system::check::run).unwrap();
    assert!(report.ok(), "{:?}", report.failures().collect::<Vec<_>>());
}
