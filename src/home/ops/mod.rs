//! The owner's board, read at once: today so far against the same hour of the same weekday last
//! week and last year, this month against the same days of last month, the cash in the drawers,
//! the orders due today and late, what is low in stock, the last backup and the last check. Reads only.

pub mod summary;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::Connection;

use crate::error::AppError;
use crate::kpi::{self, Period, ops::Headline};
use crate::money::Money;
use crate::orders;
use crate::stock::ops::levels::{self, Status};

/// (revenue, counter tickets) of a day up to the same hour.
pub type SoFar = (Money, i64);

pub struct OwnerBoard {
    pub today: NaiveDate,
    pub hour: i64,
    pub so_far: SoFar,
    pub last_week: SoFar,
    pub last_year: SoFar,
    pub month: Headline,
    pub last_month_same_days: Headline,
    pub last_month: Headline,
    pub drawers: Vec<(String, Money)>,
    /// Orders due today not yet handed over (nor cancelled).
    pub due_today: i64,
    pub late: Vec<orders::Summary>,
    /// (product, place) at or below their threshold, those out of stock first.
    pub low: Vec<(String, String, Status)>,
    pub last_backup: Option<String>,
    /// The last run of the integrity check, if any ever ran.
    pub last_check: Option<crate::system::store::CheckRun>,
}

/// The same day one year earlier, on the same weekday (364 days back: 52 weeks).
pub fn same_weekday_last_year(d: NaiveDate) -> NaiveDate {
    d - Duration::days(364)
}

pub fn owner_board(conn: &Connection, today: NaiveDate, hour: i64, now: DateTime<Utc>) -> Result<OwnerBoard, AppError> {
    let month = Period::month_to(today);
    let last_month = Period::previous_month(today);
    let same_days = Period {
        from: last_month.from,
        to: last_month.to.min(last_month.from + Duration::days(i64::from(today.day()) - 1)),
    };
    Ok(OwnerBoard {
        today,
        hour,
        so_far: kpi::ops::day_until(conn, today, hour)?,
        last_week: kpi::ops::day_until(conn, today - Duration::days(7), hour)?,
        last_year: kpi::ops::day_until(conn, same_weekday_last_year(today), hour)?,
        month: kpi::ops::headline(conn, month)?,
        last_month_same_days: kpi::ops::headline(conn, same_days)?,
        last_month: kpi::ops::headline(conn, last_month)?,
        drawers: drawers(conn)?,
        due_today: orders::store::calendar(conn, &today.to_string(), &today.to_string())?.iter().map(|d| d.2).sum(),
        late: orders::ops::late(conn, today, now)?.into_iter().map(|(o, _)| o).collect(),
        low: low_stock(conn)?,
        last_backup: crate::backup::store::last_success(conn)?.map(|r| r.finished_at),
        last_check: crate::system::check::last(conn)?,
    })
}

/// Each open drawer and what it should hold now.
fn drawers(conn: &Connection) -> Result<Vec<(String, Money)>, AppError> {
    let mut out = Vec::new();
    for till in crate::cash::store::tills(conn)? {
        if let Some(shift) = crate::cash::store::open_shift(conn, till.id)? {
            out.push((till.name, crate::cash::store::expected(conn, shift.id)?));
        }
    }
    Ok(out)
}

fn low_stock(conn: &Connection) -> Result<Vec<(String, String, Status)>, AppError> {
    let locations = crate::stock::store::locations(conn)?;
    let place = |id: i64| locations.iter().find(|l| l.id == id).map(|l| l.name.clone()).unwrap_or_default();
    let mut low: Vec<_> = levels::low(conn)?.into_iter().map(|(name, at, status)| (name, place(at), status)).collect();
    // What is out first, then what is low, each in the stock page's order: the card shows six.
    low.sort_by_key(|(_, _, status)| *status != Status::Out);
    Ok(low)
}
