//! The staff pages as the gérante and the others use them: employees (salaries only with their
//! permission), enrolments, weeks, the day board and its corrections, leave, the calendar, the
//! clocks and the quarantine, the hours of a month and their lock.

use std::collections::BTreeSet;

use fournil::auth::Permission;
use fournil::people::{AttendanceMode, Direction};
use poem::http::StatusCode;

use crate::clock_device::PushDevice;
use crate::staff_given::{StaffOf, at};
use crate::support::*;

fn employee_form<'a>(name: &'a str, salary: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("full_name", name),
        ("job", "boulanger"),
        ("site_id", "2"),
        ("hired_on", "2025-03-10"),
        ("contract", "cdi"),
        ("monthly_salary", salary),
        ("weekly_hours", "40"),
        ("rest_5", "1"),
        ("attendance", "pointeuse"),
        ("active", "1"),
    ]
}

#[tokio::test]
async fn the_gerante_hires_and_a_seller_never_opens_the_staff() {
    let t = spawn_ready().await;
    let mut g = t.signed_in("samia", "gerante").await;
    g.get("/personnel/nouveau").await.assert_contains("Salaire de base mensuel");
    let bad = g.post("/personnel/nouveau", &[("full_name", " "), ("contract", "cdd"), ("weekly_hours", "99")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Le nom est obligatoire");
    bad.assert_contains("Un CDD ou une période d'essai a une date de fin.");
    let done = g.post("/personnel/nouveau", &employee_form("Karim Haddad", "32 000")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = g.get(done.location().unwrap()).await;
    page.assert_contains("Karim Haddad");
    page.assert_contains("32 000,00");
    page.assert_contains("vendredi");
    let mut v = t.signed_in("amel", "vendeuse").await;
    assert_eq!(v.get("/personnel").await.status, StatusCode::FORBIDDEN);
    assert_eq!(v.get("/personnel/jour").await.status, StatusCode::FORBIDDEN);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn salaries_are_shown_and_changed_only_with_their_permission() {
    let t = spawn_ready().await;
    let mut g = t.signed_in("samia", "gerante").await;
    g.get("/personnel/nouveau").await;
    g.post("/personnel/nouveau", &employee_form("Karim Haddad", "32 000"))
        .await
        .assert_redirect("/personnel/1?ok=employe");
    // The production role may see the staff, not what they earn.
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::cli(), &t.app.clock);
    t.app
        .db
        .write(move |tx| {
            let perms: BTreeSet<Permission> = [Permission::PeopleView, Permission::Produce].into();
            fournil::auth::ops::update_role(tx, &st.actor, 4, "Production", "Labo", &perms, &st.now)
        })
        .await
        .unwrap();
    let mut p = t.signed_in("karim", "production").await;
    for path in ["/personnel", "/personnel/1", "/personnel/heures"] {
        let page = p.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("32 000") && !page.body.contains("Salaire"), "{path} shows a salary");
    }
    assert_eq!(p.get("/personnel/1/modifier").await.status, StatusCode::FORBIDDEN);
    // A manager without the salaries permission keeps the salary as it was.
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::cli(), &t.app.clock);
    t.app
        .db
        .write(move |tx| {
            let perms: BTreeSet<Permission> = [Permission::PeopleView, Permission::PeopleManage].into();
            fournil::auth::ops::update_role(tx, &st.actor, 3, "Vendeuse", "Comptoir", &perms, &st.now)
        })
        .await
        .unwrap();
    let mut m = t.signed_in("amel", "vendeuse").await;
    let form = m.get("/personnel/1/modifier").await;
    assert!(!form.body.contains("monthly_salary"), "no salary field");
    let mut edit = employee_form("Karim H.", "1");
    edit.retain(|(k, _)| *k != "monthly_salary");
    m.post("/personnel/1", &edit).await.assert_redirect("/personnel/1?ok=employe");
    g.get("/personnel/1").await.assert_contains("32 000,00");
    let audit: String = t
        .app
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT group_concat(coalesce(after, ''), ' ') FROM audit_log WHERE kind = 'personnel.fiche'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert!(!audit.contains("3200000") && !audit.contains("32000"), "the trail never holds a salary: {audit}");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_pin_is_enrolled_once_per_clock_as_text() {
    let t = spawn_ready().await;
    let dev = t.staff().device("CQZ1").await;
    let a = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let b = t.staff().employee("Bilal", AttendanceMode::Clock).await;
    let mut g = t.signed_in("samia", "gerante").await;
    g.get(&format!("/personnel/{a}")).await;
    let dev = dev.to_string();
    g.post(&format!("/personnel/{a}/inscriptions"), &[("device_id", &dev), ("pin", "007")])
        .await
        .assert_redirect(&format!("/personnel/{a}?ok=inscription"));
    g.get(&format!("/personnel/{b}")).await;
    let again = g.post(&format!("/personnel/{b}/inscriptions"), &[("device_id", &dev), ("pin", "007")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    again.assert_contains("Le code 007 est déjà celui de Ana sur cette pointeuse.");
    g.post(&format!("/personnel/{b}/inscriptions"), &[("device_id", &dev), ("pin", "7")])
        .await
        .assert_redirect(&format!("/personnel/{b}?ok=inscription"));
    let bad = g.post(&format!("/personnel/{b}/inscriptions"), &[("device_id", &dev), ("pin", "7 2")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    g.get(&format!("/personnel/{a}")).await.assert_contains("<strong>007</strong>");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_overlapping_week_is_refused_and_a_bakers_night_is_saved() {
    let t = spawn_ready().await;
    let k = t.staff().employee("Karim", AttendanceMode::Clock).await;
    let mut g = t.signed_in("samia", "gerante").await;
    g.get(&format!("/personnel/{k}/horaires")).await.assert_contains("Semaine type");
    let path = format!("/personnel/{k}/horaires");
    let overlap = g
        .post(
            &path,
            &[
                ("valid_from", "2026-11-01"),
                ("s1_0_start", "22:00"),
                ("s1_0_end", "06:00"),
                ("s2_0_start", "05:00"),
                ("s2_0_end", "09:00"),
            ],
        )
        .await;
    assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    overlap.assert_contains("Deux services se chevauchent : lundi 22:00–06:00 et mardi 05:00–09:00.");
    let friday = g.post(&path, &[("valid_from", "2026-11-01"), ("s5_0_start", "08:00"), ("s5_0_end", "12:00")]).await;
    assert_eq!(friday.status, StatusCode::UNPROCESSABLE_ENTITY);
    friday.assert_contains("vendredi est un jour de repos");
    let night: Vec<(String, String)> = (1..=4)
        .flat_map(|d| [(format!("s{d}_0_start"), "22:00".to_string()), (format!("s{d}_0_end"), "06:00".to_string())])
        .chain([("valid_from".to_string(), "2026-11-01".to_string())])
        .collect();
    let night: Vec<(&str, &str)> = night.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    g.post(&path, &night).await.assert_redirect(&format!("/personnel/{k}/horaires?ok=horaire"));
    let page = g.get(&path).await;
    page.assert_contains("32 h 00 par semaine");
    let exc = g
        .post(
            &format!("/personnel/{k}/exceptions"),
            &[("day", "2026-11-26"), ("off", "1"), ("note", "échange avec Ali")],
        )
        .await;
    assert_eq!(exc.status, StatusCode::SEE_OTHER);
    g.get(&path).await.assert_contains("échange avec Ali");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_day_board_shows_who_is_in_late_absent_on_leave_and_corrects_a_missing_out() {
    let t = spawn_ready().await;
    let s = t.staff();
    let (ana, bilal, chems, dalila) = (
        s.employee("Ana", AttendanceMode::Clock).await,
        s.employee("Bilal", AttendanceMode::Clock).await,
        s.employee("Chems", AttendanceMode::Clock).await,
        s.employee("Dalila", AttendanceMode::Clock).await,
    );
    for e in [ana, bilal, dalila] {
        s.week(e, &[(1, "08:00", "16:00"), (2, "08:00", "16:00")]).await;
    }
    s.week(chems, &[(2, "05:00", "08:30")]).await;
    // Ana forgot to punch out on Monday; she is in this Tuesday morning.
    s.punch(ana, "2026-11-23 07:55", Direction::In).await;
    s.punch(ana, "2026-11-24 07:58", Direction::In).await;
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::system(), &t.app.clock);
    t.app
        .db
        .write(move |tx| {
            let d = fournil::people::ops::leave::LeaveDraft {
                employee_id: dalila,
                kind: fournil::people::LeaveKind::Annual,
                first_day: "2026-11-24".parse().unwrap(),
                last_day: "2026-11-25".parse().unwrap(),
                note: String::new(),
            };
            let id = fournil::people::ops::leave::request(tx, &st, &d)?;
            fournil::people::ops::leave::decide(tx, &st, id, fournil::people::LeaveStatus::Approved, "")
        })
        .await
        .unwrap();
    let mut g = t.signed_in("samia", "gerante").await;
    let board = g.get("/personnel/jour").await;
    board.assert_contains("Présent depuis 07:58");
    board.assert_contains("En retard (60 min, prévu à 08:00)");
    board.assert_contains("Absent");
    board.assert_contains("Congé annuel");
    board.assert_contains("Sortie manquante");
    // A correction without a reason comes back with the message, beside the form.
    let path = format!("/personnel/{ana}/pointages");
    let back = "/personnel/jour?jour=2026-11-24";
    let fix = [
        ("day", "2026-11-23"),
        ("time", "16:05"),
        ("direction", "out"),
        ("source", "correction"),
        ("back", back),
        ("fix", "1"),
    ];
    let bad = g.post(&path, &fix).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Un motif est obligatoire");
    bad.assert_contains("mardi 24/11/2026");
    bad.assert_contains("<details open>");
    let mut good = fix.to_vec();
    good.push(("reason", "oubli, vu avec la gérante"));
    g.post(&path, &good).await.assert_redirect("/personnel/jour?jour=2026-11-24&ok=pointage");
    let board = g.get("/personnel/jour").await;
    board.assert_contains("Rien : chaque pointage a sa paire.");
    let kinds = t.audit_kinds().await;
    assert!(kinds.contains(&"personnel.pointage_saisi".to_string()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_month_is_locked_once_over_and_clean_and_then_nothing_in_it_changes() {
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    t.staff().punch(ana, "2026-10-05 08:00", Direction::In).await;
    let mut g = t.signed_in("samia", "gerante").await;
    g.get("/personnel/heures?mois=2026-10").await.assert_contains("Heures de octobre 2026");
    let refused = g.post("/personnel/heures/verrouiller", &[("mois", "2026-10")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("restent à corriger"), "{}", refused.body);
    t.staff().punch(ana, "2026-10-05 16:00", Direction::Out).await;
    let now = g.post("/personnel/heures/verrouiller", &[("mois", "2026-11")]).await;
    assert_eq!(now.status, StatusCode::CONFLICT, "November is not over");
    g.get("/personnel/heures?mois=2026-10").await;
    g.post("/personnel/heures/verrouiller", &[("mois", "2026-10")])
        .await
        .assert_redirect("/personnel/heures?mois=2026-10&ok=mois-verrouille");
    g.get("/personnel/heures?mois=2026-10").await.assert_contains("verrouillé pour la paie");
    let late = g
        .post(
            &format!("/personnel/{ana}/pointages"),
            &[("day", "2026-10-06"), ("time", "08:00"), ("direction", "in"), ("reason", "oubli")],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    let export = g.get("/personnel/heures/export?mois=2026-10").await;
    assert_eq!(
        export.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert!(export.body.starts_with("PK"), "an xlsx is a zip");
    assert_eq!(t.count("SELECT count(*) FROM hours_months WHERE month = '2026-10' AND worked_min = 480").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn leave_beyond_the_balance_is_refused_and_its_days_are_neither_absence_nor_work() {
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    t.staff().week(ana, &[(1, "08:00", "16:00"), (2, "08:00", "16:00"), (3, "08:00", "16:00")]).await;
    let mut g = t.signed_in("samia", "gerante").await;
    // Hired 1 January 2025: 22 months of service by 24 November 2026 = 55 days.
    g.get("/personnel/conges").await.assert_contains("55 j");
    let id = ana.to_string();
    let too_much = g
        .post(
            "/personnel/conges",
            &[("employee_id", &id), ("kind", "annuel"), ("first_day", "2026-12-01"), ("last_day", "2027-01-29")],
        )
        .await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    too_much.assert_contains("Solde insuffisant : 55 j disponible(s)");
    g.post(
        "/personnel/conges",
        &[("employee_id", &id), ("kind", "annuel"), ("first_day", "2026-11-09"), ("last_day", "2026-11-11")],
    )
    .await
    .assert_redirect("/personnel/conges?ok=conge");
    let leave_id = t.count("SELECT id FROM leave_requests").await;
    g.get("/personnel/conges").await;
    g.post(&format!("/personnel/conges/{leave_id}/approuver"), &[])
        .await
        .assert_redirect("/personnel/conges?ok=conge-decide");
    g.get("/personnel/conges").await.assert_contains("52 j");
    let e = t.app.db.read(move |c| Ok(fournil::people::store::employees::employee(c, ana)?.unwrap())).await.unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let (m, _) = t.app.db.read(move |c| fournil::people::ops::hours::month_of(c, &e, first, None)).await.unwrap();
    assert_eq!(m.totals.leave_days, 3);
    let leave_days: Vec<_> = m.days.iter().filter(|d| d.plan.leave.is_some()).collect();
    assert!(leave_days.iter().all(|d| !d.absent && d.worked == 0 && d.scheduled == 0));
    // 13 scheduled days in November, 9–11 on leave, nothing punched: 10 absences (seen from no particular day).
    assert_eq!(m.totals.absence_days, 13 - 3);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_calendar_is_prefilled_with_expected_dates_and_fixed_days_stay() {
    let t = spawn_ready().await;
    let mut g = t.signed_in("samia", "gerante").await;
    let page = g.get("/personnel/calendrier?annee=2027").await;
    page.assert_contains("Yennayer");
    page.assert_contains("Fête de l'indépendance");
    g.post("/personnel/calendrier/preremplir", &[("annee", "2027")])
        .await
        .assert_redirect("/personnel/calendrier?annee=2027&ok=calendrier");
    let page = g.get("/personnel/calendrier?annee=2027").await;
    page.assert_contains("Aïd el-Fitr (2e jour)");
    page.assert_contains("prévue");
    let fixed = g.post("/personnel/calendrier", &[("day", "2027-07-05"), ("name", "Autre")]).await;
    assert_eq!(fixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    fixed.assert_contains("déjà férié : Fête de l'indépendance");
    g.post("/personnel/calendrier", &[("day", "2027-03-11"), ("name", "Aïd el-Fitr"), ("confirmed", "1")])
        .await
        .assert_redirect("/personnel/calendrier?annee=2027&ok=ferie");
    g.get("/personnel/calendrier?annee=2027").await.assert_contains("confirmée");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_clock_registered_by_serial_and_a_held_line_given_from_the_quarantine_page() {
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let mut g = t.signed_in("samia", "gerante").await;
    g.get("/personnel/pointeuses").await.assert_contains("Aucune pointeuse");
    let mut form: Vec<(String, String)> = vec![
        ("serial".into(), "CQZ7224460246".into()),
        ("name".into(), "Magasin".into()),
        ("site_id".into(), "1".into()),
        ("mode".into(), "push".into()),
        ("pull_port".into(), "4370".into()),
        ("comm_key".into(), "0".into()),
    ];
    form.extend([("state_0", "entree"), ("state_1", "sortie")].map(|(k, v)| (k.to_string(), v.to_string())));
    let fields: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    g.post("/personnel/pointeuses", &fields).await.assert_redirect("/personnel/pointeuses/1?ok=pointeuse");
    let again = g.post("/personnel/pointeuses", &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    again.assert_contains("déjà enregistrée");
    let mut dev = PushDevice::in_process("CQZ7224460246", &t.app);
    dev.handshake().await;
    dev.punch("9", at("2026-11-24 08:00"), 0, 1).await.unwrap();
    dev.punch("9", at("2026-11-24 08:30"), 7, 1).await.unwrap();
    let page = g.get("/personnel/quarantaine").await;
    page.assert_contains("Code inconnu sur cette pointeuse");
    page.assert_contains("État inconnu pour cette pointeuse");
    let (first, second) =
        (t.count("SELECT min(id) FROM punch_quarantine").await, t.count("SELECT max(id) FROM punch_quarantine").await);
    let who = ana.to_string();
    let no_reason = g.post(&format!("/personnel/quarantaine/{first}/attribuer"), &[("employee_id", &who)]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    g.post(&format!("/personnel/quarantaine/{first}/attribuer"), &[("employee_id", &who), ("note", "badge prêté")])
        .await
        .assert_redirect("/personnel/quarantaine?ok=quarantaine");
    g.post(&format!("/personnel/quarantaine/{second}/ecarter"), &[("note", "touche essayée par le technicien")])
        .await
        .assert_redirect("/personnel/quarantaine?ok=quarantaine");
    g.get("/personnel/quarantaine").await.assert_contains("Rien en quarantaine.");
    g.get("/").await.assert_contains("CQZ7224460246");
    t.assert_check_passes().await;
}
