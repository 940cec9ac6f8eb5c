//! A month's payroll: prepared from the month's locked hours (again as often as needed, keeping
//! the items typed by hand), then validated: computed one last time, frozen, posted as one
//! balanced entry, its advances marked as taken.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::{invalid, month_of};
use crate::accounting::{self, EntryDraft, Journal, LineDraft};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::AppError;
use crate::money::Money;
use crate::payroll::slip::{self, Figures, SlipHours, SlipInput};
use crate::payroll::store::{self, advances, runs};
use crate::payroll::{Item, ItemKind, Payslip, Rates, Run, RunStatus, account};
use crate::people::hours::{Totals, days_of_month};
use crate::people::ops::hours::{locked_month, rules_for};
use crate::people::ops::leave::balance;
use crate::people::{Employee, LabourRules, month_end};

/// The payslip of one employee, computed from the month's frozen hours.
struct Computed {
    payslip_id: i64,
    figures: Figures,
}

fn slip_hours(t: &Totals) -> SlipHours {
    SlipHours {
        worked_min: t.worked_min,
        overtime_min: t.overtime_min,
        night_min: t.night_min,
        rest_min: t.rest_day_min + t.holiday_min,
        missing_min: t.missing_min,
        absence_days: t.absence_days,
        leave_days: t.leave_days,
    }
}

/// Computes (again) one employee's payslip of the run and writes it, keeping its manual items.
fn compute_one(
    tx: &Transaction,
    run_id: i64,
    month: &str,
    (e, totals): &(Employee, Totals),
    (rates, labour, first): (&Rates, &LabourRules, NaiveDate),
) -> Result<Computed, AppError> {
    let existing = runs::payslip_of(tx, run_id, e.id)?;
    let manual = match existing {
        Some(id) => runs::manual_items(tx, id)?,
        None => Vec::new(),
    };
    let days = days_of_month(first);
    let open = advances::open_until(tx, e.id, month)?;
    let input = SlipInput {
        monthly: e.monthly_salary,
        employed_days: days.iter().filter(|d| e.employed_on(**d)).count() as i64,
        month_days: days.len() as i64,
        weekly_minutes: e.weekly_minutes,
        legal_week_minutes: labour.legal_week_minutes,
        overtime_bp: labour.overtime_premium_pct * 100,
        hours: slip_hours(totals),
        manual,
        advances: open.iter().map(|a| (a.id, a.amount)).collect(),
    };
    let figures = slip::compute(&input, rates);
    if figures.net.is_negative() {
        return Err(AppError::rule(format!(
            "Le net de {} serait négatif ({}) : corrigez ses éléments.",
            e.full_name, figures.net
        )));
    }
    let leave_balance = balance(tx, e, month_end(first))?.remaining;
    let row = runs::NewPayslip {
        run_id,
        employee_id: e.id,
        monthly: e.monthly_salary,
        hours: &input.hours,
        leave_balance,
        figures: &figures,
    };
    let payslip_id = runs::save_payslip(tx, &row)?;
    if existing.is_some() {
        runs::delete_computed_items(tx, payslip_id)?;
    }
    for item in figures.items.iter().filter(|i| !i.manual) {
        runs::insert_item(tx, payslip_id, item)?;
    }
    Ok(Computed { payslip_id, figures })
}

/// Computes every payslip of the month's run (created if needed). Refused when the hours are not
/// locked or the run is validated.
fn compute_month(tx: &Transaction, st: &Stamp, first: NaiveDate) -> Result<(i64, Vec<Computed>), AppError> {
    let (month, label) = (crate::people::month_text(first), crate::people::month_label(first));
    let Some(staff) = locked_month(tx, first)? else {
        return Err(AppError::rule(format!(
            "Les heures de {label} ne sont pas verrouillées : verrouillez-les (Personnel › Heures du mois) avant de préparer la paie."
        )));
    };
    let rates = super::rates::rates_for(tx, first)?;
    let labour = rules_for(tx, first)?;
    let from = rates.valid_from.to_string();
    let run_id = match runs::run_of_month(tx, &month)? {
        Some(r) if r.status == RunStatus::Validated => {
            return Err(AppError::rule(format!(
                "La paie de {label} est déjà validée : elle ne se recalcule plus. Une correction se fait par une régularisation sur un mois suivant."
            )));
        }
        Some(r) => {
            runs::set_prepared(tx, r.id, &from, &st.now, st.actor.user_id)?;
            r.id
        }
        None => runs::insert_run(tx, &month, &from, &st.now, st.actor.user_id)?,
    };
    let mut out = Vec::with_capacity(staff.len());
    for one in &staff {
        out.push(compute_one(tx, run_id, &month, one, (&rates, &labour, first))?);
    }
    Ok((run_id, out))
}

/// Prepares (or prepares again) the month's payroll from its locked hours. Returns the run id.
pub fn prepare(tx: &Transaction, st: &Stamp, month: &str) -> Result<i64, AppError> {
    let (first, label) = month_of(month)?;
    let (run_id, slips) = compute_month(tx, st, first)?;
    let total: Money = slips.iter().map(|s| s.figures.net_to_pay).sum();
    let summary = format!("Paie de {label} préparée : {} bulletin(s), net à payer {total}.", slips.len());
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::PayrollPrepared, "payroll_runs", run_id, summary))?;
    Ok(run_id)
}

/// An item typed by hand, as parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDraft {
    pub kind: String,
    pub label: String,
    pub amount: Money,
}

/// Adds an item to a payslip of a prepared payroll, and computes the month again.
pub fn add_item(tx: &Transaction, st: &Stamp, payslip_id: i64, d: &ItemDraft) -> Result<(), AppError> {
    let slip = runs::payslip(tx, payslip_id)?.ok_or(AppError::NotFound)?;
    if slip.status == RunStatus::Validated {
        return Err(AppError::rule(
            "Ce bulletin est validé : il ne change plus. Ajoutez une régularisation sur le mois suivant.",
        ));
    }
    let kinds = store::item_kinds(tx)?;
    let Some(kind) = kinds.iter().find(|k| k.code == d.kind) else {
        return Err(invalid("kind", "Choisissez un élément de la liste."));
    };
    check_amount(kind, d.amount)?;
    crate::text::check_all(&[("label", &d.label, crate::text::Text::Reason)])?;
    let label = if d.label.trim().is_empty() { kind.label.clone() } else { d.label.trim().to_string() };
    let item = Item {
        kind: kind.code.clone(),
        label,
        base_text: String::new(),
        rate_text: String::new(),
        amount: d.amount,
        cotisable: kind.cotisable,
        imposable: kind.imposable,
        account: kind.account.clone(),
        manual: true,
    };
    runs::insert_item(tx, payslip_id, &item)?;
    let (first, _) = month_of(&slip.month)?;
    compute_month(tx, st, first)?;
    let summary = format!("{} : {} {} sur le bulletin de {}.", slip.employee, item.label, item.amount, slip.month);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::PayItemAdded, "payslips", payslip_id, summary))?;
    Ok(())
}

fn check_amount(kind: &ItemKind, amount: Money) -> Result<(), AppError> {
    if amount.cents() == 0 {
        return Err(invalid("amount", "Le montant ne peut pas être nul."));
    }
    if amount.is_negative() && !kind.signed {
        return Err(invalid("amount", "Le montant ne peut pas être négatif (seule une régularisation peut l'être)."));
    }
    Ok(())
}

/// Validates the month's payroll: computed one last time, frozen, posted (one entry, dated the
/// month's last day), its advances taken. Validating twice is refused.
pub fn validate(tx: &Transaction, st: &Stamp, run_id: i64) -> Result<i64, AppError> {
    let run = runs::run(tx, run_id)?.ok_or(AppError::NotFound)?;
    let (first, label) = month_of(&run.month)?;
    if run.status == RunStatus::Validated {
        return Err(AppError::rule(format!("La paie de {label} est déjà validée.")));
    }
    let (_, slips) = compute_month(tx, st, first)?;
    if slips.is_empty() {
        return Err(AppError::rule(format!("La paie de {label} n'a aucun bulletin.")));
    }
    let entry = accrual_entry(&slips, month_end(first), run_id, &label);
    let entry_id = accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    runs::set_validated(tx, run_id, entry_id, &st.now, st.actor.user_id)?;
    for s in &slips {
        for advance in &s.figures.taken {
            if advances::set_taken(tx, *advance, s.payslip_id)? != 1 {
                return Err(AppError::rule(format!("L'avance n° {advance} est déjà déduite.")));
            }
        }
    }
    let total: Money = slips.iter().map(|s| s.figures.net_to_pay).sum();
    let summary = format!("Paie de {label} validée : {} bulletin(s), net à payer {total}.", slips.len());
    let after = json!({"entry_id": entry_id, "net_to_pay": total.cents()});
    let event = Event::new(AuditKind::PayrollValidated, "payroll_runs", run_id, summary).after(after);
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(entry_id)
}

/// The month's one entry: Dr the charges by account (items, employer CNAS, FNPOS) · Cr 421 net to
/// pay, 431 both CNAS shares and FNPOS, 442 IRG, 4251 advances. A negative item (a
/// regularisation) nets its account; an account that nets below zero goes to the credit side.
fn accrual_entry(slips: &[Computed], day: NaiveDate, run_id: i64, label: &str) -> EntryDraft {
    let mut charges: std::collections::BTreeMap<String, Money> = Default::default();
    let (mut net, mut social, mut irg, mut adv) = (Money::ZERO, Money::ZERO, Money::ZERO, Money::ZERO);
    for s in slips {
        let f = &s.figures;
        for i in &f.items {
            *charges.entry(i.account.clone()).or_default() += i.amount;
        }
        *charges.entry(account::EMPLOYER_CNAS.into()).or_default() += f.cnas_employer;
        *charges.entry(account::FNPOS.into()).or_default() += f.fnpos;
        net += f.net_to_pay;
        social += f.cnas_employee + f.cnas_employer + f.fnpos;
        irg += f.irg;
        adv += f.advances;
    }
    let mut e = EntryDraft::new(Journal::Payroll, day, format!("Paie de {label}"), "payroll_run", run_id);
    for (acct, amount) in charges {
        if amount.is_negative() {
            e.add(LineDraft::credit(&acct, -amount, "régularisations"));
        } else {
            e.add(LineDraft::debit(&acct, amount, ""));
        }
    }
    e.add(LineDraft::credit(account::SALARIES_DUE, net, "net à payer"));
    e.add(LineDraft::credit(account::SOCIAL, social, "CNAS (parts salariale et patronale, œuvres sociales)"));
    e.add(LineDraft::credit(account::IRG, irg, "IRG retenu"));
    e.add(LineDraft::credit(account::ADVANCES, adv, "avances déduites"));
    e
}

/// What the month's page shows: its run, its payslips (without items), whether its hours are locked.
pub fn month_view(c: &rusqlite::Connection, first: NaiveDate) -> Result<(Option<Run>, Vec<Payslip>, bool), AppError> {
    let month = crate::people::month_text(first);
    let run = runs::run_of_month(c, &month)?;
    let slips = match &run {
        Some(r) => runs::payslips_of(c, r.id)?,
        None => Vec::new(),
    };
    let locked = crate::people::store::hours::is_locked(c, &month)?;
    Ok((run, slips, locked))
}

/// A payslip with its items.
pub fn payslip(c: &rusqlite::Connection, id: i64) -> Result<Payslip, AppError> {
    let mut p = runs::payslip(c, id)?.ok_or(AppError::NotFound)?;
    p.figures.items = runs::items(c, id)?;
    p.figures.taken = advances::taken_by(c, id)?.into_iter().map(|a| a.id).collect();
    Ok(p)
}

/// What the validated payrolls from `from` to `to` (`YYYY-MM`, both included) cost the shop, by
/// month: gross pay + the employer's CNAS + FNPOS of their frozen payslips. A month prepared but
/// not validated is left out.
pub fn validated_costs(c: &rusqlite::Connection, from: &str, to: &str) -> Result<Vec<(String, Money)>, AppError> {
    Ok(runs::validated_cost_by_month(c, from, to)?)
}
