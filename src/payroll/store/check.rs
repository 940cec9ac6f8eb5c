//! SQL of payroll's part of `fournil check`.

use rusqlite::{Connection, params};

use crate::money::Money;

/// Σ credit − Σ debit posted to `account` by the payroll entries (validations).
pub fn credited_by_payroll(c: &Connection, account: &str) -> rusqlite::Result<Money> {
    c.query_row(
        "SELECT coalesce(sum(l.credit - l.debit), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE e.source_type = 'payroll_run' AND l.account = ?1",
        [account],
        |r| r.get(0),
    )
}

/// Σ credit − Σ debit of one entry on one account.
pub fn entry_credit(c: &Connection, entry_id: i64, account: &str) -> rusqlite::Result<Money> {
    c.query_row(
        "SELECT coalesce(sum(credit - debit), 0) FROM journal_lines WHERE entry_id = ?1 AND account = ?2",
        params![entry_id, account],
        |r| r.get(0),
    )
}

/// Σ debit − Σ credit of one entry on the charge accounts (class 6).
pub fn entry_charges(c: &Connection, entry_id: i64) -> rusqlite::Result<Money> {
    c.query_row(
        "SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE entry_id = ?1 AND account LIKE '6%'",
        [entry_id],
        |r| r.get(0),
    )
}

/// What validated payslips leave to pay.
pub fn unpaid_net(c: &Connection) -> rusqlite::Result<Money> {
    c.query_row(
        "SELECT coalesce(sum(s.net_to_pay), 0) FROM payslips s JOIN payroll_runs r ON r.id = s.run_id
         WHERE r.status = 'validee' AND s.paid_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Σ of one column of the validated payslips.
pub fn validated_sum(c: &Connection, column: &str) -> rusqlite::Result<Money> {
    let column = match column {
        "irg" => "s.irg",
        _ => "s.cnas_employee + s.cnas_employer + s.fnpos",
    };
    c.query_row(
        &format!(
            "SELECT coalesce(sum({column}), 0) FROM payslips s JOIN payroll_runs r ON r.id = s.run_id
             WHERE r.status = 'validee'"
        ),
        [],
        |r| r.get(0),
    )
}

/// Advances handed out and neither taken nor cancelled.
pub fn open_advances(c: &Connection) -> rusqlite::Result<Money> {
    c.query_row(
        "SELECT coalesce(sum(amount), 0) FROM salary_advances WHERE payslip_id IS NULL AND cancelled_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Advances taken by a payslip of another employee or of an earlier month than theirs.
pub fn misplaced_advances(c: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut s = c.prepare(
        "SELECT a.id FROM salary_advances a JOIN payslips s ON s.id = a.payslip_id JOIN payroll_runs r ON r.id = s.run_id
         WHERE a.employee_id <> s.employee_id OR a.month > r.month OR r.status <> 'validee'",
    )?;
    let rows = s.query_map([], |r| r.get(0))?;
    rows.collect()
}
