//! The demo shop's calendar: Ramadan and the Aïds by year, what kind of day it is, and how that
//! day's traffic, each group's sales and the tickets' hours follow from it.

use chrono::{Datelike, NaiveDate, Weekday};

use super::rng::Rng;

/// First day of Ramadan, by year (approximate, as announced in Algeria).
const RAMADAN: &[(i32, u32, u32)] = &[
    (2019, 5, 6),
    (2020, 4, 24),
    (2021, 4, 13),
    (2022, 4, 2),
    (2023, 3, 23),
    (2024, 3, 11),
    (2025, 3, 1),
    (2026, 2, 18),
    (2027, 2, 8),
    (2028, 1, 28),
    (2029, 1, 16),
    (2030, 1, 6),
];
/// Aïd el-Adha, by year.
const ADHA: &[(i32, u32, u32)] = &[
    (2019, 8, 11),
    (2020, 7, 31),
    (2021, 7, 20),
    (2022, 7, 9),
    (2023, 6, 28),
    (2024, 6, 16),
    (2025, 6, 6),
    (2026, 5, 27),
    (2027, 5, 16),
    (2028, 5, 5),
    (2029, 4, 24),
    (2030, 4, 13),
];

/// What kind of day it is for the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Season {
    Normal,
    /// Ramadan: sales move to the afternoon and evening; bread, msemen and traditional cakes.
    Ramadan,
    /// The last days of Ramadan and Aïd el-Fitr: traditional cakes by the tray.
    Fitr,
    /// Aïd el-Adha: the shop is quiet.
    Adha,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub(super) fn season(day: NaiveDate) -> Season {
    for (y, m, d) in RAMADAN {
        let start = date(*y, *m, *d);
        let offset = (day - start).num_days();
        if (0..27).contains(&offset) {
            return Season::Ramadan;
        }
        if (27..32).contains(&offset) {
            return Season::Fitr;
        }
    }
    if ADHA.iter().any(|(y, m, d)| (0..2).contains(&(day - date(*y, *m, *d)).num_days())) {
        return Season::Adha;
    }
    Season::Normal
}

/// The day's traffic, per mille of an ordinary weekday.
pub(super) fn traffic(day: NaiveDate, s: Season, rng: &mut Rng) -> i64 {
    let week = match day.weekday() {
        Weekday::Fri => 1_250,
        Weekday::Sat => 1_100,
        _ => 1_000,
    };
    let season = match s {
        Season::Normal if day.month() == 8 => 850,
        Season::Normal => 1_000,
        Season::Ramadan => 1_300,
        Season::Fitr => 1_700,
        Season::Adha => 450,
    };
    week * season / 1_000 * rng.range(920, 1_080) / 1_000
}

/// How much a group sells in a season, per mille of normal.
pub(super) fn group_factor(group: usize, s: Season) -> u64 {
    match (s, group) {
        (Season::Ramadan, 0 | 4) => 2_000,
        (Season::Ramadan, 3) => 2_500,
        (Season::Ramadan, 1) => 500,
        (Season::Fitr, 3) => 6_000,
        (Season::Fitr, 5) => 2_000,
        _ => 1_000,
    }
}

/// The minute of a ticket: mornings for bread, evenings in Ramadan.
pub(super) fn minute_of(s: Season, rng: &mut Rng) -> i64 {
    let (from, to) = match (s, rng.below(10)) {
        (Season::Ramadan, 0..=1) => (9 * 60, 14 * 60),
        (Season::Ramadan, _) => (14 * 60, 19 * 60 + 30),
        (_, 0..=4) => (6 * 60 + 30, 10 * 60),
        (_, 5..=6) => (10 * 60, 16 * 60),
        _ => (16 * 60, 20 * 60),
    };
    rng.range(from, to)
}
