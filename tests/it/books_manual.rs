//! Issue #18, first part: months close once ended and the last one reopens (admin, reason,
//! audited); the accountant's manual entries (journal OD) and their reversal; the bakery's chart
//! and its sub-accounts.

use crate::support::*;

fn entry_form<'a>(day: &'a str, description: &'a str, lines: &[(&'a str, &'a str, &'a str)]) -> Vec<(String, String)> {
    let mut f = vec![("day".to_string(), day.to_string()), ("description".to_string(), description.to_string())];
    for (i, (account, debit, credit)) in lines.iter().enumerate() {
        f.push((format!("account_{i}"), account.to_string()));
        f.push((format!("debit_{i}"), debit.to_string()));
        f.push((format!("credit_{i}"), credit.to_string()));
    }
    f
}

async fn post_entry(b: &mut Browser<'_>, fields: &[(String, String)]) -> Page {
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post("/compta/ecritures/nouvelle", &form).await
}

#[tokio::test]
async fn the_last_closed_month_reopens_for_the_admin_with_a_reason_and_is_audited() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/compta/periodes").await;
    for m in ["2026-09", "2026-10"] {
        admin.post("/compta/periodes", &[("month", m)]).await.assert_redirect("/compta/periodes?ok=mois-cloture");
    }
    let mut gerante = t.signed_in("samia", "gerante").await;
    let page = gerante.get("/compta/periodes").await;
    assert!(!page.body.contains("Rouvrir le dernier mois"), "the gérante is not offered the reopening");
    assert_eq!(gerante.post("/compta/periodes/rouvrir", &[("reopen", "2026-10"), ("reason", "x")]).await.status, 403);

    admin.get("/compta/periodes").await.assert_contains("Rouvrir le dernier mois clôturé");
    let no_reason = admin.post("/compta/periodes/rouvrir", &[("reopen", "2026-10"), ("reason", " ")]).await;
    assert_eq!(no_reason.status, 422);
    no_reason.assert_contains("Indiquez pourquoi le mois est rouvert.");
    let not_last = admin.post("/compta/periodes/rouvrir", &[("reopen", "2026-09"), ("reason", "erreur")]).await;
    assert_eq!(not_last.status, 422);
    not_last.assert_contains("Seul le dernier mois clôturé (2026-10) peut être rouvert.");
    assert_eq!(t.count("SELECT count(*) FROM closed_periods").await, 2);

    admin
        .post("/compta/periodes/rouvrir", &[("reopen", "2026-10"), ("reason", "facture oubliée")])
        .await
        .assert_redirect("/compta/periodes?ok=mois-rouvert");
    assert_eq!(t.count("SELECT count(*) FROM closed_periods WHERE month = '2026-10'").await, 0);
    assert!(t.audit_kinds().await.contains(&"compta.mois_rouvert".to_string()));
    let summary = t.count("SELECT count(*) FROM audit_log WHERE summary LIKE '%facture oubliée%'").await;
    assert_eq!(summary, 1, "the reason is kept in the audit log");
    // October takes entries again; September stays closed.
    let oct = entry_form("2026-10-31", "Facture oubliée", &[("613", "5000", ""), ("401", "", "5000")]);
    assert_eq!(post_entry(&mut admin, &oct).await.status, 303);
    let sep = entry_form("2026-09-30", "Trop tard", &[("613", "10", ""), ("401", "", "10")]);
    let refused = post_entry(&mut admin, &sep).await;
    assert_eq!(refused.status, 422);
    refused.assert_contains("Le mois 09/2026 est clôturé : choisissez une date dans un mois ouvert.");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_manual_entry_must_balance_name_known_accounts_and_is_numbered_in_od() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/ecritures/nouvelle").await.assert_contains("Écriture diverse (journal OD)");

    let unbalanced = entry_form("2026-11-20", "Loyer de novembre", &[("613", "40 000", ""), ("401", "", "39 000")]);
    let page = post_entry(&mut gerante, &unbalanced).await;
    assert_eq!(page.status, 422);
    page.assert_contains("L'écriture ne s'équilibre pas : débit 40 000,00 DA, crédit 39 000,00 DA.");
    let unknown = entry_form("2026-11-20", "Loyer", &[("6139", "100", ""), ("401", "", "100")]);
    post_entry(&mut gerante, &unknown).await.assert_contains("Compte 6139 inconnu du plan de comptes.");
    let kept = entry_form("2026-11-20", "Caisse", &[("530", "100", ""), ("758", "", "100")]);
    post_entry(&mut gerante, &kept)
        .await
        .assert_contains("Le compte 530 est tenu par les caisses : il ne se saisit pas à la main.");
    let both = entry_form("2026-11-20", "Loyer", &[("613", "100", "100"), ("401", "", "100")]);
    post_entry(&mut gerante, &both).await.assert_contains("Un montant au débit ou au crédit, pas les deux.");
    let one_line = entry_form("2026-11-20", "Loyer", &[("613", "100", "")]);
    post_entry(&mut gerante, &one_line).await.assert_contains("au moins deux lignes");
    let no_label = entry_form("2026-11-20", "", &[("613", "100", ""), ("401", "", "100")]);
    post_entry(&mut gerante, &no_label)
        .await
        .assert_contains("Indiquez le libellé de l&#39;écriture.".replace("&#39;", "'").as_str());
    assert_eq!(t.count("SELECT count(*) FROM journal_entries").await, 0, "nothing saved");

    let mut good = entry_form("2026-11-20", "Loyer de novembre", &[("613", "40 000", ""), ("401", "", "40 000")]);
    good.push(("token".into(), "tok-loyer".into()));
    let saved = post_entry(&mut gerante, &good).await;
    assert_eq!(saved.status, 303);
    let again = post_entry(&mut gerante, &good).await;
    assert_eq!(again.location(), saved.location(), "a replay answers the first entry");
    assert_eq!(t.count("SELECT count(*) FROM journal_entries").await, 1);
    let page = gerante.get(saved.location().unwrap()).await;
    page.assert_contains("OD-2026-00001");
    page.assert_contains("Contre-passer cette écriture");
    assert!(t.audit_kinds().await.contains(&"compta.ecriture_saisie".to_string()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_manual_entry_is_corrected_by_reversal_only_and_documents_are_not_reversed_here() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    gerante.get("/compta/ecritures/nouvelle").await;
    let good = entry_form("2026-11-20", "Assurance", &[("616", "12 000", ""), ("512", "", "12 000")]);
    let saved = post_entry(&mut gerante, &good).await;
    let url = saved.location().unwrap().to_string();
    let reverse = format!("{url}/contre-passer");
    let no_reason = gerante.post(&reverse, &[("day", "2026-11-24"), ("reason", "")]).await;
    assert_eq!(no_reason.status, 422);
    no_reason.assert_contains("Indiquez le motif de la contre-passation.");
    let done = gerante.post(&reverse, &[("day", "2026-11-24"), ("reason", "mauvais compte")]).await;
    assert_eq!(done.status, 303);
    let page = gerante.get(&url).await;
    page.assert_contains("Contre-passée par");
    assert!(!page.body.contains("Contre-passer cette écriture"));
    assert_eq!(gerante.post(&reverse, &[("day", "2026-11-24"), ("reason", "encore")]).await.status, 409);
    assert_eq!(
        t.count("SELECT coalesce(sum(debit) - sum(credit), 0) FROM journal_lines WHERE account = '616'").await,
        0
    );
    // An entry of a document (here a stock correction) is corrected from its document.
    let farine = t
        .given()
        .product("Farine")
        .kind(fournil::catalog::Kind::Ingredient)
        .unit(fournil::catalog::Unit::Gram)
        .ref_cost("60")
        .await;
    t.given().stock(farine, 1_000).at(1).worth("60").await;
    let doc: i64 = t.count("SELECT max(id) FROM journal_entries WHERE source_type <> 'saisie'").await;
    let refused = gerante
        .post(&format!("/compta/ecritures/{doc}/contre-passer"), &[("day", "2026-11-24"), ("reason", "x")])
        .await;
    assert_eq!(refused.status, 409);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_chart_holds_the_bakerys_accounts_and_takes_sub_accounts_never_deleting() {
    let t = spawn_ready().await;
    let mut gerante = t.signed_in("samia", "gerante").await;
    let chart = gerante.get("/compta/comptes").await;
    for code in ["613", "615", "616", "622", "626", "627", "645", "4456", "4457", "447", "110", "467", "12"] {
        chart.assert_contains(&format!(">{code}<"));
    }
    let bad = gerante.post("/compta/comptes", &[("code", "999"), ("name", "Nulle part")]).await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Un sous-compte commence par le code d");
    let dup = gerante.post("/compta/comptes", &[("code", "613"), ("name", "Loyer")]).await;
    dup.assert_contains("Le compte 613 existe déjà.");
    let short = gerante.post("/compta/comptes", &[("code", "6a"), ("name", "x")]).await;
    short.assert_contains("Un code de 3 à 10 chiffres.");
    gerante
        .post("/compta/comptes", &[("code", "6071"), ("name", "Électricité et gaz")])
        .await
        .assert_redirect("/compta/comptes?ok=compte-ajoute");
    let row: i64 = t.count("SELECT class * 10 + (nature = 'debit') FROM accounts WHERE code = '6071'").await;
    assert_eq!(row, 61, "class 6, debit side, as its parent 607");
    let entry = entry_form("2026-11-20", "Sonelgaz", &[("6071", "8 000", ""), ("512", "", "8 000")]);
    assert_eq!(post_entry(&mut gerante, &entry).await.status, 303);
    let mut vendeuse = t.signed_in("lina", "vendeuse").await;
    assert_eq!(vendeuse.post("/compta/comptes", &[("code", "6072"), ("name", "Eau")]).await.status, 403);
    t.assert_check_passes().await;
}
