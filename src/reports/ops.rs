//! A report read at once from the aggregates (a few thousand rows whatever the period).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{Compare, ProductLine, Report, WasteLine, grain};
use crate::cash;
use crate::error::AppError;
use crate::kpi::{self, Period, store};

pub fn report(conn: &Connection, period: Period, compare: Compare, today: NaiveDate) -> Result<Report, AppError> {
    let against = compare.of(period);
    let (from, to) = (period.from_text(), period.to_text());
    let g = grain(period);
    let sold = store::products(conn, &from, &to)?;
    // What is held and owed now, the same for both periods: read once.
    let balances = kpi::ops::balances(conn)?;
    Ok(with_categories(Report {
        period,
        compare,
        against,
        figures: figures_with(conn, period, today, &balances)?,
        figures_before: figures_with(conn, against, today, &balances)?,
        grain: g,
        trend: store::series(conn, &from, &to, g)?,
        heat: heat(conn, &from, &to)?,
        waste_products: waste(conn, &from, &to, &sold)?,
        products: products(conn, sold, against)?,
        categories: Vec::new(),
        sellers: store::sellers(conn, &from, &to)?,
        receipts: store::receipts(conn, &from, &to)?,
        deposits: cash::store::deposits_by_day(conn, &from, &to)?,
        variances: cash::store::variances(conn, &from, &to)?,
        waste_days: store::waste_by_day(conn, &from, &to)?,
    }))
}

/// The waste per product, each against its own cost of goods sold over the period.
fn waste(conn: &Connection, from: &str, to: &str, sold: &[store::ProductSums]) -> Result<Vec<WasteLine>, AppError> {
    Ok(store::waste_by_product(conn, from, to)?
        .into_iter()
        .map(|(id, name, qty, value)| WasteLine {
            name,
            qty,
            value,
            cost_of_goods: sold.iter().find(|p| p.0 == id).map(|p| p.5).unwrap_or(0),
        })
        .collect())
}

/// Every KPI of a period (`kpi::ops::figures`), with what the deliverymen owe at its end as the
/// deliveries domain computes it (`deliveries::ops::debts`, never a second copy of its rule), and
/// the cash deposited and the drawers' variances as the cash domain's store reads them.
pub fn figures(conn: &Connection, period: Period, today: NaiveDate) -> Result<Vec<kpi::Figure>, AppError> {
    figures_with(conn, period, today, &kpi::ops::balances(conn)?)
}

fn figures_with(
    conn: &Connection,
    period: Period,
    today: NaiveDate,
    balances: &kpi::ops::Balances,
) -> Result<Vec<kpi::Figure>, AppError> {
    let end = period.to.min(today);
    let deliverymen_owe = crate::deliveries::ops::debts(conn, end)?.iter().map(|d| d.owed).sum();
    let (from, to) = (period.from_text(), period.to_text());
    let deposits = cash::store::deposits_by_day(conn, &from, &to)?.iter().map(|d| d.1 + d.2).sum();
    let cash_variance = cash::store::variances(conn, &from, &to)?.iter().map(|v| v.variance).sum();
    kpi::ops::figures(conn, period, kpi::ops::Outside { deliverymen_owe, deposits, cash_variance }, balances)
}

fn heat(conn: &Connection, from: &str, to: &str) -> Result<Vec<[(i64, i64); 24]>, AppError> {
    let mut grid = vec![[(0, 0); 24]; 7];
    for (w, h, revenue, tickets) in store::heatmap(conn, from, to)? {
        // SQLite counts from Sunday (0); the shop's week starts on Monday.
        let row = ((w + 6) % 7) as usize;
        if let Some(cell) = grid.get_mut(row).and_then(|r| r.get_mut(h as usize)) {
            *cell = (revenue, tickets);
        }
    }
    Ok(grid)
}

fn products(conn: &Connection, sold: Vec<store::ProductSums>, against: Period) -> Result<Vec<ProductLine>, AppError> {
    let before = store::products(conn, &against.from_text(), &against.to_text())?;
    let mut out: Vec<ProductLine> = sold
        .into_iter()
        .map(|(id, name, category, qty, revenue, cost)| ProductLine {
            name,
            category,
            qty,
            revenue,
            cost,
            before: before.iter().find(|b| b.0 == id).map(|b| b.4).unwrap_or(0),
        })
        .collect();
    out.sort_by(|a, b| b.revenue.cmp(&a.revenue).then(a.name.cmp(&b.name)));
    Ok(out)
}

fn with_categories(mut r: Report) -> Report {
    let mut cats: Vec<(String, i64, i64, i64)> = Vec::new();
    for p in &r.products {
        let name = if p.category.is_empty() { "Sans catégorie".to_string() } else { p.category.clone() };
        match cats.iter_mut().find(|c| c.0 == name) {
            Some(c) => (c.1, c.2, c.3) = (c.1 + p.revenue, c.2 + p.cost, c.3 + p.before),
            None => cats.push((name, p.revenue, p.cost, p.before)),
        }
    }
    cats.sort_by_key(|c| std::cmp::Reverse(c.1));
    r.categories = cats;
    r
}
