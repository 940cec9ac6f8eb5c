//! Salary advances: handed out from a drawer (open shift, Dr 4251 / Cr 530) or the bank
//! (Dr 4251 / Cr 512), for a month whose payslip deducts them. Beyond that month's net (estimated
//! on the monthly salary, less the advances already given) the gérante approves with her PIN.
//! An advance no payslip has taken may be cancelled (its entry reversed); a taken one stays.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::{invalid, month_of};
use crate::accounting::{self, EntryDraft, Journal, LineDraft};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::auth::ops::{Approval, Authorised, Need, authorise};
use crate::auth::{CurrentUser, Permission};
use crate::cash::{self, MovementKind};
use crate::error::AppError;
use crate::money::Money;
use crate::payroll::slip::{self, SlipHours, SlipInput};
use crate::payroll::store::{advances as store, runs};
use crate::payroll::{Method, RunStatus, account};
use crate::people::hours::days_of_month;
use crate::people::ops::hours::rules_for;
use crate::people::store::employees;
use crate::people::{Employee, month_text};

/// An advance as parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvanceDraft {
    pub employee_id: i64,
    /// The payslip month that deducts it (`YYYY-MM`).
    pub month: String,
    pub amount: Money,
    /// Cash (a drawer) or bank.
    pub method: Method,
    pub till: Option<i64>,
    pub reason: String,
    pub day: NaiveDate,
    pub token: Option<String>,
}

/// What a month's payslip would pay an employee with no hours to correct: the monthly salary less
/// CNAS and IRG under the rates of the month.
pub fn estimated_net(c: &Connection, e: &Employee, first: NaiveDate) -> Result<Money, AppError> {
    let rates = super::rates::rates_for(c, first)?;
    let labour = rules_for(c, first)?;
    let days = days_of_month(first).len() as i64;
    let input = SlipInput {
        monthly: e.monthly_salary,
        employed_days: days,
        month_days: days,
        weekly_minutes: e.weekly_minutes,
        legal_week_minutes: labour.legal_week_minutes,
        overtime_bp: labour.overtime_premium_pct * 100,
        hours: SlipHours::default(),
        manual: Vec::new(),
        advances: Vec::new(),
    };
    Ok(slip::compute(&input, &rates).net)
}

fn refused_beyond(net: Money, already: Money) -> AppError {
    AppError::refused(
        "approval_needed",
        format!(
            "Avance au-delà du net du mois (net estimé {net}, déjà avancé {already}) : la gérante doit l'approuver avec son code."
        ),
    )
}

/// Hands out an advance. A denied approval did nothing (its wrong PIN stays counted).
pub fn give(
    tx: &Transaction,
    st: &Stamp,
    me: &CurrentUser,
    d: &AdvanceDraft,
    approval: Option<&Approval>,
) -> Result<Authorised<i64>, AppError> {
    crate::db::replay::claim(tx, "salary_advance", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::advance_by_token(tx, t)?
    {
        return Ok(Authorised::Done(id));
    }
    crate::text::check_all(&[("reason", &d.reason, crate::text::Text::Reason)])?;
    let e = employees::employee(tx, d.employee_id)?.filter(|e| e.active);
    let Some(e) = e else { return Err(invalid("employee_id", "Choisissez un employé actif.")) };
    let (first, label) = month_of(&d.month)?;
    if runs::run_of_month(tx, &month_text(first))?.is_some_and(|r| r.status == RunStatus::Validated) {
        return Err(invalid("mois", format!("La paie de {label} est déjà validée : choisissez un mois suivant.")));
    }
    let net = estimated_net(tx, &e, first)?;
    let already = store::total_for_month(tx, e.id, &month_text(first))?;
    let approver = if already + d.amount > net {
        let need = Need::Permission(Permission::PayrollManage);
        match authorise(tx, st, me, need, approval, || refused_beyond(net, already))? {
            Ok(a) => a.map(|a| a.id),
            Err(denial) => return Ok(Authorised::Denied(denial)),
        }
    } else {
        None
    };
    let shift = match d.method {
        Method::Cash => Some(super::pay::drawer(tx, d.till, d.amount)?),
        Method::Bank | Method::Cheque => None,
    };
    let id = record(tx, st, &e, d, (&label, first), approver)?;
    if let Some(shift) = &shift {
        let reason = format!("Avance sur salaire — {}", e.full_name);
        let entry_id = store::advance(tx, id)?.map(|a| a.entry_id).ok_or(AppError::NotFound)?;
        let (kind, amount) = (MovementKind::PayOut, -d.amount);
        cash::ops::record_document(
            tx,
            &st.actor,
            shift,
            kind,
            amount,
            &reason,
            ("salary_advance", id),
            entry_id,
            &st.now,
            d.day,
        )?;
    }
    Ok(Authorised::Done(id))
}

/// The advance's entry, row and audit line.
fn record(
    tx: &Transaction,
    st: &Stamp,
    e: &Employee,
    d: &AdvanceDraft,
    (label, first): (&str, NaiveDate),
    approver: Option<i64>,
) -> Result<i64, AppError> {
    let (journal, acct, method) = match d.method {
        Method::Cash => (Journal::Cash, crate::accounting::account::CASH, Method::Cash),
        Method::Bank | Method::Cheque => (Journal::Bank, crate::accounting::account::BANK, Method::Bank),
    };
    let text = format!("Avance sur salaire de {label} — {}", e.full_name);
    let mut entry = EntryDraft::new(journal, d.day, text.clone(), "salary_advance", e.id);
    entry.add(LineDraft::debit(account::ADVANCES, d.amount, d.reason.trim()));
    entry.add(LineDraft::credit(acct, d.amount, d.reason.trim()));
    let entry_id = accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    let row = store::NewAdvance {
        employee_id: e.id,
        month: &month_text(first),
        amount: d.amount,
        given_on: &d.day.to_string(),
        method,
        reason: d.reason.trim(),
        entry_id,
        approved_by: approver,
        token: d.token.as_deref(),
    };
    let id = store::insert(tx, &row, &st.now, st.actor.user_id)?;
    let summary = format!("{text} : {} ({}).", d.amount, method.label());
    let after = json!({"employee": e.id, "month": d.month, "amount": d.amount.cents(), "approved_by": approver});
    audit::record(
        tx,
        &st.actor,
        &st.now,
        Event::new(AuditKind::AdvanceGiven, "salary_advances", id, summary).after(after),
    )?;
    Ok(id)
}

/// Cancels an advance no payslip has taken: its entry is reversed; cash comes back into a drawer.
pub fn cancel(tx: &Transaction, st: &Stamp, id: i64) -> Result<(), AppError> {
    let a = store::advance(tx, id)?.ok_or(AppError::NotFound)?;
    if a.payslip_id.is_some() {
        return Err(AppError::rule("Cette avance a été déduite par un bulletin validé : elle ne s'annule plus."));
    }
    if a.cancelled_at.is_some() {
        return Err(AppError::rule("Cette avance est déjà annulée."));
    }
    let shift = match a.method {
        Method::Cash => Some(cash::ops::shift_for_cash(tx, None)?),
        Method::Bank | Method::Cheque => None,
    };
    let reversal = accounting::ops::reverse(tx, &st.actor, a.entry_id, st.day, "avance annulée", &st.now)?;
    if let Some(shift) = &shift {
        let reason = format!("Annulation d'une avance — {}", a.employee);
        // Money back into the drawer: a pay-in (a pay-out is negative by the cash's rules).
        let (kind, source) = (MovementKind::PayIn, ("salary_advance", id));
        cash::ops::record_document(tx, &st.actor, shift, kind, a.amount, &reason, source, reversal, &st.now, st.day)?;
    }
    if store::set_cancelled(tx, id, reversal, &st.now)? != 1 {
        return Err(AppError::rule("Cette avance vient de changer : rechargez la page."));
    }
    let summary = format!("Avance de {} à {} annulée.", a.amount, a.employee);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::AdvanceCancelled, "salary_advances", id, summary))?;
    Ok(())
}
