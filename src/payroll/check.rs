//! Payroll's part of `fournil check`: each validated payslip's items add up to its totals, and the
//! month's entry to its payslips; 421, 431, 442 and 4251 hold what payslips, payments and advances
//! leave open; no advance is deducted twice or by another's payslip.

use rusqlite::Connection;

use super::store::{advances, check, runs};
use super::{RunStatus, account};
use crate::accounting;
use crate::error::AppError;
use crate::money::Money;

/// Each validated payslip: Σ items = gross, Σ cotisable = CNAS base, net = gross − CNAS − IRG,
/// net to pay = net − advances = net − Σ of the advances it took.
fn payslips(c: &Connection) -> Result<(Vec<String>, Vec<String>), AppError> {
    let (mut slips, mut entries) = (Vec::new(), Vec::new());
    for run in runs::runs(c)?.into_iter().filter(|r| r.status == RunStatus::Validated) {
        let all = runs::payslips_of(c, run.id)?;
        for p in &all {
            let items = runs::items(c, p.id)?;
            let f = &p.figures;
            let gross: Money = items.iter().map(|i| i.amount).sum();
            let base: Money = items.iter().filter(|i| i.cotisable).map(|i| i.amount).sum();
            let taken: Money = advances::taken_by(c, p.id)?.iter().map(|a| a.amount).sum();
            let who = format!("bulletin n° {} ({}, {})", p.id, p.employee, p.month);
            if gross != f.gross || base.max(Money::ZERO) != f.cnas_base {
                slips.push(format!(
                    "{who} : éléments {gross} / base CNAS {base}, bulletin {} / {}",
                    f.gross, f.cnas_base
                ));
            }
            if f.net != f.gross - f.cnas_employee - f.irg || f.net_to_pay != f.net - f.advances || taken != f.advances {
                slips.push(format!("{who} : net {} ≠ brut − CNAS − IRG, ou avances {} ≠ {taken}", f.net, f.advances));
            }
        }
        let Some(entry_id) = run.entry_id else { continue };
        let sum = |g: fn(&super::slip::Figures) -> Money| -> Money { all.iter().map(|p| g(&p.figures)).sum() };
        let expected = [
            (account::SALARIES_DUE, sum(|f| f.net_to_pay)),
            (account::IRG, sum(|f| f.irg)),
            (account::ADVANCES, sum(|f| f.advances)),
            (account::SOCIAL, sum(|f| f.cnas_employee + f.cnas_employer + f.fnpos)),
        ];
        for (acct, want) in expected {
            let got = check::entry_credit(c, entry_id, acct)?;
            if got != want {
                entries.push(format!("paie {} : {acct} crédité de {got}, bulletins {want}", run.month));
            }
        }
        let charges = check::entry_charges(c, entry_id)?;
        let want = sum(|f| f.gross + f.cnas_employer + f.fnpos);
        if charges != want {
            entries.push(format!("paie {} : charges {charges}, bulletins {want}", run.month));
        }
    }
    Ok((slips, entries))
}

/// 421 = validated net not yet paid; 4251 = advances open; 431 and 442 credited by payroll = the
/// payslips' CNAS and IRG (their payments to the CNAS and the tax office are the books').
fn accounts(c: &Connection) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    let due = -accounting::store::net_of(c, account::SALARIES_DUE)?;
    let unpaid = check::unpaid_net(c)?;
    if due != unpaid {
        out.push(format!("compte 421 : {due}, nets validés non payés : {unpaid}"));
    }
    let lent = accounting::store::net_of(c, account::ADVANCES)?;
    let open = check::open_advances(c)?;
    if lent != open {
        out.push(format!("compte 4251 : {lent}, avances ouvertes : {open}"));
    }
    for (acct, column) in [(account::SOCIAL, "cnas"), (account::IRG, "irg")] {
        let posted = check::credited_by_payroll(c, acct)?;
        let slips = check::validated_sum(c, column)?;
        if posted != slips {
            out.push(format!("compte {acct} : {posted} passés par la paie, bulletins {slips}"));
        }
    }
    Ok(out)
}

pub fn findings(c: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let (slips, entries) = payslips(c)?;
    let misplaced: Vec<String> = check::misplaced_advances(c)?
        .into_iter()
        .map(|id| format!("avance n° {id} déduite hors de son bulletin"))
        .collect();
    Ok(vec![
        ("Bulletins validés : éléments = totaux, net = brut − CNAS − IRG − avances", slips),
        ("Paie du mois : une écriture égale à ses bulletins", entries),
        ("Comptes 421, 431, 442 et 4251 = bulletins, paiements et avances", accounts(c)?),
        ("Avances : chacune déduite une fois, par un bulletin de son employé", misplaced),
    ])
}
