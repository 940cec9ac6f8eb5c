//! Physical counts through the real app: open, count, validate or abandon.

use fournil::audit::Actor;
use fournil::catalog::{Kind, Unit};
use fournil::money::{Money, Qty};
use fournil::stock::counts::{self, Severity};
use fournil::stock::ops;

use crate::support::*;

/// Opens a count of a location through the page; returns its id.
async fn open(b: &mut Browser<'_>, location: &str) -> i64 {
    b.get("/stock/inventaires").await;
    let page = b.post("/stock/inventaires", &[("location_id", location)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let to = page.location().unwrap();
    to.trim_start_matches("/stock/inventaires/").split('?').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_validated_count_books_valued_variances_and_one_entry_then_is_frozen() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    let sucre = t.given().product("Sucre").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    let oeufs = t.given().product("Œufs").kind(Kind::Ingredient).ref_cost("20").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    t.given().stock(sucre, 5_000).at(RESERVE).worth("400").await;
    let id = open(&mut b, "1").await;
    // Only one open count per place.
    assert_eq!(b.post("/stock/inventaires", &[("location_id", "1")]).await.status, 409);
    let page = b.get(&format!("/stock/inventaires/{id}")).await;
    page.assert_contains("Farine");
    page.assert_contains("Œufs");
    let (kf, ks, ko) = (format!("count-{farine}"), format!("count-{sucre}"), format!("count-{oeufs}"));
    // A bad quantity: beside its field, nothing saved.
    let bad = b.post(&format!("/stock/inventaires/{id}"), &[(kf.as_str(), "9 pièces"), ("action", "valider")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(t.count("SELECT count(*) FROM stock_count_lines WHERE counted_qty IS NOT NULL").await, 0);
    b.post(
        &format!("/stock/inventaires/{id}"),
        &[(kf.as_str(), "9 kg"), (ks.as_str(), "5,5 kg"), (ko.as_str(), ""), ("action", "valider")],
    )
    .await
    .assert_redirect(&format!("/stock/inventaires/{id}?ok=inventaire-valide"));
    // 1 kg of flour missing at 80 DA/kg; 0,5 kg of sugar found at the PMP (80 DA/kg); eggs uncounted.
    assert_eq!(held(&t, farine, 1).await, (Qty::whole(9_000), Money::from_da(720)));
    assert_eq!(held(&t, sucre, 1).await, (Qty::whole(5_500), Money::from_da(440)));
    assert_eq!(t.count("SELECT count(*) FROM stock_moves WHERE kind = 'inventaire'").await, 2);
    assert_eq!(t.count("SELECT count(*) FROM journal_entries WHERE source_type = 'stock_count'").await, 1);
    assert_eq!(t.count("SELECT sum(debit) FROM journal_lines WHERE account = '658'").await, 8_000);
    assert_eq!(t.count("SELECT sum(credit) FROM journal_lines WHERE account = '758'").await, 4_000);
    assert_eq!(t.count("SELECT count(*) FROM stock_counts WHERE status = 'valide' AND entry_id IS NOT NULL").await, 1);
    // Frozen: neither the page nor SQL can change it.
    assert_eq!(
        b.post(&format!("/stock/inventaires/{id}"), &[(kf.as_str(), "1 kg"), ("action", "valider")]).await.status,
        409
    );
    let sql = t
        .app
        .db
        .write(move |tx| Ok(tx.execute("UPDATE stock_count_lines SET counted_qty = 0 WHERE count_id = ?1", [id])?))
        .await;
    assert!(sql.is_err(), "a validated count must not change");
    b.get(&format!("/stock/produits/{farine}")).await.assert_contains(&format!("Inventaire n° {id}"));
    b.get(&format!("/stock/inventaires/{id}/feuille")).await.assert_contains("Farine");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_abandoned_count_has_no_effect() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    let id = open(&mut b, "1").await;
    let k = format!("count-{farine}");
    b.post(&format!("/stock/inventaires/{id}"), &[(k.as_str(), "2 kg"), ("action", "enregistrer")])
        .await
        .assert_redirect(&format!("/stock/inventaires/{id}?ok=inventaire-enregistre"));
    b.post(&format!("/stock/inventaires/{id}"), &[("action", "abandonner")])
        .await
        .assert_redirect(&format!("/stock/inventaires/{id}?ok=inventaire-abandonne"));
    assert_eq!(held(&t, farine, 1).await, (Qty::whole(10_000), Money::from_da(800)));
    assert_eq!(t.count("SELECT count(*) FROM stock_moves WHERE kind = 'inventaire'").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM journal_entries").await, 1);
    // The place is free for a new count.
    open(&mut b, "1").await;
    t.assert_check_passes().await;
}

#[tokio::test]
async fn variances_are_highlighted_beyond_5_and_10_percent() {
    assert_eq!(counts::severity(Qty::whole(-499), Qty::whole(10_000)), Severity::None);
    assert_eq!(counts::severity(Qty::whole(-500), Qty::whole(10_000)), Severity::Warn);
    assert_eq!(counts::severity(Qty::whole(1_000), Qty::whole(10_000)), Severity::Warn);
    assert_eq!(counts::severity(Qty::whole(1_001), Qty::whole(10_000)), Severity::High);
    assert_eq!(counts::severity(Qty::whole(1), Qty::ZERO), Severity::High);
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    let sucre = t.given().product("Sucre").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    t.given().stock(sucre, 10_000).at(RESERVE).worth("800").await;
    let id = open(&mut b, "1").await;
    let (kf, ks) = (format!("count-{farine}"), format!("count-{sucre}"));
    b.post(
        &format!("/stock/inventaires/{id}"),
        &[(kf.as_str(), "9,4 kg"), (ks.as_str(), "8 kg"), ("action", "enregistrer")],
    )
    .await;
    let page = b.get(&format!("/stock/inventaires/{id}")).await;
    page.assert_contains("variance-warn");
    page.assert_contains("variance-high");
    // By value: sugar (−2 kg, 160 DA) before flour (−0,6 kg, 48 DA).
    let by_value = b.get(&format!("/stock/inventaires/{id}?tri=valeur")).await;
    assert!(by_value.body.find("Sucre").unwrap() < by_value.body.find("Farine").unwrap());
    t.assert_check_passes().await;
}

#[tokio::test]
async fn moves_made_during_a_count_are_not_booked_twice() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    let id = open(&mut b, "1").await;
    // 1 kg goes to the lab while the store room is being counted.
    t.app
        .db
        .write(move |tx| {
            let d = ops::TransferDraft {
                from: 1,
                to: 2,
                lines: vec![(farine, Qty::whole(1_000))],
                note: String::new(),
                token: None,
            };
            ops::move_between(tx, &Actor::system(), &d, "2026-11-24T09:00:00Z", day())
        })
        .await
        .unwrap();
    b.get(&format!("/stock/inventaires/{id}")).await.assert_contains("a bougé");
    let k = format!("count-{farine}");
    b.post(&format!("/stock/inventaires/{id}"), &[(k.as_str(), "8,5 kg"), ("action", "valider")])
        .await
        .assert_redirect(&format!("/stock/inventaires/{id}?ok=inventaire-valide"));
    // Variance against the 9 kg held at validation: −0,5 kg, not −1,5 kg.
    assert_eq!(held(&t, farine, 1).await.0, Qty::whole(8_500));
    assert_eq!(t.count("SELECT variance_qty FROM stock_count_lines").await, -500_000);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_api_moves_and_counts_stock_with_the_same_rules() {
    use serde_json::json;
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    let token = token_for(&t, 1).await;
    let (s, v) = call(
        &t,
        &token,
        "POST",
        "/stock/transferts",
        Some(json!({"from": 1, "to": 2, "lines": [{"product_id": farine, "qty": "20 kg"}]})),
    )
    .await;
    assert_eq!(s, 409, "{v}");
    let (s, v) = call(
        &t,
        &token,
        "POST",
        "/stock/transferts",
        Some(json!({"from": 1, "to": 2, "lines": [{"product_id": farine, "qty": "2 kg"}], "token": "t1"})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = call(
        &t,
        &token,
        "POST",
        "/stock/ajustements",
        Some(json!({"location_id": 2, "reason": "casse", "lines": [{"product_id": farine, "qty": "500 g"}]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = call(&t, &token, "GET", "/stock?location_id=2", None).await;
    assert_eq!(s, 200);
    assert_eq!(v["data"][0]["qty"], "1,5 kg", "{v}");
    let (s, v) = call(&t, &token, "POST", "/stock/inventaires", Some(json!({"location_id": 1}))).await;
    assert_eq!(s, 200, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    let (s, v) = call(
        &t,
        &token,
        "PUT",
        &format!("/stock/inventaires/{id}/lignes"),
        Some(json!([{"product_id": farine, "qty": "7 kg"}])),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["data"]["lines"][0]["severity"], "high", "{v}");
    let (s, v) = call(&t, &token, "POST", &format!("/stock/inventaires/{id}/valider"), None).await;
    assert_eq!((s, v["data"]["status"].as_str()), (200, Some("valide")), "{v}");
    assert_eq!(held(&t, farine, 1).await.0, Qty::whole(7_000));
    let (s, _) = call(&t, &token, "POST", &format!("/stock/inventaires/{id}/abandonner"), None).await;
    assert_eq!(s, 409);
    let (s, v) = call(&t, &token, "GET", &format!("/stock/produits/{farine}/mouvements"), None).await;
    assert_eq!(s, 200);
    assert_eq!(v["data"].as_array().unwrap().len(), 5, "{v}");
    t.assert_check_passes().await;
}

/// A small deterministic generator (no extra dependency): the same sequence on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Random sequences of receipts, issues, transfers, losses, corrections and counts (validated or
/// abandoned): `fournil check` holds after every step, refused steps included.
#[tokio::test]
async fn random_sequences_of_moves_and_counts_keep_the_ledger_and_the_books_in_step() {
    use fournil::stock::{MoveCtx, MoveKind, Reason};
    let t = spawn_ready().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    let sucre = t.given().product("Sucre").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let oeufs = t.given().product("Œufs").kind(Kind::Ingredient).ref_cost("20").await;
    let products = [farine, sucre, oeufs];
    let day = day();
    for seed in [7_u64, 42, 2026, 99, 1234] {
        let mut r = Lcg(seed);
        for step in 0..80 {
            let p = products[r.next(3) as usize];
            let place = 1 + r.next(2) as i64; // réserve or labo: ingredients live in both
            let qty = Qty::from_milli((1 + r.next(40) as i64) * if p == oeufs { 1_000 } else { 250_000 });
            match r.next(6) {
                0 | 1 => t.given().stock(p, qty).at(place).worth(Money::from_cents(1 + r.next(900_000) as i64)).await,
                2 => {
                    let _ = t
                        .app
                        .db
                        .write(move |tx| {
                            let ctx = MoveCtx {
                                at: "2026-11-24T10:00:00Z".into(),
                                day,
                                user_id: None,
                                source_type: "test",
                                source_id: step,
                                note: String::new(),
                            };
                            let v = ops::issue(tx, &ctx, p, place, qty, MoveKind::ProductionOut)?;
                            // Its entry, as the production will post it (any expense account will do here).
                            if v.cents() > 0 {
                                let kind = fournil::catalog::store::product(tx, p)?.unwrap().kind;
                                let mut e = fournil::accounting::EntryDraft::new(
                                    fournil::accounting::Journal::Misc,
                                    day,
                                    "Sortie (test)",
                                    "test",
                                    step,
                                );
                                e.add(fournil::accounting::LineDraft::debit(
                                    fournil::accounting::account::LOSSES,
                                    v,
                                    "",
                                ));
                                e.add(fournil::accounting::LineDraft::credit(
                                    fournil::accounting::stock_account(kind),
                                    v,
                                    "",
                                ));
                                fournil::accounting::ops::post(tx, &Actor::system(), &e, "2026-11-24T10:00:00Z")?;
                            }
                            Ok(())
                        })
                        .await;
                }
                3 => {
                    let d = ops::TransferDraft {
                        from: place,
                        to: 3 - place,
                        lines: vec![(p, qty)],
                        note: String::new(),
                        token: None,
                    };
                    let _ = t
                        .app
                        .db
                        .write(move |tx| {
                            ops::move_between(tx, &Actor::system(), &d, "2026-11-24T10:00:00Z", day).map(|_| ())
                        })
                        .await;
                }
                4 => {
                    let (reason, signed) =
                        if r.next(2) == 0 { (Reason::Casse, -qty) } else { (Reason::Correction, qty) };
                    let d = ops::AdjustmentDraft {
                        // 90 DA/kg, for a surplus of sucre while nothing of it is held.
                        costs: vec![(p, fournil::catalog::UnitCost(90))],
                        location_id: place,
                        reason,
                        lines: vec![(p, signed)],
                        note: String::new(),
                        token: None,
                    };
                    let _ = t
                        .app
                        .db
                        .write(move |tx| ops::adjust(tx, &Actor::system(), &d, "2026-11-24T10:00:00Z", day).map(|_| ()))
                        .await;
                }
                _ => {
                    let mut counted: Vec<(i64, String)> = Vec::new();
                    for id in products {
                        if r.next(3) > 0 {
                            let n = r.next(if id == oeufs { 30 } else { 12_000 });
                            counted.push((id, if id == oeufs { format!("{n} pièces") } else { format!("{n} g") }));
                        }
                    }
                    let (validate, empty) = (r.next(3) > 0, counted.is_empty());
                    t.app
                        .db
                        .write(move |tx| {
                            let id = counts::ops::open(tx, &Actor::system(), place, "", "2026-11-24T10:00:00Z")?;
                            // Sucre has no reference cost: a surplus of it, holding nothing, needs its value.
                            let costs = counted.iter().map(|(p, _)| (*p, "90".to_string())).collect();
                            counts::ops::record_typed(tx, id, &counts::Typed { counted, costs })?;
                            if validate && !empty {
                                counts::ops::validate(tx, &Actor::system(), id, "2026-11-24T11:00:00Z", day)
                            } else {
                                counts::ops::abandon(tx, &Actor::system(), id, "2026-11-24T11:00:00Z")
                            }
                        })
                        .await
                        .unwrap_or_else(|e| panic!("seed {seed} step {step}: count refused: {e:?}"));
                }
            }
            let report = t.app.db.read(fournil::system::check::run).await.unwrap();
            assert!(report.ok(), "seed {seed} step {step}: {:?}", report.failures().collect::<Vec<_>>());
        }
    }
    assert!(t.count("SELECT count(*) FROM stock_counts WHERE status = 'valide'").await > 0);
    t.assert_check_passes().await;
}

/// The review's case: open at 10, 2 leave, the line is counted at 8, 3 more leave, then the count
/// is validated. The count matched the stock when it was made: nothing is booked, 5 remain.
#[tokio::test]
async fn what_leaves_after_a_line_was_counted_is_not_a_surplus() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).ref_cost("80").await;
    t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
    let id = open(&mut b, "1").await;
    let take = |kg: i64| {
        let d = ops::AdjustmentDraft {
            costs: Vec::new(),
            location_id: 1,
            reason: fournil::stock::Reason::Perte,
            lines: vec![(farine, -Qty::whole(kg * 1_000))],
            note: String::new(),
            token: None,
        };
        move |tx: &rusqlite::Transaction| ops::adjust(tx, &Actor::system(), &d, "2026-11-24T09:00:00Z", day())
    };
    t.app.db.write(take(2)).await.unwrap();
    let k = format!("count-{farine}");
    b.get(&format!("/stock/inventaires/{id}")).await;
    b.post(&format!("/stock/inventaires/{id}"), &[(k.as_str(), "8 kg"), ("action", "enregistrer")]).await;
    t.app.db.write(take(3)).await.unwrap();
    b.post(&format!("/stock/inventaires/{id}"), &[(k.as_str(), "8 kg"), ("action", "valider")])
        .await
        .assert_redirect(&format!("/stock/inventaires/{id}?ok=inventaire-valide"));
    assert_eq!(held(&t, farine, 1).await.0, Qty::whole(5_000));
    assert_eq!(t.count("SELECT variance_qty FROM stock_count_lines").await, 0);
    t.assert_check_passes().await;
}
