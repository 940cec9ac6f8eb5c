//! Issue #18, expenses: a bill under a familiar label books to its own account (never 658), paid
//! from the drawer of an open shift, the bank, or later (401, then its payment); monthly bills
//! are proposed again the next month.

use fournil::money::Money;

use crate::support::*;

const ELECTRICITY: &str = "1"; // « Électricité et gaz (Sonelgaz) » → 607
const RENT: &str = "3"; // « Loyer » → 613

fn bill<'a>(label: &'a str, day: &'a str, amount: &'a str, paid_by: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("label_id", label), ("beneficiary", "Sonelgaz"), ("day", day), ("amount", amount), ("paid_by", paid_by)]
}

async fn net(t: &TestApp, account: &'static str) -> i64 {
    let sql: &'static str = match account {
        "607" => "SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '607'",
        "613" => "SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '613'",
        "512" => "SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '512'",
        "401" => "SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '401'",
        "530" => "SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '530'",
        _ => "SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '658'",
    };
    t.count(sql).await
}

#[tokio::test]
async fn a_bill_with_no_account_or_amount_is_refused_beside_its_field_and_nothing_is_saved() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/depenses/nouvelle").await.assert_contains("Électricité et gaz (Sonelgaz)");
    let page = gerante.post("/compta/depenses/nouvelle", &bill("", "2026-11-20", "0", "banque")).await;
    assert_eq!(page.status, 422);
    page.assert_contains("Choisissez la nature de la dépense.");
    page.assert_contains("Un montant supérieur à zéro");
    let unknown = gerante.post("/compta/depenses/nouvelle", &bill("999", "2026-11-20", "100", "banque")).await;
    assert_eq!(unknown.status, 422);
    unknown.assert_contains("Choisissez la nature de la dépense.");
    assert_eq!(t.count("SELECT count(*) FROM expenses").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM journal_entries").await, 0);
}

#[tokio::test]
async fn a_bill_paid_by_the_bank_books_its_own_account_never_658() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/depenses").await;
    let saved = gerante.post("/compta/depenses/nouvelle", &bill(ELECTRICITY, "2026-11-18", "8 250,50", "banque")).await;
    assert_eq!(saved.status, 303);
    let page = gerante.get(saved.location().unwrap()).await;
    page.assert_contains("Électricité et gaz (Sonelgaz) — compte 607");
    assert_eq!(net(&t, "607").await, 825_050);
    assert_eq!(net(&t, "512").await, -825_050);
    assert_eq!(net(&t, "658").await, 0);
    assert_eq!(
        t.count("SELECT count(*) FROM journal_entries WHERE journal = 'BQ' AND source_type = 'expense'").await,
        1
    );
    gerante.get("/compta/depenses").await.assert_contains("8 250,50");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_bill_paid_from_the_drawer_needs_an_open_shift_and_moves_its_cash_today() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/depenses").await;
    let closed = gerante.post("/compta/depenses/nouvelle", &bill(ELECTRICITY, "2026-11-24", "500", "caisse")).await;
    assert_eq!(closed.status, 409, "no open shift: nothing touches a drawer nobody counted");
    t.given().shift().float("2000").await;
    let yesterday = gerante.post("/compta/depenses/nouvelle", &bill(ELECTRICITY, "2026-11-23", "500", "caisse")).await;
    assert_eq!(yesterday.status, 422);
    yesterday.assert_contains("Une dépense payée par le tiroir est datée d");
    let too_much = gerante.post("/compta/depenses/nouvelle", &bill(ELECTRICITY, "2026-11-24", "5000", "caisse")).await;
    assert_eq!(too_much.status, 422);
    too_much.assert_contains("Le tiroir ne devrait contenir que 2 000,00 DA");
    let saved = gerante.post("/compta/depenses/nouvelle", &bill(ELECTRICITY, "2026-11-24", "500", "caisse")).await;
    assert_eq!(saved.status, 303);
    assert_eq!(t.count("SELECT sum(amount) FROM cash_movements WHERE source_type = 'expense'").await, -50_000);
    assert_eq!(net(&t, "530").await, 150_000);
    assert_eq!(net(&t, "658").await, 0);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_bill_paid_later_is_owed_to_the_supplier_until_paid_once() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/depenses").await;
    let saved = gerante.post("/compta/depenses/nouvelle", &bill(RENT, "2026-11-01", "40 000", "plus_tard")).await;
    let url = saved.location().unwrap().to_string();
    assert_eq!(net(&t, "613").await, 4_000_000);
    assert_eq!(net(&t, "401").await, -4_000_000);
    gerante.get("/compta/depenses").await.assert_contains("À payer");
    let page = gerante.get(&url).await;
    page.assert_contains("Enregistrer le paiement");
    let early = gerante.post(&format!("{url}/payer"), &[("payment_day", "2026-10-30"), ("by", "banque")]).await;
    assert_eq!(early.status, 422);
    early.assert_contains("Le paiement ne précède pas la facture.");
    gerante
        .post(&format!("{url}/payer"), &[("payment_day", "2026-11-05"), ("by", "banque")])
        .await
        .assert_redirect(&url);
    assert_eq!(net(&t, "401").await, 0);
    assert_eq!(net(&t, "512").await, -4_000_000);
    let twice = gerante.post(&format!("{url}/payer"), &[("payment_day", "2026-11-05"), ("by", "banque")]).await;
    assert_eq!(twice.status, 409);
    assert_eq!(net(&t, "512").await, -4_000_000, "paid once");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_monthly_bill_is_proposed_again_the_next_month_until_entered() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/depenses").await;
    let mut rent = bill(RENT, "2026-10-01", "40 000", "banque");
    rent.push(("monthly", "1"));
    let saved = gerante.post("/compta/depenses/nouvelle", &rent).await;
    let id = saved.location().unwrap().rsplit('/').next().unwrap().to_string();
    let list = gerante.get("/compta/depenses").await;
    list.assert_contains("Dépenses mensuelles à saisir");
    list.assert_contains(&format!("/compta/depenses/nouvelle?modele={id}"));
    let form = gerante.get(&format!("/compta/depenses/nouvelle?modele={id}")).await;
    form.assert_contains("40 000,00 DA");
    let mut november = bill(RENT, "2026-11-01", "40 000", "banque");
    november.push(("monthly", "1"));
    assert_eq!(gerante.post("/compta/depenses/nouvelle", &november).await.status, 303);
    assert!(!gerante.get("/compta/depenses").await.body.contains("Dépenses mensuelles à saisir"));
    t.assert_check_passes().await;
}

async fn attach(t: &TestApp, b: &Browser<'_>, url: &str, bytes: Vec<u8>) -> Page {
    use poem::test::{TestForm, TestFormField};
    let csrf = b.csrf.clone().unwrap();
    let form = TestForm::new().field(TestFormField::bytes(bytes).name("piece").filename("facture.pdf"));
    let cookie = format!("fournil_session={}", b.cookies["fournil_session"]);
    let resp = t.http.post(format!("{url}/piece?_csrf={csrf}")).header("cookie", cookie).multipart(form).send().await;
    let (status, headers) = (resp.0.status(), resp.0.headers().clone());
    let body = resp.0.into_body().into_string().await.unwrap_or_default();
    Page { status, headers, body }
}

#[tokio::test]
async fn a_bill_keeps_its_pdf_in_the_database_served_back_to_those_who_see_expenses() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/depenses").await;
    let saved = gerante.post("/compta/depenses/nouvelle", &bill(ELECTRICITY, "2026-11-18", "8 250,50", "banque")).await;
    let url = saved.location().unwrap().to_string();
    gerante.get(&url).await.assert_contains("Pièce justificative");
    let heavy = attach(&t, &gerante, &url, [b"%PDF-1.4\n".to_vec(), vec![b'x'; 3 * 1024 * 1024]].concat()).await;
    assert_eq!(heavy.status, 422);
    heavy.assert_contains("Fichier trop lourd : 3 Mo au plus.");
    let text = attach(&t, &gerante, &url, b"bonjour".to_vec()).await;
    assert_eq!(text.status, 422);
    text.assert_contains("Ce fichier n'est ni un PDF ni une photo");
    assert_eq!(t.count("SELECT count(*) FROM expense_attachments").await, 0);
    let pdf = b"%PDF-1.4\n% facture Sonelgaz\n".to_vec();
    assert_eq!(attach(&t, &gerante, &url, pdf.clone()).await.status, 303);
    let back = gerante.get(&format!("{url}/piece")).await;
    assert_eq!(back.status, 200);
    assert_eq!(back.header("content-type"), Some("application/pdf"));
    assert_eq!(back.body.as_bytes(), &pdf[..]);
    gerante.get(&url).await.assert_contains("Voir la facture jointe");
    let mut vendeuse = t.signed_in("nadia", "vendeuse").await;
    assert_eq!(vendeuse.get(&format!("{url}/piece")).await.status, 403);
    t.assert_check_passes().await;
}

/// The till's quick « dépense » is a bill of the expenses domain paid from this till's drawer:
/// « Livraison, transport » lands on 624 and takes the cash out of the open shift, never 658.
#[tokio::test]
async fn a_till_expense_transport_lands_on_its_account_and_the_drawer() {
    let t = spawn_ready().await;
    t.given().shift().float(Money::from_da(2_000)).await;
    let mut v = t.signed_in("amina", "vendeuse").await;
    v.get("/caisse/mouvements").await.assert_contains("href=\"/caisse/depense\"");
    let form = v.get("/caisse/depense").await;
    form.assert_contains("Livraison, transport (Yassir…)");
    let bad = v
        .post("/caisse/depense", &[("till", "1"), ("token", "d-0"), ("amount", "300"), ("beneficiary", "Yassir")])
        .await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Choisissez la nature de la dépense.");
    assert_eq!(t.count("SELECT count(*) FROM expenses").await, 0);
    let too_much = [("till", "1"), ("token", "d-1"), ("label_id", "6"), ("amount", "5 000"), ("beneficiary", "Yassir")];
    let refused = v.post("/caisse/depense", &too_much).await;
    assert_eq!(refused.status, 422);
    refused.assert_contains("Le tiroir ne devrait contenir que 2 000,00 DA");
    assert_eq!(t.count("SELECT count(*) FROM expenses").await, 0);

    let ok = [("till", "1"), ("token", "d-2"), ("label_id", "6"), ("amount", "300"), ("beneficiary", "Yassir")];
    v.post("/caisse/depense", &ok).await.assert_redirect("/caisse/mouvements");
    v.post("/caisse/depense", &ok).await.assert_redirect("/caisse/mouvements");
    assert_eq!(t.count("SELECT count(*) FROM expenses WHERE paid_by = 'caisse' AND account = '624'").await, 1);
    assert_eq!(
        t.count("SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '624'").await,
        30_000
    );
    assert_eq!(net(&t, "658").await, 0);
    assert_eq!(
        t.count("SELECT sum(amount) FROM cash_movements WHERE source_type = 'expense' AND kind = 'retrait'").await,
        -30_000
    );
    v.get("/caisse/mouvements").await.assert_contains("— Yassir");
    t.assert_check_passes().await;
}

/// The API enters a bill with the page's rules, lists the month's bills and pays one owed.
#[tokio::test]
async fn the_api_enters_lists_and_pays_bills_with_the_pages_rules() {
    let t = spawn_ready().await;
    let token = token_for(&t, 1).await;
    let bill = |amount: &str, paid_by: &str, token: &str| {
        serde_json::json!({"day": "2026-11-18", "label_id": 3, "beneficiary": "M. Haddad", "amount": amount,
            "paid_by": paid_by, "token": token})
    };
    let (status, body) = call(&t, &token, "POST", "/compta/depenses", Some(bill("0", "banque", "a-0"))).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"]["amount"], "Un montant supérieur à zéro, comme 1 500 ou 1 234,50.");
    assert_eq!(t.count("SELECT count(*) FROM expenses").await, 0);

    let (status, body) = call(&t, &token, "POST", "/compta/depenses", Some(bill("45 000", "plus_tard", "a-1"))).await;
    assert_eq!(status, 200, "{body}");
    let id = body["data"]["id"].as_i64().unwrap();
    assert_eq!((body["data"]["account"].as_str(), body["data"]["owed"].as_bool()), (Some("613"), Some(true)));
    assert_eq!(net(&t, "401").await, -4_500_000);
    let (_, list) = call(&t, &token, "GET", "/compta/depenses?mois=2026-11", None).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1);

    let pay = serde_json::json!({"day": "2026-11-20", "by": "banque"});
    let (status, body) = call(&t, &token, "POST", &format!("/compta/depenses/{id}/payer"), Some(pay.clone())).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["owed"], false);
    assert_eq!((net(&t, "401").await, net(&t, "512").await, net(&t, "613").await), (0, -4_500_000, 4_500_000));
    let (status, _) = call(&t, &token, "POST", &format!("/compta/depenses/{id}/payer"), Some(pay)).await;
    assert_eq!(status, 409, "paid once: a rule, not a field");
    t.assert_check_passes().await;
}
