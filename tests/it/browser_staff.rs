//! The day board in headless Chromium on a 768 × 1024 tablet: a forgotten OUT is shown, the
//! gérante opens its inline form, enters the OUT with a reason, and the board says nothing is
//! left to correct.

use chrono::{Duration, NaiveTime};
use fantoccini::{Client, Locator};
use fournil::audit::{Actor, Stamp};
use fournil::clock::Clock;
use fournil::db::Db;
use fournil::money::Money;
use fournil::people::ops::punches::PunchDraft;
use fournil::people::{AttendanceMode, Contract, Direction, EmployeeDraft, Job, PunchSource, Shift};

use crate::browser::{chromium, screenshots, set_up_shop, shot_path, start_shop, wait_heading, wait_text};

/// Ana, 08:00–16:00 every day but Friday: two days ago she came in and never punched out;
/// yesterday she came and went. Returns the id of the IN left open.
fn ana_forgot_her_out(db: &Db) -> i64 {
    let clock = Clock::system();
    let today = clock.local(clock.now()).date_naive();
    let st = Stamp::new(Actor::system(), &clock);
    db.write_sync(move |tx| {
        let d = EmployeeDraft {
            full_name: "Ana Benali".into(),
            phone: String::new(),
            cnas_number: String::new(),
            job: Job::Vendeuse,
            site_id: 1,
            hired_on: today - Duration::days(60),
            contract: Contract::Cdi,
            contract_end: None,
            salary: Some(Money::from_da(34_000)),
            weekly_minutes: 2400,
            rest_days: vec![5],
            attendance: AttendanceMode::Clock,
            user_id: None,
            active: true,
            notes: String::new(),
        };
        let ana = fournil::people::ops::employees::save_employee(tx, &st, None, &d)?;
        let day = Shift { start_min: 8 * 60, end_min: 16 * 60 };
        let week: Vec<(u32, Shift)> = [1, 2, 3, 4, 6, 7].iter().map(|w| (*w, day)).collect();
        fournil::people::ops::schedules::save_week(tx, &st, ana, d.hired_on, &week)?;
        let punch = |days_ago: i64, h: u32, direction| PunchDraft {
            employee_id: ana,
            local: (today - Duration::days(days_ago)).and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap()),
            direction,
            reason: "saisie de départ du test".into(),
            source: PunchSource::Correction,
        };
        let open = fournil::people::ops::punches::enter_punch(tx, &st, &punch(2, 8, Direction::In))?;
        fournil::people::ops::punches::enter_punch(tx, &st, &punch(1, 8, Direction::In))?;
        fournil::people::ops::punches::enter_punch(tx, &st, &punch(1, 16, Direction::Out))?;
        Ok(open)
    })
    .unwrap()
}

async fn flow(c: &Client, url: &str, code: &str, open: i64) -> Result<(), fantoccini::error::CmdError> {
    set_up_shop(c, url, code).await?;
    c.goto(&format!("{url}/personnel/jour")).await?;
    wait_heading(c, "Tableau du jour").await?;
    let fix = format!("#fix-{open}");
    wait_text(c, &fix, "Sortie manquante").await?;
    screenshots(c, "40-personnel-jour").await?;

    // The inline form: the day is filled in; the time and the reason are typed.
    c.find(Locator::Css(&format!("{fix} summary"))).await?.click().await?;
    let form = format!("{fix} form.stack");
    // A time input takes its value as the browser's own widget would give it.
    c.execute(
        "document.querySelector(arguments[0]).value = '16:05';",
        vec![serde_json::json!(format!("{form} input[name=time]"))],
    )
    .await?;
    c.find(Locator::Css(&format!("{form} input[name=reason]"))).await?.send_keys("oubli, vu avec la gérante").await?;
    screenshots(c, "41-personnel-correction").await?;
    c.find(Locator::Css(&format!("{form} button[type=submit]"))).await?.click().await?;
    wait_text(c, "#to-fix", "Rien : chaque pointage a sa paire.").await?;
    screenshots(c, "42-personnel-corrige").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; CI runs it with --include-ignored"]
async fn the_day_board_on_a_tablet_corrects_a_missing_out() {
    let shop = start_shop();
    let db = Db::open(&shop.db_path()).unwrap();
    let open = ana_forgot_her_out(&db);
    let (client, _driver) = chromium().await;
    let outcome = flow(&client, &shop.url, &shop.setup_code, open).await;
    let _ = client.close().await;
    outcome.expect("browser flow");
    assert!(shot_path("42-personnel-corrige-768x1024.png").exists());
    let fixed: (String, String) = db
        .read_sync(|c| {
            Ok(c.query_row(
                "SELECT substr(local_time, 12, 5), reason FROM punches WHERE source = 'correction' AND direction = 'out'
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(fixed, ("16:05".to_string(), "oubli, vu avec la gérante".to_string()));
    let report = db.read_sync(fournil::system::check::run).unwrap();
    assert!(report.ok(), "{:?}", report.failures().collect::<Vec<_>>());
}
