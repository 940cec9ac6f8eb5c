//! Issue #18, the bank: a statement CSV read with its bank's saved layout, each line stored once
//! (a re-import or an overlapping statement adds nothing twice), matched automatically on amount,
//! date window and reference, the rest by hand, bank charges posted from their line; a file of
//! another layout is refused, nothing saved; `fournil check` proves each match links equal amounts.

use poem::test::{TestForm, TestFormField};

use crate::support::*;

pub async fn upload(t: &TestApp, b: &Browser<'_>, layout: &str, bytes: Vec<u8>) -> Page {
    let csrf = b.csrf.clone().unwrap();
    let form = TestForm::new()
        .text("layout_id", layout)
        .field(TestFormField::bytes(bytes).name("file").filename("releve.csv"));
    let resp = t
        .http
        .post(format!("/compta/banque/import?_csrf={csrf}"))
        .header("cookie", format!("fournil_session={}", b.cookies["fournil_session"]))
        .multipart(form)
        .send()
        .await;
    let status = resp.0.status();
    let headers = resp.0.headers().clone();
    let body = resp.0.into_body().into_string().await.unwrap();
    Page { status, headers, body }
}

/// The layout of the BNA's statements, saved through its form; returns its id.
pub async fn bna(b: &mut Browser<'_>) -> String {
    b.get("/compta/banque/formats").await;
    let form = [
        ("name", "BNA"),
        ("date_col", "Date"),
        ("label_col", "Libellé"),
        ("reference_col", "Référence"),
        ("debit_col", "Débit"),
        ("credit_col", "Crédit"),
    ];
    b.post("/compta/banque/formats", &form).await.assert_redirect("/compta/banque");
    let page = b.get("/compta/banque").await;
    let at = page.body.find("<option value=\"1\"").expect("the BNA in the import form");
    assert!(page.body[at..].starts_with("<option value=\"1\""));
    "1".into()
}

fn day(offset: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 9, 25).unwrap() + chrono::Duration::days(offset)
}

fn da(i: i64) -> String {
    if i < 2 { "5 000,00".into() } else { format!("{},50", 1000 + 137 * i) }
}

fn reference(i: i64) -> String {
    if i % 3 == 0 && i >= 2 { String::new() } else { format!("F{i:03}") }
}

/// 44 bills: 0..40 paid by the bank (0 and 1 of the same amount, told apart by their reference),
/// 40..43 paid later then by the bank, 43 by the bank.
async fn bills(b: &mut Browser<'_>) {
    b.get("/compta/depenses/nouvelle").await;
    for i in 0..44 {
        let (d, amount, r, who) = (day(i).to_string(), da(i), reference(i), format!("Fournisseur {i:03}"));
        let paid_by = if (40..43).contains(&i) { "plus_tard" } else { "banque" };
        let form = [
            ("label_id", "1"),
            ("beneficiary", &who),
            ("day", &d),
            ("amount", &amount),
            ("reference", &r),
            ("paid_by", paid_by),
        ];
        let saved = b.post("/compta/depenses/nouvelle", &form).await;
        assert_eq!(saved.status, 303, "bill {i}: {}", saved.body);
        if paid_by == "plus_tard" {
            let url = format!("{}/payer", saved.location().unwrap());
            let paid = day(i + 2).to_string();
            assert_eq!(b.post(&url, &[("payment_day", &paid), ("by", "banque")]).await.status, 303);
        }
    }
}

/// The statement: 44 lines for the bills (a day or three after them; 43 twelve days late), four
/// charges (two the same day), a transfer in and a debit the books do not know: 50 lines.
fn statement() -> Vec<String> {
    let mut rows = Vec::new();
    for i in 0..44 {
        let lag = match i {
            0 | 1 => 1,
            40..43 => 3,
            43 => 12,
            _ => i % 4,
        };
        let (d, r) = (day(i + lag).format("%d/%m/%Y"), reference(i));
        rows.push(format!("{d};PRLV Fournisseur {i:03};{r};{};", da(i)));
    }
    for d in ["05/10/2026", "05/11/2026", "05/11/2026", "12/11/2026"] {
        rows.push(format!("{d};FRAIS TENUE DE COMPTE;;150,00;"));
    }
    rows.push("15/11/2026;VERSEMENT ESPECES;;;12 000,00".into());
    rows.push("16/11/2026;CHEQUE 1234567;;3 333,33;".into());
    rows
}

fn file(rows: &[String]) -> Vec<u8> {
    let mut s = String::from("BNA — relevé de compte;00100 1234567 89\n\nDate;Libellé;Référence;Débit;Crédit\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.push_str(";Total des mouvements;;;\n");
    s.into_bytes()
}

#[tokio::test]
async fn a_bank_statement_of_50_lines_matches_automatically_where_it_should() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    bills(&mut admin).await;
    let layout = bna(&mut admin).await;
    let rows = statement();
    assert_eq!(rows.len(), 50);
    let done = upload(&t, &admin, &layout, file(&rows)).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let page = admin.get(done.location().unwrap()).await;
    page.assert_contains("50 lignes lues, 50 nouvelles, 43 rapprochées automatiquement.");
    assert_eq!(t.count("SELECT count(*) FROM bank_matches WHERE how = 'auto'").await, 43);
    let right = "SELECT count(*) FROM bank_matches m JOIN bank_lines b ON b.id = m.bank_line_id
        JOIN journal_lines jl ON jl.id = m.journal_line_id JOIN journal_entries je ON je.id = jl.entry_id
        WHERE instr(je.description, substr(b.label, 6)) > 0";
    assert_eq!(t.count(right).await, 43, "each line with its own bill (0 and 1 by their reference)");
    let late = "SELECT count(*) FROM bank_matches m JOIN bank_lines b ON b.id = m.bank_line_id WHERE b.label = 'PRLV Fournisseur 043'";
    assert_eq!(t.count(late).await, 0, "twelve days late: left for a person");
    page.assert_contains("VERSEMENT ESPECES");
    t.assert_check_passes().await;

    // The same file again, then an overlapping one: nothing twice.
    let again = upload(&t, &admin, &layout, file(&rows)).await;
    admin.get(again.location().unwrap()).await.assert_contains("50 lignes lues, 0 nouvelles");
    let mut next = rows[40..].to_vec();
    next.push("20/11/2026;FRAIS SMS;;50,00;".into());
    upload(&t, &admin, &layout, file(&next)).await;
    assert_eq!(t.count("SELECT count(*) FROM bank_lines").await, 51);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_person_matches_the_rest_and_posts_bank_charges_from_their_line() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    bills(&mut admin).await;
    let layout = bna(&mut admin).await;
    upload(&t, &admin, &layout, file(&statement())).await;
    admin.get("/compta/banque").await;
    let late = t.count("SELECT id FROM bank_lines WHERE label = 'PRLV Fournisseur 043'").await.to_string();
    let entry = "SELECT jl.id FROM journal_lines jl JOIN journal_entries je ON je.id = jl.entry_id
        WHERE jl.account = '512' AND je.description LIKE '%Fournisseur 043%'";
    let entry = t.count(entry).await.to_string();
    let cheque = t.count("SELECT id FROM bank_lines WHERE label = 'CHEQUE 1234567'").await.to_string();
    let wrong = admin.post(&format!("/compta/banque/lignes/{cheque}/rapprocher"), &[("journal_line_id", &entry)]).await;
    assert_eq!(wrong.status, 422);
    wrong.assert_contains("Les montants diffèrent : relevé -3 333,33 DA");
    admin
        .post(&format!("/compta/banque/lignes/{late}/rapprocher"), &[("journal_line_id", &entry)])
        .await
        .assert_redirect("/compta/banque");
    assert_eq!(t.count("SELECT count(*) FROM bank_matches WHERE how = 'manuel'").await, 1);

    let charge = t.count("SELECT min(id) FROM bank_lines WHERE label = 'FRAIS TENUE DE COMPTE'").await.to_string();
    admin.post(&format!("/compta/banque/lignes/{charge}/frais"), &[]).await.assert_redirect("/compta/banque");
    assert_eq!(
        t.count("SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '627'").await,
        15_000
    );
    assert_eq!(t.count("SELECT count(*) FROM bank_matches WHERE how = 'frais'").await, 1);
    assert_eq!(admin.post(&format!("/compta/banque/lignes/{charge}/frais"), &[]).await.status, 409, "once");
    let page = admin.get("/compta/banque").await;
    page.assert_contains("frais bancaires");
    t.assert_check_passes().await;

    // A match of two different amounts, written behind the operations' back, fails the check.
    let tamper = "DELETE FROM bank_matches WHERE how = 'manuel';
        INSERT INTO bank_matches (bank_line_id, journal_line_id, how, at)
        SELECT (SELECT id FROM bank_lines WHERE label = 'VERSEMENT ESPECES'), jl.id, 'manuel', 'x'
        FROM journal_lines jl JOIN journal_entries je ON je.id = jl.entry_id
        WHERE jl.account = '512' AND je.description LIKE '%Fournisseur 043%';";
    t.app.db.write(move |tx| Ok(tx.execute_batch(tamper)?)).await.unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failed: Vec<_> = report.failures().map(|f| f.rule.to_string()).collect();
    assert_eq!(failed, vec!["Banque : chaque rapprochement relie deux montants égaux du compte 512".to_string()]);
}

#[tokio::test]
async fn a_statement_of_an_unknown_layout_is_refused_in_french_and_nothing_is_saved() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let layout = bna(&mut admin).await;
    let page = upload(&t, &admin, &layout, b"Jour,Texte,Somme\n05/11/2026,SONELGAZ,-8250\n".to_vec()).await;
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains("Format inconnu : ce fichier n&#39;a pas les colonnes")
            || page.body.contains("Format inconnu : ce fichier n'a pas les colonnes"),
        "{}",
        page.body
    );
    let bad_date = upload(
        &t,
        &admin,
        &layout,
        b"Date;Libell\xc3\xa9;R\xc3\xa9f\xc3\xa9rence;D\xc3\xa9bit;Cr\xc3\xa9dit\n31/13/2026;X;;10;\n".to_vec(),
    )
    .await;
    assert_eq!(bad_date.status, 422);
    bad_date.assert_contains("Ligne 2 : date « 31/13/2026 » illisible");
    assert_eq!(t.count("SELECT count(*) FROM bank_lines").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM bank_imports").await, 0);
    let missing =
        admin.post("/compta/banque/formats", &[("name", "CPA"), ("date_col", "Date"), ("label_col", "Libellé")]).await;
    assert_eq!(missing.status, 422);
    missing.assert_contains("Une colonne de montant signé, ou les deux colonnes débit et crédit.");
    t.assert_check_passes().await;
}
