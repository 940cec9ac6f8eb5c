//! The clock in PUSH mode (ADMS), every scenario of the domain notes §3.5, driven by the device
//! emulator (clock_device.rs): handshake and heartbeats, real-time punches, batches, identical
//! re-uploads, unknown PINs, leading zeros, CRLF, trailing spaces, short lines, bad dates, state
//! codes 0–5, nights across midnight, the server or its database down then a retry, other tables,
//! clock skew, two devices with different state maps, an unknown device approved later.

use chrono::Duration;
use fournil::people::{AttendanceMode, Direction, Meaning};

use crate::clock_device::PushDevice;
use crate::staff_given::{StaffOf, at};
use crate::support::spawn_ready;

const SN: &str = "CQZ7224460246";

#[tokio::test]
async fn the_handshake_gives_the_options_and_an_unknown_clock_waits_for_approval() {
    let t = spawn_ready().await;
    let mut dev = PushDevice::in_process("NEW0001", &t.app);
    let (status, body) = dev.handshake().await;
    assert_eq!(status, 200);
    assert!(body.starts_with("GET OPTION FROM: NEW0001\n"), "{body}");
    for (k, v) in
        [("ATTLOGStamp", "None"), ("ErrorDelay", "30"), ("Delay", "10"), ("Realtime", "1"), ("TransFlag", "1111000000")]
    {
        assert_eq!(dev.options.get(k).map(String::as_str), Some(v), "{k} in {body}");
    }
    let pending = t.staff().device_row("NEW0001").await;
    assert_eq!(pending.status, fournil::people::DeviceStatus::Pending);
    assert!(pending.last_seen_at.is_some());
    // Heartbeats keep it alive and carry what it says of itself.
    t.advance(Duration::seconds(10));
    let (status, body) = dev.heartbeat().await;
    assert_eq!((status, body.trim()), (200, "OK"));
    let seen = t.staff().device_row("NEW0001").await;
    assert_ne!(seen.last_seen_at, pending.last_seen_at);
    assert!(seen.info.contains("Ver 6.60"), "{}", seen.info);
    // Its punches are held, not lost, not credited; approving it takes them in.
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    t.staff().enrol(ana, seen.id, "1").await;
    dev.punch("1", at("2026-11-24 08:30"), 0, 1).await.unwrap();
    assert_eq!(t.staff().held().await[0].1, "appareil_en_attente");
    assert!(t.staff().punches().await.is_empty());
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::system(), &t.app.clock);
    let (id, now) = (seen.id, t.app.clock.now());
    let taken = t.app.db.write(move |tx| fournil::people::ops::devices::approve(tx, &st, id, now)).await.unwrap();
    assert_eq!(taken, 1);
    assert_eq!(t.staff().punches().await.len(), 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_real_time_punch_is_acknowledged_once_stored_with_its_raw_state_and_verify_mode() {
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let dev_id = t.staff().device(SN).await;
    t.staff().enrol(ana, dev_id, "1").await;
    let mut dev = PushDevice::in_process(SN, &t.app);
    dev.handshake().await;
    assert_eq!(dev.punch("1", at("2026-11-24 08:30"), 0, 15).await, Ok(1));
    assert!(dev.unsent.is_empty(), "acknowledged");
    let row: (String, String, String, i64, i64, String) = t
        .app
        .db
        .read(|c| {
            Ok(c.query_row("SELECT local_time, at, direction, raw_state, verify_mode, source FROM punches", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?)
        })
        .await
        .unwrap();
    assert_eq!(
        row,
        ("2026-11-24 08:30:00".into(), "2026-11-24T07:30:00Z".into(), "in".into(), 0, 15, "pointeuse".into())
    );
    // The next handshake gives back the stamp the server holds.
    dev.handshake().await;
    assert_eq!(dev.options.get("ATTLOGStamp").map(String::as_str), Some("1"));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn ten_thousand_punches_then_the_same_again_change_nothing() {
    let t = spawn_ready().await;
    let dev_id = t.staff().device(SN).await;
    let mut dev = PushDevice::in_process(SN, &t.app);
    dev.handshake().await;
    dev.options.insert("Realtime".into(), "0".into());
    for n in 0..10 {
        let e = t.staff().employee(&format!("Employé {n}"), AttendanceMode::Clock).await;
        t.staff().enrol(e, dev_id, &format!("{}", 100 + n)).await;
    }
    // 10 people × 500 days × (IN, OUT).
    let start = at("2025-07-01 08:00");
    for day in 0..500 {
        for n in 0..10 {
            let morning = start + Duration::days(day) + Duration::minutes(n);
            dev.punch(&format!("{}", 100 + n), morning, 0, 1).await.unwrap();
            dev.punch(&format!("{}", 100 + n), morning + Duration::hours(8), 1, 1).await.unwrap();
        }
    }
    assert_eq!(dev.unsent.len(), 10_000);
    let started = std::time::Instant::now();
    assert_eq!(dev.upload().await, Ok(10_000));
    let first = started.elapsed();
    let count = || t.count("SELECT count(*) FROM punches");
    assert_eq!(count().await, 10_000);
    let before_held = t.count("SELECT count(*) FROM punch_quarantine").await;
    assert_eq!(dev.resend_everything().await, Ok(10_000));
    assert_eq!(count().await, 10_000);
    assert_eq!(t.count("SELECT count(*) FROM punch_quarantine").await, before_held);
    println!(
        "ATTLOG : 10 000 pointages en {:.2} s ({:.0} pointages/s, build de test)",
        first.as_secs_f64(),
        10_000.0 / first.as_secs_f64()
    );
    t.assert_check_passes().await;
}

#[tokio::test]
async fn two_clocks_pushing_batches_at_once_are_each_answered_and_recorded_whole() {
    // The server reads one batch at a time (the other waits in its socket): both are answered.
    let t = spawn_ready().await;
    let mut devices = Vec::new();
    for (k, sn) in [SN, "CQZ7224460999"].into_iter().enumerate() {
        let id = t.staff().device(sn).await;
        let e = t.staff().employee(&format!("Employé {k}"), AttendanceMode::Clock).await;
        t.staff().enrol(e, id, "7").await;
        let mut dev = PushDevice::in_process(sn, &t.app);
        dev.handshake().await;
        dev.options.insert("Realtime".into(), "0".into());
        for day in 0..300 {
            let morning = at("2026-01-05 08:00") + Duration::days(day);
            dev.punch("7", morning, 0, 1).await.unwrap();
            dev.punch("7", morning + Duration::hours(8), 1, 1).await.unwrap();
        }
        devices.push(dev);
    }
    let (mut b, mut a) = (devices.pop().unwrap(), devices.pop().unwrap());
    assert_eq!(tokio::join!(a.upload(), b.upload()), (Ok(600), Ok(600)));
    assert!(a.unsent.is_empty() && b.unsent.is_empty(), "both acknowledged");
    assert_eq!(t.count("SELECT count(*) FROM punches").await, 1_200);
    assert_eq!(t.count("SELECT count(*) FROM punch_quarantine").await, 0);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn unknown_pins_are_held_then_given_and_leading_zeros_are_kept() {
    let t = spawn_ready().await;
    let dev_id = t.staff().device(SN).await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let bilal = t.staff().employee("Bilal", AttendanceMode::Clock).await;
    t.staff().enrol(ana, dev_id, "007").await;
    t.staff().enrol(bilal, dev_id, "7").await;
    let mut dev = PushDevice::in_process(SN, &t.app);
    dev.handshake().await;
    dev.punch("007", at("2026-11-23 08:00"), 0, 1).await.unwrap();
    dev.punch("7", at("2026-11-23 08:05"), 0, 1).await.unwrap();
    dev.punch("0007", at("2026-11-23 12:00"), 1, 1).await.unwrap();
    let punches = t.staff().punches().await;
    assert_eq!(punches.iter().map(|p| p.0).collect::<Vec<_>>(), vec![ana, bilal], "never credited on a number");
    let held = t.staff().held().await;
    assert_eq!(held.len(), 1);
    assert_eq!((held[0].1.as_str(), held[0].2.as_deref()), ("pin_inconnu", Some("2026-11-23 12:00:00")));
    // Given to Ana by the gérante; the same line sent again is still one punch.
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::system(), &t.app.clock);
    let id = t.count("SELECT id FROM punch_quarantine").await;
    t.app
        .db
        .write(move |tx| fournil::people::ops::punches::reassign_held(tx, &st, id, ana, None, "badge de remplacement"))
        .await
        .unwrap();
    dev.resend_everything().await.unwrap();
    assert_eq!(t.staff().punches().await.len(), 3);
    assert_eq!(t.count("SELECT count(*) FROM punch_quarantine WHERE resolved_at IS NULL").await, 0);
    t.staff().punch(bilal, "2026-11-23 16:00", Direction::Out).await;
    assert_eq!(t.count("SELECT count(*) FROM punches").await, 4);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn crlf_trailing_spaces_short_lines_and_bad_dates_are_held_as_sent_never_timed_now() {
    let t = spawn_ready().await;
    let dev_id = t.staff().device(SN).await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    t.staff().enrol(ana, dev_id, "1").await;
    let dev = PushDevice::in_process(SN, &t.app);
    let body = "1\t2026-11-23 08:00:00\t0\t1\t0   \r\n\
                1\t2026-11-23 16:00:00\t1\t1\r\n\
                1\t2026-11-23\r\n\
                1\t2026-02-30 08:00:00\t0\t1\r\n\
                1\t0000-00-00 00:00:00\t0\t1\r\n\
                1\t2031-01-01 08:00:00\t0\t1\r\n\
                \r\n";
    let (status, text) = dev.post("ATTLOG", "&Stamp=6", body.to_string()).await;
    assert_eq!((status, text.trim()), (200, "OK: 6"));
    assert_eq!(t.staff().punches().await.len(), 2);
    let held = t.staff().held().await;
    let reasons: Vec<&str> = held.iter().map(|h| h.1.as_str()).collect();
    assert_eq!(reasons, ["ligne_illisible", "date_invalide", "date_invalide", "date_invalide"]);
    assert_eq!(held[0].0, "1\t2026-11-23", "kept as received, without its line ending");
    assert!(held[..3].iter().all(|h| h.2.is_none()), "a bad date is never replaced: {held:?}");
    assert_eq!(held[3].2.as_deref(), Some("2031-01-01 08:00:00"), "a date in the future is kept as said");
    // The same batch again: nothing more.
    dev.post("ATTLOG", "&Stamp=6", body.to_string()).await;
    assert_eq!(t.staff().held().await.len(), 4);
    assert_eq!(t.staff().punches().await.len(), 2);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn state_codes_0_to_5_are_read_through_the_device_map_and_two_devices_may_differ() {
    let t = spawn_ready().await;
    let shop = t.staff().device(SN).await;
    let lab = t.staff().device("LAB0002").await;
    // The lab's keys were remapped: 1 = entrée, 2 = sortie (the field observation of Dec 2025).
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::system(), &t.app.clock);
    let now = t.app.clock.now();
    t.app
        .db
        .write(move |tx| {
            let d = fournil::people::store::devices::device(tx, lab)?.unwrap();
            let draft = fournil::people::ops::devices::DeviceDraft {
                serial: d.serial,
                name: "Labo".into(),
                site_id: Some(2),
                mode: d.mode,
                pull_host: String::new(),
                pull_port: 4370,
                comm_key: 0,
            };
            fournil::people::ops::devices::update(
                tx,
                &st,
                lab,
                &draft,
                &[(1, Meaning::Entree), (2, Meaning::Sortie)],
                now,
            )
        })
        .await
        .unwrap();
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    t.staff().enrol(ana, shop, "1").await;
    t.staff().enrol(ana, lab, "1").await;
    let mut a = PushDevice::in_process(SN, &t.app);
    a.handshake().await;
    // A day with a break and overtime: in, break out, break in, out, overtime in, overtime out.
    for (time, state) in [("08:00", 0), ("12:00", 2), ("13:00", 3), ("17:00", 1), ("18:00", 4), ("20:00", 5)] {
        a.punch("1", at(&format!("2026-11-20 {time}")), state, 1).await.unwrap();
    }
    let mut b = PushDevice::in_process("LAB0002", &t.app);
    b.handshake().await;
    b.punch("1", at("2026-11-21 08:00"), 1, 1).await.unwrap();
    b.punch("1", at("2026-11-21 12:00"), 2, 1).await.unwrap();
    b.punch("1", at("2026-11-21 13:00"), 0, 1).await.unwrap(); // not in the lab's map
    let dirs: Vec<(String, Option<i64>)> = t.staff().punches().await.into_iter().map(|p| (p.2, p.3)).collect();
    let want = [("in", 0), ("out", 2), ("in", 3), ("out", 1), ("in", 4), ("out", 5), ("in", 1), ("out", 2)];
    assert_eq!(dirs, want.iter().map(|(d, s)| (d.to_string(), Some(*s))).collect::<Vec<_>>());
    assert_eq!(t.staff().held().await[0].1, "etat_inconnu");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_night_punched_across_midnight_is_one_day_of_eight_hours() {
    let t = spawn_ready().await;
    let dev_id = t.staff().device(SN).await;
    let karim = t.staff().employee("Karim", AttendanceMode::Clock).await;
    t.staff().week(karim, &[(1, "22:00", "06:00"), (2, "22:00", "06:00")]).await;
    t.staff().enrol(karim, dev_id, "3").await;
    let mut dev = PushDevice::in_process(SN, &t.app);
    dev.handshake().await;
    dev.punch("3", at("2026-11-16 22:00"), 0, 1).await.unwrap(); // Monday night
    dev.punch("3", at("2026-11-17 06:00"), 1, 1).await.unwrap();
    let e = t.app.db.read(move |c| Ok(fournil::people::store::employees::employee(c, karim)?.unwrap())).await.unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let (m, _) = t.app.db.read(move |c| fournil::people::ops::hours::month_of(c, &e, first, None)).await.unwrap();
    let monday = m.days.iter().find(|d| d.plan.day.to_string() == "2026-11-16").unwrap();
    assert_eq!((monday.worked, monday.scheduled, monday.overtime), (480, 480, 0));
    assert_eq!(monday.night, 7 * 60, "21:00–05:00 only");
    let tuesday = m.days.iter().find(|d| d.plan.day.to_string() == "2026-11-17").unwrap();
    assert_eq!(tuesday.worked, 0);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_server_down_then_its_database_down_lose_nothing_and_double_nothing() {
    let t = spawn_ready().await;
    let dev_id = t.staff().device(SN).await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    t.staff().enrol(ana, dev_id, "1").await;
    let mut dev = PushDevice::in_process(SN, &t.app);
    dev.handshake().await;
    // The network is down: the device keeps its punch.
    dev.down = true;
    assert!(dev.punch("1", at("2026-11-23 08:00"), 0, 1).await.is_err());
    assert_eq!(dev.unsent.len(), 1);
    // The receiver is up but its database fails: a 500, nothing acknowledged, nothing stored.
    dev.down = false;
    t.app.db.write(|tx| Ok(tx.execute_batch("ALTER TABLE punches RENAME TO punches_away")?)).await.unwrap();
    assert_eq!(dev.punch("1", at("2026-11-23 16:00"), 1, 1).await, Err(500));
    assert_eq!(dev.unsent.len(), 2);
    t.app.db.write(|tx| Ok(tx.execute_batch("ALTER TABLE punches_away RENAME TO punches")?)).await.unwrap();
    // After ErrorDelay the device sends again: both punches, once.
    t.advance(dev.error_delay());
    assert_eq!(dev.upload().await, Ok(2));
    assert_eq!(t.staff().punches().await.len(), 2);
    assert_eq!(dev.upload().await, Ok(0));
    dev.resend_everything().await.unwrap();
    assert_eq!(t.staff().punches().await.len(), 2);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn operation_logs_photos_and_command_results_are_accepted_and_ignored() {
    let t = spawn_ready().await;
    t.staff().device(SN).await;
    let dev = PushDevice::in_process(SN, &t.app);
    let oplog =
        "OPLOG 4\t0\t2026-11-23 08:00:00\t0\t0\t0\t0\nUSER PIN=1\tName=Ana\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0\n";
    assert_eq!(dev.post("OPERLOG", "&OpStamp=3", oplog.into()).await, (200, "OK\n".to_string()));
    assert_eq!(dev.post("ATTPHOTO", "", "PIN=20261123080000-1.jpg\nCMD=uploadphoto\u{1}\u{2}".into()).await.0, 200);
    assert_eq!(
        t.count("SELECT count(*) FROM punches").await + t.count("SELECT count(*) FROM punch_quarantine").await,
        0
    );
    let endpoint = poem::EndpointExt::boxed(fournil::zkteco::push::endpoint(t.app.clone()));
    let client = poem::test::TestClient::new(endpoint);
    for path in ["/iclock/devicecmd?SN=CQZ7224460246", "/iclock/ping?SN=CQZ7224460246", "/iclock/registry?SN=X"] {
        let resp = client.post(path).body("ID=1&Return=0&CMD=INFO").send().await;
        resp.assert_status_is_ok();
        resp.assert_text("OK\n").await;
    }
    let resp = client.get("/iclock/cdata?options=all").send().await;
    resp.assert_status(poem::http::StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_fast_device_clock_is_shown_as_drift_and_its_punches_keep_the_time_it_said() {
    let t = spawn_ready().await;
    let dev_id = t.staff().device(SN).await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    t.staff().enrol(ana, dev_id, "1").await;
    let mut dev = PushDevice::in_process(SN, &t.app);
    dev.skew = Duration::minutes(7);
    dev.handshake().await;
    // Now is 09:00 in Algiers: the device says 09:07.
    dev.punch("1", at("2026-11-24 09:00"), 0, 1).await.unwrap();
    assert_eq!(t.staff().device_row(SN).await.drift_seconds, Some(420));
    assert_eq!(t.staff().punches().await[0].1, "2026-11-24 09:07:00");
}

#[tokio::test]
async fn a_punch_for_a_month_locked_for_payroll_is_held_not_counted() {
    let t = spawn_ready().await;
    let dev_id = t.staff().device(SN).await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    t.staff().enrol(ana, dev_id, "1").await;
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::system(), &t.app.clock);
    let first = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let now = crate::staff_given::at("2026-11-24 09:00");
    t.app.db.write(move |tx| fournil::people::ops::hours::lock_month(tx, &st, first, now)).await.unwrap();
    let mut dev = PushDevice::in_process(SN, &t.app);
    dev.handshake().await;
    dev.punch("1", at("2026-10-30 08:00"), 0, 1).await.unwrap();
    assert_eq!(t.staff().held().await[0].1, "mois_verrouille");
    t.assert_check_passes().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_listens_for_the_clock_on_its_own_port_once_a_clock_is_registered() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    {
        let db = fournil::db::Db::open(&dir.path().join("fournil.db")).unwrap();
        let clock = fournil::clock::Clock::system();
        let st = fournil::audit::Stamp::new(fournil::audit::Actor::cli(), &clock);
        let now = clock.now();
        db.write_sync(|tx| {
            let d = fournil::people::ops::devices::DeviceDraft {
                serial: SN.into(),
                name: "Magasin".into(),
                site_id: Some(1),
                mode: fournil::people::DeviceMode::Push,
                pull_host: String::new(),
                pull_port: 4370,
                comm_key: 0,
            };
            fournil::people::ops::devices::register(tx, &st, &d, &fournil::people::Meaning::DEFAULTS, now)
        })
        .unwrap();
    }
    let (web, clock_port) = (crate::browser::free_port(), crate::browser::free_port());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_fournil"))
        .args(["serve", "--listen", &format!("127.0.0.1:{web}"), "--clock-listen", &format!("127.0.0.1:{clock_port}")])
        .env("FOURNIL_DATA_DIR", dir.path())
        .env("FOURNIL_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let _server = Killed(child);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", clock_port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "the clock's port never opened");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut dev = PushDevice::new(SN, crate::clock_device::Link::Http(format!("http://127.0.0.1:{clock_port}")));
    let (status, body) = dev.handshake().await;
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with(&format!("GET OPTION FROM: {SN}")), "{body}");
    let (status, body) = dev.heartbeat().await;
    assert_eq!((status, body.trim()), (200, "OK"));
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Africa::Algiers).naive_local();
    assert_eq!(dev.punch("42", now, 0, 1).await, Ok(1));
    let held: i64 = rusqlite::Connection::open(dir.path().join("fournil.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM punch_quarantine WHERE reason = 'pin_inconnu'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(held, 1, "an unknown PIN is held, and the device got its OK");
}

/// The server of a test, killed with its process group when the test ends (even on a panic).
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let pid = self.0.id() as i32;
        let _ = std::process::Command::new("kill").args(["-KILL", "--", &format!("-{pid}")]).status();
        let _ = self.0.wait();
    }
}
