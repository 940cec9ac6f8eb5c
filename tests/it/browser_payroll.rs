//! A month's payroll in headless Chromium at 1280 × 800: the gérante prepares the month from its
//! locked hours, validates it, pays one salary by bank, opens the payslip's PDF and reads it.

use chrono::Duration;
use fantoccini::{Client, Locator};
use fournil::audit::{Actor, Stamp};
use fournil::clock::Clock;
use fournil::db::Db;
use fournil::money::Money;
use fournil::people::{AttendanceMode, Contract, EmployeeDraft, Job, first_of_month, month_text};

use crate::browser::{chromium, screenshots, set_up_shop, start_shop, wait_heading, wait_text};

/// Two employees not tracked by the clock, hired a year ago; the month before last is locked.
/// Returns that month (`AAAA-MM`).
fn staff_with_a_locked_month(db: &Db) -> String {
    let clock = Clock::system();
    let today = clock.business_day();
    let month = first_of_month(first_of_month(first_of_month(today) - Duration::days(1)) - Duration::days(1));
    let st = Stamp::new(Actor::system(), &clock);
    let now = clock.local(clock.now()).naive_local();
    db.write_sync(move |tx| {
        for (name, salary) in [("Amel Bouzid", 34_000), ("Fatiha Mansouri", 24_000)] {
            let d = EmployeeDraft {
                full_name: name.into(),
                phone: String::new(),
                cnas_number: String::new(),
                job: Job::Vendeuse,
                site_id: 1,
                hired_on: today - Duration::days(365),
                contract: Contract::Cdi,
                contract_end: None,
                salary: Some(Money::from_da(salary)),
                weekly_minutes: 2400,
                rest_days: vec![5],
                attendance: AttendanceMode::Exempt,
                user_id: None,
                active: true,
                notes: String::new(),
            };
            fournil::people::ops::employees::save_employee(tx, &st, None, &d)?;
        }
        fournil::people::ops::hours::lock_month(tx, &st, month, now)?;
        Ok(())
    })
    .unwrap();
    month_text(month)
}

/// The bytes at `path`, fetched by the page itself (with its session).
async fn fetch_bytes(c: &Client, path: &str) -> Result<Vec<u8>, fantoccini::error::CmdError> {
    let script = "const done = arguments[arguments.length - 1];
                  fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => done(Array.from(new Uint8Array(b))));";
    let got = c.execute_async(script, vec![serde_json::json!(path)]).await?;
    Ok(got.as_array().map(|a| a.iter().filter_map(|v| v.as_u64()).map(|v| v as u8).collect()).unwrap_or_default())
}

async fn flow(c: &Client, url: &str, code: &str, month: &str) -> Result<Vec<u8>, fantoccini::error::CmdError> {
    set_up_shop(c, url, code).await?;
    c.set_window_size(1280, 800).await?;
    c.goto(&format!("{url}/paie?mois={month}")).await?;
    wait_heading(c, "Paie de").await?;
    c.find(Locator::Css("#prepare button[type=submit]")).await?.click().await?;
    wait_text(c, "#payslips", "Amel Bouzid").await?;
    screenshots(c, "70-paie-preparee").await?;
    c.set_window_size(1280, 800).await?;
    c.find(Locator::Css("#validate button.danger")).await?.click().await?;
    wait_text(c, "main h1", "Validée").await?;
    // Amel's salary by bank transfer (the row's form; "Virement bancaire" is chosen).
    let row = "//table[@id='payslips']//tr[contains(., 'Amel Bouzid')]//form[contains(@class, 'pay')]//button";
    c.find(Locator::XPath(row)).await?.click().await?;
    wait_heading(c, "Bulletin de paie").await?;
    wait_text(c, "#paid", "Payé").await?;
    screenshots(c, "71-paie-bulletin").await?;
    let href = c.find(Locator::Css("#slip-pdf")).await?.attr("href").await?.unwrap_or_default();
    fetch_bytes(c, &href).await
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; CI runs it with --include-ignored"]
async fn a_month_is_prepared_validated_and_paid_and_its_payslip_reads_right() {
    let shop = start_shop();
    let db = Db::open(&shop.db_path()).unwrap();
    let month = staff_with_a_locked_month(&db);
    let (client, _driver) = chromium().await;
    let outcome = flow(&client, &shop.url, &shop.setup_code, &month).await;
    let _ = client.close().await;
    let pdf = outcome.expect("browser flow");
    let text = crate::support::pdf::text(&pdf);
    // 34 000 DA: CNAS 3 060, taxable 30 940 (smoothing band), IRG 564,90, net to pay 30 375,10.
    for part in ["Bulletin de paie", "Amel Bouzid", "Salaire de base", "Net à payer", "375,10", "Payé"] {
        assert!(text.contains(part), "{part:?} in the PDF: {text}");
    }
    let paid = db
        .read_sync(|c| {
            Ok(c.query_row("SELECT count(*) FROM payslips WHERE paid_at IS NOT NULL", [], |r| r.get::<_, i64>(0))?)
        })
        .unwrap();
    assert_eq!(paid, 1);
    let report = db.read_sync(fournil::system::check::run).unwrap();
    assert!(report.ok(), "{:?}", report.failures().collect::<Vec<_>>());
}
