//! Issue #18, statements: on a small hand-made year the balance sheet, the income statement and
//! the cash flows equal figures written here, and tie to the trial balance; an inverted period
//! is refused beside its field; each statement downloads as XLSX and PDF.

use chrono::NaiveDate;
use fournil::accounting::LineDraft;
use fournil::accounting::ops::manual::{ManualDraft, write_entry};
use fournil::accounting::ops::statements::{Period, read};
use fournil::money::Money;

use crate::support::*;

/// Writes the year 2025 of a small shop, entry by entry (amounts in dinars).
pub async fn hand_made_year(t: &TestApp) {
    let year: &[(&str, &str, &str, i64)] = &[
        ("2025-01-02", "512", "101", 1_000_000), // capital brought to the bank
        ("2025-02-01", "215", "512", 300_000),   // an oven
        ("2025-03-01", "601", "401", 200_000),   // flour bought on credit and used
        ("2025-03-15", "401", "512", 150_000),   // part of it paid
        ("2025-06-30", "512", "701", 500_000),   // the year's sales, paid by card
        ("2025-07-01", "613", "512", 60_000),    // rent
        ("2025-12-31", "681", "2815", 30_000),   // the oven's depreciation
        ("2025-12-31", "627", "512", 2_000),     // bank charges
    ];
    for (i, (day, debit, credit, da)) in year.iter().enumerate() {
        let d = ManualDraft {
            day: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            description: format!("Opération {i}"),
            lines: vec![
                (0, LineDraft::debit(debit, Money::from_da(*da), "")),
                (1, LineDraft::credit(credit, Money::from_da(*da), "")),
            ],
            token: None,
        };
        t.app.db.write(move |tx| write_entry(tx, &system_at(NOW), &d)).await.unwrap();
    }
}

fn year_2025() -> Period {
    Period { from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), to: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap() }
}

fn amount(lines: &[fournil::accounting::statements::StatementLine], label: &str) -> i64 {
    let l = lines.iter().find(|l| l.label.starts_with(label)).unwrap_or_else(|| panic!("no line {label}"));
    l.amount.cents() / 100
}

#[tokio::test]
async fn the_statements_of_a_hand_made_year_equal_the_figures_worked_by_hand() {
    let t = spawn_ready().await;
    hand_made_year(&t).await;
    let s = t.app.db.read(|c| read(c, year_2025())).await.unwrap();
    let i = &s.income;
    assert_eq!(amount(i, "Chiffre d'affaires"), 500_000);
    assert_eq!(amount(i, "Achats consommés"), 200_000);
    assert_eq!(amount(i, "II. Consommation"), 262_000);
    assert_eq!(amount(i, "III. Valeur ajoutée"), 238_000);
    assert_eq!(amount(i, "IV. Excédent brut"), 238_000);
    assert_eq!(amount(i, "V. Résultat opérationnel"), 208_000);
    assert_eq!(amount(i, "Résultat net"), 208_000);
    assert_eq!(s.results().0, s.results().1, "the result is Σ 7 − Σ 6 of the trial balance");

    let b = &s.sheet;
    assert_eq!(amount(&b.assets, "Immobilisations corporelles"), 270_000);
    assert_eq!(amount(&b.assets, "Stocks"), 0);
    assert_eq!(amount(&b.assets, "Trésorerie"), 988_000);
    assert_eq!(b.total_assets(), Money::from_da(1_258_000));
    assert_eq!(amount(&b.liabilities, "Capital"), 1_000_000);
    assert_eq!(amount(&b.liabilities, "Résultat de l'exercice"), 208_000);
    assert_eq!(amount(&b.liabilities, "Fournisseurs"), 50_000);
    assert_eq!(b.total_liabilities(), b.total_assets());

    let f = &s.flows;
    assert_eq!(
        (f.opening, f.operating_in, f.operating_out),
        (Money::ZERO, Money::from_da(500_000), Money::from_da(212_000))
    );
    assert_eq!(
        (f.investing, f.financing, f.closing),
        (Money::from_da(-300_000), Money::from_da(1_000_000), Money::from_da(988_000))
    );
    assert!(f.ties());
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_statements_page_ties_and_refuses_an_inverted_period_and_its_files_download() {
    let t = spawn_ready().await;
    hand_made_year(&t).await;
    let mut admin = t.admin().await;
    let page = admin.get("/compta/etats?du=2025-01-01&au=2025-12-31").await;
    page.assert_contains("✔ Total actif = total passif");
    page.assert_contains("✔ Résultat = classes 7 − classes 6");
    page.assert_contains("✔ Trésorerie d'ouverture + flux = trésorerie de clôture");
    let inverted = admin.get("/compta/etats?du=2025-12-31&au=2025-01-01").await;
    assert_eq!(inverted.status, 422);
    inverted.assert_contains("La fin de la période précède son début.");
    for file in ["bilan.xlsx", "resultat.xlsx", "flux.xlsx", "balance.xlsx", "grand-livre.xlsx", "journal.xlsx"] {
        let r = admin.get(&format!("/compta/etats/{file}?du=2025-01-01&au=2025-12-31")).await;
        assert_eq!(r.status, 200, "{file}");
        assert!(r.header("content-disposition").unwrap().contains(".xlsx"), "{file}");
    }
    for file in ["bilan.pdf", "resultat.pdf", "flux.pdf", "balance.pdf"] {
        let r = admin.get(&format!("/compta/etats/{file}?du=2025-01-01&au=2025-12-31")).await;
        assert_eq!(r.status, 200, "{file}");
        assert_eq!(r.header("content-type"), Some("application/pdf"), "{file}");
    }
    assert_eq!(admin.get("/compta/etats/journal.pdf").await.status, 404);
    assert_eq!(admin.get("/compta/etats/secret.xlsx").await.status, 404);
    assert_eq!(admin.get("/compta/etats/bilan.xlsx?du=2025-12-31&au=2025-01-01").await.status, 422);
}
