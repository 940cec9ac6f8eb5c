//! SQL of employees, their sites and their enrolments on the clocks.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{coded, date, date_opt};
use crate::money::Money;
use crate::people::{
    AttendanceMode, Contract, Employee, EmployeeDraft, Job, Site, rest_days_from_text, rest_days_to_text,
};

pub fn sites(c: &Connection) -> rusqlite::Result<Vec<Site>> {
    let mut s = c.prepare("SELECT id, name FROM work_sites WHERE active = 1 ORDER BY id")?;
    let rows = s.query_map([], |r| Ok(Site { id: r.get(0)?, name: r.get(1)? }))?;
    rows.collect()
}

pub fn site_exists(c: &Connection, id: i64) -> rusqlite::Result<bool> {
    c.query_row("SELECT EXISTS (SELECT 1 FROM work_sites WHERE id = ?1 AND active = 1)", [id], |r| r.get(0))
}

const COLUMNS: &str = "e.id, e.full_name, e.phone, e.job, e.site_id, s.name, e.hired_on, e.contract, e.contract_end,
                       e.monthly_salary, e.weekly_minutes, e.rest_days, e.attendance, e.user_id, e.active, e.notes,
                       e.cnas_number";

fn row(r: &Row) -> rusqlite::Result<Employee> {
    Ok(Employee {
        id: r.get(0)?,
        full_name: r.get(1)?,
        phone: r.get(2)?,
        job: coded(r, 3, Job::from_code)?,
        site_id: r.get(4)?,
        site_name: r.get(5)?,
        hired_on: date(r, 6)?,
        contract: coded(r, 7, Contract::from_code)?,
        contract_end: date_opt(r, 8)?,
        monthly_salary: Money::from_cents(r.get(9)?),
        weekly_minutes: r.get(10)?,
        rest_days: rest_days_from_text(&r.get::<_, String>(11)?),
        attendance: coded(r, 12, AttendanceMode::from_code)?,
        user_id: r.get(13)?,
        active: r.get(14)?,
        notes: r.get(15)?,
        cnas_number: r.get(16)?,
    })
}

/// Employees by name; the inactive ones too when asked.
pub fn employees(c: &Connection, with_inactive: bool) -> rusqlite::Result<Vec<Employee>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM employees e JOIN work_sites s ON s.id = e.site_id
         WHERE e.active = 1 OR ?1 ORDER BY e.active DESC, e.full_name COLLATE NOCASE, e.id"
    );
    let mut s = c.prepare(&sql)?;
    let rows = s.query_map([with_inactive], row)?;
    rows.collect()
}

pub fn employee(c: &Connection, id: i64) -> rusqlite::Result<Option<Employee>> {
    let sql = format!("SELECT {COLUMNS} FROM employees e JOIN work_sites s ON s.id = e.site_id WHERE e.id = ?1");
    c.query_row(&sql, [id], row).optional()
}

/// The employee linked to a Fournil account, other than `except`.
pub fn employee_of_user(c: &Connection, user_id: i64, except: i64) -> rusqlite::Result<Option<String>> {
    c.query_row("SELECT full_name FROM employees WHERE user_id = ?1 AND id <> ?2", [user_id, except], |r| r.get(0))
        .optional()
}

pub fn insert_employee(c: &Connection, d: &EmployeeDraft, salary: Money, now: &str) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO employees (full_name, phone, job, site_id, hired_on, contract, contract_end, monthly_salary,
                                weekly_minutes, rest_days, attendance, user_id, active, notes, created_at, updated_at, cnas_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16)",
        params![
            d.full_name,
            d.phone,
            d.job.code(),
            d.site_id,
            d.hired_on.to_string(),
            d.contract.code(),
            d.contract_end.map(|x| x.to_string()),
            salary.cents(),
            d.weekly_minutes,
            rest_days_to_text(&d.rest_days),
            d.attendance.code(),
            d.user_id,
            d.active,
            d.notes,
            now,
            d.cnas_number
        ],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn update_employee(c: &Connection, id: i64, d: &EmployeeDraft, salary: Money, now: &str) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE employees SET full_name = ?2, phone = ?3, job = ?4, site_id = ?5, hired_on = ?6, contract = ?7,
                contract_end = ?8, monthly_salary = ?9, weekly_minutes = ?10, rest_days = ?11, attendance = ?12,
                user_id = ?13, active = ?14, notes = ?15, updated_at = ?16, cnas_number = ?17
         WHERE id = ?1",
        params![
            id,
            d.full_name,
            d.phone,
            d.job.code(),
            d.site_id,
            d.hired_on.to_string(),
            d.contract.code(),
            d.contract_end.map(|x| x.to_string()),
            salary.cents(),
            d.weekly_minutes,
            rest_days_to_text(&d.rest_days),
            d.attendance.code(),
            d.user_id,
            d.active,
            d.notes,
            now,
            d.cnas_number
        ],
    )?;
    Ok(())
}

/// An enrolment with the names that explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub id: i64,
    pub employee_id: i64,
    pub employee: String,
    pub device_id: i64,
    pub device: String,
    pub pin: String,
    pub ended: bool,
}

fn enrolment(r: &Row) -> rusqlite::Result<Enrolment> {
    let (serial, name): (String, String) = (r.get(5)?, r.get(6)?);
    Ok(Enrolment {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        employee: r.get(2)?,
        device_id: r.get(3)?,
        device: if name.is_empty() { serial } else { name },
        pin: r.get(4)?,
        ended: r.get::<_, Option<String>>(7)?.is_some(),
    })
}

const ENROLMENT: &str = "SELECT n.id, n.employee_id, e.full_name, n.device_id, n.pin, d.serial, d.name, n.ended_at
                         FROM enrolments n JOIN employees e ON e.id = n.employee_id JOIN clock_devices d ON d.id = n.device_id";

pub fn enrolments_of(c: &Connection, employee_id: i64) -> rusqlite::Result<Vec<Enrolment>> {
    let mut s = c.prepare(&format!("{ENROLMENT} WHERE n.employee_id = ?1 ORDER BY n.ended_at IS NOT NULL, n.id"))?;
    let rows = s.query_map([employee_id], enrolment)?;
    rows.collect()
}

pub fn enrolment_by_id(c: &Connection, id: i64) -> rusqlite::Result<Option<Enrolment>> {
    c.query_row(&format!("{ENROLMENT} WHERE n.id = ?1"), [id], enrolment).optional()
}

/// The live enrolment of a PIN on a device.
pub fn live_enrolment(c: &Connection, device_id: i64, pin: &str) -> rusqlite::Result<Option<Enrolment>> {
    c.query_row(
        &format!("{ENROLMENT} WHERE n.device_id = ?1 AND n.pin = ?2 AND n.ended_at IS NULL"),
        params![device_id, pin],
        enrolment,
    )
    .optional()
}

/// Who a PIN credits on a device, and whether that employee is active (the hot path of ingestion).
pub fn credited(c: &Connection, device_id: i64, pin: &str) -> rusqlite::Result<Option<(i64, bool)>> {
    c.prepare_cached(
        "SELECT e.id, e.active FROM enrolments n JOIN employees e ON e.id = n.employee_id
         WHERE n.device_id = ?1 AND n.pin = ?2 AND n.ended_at IS NULL",
    )?
    .query_row(params![device_id, pin], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

pub fn insert_enrolment(
    c: &Connection,
    employee_id: i64,
    device_id: i64,
    pin: &str,
    now: &str,
) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO enrolments (employee_id, device_id, pin, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![employee_id, device_id, pin, now],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn end_enrolment(c: &Connection, id: i64, now: &str) -> rusqlite::Result<usize> {
    c.execute("UPDATE enrolments SET ended_at = ?2 WHERE id = ?1 AND ended_at IS NULL", params![id, now])
}
