//! A business customer's statement (issue #15, item 6): the opening balance, its invoices, credit
//! notes and payments in date order with the running balance, the closing balance equal to its
//! 411 account in the ledger, the ageing of what is open; the same on A4; an inverted period
//! refused beside its field.

use fournil::money::Money;
use poem::http::StatusCode;

use crate::b2b_invoices::week;
use crate::b2b_orders::pdf_text;
use crate::support::*;

/// The customer's 411 in the ledger up to `to` (inclusive).
async fn ledger_on(t: &TestApp, to: &'static str) -> Money {
    let before = (chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").unwrap() + chrono::Duration::days(1)).to_string();
    t.app.db.read(move |c| Ok(fournil::accounting::store::net_before(c, "4110001", &before)?)).await.unwrap()
}

/// The week invoiced (640 DA), 2 croissants credited (80 DA), a cheque of 300 DA: 260 DA owed.
pub async fn invoiced_credited_paid(t: &TestApp, boss: &mut Browser<'_>) {
    boss.get("/b2b/factures").await;
    let invoice = [("du", "2026-11-16"), ("au", "2026-11-22"), ("kind", "facture"), ("token", "f-1")];
    boss.post("/b2b/clients/1/facturer", &invoice).await.assert_redirect("/b2b/factures/1?ok=facture-pro");
    let credit = [("reason", "Retour"), ("qty.1", "2"), ("price.1", "40"), ("token", "a-1")];
    boss.post("/b2b/factures/1/avoir", &credit).await.assert_redirect("/b2b/factures/2?ok=avoir-pro");
    let pay = [("invoice", "1"), ("amount", "300"), ("mode", "cheque"), ("reference", "7654321"), ("token", "p-1")];
    boss.post("/b2b/clients/1/paiement", &pay).await.assert_redirect("/b2b/factures?client=1&ok=paiement-pro");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_statement_runs_the_balance_to_the_ledgers_411_and_ages_what_is_open() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    invoiced_credited_paid(&t, &mut boss).await;
    boss.get("/b2b/clients/1").await.assert_contains("/b2b/clients/1/releve");
    // This year by default: 640, then 560, then 260.
    let page = boss.get("/b2b/clients/1/releve").await;
    page.assert_contains("Du 01/01/2026 au 24/11/2026");
    page.assert_contains("Facture FAC-2026-00001");
    page.assert_contains("Avoir AVF-2026-00001");
    page.assert_contains("Paiement (chèque) n° 7654321");
    let at = |s: &str| page.body.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("FAC-2026-00001") < at("AVF-2026-00001") && at("AVF-2026-00001") < at("7654321"));
    for balance in ["640,00 DA", "560,00 DA", "260,00 DA"] {
        page.assert_contains(balance);
    }
    // The closing balance is the customer's 411 in the ledger; what is open is not yet due.
    assert_eq!(ledger_on(&t, "2026-11-24").await, Money::from_da(260));
    page.assert_contains("id=\"statement-closing\"><span class=\"money\">260,00 DA");
    let ageing = &page.body[page.body.find("statement-ageing").unwrap()..];
    let first_two = |a: &str, b: &str| {
        format!(
            "<td class=\"money\"><span class=\"money\">{a}</span></td><td class=\"money\"><span class=\"money\">{b}"
        )
    };
    assert!(ageing.contains(&first_two("260,00 DA", "0,00 DA")), "{ageing}");
    // An inverted period: said beside the end date, no statement.
    let later = boss.get("/b2b/clients/1/releve?du=2026-11-25&au=2026-11-24").await;
    assert_eq!(later.status, StatusCode::UNPROCESSABLE_ENTITY);
    later.assert_contains("La fin de la période est avant son début : inversez les deux dates.");
    later.assert_contains("id=\"statement-period\"");
    assert!(!later.body.contains("statement-closing"));
    // 45 days later: this year (2027) opens on 260 DA owed, 15 days past due.
    t.advance(chrono::Duration::days(45));
    let mut boss = t.browser();
    boss.login("samia", PASSWORD).await.assert_redirect("/");
    let page = boss.get("/b2b/clients/1/releve").await;
    page.assert_contains("Du 01/01/2027 au 08/01/2027");
    page.assert_contains("Aucune facture, aucun avoir ni paiement sur la période.");
    page.assert_contains("id=\"statement-closing\"><span class=\"money\">260,00 DA");
    let ageing = &page.body[page.body.find("statement-ageing").unwrap()..];
    assert!(ageing.contains(&first_two("0,00 DA", "260,00 DA")), "{ageing}");
    assert_eq!(ledger_on(&t, "2027-01-08").await, Money::from_da(260));
    // Last year from the 20th of November: nothing before, 260 DA owed at the end.
    let page = boss.get("/b2b/clients/1/releve?du=2026-11-20&au=2026-12-31").await;
    page.assert_contains("id=\"statement-closing\"><span class=\"money\">260,00 DA");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_statement_pdf_carries_its_lines_and_balances() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    invoiced_credited_paid(&t, &mut boss).await;
    let text = pdf_text(&t, &boss, "/b2b/clients/1/releve/pdf?du=2026-11-01&au=2026-11-24").await;
    for mention in [
        "Relevé de compte",
        "Boulangerie du Port",
        "Café des Arts",
        "du 01/11/2026 au 24/11/2026",
        "4110001",
        "Solde au début de la période",
        "Facture FAC-2026-00001",
        "640,00 DA",
        "Avoir AVF-2026-00001",
        "560,00 DA",
        "Paiement (chèque) n° 7654321",
        "Solde au 24/11/2026",
        "260,00 DA",
        "À échoir",
    ] {
        assert!(text.contains(mention), "« {mention} » missing from:\n{text}");
    }
    // An inverted period is no PDF; an unknown customer neither.
    let cookies = boss.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let bad = t
        .http
        .get("/b2b/clients/1/releve/pdf?du=2026-11-24&au=2026-11-01")
        .header("cookie", cookies.clone())
        .send()
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let none = t.http.get("/b2b/clients/9/releve").header("cookie", cookies).send().await;
    none.assert_status(StatusCode::NOT_FOUND);
    t.assert_check_passes().await;
}
