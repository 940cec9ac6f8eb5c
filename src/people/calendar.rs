//! The Islamic public holidays of Algeria, as data: the dates expected for each year, used to
//! pre-fill the calendar of the current and the next year. They follow the lunar calendar and the
//! official announcement (which may move them by a day): pre-filled rows say so until the gérante
//! confirms them. Fixed-date holidays are dated rules in `holiday_rules`, not here.

/// (year, name, first day, number of days).
pub const EXPECTED: &[(i32, &str, &str, u32)] = &[
    (2021, "Aïd el-Fitr", "2021-05-13", 2),
    (2021, "Aïd el-Adha", "2021-07-20", 2),
    (2021, "Awal Moharram", "2021-08-10", 1),
    (2021, "Achoura", "2021-08-19", 1),
    (2021, "Mawlid Ennabaoui", "2021-10-19", 1),
    (2022, "Aïd el-Fitr", "2022-05-02", 2),
    (2022, "Aïd el-Adha", "2022-07-09", 2),
    (2022, "Awal Moharram", "2022-07-30", 1),
    (2022, "Achoura", "2022-08-08", 1),
    (2022, "Mawlid Ennabaoui", "2022-10-08", 1),
    (2023, "Aïd el-Fitr", "2023-04-21", 2),
    (2023, "Aïd el-Adha", "2023-06-28", 2),
    (2023, "Awal Moharram", "2023-07-19", 1),
    (2023, "Achoura", "2023-07-28", 1),
    (2023, "Mawlid Ennabaoui", "2023-09-27", 1),
    (2024, "Aïd el-Fitr", "2024-04-10", 2),
    (2024, "Aïd el-Adha", "2024-06-16", 2),
    (2024, "Awal Moharram", "2024-07-07", 1),
    (2024, "Achoura", "2024-07-16", 1),
    (2024, "Mawlid Ennabaoui", "2024-09-15", 1),
    (2025, "Aïd el-Fitr", "2025-03-30", 2),
    (2025, "Aïd el-Adha", "2025-06-06", 2),
    (2025, "Awal Moharram", "2025-06-26", 1),
    (2025, "Achoura", "2025-07-05", 1),
    (2025, "Mawlid Ennabaoui", "2025-09-04", 1),
    (2026, "Aïd el-Fitr", "2026-03-20", 2),
    (2026, "Aïd el-Adha", "2026-05-27", 2),
    (2026, "Awal Moharram", "2026-06-16", 1),
    (2026, "Achoura", "2026-06-25", 1),
    (2026, "Mawlid Ennabaoui", "2026-08-25", 1),
    (2027, "Aïd el-Fitr", "2027-03-10", 2),
    (2027, "Aïd el-Adha", "2027-05-16", 2),
    (2027, "Awal Moharram", "2027-06-06", 1),
    (2027, "Achoura", "2027-06-15", 1),
    (2027, "Mawlid Ennabaoui", "2027-08-15", 1),
    (2028, "Aïd el-Fitr", "2028-02-27", 2),
    (2028, "Aïd el-Adha", "2028-05-05", 2),
    (2028, "Awal Moharram", "2028-05-25", 1),
    (2028, "Achoura", "2028-06-03", 1),
    (2028, "Mawlid Ennabaoui", "2028-08-03", 1),
    (2029, "Aïd el-Fitr", "2029-02-14", 2),
    (2029, "Aïd el-Adha", "2029-04-24", 2),
    (2029, "Awal Moharram", "2029-05-14", 1),
    (2029, "Achoura", "2029-05-23", 1),
    (2029, "Mawlid Ennabaoui", "2029-07-24", 1),
    (2030, "Aïd el-Fitr", "2030-02-04", 2),
    (2030, "Aïd el-Adha", "2030-04-13", 2),
    (2030, "Awal Moharram", "2030-05-03", 1),
    (2030, "Achoura", "2030-05-12", 1),
    (2030, "Mawlid Ennabaoui", "2030-07-13", 1),
];

/// What a pre-filled row says until it is confirmed.
pub const EXPECTED_NOTE: &str = "Date prévue : elle suit l'annonce officielle et peut changer d'un jour.";

/// The days to pre-fill for a year: (day, name).
pub fn expected_days(year: i32) -> Vec<(chrono::NaiveDate, String)> {
    let mut out = Vec::new();
    for (_, name, first, days) in EXPECTED.iter().filter(|(y, ..)| *y == year) {
        let Ok(first) = first.parse::<chrono::NaiveDate>() else { continue };
        for i in 0..*days {
            let label = if i == 0 { name.to_string() } else { format!("{name} ({}e jour)", i + 1) };
            out.push((first + chrono::Duration::days(i64::from(i)), label));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_expected_year_has_its_five_feasts_on_real_days() {
        for year in 2021..=2030 {
            let days = super::expected_days(year);
            assert_eq!(days.len(), 7, "{year}");
            assert!(days.iter().all(|(d, _)| chrono::Datelike::year(d) == year), "{year}");
        }
        assert_eq!(super::expected_days(2026)[1].1, "Aïd el-Fitr (2e jour)");
    }
}
