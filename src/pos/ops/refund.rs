//! A refund (credit note): part or all of a past ticket, the goods back on the counter or thrown
//! away, the money back from the drawer (cash), the bank or as a voucher, the entry and the
//! credit note's print job, in one transaction. Never beyond what the ticket sold.

use chrono::Datelike;
use rusqlite::Transaction;
use serde_json::json;

use super::{Doc, cost_account, payment_account, receipt, record_cash, revenue_account, till_and_shift};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::auth::ops::{Approval, Approver, Authorised, Need};
use crate::auth::{self, CurrentUser, Permission};
use crate::cash::{self, MovementKind, Shift, Till};
use crate::catalog;
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::pos::{Destination, PayMethod, RefundDraft, RefundLineDraft, Refunded, TicketLine, TicketSummary, store};
use crate::stock::{self, MoveCtx, MoveKind};
use crate::tax::ops::tva;

/// Refunds part or all of a past ticket. Someone without the right to refund brings the
/// `approval` of someone who has it (her PIN, for this refund only): refused (`Denied`) when it is
/// wrong, nothing refunded but the wrong PIN counted. A replayed token answers the first refund.
pub fn refund(
    tx: &Transaction,
    st: &Stamp,
    user: &CurrentUser,
    d: &RefundDraft,
    approval: Option<&Approval>,
) -> Result<Authorised<Refunded>, AppError> {
    crate::db::replay::claim(tx, "refund", Some(&d.token), Some(user.id), d, &st.now)?;
    if let Some(id) = first_answer(tx, d)? {
        return Ok(Authorised::Done(refunded(tx, id)?));
    }
    let need = Need::Permission(Permission::Refund);
    let approver = match auth::ops::authorise(tx, st, user, need, approval, not_allowed)? {
        Ok(a) => a,
        Err(denied) => return Ok(Authorised::Denied(denied)),
    };
    let (now, day) = (st.now.as_str(), st.day);
    let sale = store::summary(tx, d.sale_id)?.ok_or(AppError::NotFound)?;
    let lines = store::lines(tx, sale.id)?;
    let asked = asked_lines(d)?;
    let payer = paying_till(tx, d)?;
    let (till, shift) = (&payer.till, payer.shift.as_ref());
    let number = format!("AV-{}-{:05}", day.year(), accounting::store::next_number(tx, "AV", day.year())?);
    let (shift_id, day_text, reason) = (shift.map(|s| s.id), day.to_string(), d.reason.trim());
    let (method, token) = (d.method.code(), &d.token);
    let id =
        store::insert_refund(tx, &number, token, sale.id, till.id, shift_id, now, &day_text, user.id, reason, method)?;
    let doc = Doc { source_type: "refund", id, number: &number, user, now, day };
    let (entry_id, total) = refund_entry(tx, &doc, &sale, &payer, &lines, &asked, d.method)?;
    store::finish_refund(tx, id, total, entry_id)?;
    crate::kpi::ops::record_refund(tx, id)?;
    if let Some(shift) = shift {
        record_cash(tx, shift, &doc, MovementKind::Refund, -total, entry_id)?;
    }
    if d.method == PayMethod::Voucher && total.cents() > 0 {
        store::insert_voucher(tx, &receipt::voucher_code(id), total, id, now)?;
    }
    audit_refund(tx, &doc, &sale, d, total, approver.as_ref())?;
    let prints = till.printer_driver != "aucun";
    if prints {
        receipt::queue_credit_note(tx, id, shift.is_some() && till.drawer, false, Some(user.id), now)?;
    }
    Ok(Authorised::Done(Refunded { id, number, total, prints }))
}

fn not_allowed() -> AppError {
    AppError::refused(
        "approval_needed",
        "Un retour demande le droit de rembourser : faites-le autoriser par une personne qui l'a (son code PIN).",
    )
}

/// A refund recorded before (a replay), as the till shows it.
fn refunded(tx: &Transaction, id: i64) -> Result<Refunded, AppError> {
    let r = store::refund(tx, id)?.ok_or(AppError::NotFound)?;
    let prints = cash::store::till(tx, r.till_id)?.is_some_and(|t| t.printer_driver != "aucun");
    Ok(Refunded { id, number: r.number, total: r.total, prints })
}

/// The refund already recorded under this token, if any; refused when it was for another
/// ticket, or when the token is missing.
fn first_answer(tx: &Transaction, d: &RefundDraft) -> Result<Option<i64>, AppError> {
    if let Some((id, sale_id)) = store::refund_by_token(tx, &d.token)? {
        if sale_id != d.sale_id {
            return Err(AppError::refused("token_reused", "Ce retour a déjà été enregistré sur un autre ticket."));
        }
        return Ok(Some(id));
    }
    if d.token.trim().len() < 8 {
        return Err(AppError::refused("bad_token", "Jeton du retour manquant : rechargez la page."));
    }
    Ok(None)
}

/// The lines asked for (a quantity other than zero), with a reason: said beside the fields.
fn asked_lines(d: &RefundDraft) -> Result<Vec<&RefundLineDraft>, AppError> {
    let mut errors = FieldErrors::new();
    crate::text::Text::Reason.check(&mut errors, "reason", &d.reason);
    if d.reason.trim().is_empty() {
        errors.add("reason", "Indiquez le motif du retour.");
    }
    let asked: Vec<_> = d.lines.iter().filter(|l| l.qty.milli() != 0).collect();
    if asked.is_empty() {
        errors.add("lines", "Choisissez au moins un article à rembourser.");
    }
    Ok(errors.into_result(asked)?)
}

/// The till that pays back, with its open shift when the money is cash (it leaves its drawer).
struct Payer {
    till: Till,
    shift: Option<Shift>,
}

fn paying_till(tx: &Transaction, d: &RefundDraft) -> Result<Payer, AppError> {
    let till =
        cash::store::till(tx, d.till_id)?.ok_or_else(|| AppError::refused("unknown_till", "Caisse inconnue."))?;
    let shift = match d.method {
        PayMethod::Cash => Some(till_and_shift(tx, till.id)?.1),
        _ => None,
    };
    Ok(Payer { till, shift })
}

/// The lines given back and the credit note's one entry: revenue back per line, the goods back
/// in stock or lost, the money out by the method chosen (never more cash than the drawer holds).
/// Returns the entry and the refund's total.
fn refund_entry(
    tx: &Transaction,
    doc: &Doc,
    sale: &TicketSummary,
    payer: &Payer,
    lines: &[TicketLine],
    asked: &[&RefundLineDraft],
    method: PayMethod,
) -> Result<(i64, Money), AppError> {
    let memo = format!("Avoir {} sur le ticket {}", doc.number, sale.number);
    let mut entry = EntryDraft::new(Journal::Sales, doc.day, memo, "refund", doc.id);
    let ctx = doc.moves(format!("{} (ticket {})", doc.number, sale.number));
    let sale_day = chrono::NaiveDate::parse_from_str(&sale.day, "%Y-%m-%d").unwrap_or(doc.day);
    let total = return_lines(tx, &ctx, &payer.till, lines, asked, (sale_day, &mut entry))?;
    entry.add(LineDraft::credit(payment_account(method), total, ""));
    if let Some(shift) = &payer.shift
        && let Some(held) = cash::ops::short_of(tx, shift, total)?
    {
        return Err(AppError::refused(
            "not_enough_cash",
            format!("Le tiroir ne contient que {held} : impossible de rendre {total} en espèces."),
        ));
    }
    let entry_id = accounting::ops::post(tx, &doc.user.actor(), &entry, doc.now)?;
    Ok((entry_id, total))
}

/// Each line given back, checked against what is left of it on the ticket, written with its
/// amount and cost, its goods back on the counter or thrown away. Returns the refund's total.
fn return_lines(
    tx: &Transaction,
    ctx: &MoveCtx,
    till: &Till,
    lines: &[TicketLine],
    asked: &[&RefundLineDraft],
    (sale_day, entry): (chrono::NaiveDate, &mut EntryDraft),
) -> Result<Money, AppError> {
    let mut total = Money::ZERO;
    let mut seen = Vec::new();
    let mut revenue = Vec::new();
    for a in asked {
        let l = lines
            .iter()
            .find(|l| l.id == a.line_id)
            .ok_or_else(|| AppError::refused("unknown_line", "Cette ligne n'appartient pas au ticket."))?;
        if seen.contains(&l.id) {
            return Err(AppError::refused("duplicate_line", format!("« {} » est demandé deux fois.", l.name)));
        }
        seen.push(l.id);
        let (amount, cost) = share_of(l, a)?;
        store::insert_refund_line(tx, ctx.source_id, l.id, a.qty, amount, cost, a.destination.code())?;
        total += amount;
        revenue.push(tva::Revenue { product_id: l.product_id, account: revenue_account(l.kind).into(), ttc: amount });
        goods_back(tx, ctx, till, l, a, cost, entry)?;
    }
    // The TVA goes back at the ticket's regime and rates, as it was collected.
    let src = tva::Source { kind: "refund", id: ctx.source_id, day: ctx.day };
    for line in tva::revenue_lines(tx, src, sale_day, &revenue, tva::Side::Return)? {
        entry.add(line);
    }
    Ok(total)
}

/// What a line given back is worth (its amount and its cost), never beyond what is left of it.
/// The last unit takes what is left, so a ticket refunded in parts adds up exactly.
fn share_of(l: &TicketLine, a: &RefundLineDraft) -> Result<(Money, Money), AppError> {
    let left = l.refundable();
    if a.qty.milli() < 0 || a.qty > left {
        return Err(AppError::refused(
            "refund_exceeds_sale",
            format!(
                "On ne peut rembourser que {} de « {} » sur ce ticket (demandé : {}).",
                l.unit.format(left),
                l.name,
                l.unit.format(a.qty)
            ),
        ));
    }
    Ok(if a.qty == left {
        (l.total - l.refunded_amount, l.cost - l.refunded_cost)
    } else {
        (stock::share(l.total, a.qty, l.qty), stock::share(l.cost, a.qty, l.qty))
    })
}

/// The goods of a line given back: on the counter again at the cost they left with (when they
/// are tracked or cost something), or thrown away, their cost a loss.
fn goods_back(
    tx: &Transaction,
    ctx: &MoveCtx,
    till: &Till,
    l: &TicketLine,
    a: &RefundLineDraft,
    cost: Money,
    entry: &mut EntryDraft,
) -> Result<(), AppError> {
    match a.destination {
        Destination::Counter => {
            if cost.cents() > 0 || catalog::store::product(tx, l.product_id)?.is_some_and(|p| p.track_stock) {
                stock::ops::receive(tx, ctx, l.product_id, till.location_id, a.qty, cost, MoveKind::Refund)?;
                entry.add(LineDraft::debit(stock_account(l.kind), cost, "Retour en stock"));
                entry.add(LineDraft::credit(cost_account(l.kind), cost, "Retour en stock"));
            }
        }
        Destination::Waste => {
            entry.add(LineDraft::debit(account::LOSSES, cost, "Retour jeté"));
            entry.add(LineDraft::credit(cost_account(l.kind), cost, "Retour jeté"));
        }
    }
    Ok(())
}

/// The refund goes to the audit trail: how much, on which ticket, why, paid back how, and who
/// approved it when the person at the till could not refund herself.
fn audit_refund(
    tx: &Transaction,
    doc: &Doc,
    sale: &TicketSummary,
    d: &RefundDraft,
    total: Money,
    approver: Option<&Approver>,
) -> Result<(), AppError> {
    let by = approver.map(|a| format!(" Autorisé par « {} » (code PIN).", a.username)).unwrap_or_default();
    let summary = format!("Avoir {} de {total} sur le ticket {} : {}.{by}", doc.number, sale.number, d.reason.trim());
    let approved_by = approver.map(|a| json!({"id": a.id, "username": a.username}));
    let after =
        json!({"sale_id": sale.id, "total": total.cents(), "method": d.method.code(), "approved_by": approved_by});
    audit::record(
        tx,
        &doc.user.actor(),
        doc.now,
        Event::new(AuditKind::SaleRefunded, "refunds", doc.id, summary).after(after),
    )?;
    Ok(())
}
