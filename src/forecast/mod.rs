//! The forecast of counter sales (issue #19 §6): tomorrow's and the next 7 days' expected
//! quantity per product, from the daily counter quantities of the aggregates (`kpi_sales`), by
//! the same weekday's history. Two models, measured against each other by a backtest over the
//! last 8 weeks (each day forecast from what was known 7 days before at best):
//! - the naive baseline: the same weekday last week;
//! - the seasonal weighted average: the last 4 same weekdays of the same kind of day (ordinary,
//!   Ramadan, the days of Aïd el-Fitr, Aïd el-Adha: `calendar`), weighted 4, 3, 2, 1 — a Ramadan
//!   Tuesday is forecast from last Ramadan's Tuesdays, an ordinary one skips the Ramadan weeks.
//!
//! The error is the WAPE (Σ |actual − forecast| ÷ Σ actual, over every product and day): MAPE
//! divides by each day's count and explodes on products selling 0 to 3 a day. The stored
//! forecast is the weighted average's only when it beat the baseline; otherwise the baseline's.
//! Computed on the server's own thread (`system::nightly`), never on a page load; owns
//! `forecasts` and `forecast_runs`.

pub mod calendar;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

/// Daily counter quantity (thousandths) per (day, product).
pub type History = HashMap<(NaiveDate, i64), i64>;

/// How far back the weighted average looks for same weekdays of the same kind (60 weeks: last
/// year's Ramadan is found).
const LOOKBACK_WEEKS: i64 = 60;
/// The backtest's length: 8 weeks.
pub const BACKTEST_DAYS: i64 = 56;

/// A forecasting rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// The same weekday last week.
    Naive,
    /// The last 4 same weekdays of the same kind of day, weighted 4, 3, 2, 1.
    Seasonal,
}

impl Model {
    pub fn code(self) -> &'static str {
        match self {
            Model::Naive => "naive",
            Model::Seasonal => "saisonniere",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Model::Naive => "le même jour la semaine dernière (référence naïve)",
            Model::Seasonal => "moyenne pondérée des 4 derniers mêmes jours de même saison (Ramadan, Aïds)",
        }
    }

    pub fn from_code(code: &str) -> Model {
        if code == "saisonniere" { Model::Seasonal } else { Model::Naive }
    }

    /// The forecast of `product` on `day`, from the same weekdays known (up to `known`, included).
    pub fn predict(self, h: &History, product: i64, day: NaiveDate, known: NaiveDate) -> i64 {
        let qty = |d: NaiveDate| h.get(&(d, product)).copied().unwrap_or(0);
        let weeks = (1..=LOOKBACK_WEEKS).map(|w| day - Duration::weeks(w)).filter(|d| *d <= known);
        let last_week = weeks.clone().next().unwrap_or(day - Duration::days(7));
        match self {
            Model::Naive => qty(last_week),
            Model::Seasonal => {
                let kind = calendar::season(day);
                let same: Vec<i64> = weeks.filter(|d| calendar::season(*d) == kind).take(4).map(qty).collect();
                let weights = [4, 3, 2, 1];
                let total: i64 = weights.iter().take(same.len()).sum();
                if total == 0 {
                    return qty(last_week);
                }
                let sum: i64 = same.iter().zip(weights).map(|(q, w)| q * w).sum();
                (sum + total / 2) / total
            }
        }
    }
}

/// Σ |actual − forecast| and Σ actual of a model over the days, for the products.
pub fn backtest(model: Model, h: &History, products: &[i64], days: &[NaiveDate]) -> (i64, i64) {
    let mut err = 0;
    let mut actual = 0;
    for d in days {
        for p in products {
            let a = h.get(&(*d, *p)).copied().unwrap_or(0);
            err += (a - model.predict(h, *p, *d, *d - Duration::days(1))).abs();
            actual += a;
        }
    }
    (err, actual)
}

/// A backtest's WAPE in basis points; None without any sale.
pub fn wape_bp((err, actual): (i64, i64)) -> Option<i64> {
    crate::kpi::ratio_bp(err, actual)
}

/// A stored forecast row: (day, product id, qty, naive qty), quantities in thousandths.
pub type Row = (String, i64, i64, i64);
/// A forecast row as shown: (day, product name, qty, naive qty).
pub type Shown = (String, String, i64, i64);

/// What a run measured and chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub computed_at: String,
    /// The first day forecast (tomorrow when it ran).
    pub first_day: String,
    pub model: Model,
    pub naive_wape_bp: Option<i64>,
    pub seasonal_wape_bp: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_seasonal_model_skips_ramadan_weeks_for_an_ordinary_day() {
        // Ramadan 2026 starts on 18 February: Tuesday 24 March is after Fitr (ordinary again).
        let day = d(2026, 3, 24);
        let mut h = History::new();
        for w in 1..=10 {
            let past = day - Duration::weeks(w);
            let q = if calendar::season(past) == calendar::Season::Normal { 10_000 } else { 30_000 };
            h.insert((past, 1), q);
        }
        let known = day - Duration::days(1);
        assert_eq!(Model::Naive.predict(&h, 1, day, known), 30_000, "last week was Fitr");
        assert_eq!(Model::Seasonal.predict(&h, 1, day, known), 10_000);
        assert_eq!(Model::Naive.predict(&h, 1, day, day - Duration::days(29)), 10_000, "the last week known");
        let (err, actual) = backtest(Model::Naive, &h, &[1], &[day]);
        assert_eq!((err, actual), (30_000, 0));
        assert_eq!(wape_bp((err, actual)), None);
        assert_eq!(wape_bp((1, 8)), Some(1_250));
    }
}
