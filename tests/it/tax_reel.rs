//! Under the réel regime: a day's sales at mixed TVA rates post the TVA collected to 4457 per
//! rate, a refund takes it back, the receipt says "dont TVA", and the G50 figures match
//! (issue #18 item 4).

use fournil::money::Money;
use fournil::pos::{self, Destination, PayMethod, RefundDraft, RefundLineDraft};
use fournil::printing::Block;
use fournil::tax::{self, Regime};

use crate::support::*;

fn cents(c: i64) -> Money {
    Money::from_cents(c)
}

async fn class(t: &TestApp, category: i64, class: &'static str) {
    t.app
        .db
        .write(move |tx| {
            Ok(tx.execute("UPDATE categories SET tva_class = ?2 WHERE id = ?1", rusqlite::params![category, class])?)
        })
        .await
        .unwrap();
}

async fn net_4457(t: &TestApp) -> Money {
    t.app.db.read(|c| Ok(fournil::accounting::store::net_of(c, tax::TVA_COLLECTED)?)).await.unwrap()
}

#[tokio::test]
async fn under_reel_a_days_sales_at_mixed_rates_post_their_tva_and_the_g50_matches() {
    let t = spawn_ready().await;
    let (breads, pastries, cakes) = (
        t.given().category("Pains").await,
        t.given().category("Viennoiseries").await,
        t.given().category("Tartes").await,
    );
    class(&t, breads, "exonere").await;
    class(&t, pastries, "reduit").await;
    let baguette = t.given().product("Baguette").price("30").category(breads).on_hand(50).await;
    let croissant = t.given().product("Croissant").price("40").category(pastries).on_hand(50).await;
    let tarte = t.given().product("Tarte").price("119").category(cakes).on_hand(50).await;
    let today = day();
    t.app.db.write(move |tx| tax::ops::set_regime(tx, &system_at(NOW), today, Regime::Reel, "")).await.unwrap();

    let amina = t.given().user("amina", "vendeuse").await;
    t.given().shift().await;
    // 2 baguettes (60, exempt) + 3 croissants (120 at 9 %) + 1 tarte (119 at 19 %) = 299 DA.
    let first = t.given().sale(&amina).line(baguette, 2).line(croissant, 3).line(tarte, 1).cash("299").await;
    // 1 croissant (40 at 9 %) + 2 tartes (238 at 19 %) = 278 DA.
    let second = t.given().sale(&amina).line(croissant, 1).line(tarte, 2).card("278").await;

    // 120 → 110,09 + 9,91; 119 → 100 + 19; 40 → 36,70 + 3,30; 238 → 200 + 38.
    assert_eq!(net_4457(&t).await, cents(-7_021), "4457 holds 70,21 DA on the credit side");
    let doc = t.app.db.read(move |c| Ok(pos::ops::receipt::ticket_doc(c, first, false)?.1)).await.unwrap();
    let row = |left: &str, right: &str| Block::Row { left: left.into(), right: right.into(), bold: false };
    assert!(doc.blocks.contains(&row("dont TVA 9 % :", "9,91 DA")), "{:?}", doc.blocks);
    assert!(doc.blocks.contains(&row("dont TVA 19 % :", "19,00 DA")));
    assert!(
        !doc.blocks.iter().any(|b| matches!(b, Block::Row { left, .. } if left.contains("0 %"))),
        "no line for 0 %"
    );

    let g = t.app.db.read(|c| tax::ops::g50::g50(c, "2026-11")).await.unwrap();
    let line = |bp, base, tva| tax::ops::g50::RateLine { rate_bp: bp, base: cents(base), tva: cents(tva) };
    assert_eq!(g.collected, vec![line(0, 6_000, 0), line(900, 14_679, 1_321), line(1900, 30_000, 5_700)]);
    assert_eq!((g.collected_total, g.deductible_total, g.due), (cents(7_021), Money::ZERO, cents(7_021)));
    assert_eq!(g.turnover, cents(50_679), "HT: 577 DA of tickets less 70,21 DA of TVA");
    assert_eq!(g.ifu, None);

    // One tarte of the second ticket comes back: its 19 DA of TVA go back out of 4457.
    let tarte_line = t.app.db.read(move |c| Ok(pos::store::lines(c, second)?[1].id)).await.unwrap();
    let d = RefundDraft {
        token: "refund-tva-01".into(),
        sale_id: second,
        till_id: 1,
        lines: vec![RefundLineDraft {
            line_id: tarte_line,
            qty: fournil::money::Qty::whole(1),
            destination: Destination::Waste,
        }],
        reason: "abîmée".into(),
        method: PayMethod::Cash,
    };
    let who = t.given().user("nadia", "gerante").await;
    t.app.db.write(move |tx| pos::ops::refund(tx, &stamp(&who), &who, &d, None)?.done()).await.unwrap();
    assert_eq!(net_4457(&t).await, cents(-5_121));
    let g = t.app.db.read(|c| tax::ops::g50::g50(c, "2026-11")).await.unwrap();
    assert_eq!(g.collected[2], line(1900, 20_000, 3_800));
    assert_eq!((g.collected_total, g.turnover), (cents(5_121), cents(40_679)));
    // The owner's figures are before tax too: the counter's revenue is the G50's turnover.
    let period = fournil::kpi::Period::day(today);
    let f = t.app.db.read(move |c| fournil::reports::ops::figures(c, period, today)).await.unwrap();
    let v = |k| fournil::kpi::ops::value_of(&f, k);
    assert_eq!(v(fournil::kpi::Kpi::RevenueCounter), fournil::kpi::Value::Money(cents(40_679)));
    assert_eq!(v(fournil::kpi::Kpi::Revenue), fournil::kpi::Value::Money(cents(40_679)));
    assert_eq!(v(fournil::kpi::Kpi::AverageBasket), fournil::kpi::Value::Money(cents(20_340)), "406,79 ÷ 2");
    let (from, to) = (period.from_text(), period.to_text());
    let sellers = t.app.db.read(move |c| Ok(fournil::kpi::store::sellers(c, &from, &to)?)).await.unwrap();
    assert_eq!(sellers[0].3, 40_679, "amina's tickets, before tax");

    let mut admin = t.admin().await;
    let page = admin.get("/compta/g50?mois=2026-11").await;
    page.assert_contains("TVA collectée 9 %");
    page.assert_contains("51,21 DA");
    page.assert_contains("href=\"/compta/g50.xlsx?mois=2026-11\"");
    let file = admin.get("/compta/g50.xlsx?mois=2026-11").await;
    assert_eq!(file.status, 200);
    assert!(file.headers["content-disposition"].to_str().unwrap().contains("g50-2026-11.xlsx"));
    let bytes = t
        .http
        .get("/compta/g50.xlsx?mois=2026-11")
        .header("cookie", format!("fournil_session={}", admin.cookies["fournil_session"]))
        .send()
        .await
        .0
        .into_body()
        .into_vec()
        .await
        .unwrap();
    let rows = crate::books_export::xlsx_rows(&bytes);
    assert_eq!(rows[0][0], "Déclaration G50 — 2026-11");
    let collected = rows.iter().find(|r| r[0] == "TVA collectée (4457)").expect("the 4457 row");
    assert_eq!(collected[1], "51.21");
    assert_eq!(admin.get("/compta/g50.xlsx?mois=2026-13").await.status, 422, "not a month");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn under_ifu_the_g50_shows_the_turnover_and_the_ifu_figure() {
    let t = spawn_ready().await;
    let croissant = t.given().product("Croissant").price("40").on_hand(50).await;
    let amina = t.given().user("amina", "vendeuse").await;
    t.given().shift().await;
    let sale = t.given().sale(&amina).line(croissant, 5).cash("200").await;
    assert_eq!(net_4457(&t).await, Money::ZERO);
    let doc = t.app.db.read(move |c| Ok(pos::ops::receipt::ticket_doc(c, sale, false)?.1)).await.unwrap();
    assert!(!doc.blocks.iter().any(|b| matches!(b, Block::Row { left, .. } if left.contains("TVA"))));
    let g = t.app.db.read(|c| tax::ops::g50::g50(c, "2026-11")).await.unwrap();
    assert_eq!((g.turnover, g.ifu), (Money::from_da(200), Some(Money::from_da(10))), "5 % of 200 DA");
    t.assert_check_passes().await;
}

/// Under réel a delivery fee the shop keeps is a service at the normal rate: 300 DA TTC post
/// 252,10 HT to 706 and 47,90 to 4457, kept as the run's TVA row, and the G50 counts it.
#[tokio::test]
async fn under_reel_the_shops_delivery_fee_posts_its_tva_at_the_normal_rate() {
    use fournil::deliveries::{self, Outcome};
    let r = crate::deliveries::rounds().await;
    let t = &r.b.t;
    t.app.db.write(move |tx| tax::ops::set_regime(tx, &system_at(NOW), day(), Regime::Reel, "")).await.unwrap();
    let st = r.b.stamp(&r.b.manager);
    t.app.db.write(move |tx| deliveries::ops::set_fee_to_shop(tx, &st, true)).await.unwrap();
    let one = r.ready("cmd-1", 1, None).await;
    let run = r.assign(r.karim, vec![one], "t-1").await.unwrap();
    r.settle(run, &[Outcome::Delivered], 1_800, "r-1").await.unwrap();
    assert_eq!(r.b.net("706").await, cents(-25_210));
    let row = "SELECT tva FROM tva_lines WHERE source_type = 'delivery_run' AND rate_bp = 1900 AND base = 25210";
    assert_eq!(t.count(row).await, 4_790, "the fee's TVA, beside the cake's own (handed over at the door)");
    let g = t.app.db.read(|c| tax::ops::g50::g50(c, "2026-11")).await.unwrap();
    let normal = g.collected.iter().find(|l| l.rate_bp == 1900).expect("the 19 % line");
    assert!(normal.base >= cents(25_210) && normal.tva >= cents(4_790), "{normal:?}");
    t.assert_check_passes().await;
}
