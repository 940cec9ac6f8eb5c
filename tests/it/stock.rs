//! The stock ledger and the books core, through their operations on a real database.

use chrono::NaiveDate;
use fournil::accounting::{self, EntryDraft, Journal, LineDraft};
use fournil::audit::Actor;
use fournil::catalog;
use fournil::catalog::{Kind, Unit, UnitCost};
use fournil::money::{Money, Qty};
use fournil::stock::{MoveCtx, MoveKind, Reason, ops, store};

use crate::support::*;

fn ctx(source_id: i64) -> MoveCtx {
    MoveCtx { at: NOW.into(), day: day(), user_id: None, source_type: "test", source_id, note: String::new() }
}

/// The team's worked example ("Barquette 1185"): 50 at 30 DA, then 100 at 35 DA → 150 worth
/// 5 000 DA, PMP 33,33; selling 80 leaves 70 worth 2 333,33 DA at the same PMP.
#[tokio::test]
async fn the_barquette_example_of_the_domain_notes() {
    let t = spawn_ready().await;
    let barquette = t.given().product("Barquette 1185").kind(Kind::Revente).await;
    t.given().stock(barquette, 50).at(COUNTER).worth("1 500").await;
    assert_eq!(totals(&t, barquette).await.2, UnitCost(30_000_000));
    t.given().stock(barquette, 100).at(COUNTER).worth("3 500").await;
    let (q, v, pmp) = totals(&t, barquette).await;
    assert_eq!((q, v), (Qty::whole(150), Money::from_da(5_000)));
    assert_eq!(pmp, UnitCost(33_333_333));
    let out =
        t.app.db.write(move |tx| ops::issue(tx, &ctx(2), barquette, 3, Qty::whole(80), MoveKind::Sale)).await.unwrap();
    assert_eq!(out, Money::from_cents(266_667));
    let (q, v, after) = totals(&t, barquette).await;
    assert_eq!((q, v), (Qty::whole(70), Money::from_cents(233_333)));
    // 2 333,33 / 70 = 33,3332857… → 33,333286 (half away from zero): the PMP moves only by the
    // rounding of the issue to the centime.
    assert_eq!(after, UnitCost(33_333_286));
}

#[tokio::test]
async fn the_last_unit_of_a_place_takes_the_value_left() {
    let t = spawn_ready().await;
    let p = t.given().product("Œufs").kind(Kind::Ingredient).await;
    t.given().stock(p, 3).at(RESERVE).worth("10").await;
    let mut outs = Vec::new();
    for i in 0..3 {
        outs.push(
            t.app
                .db
                .write(move |tx| ops::issue(tx, &ctx(10 + i), p, 1, Qty::whole(1), MoveKind::ProductionOut))
                .await
                .unwrap(),
        );
    }
    // 10 DA / 3 → 3,33; then 6,67 / 2 → 3,34 (half away from zero); the last takes the 3,33 left.
    assert_eq!(outs, vec![Money::from_cents(333), Money::from_cents(334), Money::from_cents(333)]);
    assert_eq!(outs.iter().copied().sum::<Money>(), Money::from_da(10), "every centime paid leaves with the goods");
    assert_eq!(totals(&t, p).await.0, Qty::ZERO);
    assert_eq!(totals(&t, p).await.1, Money::ZERO);
    // Nothing left: the next issue is refused with what is left.
    let err =
        t.app.db.write(move |tx| ops::issue(tx, &ctx(20), p, 1, Qty::whole(1), MoveKind::Sale)).await.unwrap_err();
    assert!(err.user_message().contains("Il ne reste que 0 pièce de « Œufs » en « Réserve (magasin) »"), "{err:?}");
}

#[tokio::test]
async fn losses_and_corrections_post_their_entries_and_keep_the_books_equal_to_the_stock() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("60").await;
    t.given().stock(farine, 50_000).at(RESERVE).worth("3 000").await;
    t.assert_check_passes().await;
    let loss = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Casse,
        lines: vec![(farine, -Qty::whole(5_000))],
        note: "Sac percé".into(),
        token: Some("tok-1".into()),
    };
    let l2 = loss.clone();
    let id = t
        .app
        .db
        .write(move |tx| ops::adjust(tx, &Actor::system(), &loss, "2026-11-24T09:00:00Z", day()))
        .await
        .unwrap();
    // The same token again (a double tap) records nothing more.
    let again =
        t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &l2, "2026-11-24T09:00:01Z", day())).await.unwrap();
    assert_eq!(id, again);
    assert_eq!(totals(&t, farine).await.1, Money::from_da(2_700));
    let entries = t.app.db.read(move |c| Ok(accounting::store::entries_of(c, "stock_document", id)?)).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].number.starts_with("OD-2026-"));
    assert_eq!(entries[0].lines[0].account, "658");
    assert_eq!(entries[0].lines[0].debit, Money::from_da(300));
    let gain = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Correction,
        lines: vec![(farine, Qty::whole(1_000))],
        note: String::new(),
        token: None,
    };
    t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &gain, "2026-11-24T09:05:00Z", day())).await.unwrap();
    assert_eq!(totals(&t, farine).await.1, Money::from_da(2_760));
    t.assert_check_passes().await;
    // A loss typed with a + sign, or a loss larger than the stock, is refused whole.
    let wrong = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Perime,
        lines: vec![(farine, Qty::whole(10))],
        note: String::new(),
        token: None,
    };
    assert!(t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &wrong, "x", day())).await.is_err());
    let too_much = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Perte,
        lines: vec![(farine, -Qty::whole(100_000))],
        note: String::new(),
        token: None,
    };
    let err = t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &too_much, "x", day())).await.unwrap_err();
    assert!(err.user_message().contains("Il ne reste que 46 kg de « Farine »"), "{}", err.user_message());
    assert_eq!(totals(&t, farine).await.0, Qty::whole(46_000));
}

#[tokio::test]
async fn transfers_move_value_with_quantity_and_keep_the_pmp() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    t.given().stock(farine, 25_000).at(RESERVE).worth("1 499").await;
    let before = totals(&t, farine).await;
    let d = ops::TransferDraft {
        from: 1,
        to: 2,
        lines: vec![(farine, Qty::whole(10_000))],
        note: String::new(),
        token: None,
    };
    t.app.db.write(move |tx| ops::move_between(tx, &Actor::system(), &d, "2026-11-24T10:00:00Z", day())).await.unwrap();
    assert_eq!(totals(&t, farine).await, before);
    let (res, lab) =
        t.app.db.read(move |c| Ok((store::balance(c, farine, 1)?, store::balance(c, farine, 2)?))).await.unwrap();
    assert_eq!((res.qty, lab.qty), (Qty::whole(15_000), Qty::whole(10_000)));
    assert_eq!(res.value + lab.value, Money::from_da(1_499));
    // Beyond what the source holds, to the counter (flour does not live there), or to itself: refused.
    for (from, to, qty) in [(2, 1, 20_000), (1, 3, 1_000), (1, 1, 1_000)] {
        let d =
            ops::TransferDraft { from, to, lines: vec![(farine, Qty::whole(qty))], note: String::new(), token: None };
        assert!(
            t.app.db.write(move |tx| ops::move_between(tx, &Actor::system(), &d, "x", day())).await.is_err(),
            "{from} → {to}"
        );
    }
    assert_eq!(totals(&t, farine).await, before);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_closed_month_refuses_postings_and_posted_entries_cannot_be_edited() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    t.given().stock(farine, 1_000).at(RESERVE).worth("60").await;
    t.app.db.write(|tx| accounting::ops::close_month(tx, &system_at("2026-12-02T08:00:00Z"), "2026-11")).await.unwrap();
    let loss = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Perte,
        lines: vec![(farine, -Qty::whole(100))],
        note: String::new(),
        token: None,
    };
    let err = t.app.db.write(move |tx| ops::adjust(tx, &Actor::system(), &loss, "x", day())).await.unwrap_err();
    assert!(err.user_message().contains("Le mois 11/2026 est clôturé"), "{}", err.user_message());
    // Nothing half-saved: the stock did not move either.
    assert_eq!(totals(&t, farine).await.0, Qty::whole(1_000));
    let edit = t.app.db.write(|tx| Ok(tx.execute("UPDATE journal_lines SET debit = debit + 1", [])?)).await;
    assert!(edit.is_err());
    let delete = t.app.db.write(|tx| Ok(tx.execute("DELETE FROM stock_moves", [])?)).await;
    assert!(delete.is_err());
    // An unbalanced entry is refused by `post` itself.
    let bad = t
        .app
        .db
        .write(|tx| {
            let mut e = EntryDraft::new(
                Journal::Misc,
                NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                "Déséquilibrée",
                "test",
                1,
            );
            e.add(LineDraft::debit("530", Money::from_da(10), ""));
            e.add(LineDraft::credit("758", Money::from_da(9), ""));
            accounting::ops::post(tx, &Actor::system(), &e, "x")
        })
        .await;
    assert!(bad.is_err());
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_cost_of_a_product_uses_its_pmp_once_it_has_stock() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("60").await;
    let graph = t.app.db.read(|c| Ok(catalog::ops::graph(c)?)).await.unwrap();
    assert_eq!(graph.costing(farine, &Default::default()).unwrap().basis, catalog::cost::Basis::Reference);
    t.given().stock(farine, 25_000).at(RESERVE).worth("1 750").await;
    let graph = t.app.db.read(|c| Ok(catalog::ops::graph(c)?)).await.unwrap();
    let c = graph.costing(farine, &Default::default()).unwrap();
    assert_eq!(c.basis, catalog::cost::Basis::Pmp);
    assert_eq!(c.per_display_unit(Unit::Gram), Money::from_da(70));
}

#[tokio::test]
async fn a_receipt_that_moves_the_pmp_shows_in_what_changed() {
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("60").await;
    t.given().stock(farine, 25_000).at(RESERVE).worth("1 750").await;
    let mut admin = t.admin().await;
    let page = admin.get("/catalogue/couts/changements").await;
    page.assert_contains("60,00 DA/kg");
    page.assert_contains("70,00 DA/kg");
    assert_eq!(t.count("SELECT count(*) FROM cost_changes WHERE source = 'pmp'").await, 1);
    // The same price again moves nothing and records nothing.
    t.given().stock(farine, 25_000).at(RESERVE).worth("1 750").await;
    assert_eq!(t.count("SELECT count(*) FROM cost_changes WHERE source = 'pmp'").await, 1);
}

#[tokio::test]
async fn a_product_holding_stock_keeps_its_unit_and_kind() {
    let t = spawn_ready().await;
    let sucre = t.given().product("Sucre").kind(Kind::Ingredient).unit(Unit::Gram).await;
    t.given().stock(sucre, 10_000).at(RESERVE).worth("800").await;
    let change = |kind: Kind, unit: Unit| product_draft("Sucre", kind, unit);
    for d in [change(Kind::Consommable, Unit::Gram), change(Kind::Ingredient, Unit::Piece)] {
        let err = t
            .app
            .db
            .write(move |tx| catalog::ops::update_product(tx, &Actor::system(), sucre, &d, "x"))
            .await
            .unwrap_err();
        assert!(matches!(err, fournil::error::AppError::Invalid(_)), "{err:?}");
    }
    t.assert_check_passes().await;
}

/// The review's case: 10 at 100 DA in the store room, 10 at 300 DA in the lab. The PMP is
/// 200 DA and both places are brought to it, so a loss of 9 in the store room costs 1 800 DA.
#[tokio::test]
async fn places_bought_at_different_prices_are_all_valued_at_the_pmp() {
    let t = spawn_ready().await;
    let p = t.given().product("Moule à gâteau").kind(Kind::Ingredient).await;
    t.given().stock(p, 10).at(RESERVE).worth("1 000").await;
    t.given().stock(p, 10).at(LAB).worth("3 000").await;
    let (res, lab) = t.app.db.read(move |c| Ok((store::balance(c, p, 1)?, store::balance(c, p, 2)?))).await.unwrap();
    assert_eq!((res.value, lab.value), (Money::from_da(2_000), Money::from_da(2_000)));
    let loss = ops::AdjustmentDraft {
        costs: Vec::new(),
        location_id: 1,
        reason: Reason::Perte,
        lines: vec![(p, -Qty::whole(9))],
        note: String::new(),
        token: None,
    };
    let id = t
        .app
        .db
        .write(move |tx| ops::adjust(tx, &Actor::system(), &loss, "2026-11-24T09:00:00Z", day()))
        .await
        .unwrap();
    let entries = t.app.db.read(move |c| Ok(accounting::store::entries_of(c, "stock_document", id)?)).await.unwrap();
    assert_eq!(entries[0].lines[0].debit, Money::from_da(1_800));
    let (_, _, pmp) = totals(&t, p).await;
    assert_eq!(pmp, UnitCost(200_000_000), "an issue does not move the PMP");
    t.assert_check_passes().await;
}
