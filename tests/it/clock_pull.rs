//! The clock in PULL mode (TCP 4370) against the emulator (clock_pull_device.rs): the comm key,
//! the three record layouts, a log read inline or in chunks, only what is new read each time (all
//! again after the log was cleared, never doubled), unknown PINs and leading zeros, state codes
//! 0–5, a night across midnight, a date that does not exist, clock skew, a device that is down,
//! a pulled clock with its own state map beside a pushing one, 10 000 records read again.

use chrono::Duration;
use fournil::people::{AttendanceMode, DeviceMode};

use crate::clock_pull_device::{EmuRecord, EmuState, PullDevice, zk_time};
use crate::staff_given::{StaffOf, at};
use crate::support::*;

fn rec(uid: u16, pin: &str, when: &str, state: u8) -> EmuRecord {
    EmuRecord { uid, pin: pin.into(), verify: 1, raw_time: zk_time(at(when)), state }
}

fn emulator(records: Vec<EmuRecord>, key: u32, layout: usize) -> EmuState {
    EmuState {
        records,
        comm_key: key,
        layout,
        device_time: at("2026-11-24 09:03"),
        inline_limit: 1024,
        trace: Vec::new(),
        bad_checksums: 0,
    }
}

async fn pull(t: &TestApp, serial: &str) -> Result<fournil::zkteco::ops::Batch, fournil::error::AppError> {
    let d = t.staff().device_row(serial).await;
    fournil::zkteco::pull::pull_device(&t.app, &d).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_reads_the_log_with_the_comm_key_then_only_what_is_new() {
    let t = spawn_ready().await;
    let records = vec![
        rec(1, "007", "2026-11-23 21:58", 0), // a night …
        rec(2, "7", "2026-11-23 22:05", 0),
        rec(1, "007", "2026-11-24 06:01", 1), // … that ends the next morning
        rec(3, "99", "2026-11-24 06:30", 0),  // nobody's PIN
    ];
    let dev = PullDevice::start(emulator(records, 4242, 40)).await;
    let id = t.staff().device_in("WL30-LABO", DeviceMode::Pull, "127.0.0.1", i64::from(dev.port), 4242).await;
    let (ana, bilal) = (
        t.staff().employee("Ana", AttendanceMode::Clock).await,
        t.staff().employee("Bilal", AttendanceMode::Clock).await,
    );
    t.staff().enrol(ana, id, "007").await;
    t.staff().enrol(bilal, id, "7").await;
    let b = pull(&t, "WL30-LABO").await.unwrap();
    assert_eq!((b.lines, b.new, b.held), (4, 3, 1));
    let punches = t.staff().punches().await;
    assert_eq!(punches.iter().map(|p| p.0).collect::<Vec<_>>(), vec![ana, bilal, ana], "007 is not 7");
    assert_eq!(t.staff().held().await[0].1, "pin_inconnu");
    let device = t.staff().device_row("WL30-LABO").await;
    assert_eq!((device.pull_cursor, device.drift_seconds), (4, Some(180)));
    assert!(device.last_error.is_empty());
    // The comm key was asked for and given.
    assert_eq!(&dev.trace()[..2], &[1000, 1102]);
    // Next time only the new records are taken in.
    dev.push(rec(2, "7", "2026-11-24 06:02", 1));
    let b = pull(&t, "WL30-LABO").await.unwrap();
    assert_eq!((b.lines, b.new, b.held), (1, 1, 0));
    // Nothing new: nothing done.
    assert_eq!(pull(&t, "WL30-LABO").await.unwrap().lines, 0);
    // The log cleared on the device (one punch left, already known): read again, doubled never.
    dev.state.lock().unwrap().records = vec![rec(2, "7", "2026-11-24 06:02", 1)];
    let b = pull(&t, "WL30-LABO").await.unwrap();
    assert_eq!((b.lines, b.new, b.known), (1, 0, 1));
    assert_eq!(t.staff().punches().await.len(), 4);
    // Ana's night is one day of 8 h 03 on the 23rd.
    let e = t.app.db.read(move |c| Ok(fournil::people::store::employees::employee(c, ana)?.unwrap())).await.unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let (m, _) = t.app.db.read(move |c| fournil::people::ops::hours::month_of(c, &e, first, None)).await.unwrap();
    let night = m.days.iter().find(|d| d.plan.day.to_string() == "2026-11-23").unwrap();
    assert_eq!(night.worked, 8 * 60 + 3);
    assert_eq!(dev.state.lock().unwrap().bad_checksums, 0, "every packet's checksum was right");
    t.assert_check_passes().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_comm_key_is_refused_and_said_on_the_clock_page() {
    let t = spawn_ready().await;
    let dev = PullDevice::start(emulator(vec![rec(1, "1", "2026-11-24 08:00", 0)], 4242, 40)).await;
    t.staff().device_in("WL30-X", DeviceMode::Pull, "127.0.0.1", i64::from(dev.port), 1111).await;
    let err = pull(&t, "WL30-X").await.unwrap_err();
    assert!(err.to_string().contains("mot de passe de communication refusé"), "{err}");
    assert_eq!(
        t.count("SELECT count(*) FROM punches").await + t.count("SELECT count(*) FROM punch_quarantine").await,
        0
    );
    let device = t.staff().device_row("WL30-X").await;
    assert!(device.last_error.contains("mot de passe"), "{}", device.last_error);
    assert_eq!(device.pull_cursor, 0);
    let mut g = t.signed_in("samia", "gerante").await;
    g.get("/personnel/pointeuses/1").await.assert_contains("mot de passe de communication refusé");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn older_firmware_layouts_state_codes_and_a_date_that_does_not_exist() {
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let day = [("08:00", 0), ("12:00", 2), ("13:00", 3), ("17:00", 1), ("18:00", 4), ("20:00", 5)];
    for (layout, serial) in [(16usize, "OLD16"), (8, "OLD8")] {
        let mut records: Vec<EmuRecord> = day
            .iter()
            .map(|(h, s)| rec(1001, "1001", &format!("2026-11-2{} {h}", if layout == 16 { 0 } else { 1 }), *s))
            .collect();
        // The 31st of February: a date the device wrote but that does not exist.
        records.push(EmuRecord {
            uid: 1001,
            pin: "1001".into(),
            verify: 1,
            raw_time: ((26 * 12 + 1) * 31 + 30) * 86_400,
            state: 0,
        });
        let dev = PullDevice::start(emulator(records, 0, layout)).await;
        let id = t.staff().device_in(serial, DeviceMode::Pull, "127.0.0.1", i64::from(dev.port), 0).await;
        t.staff().enrol(ana, id, "1001").await;
        let b = pull(&t, serial).await.unwrap();
        assert_eq!((b.lines, b.new, b.held), (7, 6, 1), "{layout} bytes");
        drop(dev);
    }
    let states: Vec<Option<i64>> = t.staff().punches().await.iter().map(|p| p.3).collect();
    assert_eq!(states, [0, 2, 3, 1, 4, 5, 0, 2, 3, 1, 4, 5].map(Some).to_vec());
    let held = t.staff().held().await;
    assert!(held.iter().all(|h| h.1 == "date_invalide" && h.2.is_none()), "{held:?}");
    t.assert_check_passes().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_log_is_read_in_chunks_and_a_device_down_is_an_error_not_a_crash() {
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let start = at("2022-10-01 08:00");
    let records: Vec<EmuRecord> = (0..3_000)
        .map(|i| {
            let when = start + Duration::days(i / 2) + Duration::hours(8 * (i % 2));
            EmuRecord { uid: 1, pin: "5".into(), verify: 1, raw_time: zk_time(when), state: (i % 2) as u8 }
        })
        .collect();
    let dev = PullDevice::start(emulator(records, 0, 40)).await;
    let id = t.staff().device_in("BIG", DeviceMode::Pull, "127.0.0.1", i64::from(dev.port), 0).await;
    t.staff().enrol(ana, id, "5").await;
    let b = pull(&t, "BIG").await.unwrap();
    assert_eq!((b.lines, b.new), (3_000, 3_000));
    assert!(dev.trace().iter().filter(|c| **c == 1504).count() >= 2, "120 KB come in several chunks");
    let port = dev.port;
    drop(dev);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let err = pull(&t, "BIG").await.unwrap_err();
    assert!(err.to_string().contains("injoignable"), "{err}");
    let device = t.staff().device_row("BIG").await;
    assert_eq!(device.pull_cursor, 3_000);
    assert!(!device.last_error.is_empty());
    // Back on the network: nothing is read twice.
    let dev = PullDevice::start(emulator(Vec::new(), 0, 40)).await;
    let _ = port;
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::system(), &t.app.clock);
    let now = t.app.clock.now();
    let new_port = i64::from(dev.port);
    t.app
        .db
        .write(move |tx| {
            let d = fournil::people::store::devices::device(tx, id)?.unwrap();
            let draft = fournil::people::ops::devices::DeviceDraft {
                serial: d.serial,
                name: d.name,
                site_id: d.site_id,
                mode: d.mode,
                pull_host: d.pull_host,
                pull_port: new_port,
                comm_key: 0,
            };
            fournil::people::ops::devices::update(tx, &st, id, &draft, &fournil::people::Meaning::DEFAULTS, now)
        })
        .await
        .unwrap();
    dev.state.lock().unwrap().records = (0..3_000)
        .map(|i| {
            let when = start + Duration::days(i / 2) + Duration::hours(8 * (i % 2));
            EmuRecord { uid: 1, pin: "5".into(), verify: 1, raw_time: zk_time(when), state: (i % 2) as u8 }
        })
        .collect();
    assert_eq!(pull(&t, "BIG").await.unwrap().lines, 0);
    assert!(t.staff().device_row("BIG").await.last_error.is_empty());
    assert_eq!(t.count("SELECT count(*) FROM punches").await, 3_000);
    t.assert_check_passes().await;
}

/// The shop's clock pushes with ZKTeco's defaults; the lab's, read over TCP 4370, had its keys
/// remapped (1 = entrée, 2 = sortie): the same codes are read each its own way, a code outside
/// the lab's map is held; then the lab's whole log read again (10 000 records, the cursor lost)
/// changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pulled_clock_keeps_its_own_state_map_and_its_whole_log_read_again_changes_nothing() {
    use fournil::people::Meaning;

    use crate::clock_device::PushDevice;

    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let shop = t.staff().device("SHOP01").await;
    t.staff().enrol(ana, shop, "1").await;
    let mut push = PushDevice::in_process("SHOP01", &t.app);
    push.handshake().await;
    push.punch("1", at("2026-11-19 08:00"), 1, 1).await.unwrap(); // 1 = sortie here: an OUT
    push.punch("1", at("2026-11-19 16:00"), 0, 1).await.unwrap(); // 0 = entrée here: an IN

    // 5 000 days of the lab's log: state 1 in the morning, 2 in the evening, and one 0.
    let start = at("2012-12-01 07:00");
    let mut records: Vec<EmuRecord> = (0..10_000)
        .map(|i| {
            let when = start + Duration::days(i / 2) + Duration::hours(8 * (i % 2));
            EmuRecord { uid: 1, pin: "1".into(), verify: 1, raw_time: zk_time(when), state: 1 + (i % 2) as u8 }
        })
        .collect();
    records.push(rec(1, "1", "2026-11-20 09:00", 0));
    let dev = PullDevice::start(emulator(records, 0, 40)).await;
    let st = fournil::audit::Stamp::new(fournil::audit::Actor::system(), &t.app.clock);
    let (now, port) = (t.app.clock.now(), i64::from(dev.port));
    let lab = t
        .app
        .db
        .write(move |tx| {
            let d = fournil::people::ops::devices::DeviceDraft {
                serial: "LAB-PULL".into(),
                name: "Labo".into(),
                site_id: Some(2),
                mode: DeviceMode::Pull,
                pull_host: "127.0.0.1".into(),
                pull_port: port,
                comm_key: 0,
            };
            fournil::people::ops::devices::register(tx, &st, &d, &[(1, Meaning::Entree), (2, Meaning::Sortie)], now)
        })
        .await
        .unwrap();
    t.staff().enrol(ana, lab, "1").await;
    let b = pull(&t, "LAB-PULL").await.unwrap();
    assert_eq!((b.lines, b.new, b.held), (10_001, 10_000, 1));
    let lab_days: Vec<(String, Option<i64>)> =
        t.staff().punches().await.into_iter().filter(|p| p.1.as_str() < "2026").take(2).map(|p| (p.2, p.3)).collect();
    assert_eq!(lab_days, vec![("in".to_string(), Some(1)), ("out".to_string(), Some(2))]);
    let shop_day: Vec<String> =
        t.staff().punches().await.into_iter().filter(|p| p.1.starts_with("2026-11-19")).map(|p| p.2).collect();
    assert_eq!(shop_day, vec!["out", "in"], "the shop's codes, read by the shop's map");
    assert_eq!(t.staff().held().await[0].1, "etat_inconnu");

    // The cursor lost (a restored device, a reset): the whole log comes again, nothing changes.
    t.app
        .db
        .write(move |tx| Ok(tx.execute("UPDATE clock_devices SET pull_cursor = 0 WHERE id = ?1", [lab])?))
        .await
        .unwrap();
    let before =
        (t.count("SELECT count(*) FROM punches").await, t.count("SELECT count(*) FROM punch_quarantine").await);
    let again = pull(&t, "LAB-PULL").await.unwrap();
    assert_eq!((again.lines, again.new, again.known, again.held), (10_001, 0, 10_000, 1));
    let after = (t.count("SELECT count(*) FROM punches").await, t.count("SELECT count(*) FROM punch_quarantine").await);
    assert_eq!(after, before);
}
