//! What staff tests start from, built through the real operations: employees, their weeks,
//! clocks and enrolments, punches typed by hand; and probes that read what was recorded.

use chrono::{NaiveDate, NaiveDateTime};
use fournil::audit::{Actor, Stamp};
use fournil::money::Money;
use fournil::people::ops::devices::DeviceDraft;
use fournil::people::ops::punches::PunchDraft;
use fournil::people::{
    AttendanceMode, Contract, DeviceMode, Direction, EmployeeDraft, Job, PunchSource, Shift, parse_hhmm,
};

use crate::support::TestApp;

pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

pub fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub struct Staff<'a> {
    t: &'a TestApp,
}

pub trait StaffOf {
    fn staff(&self) -> Staff<'_>;
}

impl StaffOf for TestApp {
    fn staff(&self) -> Staff<'_> {
        Staff { t: self }
    }
}

impl Staff<'_> {
    fn stamp(&self) -> Stamp {
        Stamp::new(Actor::system(), &self.t.app.clock)
    }

    /// An employee of the shop (site 1), hired on 1 January 2025, CDI, resting on Friday.
    pub async fn employee(&self, name: &str, mode: AttendanceMode) -> i64 {
        let d = EmployeeDraft {
            full_name: name.into(),
            phone: String::new(),
            cnas_number: String::new(),
            job: Job::Vendeuse,
            site_id: 1,
            hired_on: d("2025-01-01"),
            contract: Contract::Cdi,
            contract_end: None,
            salary: Some(Money::from_da(30_000)),
            weekly_minutes: 2400,
            rest_days: vec![5],
            attendance: mode,
            user_id: None,
            active: true,
            notes: String::new(),
        };
        let st = self.stamp();
        self.t.app.db.write(move |tx| fournil::people::ops::employees::save_employee(tx, &st, None, &d)).await.unwrap()
    }

    /// The employee's week from 1 January 2025: (ISO weekday, "08:00", "16:00").
    pub async fn week(&self, employee: i64, shifts: &[(u32, &str, &str)]) {
        let shifts: Vec<(u32, Shift)> = shifts
            .iter()
            .map(|(d, a, b)| (*d, Shift { start_min: parse_hhmm(a).unwrap(), end_min: parse_hhmm(b).unwrap() }))
            .collect();
        let st = self.stamp();
        self.t
            .app
            .db
            .write(move |tx| fournil::people::ops::schedules::save_week(tx, &st, employee, d("2025-01-01"), &shifts))
            .await
            .unwrap();
    }

    /// A clock registered by its serial (push).
    pub async fn device(&self, serial: &str) -> i64 {
        self.device_in(serial, DeviceMode::Push, "", 4370, 0).await
    }

    pub async fn device_in(&self, serial: &str, mode: DeviceMode, host: &str, port: i64, key: i64) -> i64 {
        let d = DeviceDraft {
            serial: serial.into(),
            name: String::new(),
            site_id: Some(1),
            mode,
            pull_host: host.into(),
            pull_port: port,
            comm_key: key,
        };
        let (st, now) = (self.stamp(), self.t.app.clock.now());
        self.t
            .app
            .db
            .write(move |tx| {
                fournil::people::ops::devices::register(tx, &st, &d, &fournil::people::Meaning::DEFAULTS, now)
            })
            .await
            .unwrap()
    }

    pub async fn enrol(&self, employee: i64, device: i64, pin: &str) {
        let (st, pin) = (self.stamp(), pin.to_string());
        self.t
            .app
            .db
            .write(move |tx| fournil::people::ops::employees::enrol(tx, &st, employee, device, &pin))
            .await
            .unwrap();
    }

    /// A punch typed by hand (a correction), with its reason.
    pub async fn punch(&self, employee: i64, when: &str, direction: Direction) -> i64 {
        let draft = PunchDraft {
            employee_id: employee,
            local: at(when),
            direction,
            reason: "saisie de test".into(),
            source: PunchSource::Correction,
        };
        let st = self.stamp();
        self.t.app.db.write(move |tx| fournil::people::ops::punches::enter_punch(tx, &st, &draft)).await.unwrap()
    }

    /// Live punches: (employee, local time, direction, raw state).
    pub async fn punches(&self) -> Vec<(i64, String, String, Option<i64>)> {
        self.t
            .app
            .db
            .read(|c| {
                let mut s = c.prepare(
                    "SELECT employee_id, local_time, direction, raw_state FROM punches WHERE voided_at IS NULL
                     ORDER BY local_time, id",
                )?;
                let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .await
            .unwrap()
    }

    /// Quarantined lines: (raw line, reason, local time as read).
    pub async fn held(&self) -> Vec<(String, String, Option<String>)> {
        self.t
            .app
            .db
            .read(|c| {
                let mut s = c.prepare("SELECT raw_line, reason, local_time FROM punch_quarantine ORDER BY id")?;
                let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .await
            .unwrap()
    }

    pub async fn device_row(&self, serial: &str) -> fournil::people::Device {
        let serial = serial.to_string();
        self.t
            .app
            .db
            .read(move |c| Ok(fournil::people::store::devices::device_by_serial(c, &serial)?))
            .await
            .unwrap()
            .expect("device")
    }
}
