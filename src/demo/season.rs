//! The demo shop's calendar: what kind of day it is (Ramadan and the Aïds by year, from
//! `forecast::calendar`, which the forecast shares), and how that day's traffic, each group's
//! sales and the tickets' hours follow from it.

use chrono::{Datelike, NaiveDate, Weekday};

use super::rng::Rng;

pub(super) use crate::forecast::calendar::{Season, season};

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
