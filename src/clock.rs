//! Time, injectable so tests can pin it. Timestamps are stored in UTC; a business document also
//! stores its `business_day`, the shop's local date — shifted by `day_start_hour`, so that a
//! Ramadan evening's sales at 00:40 still count for the day that began the evening before.

use std::sync::{Arc, Mutex, RwLock};

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;

pub const DEFAULT_TZ: Tz = chrono_tz::Africa::Algiers;

/// Where "now" comes from.
pub trait TimeSource: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

struct SystemTime;
impl TimeSource for SystemTime {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until a test moves it.
#[derive(Clone)]
pub struct FixedTime(Arc<Mutex<DateTime<Utc>>>);

impl FixedTime {
    pub fn new(at: DateTime<Utc>) -> FixedTime {
        FixedTime(Arc::new(Mutex::new(at)))
    }
    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}
impl TimeSource for FixedTime {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The shop's place in time: its zone and the hour its business day starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShopTime {
    pub tz: Tz,
    pub day_start_hour: u32,
}

impl Default for ShopTime {
    fn default() -> Self {
        ShopTime { tz: DEFAULT_TZ, day_start_hour: 4 }
    }
}

#[derive(Clone)]
pub struct Clock {
    source: Arc<dyn TimeSource>,
    shop: Arc<RwLock<ShopTime>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::with_source(Arc::new(SystemTime))
    }

    pub fn with_source(source: Arc<dyn TimeSource>) -> Clock {
        Clock { source, shop: Arc::new(RwLock::new(ShopTime::default())) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.source.now()
    }

    /// Now, as stored in the database: `2026-11-24T08:15:00Z`.
    pub fn now_text(&self) -> String {
        stamp(self.now())
    }

    pub fn shop(&self) -> ShopTime {
        *self.shop.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Called when the settings change, so every later document uses the new zone.
    pub fn set_shop(&self, shop: ShopTime) {
        *self.shop.write().unwrap_or_else(|p| p.into_inner()) = shop;
    }

    pub fn local(&self, at: DateTime<Utc>) -> DateTime<Tz> {
        at.with_timezone(&self.shop().tz)
    }

    /// A stored UTC stamp as the shop reads it, `24/11/2026 07:45` (the text itself if unreadable).
    pub fn datetime_text(&self, stored: &str) -> String {
        match parse_stamp(stored) {
            Some(t) => self.local(t).format(SHOP_DATETIME).to_string(),
            None => stored.to_string(),
        }
    }

    /// The business day a moment belongs to.
    pub fn business_day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        let shop = self.shop();
        (at.with_timezone(&shop.tz) - Duration::hours(i64::from(shop.day_start_hour))).date_naive()
    }

    pub fn business_day(&self) -> NaiveDate {
        self.business_day_of(self.now())
    }

    /// The UTC instant a business day starts, for range queries over timestamps.
    pub fn business_day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        let shop = self.shop();
        let local = day.and_hms_opt(shop.day_start_hour, 0, 0).unwrap_or_default();
        shop.tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&local))
    }
}

/// The one textual form of a timestamp in the database.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads a stored timestamp back.
/// How the shop writes a moment: day/month/year hour:minute.
const SHOP_DATETIME: &str = "%d/%m/%Y %H:%M";

/// A stored UTC stamp in the shop's zone, as people read it: `24/11/2026 09:15` (empty when absent).
pub fn local_text(stamp: Option<&str>, tz: Tz) -> String {
    stamp.and_then(parse_stamp).map(|t| t.with_timezone(&tz).format(SHOP_DATETIME).to_string()).unwrap_or_default()
}

pub fn parse_stamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// A time zone name as typed in the settings, or None.
pub fn parse_tz(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_stamp(text).unwrap()
    }

    #[test]
    fn business_day_is_the_local_day_shifted_by_the_opening_hour() {
        let fixed = FixedTime::new(at("2026-11-24T08:00:00Z"));
        let clock = Clock::with_source(Arc::new(fixed.clone()));
        assert_eq!(clock.business_day(), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        // 23:40 UTC is 00:40 in Algiers (UTC+1): still the evening of the 24th.
        fixed.advance(Duration::minutes(15 * 60 + 40));
        assert_eq!(clock.local(clock.now()).format("%H:%M").to_string(), "00:40");
        assert_eq!(clock.business_day(), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        // 03:30 UTC = 04:30 local: a new day has begun.
        fixed.advance(Duration::minutes(3 * 60 + 50));
        assert_eq!(clock.business_day(), NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    }

    #[test]
    fn the_shop_zone_is_configurable() {
        let clock = Clock::with_source(Arc::new(FixedTime::new(at("2026-11-24T23:30:00Z"))));
        clock.set_shop(ShopTime { tz: chrono_tz::Asia::Tokyo, day_start_hour: 0 });
        assert_eq!(clock.business_day(), NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        assert_eq!(
            clock.business_day_start(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
            at("2026-11-24T15:00:00Z")
        );
    }

    #[test]
    fn stamps_round_trip() {
        let t = at("2026-11-24T08:15:00Z");
        assert_eq!(stamp(t), "2026-11-24T08:15:00Z");
        assert_eq!(parse_stamp(&stamp(t)), Some(t));
        assert_eq!(parse_tz("Africa/Algiers"), Some(DEFAULT_TZ));
        assert_eq!(parse_tz("Mars/Olympus"), None);
    }
}
