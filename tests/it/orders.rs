//! Customer orders through their operations: the money and the stock of a whole life (deposit →
//! lab → shop → pickup with change), cancellations with their consequences, every transition
//! and every refusal (nothing saved). `fournil check` holds after each scenario.

use chrono::{NaiveDate, NaiveTime};
use fournil::accounting;
use fournil::audit::{Actor, Stamp};
use fournil::auth::CurrentUser;
use fournil::catalog::{self, Kind, Unit};
use fournil::customers::{self, CustomerDraft};
use fournil::error::AppError;
use fournil::money::{Money, Qty};
use fournil::orders::{
    self, CancelDraft, Goods, HandOverDraft, LineDraft, Method, OrderDraft, PaymentDraft, Refund, Service, Status,
};
use fournil::stock;

use crate::support::*;

pub(crate) const RESERVED: i64 = 5;

/// A bakery with a cake made from flour and butter, juice bought for resale, a seller at an
/// open till, a gérante, and a customer.
pub(crate) struct Bakery {
    pub t: TestApp,
    pub seller: CurrentUser,
    pub manager: CurrentUser,
    pub cake: i64,
    pub juice: i64,
    pub customer: i64,
}

pub(crate) async fn recipe(t: &TestApp, product: i64, yield_text: &str, lines: Vec<(i64, &str)>) {
    let d = catalog::ops::RecipeDraft {
        yield_text: yield_text.into(),
        loss_text: String::new(),
        location_id: LAB,
        method: String::new(),
        lines: lines.into_iter().map(|(id, q)| (id, q.to_string(), String::new())).collect(),
    };
    t.app.db.write(move |tx| catalog::ops::save_recipe(tx, &Actor::system(), product, &d, NOW)).await.unwrap();
}

pub(crate) async fn customer(t: &TestApp, who: &CurrentUser, name: &str, phone: &str) -> Result<i64, AppError> {
    let d =
        CustomerDraft::parse(name, phone, "12 rue Didouche Mourad, Alger", "", "", None).map_err(AppError::Invalid)?;
    let st = Stamp::new(who.actor(), &t.app.clock);
    t.app.db.write(move |tx| customers::ops::create(tx, &st, &d)).await
}

pub(crate) async fn bakery() -> Bakery {
    let t = spawn_ready().await;
    let seller = t.given().user("amina", "vendeuse").await;
    let manager = t.given().user("samia", "gerante").await;
    let cakes = t.given().category("Gâteaux").await;
    let cake = t.given().product("Fraisier").price("1500").category(cakes).await;
    let juice = t.given().product("Jus d'orange").kind(Kind::Revente).price("150").category(cakes).await;
    let flour = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
    let butter = t.given().product("Beurre").kind(Kind::Ingredient).unit(Unit::Gram).await;
    // 10 kg of flour for 800 DA, 5 kg of butter for 7 000 DA: a cake costs 16 + 140 = 156 DA.
    t.given().stock(flour, 10_000).at(LAB).worth("800").await;
    t.given().stock(butter, 5_000).at(LAB).worth("7000").await;
    t.given().stock(juice, 10).at(COUNTER).worth("800").await;
    recipe(&t, cake, "1 pièce", vec![(flour, "200 g"), (butter, "100 g")]).await;
    t.given().shift().by(&seller).await;
    t.app
        .db
        .write(
            |tx| Ok(tx.execute("UPDATE tills SET printer_driver = 'reseau', printer_address = '10.0.0.9:9100'", [])?),
        )
        .await
        .unwrap();
    let customer = customer(&t, &seller, "Lina Benali", "0551 23 45 67").await.unwrap();
    Bakery { t, seller, manager, cake, juice, customer }
}

pub(crate) fn tomorrow() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

pub(crate) fn at(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).unwrap()
}

pub(crate) fn line(product_id: i64, pieces: i64, options: &str) -> LineDraft {
    LineDraft { line_id: None, product_id, qty: Qty::whole(pieces), options: options.into(), price: None }
}

pub(crate) fn cash(amount_da: i64, handed_da: i64, token: &str) -> PaymentDraft {
    PaymentDraft {
        method: Method::Cash,
        amount: Money::from_da(amount_da),
        tendered: Some(Money::from_da(handed_da)),
        reference: String::new(),
        token: Some(token.into()),
    }
}

impl Bakery {
    pub fn stamp(&self, who: &CurrentUser) -> Stamp {
        Stamp::new(who.actor(), &self.t.app.clock)
    }

    pub fn draft(&self, token: &str, lines: Vec<LineDraft>, deposit: Option<PaymentDraft>) -> OrderDraft {
        OrderDraft {
            token: token.into(),
            customer_id: self.customer,
            service: Service::Pickup,
            address: String::new(),
            due_day: tomorrow(),
            due_time: at(15),
            notes: "Bougies 7 ans".into(),
            lines,
            deposit,
            till_id: TILL,
        }
    }

    pub async fn create(&self, who: &CurrentUser, d: OrderDraft) -> Result<i64, AppError> {
        let (st, who) = (self.stamp(who), who.clone());
        self.t.app.db.write(move |tx| orders::ops::create(tx, &st, &who, &d)).await
    }

    /// Two cakes at 1 500 DA with a 1 500 DA deposit paid with a 2 000 DA note.
    pub async fn cake_order(&self, token: &str) -> i64 {
        let d = self.draft(
            token,
            vec![line(self.cake, 2, "Joyeux anniversaire Lina")],
            Some(cash(1_500, 2_000, &format!("{token}-acompte"))),
        );
        self.create(&self.seller, d).await.unwrap()
    }

    pub async fn make(&self, id: i64) -> Result<usize, AppError> {
        let st = self.stamp(&self.seller);
        self.t.app.db.write(move |tx| orders::ops::make(tx, &st, id, None)).await
    }

    pub async fn receive(&self, id: i64) -> Result<(), AppError> {
        let st = self.stamp(&self.seller);
        self.t.app.db.write(move |tx| orders::ops::receive(tx, &st, id)).await
    }

    pub async fn hand_over(&self, id: i64, payment: Option<PaymentDraft>, token: &str) -> Result<(), AppError> {
        let st = self.stamp(&self.seller);
        let d = HandOverDraft { till_id: TILL, payment, token: Some(token.into()) };
        self.t.app.db.write(move |tx| orders::ops::hand_over(tx, &st, id, &d)).await
    }

    pub async fn pay(&self, id: i64, p: PaymentDraft) -> Result<i64, AppError> {
        let st = self.stamp(&self.seller);
        self.t.app.db.write(move |tx| orders::ops::pay(tx, &st, id, TILL, &p)).await
    }

    pub async fn cancel(
        &self,
        id: i64,
        refund: Option<Refund>,
        goods: Option<Goods>,
        token: &str,
    ) -> Result<(), AppError> {
        let st = self.stamp(&self.manager);
        let d = CancelDraft {
            reason: "Le client a changé d'avis".into(),
            refund,
            goods,
            till_id: TILL,
            token: Some(token.into()),
        };
        self.t.app.db.write(move |tx| orders::ops::cancel(tx, &st, id, &d)).await
    }

    pub async fn order(&self, id: i64) -> orders::OrderFull {
        self.t.app.db.read(move |c| orders::ops::full(c, id)).await.unwrap()
    }

    pub async fn net(&self, account: &'static str) -> Money {
        self.t.app.db.read(move |c| Ok(accounting::store::net_of(c, account)?)).await.unwrap()
    }

    pub async fn held(&self, product: i64, location: i64) -> (Qty, Money) {
        let b = self.t.app.db.read(move |c| Ok(stock::store::balance(c, product, location)?)).await.unwrap();
        (b.qty, b.value)
    }

    pub async fn drawer(&self) -> i64 {
        self.t.count("SELECT coalesce(sum(amount), 0) FROM cash_movements").await
    }
}

fn code(e: &AppError) -> &'static str {
    e.code()
}

fn field(e: &AppError, name: &str) -> String {
    match e {
        AppError::Invalid(f) => f.get(name).unwrap_or_else(|| panic!("no message for {name}: {f:?}")).to_string(),
        other => panic!("expected a message beside {name}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_whole_life_moves_the_money_and_the_stock_once() {
    let b = bakery().await;
    let id = b.cake_order("order-life-1").await;
    let o = b.order(id).await;
    assert_eq!(o.order.number, "CMD-2026-00001");
    assert_eq!(
        (o.order.status, o.order.total, o.order.paid),
        (Status::Confirmed, Money::from_da(3_000), Money::from_da(1_500))
    );
    assert_eq!(o.order.balance(), Money::from_da(1_500));
    assert_eq!(o.order.due_at, "2026-11-25T14:00:00Z", "15:00 in Algiers (UTC+1)");
    assert_eq!(o.payments[0].change, Money::from_da(500), "a 2 000 DA note for a 1 500 DA deposit");
    // The deposit is a liability, not a sale.
    assert_eq!(b.net("4191").await, Money::from_da(-1_500));
    assert_eq!(b.net("530").await, Money::from_da(1_500));
    assert_eq!(b.net("701").await, Money::ZERO);
    assert_eq!(b.drawer().await, 150_000);
    // The slip for the customer (opening the drawer) and the lab's copy, without prices.
    assert_eq!(b.t.count("SELECT count(*) FROM print_jobs WHERE source_type = 'order'").await, 2);
    assert_eq!(b.t.count("SELECT count(*) FROM print_jobs WHERE open_drawer = 1").await, 1);
    let lab: String =
        b.t.app
            .db
            .read(|c| Ok(c.query_row("SELECT payload FROM print_jobs WHERE id = 2", [], |r| r.get(0))?))
            .await
            .unwrap();
    assert!(lab.contains("COPIE LABO") && lab.contains("Joyeux anniversaire Lina") && !lab.contains("DA"), "{lab}");
    b.t.assert_check_passes().await;

    // The lab makes it: ingredients out at PMP, the cakes into "réservé commandes" at that value.
    assert_eq!(b.make(id).await.unwrap(), 1);
    assert_eq!(b.make(id).await.unwrap(), 0, "made once, whatever screen asks again");
    assert_eq!(b.held(b.cake, RESERVED).await, (Qty::whole(2), Money::from_da(312)));
    assert_eq!(b.held(b.cake, COUNTER).await.0, Qty::ZERO, "never on the counter");
    assert_eq!(b.order(id).await.order.status, Status::InProduction);
    b.t.assert_check_passes().await;

    b.receive(id).await.unwrap();
    assert_eq!(b.order(id).await.order.status, Status::Ready);
    // The balance with a 2 000 DA note: 500 DA back.
    b.hand_over(id, Some(cash(1_500, 2_000, "order-life-1-solde")), "order-life-1-remise").await.unwrap();
    let o = b.order(id).await;
    assert_eq!(
        (o.order.status, o.order.paid, o.order.cost),
        (Status::HandedOver, Money::from_da(3_000), Money::from_da(312))
    );
    assert_eq!(o.payments[1].change, Money::from_da(500));
    assert_eq!(b.net("4191").await, Money::ZERO);
    assert_eq!(b.net("701").await, Money::from_da(-3_000), "revenue recognised once, at handover");
    assert_eq!(b.net("601").await, Money::from_da(312));
    assert_eq!(b.net("530").await, Money::from_da(3_000));
    assert_eq!(b.held(b.cake, RESERVED).await, (Qty::ZERO, Money::ZERO));
    assert_eq!(b.drawer().await, 300_000);
    assert_eq!(b.t.count("SELECT count(*) FROM print_jobs WHERE open_drawer = 1").await, 2);
    // Replaying the handover's form changes nothing; handing over again is refused.
    b.hand_over(id, Some(cash(1_500, 2_000, "order-life-1-solde")), "order-life-1-remise").await.unwrap();
    let again = b.hand_over(id, None, "order-life-1-encore").await.unwrap_err();
    assert_eq!(code(&again), "bad_state");
    assert!(again.to_string().contains("déjà été remise"), "{again}");
    assert_eq!(
        b.t.count("SELECT count(*) FROM journal_entries WHERE source_type = 'order' AND journal = 'VT'").await,
        1
    );
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn a_prepaid_order_is_handed_over_without_money_and_bought_goods_leave_the_counter() {
    let b = bakery().await;
    let d = b.draft(
        "order-prepaid",
        vec![line(b.cake, 1, ""), line(b.juice, 2, "")],
        Some(cash(1_800, 1_800, "order-prepaid-p")),
    );
    let id = b.create(&b.seller, d).await.unwrap();
    let o = b.order(id).await;
    assert_eq!(o.order.total, Money::from_da(1_800));
    assert_eq!(o.to_make().len(), 1, "only the cake goes to the lab");
    let early = b.receive(id).await.unwrap_err();
    assert_eq!(code(&early), "bad_state");
    b.make(id).await.unwrap();
    b.receive(id).await.unwrap();
    b.hand_over(id, None, "order-prepaid-r").await.unwrap();
    assert_eq!(b.held(b.juice, COUNTER).await, (Qty::whole(8), Money::from_da(640)));
    assert_eq!(b.net("700").await, Money::from_da(-300));
    assert_eq!(b.net("701").await, Money::from_da(-1_500));
    assert_eq!(b.net("600").await, Money::from_da(160));
    assert_eq!(
        b.t.count("SELECT count(*) FROM print_jobs WHERE open_drawer = 1").await,
        1,
        "no cash at pickup: the drawer stays shut"
    );
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn a_cancellation_after_production_refunds_in_cash_and_sends_the_cakes_to_the_counter() {
    let b = bakery().await;
    let id = b.cake_order("order-cancel-1").await;
    b.make(id).await.unwrap();
    let vague = b.cancel(id, None, None, "cancel-1").await.unwrap_err();
    assert!(field(&vague, "refund").contains("1 500,00 DA"));
    assert!(field(&vague, "goods").contains("comptoir"));
    b.cancel(id, Some(Refund::Cash), Some(Goods::Counter), "cancel-1").await.unwrap();
    let o = b.order(id).await;
    assert_eq!((o.order.status, o.order.paid), (Status::Cancelled, Money::ZERO));
    assert_eq!(o.payments.last().unwrap().amount, Money::from_da(-1_500));
    assert_eq!(b.held(b.cake, COUNTER).await, (Qty::whole(2), Money::from_da(312)), "sellable at the counter");
    assert_eq!(b.held(b.cake, RESERVED).await.0, Qty::ZERO);
    assert_eq!(b.net("4191").await, Money::ZERO);
    assert_eq!(b.drawer().await, 0, "the deposit went back");
    assert_eq!(b.net("701").await, Money::ZERO, "no sale");
    let late = b.hand_over(id, None, "cancel-1-remise").await.unwrap_err();
    assert_eq!(code(&late), "bad_state");
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn a_deposit_kept_as_store_credit_pays_the_next_order_and_wasted_cakes_are_a_loss() {
    let b = bakery().await;
    let id = b.cake_order("order-credit-1").await;
    b.make(id).await.unwrap();
    b.cancel(id, Some(Refund::Credit), Some(Goods::Waste), "cancel-credit").await.unwrap();
    assert_eq!(b.net("4191").await, Money::from_da(-1_500), "the credit stays in 4191");
    assert_eq!(b.net("658").await, Money::from_da(312));
    assert_eq!(b.held(b.cake, RESERVED).await.0, Qty::ZERO);
    assert_eq!(b.drawer().await, 150_000, "no cash went back");
    b.t.assert_check_passes().await;

    // The next order spends the credit; more than the credit is refused beside the amount.
    let next = b.create(&b.seller, b.draft("order-credit-2", vec![line(b.cake, 1, "")], None)).await.unwrap();
    let credit = |da: i64, token: &str| PaymentDraft {
        method: Method::Credit,
        amount: Money::from_da(da),
        tendered: None,
        reference: String::new(),
        token: Some(token.into()),
    };
    let too_much = b.pay(next, credit(1_500, "credit-too-much")).await;
    assert!(too_much.is_ok(), "1 500 DA of credit for a 1 500 DA cake");
    let more = b.pay(next, credit(1, "credit-more")).await.unwrap_err();
    assert!(field(&more, "amount").contains("reste à payer"), "{more:?}");
    assert_eq!(b.net("4191").await, Money::from_da(-1_500), "credit became the new order's deposit");
    b.make(next).await.unwrap();
    b.receive(next).await.unwrap();
    b.hand_over(next, None, "credit-2-remise").await.unwrap();
    assert_eq!(b.net("4191").await, Money::ZERO);
    assert_eq!(b.net("701").await, Money::from_da(-1_500));
    // What the customer spent counts the order handed over, not the cancelled one.
    let customer = b.customer;
    let (count, spent, owed) =
        b.t.app.db.read(move |c| Ok(orders::store::customer_totals(c, customer)?)).await.unwrap();
    assert_eq!((count, spent, owed), (2, Money::from_da(1_500), Money::ZERO));
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn the_tills_packaging_rules_box_an_order_once_at_handover() {
    let b = bakery().await;
    let small = b.t.given().product("Boîte à gâteau").kind(Kind::Consommable).await;
    b.t.given().stock(small, 10).at(PACKAGING).worth("300").await;
    let cake = b.cake;
    b.t.app
        .db
        .write(move |tx| {
            tx.execute(
                "INSERT INTO packaging_rules (product_id, min_pieces, max_pieces, packaging_id) VALUES (?1, 1, 1, ?2)",
                rusqlite::params![cake, small],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let id = b.cake_order("order-boxed-1").await;
    b.make(id).await.unwrap();
    b.receive(id).await.unwrap();
    assert_eq!(b.held(small, PACKAGING).await.0, Qty::whole(10), "nothing boxed before the handover");
    b.hand_over(id, Some(cash(1_500, 1_500, "boxed-solde")), "boxed-remise").await.unwrap();
    // Two cakes, a box each: 60 DA of packaging, once.
    assert_eq!(b.held(small, PACKAGING).await, (Qty::whole(8), Money::from_da(240)));
    assert_eq!(b.net("602").await, Money::from_da(60));
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn every_transition_is_allowed_only_from_its_states() {
    let b = bakery().await;
    let id = b.cake_order("order-states").await;
    let st = b.stamp(&b.seller);
    let started = b.t.app.db.write(move |tx| orders::ops::start(tx, &st, id)).await;
    assert!(started.is_ok());
    let st = b.stamp(&b.seller);
    assert!(b.t.app.db.write(move |tx| orders::ops::start(tx, &st, id)).await.is_ok(), "starting twice is a no-op");
    assert_eq!(b.order(id).await.order.status, Status::InProduction);
    let not_made = b.receive(id).await.unwrap_err();
    assert_eq!(code(&not_made), "not_made");
    assert!(not_made.to_string().contains("2 pièces × Fraisier"), "{not_made}");
    let early = b.hand_over(id, Some(cash(1_500, 1_500, "early-solde")), "early").await.unwrap_err();
    assert_eq!(code(&early), "bad_state");
    b.make(id).await.unwrap();
    b.receive(id).await.unwrap();
    b.receive(id).await.unwrap();
    let unpaid = b.hand_over(id, None, "unpaid").await.unwrap_err();
    assert_eq!(code(&unpaid), "balance_due");
    let partial = b.hand_over(id, Some(cash(1_000, 1_000, "partial-solde")), "partial").await.unwrap_err();
    assert!(field(&partial, "amount").contains("1 500,00 DA"));
    b.hand_over(id, Some(cash(1_500, 1_500, "ok-solde")), "ok").await.unwrap();
    for e in [
        b.cancel(id, Some(Refund::Cash), Some(Goods::Counter), "late-cancel").await.unwrap_err(),
        b.make(id).await.unwrap_err(),
        b.pay(id, cash(10, 10, "late-pay")).await.unwrap_err(),
    ] {
        assert_eq!(code(&e), "bad_state", "{e}");
    }
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn bad_orders_are_refused_beside_their_field_and_save_nothing() {
    let b = bakery().await;
    let archived = b.t.given().product("Bûche").price("2000").await;
    b.t.app
        .db
        .write(move |tx| catalog::ops::set_product_active(tx, &Actor::system(), archived, false, NOW))
        .await
        .unwrap();
    let past = OrderDraft {
        due_day: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        due_time: at(8),
        ..b.draft("bad-past-1", vec![line(b.cake, 1, "")], None)
    };
    assert!(field(&b.create(&b.seller, past).await.unwrap_err(), "due_day").contains("passée"));
    let deposit = b.draft("bad-deposit-1", vec![line(b.cake, 1, "")], Some(cash(2_000, 2_000, "bad-deposit-p")));
    assert!(field(&b.create(&b.seller, deposit).await.unwrap_err(), "deposit").contains("dépasse"));
    let zero = b.draft("bad-zero-01", vec![line(b.cake, 0, "")], None);
    assert!(field(&b.create(&b.seller, zero).await.unwrap_err(), "lines.0.qty").contains("positive"));
    let negative =
        b.draft("bad-negative", vec![LineDraft { qty: Qty::from_milli(-1000), ..line(b.cake, 1, "") }], None);
    assert!(field(&b.create(&b.seller, negative).await.unwrap_err(), "lines.0.qty").contains("positive"));
    let gone = b.draft("bad-archived", vec![line(archived, 1, "")], None);
    assert!(field(&b.create(&b.seller, gone).await.unwrap_err(), "lines.0.product_id").contains("archivé"));
    let unknown = b.draft("bad-unknown", vec![line(9_999, 1, "")], None);
    assert!(field(&b.create(&b.seller, unknown).await.unwrap_err(), "lines.0.product_id").contains("inconnu"));
    let nothing = b.draft("bad-empty-1", vec![], None);
    assert!(field(&b.create(&b.seller, nothing).await.unwrap_err(), "lines").contains("au moins"));
    let price =
        b.draft("bad-price-1", vec![LineDraft { price: Some(Money::from_da(1_000)), ..line(b.cake, 1, "") }], None);
    assert!(field(&b.create(&b.seller, price).await.unwrap_err(), "lines.0.price").contains("prix.modifier"));
    let delivery =
        OrderDraft { service: Service::Delivery, ..b.draft("bad-delivery", vec![line(b.cake, 1, "")], None) };
    assert!(field(&b.create(&b.seller, delivery).await.unwrap_err(), "address").contains("adresse"));
    // The phone: malformed, then someone else's.
    let malformed = customer(&b.t, &b.seller, "Karim", "0851 23 45 67").await.unwrap_err();
    assert!(field(&malformed, "phone").contains("mobile"));
    let twin = customer(&b.t, &b.seller, "Lina B.", "+213 551 23 45 67").await.unwrap_err();
    assert!(field(&twin, "phone").contains("Lina Benali"));
    assert_eq!(b.t.count("SELECT count(*) FROM orders").await, 0);
    assert_eq!(b.t.count("SELECT count(*) FROM customers").await, 1);
    assert_eq!(b.t.count("SELECT count(*) FROM order_payments").await, 0);
    assert_eq!(b.t.count("SELECT count(*) FROM sequences WHERE series = 'CMD'").await, 0, "no number spent");
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn payments_need_an_open_shift_and_never_pass_the_balance() {
    let b = bakery().await;
    let id = b.create(&b.seller, b.draft("pay-order-1", vec![line(b.cake, 2, "")], None)).await.unwrap();
    let above = b.pay(id, cash(3_001, 3_001, "pay-above")).await.unwrap_err();
    assert!(field(&above, "amount").contains("dépasse"), "{above:?}");
    let zero = b.pay(id, cash(0, 0, "pay-zero")).await.unwrap_err();
    assert!(field(&zero, "amount").contains("supérieur à zéro"));
    let card_change =
        PaymentDraft { method: Method::Card, tendered: Some(Money::from_da(600)), ..cash(500, 500, "card-change") };
    assert!(field(&b.pay(id, card_change).await.unwrap_err(), "tendered").contains("monnaie"));
    let card = PaymentDraft {
        method: Method::Card,
        tendered: None,
        reference: "TPE 4411".into(),
        ..cash(1_000, 1_000, "card-ok")
    };
    b.pay(id, card.clone()).await.unwrap();
    b.pay(id, card).await.unwrap();
    assert_eq!(b.order(id).await.order.paid, Money::from_da(1_000), "a replayed payment is the first one");
    assert_eq!(b.net("512").await, Money::from_da(1_000));
    b.t.app.db.write(|tx| Ok(tx.execute("UPDATE cash_shifts SET status = 'fermee', closed_at = ?1, closed_by = 1, expected = 0, counted = 0, variance = 0, next_float = 0, handover = 0", [NOW])?)).await.unwrap();
    let closed = b.pay(id, cash(500, 500, "pay-closed")).await.unwrap_err();
    assert_eq!(code(&closed), "shift_closed");
    let deposit = b.draft("order-closed", vec![line(b.cake, 1, "")], Some(cash(500, 500, "order-closed-p")));
    assert_eq!(code(&b.create(&b.seller, deposit).await.unwrap_err()), "shift_closed");
    assert_eq!(b.t.count("SELECT count(*) FROM orders").await, 1, "nothing saved");
    assert_eq!(b.t.count("SELECT count(*) FROM order_payments").await, 1);
}

#[tokio::test]
async fn lines_change_only_until_the_lab_starts_and_agreed_prices_stay() {
    let b = bakery().await;
    let id = b.cake_order("order-edit-1").await;
    // The catalogue price goes up: the agreed line keeps its price; a new line takes today's.
    let cake = b.cake;
    b.t.app
        .db
        .write(move |tx| Ok(tx.execute("UPDATE products SET sale_price = 180000 WHERE id = ?1", [cake])?))
        .await
        .unwrap();
    let o = b.order(id).await;
    let lines = vec![
        LineDraft { line_id: Some(o.lines[0].id), ..line(b.cake, 2, "Joyeux anniversaire Lina") },
        line(b.cake, 1, "Sans fraises"),
    ];
    let edit = orders::ops::take::EditDraft {
        service: Service::Pickup,
        address: String::new(),
        due_day: tomorrow(),
        due_time: at(16),
        notes: String::new(),
        lines: lines.clone(),
    };
    let (st, who, e) = (b.stamp(&b.seller), b.seller.clone(), edit.clone());
    b.t.app.db.write(move |tx| orders::ops::edit(tx, &st, &who, id, &e)).await.unwrap();
    let o = b.order(id).await;
    assert_eq!(o.order.total, Money::from_da(3_000 + 1_800));
    assert_eq!(o.order.due_time, "16:00");
    // The gérante may agree another price; it is audited.
    let mut cheaper = edit.clone();
    cheaper.lines[1] = LineDraft {
        line_id: Some(o.lines[1].id),
        price: Some(Money::from_da(1_200)),
        ..line(b.cake, 1, "Sans fraises")
    };
    cheaper.lines[0].line_id = Some(o.lines[0].id);
    let (st, who, e) = (b.stamp(&b.manager), b.manager.clone(), cheaper.clone());
    b.t.app.db.write(move |tx| orders::ops::edit(tx, &st, &who, id, &e)).await.unwrap();
    assert_eq!(b.order(id).await.order.total, Money::from_da(4_200));
    assert!(b.t.audit_kinds().await.contains(&"commande.prix_modifie".to_string()));
    b.make(id).await.unwrap();
    let o = b.order(id).await;
    let mut fewer = cheaper.clone();
    fewer.lines = vec![LineDraft { line_id: Some(o.lines[0].id), ..line(b.cake, 1, "") }];
    let (st, who, e) = (b.stamp(&b.seller), b.seller.clone(), fewer);
    let refused = b.t.app.db.write(move |tx| orders::ops::edit(tx, &st, &who, id, &e)).await.unwrap_err();
    assert_eq!(code(&refused), "production_started");
    assert!(refused.to_string().contains("ne se modifient plus"));
    // The time may still move.
    let mut later = cheaper;
    later.lines = o
        .lines
        .iter()
        .map(|l| LineDraft {
            line_id: Some(l.id),
            product_id: l.product_id,
            qty: l.qty,
            options: l.options.clone(),
            price: None,
        })
        .collect();
    later.due_time = at(17);
    let (st, who) = (b.stamp(&b.seller), b.seller.clone());
    b.t.app.db.write(move |tx| orders::ops::edit(tx, &st, &who, id, &later)).await.unwrap();
    assert_eq!(b.order(id).await.order.due_time, "17:00");
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn twenty_concurrent_submissions_of_one_order_token_take_one_order() {
    let b = bakery().await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (db, st, who) = (b.t.app.db.clone(), b.stamp(&b.seller), b.seller.clone());
        let d = b.draft("same-order-token", vec![line(b.cake, 2, "")], Some(cash(1_500, 2_000, "same-order-token-p")));
        tasks.push(tokio::spawn(async move { db.write(move |tx| orders::ops::create(tx, &st, &who, &d)).await }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1);
    assert_eq!(b.t.count("SELECT count(*) FROM orders").await, 1);
    assert_eq!(b.t.count("SELECT count(*) FROM order_payments").await, 1);
    assert_eq!(b.t.count("SELECT count(*) FROM cash_movements").await, 1);
    assert_eq!(b.t.count("SELECT count(*) FROM print_jobs").await, 2);
    b.t.assert_check_passes().await;
}

#[test]
fn an_old_database_with_data_keeps_its_places_and_drawer_movements() {
    use fournil::db::migrate;
    let mut old = rusqlite::Connection::open_in_memory().unwrap();
    old.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    old.execute_batch(include_str!("../fixtures/schema_v8.sql")).unwrap();
    old.pragma_update(None, "user_version", 8).unwrap();
    old.execute_batch(
        "INSERT INTO users (id, username, display_name, role_id, password_hash, created_at, updated_at, password_changed_at)
              VALUES (1, 'ab', 'A', 1, 'x', 't', 't', 't');
         INSERT INTO locations (id, code, name, kind, position) VALUES (6, 'labo-6', 'Labo 2', 'labo', 6);
         INSERT INTO products (id, name, kind, unit, created_at, updated_at) VALUES (1, 'Farine', 'ingredient', 'g', 't', 't');
         INSERT INTO stock_moves (at, day, product_id, location_id, qty, value, kind, source_type, source_id)
              VALUES ('t', 'd', 1, 6, 1000, 100, 'achat', 'test', 1);
         INSERT INTO stock_balances VALUES (1, 6, 1000, 100);
         INSERT INTO cash_shifts (id, till_id, day, opened_at, opened_by, opening_float) VALUES (1, 1, 'd', 't', 1, 0);
         INSERT INTO cash_movements (shift_id, at, day, kind, amount, user_id) VALUES (1, 't', 'd', 'apport', 500, 1);",
    )
    .unwrap();
    migrate::run(&mut old).unwrap();
    let places: Vec<(i64, String)> = old
        .prepare("SELECT id, kind FROM locations ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        places.iter().map(|p| p.1.as_str()).collect::<Vec<_>>(),
        // Version 14 adds "En livraison" (goods out with a deliveryman), of the same kind.
        ["reserve", "labo", "comptoir", "emballages", "labo", "commandes", "commandes"]
    );
    let moved: i64 = old.query_row("SELECT sum(amount) FROM cash_movements", [], |r| r.get(0)).unwrap();
    assert_eq!(moved, 500);
    let fk: i64 = old.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0);
    old.execute("INSERT INTO cash_movements (shift_id, at, day, kind, amount, user_id) VALUES (1, 't', 'd', 'commande', -200, 1)", []).unwrap();
    assert!(old.execute("DELETE FROM cash_movements", []).is_err(), "still append-only");
}
