//! The shop's calendar of Ramadan and the Aïds (approximate dates, as announced in Algeria): what
//! kind of day a date is. The forecast compares a day with days of the same kind; the demo builds
//! its history from it.

use chrono::NaiveDate;

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
pub enum Season {
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

pub fn season(day: NaiveDate) -> Season {
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
