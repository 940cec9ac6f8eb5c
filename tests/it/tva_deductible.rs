//! The deductible TVA (issue #18 item 4): under réel a purchase and an expense carry the TVA the
//! supplier invoiced, posted Dr 4456 in the same entry, the stock valued HT; under IFU there is
//! no deductible TVA, the stock is valued TTC; the G50 shows collected − deductible; a rate that
//! is not in force or a TVA above the bill is refused beside its field, nothing saved.

use fournil::audit::Actor;
use fournil::catalog::Kind;
use fournil::money::{Money, Qty};
use fournil::purchases::{self, LineDraft, ops::payments};
use fournil::tax::{self, Regime};

use crate::purchases::{create, draft, receive};
use crate::support::*;

const ELECTRICITY: &str = "1"; // « Électricité et gaz (Sonelgaz) » → 607

fn cents(c: i64) -> Money {
    Money::from_cents(c)
}

async fn reel(t: &TestApp) {
    let today = day();
    t.app.db.write(move |tx| tax::ops::set_regime(tx, &system_at(NOW), today, Regime::Reel, "")).await.unwrap();
}

async fn net(t: &TestApp, account: &'static str) -> Money {
    t.app.db.read(move |c| Ok(fournil::accounting::store::net_of(c, account)?)).await.unwrap()
}

fn juice_line(product_id: i64, tva_bp: u32) -> LineDraft {
    LineDraft {
        product_id,
        pack_id: None,
        count: Qty::whole(10),
        price: Money::from_da(100),
        location_id: RESERVE,
        tva_bp,
    }
}

/// 10 bottles at 100 DA HT, 19 % on the supplier's invoice: 1 000 DA HT + 190 DA TVA = 1 190 DA.
async fn buy_juice(t: &TestApp) -> (i64, i64) {
    let s = t.given().supplier("Boissons du Sahel").await;
    let jus = t.given().product("Jus").kind(Kind::Revente).await;
    let id = create(t, draft(s, vec![juice_line(jus, 1900)])).await.unwrap();
    receive(t, id).await.unwrap();
    (id, jus)
}

#[tokio::test]
async fn under_reel_a_purchase_at_19_posts_its_tva_to_4456_and_the_stock_takes_the_ht() {
    let t = spawn_ready().await;
    reel(&t).await;
    let (id, jus) = buy_juice(&t).await;
    let p = t.app.db.read(move |c| Ok(purchases::store::purchase(c, id)?.unwrap())).await.unwrap();
    assert_eq!((p.total, p.owed()), (Money::from_da(1_190), Money::from_da(1_190)), "owed TTC");
    let (qty, value, pmp) = totals(&t, jus).await;
    assert_eq!((qty, value), (Qty::whole(10), Money::from_da(1_000)), "stock at the HT");
    assert_eq!(pmp, fournil::catalog::UnitCost(100_000_000), "PMP 100 DA HT a bottle");
    assert_eq!(net(&t, tax::TVA_DEDUCTIBLE).await, Money::from_da(190));
    assert_eq!(net(&t, "401").await, Money::from_da(-1_190));
    t.assert_check_passes().await;

    // 4 bottles go back: the supplier credits 476 DA TTC, 76 DA of TVA leave 4456.
    let line_id = t.app.db.read(move |c| Ok(purchases::store::lines(c, id)?[0].id)).await.unwrap();
    let back = t
        .app
        .db
        .write(move |tx| {
            payments::return_goods(tx, &Actor::system(), id, line_id, Qty::whole(4), "abîmé", None, NOW, day())
        })
        .await
        .unwrap();
    assert_eq!(back, Money::from_da(476));
    assert_eq!(net(&t, tax::TVA_DEDUCTIBLE).await, Money::from_da(114));
    assert_eq!(totals(&t, jus).await.1, Money::from_da(600));
    assert_eq!(t.count("SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE account = '658'").await, 0);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn cancelling_a_received_purchase_under_reel_gives_its_tva_back() {
    let t = spawn_ready().await;
    reel(&t).await;
    let (id, jus) = buy_juice(&t).await;
    crate::purchases::cancel(&t, id).await.unwrap();
    assert_eq!(net(&t, tax::TVA_DEDUCTIBLE).await, Money::ZERO);
    assert_eq!(totals(&t, jus).await.1, Money::ZERO);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn under_ifu_the_same_purchase_posts_no_4456_and_the_stock_takes_the_ttc() {
    let t = spawn_ready().await;
    let (id, jus) = buy_juice(&t).await;
    let p = t.app.db.read(move |c| Ok(purchases::store::purchase(c, id)?.unwrap())).await.unwrap();
    assert_eq!(p.total, Money::from_da(1_190));
    let (qty, value, pmp) = totals(&t, jus).await;
    assert_eq!((qty, value), (Qty::whole(10), Money::from_da(1_190)), "the TVA is part of the cost");
    assert_eq!(pmp, fournil::catalog::UnitCost(119_000_000), "PMP 119 DA TTC a bottle");
    assert_eq!(net(&t, tax::TVA_DEDUCTIBLE).await, Money::ZERO);
    assert_eq!(t.count("SELECT count(*) FROM tva_lines").await, 0);
    let mut admin = t.admin().await;
    admin.get("/achats/nouveau").await.assert_contains("Régime IFU : pas de TVA déductible");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_rate_not_in_force_that_day_is_refused_beside_its_line_and_nothing_is_saved() {
    let t = spawn_ready().await;
    reel(&t).await;
    let s = t.given().supplier("Boissons du Sahel").await;
    let jus = t.given().product("Jus").kind(Kind::Revente).await;
    let e = create(&t, draft(s, vec![juice_line(jus, 700)])).await.unwrap_err();
    match e {
        fournil::error::AppError::Invalid(f) => assert_eq!(
            f.get("line-0-tva"),
            Some("Aucun taux de TVA de 7 % n'est en vigueur le 24/11/2026 (taux : 0 %, 9 %, 19 %).")
        ),
        other => panic!("{other:?}"),
    }
    let mut admin = t.signed_in("samia", "gerante").await;
    admin.get("/compta/depenses/nouvelle").await;
    let page = admin
        .post(
            "/compta/depenses/nouvelle",
            &[
                ("label_id", ELECTRICITY),
                ("beneficiary", "Sonelgaz"),
                ("day", "2026-11-20"),
                ("amount", "11 900"),
                ("tva_rate", "7"),
                ("paid_by", "banque"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    page.assert_contains("Aucun taux de TVA de 7 % n'est en vigueur le 20/11/2026");
    assert_eq!(t.count("SELECT count(*) FROM purchases").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM expenses").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM journal_entries").await, 0);
}

#[tokio::test]
async fn a_tva_above_the_bill_is_refused_beside_its_field_and_nothing_is_saved() {
    let t = spawn_ready().await;
    reel(&t).await;
    let mut admin = t.signed_in("samia", "gerante").await;
    admin.get("/compta/depenses/nouvelle").await;
    let page = admin
        .post(
            "/compta/depenses/nouvelle",
            &[
                ("label_id", ELECTRICITY),
                ("beneficiary", "Sonelgaz"),
                ("day", "2026-11-20"),
                ("amount", "1 000"),
                ("tva_rate", "19"),
                ("tva", "1 200"),
                ("paid_by", "banque"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    page.assert_contains("La TVA (1 200,00 DA) ne peut pas atteindre le montant de la facture (1 000,00 DA).");
    assert_eq!(t.count("SELECT count(*) FROM expenses").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM journal_entries").await, 0);
}

#[tokio::test]
async fn under_reel_an_expense_books_its_ht_and_its_tva_and_the_g50_nets_them_against_sales() {
    let t = spawn_ready().await;
    reel(&t).await;
    let mut admin = t.admin().await;
    admin.get("/compta/depenses/nouvelle").await.assert_contains("Régime réel : la TVA de la facture est déductible");
    // Electricity: 11 900 DA TTC at 19 %, the TVA computed: 10 000 DA to 607, 1 900 DA to 4456.
    let saved = admin
        .post(
            "/compta/depenses/nouvelle",
            &[
                ("label_id", ELECTRICITY),
                ("beneficiary", "Sonelgaz"),
                ("day", "2026-11-24"),
                ("amount", "11 900"),
                ("tva_rate", "19"),
                ("paid_by", "banque"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    admin.get(saved.location().unwrap()).await.assert_contains("dont TVA déductible 19 %");
    assert_eq!(net(&t, "607").await, Money::from_da(10_000));
    assert_eq!(net(&t, "512").await, Money::from_da(-11_900));
    buy_juice(&t).await;
    assert_eq!(net(&t, tax::TVA_DEDUCTIBLE).await, Money::from_da(2_090));

    // Sales: 3 croissants at 40 DA (9 %) and 1 tarte at 119 DA (19 %).
    let pastries = t.given().category("Viennoiseries").await;
    t.app
        .db
        .write(move |tx| Ok(tx.execute("UPDATE categories SET tva_class = 'reduit' WHERE id = ?1", [pastries])?))
        .await
        .unwrap();
    let croissant = t.given().product("Croissant").price("40").category(pastries).on_hand(50).await;
    let tarte = t.given().product("Tarte").price("119").on_hand(50).await;
    let amina = t.given().user("amina", "vendeuse").await;
    t.given().shift().await;
    t.given().sale(&amina).line(croissant, 3).line(tarte, 1).cash("239").await;

    let g = t.app.db.read(|c| tax::ops::g50::g50(c, "2026-11")).await.unwrap();
    let line = |bp, base, tva| tax::ops::g50::RateLine { rate_bp: bp, base: cents(base), tva: cents(tva) };
    // 120 → 110,09 + 9,91; 119 → 100 + 19.
    assert_eq!(g.collected, vec![line(900, 11_009, 991), line(1900, 10_000, 1_900)]);
    // 10 000 DA of electricity and 1 000 DA of juice at 19 %.
    assert_eq!(g.deductible, vec![line(1900, 1_100_000, 209_000)]);
    assert_eq!((g.collected_total, g.deductible_total), (cents(2_891), cents(209_000)));
    assert_eq!(g.due, cents(-206_109), "a credit of 2 061,09 DA carried forward");
    let page = admin.get("/compta/g50?mois=2026-11").await;
    page.assert_contains("2 090,00 DA");
    page.assert_contains("2 061,09 DA");
    // The same figures through the API.
    let token = token_for(&t, 1).await;
    let (status, body) = call(&t, &token, "GET", "/compta/g50?mois=2026-11", None).await;
    assert_eq!(status, 200, "{body}");
    let d = &body["data"];
    assert_eq!((d["regime"].as_str(), d["collected_total"].as_i64()), (Some("reel"), Some(2_891)));
    assert_eq!((d["deductible_total"].as_i64(), d["due"].as_i64()), (Some(209_000), Some(-206_109)));
    assert_eq!(d["deductible"][0]["rate_bp"], 1900);
    let (status, body) = call(&t, &token, "GET", "/compta/g50?mois=novembre", None).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"]["mois"], "Un mois comme 2026-11.");
    t.assert_check_passes().await;
}
