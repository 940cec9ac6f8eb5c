//! The hours of a month against a computation by hand: overtime, a night, a public holiday, a
//! worked rest day, absences and a short day — and the same figures on the page, in the export
//! and frozen by the lock.

use chrono::NaiveDate;
use fournil::audit::{Actor, Stamp};
use fournil::money::Money;
use fournil::people::hours::Totals;
use fournil::people::{AttendanceMode, Contract, Direction, EmployeeDraft, Job};

use crate::staff_given::StaffOf;
use crate::support::*;

/// Ana works Sunday to Thursday, 08:00–16:00; she rests on Friday and Saturday.
async fn ana(t: &TestApp) -> i64 {
    let d = EmployeeDraft {
        full_name: "Ana".into(),
        phone: String::new(),
        cnas_number: String::new(),
        job: Job::Vendeuse,
        site_id: 1,
        hired_on: "2025-01-01".parse().unwrap(),
        contract: Contract::Cdi,
        contract_end: None,
        salary: Some(Money::from_da(30_000)),
        weekly_minutes: 2400,
        rest_days: vec![5, 6],
        attendance: AttendanceMode::Clock,
        user_id: None,
        active: true,
        notes: String::new(),
    };
    let st = Stamp::new(Actor::system(), &t.app.clock);
    let id = t.app.db.write(move |tx| fournil::people::ops::employees::save_employee(tx, &st, None, &d)).await.unwrap();
    let week: Vec<(u32, &str, &str)> = [7, 1, 2, 3, 4].iter().map(|d| (*d, "08:00", "16:00")).collect();
    t.staff().week(id, &week).await;
    id
}

/// A sheet of the workbook, each cell as text.
fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

/// The cell of `row` under the header `title`, if that column exists.
fn cell<'a>(rows: &'a [Vec<String>], row: usize, title: &str) -> Option<&'a str> {
    let col = rows[0].iter().position(|h| h == title)?;
    rows[row].get(col).map(String::as_str)
}

async fn worked(t: &TestApp, who: i64, from: &str, to: &str) {
    t.staff().punch(who, from, Direction::In).await;
    t.staff().punch(who, to, Direction::Out).await;
}

#[tokio::test]
async fn a_month_with_overtime_a_night_and_a_holiday_equals_the_hand_computation() {
    let t = spawn_ready().await;
    t.advance(chrono::Duration::days(10)); // Friday 4 December: November is over.
    let a = ana(&t).await;
    // Sunday 1 November is a public holiday (Fête de la révolution): 4 h worked, all overtime.
    worked(&t, a, "2026-11-01 08:00", "2026-11-01 12:00").await;
    // Monday 2: 08:00–18:30, 2 h 30 beyond the schedule.
    worked(&t, a, "2026-11-02 08:00", "2026-11-02 18:30").await;
    // Tuesday 3: a night from 20:00 to 04:00 instead of the day (7 h between 21:00 and 05:00).
    worked(&t, a, "2026-11-03 20:00", "2026-11-04 04:00").await;
    // Wednesday 4: nothing (an absence). Thursday 5: 07:45–16:15, 30 min over.
    worked(&t, a, "2026-11-05 07:45", "2026-11-05 16:15").await;
    // Friday 6, her rest day (and the legal one): 4 h, all overtime.
    worked(&t, a, "2026-11-06 09:00", "2026-11-06 13:00").await;
    // Then every scheduled day 08:00–16:00, except the 10th (absent) and the 12th (gone at 15:00).
    for day in [8, 9, 11, 15, 16, 17, 18, 19, 22, 23, 24, 25, 26, 29, 30] {
        worked(&t, a, &format!("2026-11-{day:02} 08:00"), &format!("2026-11-{day:02} 16:00")).await;
    }
    worked(&t, a, "2026-11-12 08:00", "2026-11-12 15:00").await;

    let e = t.app.db.read(move |c| Ok(fournil::people::store::employees::employee(c, a)?.unwrap())).await.unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let (m, _) = t.app.db.read(move |c| fournil::people::ops::hours::month_of(c, &e, first, None)).await.unwrap();
    // By hand: 22 scheduled days (5 Sundays, 5 Mondays, 4 Tuesdays, 4 Wednesdays, 4 Thursdays)
    // less the holiday = 21 × 8 h = 10 080 min. Worked: 240 + 630 + 480 + 510 + 240 + 15 × 480 + 420
    // = 9 720. Overtime: 240 + 150 + 30 + 240 = 660. Night: 420. Absent: the 4th and the 10th;
    // missing 480 + 480 + 60 = 1 020.
    let hand = Totals {
        worked_min: 9_720,
        scheduled_min: 10_080,
        regular_min: 9_720 - 660,
        overtime_min: 660,
        night_min: 420,
        friday_min: 240,
        rest_day_min: 240,
        holiday_min: 240,
        absence_days: 2,
        missing_min: 1_020,
        leave_days: 0,
        anomalies: 0,
    };
    assert_eq!(m.totals, hand);
    // The legal cap of overtime: 20 % of 40 h × 30 / 7 days = 34 h 17.
    assert_eq!((m.legal_min, m.overtime_cap_min), (10_285, 2_057));
    assert!(!m.over_cap());
    let night = m.days.iter().find(|d| d.plan.day.to_string() == "2026-11-03").unwrap();
    assert_eq!((night.worked, night.night, night.overtime), (480, 420, 0));

    // The same figures in the accountant's workbook, as numbers of hours; the salary only for
    // those who may see it.
    let rows = t.app.db.read(move |c| fournil::people::ops::hours::month_all(c, first, None)).await.unwrap();
    for salaries in [false, true] {
        let bytes = fournil::people::ops::export::month_xlsx(first, &rows, salaries).unwrap();
        let totals = sheet(&bytes, "Heures");
        assert_eq!(cell(&totals, 1, "Employé"), Some("Ana"));
        for (title, hand) in [
            ("Heures travaillées", "162"),
            ("Heures prévues", "168"),
            ("Heures normales", "151"),
            ("Heures sup.", "11"),
            ("Heures de nuit", "7"),
            ("Heures le vendredi", "4"),
            ("Heures jours de repos", "4"),
            ("Heures jours fériés", "4"),
            ("Jours d'absence", "2"),
            ("Heures manquantes", "17"),
            ("Pointages à corriger", "0"),
        ] {
            assert_eq!(cell(&totals, 1, title), Some(hand), "{title}");
        }
        assert_eq!(cell(&totals, 1, "Salaire de base (DA)"), salaries.then_some("30000"));
        let days = sheet(&bytes, "Jours");
        let night = days.iter().position(|r| r.get(1).map(String::as_str) == Some("03/11/2026")).unwrap();
        assert_eq!((cell(&days, night, "Travaillé"), cell(&days, night, "Nuit")), (Some("8"), Some("7")));
        let holiday = days.iter().position(|r| r.get(1).map(String::as_str) == Some("01/11/2026")).unwrap();
        assert_eq!(cell(&days, holiday, "Férié"), Some("Fête de la révolution"));
    }

    // The same figures on the month page, and frozen by the lock once the month is over.
    let mut g = t.signed_in("samia", "gerante").await;
    let page = g.get("/personnel/heures?mois=2026-11").await;
    page.assert_contains("162 h 00");
    page.assert_contains("11 h 00");
    g.post("/personnel/heures/verrouiller", &[("mois", "2026-11")])
        .await
        .assert_redirect("/personnel/heures?mois=2026-11&ok=mois-verrouille");
    let frozen = t.app.db.read(|c| Ok(fournil::people::store::hours::frozen(c, "2026-11")?)).await.unwrap();
    assert_eq!(frozen, vec![(a, hand)]);
    t.assert_check_passes().await;
}
