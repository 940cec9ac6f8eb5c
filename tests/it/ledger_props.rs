//! Property: whatever sequence of stock operations the shop performs, `fournil check` holds after
//! each one, and an operation that is refused changes nothing.

use fournil::accounting::{self, EntryDraft, Journal, LineDraft};
use fournil::audit::Actor;
use fournil::catalog::{self, Kind, Unit, UnitCost};
use fournil::db::Db;
use fournil::money::{Money, Qty};
use fournil::stock::{MoveCtx, MoveKind, Reason, ops, store};
use fournil::system::check;
use proptest::prelude::*;

use crate::support::{day, product_draft};

#[derive(Debug, Clone)]
enum Op {
    /// A receipt with its purchase entry: product index, place index, quantity, value in centimes.
    Receive(usize, usize, i64, i64),
    /// A receipt at no cost (a free sample, the free line of a purchase): in at a value of zero,
    /// with no entry, since there is nothing to post.
    Free(usize, usize, i64),
    Loss(usize, usize, i64),
    Correction(usize, usize, i64),
    Transfer(usize, usize, usize, i64),
}

/// (kind, unit, the location ids it may live in)
const PRODUCTS: &[(Kind, Unit, &[i64])] = &[
    (Kind::Ingredient, Unit::Gram, &[1, 2]),
    (Kind::Revente, Unit::Piece, &[1, 3]),
    (Kind::Consommable, Unit::Piece, &[4, 1]),
];

fn op() -> impl Strategy<Value = Op> {
    let p = 0..PRODUCTS.len();
    prop_oneof![
        (p.clone(), 0..2usize, 1..5_000i64, 1..200_000i64).prop_map(|(p, l, q, v)| Op::Receive(p, l, q, v)),
        (p.clone(), 0..2usize, 1..5_000i64).prop_map(|(p, l, q)| Op::Free(p, l, q)),
        (p.clone(), 0..2usize, 1..3_000i64).prop_map(|(p, l, q)| Op::Loss(p, l, q)),
        (p.clone(), 0..2usize, 1..3_000i64).prop_map(|(p, l, q)| Op::Correction(p, l, q)),
        (p, 0..2usize, 0..2usize, 1..3_000i64).prop_map(|(p, a, b, q)| Op::Transfer(p, a, b, q)),
    ]
}

fn snapshot(db: &Db) -> Vec<(i64, i64, Qty, Money)> {
    db.read_sync(|c| Ok(store::all_balances(c)?)).unwrap()
}

fn run(ops_list: Vec<Op>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("p.db")).unwrap();
    let ids: Vec<i64> = PRODUCTS
        .iter()
        .enumerate()
        .map(|(i, (kind, unit, _))| {
            let draft = catalog::ops::ProductDraft {
                ref_cost: Some(UnitCost(1_500)),
                ..product_draft(&format!("P{i}"), *kind, *unit)
            };
            db.write_sync(|tx| catalog::ops::create_product(tx, &Actor::system(), &draft, "t")).unwrap()
        })
        .collect();
    for (n, op) in ops_list.into_iter().enumerate() {
        let before = snapshot(&db);
        let result = db.write_sync(|tx| {
            let ctx = MoveCtx {
                at: "t".into(),
                day: day(),
                user_id: None,
                source_type: "test",
                source_id: n as i64,
                note: String::new(),
            };
            match &op {
                Op::Receive(p, l, q, v) => {
                    let (kind, _, places) = PRODUCTS[*p];
                    let (qty, value) = (Qty::from_milli(*q * 1000), Money::from_cents(*v));
                    ops::receive(tx, &ctx, ids[*p], places[*l], qty, value, MoveKind::Purchase)?;
                    let mut e = EntryDraft::new(Journal::Purchases, day(), "Réception", "test", n as i64);
                    e.add(LineDraft::debit(accounting::stock_account(kind), value, ""));
                    e.add(LineDraft::credit(accounting::account::SUPPLIERS, value, ""));
                    accounting::ops::post(tx, &Actor::system(), &e, "t")?;
                    Ok(())
                }
                Op::Free(p, l, q) => {
                    let places = PRODUCTS[*p].2;
                    let qty = Qty::from_milli(*q * 1000);
                    ops::receive(tx, &ctx, ids[*p], places[*l], qty, Money::ZERO, MoveKind::Purchase)
                }
                Op::Loss(p, l, q) | Op::Correction(p, l, q) => {
                    let reason = if matches!(op, Op::Loss(..)) { Reason::Casse } else { Reason::Correction };
                    let sign = if reason == Reason::Casse { -1 } else { 1 };
                    let d = ops::AdjustmentDraft {
                        costs: Vec::new(),
                        location_id: PRODUCTS[*p].2[*l],
                        reason,
                        lines: vec![(ids[*p], Qty::from_milli(sign * q * 1000))],
                        note: String::new(),
                        token: None,
                    };
                    ops::adjust(tx, &Actor::system(), &d, "t", day()).map(|_| ())
                }
                Op::Transfer(p, a, b, q) => {
                    let places = PRODUCTS[*p].2;
                    let d = ops::TransferDraft {
                        from: places[*a],
                        to: places[*b],
                        lines: vec![(ids[*p], Qty::from_milli(q * 1000))],
                        note: String::new(),
                        token: None,
                    };
                    ops::move_between(tx, &Actor::system(), &d, "t", day()).map(|_| ())
                }
            }
        });
        // A receipt into a place its product lives in is never refused, whatever its value.
        if matches!(op, Op::Receive(..) | Op::Free(..)) {
            prop_assert!(result.is_ok(), "op {} {:?} refused: {:?}", n, op, result);
        }
        if result.is_err() {
            prop_assert_eq!(snapshot(&db), before, "a refused {:?} changed the stock", op);
        }
        let report = db.read_sync(check::run).unwrap();
        let failures: Vec<String> = report.failures().map(|f| format!("{} : {}", f.rule, f.detail)).collect();
        prop_assert!(failures.is_empty(), "after op {} {:?}: {:?}", n, op, failures);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn check_holds_after_every_stock_operation(list in prop::collection::vec(op(), 1..40)) {
        run(list)?;
    }
}
