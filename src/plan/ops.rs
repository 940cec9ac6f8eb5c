//! The plan's operations: compute a day's plan and the lab board (reads), save the counter's
//! targets of a weekday, propose them from the last four same weekdays' sales, and record what the
//! lab made for the counter through the production operation.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{Demand, Origin, Plan, PlanLine, explode, store};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::catalog::{self, Kind, Product, Unit};
use crate::error::{AppError, FieldErrors};
use crate::money::Qty;
use crate::orders::{self, OrderFull, Status};
use crate::production::{self, ProductionDraft};
use crate::stock;

/// The weekday of a day as the targets store it (1 = Monday).
pub fn weekday_of(day: NaiveDate) -> u32 {
    day.weekday().number_from_monday()
}

fn places_of_kind(conn: &Connection, kind: &str) -> Result<Vec<i64>, AppError> {
    Ok(stock::store::all_locations(conn)?
        .into_iter()
        .filter(|(l, on)| *on && l.kind == kind)
        .map(|(l, _)| l.id)
        .collect())
}

/// The plan's lines: each product the orders due that day still need, or the counter has a target for.
fn lines(
    conn: &Connection,
    day: NaiveDate,
    products: &HashMap<i64, Product>,
) -> Result<(Vec<PlanLine>, Vec<Demand>), AppError> {
    let d = day.to_string();
    let mut by_product: BTreeMap<i64, (Qty, Qty)> = BTreeMap::new();
    let mut demands = Vec::new();
    for m in orders::store::to_make(conn, &d, &d)? {
        let e = by_product.entry(m.product_id).or_default();
        e.0 = e.0 + m.qty;
        demands.push(Demand { product_id: m.product_id, qty: m.qty, origin: Origin::Order(m.order_id) });
    }
    for (order_id, product_id, qty) in crate::b2b::store::orders::to_make(conn, &d)? {
        let e = by_product.entry(product_id).or_default();
        e.0 = e.0 + qty;
        demands.push(Demand { product_id, qty, origin: Origin::B2b(order_id) });
    }
    for (product_id, qty) in store::targets(conn, weekday_of(day))? {
        by_product.entry(product_id).or_default().1 = qty;
    }
    let counters = places_of_kind(conn, "comptoir")?;
    let mut out = Vec::new();
    for (id, (ordered, target)) in by_product {
        let Some(p) = products.get(&id) else { continue };
        let mut counter = Qty::ZERO;
        for place in &counters {
            counter = counter + stock::store::balance(conn, id, *place)?.qty;
        }
        let line = PlanLine {
            product_id: id,
            name: p.name.clone(),
            category: p.category.clone().unwrap_or_else(|| "Sans catégorie".into()),
            unit: p.unit,
            orders: ordered,
            target,
            counter,
            has_recipe: catalog::store::recipe(conn, id)?.is_some(),
        };
        if line.for_counter().milli() > 0 {
            demands.push(Demand { product_id: id, qty: line.for_counter(), origin: Origin::Counter });
        }
        if line.total().milli() > 0 || target.milli() > 0 {
            out.push(line);
        }
    }
    out.sort_by(|a, b| a.category.cmp(&b.category).then(a.name.cmp(&b.name)));
    Ok((out, demands))
}

/// What the lab must make on `day`, and what it needs of each semi-finished good and ingredient.
pub fn plan(conn: &Connection, day: NaiveDate) -> Result<Plan, AppError> {
    let products: HashMap<i64, Product> = catalog::store::all_products(conn)?.into_iter().map(|p| (p.id, p)).collect();
    let (lines, demands) = lines(conn, day, &products)?;
    let graph = catalog::store::recipe_graph(conn)?;
    let held: HashMap<(i64, i64), Qty> =
        stock::store::all_balances(conn)?.into_iter().map(|(p, l, q, _)| ((p, l), q)).collect();
    let tracked: HashSet<i64> = products.values().filter(|p| p.track_stock).map(|p| p.id).collect();
    let lab = places_of_kind(conn, "labo")?.first().copied();
    let needs = explode(&graph, &demands, &held, lab, &tracked);
    let names =
        needs.iter().filter_map(|n| products.get(&n.product_id).map(|p| (p.id, (p.name.clone(), p.unit)))).collect();
    let places = stock::store::all_locations(conn)?.into_iter().map(|(l, _)| (l.id, l.name)).collect();
    let mut order_numbers = HashMap::new();
    for id in demands.iter().filter_map(|d| if let Origin::Order(id) = d.origin { Some(id) } else { None }) {
        if let Some(o) = orders::store::order(conn, id)? {
            order_numbers.insert(id, o.number);
        }
    }
    Ok(Plan { day, lines, needs, names, places, order_numbers })
}

/// Where the suggested targets come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suggestion {
    /// The forecast of that weekday (its weighted model beat the naive baseline).
    Forecast,
    /// The average sold on the last four same weekdays.
    Average,
}

/// The counter's targets of a weekday as the gérante would start from: the forecast of that
/// weekday when it earned its place (`forecast::ops::winning_for`), else the average sold on the
/// last four same weekdays before `day`; rounded up to whole pieces.
pub fn suggest(conn: &Connection, day: NaiveDate) -> Result<(Vec<(i64, Qty)>, Suggestion), AppError> {
    let units: HashMap<i64, Unit> = catalog::store::all_products(conn)?
        .into_iter()
        .filter(|p| p.active && p.kind == Kind::Fini)
        .map(|p| (p.id, p.unit))
        .collect();
    let (quantities, from) = match crate::forecast::ops::winning_for(conn, day.weekday())? {
        Some(rows) => (rows, Suggestion::Forecast),
        None => {
            let days: Vec<String> = (1..=4).map(|w| (day - Duration::weeks(w)).to_string()).collect();
            let sold = stock::store::sold_on_days(conn, &days)?;
            (sold.into_iter().map(|(id, q)| (id, (q.milli() + 3) / 4)).collect(), Suggestion::Average)
        }
    };
    let mut out = Vec::new();
    for (id, average) in quantities {
        let Some(unit) = units.get(&id) else { continue };
        let qty = match unit {
            Unit::Piece => Qty::whole((average + 999) / 1000),
            _ => Qty::from_milli(average),
        };
        out.push((id, qty));
    }
    Ok((out, from))
}

/// Replaces the counter's targets of a weekday; audited.
pub fn save_targets(tx: &Transaction, st: &Stamp, weekday: u32, targets: &[(i64, Qty)]) -> Result<(), AppError> {
    if !(1..=7).contains(&weekday) {
        let mut e = FieldErrors::new();
        e.add("weekday", "Un jour de la semaine de 1 (lundi) à 7 (dimanche).");
        return Err(e.into());
    }
    store::clear(tx, weekday)?;
    for (product_id, qty) in targets.iter().filter(|(_, q)| q.milli() > 0) {
        store::insert(tx, weekday, *product_id, *qty)?;
    }
    let e = Event::new(
        AuditKind::PlanChanged,
        "plan_targets",
        weekday,
        format!("Objectifs du comptoir du jour {weekday} enregistrés."),
    )
    .after(json!({"products": targets.iter().filter(|(_, q)| q.milli() > 0).count()}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

/// The lab made `qty` of a product for the counter: the production operation, into the counter.
pub fn make_for_counter(
    tx: &Transaction,
    st: &Stamp,
    product_id: i64,
    qty: Qty,
    token: Option<String>,
) -> Result<i64, AppError> {
    let counter = places_of_kind(tx, "comptoir")?
        .first()
        .copied()
        .ok_or_else(|| AppError::rule("Aucun comptoir actif : créez-en un dans les lieux de stock."))?;
    let d = ProductionDraft { product_id, qty, location_id: counter, token, note: "Plan du jour (comptoir)".into() };
    production::ops::produce(tx, &st.actor, &d, &st.now, st.day)
}

/// The lab board: the orders due today and tomorrow still at the lab (late first, then by due
/// moment), and today's counter lines.
pub struct Board {
    pub orders: Vec<OrderFull>,
    pub counter: Vec<PlanLine>,
    pub now: DateTime<Utc>,
}

pub fn board(conn: &Connection, today: NaiveDate, now: DateTime<Utc>) -> Result<Board, AppError> {
    let filter = orders::store::Filter {
        to: Some((today + Duration::days(1)).to_string()),
        statuses: vec![Status::Confirmed, Status::InProduction],
        limit: 300,
        ..Default::default()
    };
    let mut list = Vec::new();
    for s in orders::store::list(conn, &filter)? {
        list.push(orders::ops::full(conn, s.id)?);
    }
    list.sort_by(|a, b| a.order.due_at.cmp(&b.order.due_at));
    let counter = plan_counter(conn, today)?;
    Ok(Board { orders: list, counter, now })
}

fn plan_counter(conn: &Connection, today: NaiveDate) -> Result<Vec<PlanLine>, AppError> {
    let products: HashMap<i64, Product> = catalog::store::all_products(conn)?.into_iter().map(|p| (p.id, p)).collect();
    let (lines, _) = lines(conn, today, &products)?;
    Ok(lines.into_iter().filter(|l| l.for_counter().milli() > 0 && l.has_recipe).collect())
}
