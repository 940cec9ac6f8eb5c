//! Group commit (issue #20): operations queued together share one commit, each in its own
//! savepoint. A refused one leaves no trace, the others keep their exact outcome, nobody is
//! answered before the shared commit, and document numbers stay gapless.

use std::sync::mpsc;
use std::time::Duration;

use fournil::error::AppError;
use fournil::money::{Money, Qty};
use fournil::pos::{self, Cart, CartLine, CheckoutDraft, PayMethod, Tender};

use crate::support::*;

/// Inserts `x` into the scratch table, then fails when `refuse` (after writing).
fn insert(x: &'static str, refuse: bool) -> impl FnOnce(&rusqlite::Transaction) -> Result<(), AppError> {
    move |tx| {
        tx.execute("INSERT INTO scratch (x) VALUES (?1)", [x])?;
        if refuse { Err(AppError::Rule(format!("{x} refusé"))) } else { Ok(()) }
    }
}

async fn scratch(t: &TestApp) -> Vec<String> {
    t.app
        .db
        .read(|c| {
            let mut st = c.prepare("SELECT x FROM scratch ORDER BY x")?;
            let rows = st.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(rows)
        })
        .await
        .unwrap()
}

// Two workers: the test waits on plain channels while the spawned writes run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_operation_in_a_group_leaves_no_trace_and_the_others_commit_together() {
    let t = spawn().await;
    t.app.db.write(|tx| Ok(tx.execute_batch("CREATE TABLE scratch (x TEXT NOT NULL)")?)).await.unwrap();

    // A first operation holds the writer, so that the next three queue up behind it.
    let (started, started_rx) = mpsc::channel();
    let (gate, gate_rx) = mpsc::channel::<()>();
    let db = t.app.db.clone();
    let holder = tokio::spawn(async move {
        db.write(move |_| {
            started.send(()).unwrap();
            gate_rx.recv().unwrap();
            Ok(())
        })
        .await
    });
    started_rx.recv_timeout(Duration::from_secs(10)).unwrap();

    let (c_started, c_started_rx) = mpsc::channel();
    let (c_gate, c_gate_rx) = mpsc::channel::<()>();
    let a = tokio::spawn({
        let db = t.app.db.clone();
        async move { db.write(insert("a", false)).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let b = tokio::spawn({
        let db = t.app.db.clone();
        async move { db.write(insert("b", true)).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let c = tokio::spawn({
        let db = t.app.db.clone();
        async move {
            db.write(move |tx| {
                c_started.send(()).unwrap();
                c_gate_rx.recv().unwrap();
                insert("c", false)(tx)
            })
            .await
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    gate.send(()).unwrap();
    holder.await.unwrap().unwrap();

    // c runs after a and b in the same transaction: a is written but not yet committed, so a
    // reader does not see it and a's caller has not been answered.
    c_started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(scratch(&t).await.is_empty(), "nothing is visible before the group's commit");
    assert!(!a.is_finished(), "a is not answered before the shared commit");
    c_gate.send(()).unwrap();

    a.await.unwrap().unwrap();
    match b.await.unwrap() {
        Err(AppError::Rule(m)) => assert_eq!(m, "b refusé"),
        other => panic!("{other:?}"),
    }
    c.await.unwrap().unwrap();
    assert_eq!(scratch(&t).await, ["a", "c"], "the refused b left nothing, a and c kept theirs");
}

#[tokio::test]
async fn a_panicking_operation_rolls_back_alone_and_the_panic_reaches_its_caller() {
    let t = spawn().await;
    t.app.db.write(|tx| Ok(tx.execute_batch("CREATE TABLE scratch (x TEXT NOT NULL)")?)).await.unwrap();
    let db = t.app.db.clone();
    let boom = tokio::spawn(async move {
        db.write(|tx| -> Result<(), AppError> {
            insert("p", false)(tx)?;
            panic!("boom")
        })
        .await
    });
    assert!(boom.await.unwrap_err().is_panic());
    t.app.db.write(insert("after", false)).await.unwrap();
    assert_eq!(scratch(&t).await, ["after"], "the writer goes on; the panicking write left nothing");
}

#[tokio::test]
async fn concurrent_sales_with_refusals_keep_ticket_numbers_gapless() {
    let (t, v, croissant) = shop().await;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let (db, v) = (t.app.db.clone(), v.clone());
        // One sale in three asks for more than the counter holds and is refused.
        let pieces = if i % 3 == 0 { 100 } else { 1 };
        let d = CheckoutDraft {
            token: format!("tok-group-{i:04}"),
            till_id: TILL,
            cart: Cart {
                lines: vec![CartLine { product_id: croissant, qty: Qty::whole(pieces), discount: Money::ZERO }],
                ..Cart::default()
            },
            payments: vec![Tender { method: PayMethod::Cash, amount: Money::from_da(1000), reference: String::new() }],
        };
        tasks.push(tokio::spawn(async move {
            db.write(move |tx| pos::ops::checkout(tx, &stamp(&v), &v, &d, None)?.done().map(|c| c.ticket().id)).await
        }));
    }
    let mut sold = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => sold += 1,
            Err(AppError::Refused { code, .. }) => assert_eq!(code, "insufficient_stock"),
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(sold, 20);
    let numbers = t
        .app
        .db
        .read(|c| {
            let mut st = c.prepare("SELECT number FROM sales ORDER BY number")?;
            Ok(st.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap();
    let expected: Vec<String> = (1..=20).map(|n| format!("T-2026-{n:06}")).collect();
    assert_eq!(numbers, expected, "numbers run without a gap");
    assert_eq!(held(&t, croissant, COUNTER).await.0, Qty::ZERO);
    t.assert_check_passes().await;
}

/// The writer's commits never checkpoint (the till's tail): the checkpoint thread does, so the WAL
/// is reused instead of growing with every write since the server started.
#[tokio::test]
async fn the_wal_stays_bounded_without_checkpoints_in_commits() {
    let t = spawn().await;
    t.app.db.write(|tx| Ok(tx.execute_batch("CREATE TABLE scratch (x TEXT NOT NULL)")?)).await.unwrap();
    let wal = format!("{}-wal", t.app.db.path().display());
    for _ in 0..4 {
        for _ in 0..250 {
            t.app
                .db
                .write(|tx| Ok(tx.execute("INSERT INTO scratch (x) VALUES (?1)", ["x".repeat(16_000)])?))
                .await
                .unwrap();
        }
        // Each burst writes about 4 MB of pages; the checkpoint thread runs once a second.
        tokio::time::sleep(Duration::from_millis(1_500)).await;
    }
    let size = std::fs::metadata(&wal).unwrap().len();
    assert!(size < 10_000_000, "the WAL grew to {size} bytes for 16 MB written");
}
