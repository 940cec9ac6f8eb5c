//! Payroll through the pages: a full month for three employees (one with overtime and a night,
//! one with an advance and a meal allowance, one at the SNMG) against a computation by hand, its
//! one entry, its payments; and each bad input of issue #17 refused with nothing saved.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use fournil::audit::{Actor, Stamp};
use fournil::money::Money;
use fournil::payroll::Payslip;
use fournil::payroll::store::runs;
use fournil::people::{AttendanceMode, Contract, Direction, EmployeeDraft, Job};
use poem::http::StatusCode;

use crate::staff_given::StaffOf;
use crate::support::*;

/// An employee hired on 1 January 2025 working Sunday to Thursday, 08:00–16:00 (rest Friday
/// and Saturday), 40 h a week.
pub async fn employee(t: &TestApp, name: &str, salary: i64, mode: AttendanceMode) -> i64 {
    let d = EmployeeDraft {
        full_name: name.into(),
        phone: String::new(),
        cnas_number: "1625 0042 1234".into(),
        job: Job::Vendeuse,
        site_id: 1,
        hired_on: "2025-01-01".parse().unwrap(),
        contract: Contract::Cdi,
        contract_end: None,
        salary: Some(Money::from_da(salary)),
        weekly_minutes: 2400,
        rest_days: vec![5, 6],
        attendance: mode,
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

async fn worked(t: &TestApp, who: i64, from: &str, to: &str) {
    t.staff().punch(who, from, Direction::In).await;
    t.staff().punch(who, to, Direction::Out).await;
}

/// Locks a month's hours through the staff's operation (the clock must be past the month).
pub async fn lock(t: &TestApp, month: &str) {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap();
    let st = Stamp::new(Actor::system(), &t.app.clock);
    let now = t.app.clock.local(t.app.clock.now()).naive_local();
    t.app.db.write(move |tx| fournil::people::ops::hours::lock_month(tx, &st, first, now)).await.unwrap();
}

/// The payslips of a month, with their items, by employee name.
pub async fn slips(t: &TestApp, month: &'static str) -> BTreeMap<String, Payslip> {
    t.app
        .db
        .read(move |c| {
            let run = runs::run_of_month(c, month)?.expect("a payroll");
            let mut out = BTreeMap::new();
            for s in runs::payslips_of(c, run.id)? {
                out.insert(s.employee.clone(), fournil::payroll::ops::run::payslip(c, s.id)?);
            }
            Ok::<_, fournil::error::AppError>(out)
        })
        .await
        .unwrap()
}

async fn balance(t: &TestApp, account: &'static str) -> Money {
    let read = move |c: &rusqlite::Connection| {
        Ok::<_, fournil::error::AppError>(fournil::accounting::store::net_of(c, account)?)
    };
    t.app.db.read(move |c| read(c)).await.unwrap()
}

fn da(text: &str) -> Money {
    Money::parse(text).unwrap()
}

/// The rates of 2026 again from November, with a night premium of 25 % (the law sets none: the
/// contract does), typed on the rates page.
fn november_rates(valid_from: &str) -> Vec<(&str, &str)> {
    vec![
        ("valid_from", valid_from),
        ("snmg", "24000"),
        ("month_hours", "173,33"),
        ("bands", "20000:23; 40000:27; 80000:30; 160000:33; 320000:35"),
        ("abatement", "40"),
        ("abatement_min", "1000"),
        ("abatement_max", "1500"),
        ("exempt_upto", "30000"),
        ("smooth_upto", "35000"),
        ("smooth_mul", "137/51"),
        ("smooth_sub", "27925/8"),
        ("cnas_employee", "9"),
        ("cnas_employer", "25"),
        ("fnpos", "0,5"),
        ("night", "25"),
        ("rest_day", "0"),
        ("rounding", "centime"),
        ("source", "Contrat : nuit +25 %"),
    ]
}

/// Amine works every scheduled day of November 2026 (21 days: Sunday the 1st is a public holiday),
/// stays until 18:00 on Monday the 2nd and works Thursday the 5th as a night, 20:00–04:00.
async fn amine_works_november(t: &TestApp, a: i64) {
    worked(t, a, "2026-11-02 08:00", "2026-11-02 18:00").await;
    worked(t, a, "2026-11-05 20:00", "2026-11-06 04:00").await;
    for day in [3, 4, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 22, 23, 24, 25, 26, 29, 30] {
        worked(t, a, &format!("2026-11-{day:02} 08:00"), &format!("2026-11-{day:02} 16:00")).await;
    }
}

#[tokio::test]
async fn a_full_month_for_three_employees_matches_the_hand_computation() {
    let t = spawn_ready().await;
    t.advance(Duration::days(10)); // Friday 4 December: November is over.
    let amine = employee(&t, "Amine", 40_000, AttendanceMode::Clock).await;
    employee(&t, "Badra", 35_000, AttendanceMode::Exempt).await;
    employee(&t, "Chafia", 24_000, AttendanceMode::Exempt).await;
    amine_works_november(&t, amine).await;
    t.given().shift().float("40000").await;
    let mut g = t.signed_in("gerante", "gerante").await;

    // Badra takes 5 000 DA from the drawer on the 24th, to come off November's pay.
    let page = g.get("/paie/avances").await;
    let token = page.body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let badra = t.count("SELECT id FROM employees WHERE full_name = 'Badra'").await.to_string();
    let form = [
        ("employee_id", badra.as_str()),
        ("amount", "5000"),
        ("mois", "2026-11"),
        ("method", "especes"),
        ("reason", "loyer"),
        ("token", token.as_str()),
    ];
    g.post("/paie/avances", &form).await.assert_redirect("/paie/avances?ok=avance");
    g.post("/paie/avances", &form).await.assert_redirect("/paie/avances?ok=avance"); // a double tap: once
    assert_eq!(t.count("SELECT count(*) FROM salary_advances").await, 1);
    t.assert_check_passes().await;

    // The hours of November are not locked yet: nothing to prepare.
    let refused = g.post("/paie/preparer", &[("mois", "2026-11")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    refused.assert_contains("ne sont pas verrouillées");
    assert_eq!(t.count("SELECT count(*) FROM payroll_runs").await, 0);

    lock(&t, "2026-11").await;
    g.post("/paie/baremes", &november_rates("2026-11")).await.assert_redirect("/paie/baremes?ok=bareme");
    g.post("/paie/preparer", &[("mois", "2026-11")]).await.assert_redirect("/paie?mois=2026-11&ok=paie-preparee");
    let badra_slip = slips(&t, "2026-11").await["Badra"].id;

    // A meal allowance (not subject to CNAS, taxable); a negative one is refused beside its field.
    let item = format!("/paie/bulletins/{badra_slip}/elements");
    let bad = g.post(&item, &[("kind", "prime_panier"), ("amount", "-100"), ("label", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("ne peut pas être négatif");
    g.post(&item, &[("kind", "prime_panier"), ("amount", "1500"), ("label", "")])
        .await
        .assert_redirect(&format!("/paie/bulletins/{badra_slip}?ok=element"));
    t.assert_check_passes().await;

    let run = t.count("SELECT id FROM payroll_runs WHERE month = '2026-11'").await;
    g.post(&format!("/paie/{run}/valider"), &[]).await.assert_redirect("/paie?mois=2026-11&ok=paie-validee");
    let twice = g.post(&format!("/paie/{run}/valider"), &[]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    twice.assert_contains("déjà validée");
    t.assert_check_passes().await;

    let s = slips(&t, "2026-11").await;
    // Amine, 40 000 DA a month: hourly rate 40 000 / 173,33 = 230,7737 DA.
    // Overtime 2 h × 230,7737 × 150 % = 692,32; night 7 h × 230,7737 × 25 % = 403,85.
    // Gross 41 096,17; CNAS 9 % = 3 698,66; taxable 37 397,51; barème (37 397,51 − 20 000) × 23 %
    // = 4 001,43, abatement capped at 1 500 → IRG 2 501,43; net 34 896,08.
    // Employer 25 % = 10 274,04; œuvres sociales 0,5 % = 205,48.
    let a = &s["Amine"].figures;
    let amounts: Vec<(&str, Money)> = a.items.iter().map(|i| (i.kind.as_str(), i.amount)).collect();
    assert_eq!(amounts, vec![("base", da("40000")), ("heures_sup", da("692.32")), ("nuit", da("403.85"))]);
    assert_eq!((a.gross, a.cnas_employee, a.taxable), (da("41096.17"), da("3698.66"), da("37397.51")));
    assert_eq!((a.irg, a.net, a.net_to_pay), (da("2501.43"), da("34896.08"), da("34896.08")));
    assert_eq!((a.cnas_employer, a.fnpos), (da("10274.04"), da("205.48")));
    // Badra, 35 000 DA and a meal allowance of 1 500 (not cotisable, taxable): gross 36 500;
    // CNAS 9 % of 35 000 = 3 150; taxable 33 350, in the smoothing band: barème 13 350 × 23 %
    // = 3 070,50, abatement 40 % = 1 228,20 → 1 842,30 × 137/51 − 27 925/8 = 1 458,30.
    // Net 31 891,70, advance 5 000, net to pay 26 891,70. Employer 8 750; œuvres sociales 175.
    let b = &s["Badra"].figures;
    assert_eq!((b.gross, b.cnas_base, b.cnas_employee, b.taxable), (da("36500"), da("35000"), da("3150"), da("33350")));
    assert_eq!((b.irg, b.net, b.advances, b.net_to_pay), (da("1458.30"), da("31891.70"), da("5000"), da("26891.70")));
    assert_eq!((b.cnas_employer, b.fnpos), (da("8750"), da("175")));
    // Chafia at the SNMG (dz-law-facts §1.3): CNAS 2 160, net 21 840, IRG 0, employer 6 000 + 120.
    let c = &s["Chafia"].figures;
    assert_eq!((c.gross, c.cnas_employee, c.irg, c.net_to_pay), (da("24000"), da("2160"), da("0"), da("21840")));
    assert_eq!((c.cnas_employer, c.fnpos, c.below_snmg), (da("6000"), da("120"), false));

    // One entry for the month, balanced: Dr 6311 99 000, 6313 1 096,17, 6312 1 500, 6351 25 024,04,
    // 6352 500,48 · Cr 421 83 627,78, 431 34 533,18, 442 3 959,73, 4251 5 000 (= 127 120,69).
    let lines = t
        .app
        .db
        .read(move |c| {
            let id: i64 = c.query_row("SELECT entry_id FROM payroll_runs WHERE id = ?1", [run], |r| r.get(0))?;
            let e = fournil::accounting::store::entry(c, id)?.unwrap();
            Ok::<_, fournil::error::AppError>(
                e.lines.iter().map(|l| (l.account.clone(), (l.debit, l.credit))).collect::<BTreeMap<_, _>>(),
            )
        })
        .await
        .unwrap();
    let z = Money::ZERO;
    let hand: BTreeMap<String, (Money, Money)> = [
        ("421", (z, da("83627.78"))),
        ("431", (z, da("34533.18"))),
        ("4251", (z, da("5000"))),
        ("442", (z, da("3959.73"))),
        ("6311", (da("99000"), z)),
        ("6312", (da("1500"), z)),
        ("6313", (da("1096.17"), z)),
        ("6351", (da("25024.04"), z)),
        ("6352", (da("500.48"), z)),
    ]
    .into_iter()
    .map(|(a, v)| (a.to_string(), v))
    .collect();
    assert_eq!(lines, hand);

    // A rate row in a month already paid is refused, beside its date.
    let late = g.post("/paie/baremes", &november_rates("2026-10")).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    late.assert_contains("déjà validée");
    assert_eq!(t.count("SELECT count(*) FROM payroll_rates").await, 3);

    // Payments: Amine by bank, Badra from the drawer, Chafia by cheque; 421 and 4251 are settled.
    let pay = |who: &str| format!("/paie/bulletins/{}/payer", s[who].id);
    for (who, method) in [("Amine", "banque"), ("Badra", "especes"), ("Chafia", "cheque")] {
        let to = format!("/paie/bulletins/{}?ok=paye", s[who].id);
        g.post(&pay(who), &[("method", method), ("reference", "")]).await.assert_redirect(&to);
    }
    let again = g.post(&pay("Amine"), &[("method", "banque"), ("reference", "")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!((balance(&t, "421").await, balance(&t, "4251").await), (z, z));
    // The drawer: 40 000 float − 5 000 advance − 26 891,70 salary = 8 108,30.
    assert_eq!(balance(&t, "530").await, da("8108.30"));
    t.assert_check_passes().await;

    // The shop's CNAS employer number, from its settings, goes on every payslip.
    t.app.db.write(|tx| Ok(tx.execute("UPDATE shop_settings SET cnas_employer = '16 0123456 78'", [])?)).await.unwrap();
    let page = g.get(&format!("/paie/bulletins/{}", s["Badra"].id)).await;
    for text in [
        "Bulletin de paie — novembre 2026",
        "Prime de panier",
        "26 891,70 DA",
        "Payé",
        "16 0123456 78",
        "1625 0042 1234",
    ] {
        page.assert_contains(text);
    }
    // The same payslip as a PDF.
    let cookies = g.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let resp = t.http.get(format!("/paie/bulletins/{}/pdf", s["Badra"].id)).header("cookie", cookies).send().await;
    resp.assert_status_is_ok();
    let text = crate::support::pdf::text(&resp.0.into_body().into_vec().await.unwrap());
    for part in [
        "Bulletin de paie",
        "Badra",
        "Prime de panier",
        "Net à payer",
        "26",
        "891,70",
        "N° employeur CNAS : 16 0123456 78",
        "N° d'assuré CNAS : 1625 0042 1234",
    ] {
        assert!(text.contains(part), "{part:?} in the PDF: {text}");
    }

    // The API reads the same month and payslip.
    let gerante = t.count("SELECT id FROM users WHERE username = 'gerante'").await;
    let token = token_for(&t, gerante).await;
    let (status, month) = call(&t, &token, "GET", "/paie/mois/2026-11", None).await;
    assert_eq!(status, 200);
    assert_eq!(month["data"]["status"], "validee");
    assert_eq!(month["data"]["payslips"].as_array().unwrap().len(), 3);
    let (status, one) = call(&t, &token, "GET", &format!("/paie/bulletins/{}", s["Badra"].id), None).await;
    assert_eq!((status, one["data"]["net_to_pay"].as_str()), (200, Some("26891.70")));
    let (status, rates) = call(&t, &token, "GET", "/paie/baremes", None).await;
    assert_eq!((status, rates["data"].as_array().unwrap().len()), (200, 3));
    let (status, again) = call(&t, &token, "POST", "/paie/mois/2026-11/valider", None).await;
    assert_eq!((status, again["code"].as_str()), (409, Some("conflict")));
}

/// The vendeuse may hand out advances (the admin gave her role that right), not approve them.
async fn vendeuse_with_advances(t: &TestApp) -> Browser<'_> {
    use fournil::auth::{Permission, store};
    let b = t.signed_in("amina", "vendeuse").await;
    let now = NOW.to_string();
    t.app
        .db
        .write(move |tx| {
            let role = store::role_by_code(tx, "vendeuse")?.unwrap();
            let mut perms = role.permissions.clone();
            perms.insert(Permission::PayrollAdvances);
            fournil::auth::ops::update_role(tx, &Actor::cli(), role.id, &role.name, &role.description, &perms, &now)
        })
        .await
        .unwrap();
    b
}

#[tokio::test]
async fn an_advance_above_the_net_needs_the_gerante_and_a_deducted_one_stays() {
    let t = spawn_ready().await;
    let chafia = employee(&t, "Chafia", 24_000, AttendanceMode::Exempt).await.to_string();
    t.given().shift().float("100000").await;
    let mut g = t.signed_in("gerante", "gerante").await;
    g.get("/compte").await;
    g.post("/compte/code-pin", &[("pin", "4821"), ("pin_confirm", "4821"), ("pin_current", PASSWORD)]).await;
    let gerante = t.count("SELECT id FROM users WHERE username = 'gerante'").await.to_string();
    let mut v = vendeuse_with_advances(&t).await;
    v.get("/paie/avances").await.assert_contains("Remettre une avance");

    // 30 000 DA against a net of 21 840: refused without the gérante, nothing saved.
    let ask = |token: &'static str, pin: &'static str| {
        vec![
            ("employee_id", chafia.clone()),
            ("amount", "30000".to_string()),
            ("mois", "2026-11".into()),
            ("method", "especes".into()),
            ("reason", "".into()),
            ("token", token.into()),
            ("approver_id", gerante.clone()),
            ("approval.pin", pin.into()),
        ]
    };
    let send =
        |f: &Vec<(&'static str, String)>| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<(&str, String)>>();
    let form = send(&ask("t1", ""));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = v.post("/paie/avances", &fields).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    refused.assert_contains("la gérante doit l");
    assert_eq!(t.count("SELECT count(*) FROM salary_advances").await, 0);
    // With her PIN it is handed out, and the audit names her.
    let form = send(&ask("t2", "4821"));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    v.post("/paie/avances", &fields).await.assert_redirect("/paie/avances?ok=avance");
    assert_eq!(t.count("SELECT count(*) FROM salary_advances WHERE approved_by IS NOT NULL").await, 1);
    t.assert_check_passes().await;

    // Not yet deducted: it may be cancelled (the cash comes back into the drawer).
    let id = t.count("SELECT id FROM salary_advances").await;
    v.post(&format!("/paie/avances/{id}/annuler"), &[]).await.assert_redirect("/paie/avances?ok=avance-annulee");
    t.assert_check_passes().await;

    // 10 000 DA taken by November's payroll: it stays.
    let small = [
        ("employee_id", chafia.as_str()),
        ("amount", "10000"),
        ("mois", "2026-11"),
        ("method", "banque"),
        ("reason", ""),
        ("token", "t3"),
    ];
    v.post("/paie/avances", &small).await.assert_redirect("/paie/avances?ok=avance");
    t.advance(Duration::days(10));
    lock(&t, "2026-11").await;
    g.login("gerante", PASSWORD).await; // the sessions of ten days ago have expired
    v.login("amina", PASSWORD).await;
    g.get("/paie").await; // their new CSRF tokens
    v.get("/paie/avances").await;
    g.post("/paie/preparer", &[("mois", "2026-11")]).await.assert_redirect("/paie?mois=2026-11&ok=paie-preparee");
    let run = t.count("SELECT id FROM payroll_runs").await;
    g.post(&format!("/paie/{run}/valider"), &[]).await.assert_redirect("/paie?mois=2026-11&ok=paie-validee");
    let taken = t.count("SELECT id FROM salary_advances WHERE payslip_id IS NOT NULL").await;
    let no = v.post(&format!("/paie/avances/{taken}/annuler"), &[]).await;
    assert_eq!(no.status, StatusCode::CONFLICT);
    no.assert_contains("déduite");
    assert_eq!(slips(&t, "2026-11").await["Chafia"].figures.net_to_pay, da("11840"));
    t.assert_check_passes().await;
}
