//! The owner's daily summary e-mail (issue #19 item 7): each morning at the hour set on the
//! e-mail page (7 h by default, shop time), yesterday's figures — read through
//! `reports::ops::figures`, the same KPI definitions as the home and the reports, never a second
//! computation — the orders late now, the last backup and the last integrity check, queued in the
//! outbox in French (plain text and simple HTML). Queued once per day: its outbox topic
//! (`resume:YYYY-MM-DD`) is unique, so a restart in the morning does not send it twice. Nothing is
//! queued when e-mail is not configured or no owner's address is set.

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, Transaction};

use crate::error::AppError;
use crate::kpi::{self, Kpi, Period};
use crate::mail::{self, NewMessage};
use crate::state::App;

/// The figures of the summary, in the order it lists them.
pub const FIGURES: &[Kpi] = &[
    Kpi::Revenue,
    Kpi::RevenueCounter,
    Kpi::RevenueOrders,
    Kpi::RevenueDeliveries,
    Kpi::RevenueB2b,
    Kpi::Receipts,
    Kpi::ReceiptsCash,
    Kpi::Tickets,
    Kpi::AverageBasket,
    Kpi::GrossMargin,
    Kpi::GrossMarginRate,
    Kpi::Waste,
    Kpi::WasteRate,
    Kpi::CashVariance,
    Kpi::Deposits,
];

/// What the summary says, ready to write.
pub struct Summary {
    pub shop: String,
    pub day: NaiveDate,
    /// (label, value as the shop reads it), in `FIGURES` order.
    pub figures: Vec<(&'static str, String)>,
    /// (number, customer, due "dd/mm/yyyy hh:mm") of the orders late now.
    pub late: Vec<(String, String, String)>,
    /// The last successful backup, local time; None when none ever succeeded.
    pub last_backup: Option<String>,
    /// The last integrity check: (local time, the failed rules; empty when all agreed).
    pub last_check: Option<(String, Vec<String>)>,
}

/// The outbox topic of a day's summary.
pub fn topic(day: NaiveDate) -> String {
    format!("resume:{day}")
}

/// The day a summary is due for at `local` (yesterday), when the summary hour has come.
pub fn due_day(local: chrono::NaiveDateTime, hour: u32) -> Option<NaiveDate> {
    (local.hour() >= hour).then(|| local.date() - Duration::days(1))
}

/// Reads the summary of `day`, as seen at `now` (late orders are the ones late now).
pub fn read(conn: &Connection, shop: &str, tz: Tz, day: NaiveDate, now: DateTime<Utc>) -> Result<Summary, AppError> {
    let today = day + Duration::days(1);
    let figures = crate::reports::ops::figures(conn, Period::day(day), today)?;
    let local = |stamp: &str| crate::clock::local_text(Some(stamp), tz);
    let late = crate::orders::ops::late(conn, today, now)?
        .into_iter()
        .map(|(o, _)| (o.number, o.customer, local(&o.due_at)))
        .collect();
    Ok(Summary {
        shop: shop.to_string(),
        day,
        figures: FIGURES.iter().map(|&k| (k.label(), kpi::ops::value_of(&figures, k).text())).collect(),
        late,
        last_backup: crate::backup::store::last_success(conn)?.map(|r| local(&r.finished_at)),
        last_check: crate::system::check::last(conn)?.map(|r| (local(&r.started_at), r.failed)),
    })
}

/// Queues the summary due at `now`, if it is due and was not queued yet. Returns the outbox id.
pub fn queue_due(tx: &Transaction, shop: &str, tz: Tz, now: DateTime<Utc>) -> Result<Option<i64>, AppError> {
    let settings = mail::ops::settings(tx)?;
    let to = settings.owner_addresses();
    if !settings.configured() || to.is_empty() {
        return Ok(None);
    }
    let Some(day) = due_day(now.with_timezone(&tz).naive_local(), settings.summary_hour) else { return Ok(None) };
    if mail::ops::topic_queued(tx, &topic(day))? {
        return Ok(None);
    }
    let s = read(tx, shop, tz, day, now)?;
    let message = NewMessage {
        to,
        subject: format!("{} : le résumé du {}", s.shop, kpi::fr(day)),
        text: crate::home::views::summary::text(&s),
        html: Some(crate::home::views::summary::html(&s).into_string()),
        attachment: None,
        topic: Some(topic(day)),
    };
    mail::ops::queue(tx, &crate::clock::stamp(now), &message)
}

/// The server's job, every minute on its thread: the summary queued when due.
pub fn job(app: &App) {
    let (shop, now) = (app.settings(), app.clock.now());
    if let Err(e) = app.db.write_sync(|tx| queue_due(tx, &shop.name, shop.tz(), now)) {
        tracing::error!(error = %e, "résumé quotidien impossible");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_due_from_its_hour_for_the_day_before() {
        let at = |h| NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(h, 30, 0).unwrap();
        assert_eq!(due_day(at(6), 7), None);
        assert_eq!(due_day(at(7), 7), NaiveDate::from_ymd_opt(2026, 12, 6));
        assert_eq!(due_day(at(22), 7), NaiveDate::from_ymd_opt(2026, 12, 6), "a server started late still sends it");
    }
}
