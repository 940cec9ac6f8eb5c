//! Issue #18 item 9, the books' API: bank lines and matches (a statement imported with a saved
//! layout, matched automatically, undone and matched by hand, a bank charge from its line), the
//! statements of a period, the chart and the tax regime — the pages' operations and refusals.

use serde_json::{Value, json};

use crate::support::*;

/// A bill of electricity (« Électricité et gaz (Sonelgaz) » → 607) paid by the bank, via the API.
async fn electricity(t: &TestApp, token: &str, day: &str, amount: &str) -> i64 {
    let bill = json!({"day": day, "label_id": 1, "beneficiary": "Sonelgaz", "amount": amount,
        "reference": "SG-2611", "paid_by": "banque", "token": format!("bill-{day}-{amount}")});
    let (status, body) = call(t, token, "POST", "/compta/depenses", Some(bill)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["id"].as_i64().unwrap()
}

fn csv(rows: &[&str]) -> String {
    let mut s = String::from("Date;Libellé;Référence;Débit;Crédit\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

fn refused(status: u16, body: &Value, field: &str) -> String {
    assert_eq!(status, 422, "{body}");
    body["fields"][field].as_str().unwrap_or_else(|| panic!("no message for {field}: {body}")).to_string()
}

#[tokio::test]
async fn the_api_imports_a_statement_with_a_saved_layout_and_matches_it_like_the_page() {
    let t = spawn_ready().await;
    let token = token_for(&t, 1).await;
    let mut admin = t.admin().await;
    electricity(&t, &token, "2026-11-18", "8 250,50").await;
    let layout: i64 = crate::bank::bna(&mut admin).await.parse().unwrap();
    let (_, layouts) = call(&t, &token, "GET", "/compta/banque/formats", None).await;
    assert_eq!(layouts["data"][0]["name"], "BNA");

    // An unknown layout, then a file that does not follow the layout: refused, nothing saved.
    let rows = ["19/11/2026;PRLV SONELGAZ;SG-2611;8 250,50;", "20/11/2026;FRAIS TENUE DE COMPTE;;150,00;"];
    let file = |layout_id: i64, content: String| json!({"layout_id": layout_id, "content": content});
    let (status, body) = call(&t, &token, "POST", "/compta/banque/releves", Some(file(99, csv(&rows)))).await;
    assert_eq!(refused(status, &body, "layout_id"), "Choisissez la banque (le format de son relevé).");
    let other = "Jour,Texte,Somme\n19/11/2026,SONELGAZ,-8250.50\n".to_string();
    let (status, body) = call(&t, &token, "POST", "/compta/banque/releves", Some(file(layout, other))).await;
    assert!(!refused(status, &body, "file").is_empty());
    assert_eq!(
        t.count("SELECT count(*) FROM bank_imports").await + t.count("SELECT count(*) FROM bank_lines").await,
        0
    );

    let (status, body) = call(&t, &token, "POST", "/compta/banque/releves", Some(file(layout, csv(&rows)))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["data"]["lines_read"].as_i64(), body["data"]["matched"].as_i64()), (Some(2), Some(1)));

    let (status, lines) = call(&t, &token, "GET", "/compta/banque/lignes?du=2026-11-01&au=2026-11-30", None).await;
    assert_eq!(status, 200, "{lines}");
    let statement = lines["data"]["statement"].as_array().unwrap();
    let (bill, fee) = (&statement[0], &statement[1]);
    assert_eq!((bill["amount"].as_i64(), bill["how"].as_str()), (Some(-825_050), Some("auto")));
    let ledger = &lines["data"]["ledger"][0];
    assert_eq!(
        (ledger["id"].clone(), ledger["bank_line_id"].clone()),
        (bill["journal_line_id"].clone(), bill["id"].clone())
    );
    assert_eq!(lines["data"]["books"].as_i64(), Some(-825_050));

    // Undone, then matched by hand; a charge posted from its line.
    let (id, jl) = (bill["id"].as_i64().unwrap(), ledger["id"].as_i64().unwrap());
    let (status, undone) = call(&t, &token, "POST", &format!("/compta/banque/lignes/{id}/defaire"), None).await;
    assert_eq!((status, undone["data"]["journal_line_id"].clone()), (200, Value::Null));
    let (status, again) = call(&t, &token, "POST", &format!("/compta/banque/lignes/{id}/defaire"), None).await;
    assert_eq!(status, 409, "{again}");
    let wrong = json!({"journal_line_id": jl + 1000});
    let (status, body) = call(&t, &token, "POST", &format!("/compta/banque/lignes/{id}/rapprocher"), Some(wrong)).await;
    assert_eq!(refused(status, &body, "journal_line_id"), "Choisissez une écriture du compte 512.");
    let by_hand = json!({"journal_line_id": jl});
    let (status, body) =
        call(&t, &token, "POST", &format!("/compta/banque/lignes/{id}/rapprocher"), Some(by_hand)).await;
    assert_eq!((status, body["data"]["how"].as_str()), (200, Some("manuel")), "{body}");
    let fee = fee["id"].as_i64().unwrap();
    let (status, body) = call(&t, &token, "POST", &format!("/compta/banque/lignes/{fee}/frais"), None).await;
    assert_eq!((status, body["data"]["line"]["how"].as_str()), (200, Some("frais")), "{body}");
    assert_eq!(
        t.count("SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '627'").await,
        15_000
    );
    let (status, _) = call(&t, &token, "POST", &format!("/compta/banque/lignes/{fee}/frais"), None).await;
    assert_eq!(status, 409, "once");

    let (status, body) = call(&t, &token, "GET", "/compta/banque/lignes?du=2026-11-30&au=2026-11-01", None).await;
    assert_eq!(refused(status, &body, "au"), "La fin de la période précède son début.");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_reads_the_statements_of_a_period_and_the_chart() {
    let t = spawn_ready().await;
    let token = token_for(&t, 1).await;
    electricity(&t, &token, "2026-11-18", "8 250,50").await;
    let (status, body) = call(&t, &token, "GET", "/compta/etats?du=2026-11-30&au=2026-11-01", None).await;
    assert_eq!(refused(status, &body, "au"), "La fin de la période précède son début.");
    let (status, body) = call(&t, &token, "GET", "/compta/etats?du=2026-11-01&au=2026-13-01", None).await;
    assert!(!refused(status, &body, "au").is_empty());

    let (status, s) = call(&t, &token, "GET", "/compta/etats?du=2026-11-01&au=2026-11-30", None).await;
    assert_eq!(status, 200, "{s}");
    let s = &s["data"];
    let income = s["income_statement"].as_array().unwrap();
    assert_eq!(income.last().unwrap()["amount"].as_i64(), Some(-825_050), "the result: the bill");
    assert!(income.iter().any(|l| l["label"] == "Achats consommés (60)" && l["amount"] == 825_050));
    let sheet = &s["balance_sheet"];
    assert_eq!(sheet["total_assets"], sheet["total_liabilities"]);
    let trial = s["trial_balance"].as_array().unwrap();
    let bank = trial.iter().find(|r| r["account"] == "512").unwrap();
    assert_eq!(bank["balance"].as_i64(), Some(-825_050));
    let flows = s["cash_flow"].as_array().unwrap();
    assert_eq!(flows.last().unwrap()["amount"].as_i64(), Some(-825_050), "cash at the close");

    let (status, chart) = call(&t, &token, "GET", "/compta/comptes", None).await;
    assert_eq!(status, 200);
    let chart = chart["data"].as_array().unwrap();
    assert!(chart.iter().any(|a| a["code"] == "627" && a["class"] == 6));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_changes_the_regime_from_a_date_with_the_pages_refusals() {
    let t = spawn_ready().await;
    let token = token_for(&t, 1).await;
    let (status, r) = call(&t, &token, "GET", "/compta/fiscalite/regime", None).await;
    assert_eq!(status, 200, "{r}");
    let first = r["data"]["regime"].as_str().unwrap().to_string();
    let other = if first == "ifu" { "reel" } else { "ifu" };
    let change = |from: &str| json!({"regime": other, "ifu_rate": "5", "valid_from": from, "note": "Décision 2027"});

    let (status, body) = call(&t, &token, "POST", "/compta/fiscalite/regime", Some(change("2026-10-01"))).await;
    assert!(refused(status, &body, "valid_from").contains("jamais en arrière"));
    let bad = json!({"regime": "ifu", "ifu_rate": "", "valid_from": "demain", "note": ""});
    let (status, body) = call(&t, &token, "POST", "/compta/fiscalite/regime", Some(bad)).await;
    assert_eq!(refused(status, &body, "valid_from"), "Une date comme 2027-01-01.");
    assert_eq!(body["fields"]["ifu_rate"], "Le taux de l'IFU : un pourcentage comme 5 ou 0,5.");
    assert_eq!(t.count("SELECT count(*) FROM tax_regimes").await, 1, "nothing saved");

    let (status, body) = call(&t, &token, "POST", "/compta/fiscalite/regime", Some(change("2027-01-01"))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["regime"].as_str(), Some(first.as_str()), "still in force today");
    assert_eq!(body["data"]["changes"][0]["valid_from"], "2027-01-01");
    assert_eq!(body["data"]["changes"][0]["regime"], other);
    let audit = "SELECT count(*) FROM audit_log WHERE entity = 'tax_regimes'";
    assert_eq!(t.count(audit).await, 1);

    let back = json!({"regime": first, "ifu_rate": "5", "valid_from": "2027-02-10", "note": "Retour"});
    let closed = "INSERT INTO closed_periods (month, closed_at) VALUES ('2027-02', ?1)";
    t.app.db.write(move |tx| Ok(tx.execute(closed, [NOW])?)).await.unwrap();
    let (status, body) = call(&t, &token, "POST", "/compta/fiscalite/regime", Some(back)).await;
    assert_eq!(refused(status, &body, "valid_from"), "Le mois 02/2027 est clôturé : le régime ne peut pas y changer.");
    assert_eq!(t.count("SELECT count(*) FROM tax_regimes").await, 2, "the default and the one change");
    t.assert_check_passes().await;
}
