//! Builders for the world a test starts from, in the docs.rs style (`env.fake_release().name(…)`):
//!
//! ```ignore
//! let croissant = t.given().product("Croissant").price("40").on_hand(20).at(COUNTER).await;
//! let farine = t.given().product("Farine").kind(Kind::Ingredient).unit(Unit::Gram).await;
//! t.given().stock(farine, 10_000).at(RESERVE).worth("800").await;
//! let amina = t.given().user("amina", "vendeuse").await;
//! t.given().shift().by(&amina).float("2 000").await;
//! let ticket = t.given().sale(&amina).line(croissant, 3).cash("200").await;
//! let moulins = t.given().supplier("Moulins du Sud").await;
//! let achat = t.given().purchase(moulins).line(farine, 10_000, "60").received().await;
//! ```
//!
//! Each builder goes through the shop's real operations (catalogue, stock, books, cash, till,
//! purchases, accounts), never a raw INSERT into a ledger: what a test starts from is a state the
//! shop could be in, and `fournil check` holds on it. Quantities are whole base units (g, ml or
//! pièces: `10_000` of flour is 10 kg); amounts are typed as a cashier types them (`"1 500"`,
//! `"0,5"`) or given as `Money`. What a setter does not say is the default written on it.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use fournil::accounting::{self, EntryDraft, Journal, LineDraft};
use fournil::audit::Actor;
use fournil::auth::{CurrentUser, ops as auth_ops, store as auth_store};
use fournil::cash;
use fournil::catalog::{self, Allergens, Category, Kind, Unit, UnitCost, ops::ProductDraft};
use fournil::money::{Money, Qty};
use fournil::pos::{self, Cart, CartLine, CheckoutDraft, PayMethod, Tender};
use fournil::purchases::{self, PurchaseDraft};
use fournil::stock::{self, MoveCtx, MoveKind};

use super::{NOW, TestApp, day, spawn_ready};

/// The seeded places (schema.sql).
pub const RESERVE: i64 = 1;
pub const LAB: i64 = 2;
pub const COUNTER: i64 = 3;
pub const PACKAGING: i64 = 4;
/// The seeded till, "Caisse 1", at the counter.
pub const TILL: i64 = 1;

/// What a builder becomes once awaited.
pub type Building<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// An amount as a cashier types it (`"1 500"`, `"0,5"`), or already a `Money`.
pub trait Amount {
    fn money(self) -> Money;
}

impl Amount for &str {
    #[track_caller]
    fn money(self) -> Money {
        Money::parse(self).unwrap_or_else(|e| panic!("amount {self:?}: {e:?}"))
    }
}

impl Amount for Money {
    fn money(self) -> Money {
        self
    }
}

/// A quantity in whole base units (`10_000` g), or already a `Qty`.
pub trait Quantity {
    fn qty(self) -> Qty;
}

impl Quantity for i64 {
    fn qty(self) -> Qty {
        Qty::whole(self)
    }
}

impl Quantity for Qty {
    fn qty(self) -> Qty {
        self
    }
}

impl TestApp {
    /// The builders of what a test starts from.
    pub fn given(&self) -> Given<'_> {
        Given { t: self }
    }
}

#[derive(Clone, Copy)]
pub struct Given<'a> {
    t: &'a TestApp,
}

impl<'a> Given<'a> {
    /// A category shown at the till; its id.
    pub async fn category(self, name: &str) -> i64 {
        let c = Category {
            id: 0,
            name: name.into(),
            position: 0,
            color: "#b5652b".into(),
            at_till: true,
            products: 0,
            tva_class: "normal".into(),
        };
        self.t.app.db.write(move |tx| catalog::ops::save_category(tx, &Actor::system(), &c, NOW)).await.unwrap()
    }

    /// A product, created through the catalogue; awaited, its id.
    pub fn product(self, name: &str) -> ProductBuilder<'a> {
        ProductBuilder {
            t: self.t,
            draft: product_draft(name, Kind::Fini, Unit::Piece),
            price: None,
            ref_cost: None,
            on_hand: None,
            at: None,
            worth: None,
        }
    }

    /// A quantity of a product coming into stock, with the entry a purchase posts.
    pub fn stock(self, product: i64, qty: impl Quantity) -> StockBuilder<'a> {
        StockBuilder { t: self.t, product, qty: qty.qty(), at: None, worth: None }
    }

    /// A supplier paid at 30 days; its id.
    pub async fn supplier(self, name: &str) -> i64 {
        let s = purchases::SupplierForm { name: name.into(), payment_days: "30".into(), ..Default::default() }
            .parse()
            .unwrap();
        self.t.app.db.write(move |tx| purchases::ops::save_supplier(tx, &Actor::system(), 0, &s, NOW)).await.unwrap()
    }

    /// A purchase from a supplier, dated today, left as a draft unless `.received()`; its id.
    pub fn purchase(self, supplier: i64) -> PurchaseBuilder<'a> {
        PurchaseBuilder { t: self.t, supplier, lines: Vec::new(), received: false }
    }

    /// A user of that role (`admin`, `gerante`, `vendeuse`, `production`) with the tests'
    /// password, as the session would see her. The same name again answers the same user.
    pub async fn user(self, username: &str, role: &str) -> CurrentUser {
        let name = username.to_string();
        let known = self.t.app.db.read(move |c| Ok(auth_store::user_by_name(c, &name)?)).await.unwrap();
        let id = match known {
            Some(u) => {
                let r = role.to_string();
                let wanted = self.t.app.db.read(move |c| Ok(auth_store::role_by_code(c, &r)?)).await.unwrap();
                assert_eq!(Some(u.role_id), wanted.map(|r| r.id), "{username} exists with another role");
                u.id
            }
            None => self.t.user_with_role(username, role).await,
        };
        self.t.app.db.read(move |c| auth_ops::current_user(c, id, String::new())).await.unwrap().unwrap()
    }

    /// The seeded till with an open shift: the one already open, or one opened now; the shift's id.
    pub fn shift(self) -> ShiftBuilder<'a> {
        ShiftBuilder { t: self.t, by: None, float: Money::ZERO }
    }

    /// A ticket sold at the seeded till (which needs an open shift); its id.
    pub fn sale(self, seller: &CurrentUser) -> SaleBuilder<'a> {
        SaleBuilder { t: self.t, seller: seller.clone(), token: None, cart: Cart::default(), payments: Vec::new() }
    }
}

/// A product draft as the catalogue form would send it: tracked in stock, no allergen, and a
/// sale price of 40 DA when its kind is sold (a sold product must have one).
pub fn product_draft(name: &str, kind: Kind, unit: Unit) -> ProductDraft {
    ProductDraft {
        name: name.into(),
        reference: None,
        kind,
        category_id: None,
        unit,
        sale_price: kind.is_sold().then_some(Money::from_da(40)),
        ref_cost: None,
        allergens: Allergens::NONE,
        track_stock: true,
        description: String::new(),
        thresholds: Vec::new(),
        receive_location_id: None,
    }
}

/// Where a kind of product lives first (the first of `Kind::locations`).
fn home_of(kind: Kind) -> i64 {
    match kind.locations()[0] {
        "reserve" => RESERVE,
        "labo" => LAB,
        "comptoir" => COUNTER,
        _ => PACKAGING,
    }
}

pub struct ProductBuilder<'a> {
    t: &'a TestApp,
    draft: ProductDraft,
    price: Option<String>,
    ref_cost: Option<String>,
    on_hand: Option<Qty>,
    at: Option<i64>,
    worth: Option<Money>,
}

impl<'a> ProductBuilder<'a> {
    /// Default: `Kind::Fini`.
    pub fn kind(mut self, kind: Kind) -> Self {
        let sold = self.draft.kind.is_sold();
        self.draft.kind = kind;
        if sold != kind.is_sold() {
            self.draft.sale_price = kind.is_sold().then_some(Money::from_da(40));
        }
        self
    }
    /// Default: `Unit::Piece`.
    pub fn unit(mut self, unit: Unit) -> Self {
        self.draft.unit = unit;
        self
    }
    /// The sale price per pièce, kg or L. Default: 40 DA for a sold kind, none otherwise.
    pub fn price(mut self, price: &str) -> Self {
        self.price = Some(price.into());
        self
    }
    /// The reference cost per pièce, kg or L (`"80"` for flour is 80 DA/kg). Default: none.
    pub fn ref_cost(mut self, cost: &str) -> Self {
        self.ref_cost = Some(cost.into());
        self
    }
    pub fn category(mut self, id: i64) -> Self {
        self.draft.category_id = Some(id);
        self
    }
    /// As a list is typed in the catalogue import (`"lait, gluten"`). Default: none.
    pub fn allergens(mut self, list: &str) -> Self {
        self.draft.allergens = Allergens::parse_list(list).unwrap_or_else(|e| panic!("allergens {list:?}: {e}"));
        self
    }
    /// A minimum stock at a place (no threshold: no alert there).
    pub fn threshold(mut self, place: i64, qty: impl Quantity) -> Self {
        self.draft.thresholds.push((place, qty.qty()));
        self
    }
    /// Not tracked in stock (a service, a drink poured at the counter). Default: tracked.
    pub fn untracked(mut self) -> Self {
        self.draft.track_stock = false;
        self
    }
    /// Brought into stock once created (see `Given::stock`).
    pub fn on_hand(mut self, qty: impl Quantity) -> Self {
        self.on_hand = Some(qty.qty());
        self
    }
    /// Where `on_hand` lies. Default: the first place of its kind (flour: the store room).
    pub fn at(mut self, place: i64) -> Self {
        self.at = Some(place);
        self
    }
    /// What `on_hand` is worth in all. Default: see `StockBuilder::worth`.
    pub fn worth(mut self, value: impl Amount) -> Self {
        self.worth = Some(value.money());
        self
    }

    async fn create(mut self) -> i64 {
        if let Some(p) = &self.price {
            self.draft.sale_price = Some(p.as_str().money());
        }
        if let Some(c) = &self.ref_cost {
            let cost = UnitCost::parse(c, self.draft.unit).unwrap_or_else(|e| panic!("cost {c:?}: {e}"));
            self.draft.ref_cost = Some(cost);
        }
        let d = self.draft;
        let id = self.t.app.db.write(move |tx| catalog::ops::create_product(tx, &Actor::system(), &d, NOW)).await;
        let id = id.unwrap_or_else(|e| panic!("product refused: {e:?}"));
        if let Some(qty) = self.on_hand {
            let stock = StockBuilder { t: self.t, product: id, qty, at: self.at, worth: self.worth };
            stock.await;
        }
        id
    }
}

impl<'a> IntoFuture for ProductBuilder<'a> {
    type Output = i64;
    type IntoFuture = Building<'a, i64>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.create())
    }
}

pub struct StockBuilder<'a> {
    t: &'a TestApp,
    product: i64,
    qty: Qty,
    at: Option<i64>,
    worth: Option<Money>,
}

impl<'a> StockBuilder<'a> {
    /// Default: the first place of the product's kind.
    pub fn at(mut self, place: i64) -> Self {
        self.at = Some(place);
        self
    }
    /// What the quantity is worth in all. Default: its reference cost, else 10 DA per pièce, kg
    /// or L. A value of zero (a free sample) moves the stock and posts nothing.
    pub fn worth(mut self, value: impl Amount) -> Self {
        self.worth = Some(value.money());
        self
    }

    async fn bring_in(self) {
        let StockBuilder { t, product, qty, at, worth } = self;
        t.app
            .db
            .write(move |tx| {
                let p = catalog::store::product(tx, product)?.expect("a product to stock");
                let place = at.unwrap_or_else(|| home_of(p.kind));
                let cost = p.ref_cost.unwrap_or_else(|| UnitCost::parse("10", p.unit).unwrap());
                let value = worth.unwrap_or_else(|| cost.times(qty));
                let ctx = MoveCtx {
                    at: NOW.into(),
                    day: day(),
                    user_id: None,
                    source_type: "test",
                    source_id: 1,
                    note: String::new(),
                };
                stock::ops::receive(tx, &ctx, product, place, qty, value, MoveKind::Purchase)?;
                if value.cents() > 0 {
                    let mut e = EntryDraft::new(Journal::Purchases, day(), "Achat (test)", "test", 1);
                    e.add(LineDraft::debit(accounting::stock_account(p.kind), value, ""));
                    e.add(LineDraft::credit(accounting::account::SUPPLIERS, value, ""));
                    accounting::ops::post(tx, &Actor::system(), &e, NOW)?;
                }
                Ok(())
            })
            .await
            .unwrap_or_else(|e| panic!("stock refused: {e:?}"));
    }
}

impl<'a> IntoFuture for StockBuilder<'a> {
    type Output = ();
    type IntoFuture = Building<'a, ()>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.bring_in())
    }
}

pub struct PurchaseBuilder<'a> {
    t: &'a TestApp,
    supplier: i64,
    lines: Vec<(i64, Qty, Money)>,
    received: bool,
}

impl<'a> PurchaseBuilder<'a> {
    /// `count` whole base units at `price` per pièce, kg or L, put away in the store room.
    pub fn line(mut self, product: i64, count: i64, price: impl Amount) -> Self {
        self.lines.push((product, Qty::whole(count), price.money()));
        self
    }
    /// Received (stock in, entry Dr stock / Cr 401) once created.
    pub fn received(mut self) -> Self {
        self.received = true;
        self
    }

    async fn create(self) -> i64 {
        let lines = self
            .lines
            .iter()
            .map(|&(product_id, count, price)| purchases::LineDraft {
                product_id,
                pack_id: None,
                count,
                price,
                location_id: RESERVE,
                tva_bp: 0,
            })
            .collect();
        let d = PurchaseDraft {
            supplier_id: self.supplier,
            day: day(),
            invoice_ref: "F-1".into(),
            note: String::new(),
            lines,
            token: None,
        };
        let received = self.received;
        self.t
            .app
            .db
            .write(move |tx| {
                let id = purchases::ops::create(tx, &Actor::system(), &d, NOW)?;
                if received {
                    purchases::ops::receive(tx, &Actor::system(), id, NOW)?;
                }
                Ok(id)
            })
            .await
            .unwrap_or_else(|e| panic!("purchase refused: {e:?}"))
    }
}

impl<'a> IntoFuture for PurchaseBuilder<'a> {
    type Output = i64;
    type IntoFuture = Building<'a, i64>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.create())
    }
}

pub struct ShiftBuilder<'a> {
    t: &'a TestApp,
    by: Option<CurrentUser>,
    float: Money,
}

impl<'a> ShiftBuilder<'a> {
    /// Who opens it. Default: a vendeuse named "caissiere".
    pub fn by(mut self, user: &CurrentUser) -> Self {
        self.by = Some(user.clone());
        self
    }
    /// The float counted at opening. Default: an empty drawer.
    pub fn float(mut self, amount: impl Amount) -> Self {
        self.float = amount.money();
        self
    }

    async fn open(self) -> i64 {
        let ShiftBuilder { t, by, float } = self;
        if let Some(s) = t.app.db.read(|c| Ok(cash::store::open_shift(c, TILL)?)).await.unwrap() {
            return s.id;
        }
        let by = match by {
            Some(u) => u,
            None => t.given().user("caissiere", "vendeuse").await,
        };
        let d = cash::ops::OpenDraft { till_id: TILL, float: cash::ops::Float::Amount(float), token: None };
        t.app
            .db
            .write(move |tx| cash::ops::open(tx, &by.actor(), &d, NOW, day()))
            .await
            .unwrap_or_else(|e| panic!("shift refused: {e:?}"))
    }
}

impl<'a> IntoFuture for ShiftBuilder<'a> {
    type Output = i64;
    type IntoFuture = Building<'a, i64>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.open())
    }
}

pub struct SaleBuilder<'a> {
    t: &'a TestApp,
    seller: CurrentUser,
    token: Option<String>,
    cart: Cart,
    payments: Vec<Tender>,
}

impl<'a> SaleBuilder<'a> {
    /// `pieces` whole units of a product (grams for a weighed one).
    pub fn line(mut self, product: i64, pieces: i64) -> Self {
        self.cart.lines.push(CartLine { product_id: product, qty: Qty::whole(pieces), discount: Money::ZERO });
        self
    }
    /// Default: a token of its own, so two sales are two tickets.
    pub fn token(mut self, token: &str) -> Self {
        self.token = Some(token.into());
        self
    }
    /// Cash handed over (the change is computed).
    pub fn cash(self, amount: impl Amount) -> Self {
        self.paid(PayMethod::Cash, amount)
    }
    pub fn card(self, amount: impl Amount) -> Self {
        self.paid(PayMethod::Card, amount)
    }
    fn paid(mut self, method: PayMethod, amount: impl Amount) -> Self {
        self.payments.push(Tender { method, amount: amount.money(), reference: String::new() });
        self
    }

    async fn sell(self) -> i64 {
        let SaleBuilder { t, seller, token, cart, payments } = self;
        let sold = t.count("SELECT count(*) FROM sales").await;
        let token = token.unwrap_or_else(|| format!("given-sale-{:06}", sold + 1));
        let d = CheckoutDraft { token, till_id: TILL, cart, payments };
        t.app
            .db
            .write(move |tx| Ok(pos::ops::checkout(tx, &super::stamp(&seller), &seller, &d, None)?.done()?.sold()?.id))
            .await
            .unwrap_or_else(|e| panic!("sale refused: {e:?}"))
    }
}

impl<'a> IntoFuture for SaleBuilder<'a> {
    type Output = i64;
    type IntoFuture = Building<'a, i64>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.sell())
    }
}

/// The counter, ready to sell: 20 croissants on it (15 DA each) sold at 40 DA in "Viennoiseries",
/// a vendeuse "amina" who opened the till with an empty drawer, and a receipt printer on the
/// network. The app, the vendeuse, the croissant's id.
pub async fn shop() -> (TestApp, CurrentUser, i64) {
    let t = spawn_ready().await;
    let amina = t.given().user("amina", "vendeuse").await;
    let viennoiseries = t.given().category("Viennoiseries").await;
    let croissant =
        t.given().product("Croissant").price("40").category(viennoiseries).on_hand(20).at(COUNTER).worth("300").await;
    t.given().shift().by(&amina).await;
    // The till's settings are no ledger: a receipt printer on the network (a till without one
    // queues no receipt).
    t.app
        .db
        .write(
            |tx| Ok(tx.execute("UPDATE tills SET printer_driver = 'reseau', printer_address = '10.0.0.9:9100'", [])?),
        )
        .await
        .unwrap();
    (t, amina, croissant)
}
