//! B2B invoices (issue #15, item 5): a week of delivery notes invoiced in one action (a section
//! per note, the delivered quantities, returns and shorts left out), posted Dr 411 · Cr 70x
//! (· Cr 4457 under réel); the PDF's mandatory mentions in both regimes; an issued invoice never
//! edited; credit notes never beyond what the invoice carries; a proforma posts nothing.

use chrono::NaiveDate;
use fournil::auth::CurrentUser;
use fournil::b2b::ops::notes::{ReturnDraft, ShipDraft};
use fournil::b2b::{OrderDraft, ops};
use fournil::money::{Money, Qty};
use fournil::tax::{self, Regime};
use poem::http::StatusCode;

use crate::b2b::cafe_form;
use crate::b2b_orders::pdf_text;
use crate::support::*;

fn on(d: &str) -> fournil::audit::Stamp {
    system_at(&format!("{d}T08:00:00Z"))
}

/// An order of `qty` croissants delivered on `day`, `returned` of them back (one thrown away).
pub async fn deliver(
    t: &TestApp,
    who: &CurrentUser,
    croissant: i64,
    day: &'static str,
    qty: i64,
    returned: i64,
) -> i64 {
    let who = who.clone();
    t.app
        .db
        .write(move |tx| {
            let mut st = on(day);
            st.actor = who.actor();
            let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            let order = OrderDraft {
                customer_id: 1,
                delivery_day: d,
                lines: vec![(croissant, Qty::whole(qty))],
                notes: String::new(),
                token: None,
            };
            let id = ops::orders::create_order(tx, &st, (&who, None), &order)?.done()?;
            let note = ops::notes::ship(tx, &st, id, &ShipDraft { shipped: vec![], token: None })?;
            let wasted = Qty::whole(returned.min(1));
            ops::notes::record_return(tx, &st, note, &ReturnDraft { lines: vec![(1, Qty::whole(returned), wasted)] })?;
            Ok(note)
        })
        .await
        .unwrap()
}

/// The shop's identity on its invoices.
pub async fn shop_identity(t: &TestApp) {
    t.app
        .db
        .write(|tx| {
            Ok(tx.execute(
                "UPDATE shop_settings SET name = 'Boulangerie du Port', address = '3 rue de la Marine, Alger',
                        nif = '000216009876543', nis = '000216009876544', rc = '16/00-7654321 A 20', ai = '16098765432'",
                [],
            )?)
        })
        .await
        .unwrap();
}

/// The café (30 days) and three notes of the week of the 16th: 6, 6 (2 back, 1 of them thrown
/// away) and 6 croissants at 40 DA (the catalogue's price, no list).
pub async fn week(t: &TestApp, amina: &CurrentUser, croissant: i64) {
    shop_identity(t).await;
    let mut admin = t.admin().await;
    admin.get("/b2b/clients/nouveau").await;
    admin
        .post("/b2b/clients/nouveau", &cafe_form("client-cafe", ""))
        .await
        .assert_redirect("/b2b/clients/1?ok=client-pro");
    deliver(t, amina, croissant, "2026-11-17", 6, 0).await;
    deliver(t, amina, croissant, "2026-11-18", 6, 2).await;
    deliver(t, amina, croissant, "2026-11-19", 6, 0).await;
}

async fn net(t: &TestApp, account: &'static str) -> Money {
    t.app.db.read(move |c| Ok(fournil::accounting::store::net_of(c, account)?)).await.unwrap()
}

fn invoice_form<'a>(token: &'a str, kind: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("du", "2026-11-16"), ("au", "2026-11-22"), ("kind", kind), ("token", token)]
}

#[tokio::test]
async fn a_weekly_invoice_from_three_notes_with_a_return_carries_the_right_totals_and_posts_them() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    let page = boss.get("/b2b/clients/1/facturer?du=2026-11-16&au=2026-11-22").await;
    page.assert_contains("BL-2026-00003");
    // A proforma first: it posts nothing and leaves the notes to invoice.
    let pro = boss.post("/b2b/clients/1/facturer", &invoice_form("pro-1", "proforma")).await;
    pro.assert_redirect("/b2b/factures/1?ok=proforma-pro");
    assert_eq!(
        t.count("SELECT count(*) FROM b2b_invoices WHERE number = 'PRO-2026-00001' AND entry_id IS NULL").await,
        1
    );
    assert_eq!(t.count("SELECT count(*) FROM b2b_notes WHERE invoice_id IS NOT NULL").await, 0);
    assert_eq!(net(&t, "4110001").await, Money::ZERO);
    // The week in one action: 6 + 4 + 6 delivered at 40 DA = 640 DA (IFU: no TVA).
    let fac = boss.post("/b2b/clients/1/facturer", &invoice_form("fac-1", "facture")).await;
    fac.assert_redirect("/b2b/factures/2?ok=facture-pro");
    assert_eq!(t.count("SELECT total_ttc FROM b2b_invoices WHERE number = 'FAC-2026-00001'").await, 64_000);
    assert_eq!(t.count("SELECT count(*) FROM b2b_invoice_lines WHERE invoice_id = 2").await, 3);
    assert_eq!(t.count("SELECT qty FROM b2b_invoice_lines WHERE invoice_id = 2 AND position = 2").await, 4_000);
    assert_eq!(t.count("SELECT due_day = '2026-12-24' FROM b2b_invoices WHERE id = 2").await, 1);
    assert_eq!(t.count("SELECT count(*) FROM b2b_notes WHERE invoice_id = 2").await, 3);
    assert_eq!(net(&t, "4110001").await, Money::from_da(640));
    assert_eq!(net(&t, "701").await, Money::from_da(-640));
    let page = boss.get("/b2b/factures/2").await;
    page.assert_contains("Livraison du 18/11/2026 (BL-2026-00002)");
    page.assert_contains("640,00 DA");
    // A retry of the same form answers the same invoice; the notes cannot be invoiced twice.
    boss.post("/b2b/clients/1/facturer", &invoice_form("fac-1", "facture"))
        .await
        .assert_redirect("/b2b/factures/2?ok=facture-pro");
    let twice = boss.post("/b2b/clients/1/facturer", &[("note", "1"), ("kind", "facture"), ("token", "fac-2")]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    twice.assert_contains("Le bon BL-2026-00001 est déjà facturé (FAC-2026-00001).");
    assert_eq!(t.count("SELECT count(*) FROM b2b_invoices").await, 2);
    boss.get("/b2b/factures?etat=a_payer").await.assert_contains("FAC-2026-00001");
    boss.get("/b2b/factures?etat=payee").await.assert_contains("Aucune facture");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_undelivered_note_is_not_invoiced_and_an_issued_invoice_is_never_edited() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    // A fourth note left on the 20th, its return not recorded yet.
    let who = amina.clone();
    t.app
        .db
        .write(move |tx| {
            let st = on("2026-11-20");
            let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
            let order = OrderDraft {
                customer_id: 1,
                delivery_day: d,
                lines: vec![(croissant, Qty::whole(1))],
                notes: String::new(),
                token: None,
            };
            let id = ops::orders::create_order(tx, &st, (&who, None), &order)?.done()?;
            ops::notes::ship(tx, &st, id, &ShipDraft { shipped: vec![], token: None })
        })
        .await
        .unwrap();
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    let out = boss.post("/b2b/clients/1/facturer", &[("note", "4"), ("kind", "facture"), ("token", "f-1")]).await;
    assert_eq!(out.status, StatusCode::UNPROCESSABLE_ENTITY);
    out.assert_contains("Le bon BL-2026-00004 n'est pas encore livré : enregistrez son retour avant de le facturer.");
    assert_eq!(t.count("SELECT count(*) FROM b2b_invoices").await, 0);
    // Nothing delivered in a period: said beside the notes.
    let empty = boss
        .post(
            "/b2b/clients/1/facturer",
            &[("du", "2026-10-01"), ("au", "2026-10-07"), ("kind", "facture"), ("token", "f-2")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    empty.assert_contains("n'a aucun bon livré à facturer sur cette période");
    boss.post("/b2b/clients/1/facturer", &invoice_form("f-3", "facture"))
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    // The database itself refuses to change or delete an issued invoice or its lines.
    for sql in [
        "UPDATE b2b_invoices SET total_ht = 1 WHERE id = 1",
        "DELETE FROM b2b_invoices WHERE id = 1",
        "UPDATE b2b_invoice_lines SET qty = 1 WHERE invoice_id = 1",
        "DELETE FROM b2b_invoice_lines WHERE invoice_id = 1",
    ] {
        let r = t.app.db.write(move |tx| Ok(tx.execute(sql, [])?)).await;
        let e = format!("{:?}", r.unwrap_err());
        assert!(e.contains("Une facture émise ne se"), "{e}");
    }
    assert_eq!(t.count("SELECT total_ttc FROM b2b_invoices WHERE id = 1").await, 64_000);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_credit_note_takes_back_a_return_never_more_than_the_invoice_carries() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    boss.post("/b2b/clients/1/facturer", &invoice_form("f-1", "facture"))
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    boss.get("/b2b/factures/1").await.assert_contains("Faire un avoir");
    // More than invoiced on a line: refused beside it.
    let over = boss
        .post("/b2b/factures/1/avoir", &[("reason", "Retour"), ("qty.1", "7"), ("price.1", "40"), ("token", "a-1")])
        .await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    over.assert_contains("Au plus 6 de « Croissant » (facturé).");
    // A price above the invoiced one: refused beside it.
    let dear = boss
        .post("/b2b/factures/1/avoir", &[("reason", "Prix"), ("qty.1", "6"), ("price.1", "41"), ("token", "a-2")])
        .await;
    assert_eq!(dear.status, StatusCode::UNPROCESSABLE_ENTITY);
    dear.assert_contains("Au plus 40,00 DA HT");
    // 2 croissants of the first note came back after the invoice: 80 DA credited.
    let ok = boss
        .post(
            "/b2b/factures/1/avoir",
            &[("reason", "Retour du 20/11"), ("qty.1", "2"), ("price.1", "40"), ("token", "a-3")],
        )
        .await;
    ok.assert_redirect("/b2b/factures/2?ok=avoir-pro");
    assert_eq!(
        t.count(
            "SELECT count(*) FROM b2b_invoices WHERE number = 'AVF-2026-00001' AND total_ttc = 8000 AND corrects_id = 1"
        )
        .await,
        1
    );
    assert_eq!(net(&t, "4110001").await, Money::from_da(560));
    // Then the rest of that line, and a price correction of 10 DA on the others (10 × 10 = 100):
    // 4 × 40 + 100 = 260; then each line can give back only what is left of its total HT.
    boss.post(
        "/b2b/factures/1/avoir",
        &[
            ("reason", "Retour"),
            ("qty.1", "4"),
            ("price.1", "40"),
            ("qty.2", "4"),
            ("price.2", "10"),
            ("qty.3", "6"),
            ("price.3", "10"),
            ("token", "a-4"),
        ],
    )
    .await
    .assert_redirect("/b2b/factures/3?ok=avoir-pro");
    let again = boss
        .post("/b2b/factures/1/avoir", &[("reason", "Retour"), ("qty.1", "1"), ("price.1", "40"), ("token", "a-5")])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    again.assert_contains("Au plus 0,00 DA HT à créditer sur « Croissant »");
    let all = boss
        .post(
            "/b2b/factures/1/avoir",
            &[
                ("reason", "Tout"),
                ("qty.2", "4"),
                ("price.2", "31"),
                ("qty.3", "6"),
                ("price.3", "31"),
                ("token", "a-6"),
            ],
        )
        .await;
    assert_eq!(all.status, StatusCode::UNPROCESSABLE_ENTITY);
    all.assert_contains("Au plus 120,00 DA HT à créditer sur « Croissant »");
    assert_eq!(t.count("SELECT count(*) FROM b2b_invoices WHERE kind = 'avoir'").await, 2);
    assert_eq!(net(&t, "4110001").await, Money::from_da(300));
    boss.get("/b2b/factures/1").await.assert_contains("AVF-2026-00002");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_pdf_holds_every_mandatory_mention_under_ifu() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    boss.post("/b2b/clients/1/facturer", &invoice_form("f-1", "facture"))
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    let text = pdf_text(&t, &boss, "/b2b/factures/1/pdf").await;
    for mention in [
        "Facture FAC-2026-00001",
        "Boulangerie du Port",
        "3 rue de la Marine, Alger",
        "NIF : 000216009876543",
        "NIS : 000216009876544",
        "RC : 16/00-7654321 A 20",
        "AI : 16098765432",
        "Café des Arts (SARL)",
        "12 rue Didouche Mourad, Alger",
        "NIF : 000116001234567",
        "NIS : 098716001234567",
        "RC : 16/00-1234567 B 22",
        "AI : 16012345678",
        "24/11/2026",
        "Livraison du 18/11/2026 (BL-2026-00002)",
        "Croissant",
        "Prix unitaire HT",
        "40,00 DA",
        "Total HT",
        "640,00 DA",
        "TVA non applicable — régime IFU",
        "Total TTC",
        "Arrêtée la présente facture à la somme de : six cent quarante dinars algériens",
        "30 jours",
        "24/12/2026",
        "droit de timbre en sus",
    ] {
        assert!(text.contains(mention), "« {mention} » missing from:\n{text}");
    }
    t.assert_check_passes().await;
}

#[tokio::test]
async fn under_reel_the_invoice_splits_the_catalogue_price_and_posts_its_tva_per_rate() {
    let (t, amina, croissant) = shop().await;
    let today = day();
    t.app.db.write(move |tx| tax::ops::set_regime(tx, &system_at(NOW), today, Regime::Reel, "")).await.unwrap();
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    boss.post("/b2b/clients/1/facturer", &invoice_form("f-1", "facture"))
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    // 40 DA TTC at the till → 33,61 HT at 19 %; 16 × 33,61 = 537,76 HT; TVA per line 38,32 + 25,54 + 38,32.
    assert_eq!(t.count("SELECT unit_price FROM b2b_invoice_lines WHERE position = 1").await, 3_361);
    assert_eq!(t.count("SELECT total_ht FROM b2b_invoices WHERE id = 1").await, 53_776);
    assert_eq!(t.count("SELECT total_tva FROM b2b_invoices WHERE id = 1").await, 10_218);
    assert_eq!(net(&t, "4110001").await, Money::from_cents(63_994));
    assert_eq!(net(&t, "4457").await, Money::from_cents(-10_218));
    assert_eq!(t.count("SELECT sum(tva) FROM tva_lines WHERE source_type = 'b2b_invoice'").await, 10_218);
    let text = pdf_text(&t, &boss, "/b2b/factures/1/pdf").await;
    for mention in [
        "TVA 19 % sur 537,76 DA",
        "102,18 DA",
        "639,94 DA",
        "six cent trente-neuf dinars algériens et quatre-vingt-quatorze",
    ] {
        assert!(text.contains(mention), "« {mention} » missing from:\n{text}");
    }
    assert!(!text.contains("régime IFU"), "{text}");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn fournil_check_finds_a_note_whose_invoice_mark_was_lost() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    boss.post("/b2b/clients/1/facturer", &invoice_form("f-1", "facture"))
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    t.assert_check_passes().await;
    // The mark is no ledger: lost, the note could be billed again; the check says so.
    t.app.db.write(|tx| Ok(tx.execute("UPDATE b2b_notes SET invoice_id = NULL WHERE id = 1", [])?)).await.unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let found = format!("{:?}", report.failures().collect::<Vec<_>>());
    assert!(found.contains("bon BL-2026-00001 : facturé deux fois"), "{found}");
}

#[tokio::test]
async fn a_partial_cheque_then_the_rest_in_cash_with_its_stamp_duty_and_never_above_what_is_open() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    boss.post("/b2b/clients/1/facturer", &invoice_form("f-1", "facture"))
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    boss.get("/b2b/clients/1/paiement").await.assert_contains("FAC-2026-00001");
    let pay = |amount: &'static str, mode: &'static str, reference: &'static str, token: &'static str| {
        vec![("invoice", "1"), ("amount", amount), ("mode", mode), ("reference", reference), ("token", token)]
    };
    // Above what is open: refused beside the amount, nothing saved.
    let over = boss.post("/b2b/clients/1/paiement", &pay("640,01", "cheque", "1234567", "p-1")).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    over.assert_contains("Le paiement (640,01 DA) dépasse ce qui reste à payer sur les factures choisies (640,00 DA).");
    let no_ref = boss.post("/b2b/clients/1/paiement", &pay("300", "cheque", "", "p-2")).await;
    assert_eq!(no_ref.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_ref.assert_contains("Indiquez le numéro du chèque");
    assert_eq!(t.count("SELECT count(*) FROM b2b_payments").await, 0);
    // A cheque of 300 DA to the bank; a retry of the same form pays nothing more.
    for _ in 0..2 {
        boss.post("/b2b/clients/1/paiement", &pay("300", "cheque", "1234567", "p-3"))
            .await
            .assert_redirect("/b2b/factures?client=1&ok=paiement-pro");
    }
    assert_eq!(t.count("SELECT count(*) FROM b2b_payments").await, 1);
    assert_eq!(net(&t, "512").await, Money::from_da(300));
    assert_eq!(net(&t, "4110001").await, Money::from_da(340));
    let page = boss.get("/b2b/factures/1").await;
    page.assert_contains("340,00 DA");
    page.assert_contains("n° 1234567");
    // The rest in cash into the drawer, with 4 DA of droit de timbre on top (1 DA per 100 DA).
    let cash_before = net(&t, "530").await;
    boss.post("/b2b/clients/1/paiement", &pay("340", "especes", "", "p-4"))
        .await
        .assert_redirect("/b2b/factures?client=1&ok=paiement-pro");
    assert_eq!(net(&t, "530").await - cash_before, Money::from_da(344));
    assert_eq!(net(&t, "44575").await, Money::from_da(-4));
    assert_eq!(net(&t, "4110001").await, Money::ZERO);
    assert_eq!(
        t.count("SELECT count(*) FROM cash_movements WHERE source_type = 'b2b_payment' AND amount = 34400").await,
        1
    );
    boss.get("/b2b/factures?etat=payee").await.assert_contains("FAC-2026-00001");
    let more = boss.post("/b2b/clients/1/paiement", &pay("1", "virement", "VIR-1", "p-5")).await;
    assert_eq!(more.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(t.audit_kinds().await.contains(&"b2b.paiement".to_string()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_unpaid_invoice_past_its_due_day_is_on_the_dunning_list_with_its_age() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    boss.post("/b2b/clients/1/facturer", &invoice_form("f-1", "facture"))
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    boss.get("/b2b/relances").await.assert_contains("À échoir");
    // 45 days later (8 January 2027): due on 24 December, 15 days late.
    t.advance(chrono::Duration::days(45));
    let mut boss = t.browser();
    boss.login("samia", PASSWORD).await.assert_redirect("/");
    let page = boss.get("/b2b/relances").await;
    page.assert_contains("FAC-2026-00001");
    page.assert_contains("échue le 24/12/2026 (15 j) — reste <span class=\"money\">640,00 DA");
    boss.get("/b2b/factures?etat=en_retard").await.assert_contains("en retard");
    t.assert_check_passes().await;
}

/// A note whose goods all came back is closed by the week's invoice without a line of its own,
/// and the check accepts it (it used to report the note as "marked by an invoice that does not
/// carry it").
#[tokio::test]
async fn a_note_wholly_returned_is_closed_by_the_weeks_invoice_and_the_check_passes() {
    let (t, amina, croissant) = shop().await;
    week(&t, &amina, croissant).await;
    deliver(&t, &amina, croissant, "2026-11-20", 2, 2).await;
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    boss.post("/b2b/clients/1/facturer", &invoice_form("whole-1", "facture"))
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    assert_eq!(t.count("SELECT count(*) FROM b2b_notes WHERE invoice_id = 1").await, 4);
    assert_eq!(t.count("SELECT count(DISTINCT note_id) FROM b2b_invoice_lines WHERE invoice_id = 1").await, 3);
    assert_eq!(t.count("SELECT total_ttc FROM b2b_invoices WHERE id = 1").await, 64_000);
    t.assert_check_passes().await;
}
