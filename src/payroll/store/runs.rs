//! SQL of a month's payroll, its payslips and their items.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{coded, date};
use crate::money::Money;
use crate::payroll::slip::{Figures, SlipHours};
use crate::payroll::{Item, Method, Payslip, Run, RunStatus};

const RUN: &str = "SELECT id, month, rates_from, status, prepared_at, validated_at, entry_id FROM payroll_runs";

fn run_row(r: &Row) -> rusqlite::Result<Run> {
    Ok(Run {
        id: r.get(0)?,
        month: r.get(1)?,
        rates_from: date(r, 2)?,
        status: coded(r, 3, RunStatus::from_code)?,
        prepared_at: r.get(4)?,
        validated_at: r.get(5)?,
        entry_id: r.get(6)?,
    })
}

pub fn run(c: &Connection, id: i64) -> rusqlite::Result<Option<Run>> {
    c.query_row(&format!("{RUN} WHERE id = ?1"), [id], run_row).optional()
}

pub fn run_of_month(c: &Connection, month: &str) -> rusqlite::Result<Option<Run>> {
    c.query_row(&format!("{RUN} WHERE month = ?1"), [month], run_row).optional()
}

pub fn runs(c: &Connection) -> rusqlite::Result<Vec<Run>> {
    let mut s = c.prepare(&format!("{RUN} ORDER BY month DESC"))?;
    let rows = s.query_map([], run_row)?;
    rows.collect()
}

pub fn insert_run(
    c: &Connection,
    month: &str,
    rates_from: &str,
    now: &str,
    user: Option<i64>,
) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO payroll_runs (month, rates_from, status, prepared_at, prepared_by) VALUES (?1, ?2, 'preparee', ?3, ?4)",
        params![month, rates_from, now, user],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn set_prepared(c: &Connection, id: i64, rates_from: &str, now: &str, user: Option<i64>) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE payroll_runs SET rates_from = ?2, prepared_at = ?3, prepared_by = ?4 WHERE id = ?1",
        params![id, rates_from, now, user],
    )?;
    Ok(())
}

pub fn set_validated(c: &Connection, id: i64, entry_id: i64, now: &str, user: Option<i64>) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE payroll_runs SET status = 'validee', validated_at = ?2, validated_by = ?3, entry_id = ?4 WHERE id = ?1",
        params![id, now, user, entry_id],
    )?;
    Ok(())
}

/// The items typed by hand on a payslip of a prepared run, kept when it is computed again.
pub fn manual_items(c: &Connection, payslip_id: i64) -> rusqlite::Result<Vec<Item>> {
    items_where(c, payslip_id, "AND manual = 1")
}

pub fn items(c: &Connection, payslip_id: i64) -> rusqlite::Result<Vec<Item>> {
    items_where(c, payslip_id, "")
}

fn items_where(c: &Connection, payslip_id: i64, filter: &str) -> rusqlite::Result<Vec<Item>> {
    let mut s = c.prepare_cached(&format!(
        "SELECT kind, label, base_text, rate_text, amount, cotisable, imposable, account, manual
         FROM payslip_items WHERE payslip_id = ?1 {filter} ORDER BY manual, id"
    ))?;
    let rows = s.query_map([payslip_id], |r| {
        Ok(Item {
            kind: r.get(0)?,
            label: r.get(1)?,
            base_text: r.get(2)?,
            rate_text: r.get(3)?,
            amount: r.get(4)?,
            cotisable: r.get(5)?,
            imposable: r.get(6)?,
            account: r.get(7)?,
            manual: r.get(8)?,
        })
    })?;
    rows.collect()
}

/// What a payslip row holds beyond its figures.
pub struct NewPayslip<'a> {
    pub run_id: i64,
    pub employee_id: i64,
    pub monthly: Money,
    pub hours: &'a SlipHours,
    pub leave_balance: i64,
    pub figures: &'a Figures,
}

/// Writes a payslip's figures: a new payslip of the run, or the prepared one of the same employee
/// computed again (its items are written apart). Its id.
pub fn save_payslip(c: &Connection, p: &NewPayslip) -> rusqlite::Result<i64> {
    let (f, h) = (p.figures, p.hours);
    c.query_row(
        "INSERT INTO payslips (run_id, employee_id, monthly_salary, worked_min, overtime_min, night_min, rest_min,
                               missing_min, absence_days, leave_days, leave_balance, gross, cnas_base, cnas_employee,
                               taxable, irg_base, irg, net, advances, net_to_pay, cnas_employer, fnpos, below_snmg)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
         ON CONFLICT (run_id, employee_id) DO UPDATE SET
             monthly_salary = excluded.monthly_salary, worked_min = excluded.worked_min,
             overtime_min = excluded.overtime_min, night_min = excluded.night_min, rest_min = excluded.rest_min,
             missing_min = excluded.missing_min, absence_days = excluded.absence_days,
             leave_days = excluded.leave_days, leave_balance = excluded.leave_balance, gross = excluded.gross,
             cnas_base = excluded.cnas_base, cnas_employee = excluded.cnas_employee, taxable = excluded.taxable,
             irg_base = excluded.irg_base, irg = excluded.irg, net = excluded.net, advances = excluded.advances,
             net_to_pay = excluded.net_to_pay, cnas_employer = excluded.cnas_employer, fnpos = excluded.fnpos,
             below_snmg = excluded.below_snmg
         RETURNING id",
        params![
            p.run_id,
            p.employee_id,
            p.monthly,
            h.worked_min,
            h.overtime_min,
            h.night_min,
            h.rest_min,
            h.missing_min,
            h.absence_days,
            h.leave_days,
            p.leave_balance,
            f.gross,
            f.cnas_base,
            f.cnas_employee,
            f.taxable,
            f.irg_base,
            f.irg,
            f.net,
            f.advances,
            f.net_to_pay,
            f.cnas_employer,
            f.fnpos,
            f.below_snmg
        ],
        |r| r.get(0),
    )
}

/// The computed items of a prepared payslip (written again); the manual ones stay.
pub fn delete_computed_items(c: &Connection, payslip_id: i64) -> rusqlite::Result<()> {
    c.execute("DELETE FROM payslip_items WHERE payslip_id = ?1 AND manual = 0", [payslip_id])?;
    Ok(())
}

/// The payslip of an employee in a run.
pub fn payslip_of(c: &Connection, run_id: i64, employee_id: i64) -> rusqlite::Result<Option<i64>> {
    c.query_row("SELECT id FROM payslips WHERE run_id = ?1 AND employee_id = ?2", params![run_id, employee_id], |r| {
        r.get(0)
    })
    .optional()
}

pub fn insert_item(c: &Connection, payslip_id: i64, i: &Item) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO payslip_items (payslip_id, kind, label, base_text, rate_text, amount, cotisable, imposable, account, manual)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        payslip_id,
        i.kind,
        i.label,
        i.base_text,
        i.rate_text,
        i.amount,
        i.cotisable,
        i.imposable,
        i.account,
        i.manual
    ])?;
    Ok(())
}

const SLIP: &str = "SELECT s.id, s.run_id, r.month, r.status, s.employee_id, e.full_name, s.monthly_salary,
        s.worked_min, s.overtime_min, s.night_min, s.rest_min, s.missing_min, s.absence_days, s.leave_days,
        s.leave_balance, s.gross, s.cnas_base, s.cnas_employee, s.taxable, s.irg_base, s.irg, s.net, s.advances,
        s.net_to_pay, s.cnas_employer, s.fnpos, s.below_snmg, s.paid_at, s.payment_method, s.payment_reference,
        s.payment_entry_id, e.cnas_number
 FROM payslips s JOIN payroll_runs r ON r.id = s.run_id JOIN employees e ON e.id = s.employee_id";

fn slip_row(r: &Row) -> rusqlite::Result<Payslip> {
    let method: Option<String> = r.get(28)?;
    Ok(Payslip {
        id: r.get(0)?,
        run_id: r.get(1)?,
        month: r.get(2)?,
        status: coded(r, 3, RunStatus::from_code)?,
        employee_id: r.get(4)?,
        employee: r.get(5)?,
        monthly_salary: r.get(6)?,
        hours: SlipHours {
            worked_min: r.get(7)?,
            overtime_min: r.get(8)?,
            night_min: r.get(9)?,
            rest_min: r.get(10)?,
            missing_min: r.get(11)?,
            absence_days: r.get(12)?,
            leave_days: r.get(13)?,
        },
        leave_balance: r.get(14)?,
        figures: Figures {
            items: Vec::new(),
            gross: r.get(15)?,
            cnas_base: r.get(16)?,
            cnas_employee: r.get(17)?,
            taxable: r.get(18)?,
            irg_base: r.get(19)?,
            irg: r.get(20)?,
            net: r.get(21)?,
            advances: r.get(22)?,
            taken: Vec::new(),
            net_to_pay: r.get(23)?,
            cnas_employer: r.get(24)?,
            fnpos: r.get(25)?,
            below_snmg: r.get(26)?,
        },
        paid_at: r.get(27)?,
        payment_method: method.as_deref().and_then(Method::from_code),
        payment_reference: r.get(29)?,
        payment_entry_id: r.get(30)?,
        employee_cnas: r.get(31)?,
    })
}

/// A payslip without its items.
pub fn payslip(c: &Connection, id: i64) -> rusqlite::Result<Option<Payslip>> {
    c.query_row(&format!("{SLIP} WHERE s.id = ?1"), [id], slip_row).optional()
}

/// The payslips of a run, by employee name, without their items.
pub fn payslips_of(c: &Connection, run_id: i64) -> rusqlite::Result<Vec<Payslip>> {
    let mut s = c.prepare(&format!("{SLIP} WHERE s.run_id = ?1 ORDER BY e.full_name, s.id"))?;
    let rows = s.query_map([run_id], slip_row)?;
    rows.collect()
}

/// An employee's validated payslips of a year (`YYYY`), by month.
pub fn payslips_of_year(c: &Connection, year: &str) -> rusqlite::Result<Vec<Payslip>> {
    let mut s = c.prepare(&format!(
        "{SLIP} WHERE r.status = 'validee' AND substr(r.month, 1, 4) = ?1 ORDER BY e.full_name, r.month"
    ))?;
    let rows = s.query_map([year], slip_row)?;
    rows.collect()
}

pub fn set_paid(
    c: &Connection,
    id: i64,
    method: Method,
    reference: &str,
    entry_id: i64,
    now: &str,
    user: Option<i64>,
) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE payslips SET paid_at = ?2, paid_by = ?3, payment_method = ?4, payment_reference = ?5, payment_entry_id = ?6
         WHERE id = ?1 AND paid_at IS NULL",
        params![id, now, user, method.code(), reference, entry_id],
    )
}

/// Per validated month from `from` to `to` (`YYYY-MM`, both included), by month: what its
/// payslips cost the shop, gross pay + employer CNAS + FNPOS (the charges its entry posts to class 6).
pub fn validated_cost_by_month(c: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<(String, Money)>> {
    let mut s = c.prepare_cached(
        "SELECT r.month, sum(s.gross + s.cnas_employer + s.fnpos) FROM payslips s JOIN payroll_runs r ON r.id = s.run_id
          WHERE r.status = 'validee' AND r.month BETWEEN ?1 AND ?2 GROUP BY r.month ORDER BY r.month",
    )?;
    let rows = s.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}
