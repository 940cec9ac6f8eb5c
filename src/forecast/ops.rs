//! Computing the forecast: read the counter history, backtest both models over the last 8 weeks,
//! write the next 7 days with the better one. Run by the server's thread, never by a page.

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, Transaction};

use super::{BACKTEST_DAYS, History, Model, Row, Run, Shown, backtest, store, wape_bp};
use crate::error::AppError;

/// The history needed: the backtest's 8 weeks and 60 weeks behind them.
fn history(conn: &Connection, today: NaiveDate) -> Result<(History, Vec<i64>), AppError> {
    let from = today - Duration::days(BACKTEST_DAYS + 7 * 61);
    let rows = crate::kpi::store::counter_qty(conn, &from.to_string(), &(today - Duration::days(1)).to_string())?;
    let mut h = History::new();
    let mut products = Vec::new();
    for (day, product, qty) in rows {
        if let Ok(d) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            h.insert((d, product), qty);
            products.push(product);
        }
    }
    products.sort_unstable();
    products.dedup();
    Ok((h, products))
}

/// Measures both models up to yesterday, and forecasts the 7 days from tomorrow with the better.
pub fn compute(conn: &Connection, today: NaiveDate, now: &str) -> Result<(Run, Vec<Row>), AppError> {
    let (h, products) = history(conn, today)?;
    let days: Vec<NaiveDate> = (1..=BACKTEST_DAYS).map(|n| today - Duration::days(n)).collect();
    let naive = wape_bp(backtest(Model::Naive, &h, &products, &days));
    let seasonal = wape_bp(backtest(Model::Seasonal, &h, &products, &days));
    let model = match (naive, seasonal) {
        (Some(n), Some(s)) if s < n => Model::Seasonal,
        _ => Model::Naive,
    };
    // Tomorrow and the 6 days after, from the days known up to yesterday (today is not over).
    let known = today - Duration::days(1);
    let mut rows = Vec::new();
    for p in &products {
        for n in 1..=7 {
            let d = today + Duration::days(n);
            let (q, base) = (model.predict(&h, *p, d, known).max(0), Model::Naive.predict(&h, *p, d, known).max(0));
            if q > 0 || base > 0 {
                rows.push((d.to_string(), *p, q, base));
            }
        }
    }
    let first_day = (today + Duration::days(1)).to_string();
    let run = Run { computed_at: now.to_string(), first_day, model, naive_wape_bp: naive, seasonal_wape_bp: seasonal };
    Ok((run, rows))
}

/// Stores a computed forecast (replacing the previous one).
pub fn store(tx: &Transaction, run: &Run, rows: &[Row]) -> Result<(), AppError> {
    store::insert_run(tx, run)?;
    Ok(store::replace(tx, rows)?)
}

/// The last run and the stored forecast.
pub fn read(conn: &Connection) -> Result<(Option<Run>, Vec<Shown>), AppError> {
    Ok((store::last_run(conn)?, store::forecasts(conn)?))
}

/// The forecast of the next day falling on `weekday` (product id, qty in thousandths), when the
/// last run's weighted model beat the naive baseline in its backtest (lower WAPE over 8 weeks);
/// None otherwise (no run yet, the naive one won, or no error to compare): the production plan
/// then keeps its own average.
pub fn winning_for(conn: &Connection, weekday: chrono::Weekday) -> Result<Option<Vec<(i64, i64)>>, AppError> {
    use chrono::Datelike;
    let Some(run) = store::last_run(conn)? else { return Ok(None) };
    let better = matches!((run.seasonal_wape_bp, run.naive_wape_bp), (Some(s), Some(n)) if s < n);
    if run.model != super::Model::Seasonal || !better {
        return Ok(None);
    }
    let on_weekday =
        |day: &str| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok_and(|d| d.weekday() == weekday);
    let rows: Vec<(i64, i64)> =
        store::rows(conn)?.into_iter().filter(|(day, _, _)| on_weekday(day)).map(|(_, p, q)| (p, q)).collect();
    Ok((!rows.is_empty()).then_some(rows))
}
