//! The demo's staff: 14 employees (two bakers on the night shift 22:00–06:00, pastry cooks and
//! aides at the lab — one who punches by hand —, five vendeuses and a cashier at the shop, a
//! deliveryman, a cleaner not tracked), their weeks, and a ZKTeco clock pushing every day's
//! punches through the real ingestion (`zkteco::ops::ingest_attlog`, as `/iclock/cdata` does).
//! Now and then an OUT is forgotten (the gérante enters it the next morning, with its reason), a
//! visitor's badge is held in quarantine, and halfway through the history the clock is swapped
//! for a new one (the old one retired, everyone enrolled again under the same PIN). If the first
//! baker works the last night, its OUT is left missing: the visitor finds it on the day board.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::rng::Rng;
use super::{Options, Staff, Summary, stamp, utc};
use crate::audit::Stamp;
use crate::error::AppError;
use crate::money::Money;
use crate::people::ops::devices::{DeviceDraft, register, retire};
use crate::people::ops::employees::{end_enrolment, enrol, save_employee};
use crate::people::ops::punches::{PunchDraft, enter_punch};
use crate::people::ops::schedules::save_week;
use crate::people::{AttendanceMode, Contract, DeviceMode, Direction, EmployeeDraft, Job, Meaning, PunchSource, Shift};

/// One employee of the demo: name, job, site (1 shop, 2 lab), how presence is known, the days
/// worked (ISO), the shift, the rest days, the monthly salary in DA, the PIN on the clock.
struct Person {
    name: &'static str,
    job: Job,
    site: i64,
    mode: AttendanceMode,
    days: &'static [u32],
    shift: (i64, i64),
    rest: &'static [u32],
    salary: i64,
    pin: &'static str,
}

#[allow(clippy::too_many_arguments)] // a row of the table below, by position
const fn p(
    name: &'static str,
    job: Job,
    site: i64,
    mode: AttendanceMode,
    days: &'static [u32],
    shift: (i64, i64),
    rest: &'static [u32],
    salary: i64,
    pin: &'static str,
) -> Person {
    Person { name, job, site, mode, days, shift, rest, salary, pin }
}

const SUN_THU: &[u32] = &[7, 1, 2, 3, 4];
const SAT_WED: &[u32] = &[6, 7, 1, 2, 3];
const FRI_SAT: &[u32] = &[5, 6];
const THU_FRI: &[u32] = &[4, 5];
const H: i64 = 60;

const PEOPLE: &[Person] = &[
    p("Karim Benali", Job::Boulanger, 2, AttendanceMode::Clock, SUN_THU, (22 * H, 6 * H), FRI_SAT, 52_000, "001"),
    p("Yacine Hamidi", Job::Boulanger, 2, AttendanceMode::Clock, SAT_WED, (22 * H, 6 * H), THU_FRI, 48_000, "002"),
    p("Mourad Kaci", Job::ChefProduction, 2, AttendanceMode::Clock, SUN_THU, (5 * H, 13 * H), FRI_SAT, 65_000, "003"),
    p("Sofiane Touati", Job::Patissier, 2, AttendanceMode::Clock, SAT_WED, (6 * H, 14 * H), THU_FRI, 45_000, "004"),
    p("Rachid Ouali", Job::AideProduction, 2, AttendanceMode::Clock, SUN_THU, (13 * H, 21 * H), FRI_SAT, 32_000, "005"),
    p("Lina Saidi", Job::AideProduction, 2, AttendanceMode::Manual, SAT_WED, (7 * H, 15 * H), THU_FRI, 30_000, ""),
    p("Amel Bouzid", Job::Vendeuse, 1, AttendanceMode::Clock, SUN_THU, (7 * H, 15 * H), FRI_SAT, 34_000, "011"),
    p("Yasmine Cherif", Job::Vendeuse, 1, AttendanceMode::Clock, SAT_WED, (7 * H, 15 * H), THU_FRI, 34_000, "012"),
    p("Nadia Ferhat", Job::Vendeuse, 1, AttendanceMode::Clock, SUN_THU, (13 * H, 21 * H), FRI_SAT, 34_000, "013"),
    p("Sara Meziane", Job::Vendeuse, 1, AttendanceMode::Clock, SAT_WED, (13 * H, 21 * H), THU_FRI, 32_000, "014"),
    p("Meriem Aït Ali", Job::Vendeuse, 1, AttendanceMode::Clock, SUN_THU, (9 * H, 17 * H), FRI_SAT, 30_000, "015"),
    p("Houda Larbi", Job::Caissiere, 1, AttendanceMode::Clock, SAT_WED, (8 * H, 16 * H), THU_FRI, 36_000, "016"),
    p("Djamel Rahmani", Job::Livreur, 1, AttendanceMode::Clock, SUN_THU, (9 * H, 17 * H), FRI_SAT, 33_000, "021"),
    p("Fatiha Mansouri", Job::Menage, 1, AttendanceMode::Exempt, &[], (0, 0), &[5], 24_000, ""),
];

const FIRST_CLOCK: &str = "CQZ7224460246";
const SECOND_CLOCK: &str = "CQZ7235100871";

/// What the staff history is built from.
struct Team {
    ids: Vec<i64>,
    /// Live enrolments on the current clock: (employee index, enrolment id).
    enrolments: Vec<(usize, i64)>,
    clock: &'static str,
    clock_id: i64,
    stamp: u64,
}

fn stamp_at(staff: &Staff, day: NaiveDate, minute: i64) -> Stamp {
    Stamp { actor: staff.manager.actor(), now: stamp(day, minute), day }
}

fn hire(tx: &Transaction, st: &Stamp, person: &Person, hired_on: NaiveDate) -> Result<i64, AppError> {
    let d = EmployeeDraft {
        full_name: person.name.into(),
        phone: String::new(),
        cnas_number: String::new(),
        job: person.job,
        site_id: person.site,
        hired_on,
        contract: Contract::Cdi,
        contract_end: None,
        salary: Some(Money::from_da(person.salary)),
        weekly_minutes: 2400,
        rest_days: person.rest.to_vec(),
        attendance: person.mode,
        user_id: None,
        active: true,
        notes: String::new(),
    };
    let id = save_employee(tx, st, None, &d)?;
    let shift = Shift { start_min: person.shift.0, end_min: person.shift.1 };
    let week: Vec<(u32, Shift)> = person.days.iter().map(|d| (*d, shift)).collect();
    if !week.is_empty() {
        save_week(tx, st, id, hired_on, &week)?;
    }
    Ok(id)
}

/// Registers a clock at the shop and enrols everyone who punches on it.
fn install_clock(tx: &Transaction, st: &Stamp, team: &mut Team, serial: &'static str) -> Result<(), AppError> {
    let d = DeviceDraft {
        serial: serial.into(),
        name: "Pointeuse du magasin (WL30)".into(),
        site_id: Some(1),
        mode: DeviceMode::Push,
        pull_host: String::new(),
        pull_port: 4370,
        comm_key: 0,
    };
    let now = crate::clock::parse_stamp(&st.now).unwrap_or_default();
    team.clock_id = register(tx, st, &d, &Meaning::DEFAULTS, now)?;
    team.clock = serial;
    team.enrolments.clear();
    for (i, person) in PEOPLE.iter().enumerate().filter(|(_, p)| !p.pin.is_empty()) {
        team.enrolments.push((i, enrol(tx, st, team.ids[i], team.clock_id, person.pin)?));
    }
    Ok(())
}

/// The old clock is retired, its enrolments ended; the new one takes everyone under the same PIN.
fn swap_clock(tx: &Transaction, st: &Stamp, team: &mut Team) -> Result<(), AppError> {
    for (i, enrolment) in team.enrolments.clone() {
        end_enrolment(tx, st, team.ids[i], enrolment)?;
    }
    retire(tx, st, team.clock_id)?;
    install_clock(tx, st, team, SECOND_CLOCK)?;
    team.stamp = 0;
    Ok(())
}

/// A day's punches: the clock's ATTLOG lines, the OUTs forgotten, the hand punches of the lab.
#[derive(Default)]
struct Day {
    lines: Vec<String>,
    forgotten: Vec<(usize, NaiveDateTime)>,
    by_hand: Vec<(usize, NaiveDateTime, Direction)>,
}

fn line(pin: &str, at: NaiveDateTime, state: u8) -> String {
    format!("{pin}\t{}\t{state}\t1\t0\t0\t0", at.format("%Y-%m-%d %H:%M:%S"))
}

fn punches_of(day: NaiveDate, n: i64, last: bool, rng: &mut Rng) -> Day {
    let mut out = Day::default();
    let weekday = crate::people::iso_weekday(day);
    for (i, person) in PEOPLE.iter().enumerate() {
        if !person.days.contains(&weekday) || rng.chance(20) {
            continue; // not working today, or absent (2 %)
        }
        let start = day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(person.shift.0);
        let length = (person.shift.1 - person.shift.0).rem_euclid(24 * H);
        let late = if rng.chance(60) { rng.range(5, 35) } else { 0 };
        let arrive = start + Duration::minutes(rng.range(-15, 2) + late) + Duration::seconds(rng.range(0, 59));
        let leave = start + Duration::minutes(length + rng.range(0, 25)) + Duration::seconds(rng.range(0, 59));
        if person.mode == AttendanceMode::Manual {
            out.by_hand.push((i, arrive, Direction::In));
            out.by_hand.push((i, leave, Direction::Out));
            continue;
        }
        out.lines.push(line(person.pin, arrive, 0));
        // A forgotten OUT: now and then, and on the 5th day so a short demo has one; on the last
        // day the first baker's night is left open for the visitor.
        if last && i == 0 {
            continue;
        }
        let forgotten = rng.chance(3) || (n == 4 && out.forgotten.is_empty());
        if forgotten {
            out.forgotten.push((i, start + Duration::minutes(length)));
        } else {
            out.lines.push(line(person.pin, leave, 1));
        }
    }
    if n % 365 == 2 {
        // A visitor's badge, enrolled for nobody: held in quarantine, never credited.
        out.lines.push(line("999", day.and_hms_opt(10, 12, 5).unwrap_or_default(), 0));
    }
    out
}

/// The clock pushes the day's lines (as its TransTimes batch), then the gérante types what the
/// lab punched by hand, and the next morning the OUTs that were forgotten, with their reason.
fn record_day(tx: &Transaction, staff: &Staff, team: &mut Team, day: NaiveDate, d: &Day) -> Result<usize, AppError> {
    team.stamp += d.lines.len() as u64;
    let body = d.lines.join("\r\n") + "\r\n";
    let now = utc(day + Duration::days(1), 7 * H);
    let batch = crate::zkteco::ops::ingest_attlog(tx, team.clock, Some(&team.stamp.to_string()), &body, now)?;
    let st = stamp_at(staff, day + Duration::days(1), 8 * H);
    let mut typed = 0;
    for (i, at, direction) in &d.by_hand {
        let reason = "pointage à la main au labo (pas de pointeuse)".to_string();
        let draft = PunchDraft {
            employee_id: team.ids[*i],
            local: *at,
            direction: *direction,
            reason,
            source: PunchSource::Manual,
        };
        enter_punch(tx, &st, &draft)?;
        typed += 1;
    }
    for (i, at) in &d.forgotten {
        let reason = "sortie oubliée ; heure prévue, confirmée par l'employé".to_string();
        let draft = PunchDraft {
            employee_id: team.ids[*i],
            local: *at,
            direction: Direction::Out,
            reason,
            source: PunchSource::Correction,
        };
        enter_punch(tx, &st, &draft)?;
        typed += 1;
    }
    Ok(batch.new + typed)
}

/// Builds the staff and their history from `first` to `o.today`.
pub fn run(
    conn: &mut Connection,
    staff: &Staff,
    o: &Options,
    first: NaiveDate,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    let mut rng = Rng::new(o.seed ^ 0x5eed_0016);
    let mut team = Team { ids: Vec::new(), enrolments: Vec::new(), clock: FIRST_CLOCK, clock_id: 0, stamp: 0 };
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let st = stamp_at(staff, first, 6 * H);
        for person in PEOPLE {
            team.ids.push(hire(&tx, &st, person, first)?);
        }
        install_clock(&tx, &st, &mut team, FIRST_CLOCK)?;
        tx.commit()?;
    }
    summary.employees = team.ids.len() as i64;
    let started = std::time::Instant::now();
    let swap_on = summary.days / 2;
    for n in 0..summary.days {
        let day = first + Duration::days(n);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if n == swap_on && n > 0 {
            swap_clock(&tx, &stamp_at(staff, day, 6 * H), &mut team)?;
        }
        let d = punches_of(day, n, n + 1 == summary.days, &mut rng);
        summary.punches += record_day(&tx, staff, &mut team, day, &d)? as i64;
        tx.commit()?;
    }
    if o.progress {
        eprintln!(
            "demo : personnel — {} employés, {} pointages (pointeuse, saisies, corrections) en {:.1} s",
            summary.employees,
            summary.punches,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
