//! The demo's payroll: every month of the history that is over (and has rates in force: the
//! barème of LF 2022, then the SNMG of 24 000 DA from January 2026) is locked, prepared from its
//! hours, validated and paid by bank transfer in the first days of the next month — through the
//! real operations. Now and then someone takes an advance by bank in the middle of a month,
//! deducted from that month's pay.

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::rng::Rng;
use super::{Options, Staff, Summary, stamp};
use crate::audit::Stamp;
use crate::error::AppError;
use crate::money::Money;
use crate::payroll::Method;
use crate::payroll::ops::advances::{AdvanceDraft, estimated_net, give};
use crate::payroll::ops::pay::{PayDraft, pay};
use crate::payroll::ops::run::{prepare, validate};
use crate::payroll::store::{self, runs};
use crate::people::ops::hours::lock_month;
use crate::people::store::employees;
use crate::people::{first_of_month, month_end, month_text};

fn stamp_at(staff: &Staff, day: NaiveDate, minute: i64) -> Stamp {
    Stamp { actor: staff.manager.actor(), now: stamp(day, minute), day }
}

/// A few advances in the middle of the month, each within the month's net.
fn advances(tx: &Transaction, staff: &Staff, first: NaiveDate, rng: &mut Rng) -> Result<i64, AppError> {
    let day = first + Duration::days(14);
    let st = stamp_at(staff, day, 10 * 60);
    let mut given = 0;
    for e in employees::employees(tx, false)? {
        if rng.below(8) != 0 {
            continue;
        }
        let net = estimated_net(tx, &e, first)?;
        let amount = Money::from_da((net.cents() / 100 / 4 / 1000).max(1) * 1000);
        let d = AdvanceDraft {
            employee_id: e.id,
            month: month_text(first),
            amount,
            method: Method::Bank,
            till: None,
            reason: "avance sur salaire".into(),
            day,
            token: None,
        };
        give(tx, &st, &staff.manager, &d, None)?.done()?;
        given += 1;
    }
    Ok(given)
}

/// One month: advances, lock, prepare, validate, pay everyone by bank.
fn month(tx: &Transaction, staff: &Staff, first: NaiveDate, rng: &mut Rng) -> Result<(i64, i64), AppError> {
    let given = advances(tx, staff, first, rng)?;
    let after = month_end(first) + Duration::days(2);
    let st = stamp_at(staff, after, 9 * 60);
    lock_month(tx, &st, first, after.and_hms_opt(9, 0, 0).unwrap_or_default())?;
    let run = prepare(tx, &st, &month_text(first))?;
    validate(tx, &st, run)?;
    let pay_day = after + Duration::days(2);
    let st = stamp_at(staff, pay_day, 10 * 60);
    let mut paid = 0;
    for s in runs::payslips_of(tx, run)? {
        if s.figures.net_to_pay.cents() > 0 {
            let d =
                PayDraft { method: Method::Bank, till: None, reference: format!("virement {}", s.month), day: pay_day };
            pay(tx, &st, s.id, &d)?;
            paid += 1;
        }
    }
    Ok((paid, given))
}

/// Every complete month from `first` on, once its rates exist; returns the payslips paid.
pub fn run(
    conn: &mut Connection,
    staff: &Staff,
    o: &Options,
    first: NaiveDate,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let mut rng = Rng::new(o.seed ^ 0x5eed_0017);
    let oldest_rates = store::rates(conn)?.first().map(|r| r.valid_from);
    let mut m = first_of_month(first);
    if m < first {
        m = month_end(m) + Duration::days(1); // a month begun before the history has no hours
    }
    let (mut paid, mut given) = (0, 0);
    while month_end(m) + Duration::days(6) <= o.today {
        if oldest_rates.is_some_and(|r| r <= m) {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (p, g) = month(&tx, staff, m, &mut rng)?;
            tx.commit()?;
            paid += p;
            given += g;
        }
        m = month_end(m) + Duration::days(1);
    }
    summary.payslips = paid;
    if o.progress {
        eprintln!("demo : paie — {paid} bulletins payés, {given} avances, en {:.1} s", started.elapsed().as_secs_f64());
    }
    Ok(())
}
