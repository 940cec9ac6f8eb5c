//! The counter through its operations: tickets, refunds, packaging, discounts, vouchers, and
//! the refusals that save nothing. `fournil check` holds after every scenario.

use fournil::accounting;
use fournil::auth::{CurrentUser, ops as auth_ops};
use fournil::catalog::{Kind, Unit};
use fournil::error::AppError;
use fournil::money::{Money, Qty};
use fournil::pos::{self, Cart, CartLine, CheckoutDraft, Destination, PayMethod, RefundDraft, RefundLineDraft, Tender};

use crate::support::*;

async fn on_counter(t: &TestApp, product: i64) -> Qty {
    held(t, product, COUNTER).await.0
}

fn line(product_id: i64, pieces: i64) -> CartLine {
    CartLine { product_id, qty: Qty::whole(pieces), discount: Money::ZERO }
}

fn cash(da: i64) -> Tender {
    Tender { method: PayMethod::Cash, amount: Money::from_da(da), reference: String::new() }
}

async fn sell(t: &TestApp, who: &CurrentUser, token: &str, cart: Cart, payments: Vec<Tender>) -> Result<i64, AppError> {
    let (who, d) = (who.clone(), CheckoutDraft { token: token.into(), till_id: TILL, cart, payments });
    t.app.db.write(move |tx| pos::ops::checkout(tx, &stamp(&who), &who, &d, None)?.done()?.sold().map(|s| s.id)).await
}

fn cart(lines: Vec<CartLine>) -> Cart {
    Cart { lines, ..Cart::default() }
}

async fn net(t: &TestApp, account: &'static str) -> Money {
    t.app.db.read(move |c| Ok(accounting::store::net_of(c, account)?)).await.unwrap()
}

#[tokio::test]
async fn a_cash_sale_writes_the_ticket_stock_cash_and_entry_together() {
    let (t, v, croissant) = shop().await;
    let id = sell(&t, &v, "tok-00000001", cart(vec![line(croissant, 3)]), vec![cash(200)]).await.unwrap();
    let ticket = t.app.db.read(move |c| pos::ops::receipt::ticket(c, id)).await.unwrap();
    assert_eq!(ticket.summary.number, "T-2026-000001");
    assert_eq!(ticket.summary.total, Money::from_da(120));
    assert_eq!(ticket.summary.change, Money::from_da(80));
    assert_eq!(ticket.summary.seller, "amina");
    assert_eq!(ticket.lines[0].cost, Money::from_da(45), "cost frozen at the PMP");
    assert_eq!(on_counter(&t, croissant).await, Qty::whole(17));
    assert_eq!(net(&t, "530").await, Money::from_da(120), "only what stayed in the drawer");
    assert_eq!(net(&t, "701").await, Money::from_da(-120));
    assert_eq!(net(&t, "601").await, Money::from_da(45));
    assert_eq!(t.count("SELECT sum(amount) FROM cash_movements WHERE kind = 'vente'").await, 12_000);
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'ticket' AND open_drawer = 1").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn twenty_concurrent_submissions_of_one_token_record_one_ticket_and_one_receipt() {
    let (t, v, croissant) = shop().await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (db, v) = (t.app.db.clone(), v.clone());
        let d = CheckoutDraft {
            token: "same-token-42".into(),
            till_id: TILL,
            cart: cart(vec![line(croissant, 2)]),
            payments: vec![cash(100)],
        };
        let sell = async move {
            db.write(move |tx| pos::ops::checkout(tx, &stamp(&v), &v, &d, None)?.done().map(|c| c.ticket().id)).await
        };
        tasks.push(tokio::spawn(sell));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every submission answers the same ticket");
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 1);
    assert_eq!(t.count("SELECT count(*) FROM print_jobs").await, 1);
    assert_eq!(on_counter(&t, croissant).await, Qty::whole(18));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_oversell_is_refused_with_what_is_left_and_saves_nothing() {
    let (t, v, croissant) = shop().await;
    let e = sell(&t, &v, "tok-over-0001", cart(vec![line(croissant, 15), line(croissant, 6)]), vec![cash(1000)])
        .await
        .unwrap_err();
    match &e {
        AppError::Refused { code, message, detail } => {
            assert_eq!(*code, "insufficient_stock");
            assert!(message.contains("20 pièces") && message.contains("Croissant"), "{message}");
            assert_eq!(detail["available"], "20000");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM journal_entries WHERE source_type = 'sale'").await, 0);
    assert_eq!(on_counter(&t, croissant).await, Qty::whole(20));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn bad_checkouts_get_a_clear_refusal_and_save_nothing() {
    let (t, v, croissant) = shop().await;
    let code = |e: AppError| match e {
        AppError::Refused { code, .. } => code.to_string(),
        other => format!("{other:?}"),
    };
    let zero = CartLine { product_id: croissant, qty: Qty::ZERO, discount: Money::ZERO };
    assert_eq!(
        code(sell(&t, &v, "tok-bad-0001", cart(vec![zero]), vec![cash(100)]).await.unwrap_err()),
        "bad_quantity"
    );
    let negative = CartLine { product_id: croissant, qty: Qty::from_milli(-1000), discount: Money::ZERO };
    assert_eq!(
        code(sell(&t, &v, "tok-bad-0002", cart(vec![negative]), vec![cash(100)]).await.unwrap_err()),
        "bad_quantity"
    );
    assert_eq!(
        code(sell(&t, &v, "tok-bad-0003", cart(vec![line(999, 1)]), vec![cash(100)]).await.unwrap_err()),
        "unknown_product"
    );
    assert_eq!(
        code(sell(&t, &v, "tok-bad-0004", cart(vec![line(croissant, 3)]), vec![cash(100)]).await.unwrap_err()),
        "payment_short"
    );
    let card = Tender { method: PayMethod::Card, amount: Money::from_da(200), reference: String::new() };
    assert_eq!(
        code(sell(&t, &v, "tok-bad-0005", cart(vec![line(croissant, 3)]), vec![card]).await.unwrap_err()),
        "overpaid"
    );
    assert_eq!(code(sell(&t, &v, "tok-bad-0006", cart(vec![]), vec![cash(100)]).await.unwrap_err()), "empty_cart");
    let voucher = Tender { method: PayMethod::Voucher, amount: Money::from_da(40), reference: "NOPE".into() };
    assert_eq!(
        code(sell(&t, &v, "tok-bad-0007", cart(vec![line(croissant, 1)]), vec![voucher]).await.unwrap_err()),
        "unknown_voucher"
    );
    t.app.db.write(|tx| Ok(tx.execute("UPDATE cash_shifts SET status = 'fermee', closed_at = 'x', closed_by = 1, expected = 0, counted = 0, variance = 0, next_float = 0, handover = 0", [])?)).await.unwrap();
    assert_eq!(
        code(sell(&t, &v, "tok-bad-0008", cart(vec![line(croissant, 1)]), vec![cash(100)]).await.unwrap_err()),
        "shift_closed"
    );
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 0);
    assert_eq!(on_counter(&t, croissant).await, Qty::whole(20));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn mixed_payments_and_weighed_items_are_priced_by_the_server() {
    let (t, v, croissant) = shop().await;
    let cake = t
        .given()
        .product("Cake aux fruits")
        .unit(Unit::Gram)
        .price("1 200")
        .on_hand(2_000)
        .at(COUNTER)
        .worth("800")
        .await;
    let weighed = CartLine { product_id: cake, qty: Qty::whole(350), discount: Money::ZERO };
    let card = Tender { method: PayMethod::Card, amount: Money::from_da(300), reference: "TPE 1234".into() };
    let id =
        sell(&t, &v, "tok-mixed-001", cart(vec![weighed, line(croissant, 2)]), vec![card, cash(500)]).await.unwrap();
    let ticket = t.app.db.read(move |c| pos::ops::receipt::ticket(c, id)).await.unwrap();
    assert_eq!(ticket.lines[0].gross, Money::from_da(420), "350 g at 1 200 DA/kg");
    assert_eq!(ticket.summary.total, Money::from_da(500));
    assert_eq!(ticket.summary.change, Money::from_da(300));
    assert_eq!(net(&t, "512").await, Money::from_da(300));
    assert_eq!(net(&t, "530").await, Money::from_da(200));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn discounts_need_the_right_the_limit_and_a_reason_above_the_threshold() {
    let (t, v, croissant) = shop().await;
    // 10 croissants = 400 DA; the vendeuse may give 5 %.
    let mut c = cart(vec![line(croissant, 10)]);
    c.discount = Money::from_da(40);
    match sell(&t, &v, "tok-disc-0001", c.clone(), vec![cash(400)]).await.unwrap_err() {
        AppError::Refused { code, message, .. } => {
            assert_eq!(code, "discount_limit");
            assert!(message.contains("5 %"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    c.discount = Money::from_da(20);
    let id = sell(&t, &v, "tok-disc-0002", c.clone(), vec![cash(380)]).await.unwrap();
    // The gérante may give 20 %, but above 10 % she must say why.
    let g = t.given().user("nadia", "gerante").await;
    c.discount = Money::from_da(60);
    c.lines[0].qty = Qty::whole(10);
    let e = sell(&t, &g, "tok-disc-0003", c.clone(), vec![cash(340)]).await.unwrap_err();
    assert!(matches!(&e, AppError::Invalid(f) if f.get("discount_reason").is_some()), "{e:?}");
    c.discount_reason = "Client fidèle".into();
    sell(&t, &g, "tok-disc-0004", c, vec![cash(340)]).await.unwrap();
    let ticket = t.app.db.read(move |c| pos::ops::receipt::ticket(c, id)).await.unwrap();
    assert_eq!(ticket.summary.total, Money::from_da(380));
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE kind = 'vente.remise'").await, 2);
    t.assert_check_passes().await;
}

async fn refund(
    t: &TestApp,
    who: &CurrentUser,
    token: &str,
    sale: i64,
    lines: Vec<RefundLineDraft>,
    method: PayMethod,
) -> Result<i64, AppError> {
    let (who, d) = (
        who.clone(),
        RefundDraft {
            token: token.into(),
            sale_id: sale,
            till_id: TILL,
            lines,
            reason: "Produit abîmé".into(),
            method,
        },
    );
    t.app.db.write(move |tx| pos::ops::refund(tx, &stamp(&who), &who, &d, None)?.done().map(|r| r.id)).await
}

#[tokio::test]
async fn a_refund_returns_goods_and_money_once_and_never_beyond_what_was_sold() {
    let (t, v, croissant) = shop().await;
    let g = t.given().user("nadia", "gerante").await;
    let sale = sell(&t, &v, "tok-ref-00001", cart(vec![line(croissant, 3)]), vec![cash(120)]).await.unwrap();
    let line_id = t.count("SELECT id FROM sale_lines").await;
    let back = |qty: i64, destination| vec![RefundLineDraft { line_id, qty: Qty::whole(qty), destination }];
    let r1 = refund(&t, &g, "tok-refund-1", sale, back(1, Destination::Counter), PayMethod::Cash).await.unwrap();
    assert_eq!(
        refund(&t, &g, "tok-refund-1", sale, back(1, Destination::Counter), PayMethod::Cash).await.unwrap(),
        r1,
        "a replay answers the first"
    );
    let r = t.app.db.read(move |c| Ok(pos::store::refund(c, r1)?.unwrap())).await.unwrap();
    assert_eq!(r.number, "AV-2026-00001");
    assert_eq!(r.total, Money::from_da(40));
    assert_eq!(on_counter(&t, croissant).await, Qty::whole(18));
    match refund(&t, &g, "tok-refund-2", sale, back(3, Destination::Waste), PayMethod::Cash).await.unwrap_err() {
        AppError::Refused { code, message, .. } => {
            assert_eq!(code, "refund_exceeds_sale");
            assert!(message.contains("2 pièces"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    refund(&t, &g, "tok-refund-3", sale, back(2, Destination::Waste), PayMethod::Cash).await.unwrap();
    assert_eq!(t.count("SELECT sum(amount) FROM cash_movements").await, 0, "120 in, 40 and 80 out");
    assert_eq!(on_counter(&t, croissant).await, Qty::whole(18), "waste does not come back");
    assert_eq!(net(&t, "658").await, Money::from_da(30), "the cost of the two thrown away");
    t.assert_check_passes().await;
    // A revenue line slipped into the first credit note's entry: the check names that note.
    t.app
        .db
        .write(move |tx| {
            let sql = "INSERT INTO journal_lines (entry_id, account, debit) SELECT entry_id, '701', 100 FROM refunds WHERE id = ?1";
            Ok(tx.execute(sql, [r1])?)
        })
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failed: Vec<String> = report.failures().map(|f| format!("{f:?}")).collect();
    let amounts = failed.iter().find(|f| f.contains("montants de l'écriture")).expect("the credit note's entry");
    assert!(amounts.contains("AV-2026-00001 : écriture 4100 de ventes rendues, avoir 4000"), "{amounts}");
}

#[tokio::test]
async fn a_refund_as_a_voucher_pays_a_later_ticket() {
    let (t, v, croissant) = shop().await;
    let g = t.given().user("nadia", "gerante").await;
    let sale = sell(&t, &v, "tok-vouch-001", cart(vec![line(croissant, 2)]), vec![cash(80)]).await.unwrap();
    let line_id = t.count("SELECT id FROM sale_lines").await;
    let r = refund(
        &t,
        &g,
        "tok-vouch-r01",
        sale,
        vec![RefundLineDraft { line_id, qty: Qty::whole(2), destination: Destination::Counter }],
        PayMethod::Voucher,
    )
    .await
    .unwrap();
    let code: String = t.app.db.read(move |c| Ok(pos::store::voucher_of_refund(c, r)?.unwrap())).await.unwrap();
    assert_eq!(net(&t, "419").await, Money::from_da(-80));
    let pay =
        |amount| Tender { method: PayMethod::Voucher, amount: Money::from_da(amount), reference: code.to_lowercase() };
    assert!(matches!(
        sell(&t, &v, "tok-vouch-002", cart(vec![line(croissant, 3)]), vec![pay(120)]).await.unwrap_err(),
        AppError::Refused { code: "voucher_short", .. }
    ));
    sell(&t, &v, "tok-vouch-003", cart(vec![line(croissant, 3)]), vec![pay(80), cash(40)]).await.unwrap();
    assert_eq!(net(&t, "419").await, Money::ZERO);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn packaging_rules_consume_boxes_once_per_ticket() {
    let (t, v, croissant) = shop().await;
    let small = t.given().product("Boîte 6").kind(Kind::Consommable).on_hand(10).at(PACKAGING).worth("100").await;
    let large = t.given().product("Boîte 12").kind(Kind::Consommable).on_hand(1).at(PACKAGING).worth("20").await;
    t.app
        .db
        .write(move |tx| {
            let c: i64 = tx.query_row("SELECT id FROM categories", [], |r| r.get(0))?;
            tx.execute("INSERT INTO packaging_rules (category_id, min_pieces, max_pieces, packaging_id) VALUES (?1, 1, 6, ?2), (?1, 7, 12, ?3)", rusqlite::params![c, small, large])?;
            Ok(())
        })
        .await
        .unwrap();
    // 13 + 12 pieces: one large + one small, then one large (none left: missing) .
    sell(&t, &v, "tok-pack-0001", cart(vec![line(croissant, 10), line(croissant, 3)]), vec![cash(520)]).await.unwrap();
    sell(&t, &v, "tok-pack-0002", cart(vec![line(croissant, 7)]), vec![cash(280)]).await.unwrap();
    assert_eq!(t.count("SELECT sum(qty) FROM sale_packaging").await, 2_000);
    assert_eq!(t.count("SELECT sum(missing) FROM sale_packaging").await, 1_000);
    assert_eq!(net(&t, "602").await, Money::from_da(30));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn check_finds_a_ticket_whose_payments_or_drawer_do_not_add_up() {
    let (t, v, croissant) = shop().await;
    let id = sell(&t, &v, "tok-check-001", cart(vec![line(croissant, 1)]), vec![cash(40)]).await.unwrap();
    t.assert_check_passes().await;
    t.app
        .db
        .write(move |tx| {
            tx.execute("INSERT INTO sale_payments (sale_id, method, amount) VALUES (?1, 'carte', 1000)", [id])?;
            tx.execute(
                "INSERT INTO cash_movements (shift_id, at, day, kind, amount, source_type, source_id, user_id) VALUES (1, 'x', '2026-11-24', 'vente', 500, 'sale', ?1, 1)",
                [id],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failed: Vec<String> = report.failures().map(|f| format!("{f:?}")).collect();
    assert!(failed.iter().any(|f| f.contains("payés en entier")), "{failed:?}");
    assert!(failed.iter().any(|f| f.contains("espèces au tiroir")), "{failed:?}");
    // The card payment has no 512 line in the ticket's entry.
    assert!(failed.iter().any(|f| f.contains("montants de l'écriture")), "{failed:?}");
}

#[tokio::test]
async fn a_cash_sale_prints_one_receipt_in_pc858_with_the_full_drawer_pulse_and_a_card_sale_no_pulse() {
    use fournil::printing::driver::Recording;
    use fournil::printing::render::DRAWER_PULSE;
    let (t, v, croissant) = shop().await;
    let eclair = t.given().product("Éclair café").price("150").on_hand(5).at(COUNTER).worth("250").await;
    t.app
        .db
        .write(
            |tx| Ok(tx.execute("UPDATE tills SET printer_driver = 'reseau', printer_address = '10.0.0.9:9100'", [])?),
        )
        .await
        .unwrap();
    sell(&t, &v, "tok-print-001", cart(vec![line(eclair, 1), line(croissant, 2)]), vec![cash(500)]).await.unwrap();
    sell(&t, &v, "tok-print-001", cart(vec![line(eclair, 1), line(croissant, 2)]), vec![cash(500)]).await.unwrap();
    let card = Tender { method: PayMethod::Card, amount: Money::from_da(150), reference: String::new() };
    sell(&t, &v, "tok-print-002", cart(vec![line(eclair, 1)]), vec![card]).await.unwrap();
    let rec = Recording::new();
    fournil::printing::drain_once(&t.app.db, &rec, t.app.clock.now()).unwrap();
    let jobs = rec.jobs();
    assert_eq!(jobs.len(), 2, "one receipt per ticket, the replay printed nothing");
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(has(&jobs[0], &[0x90, b'c', b'l', b'a', b'i', b'r']), "É in PC858");
    assert!(has(&jobs[0], b"T-2026-000001"));
    assert!(has(&jobs[0], b"Rendu"), "the change is printed");
    assert!(has(&jobs[0], &DRAWER_PULSE), "cash opens the drawer with ESC p 0 25 250");
    assert_eq!(DRAWER_PULSE, [0x1B, 0x70, 0x00, 0x19, 0xFA]);
    assert!(!has(&jobs[1], &DRAWER_PULSE), "a card sale does not open the drawer");
    assert!(!jobs.iter().any(|j| j.windows(2).any(|w| w[0] == 0xC3)), "no UTF-8 left");
    // Without a printer, a ticket queues nothing (the browser prints its receipt).
    t.app.db.write(|tx| Ok(tx.execute("UPDATE tills SET printer_driver = 'aucun'", [])?)).await.unwrap();
    let before = t.count("SELECT count(*) FROM print_jobs").await;
    sell(&t, &v, "tok-print-003", cart(vec![line(croissant, 1)]), vec![cash(40)]).await.unwrap();
    assert_eq!(t.count("SELECT count(*) FROM print_jobs").await, before);
}

#[tokio::test]
async fn review_cases_two_cash_tenders_a_free_ticket_a_reused_token_and_a_voucher_given_twice() {
    let (t, v, croissant) = shop().await;
    let g = t.given().user("nadia", "gerante").await;
    // 400 DA paid with 200 + 1 000 in notes: 800 back, 400 in the drawer, one balanced entry.
    let ten = Cart { lines: vec![line(croissant, 10)], ..Cart::default() };
    let id = sell(&t, &v, "tok-review-01", ten, vec![cash(200), cash(1000)]).await.unwrap();
    let ticket = t.app.db.read(move |c| pos::ops::receipt::ticket(c, id)).await.unwrap();
    assert_eq!((ticket.summary.total, ticket.summary.change), (Money::from_da(400), Money::from_da(800)));
    assert_eq!(net(&t, "530").await, Money::from_da(400));
    // A free ticket (a 100 % discount, only the administrator's limit allows it) needs no payment.
    let admin = t.app.db.read(|c| auth_ops::current_user(c, 1, String::new())).await.unwrap().unwrap();
    let free = Cart { lines: vec![line(croissant, 1)], discount: Money::from_da(40), discount_reason: "Offert".into() };
    sell(&t, &admin, "tok-review-02", free, vec![]).await.unwrap();
    // The same token with another cart: refused, the first ticket stands, nothing more sold.
    match sell(&t, &v, "tok-review-01", cart(vec![line(croissant, 2)]), vec![cash(80)]).await.unwrap_err() {
        AppError::Refused { code, detail, .. } => {
            assert_eq!(code, "token_reused");
            assert_eq!(detail["number"], "T-2026-000001");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(on_counter(&t, croissant).await, Qty::whole(9));
    // One voucher of 80 DA cannot pay 160 DA in two tenders.
    let sale = sell(&t, &v, "tok-review-03", cart(vec![line(croissant, 2)]), vec![cash(80)]).await.unwrap();
    let line_id = t.count("SELECT max(id) FROM sale_lines").await;
    let back = vec![RefundLineDraft { line_id, qty: Qty::whole(2), destination: Destination::Counter }];
    let r = refund(&t, &g, "tok-review-r1", sale, back.clone(), PayMethod::Voucher).await.unwrap();
    let code: String = t.app.db.read(move |c| Ok(pos::store::voucher_of_refund(c, r)?.unwrap())).await.unwrap();
    let bon = |amount| Tender { method: PayMethod::Voucher, amount: Money::from_da(amount), reference: code.clone() };
    let e = sell(&t, &v, "tok-review-04", cart(vec![line(croissant, 4)]), vec![bon(80), bon(80)]).await.unwrap_err();
    assert!(matches!(e, AppError::Refused { code: "voucher_short", .. }), "{e:?}");
    // A refund needs a real token, and a token names one ticket.
    let short = refund(&t, &g, "x", sale, back.clone(), PayMethod::Cash).await.unwrap_err();
    assert!(matches!(short, AppError::Refused { code: "bad_token", .. }), "{short:?}");
    let other = refund(&t, &g, "tok-review-r1", id, back, PayMethod::Cash).await.unwrap_err();
    assert!(matches!(other, AppError::Refused { code: "token_reused", .. }), "{other:?}");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_cash_refund_needs_the_cash_in_the_drawer() {
    let (t, v, croissant) = shop().await;
    let g = t.given().user("nadia", "gerante").await;
    let card = Tender { method: PayMethod::Card, amount: Money::from_da(120), reference: String::new() };
    let sale = sell(&t, &v, "tok-drawer-01", cart(vec![line(croissant, 3)]), vec![card]).await.unwrap();
    let line_id = t.count("SELECT id FROM sale_lines").await;
    let back = vec![RefundLineDraft { line_id, qty: Qty::whole(3), destination: Destination::Counter }];
    match refund(&t, &g, "tok-drawer-r1", sale, back.clone(), PayMethod::Cash).await.unwrap_err() {
        AppError::Refused { code, message, .. } => {
            assert_eq!(code, "not_enough_cash");
            assert!(message.contains("0,00 DA"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(t.count("SELECT count(*) FROM refunds").await, 0);
    refund(&t, &g, "tok-drawer-r2", sale, back, PayMethod::Card).await.unwrap();
    t.assert_check_passes().await;
}
