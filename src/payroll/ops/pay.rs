//! Paying a validated payslip: by bank transfer or cheque (Dr 421 / Cr 512, journal BQ) or in cash
//! from a drawer with an open shift (Dr 421 / Cr 530, journal CA, with its cash movement). Once.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::invalid;
use crate::accounting::{self, EntryDraft, Journal, LineDraft};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::cash::{self, MovementKind, Shift};
use crate::error::AppError;
use crate::money::Money;
use crate::payroll::store::runs;
use crate::payroll::{Method, Payslip, RunStatus, account};

/// A payment as parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayDraft {
    pub method: Method,
    /// The till whose drawer pays (cash); `None`: the first open one.
    pub till: Option<i64>,
    pub reference: String,
    pub day: NaiveDate,
}

/// Pays a payslip's net to pay. Returns the payment entry.
pub fn pay(tx: &Transaction, st: &Stamp, payslip_id: i64, d: &PayDraft) -> Result<i64, AppError> {
    let p = runs::payslip(tx, payslip_id)?.ok_or(AppError::NotFound)?;
    if p.status != RunStatus::Validated {
        return Err(AppError::rule("Validez la paie du mois avant de la payer."));
    }
    if p.paid() {
        return Err(AppError::rule(format!("Le salaire de {} pour {} est déjà payé.", p.employee, p.month)));
    }
    let amount = p.figures.net_to_pay;
    if amount.cents() <= 0 {
        return Err(AppError::rule(format!("Rien à payer à {} pour {} (avances déduites).", p.employee, p.month)));
    }
    crate::text::check_all(&[("reference", &d.reference, crate::text::Text::Reference)])?;
    let shift = match d.method {
        Method::Cash => Some(drawer(tx, d.till, amount)?),
        Method::Bank | Method::Cheque => None,
    };
    let entry_id = accounting::ops::post(tx, &st.actor, &entry(&p, d, amount), &st.now)?;
    if runs::set_paid(tx, payslip_id, d.method, d.reference.trim(), entry_id, &st.now, st.actor.user_id)? != 1 {
        return Err(AppError::rule("Ce salaire vient d'être payé."));
    }
    if let Some(shift) = &shift {
        let reason = format!("Salaire {} — {}", p.month, p.employee);
        let source = ("payslip", payslip_id);
        cash::ops::record_document(
            tx,
            &st.actor,
            shift,
            MovementKind::PayOut,
            -amount,
            &reason,
            source,
            entry_id,
            &st.now,
            d.day,
        )?;
    }
    let summary = format!("Salaire de {} pour {} payé : {amount} ({}).", p.employee, p.month, d.method.label());
    let after = json!({"method": d.method.code(), "amount": amount.cents(), "entry_id": entry_id});
    audit::record(
        tx,
        &st.actor,
        &st.now,
        Event::new(AuditKind::PayslipPaid, "payslips", payslip_id, summary).after(after),
    )?;
    Ok(entry_id)
}

/// The shift whose drawer pays `amount`: open, and holding the money.
pub(crate) fn drawer(tx: &Transaction, till: Option<i64>, amount: Money) -> Result<Shift, AppError> {
    let shift = cash::ops::shift_for_cash(tx, till)?;
    if let Some(held) = cash::ops::short_of(tx, &shift, amount)? {
        return Err(invalid(
            "method",
            format!("Le tiroir ne devrait contenir que {held} : payez par virement ou par chèque."),
        ));
    }
    Ok(shift)
}

fn entry(p: &Payslip, d: &PayDraft, amount: Money) -> EntryDraft {
    let (journal, acct) = match d.method {
        Method::Cash => (Journal::Cash, crate::accounting::account::CASH),
        Method::Bank | Method::Cheque => (Journal::Bank, crate::accounting::account::BANK),
    };
    let label = format!("Salaire {} — {} ({})", p.month, p.employee, d.method.label().to_lowercase());
    let mut e = EntryDraft::new(journal, d.day, label, "payslip", p.id);
    e.add(LineDraft::debit(account::SALARIES_DUE, amount, d.reference.trim()));
    e.add(LineDraft::credit(acct, amount, d.reference.trim()));
    e
}
