//! The sales in figures, computed once for every screen that shows them: a business day (the
//! sales pages) or a shift (the X and Z reports). Cash is what stayed in the drawer: handed over
//! less the change given.

use rusqlite::{Connection, params};

use crate::money::Money;

/// Which tickets a figure covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// A business day, at one till or all of them.
    Day { day: &'a str, till: Option<i64> },
    /// One cash shift.
    Shift(i64),
}

impl Scope<'_> {
    /// The condition on `sales s`, with its two parameters.
    fn filter(&self) -> (&'static str, rusqlite::types::Value, Option<i64>) {
        match *self {
            Scope::Day { day, till } => ("s.day = ?1 AND (?2 IS NULL OR s.till_id = ?2)", day.to_string().into(), till),
            Scope::Shift(id) => ("s.shift_id = ?1 AND ?2 IS NULL", id.into(), None),
        }
    }
}

/// What one payment method brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodTotal {
    pub code: String,
    /// Tickets paid (in part) this way.
    pub tickets: i64,
    /// Cash: net of the change given.
    pub amount: Money,
}

#[derive(Debug, Clone, Default)]
pub struct SalesTotals {
    pub tickets: i64,
    pub gross: Money,
    pub discount: Money,
    pub total: Money,
    pub cost: Money,
    pub change: Money,
    pub by_method: Vec<MethodTotal>,
}

impl SalesTotals {
    /// What the tickets left in the drawers.
    pub fn cash(&self) -> Money {
        self.by_method.iter().filter(|m| m.code == "especes").map(|m| m.amount).sum()
    }
}

pub fn sales_totals(conn: &Connection, scope: Scope) -> rusqlite::Result<SalesTotals> {
    let (filter, a, b) = scope.filter();
    let mut t = conn
        .prepare_cached(&format!(
            "SELECT count(*), coalesce(sum(gross), 0), coalesce(sum(discount), 0), coalesce(sum(total), 0),
                    coalesce(sum(cost), 0), coalesce(sum(change_given), 0)
             FROM sales s WHERE {filter}"
        ))?
        .query_row(params![a, b], |r| {
            Ok(SalesTotals {
                tickets: r.get(0)?,
                gross: r.get(1)?,
                discount: r.get(2)?,
                total: r.get(3)?,
                cost: r.get(4)?,
                change: r.get(5)?,
                by_method: Vec::new(),
            })
        })?;
    let change = t.change;
    t.by_method = conn
        .prepare_cached(&format!(
            "SELECT p.method, count(DISTINCT p.sale_id), sum(p.amount) FROM sale_payments p JOIN sales s ON s.id = p.sale_id
             WHERE {filter} GROUP BY p.method ORDER BY p.method"
        ))?
        .query_map(params![a, b], |r| {
            let code: String = r.get(0)?;
            let amount: Money = r.get(2)?;
            let amount = if code == "especes" { amount - change } else { amount };
            Ok(MethodTotal { code, tickets: r.get(1)?, amount })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(t)
}

/// Net sales: the tickets' total (after discounts) less what refunds gave back. The one
/// computation behind the sales page's and the X and Z reports' "Ventes nettes".
pub fn net_sales(sales: &SalesTotals, refunded: Money) -> Money {
    sales.total - refunded
}

/// A business day's tickets and refunds.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub sales: SalesTotals,
    pub refunds: i64,
    pub refunded: Money,
}

impl Totals {
    pub fn net_sales(&self) -> Money {
        net_sales(&self.sales, self.refunded)
    }
}

/// The totals of a day's tickets and refunds (`till_id` None: every till).
pub fn day_totals(conn: &Connection, day: &str, till_id: Option<i64>) -> rusqlite::Result<Totals> {
    let sales = sales_totals(conn, Scope::Day { day, till: till_id })?;
    let (refunds, refunded) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(total), 0) FROM refunds WHERE day = ?1 AND (?2 IS NULL OR till_id = ?2)",
        )?
        .query_row(params![day, till_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Totals { sales, refunds, refunded })
}
