//! The owner's reports (`/rapports`): over a period picked by the owner and compared with the
//! period before or the same dates a year earlier, the KPIs, the trend by day, week or month,
//! the hour × weekday heatmap, products and categories (top, bottom, growth, margins), sellers,
//! the cash (received by method, deposited to the bank, variances per shift) and the waste;
//! each chart drawn by the server as SVG with its numbers in a table, exportable as CSV and XLSX,
//! printable. Reads the aggregates through `kpi`; owns no table.

pub mod ops;
pub mod views;
pub mod web;

use crate::cash::store::VarianceRow;
use crate::kpi::{Figure, Period};
use crate::money::Money;

/// What the period is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// The period of the same length just before.
    Previous,
    /// The same dates a year earlier.
    YearBefore,
}

impl Compare {
    pub fn code(self) -> &'static str {
        match self {
            Compare::Previous => "precedente",
            Compare::YearBefore => "annee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Compare::Previous => "la période précédente",
            Compare::YearBefore => "les mêmes dates l'an dernier",
        }
    }

    pub fn parse(code: &str) -> Compare {
        if code == "annee" { Compare::YearBefore } else { Compare::Previous }
    }

    pub fn of(self, p: Period) -> Period {
        match self {
            Compare::Previous => p.before(),
            Compare::YearBefore => p.year_before(),
        }
    }
}

/// The trend's bucket: a day up to two months, a week up to a year, then a month.
pub fn grain(p: Period) -> &'static str {
    match p.days() {
        0..=62 => "jour",
        63..=366 => "semaine",
        _ => "mois",
    }
}

/// A product's line: name, category, qty (thousandths), revenue, cost, revenue of the compared
/// period (cents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductLine {
    pub name: String,
    pub category: String,
    pub qty: i64,
    pub revenue: i64,
    pub cost: i64,
    pub before: i64,
}

/// Everything a report page shows.
#[derive(Debug, Clone)]
pub struct Report {
    pub period: Period,
    pub compare: Compare,
    pub against: Period,
    pub figures: Vec<Figure>,
    pub figures_before: Vec<Figure>,
    pub grain: &'static str,
    /// (bucket, revenue, cost) in cents.
    pub trend: Vec<(String, i64, i64)>,
    /// revenue and tickets per weekday (0 = Monday) × hour.
    pub heat: Vec<[(i64, i64); 24]>,
    pub products: Vec<ProductLine>,
    /// (category, revenue, cost, revenue before).
    pub categories: Vec<(String, i64, i64, i64)>,
    /// (seller, channel, tickets, revenue).
    pub sellers: Vec<(String, String, i64, i64)>,
    /// Money received per method: (method code, amount).
    pub receipts: Vec<(String, Money)>,
    /// Cash carried to the bank per day: (day, from a drawer, from the closes' transit).
    pub deposits: Vec<(String, Money, Money)>,
    /// The closed shifts of the period and their variance.
    pub variances: Vec<VarianceRow>,
    /// Waste per day: (day, value in cents).
    pub waste_days: Vec<(String, i64)>,
    /// Waste per product.
    pub waste_products: Vec<WasteLine>,
}

/// A product's waste over the period, against its cost of goods sold (cents; qty thousandths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasteLine {
    pub name: String,
    pub qty: i64,
    pub value: i64,
    pub cost_of_goods: i64,
}
