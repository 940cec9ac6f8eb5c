//! A refund (credit note): part or all of a past ticket, the goods back on the counter or thrown
//! away, the money back from the drawer (cash), the bank or as a voucher, the entry and the
//! credit note's print job, in one transaction. Never beyond what the ticket sold.

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;
use serde_json::json;

use super::{cost_account, payment_account, revenue_account, till_and_shift};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, AuditKind, Event};
use crate::auth::CurrentUser;
use crate::cash::{self, MovementDraft, MovementKind};
use crate::catalog;
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::pos::{Destination, PayMethod, RefundDraft, store};
use crate::stock::{self, MoveCtx, MoveKind};

/// Refunds part or all of a past ticket; returns the refund's id. A replayed token returns it.
pub fn refund(
    tx: &Transaction,
    user: &CurrentUser,
    d: &RefundDraft,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    if let Some((id, sale_id)) = store::refund_by_token(tx, &d.token)? {
        if sale_id != d.sale_id {
            return Err(AppError::refused("token_reused", "Ce retour a déjà été enregistré sur un autre ticket."));
        }
        return Ok(id);
    }
    if d.token.trim().len() < 8 {
        return Err(AppError::refused("bad_token", "Jeton du retour manquant : rechargez la page."));
    }
    let sale = store::summary(tx, d.sale_id)?.ok_or(AppError::NotFound)?;
    let lines = store::lines(tx, sale.id)?;
    let mut errors = FieldErrors::new();
    if d.reason.trim().is_empty() {
        errors.add("reason", "Indiquez le motif du retour.");
    }
    let asked: Vec<_> = d.lines.iter().filter(|l| l.qty.milli() != 0).collect();
    if asked.is_empty() {
        errors.add("lines", "Choisissez au moins un article à rembourser.");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let till =
        cash::store::till(tx, d.till_id)?.ok_or_else(|| AppError::refused("unknown_till", "Caisse inconnue."))?;
    let shift = match d.method {
        PayMethod::Cash => Some(till_and_shift(tx, till.id)?.1),
        _ => None,
    };
    let seq = accounting::store::next_number(tx, "AV", day.year())?;
    let number = format!("AV-{}-{seq:05}", day.year());
    let id = store::insert_refund(
        tx,
        &number,
        &d.token,
        sale.id,
        till.id,
        shift.as_ref().map(|s| s.id),
        now,
        &day.to_string(),
        user.id,
        d.reason.trim(),
        d.method.code(),
    )?;
    let ctx = MoveCtx {
        at: now.into(),
        day,
        user_id: Some(user.id),
        source_type: "refund",
        source_id: id,
        note: format!("{number} (ticket {})", sale.number),
    };
    let mut entry =
        EntryDraft::new(Journal::Sales, day, format!("Avoir {number} sur le ticket {}", sale.number), "refund", id);
    let mut total = Money::ZERO;
    let mut seen = Vec::new();
    for a in asked {
        let l = lines
            .iter()
            .find(|l| l.id == a.line_id)
            .ok_or_else(|| AppError::refused("unknown_line", "Cette ligne n'appartient pas au ticket."))?;
        if seen.contains(&l.id) {
            return Err(AppError::refused("duplicate_line", format!("« {} » est demandé deux fois.", l.name)));
        }
        seen.push(l.id);
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
        // The last unit takes what is left, so a ticket refunded in parts adds up exactly.
        let (amount, cost) = if a.qty == left {
            (l.total - l.refunded_amount, l.cost - l.refunded_cost)
        } else {
            (stock::share(l.total, a.qty, l.qty), stock::share(l.cost, a.qty, l.qty))
        };
        store::insert_refund_line(tx, id, l.id, a.qty, amount, cost, a.destination.code())?;
        total += amount;
        entry.add(LineDraft::debit(revenue_account(l.kind), amount, ""));
        match a.destination {
            Destination::Counter => {
                if cost.cents() > 0 || catalog::store::product(tx, l.product_id)?.is_some_and(|p| p.track_stock) {
                    stock::ops::receive(tx, &ctx, l.product_id, till.location_id, a.qty, cost, MoveKind::Refund)?;
                    entry.add(LineDraft::debit(stock_account(l.kind), cost, "Retour en stock"));
                    entry.add(LineDraft::credit(cost_account(l.kind), cost, "Retour en stock"));
                }
            }
            Destination::Waste => {
                entry.add(LineDraft::debit(account::LOSSES, cost, "Retour jeté"));
                entry.add(LineDraft::credit(cost_account(l.kind), cost, "Retour jeté"));
            }
        }
    }
    entry.add(LineDraft::credit(payment_account(d.method), total, ""));
    if let Some(shift) = &shift
        && let Some(held) = cash::ops::short_of(tx, shift, total)?
    {
        return Err(AppError::refused(
            "not_enough_cash",
            format!("Le tiroir ne contient que {held} : impossible de rendre {total} en espèces."),
        ));
    }
    let entry_id = accounting::ops::post(tx, &user.actor(), &entry, now)?;
    store::finish_refund(tx, id, total, entry_id)?;
    if let Some(shift) = &shift
        && total.cents() > 0
    {
        cash::store::insert_movement(
            tx,
            &MovementDraft {
                shift_id: shift.id,
                at: now,
                day,
                kind: MovementKind::Refund,
                amount: -total,
                reason: &number,
                source_type: "refund",
                source_id: Some(id),
                entry_id: Some(entry_id),
                user_id: user.id,
                token: None,
            },
        )?;
    }
    if d.method == PayMethod::Voucher && total.cents() > 0 {
        store::insert_voucher(tx, &super::receipt::voucher_code(id), total, id, now)?;
    }
    let e = Event::new(
        AuditKind::SaleRefunded,
        "refunds",
        id,
        format!("Avoir {number} de {total} sur le ticket {} : {}", sale.number, d.reason.trim()),
    )
    .after(json!({"sale_id": sale.id, "total": total.cents(), "method": d.method.code()}));
    audit::record(tx, &user.actor(), now, e)?;
    if till.printer_driver != "aucun" {
        super::receipt::queue_credit_note(tx, id, shift.is_some() && till.drawer, false, Some(user.id), now)?;
    }
    Ok(id)
}
