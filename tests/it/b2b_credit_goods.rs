//! A B2B credit note for goods sent back after invoicing moves the goods (issue #15's leftover):
//! per line, what came back and of it what was thrown away; the rest back on the counter at the
//! unit value it left with on its delivery note (Dr stock · Cr cost of sales), in the avoir's
//! transaction; the owner's B2B cost lowered by that value; each refusal beside its field with
//! nothing saved; a price correction moves no goods; the API through the same operation.

use chrono::NaiveDate;
use fournil::b2b::ops::notes::{ReturnDraft, ShipDraft};
use fournil::b2b::{OrderDraft, ops};
use fournil::money::{Money, Qty};
use poem::http::StatusCode;
use serde_json::json;

use crate::b2b::cafe_form;
use crate::b2b_invoices::shop_identity;
use crate::b2b_orders::pdf_text;
use crate::support::*;

/// The café, and one note of the 23rd invoiced: 12 croissants (20 on the counter worth 300 DA:
/// 15 DA each, 180 DA out) and 3 mint teas (not tracked in stock), 40 DA each: 600 DA.
/// Returns (the croissant's id, the boss's browser).
async fn invoiced(t: &TestApp) -> (i64, Browser<'_>) {
    let amina = t.given().user("amina", "vendeuse").await;
    let croissant = t.given().product("Croissant").price("40").on_hand(20).at(COUNTER).worth("300").await;
    let tea = t.given().product("Thé à la menthe").price("40").untracked().await;
    shop_identity(t).await;
    let mut admin = t.admin().await;
    admin.get("/b2b/clients/nouveau").await;
    admin
        .post("/b2b/clients/nouveau", &cafe_form("client-cafe", ""))
        .await
        .assert_redirect("/b2b/clients/1?ok=client-pro");
    t.app
        .db
        .write(move |tx| {
            let mut st = system_at("2026-11-23T07:00:00Z");
            st.actor = amina.actor();
            let order = OrderDraft {
                customer_id: 1,
                delivery_day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                lines: vec![(croissant, Qty::whole(12)), (tea, Qty::whole(3))],
                notes: String::new(),
                token: None,
            };
            let id = ops::orders::create_order(tx, &st, (&amina, None), &order)?.done()?;
            let note = ops::notes::ship(tx, &st, id, &ShipDraft { shipped: vec![], token: None })?;
            ops::notes::record_return(tx, &st, note, &ReturnDraft { lines: vec![] })
        })
        .await
        .unwrap();
    let mut boss = t.signed_in("samia", "gerante").await;
    boss.get("/b2b/factures").await;
    boss.post("/b2b/clients/1/facturer", &[("note", "1"), ("kind", "facture"), ("token", "fac-1")])
        .await
        .assert_redirect("/b2b/factures/1?ok=facture-pro");
    assert_eq!(t.count("SELECT total_ttc FROM b2b_invoices WHERE id = 1").await, 60_000);
    (croissant, boss)
}

/// What the counter holds of a product: (quantity, value).
async fn counter(t: &TestApp, product: i64) -> (Qty, Money) {
    let b = t.app.db.read(move |c| Ok(fournil::stock::store::balance(c, product, COUNTER)?)).await.unwrap();
    (b.qty, b.value)
}

async fn net(t: &TestApp, account: &'static str) -> Money {
    t.app.db.read(move |c| Ok(fournil::accounting::store::net_of(c, account)?)).await.unwrap()
}

/// The owner's B2B figures of a product over every day: (quantity, revenue, cost).
async fn b2b_kpi(t: &TestApp) -> (i64, i64, i64) {
    t.app
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT coalesce(sum(qty), 0), coalesce(sum(revenue), 0), coalesce(sum(cost), 0)
                   FROM kpi_sales WHERE channel = 'pro' AND product_id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .await
        .unwrap()
}

const GOODS_MOVES: &str = "SELECT count(*) FROM stock_moves WHERE source_type = 'b2b_invoice'";

#[tokio::test]
async fn ten_croissants_back_two_thrown_put_eight_on_the_counter_at_their_value_out() {
    let t = spawn_ready().await;
    let (croissant, mut boss) = invoiced(&t).await;
    assert_eq!(croissant, 1, "the owner's figures below read product 1");
    assert_eq!(counter(&t, croissant).await, (Qty::whole(8), Money::from_da(120)));
    assert_eq!(b2b_kpi(&t).await, (12_000, 48_000, 18_000));
    // The form names each line with what was invoiced of it.
    boss.get("/b2b/factures/1").await.assert_contains("Croissant — 12 facturés à ");
    let form = [
        ("reason", "Retour du 24/11"),
        ("qty.1", "10"),
        ("price.1", "40"),
        ("returned.1", "10"),
        ("wasted.1", "2"),
        ("qty.2", ""),
        ("price.2", "40"),
        ("token", "avf-1"),
    ];
    boss.post("/b2b/factures/1/avoir", &form).await.assert_redirect("/b2b/factures/2?ok=avoir-pro");
    // The money as before: 400 DA credited, the café owes 200 DA.
    assert_eq!(t.count("SELECT total_ttc FROM b2b_invoices WHERE number = 'AVF-2026-00001'").await, 40_000);
    assert_eq!(net(&t, "4110001").await, Money::from_da(200));
    // The goods: 8 back on the counter at 15 DA each (180 DA out for 12), the 2 thrown stay a cost.
    assert_eq!(
        t.count(
            "SELECT returned * 1000000 + wasted * 1000 + back_value / 100 FROM b2b_invoice_lines WHERE invoice_id = 2"
        )
        .await,
        10_000 * 1_000_000 + 2_000 * 1_000 + 120
    );
    assert_eq!(counter(&t, croissant).await, (Qty::whole(16), Money::from_da(240)));
    assert_eq!(t.count(GOODS_MOVES).await, 1);
    let entry = "SELECT coalesce(sum(jl.debit), 0) * 1000000000 + coalesce(sum(jl.credit), 0) FROM journal_lines jl
                   JOIN journal_entries e ON e.id = jl.entry_id
                  WHERE e.source_type = 'b2b_invoice' AND e.source_id = 2 AND e.journal = 'OD'";
    let (stock, cost) = (net(&t, "355").await, net(&t, "601").await);
    assert_eq!(t.count(entry).await, 12_000 * 1_000_000_000 + 12_000);
    assert_eq!((stock, cost), (Money::from_da(240), Money::from_da(60)));
    // The owner's B2B line: 2 croissants sold net, 80 DA, their cost 180 − 120 = 60 DA.
    assert_eq!(b2b_kpi(&t).await, (2_000, 8_000, 6_000));
    // The page and the PDF say what came back.
    boss.get("/b2b/factures/2").await.assert_contains("dont 10 revenus, 2 jetés");
    let pdf = pdf_text(&t, &boss, "/b2b/factures/2/pdf").await;
    assert!(pdf.contains("dont 10 revenus, 2 jetés"), "{pdf}");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn each_refusal_is_beside_its_field_and_leaves_nothing() {
    let t = spawn_ready().await;
    let (croissant, mut boss) = invoiced(&t).await;
    let refused = [
        (vec![("qty.1", "10"), ("price.1", "40"), ("returned.1", "11")], "Au plus 10 revenus (la quantité créditée)."),
        (
            vec![("qty.1", "10"), ("price.1", "40"), ("returned.1", "2"), ("wasted.1", "3")],
            "On ne jette pas plus que ce qui est revenu.",
        ),
        (
            vec![
                ("qty.1", "5"),
                ("price.1", "40"),
                ("returned.1", "5"),
                ("qty.2", "1"),
                ("price.2", "40"),
                ("returned.2", "1"),
            ],
            "« Thé à la menthe » n'est pas suivi en stock : rien ne peut y revenir",
        ),
        (
            vec![("qty.1", ""), ("price.1", "40"), ("returned.1", "4")],
            "Indiquez la quantité créditée (revenus compris).",
        ),
        (
            vec![("qty.1", "4"), ("price.1", "40"), ("returned.1", "deux")],
            "Quantité invalide : un nombre, par exemple 2.",
        ),
    ];
    for (i, (lines, message)) in refused.into_iter().enumerate() {
        let token = format!("refus-{i}");
        let mut form = vec![("reason", "Retour"), ("token", token.as_str())];
        form.extend(lines);
        let r = boss.post("/b2b/factures/1/avoir", &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        r.assert_contains(message);
        assert_eq!(t.count("SELECT count(*) FROM b2b_invoices WHERE kind = 'avoir'").await, 0, "{message}");
        assert_eq!(t.count(GOODS_MOVES).await, 0, "{message}");
        assert_eq!(counter(&t, croissant).await.0, Qty::whole(8), "{message}");
    }
    // The first avoir still takes the first number; then, with what came back on it, no more
    // than the 12 invoiced can come back.
    let form = [("reason", "Retour"), ("qty.1", "10"), ("price.1", "40"), ("returned.1", "10"), ("token", "avf-1")];
    boss.post("/b2b/factures/1/avoir", &form).await.assert_redirect("/b2b/factures/2?ok=avoir-pro");
    assert_eq!(t.count("SELECT count(*) FROM b2b_invoices WHERE number = 'AVF-2026-00001'").await, 1);
    let form = [("reason", "Retour"), ("qty.1", "3"), ("price.1", "0"), ("returned.1", "3"), ("token", "avf-2")];
    let r = boss.post("/b2b/factures/1/avoir", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Au plus 2 revenus de « Croissant » (facturé, moins les avoirs).");
    assert_eq!(t.count(GOODS_MOVES).await, 1);
    assert_eq!(counter(&t, croissant).await.0, Qty::whole(18));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_line_without_a_delivery_note_cannot_take_goods() {
    let t = spawn_ready().await;
    let (_, mut boss) = invoiced(&t).await;
    // An invoice line whose goods are not known (none of Fournil's own invoices has one: written
    // here by hand, on the first invoice's entry).
    t.app
        .db
        .write(|tx| {
            tx.execute_batch(
                "INSERT INTO b2b_invoices (id, kind, number, customer_id, day, due_day, regime, total_ht, total_tva,
                                           total_ttc, entry_id, created_at)
                 SELECT 9, 'facture', 'FAC-2026-00009', 1, day, due_day, regime, 4000, 0, 4000, entry_id, created_at
                   FROM b2b_invoices WHERE id = 1;
                 INSERT INTO b2b_invoice_lines (invoice_id, position, product_id, label, qty, unit_price, total_ht, tva)
                 VALUES (9, 1, 1, 'Croissant', 1000, 4000, 4000, 0);",
            )?;
            Ok(())
        })
        .await
        .unwrap();
    boss.get("/b2b/factures/9").await;
    let form = [("reason", "Retour"), ("qty.1", "1"), ("price.1", "40"), ("returned.1", "1"), ("token", "avf-9")];
    let r = boss.post("/b2b/factures/9/avoir", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Cette ligne ne vient d'aucun bon de livraison : rien ne peut revenir en stock.");
    assert_eq!(t.count("SELECT count(*) FROM b2b_invoices WHERE kind = 'avoir'").await, 0);
    assert_eq!(t.count(GOODS_MOVES).await, 0);
}

#[tokio::test]
async fn a_price_correction_moves_no_goods() {
    let t = spawn_ready().await;
    let (croissant, mut boss) = invoiced(&t).await;
    let form = [("reason", "Prix de la liste"), ("qty.1", "12"), ("price.1", "5"), ("token", "avf-1")];
    boss.post("/b2b/factures/1/avoir", &form).await.assert_redirect("/b2b/factures/2?ok=avoir-pro");
    assert_eq!(t.count("SELECT total_ttc FROM b2b_invoices WHERE id = 2").await, 6_000);
    assert_eq!(t.count(GOODS_MOVES).await, 0);
    assert_eq!(
        t.count("SELECT count(*) FROM journal_entries WHERE source_type = 'b2b_invoice' AND source_id = 2").await,
        1
    );
    assert_eq!(counter(&t, croissant).await, (Qty::whole(8), Money::from_da(120)));
    assert_eq!(b2b_kpi(&t).await, (12_000, 42_000, 18_000));
    let page = boss.get("/b2b/factures/2").await;
    assert!(!page.body.contains("revenus,"), "a price correction shows no goods");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_takes_goods_back_through_the_same_operation() {
    let t = spawn_ready().await;
    let (croissant, _) = invoiced(&t).await;
    let boss = token_for(&t, t.user_with_role("nadia", "gerante").await).await;
    let line = |returned: &str, wasted: &str| {
        json!({"reason": "Retour", "token": format!("api-{returned}-{wasted}"),
               "lines": [{"position": 1, "qty": "10", "unit_price": "40", "returned": returned, "wasted": wasted}]})
    };
    let (s, e) = call(&t, &boss, "POST", "/b2b/factures/1/avoir", Some(line("2", "3"))).await;
    assert_eq!(
        (s, e["fields"]["wasted.1"].as_str()),
        (422, Some("On ne jette pas plus que ce qui est revenu.")),
        "{e}"
    );
    let (s, e) = call(&t, &boss, "POST", "/b2b/factures/1/avoir", Some(line("11", ""))).await;
    assert_eq!(
        (s, e["fields"]["returned.1"].as_str()),
        (422, Some("Au plus 10 revenus (la quantité créditée).")),
        "{e}"
    );
    assert_eq!(t.count(GOODS_MOVES).await, 0);
    let (s, a) = call(&t, &boss, "POST", "/b2b/factures/1/avoir", Some(line("10", "2"))).await;
    assert_eq!((s, a["data"]["number"].as_str()), (200, Some("AVF-2026-00001")), "{a}");
    let l = &a["data"]["lines"][0];
    assert_eq!(
        (l["returned"].as_str(), l["wasted"].as_str(), l["back_value"].as_str()),
        (Some("10"), Some("2"), Some("120,00 DA"))
    );
    assert_eq!(counter(&t, croissant).await, (Qty::whole(16), Money::from_da(240)));
    // A price correction through the API: nothing more moves.
    let price =
        json!({"reason": "Prix", "lines": [{"position": 2, "qty": "3", "unit_price": "5"}], "token": "api-prix"});
    let (s, p) = call(&t, &boss, "POST", "/b2b/factures/1/avoir", Some(price)).await;
    assert_eq!((s, p["data"]["lines"][0]["returned"].as_str()), (200, Some("0")), "{p}");
    assert_eq!(t.count(GOODS_MOVES).await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn fournil_check_finds_a_credit_note_whose_goods_never_came_back_to_the_counter() {
    let t = spawn_ready().await;
    let (_, mut boss) = invoiced(&t).await;
    let form = [("reason", "Retour"), ("qty.1", "4"), ("price.1", "40"), ("returned.1", "4"), ("token", "avf-1")];
    boss.post("/b2b/factures/1/avoir", &form).await.assert_redirect("/b2b/factures/2?ok=avoir-pro");
    t.assert_check_passes().await;
    // A line slipped onto the avoir (never by the app: its lines are written once, with their
    // moves) that says 5 DA more came back: nothing entered the counter for it.
    t.app
        .db
        .write(|tx| {
            Ok(tx.execute(
                "INSERT INTO b2b_invoice_lines (invoice_id, position, note_id, product_id, label, qty, unit_price,
                                                total_ht, tva, returned, back_value)
                 VALUES (2, 9, 1, 1, 'Croissant', 1000, 0, 0, 0, 1000, 500)",
                [],
            )?)
        })
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let found = format!("{:?}", report.failures().collect::<Vec<_>>());
    assert!(
        found.contains("avoir AVF-2026-00001 : ses lignes remettent 65,00 DA en stock, ses mouvements 60,00 DA, son écriture 60,00 DA"),
        "{found}"
    );
}
