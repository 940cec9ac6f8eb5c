//! The aggregates kept at write time (called by the sale, the refund and the order handover in
//! their own transaction), their rebuild from the documents (the upgrade, the check), and the
//! figures of a period, each computed once here.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use rusqlite::{Connection, Transaction};

use super::store::{self, DocRow, Docs};
use super::{
    Channel, Figure, HourKey, HourSums, Kpi, MoneySums, Period, SalesKey, SalesSums, Source, TicketKey, TicketSums,
    Value, ratio_bp,
};
use crate::error::AppError;
use crate::money::Money;

/// The aggregates as the documents make them, zero rows left out.
#[derive(Debug, Default)]
pub struct Aggregates {
    /// Per (day, channel, product): (qty, revenue, cost).
    pub sales: BTreeMap<SalesKey, SalesSums>,
    /// Per (day, local hour, channel): (revenue, cost, TVA collected).
    pub hours: BTreeMap<HourKey, HourSums>,
    /// Per (day, local hour, channel, seller): (tickets, revenue, TVA collected).
    pub tickets: BTreeMap<TicketKey, TicketSums>,
    /// Per (day, method): the money received.
    pub receipts: BTreeMap<ReceiptKey, i64>,
}

/// (business day, method).
pub type ReceiptKey = (String, String);

fn shop_tz(conn: &Connection) -> Result<Tz, AppError> {
    Ok(crate::settings::store::get(conn)?.tz())
}

/// The shop's local hour of a stored UTC stamp (0 when unreadable: never in a real document).
fn hour(tz: Tz, at: &str) -> i64 {
    crate::clock::parse_stamp(at).map(|t| i64::from(t.with_timezone(&tz).hour())).unwrap_or(0)
}

/// Adds each line it is given to the sales and hours aggregates.
fn add_sales(agg: &mut Aggregates, tz: Tz, channel: Channel) -> impl FnMut(DocRow) + '_ {
    move |r| {
        let h = agg.hours.entry((r.day.clone(), hour(tz, &r.at), channel)).or_insert((0, 0, 0));
        *h = (h.0 + r.b, h.1 + r.c, h.2);
        let s = agg.sales.entry((r.day, channel, r.key)).or_insert((0, 0, 0));
        *s = (s.0 + r.a, s.1 + r.b, s.2 + r.c);
    }
}

/// Adds each document it is given to the tickets aggregate: its ticket (count, revenue) and its
/// TVA collected (`c`), which also goes to the document's hour: the revenue before tax is the
/// revenue less it (nothing under IFU).
fn add_tickets(agg: &mut Aggregates, tz: Tz, channel: Channel) -> impl FnMut(DocRow) + '_ {
    move |r| {
        let at = hour(tz, &r.at);
        let h = agg.hours.entry((r.day.clone(), at, channel)).or_insert((0, 0, 0));
        h.2 += r.c;
        let s = agg.tickets.entry((r.day, at, channel, r.key)).or_insert((0, 0, 0));
        *s = (s.0 + r.a, s.1 + r.b, s.2 + r.c);
    }
}

/// Which kind of document: a counter ticket, a refund, an order handed over, a business
/// customer's invoice or credit note, a payment (of an order, of a business customer), or every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sale,
    Refund,
    Order,
    B2bInvoice,
    OrderPayment,
    B2bPayment,
    All,
}

/// Adds each receipt it is given to the receipts aggregate.
fn add_receipts(map: &mut BTreeMap<ReceiptKey, i64>) -> impl FnMut(store::ReceiptRow) + '_ {
    move |(day, method, amount)| *map.entry((day, method)).or_insert(0) += amount
}

/// What some documents add to the aggregates.
fn of_documents(conn: &Connection, kind: Kind, docs: Docs) -> Result<Aggregates, AppError> {
    let tz = shop_tz(conn)?;
    let mut agg = Aggregates::default();
    let is = |k: Kind| kind == k || kind == Kind::All;
    if is(Kind::Sale) {
        store::sale_lines(conn, docs, &mut add_sales(&mut agg, tz, Channel::Counter))?;
        store::sale_tickets(conn, docs, &mut add_tickets(&mut agg, tz, Channel::Counter))?;
        store::sale_receipts(conn, docs, &mut add_receipts(&mut agg.receipts))?;
    }
    if is(Kind::Refund) {
        store::refund_lines(conn, docs, &mut add_sales(&mut agg, tz, Channel::Counter))?;
        store::refund_tickets(conn, docs, &mut add_tickets(&mut agg, tz, Channel::Counter))?;
        store::refund_receipts(conn, docs, &mut add_receipts(&mut agg.receipts))?;
    }
    if is(Kind::Order) {
        for (channel, service) in [(Channel::Orders, "retrait"), (Channel::Deliveries, "livraison")] {
            store::order_lines(conn, docs, service, &mut add_sales(&mut agg, tz, channel))?;
            store::order_tickets(conn, docs, service, &mut add_tickets(&mut agg, tz, channel))?;
        }
    }
    if is(Kind::B2bInvoice) {
        store::b2b_lines(conn, docs, &mut add_sales(&mut agg, tz, Channel::B2b))?;
    }
    if is(Kind::OrderPayment) {
        store::order_receipts(conn, docs, &mut add_receipts(&mut agg.receipts))?;
    }
    if is(Kind::B2bPayment) {
        store::b2b_receipts(conn, docs, &mut add_receipts(&mut agg.receipts))?;
    }
    Ok(agg)
}

/// The aggregates the documents of `from..=to` make, zero rows left out (what the check compares).
pub fn from_documents(conn: &Connection, from: &str, to: &str) -> Result<Aggregates, AppError> {
    let mut agg = of_documents(conn, Kind::All, Docs::Days(from, to))?;
    agg.sales.retain(|_, s| *s != (0, 0, 0));
    agg.hours.retain(|_, s| *s != (0, 0, 0));
    agg.tickets.retain(|_, s| *s != (0, 0, 0));
    agg.receipts.retain(|_, a| *a != 0);
    Ok(agg)
}

/// The history cut into calendar months (first and last day), so that the rebuild and the check
/// hold one month in memory at a time, never five years of lines.
pub fn months(conn: &Connection) -> Result<Vec<(String, String)>, AppError> {
    let Some((first, last)) = store::day_span(conn)? else { return Ok(Vec::new()) };
    let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|e| AppError::Internal(e.into()));
    let (mut from, last) = (parse(&first)?.with_day(1).unwrap_or_default(), parse(&last)?);
    let mut out = Vec::new();
    while from <= last {
        let next = from.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX);
        let to = next.pred_opt().unwrap_or(next);
        out.push((from.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string()));
        from = next;
    }
    Ok(out)
}

fn write(tx: &Connection, agg: Aggregates) -> Result<(), AppError> {
    for (k, s) in &agg.sales {
        store::add_sales(tx, k, *s)?;
    }
    for (k, s) in &agg.hours {
        store::add_hour(tx, k, *s)?;
    }
    for (k, s) in &agg.tickets {
        store::add_tickets(tx, k, *s)?;
    }
    for ((day, method), amount) in &agg.receipts {
        store::add_receipt(tx, day, method, *amount)?;
    }
    Ok(())
}

/// A counter ticket just written: its lines and its ticket into the aggregates.
pub fn record_sale(tx: &Transaction, sale_id: i64) -> Result<(), AppError> {
    write(tx, of_documents(tx, Kind::Sale, Docs::One(sale_id))?)
}

/// A refund just written: its lines and its total out of the aggregates, on its own day.
pub fn record_refund(tx: &Transaction, refund_id: i64) -> Result<(), AppError> {
    write(tx, of_documents(tx, Kind::Refund, Docs::One(refund_id))?)
}

/// An order just handed over: its lines and its total into the aggregates, on the handover's day,
/// in the channel of its service (collected in the shop, or delivered).
pub fn record_handover(tx: &Transaction, order_id: i64) -> Result<(), AppError> {
    write(tx, of_documents(tx, Kind::Order, Docs::One(order_id))?)
}

/// A business customer's invoice or credit note just issued: its product lines into the
/// aggregates, on its day (a proforma adds nothing).
pub fn record_b2b_invoice(tx: &Transaction, invoice_id: i64) -> Result<(), AppError> {
    write(tx, of_documents(tx, Kind::B2bInvoice, Docs::One(invoice_id))?)
}

/// An order payment (deposit, balance, or money paid back) just written: into the receipts.
pub fn record_order_payment(tx: &Transaction, payment_id: i64) -> Result<(), AppError> {
    write(tx, of_documents(tx, Kind::OrderPayment, Docs::One(payment_id))?)
}

/// A business customer's payment just written: into the receipts.
pub fn record_b2b_payment(tx: &Transaction, payment_id: i64) -> Result<(), AppError> {
    write(tx, of_documents(tx, Kind::B2bPayment, Docs::One(payment_id))?)
}

/// Empties the aggregates and fills them again from every document (the upgrade that creates
/// them; a repair).
pub fn rebuild(tx: &Transaction) -> Result<(), AppError> {
    store::clear(tx)?;
    for (from, to) in months(tx)? {
        write(tx, from_documents(tx, &from, &to)?)?;
    }
    Ok(())
}

/// What the figures of a period are made of, read at once.
struct Sums {
    channels: Vec<(Channel, MoneySums)>,
    tickets: Vec<(Channel, TicketSums)>,
    receipts: Vec<(String, Money)>,
    waste: Money,
    purchases: Money,
}

fn sums(conn: &Connection, p: Period) -> Result<Sums, AppError> {
    let (from, to) = (p.from_text(), p.to_text());
    Ok(Sums {
        channels: store::by_channel(conn, &from, &to)?,
        tickets: store::tickets_by_channel(conn, &from, &to)?,
        receipts: store::receipts(conn, &from, &to)?,
        waste: store::waste(conn, &from, &to)?,
        purchases: store::purchases(conn, &from, &to)?,
    })
}

impl Sums {
    fn channel(&self, c: Channel) -> MoneySums {
        self.channels.iter().find(|x| x.0 == c).map(|x| x.1).unwrap_or((0, 0))
    }
    fn tickets(&self, c: Channel) -> i64 {
        self.tickets.iter().find(|x| x.0 == c).map(|x| x.1.0).unwrap_or(0)
    }
    fn revenue(&self) -> i64 {
        self.channels.iter().map(|x| x.1.0).sum()
    }
    fn cost(&self) -> i64 {
        self.channels.iter().map(|x| x.1.1).sum()
    }
}

/// The labour cost of a period: its whole months, and of those whose payroll is validated, the
/// cost of the payslips and the revenue and cost of goods of the same months.
struct Labour {
    whole_months: usize,
    validated: usize,
    cost: i64,
    revenue: i64,
    goods: i64,
}

fn labour(conn: &Connection, p: Period) -> Result<Labour, AppError> {
    let months = p.whole_months();
    let mut l = Labour { whole_months: months.len(), validated: 0, cost: 0, revenue: 0, goods: 0 };
    let (Some(first), Some(last)) = (months.first(), months.last()) else { return Ok(l) };
    for (month, cost) in crate::payroll::ops::run::validated_costs(conn, first, last)? {
        let (from, to) = (format!("{month}-01"), format!("{month}-31"));
        let channels = store::by_channel(conn, &from, &to)?;
        l.validated += 1;
        l.cost += cost.cents();
        l.revenue += channels.iter().map(|c| c.1.0).sum::<i64>();
        l.goods += channels.iter().map(|c| c.1.1).sum::<i64>();
    }
    Ok(l)
}

impl Labour {
    /// `—` without a whole month, "no data" without a validated payroll, else `f(self)`.
    fn value(&self, f: impl Fn(&Labour) -> Value) -> Value {
        match (self.whole_months, self.validated) {
            (0, _) => Value::None,
            (_, 0) => Value::NoData(Source::Payroll),
            _ => f(self),
        }
    }
}

/// The figures of domains that themselves write into kpi's aggregates (deliveries hands orders
/// over, which records the handover here; the cash, through the till's sales): kpi may not import them (an import cycle,
/// `tests/it/layering.rs`), so the caller reads them from their owner — `reports::ops::figures`,
/// the one caller — and passes them in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outside {
    /// What the deliverymen owe at the period's end (`deliveries::ops::debts`, summed).
    pub deliverymen_owe: Money,
    /// Cash carried to the bank over the period (`cash::store::deposits_by_day`, summed).
    pub deposits: Money,
    /// The closed shifts' variances over the period (`cash::store::variances`, summed).
    pub cash_variance: Money,
}

/// The point-in-time figures (now, whatever the period): stock, what is owed. What is owed is
/// read from the ledger's kept day totals (`account_days`, a few rows per account), which every
/// domain's check proves equal to its documents: never years of documents added up per page.
pub struct Balances {
    pub stock_value: Money,
    pub owed_to_suppliers: Money,
    pub customers_owe: Money,
    pub owed_to_customers: Money,
}

pub fn balances(conn: &Connection) -> Result<Balances, AppError> {
    use crate::accounting::{account, store as ledger};
    Ok(Balances {
        stock_value: store::stock_value(conn)?,
        owed_to_suppliers: -ledger::net_of(conn, account::SUPPLIERS)?,
        customers_owe: ledger::net_of_prefix(conn, account::CUSTOMERS)?,
        owed_to_customers: -ledger::net_of_prefix(conn, account::CUSTOMER_CREDITS)?,
    })
}

/// Every KPI over the period (the balances are the ledger's now, what the deliverymen owe the period's
/// end's, read by their domain and passed in `outside`). The one place each is computed: a source
/// that lands replaces its `NoData` arm here.
pub fn figures(conn: &Connection, p: Period, outside: Outside, b: &Balances) -> Result<Vec<Figure>, AppError> {
    let s = sums(conn, p)?;
    let l = labour(conn, p)?;
    let m = |c: i64| Value::Money(Money::from_cents(c));
    let (revenue, cost) = (s.revenue(), s.cost());
    let counter = s.channel(Channel::Counter).0;
    let tickets = s.tickets(Channel::Counter);
    let received: i64 = s.receipts.iter().map(|r| r.1.cents()).sum();
    let cash: i64 = s.receipts.iter().filter(|r| r.0 == "especes").map(|r| r.1.cents()).sum();
    let value = |k: Kpi| match k {
        Kpi::RevenueCounter => m(counter),
        Kpi::RevenueOrders => m(s.channel(Channel::Orders).0),
        Kpi::RevenueDeliveries => m(s.channel(Channel::Deliveries).0),
        Kpi::RevenueB2b => m(s.channel(Channel::B2b).0),
        Kpi::Revenue => m(revenue),
        Kpi::Receipts => m(received),
        Kpi::ReceiptsCash => m(cash),
        Kpi::Deposits => Value::Money(outside.deposits),
        Kpi::CashVariance => Value::Money(outside.cash_variance),
        Kpi::Tickets => Value::Count(tickets),
        Kpi::AverageBasket if tickets == 0 => Value::None,
        Kpi::AverageBasket => m(div_round(counter, tickets)),
        Kpi::OrdersHanded => Value::Count(s.tickets(Channel::Orders) + s.tickets(Channel::Deliveries)),
        Kpi::CostOfGoods => m(cost),
        Kpi::GrossMargin => m(revenue - cost),
        Kpi::GrossMarginRate => Value::Percent(ratio_bp(revenue - cost, revenue)),
        Kpi::Waste => Value::Money(s.waste),
        Kpi::WasteRate => Value::Percent(ratio_bp(s.waste.cents(), cost)),
        Kpi::Purchases => Value::Money(s.purchases),
        Kpi::LabourCost => l.value(|l| m(l.cost)),
        Kpi::PrimeCost => l.value(|l| Value::Percent(ratio_bp(l.goods + l.cost, l.revenue))),
        Kpi::StockValue => Value::Money(b.stock_value),
        Kpi::OwedToSuppliers => Value::Money(b.owed_to_suppliers),
        Kpi::CustomersOwe => Value::Money(b.customers_owe),
        Kpi::DeliverymenOwe => Value::Money(outside.deliverymen_owe),
        Kpi::OwedToCustomers => Value::Money(b.owed_to_customers),
    };
    Ok(Kpi::ALL.iter().map(|&kpi| Figure { kpi, value: value(kpi) }).collect())
}

/// `a ÷ b` rounded half away from zero (b > 0).
pub fn div_round(a: i64, b: i64) -> i64 {
    let q = (a.abs() + b / 2) / b;
    if a < 0 { -q } else { q }
}

/// The value of one KPI in a list of figures.
pub fn value_of(figures: &[Figure], kpi: Kpi) -> Value {
    figures.iter().find(|f| f.kpi == kpi).map(|f| f.value).unwrap_or(Value::None)
}

/// The few figures the home compares: revenue (all channels), counter tickets and their
/// average, gross margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Headline {
    pub revenue: Money,
    pub tickets: i64,
    pub basket: Option<Money>,
    pub margin: Money,
}

/// The headline of a period, from the aggregates alone.
pub fn headline(conn: &Connection, p: Period) -> Result<Headline, AppError> {
    let (from, to) = (p.from_text(), p.to_text());
    let channels = store::by_channel(conn, &from, &to)?;
    let n = store::counter_tickets(conn, &from, &to)?;
    let counter = channels.iter().find(|c| c.0 == Channel::Counter).map(|c| c.1.0).unwrap_or(0);
    Ok(Headline {
        revenue: Money::from_cents(channels.iter().map(|c| c.1.0).sum()),
        tickets: n,
        basket: (n > 0).then(|| Money::from_cents(div_round(counter, n))),
        margin: Money::from_cents(channels.iter().map(|c| c.1.0 - c.1.1).sum()),
    })
}

/// A day up to a local hour: (revenue, counter tickets), to compare today so far with the same
/// hour of another day.
pub fn day_until(conn: &Connection, day: NaiveDate, hour: i64) -> Result<(Money, i64), AppError> {
    Ok(store::day_until(conn, &day.to_string(), hour)?)
}
