//! Exports for the accountant (issue #18 item 8): the journal and the general ledger of a period
//! as CSV and XLSX (date, journal, piece number, account, its name, label, debit, credit), linked
//! from the journal page and the statements page; read back here. An inverted period is refused.

use chrono::NaiveDate;
use fournil::accounting::ops::export::{self, Kind};
use fournil::accounting::ops::statements::Period;

use crate::statements::hand_made_year;
use crate::support::*;

/// The CSV as rows of cells (the byte-order mark dropped).
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    let text = body.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new().delimiter(b';').has_headers(false).from_reader(text.as_bytes());
    r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect()
}

pub fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

const HEADS: [&str; 8] =
    ["Date", "Journal", "N° de pièce", "Compte", "Intitulé du compte", "Libellé", "Débit", "Crédit"];

#[tokio::test]
async fn the_journal_and_the_ledger_export_as_csv_and_xlsx_and_read_back() {
    let t = spawn_ready().await;
    hand_made_year(&t).await;
    let mut admin = t.admin().await;
    let journal = admin.get("/compta/journal?du=2025-01-01&au=2025-12-31").await;
    journal.assert_contains("href=\"/compta/etats/journal.csv?du=2025-01-01&amp;au=2025-12-31\"");
    journal.assert_contains("href=\"/compta/etats/grand-livre.xlsx?du=2025-01-01&amp;au=2025-12-31\"");
    admin.get("/compta/etats?du=2025-01-01&au=2025-12-31").await.assert_contains("/compta/etats/grand-livre.csv?");

    let r = admin.get("/compta/etats/journal.csv?du=2025-01-01&au=2025-12-31").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(r.header("content-disposition").unwrap().contains("journal-2025-01-01-2025-12-31.csv"));
    let rows = csv_rows(&r.body);
    assert_eq!(rows[0], HEADS);
    assert_eq!(rows.len(), 1 + 8 * 2, "eight entries of two lines");
    // The journal in date order: the capital first, 1 000 000 DA to 512 against 101.
    assert_eq!((rows[1][0].as_str(), rows[1][3].as_str(), rows[1][6].as_str()), ("02/01/2025", "512", "1000000,00"));
    assert_eq!((rows[2][3].as_str(), rows[2][7].as_str()), ("101", "1000000,00"));
    assert_eq!(rows[1][2], rows[2][2], "one piece number for the entry's two lines");
    assert!(rows[1][2].starts_with("OD-2025-"), "{}", rows[1][2]);
    assert!(rows[1][5].contains("Opération 0"), "{}", rows[1][5]);
    let total = |col: usize| -> i64 { rows[1..].iter().map(|r| r[col].replace(',', "").parse::<i64>().unwrap()).sum() };
    assert_eq!(total(6), total(7), "the journal balances");
    assert_eq!(total(6), 224_200_000, "Σ debits in centimes: 2 242 000,00 DA");

    // The ledger: by account, then date; 512's lines together.
    let r = admin.get("/compta/etats/grand-livre.csv?du=2025-01-01&au=2025-12-31").await;
    let rows = csv_rows(&r.body);
    let accounts: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    let mut sorted = accounts.clone();
    sorted.sort();
    assert_eq!(accounts, sorted);
    assert_eq!(accounts.iter().filter(|a| **a == "512").count(), 6);

    // The workbook holds the same rows, amounts as numbers.
    let p = Period {
        from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
    };
    let bytes = t.app.db.read(move |c| export::file(c, "journal", Kind::Xlsx, p)).await.unwrap();
    let sheet = xlsx_rows(&bytes);
    assert_eq!(sheet[0], HEADS);
    assert_eq!(sheet.len(), rows.len());
    assert_eq!((sheet[1][0].as_str(), sheet[1][3].as_str(), sheet[1][6].as_str()), ("2025-01-02", "512", "1000000"));
    assert_eq!(admin.get("/compta/etats/journal.xlsx?du=2025-01-01&au=2025-12-31").await.status, 200);
    assert_eq!(admin.get("/compta/etats/bilan.csv").await.status, 404, "a statement is a layout, no CSV");
}

#[tokio::test]
async fn an_inverted_export_period_is_refused_in_french_beside_its_field() {
    let t = spawn_ready().await;
    hand_made_year(&t).await;
    let mut admin = t.admin().await;
    let r = admin.get("/compta/etats/journal.csv?du=2025-12-31&au=2025-01-01").await;
    assert_eq!(r.status, 422);
    let page = admin.get("/compta/journal?du=2025-12-31&au=2025-01-01").await;
    assert_eq!(page.status, 422);
    page.assert_contains("La fin de la période précède son début.");
    assert!(!page.body.contains("journal.csv"), "no export link for an inverted period");
}
