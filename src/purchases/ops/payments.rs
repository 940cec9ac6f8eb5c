//! Paying suppliers, undoing a payment, returning goods to a supplier.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::cash::{self, MovementKind, Shift};
use crate::catalog;
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::purchases::{Drawer, Line, Method, PaymentDraft, Purchase, Status, store};
use crate::stock::{self, MoveCtx, MoveKind};

fn load(tx: &Transaction, id: i64) -> Result<Purchase, AppError> {
    store::purchase(tx, id)?.ok_or(AppError::NotFound)
}

fn record(tx: &Transaction, actor: &Actor, now: &str, p: &Purchase, what: String) -> Result<(), AppError> {
    let after =
        json!({"number": p.number, "status": p.status.code(), "total": p.total.cents(), "paid": p.paid.cents()});
    audit::record(tx, actor, now, Event::new(AuditKind::PurchaseChanged, "purchases", p.id, what).after(after))?;
    Ok(())
}

use crate::error::invalid;

/// Pays a received purchase, in part or in full: espèces → CA (Dr 401 / Cr 530), banque or
/// chèque → BQ (Dr 401 / Cr 512). Paying more than is owed is refused. Cash leaves the drawer
/// the draft names (`Drawer`). A replayed token returns the first payment.
pub fn pay(tx: &Transaction, actor: &Actor, id: i64, d: &PaymentDraft, now: &str) -> Result<i64, AppError> {
    if let Some(t) = &d.token
        && let Some((pid, purchase)) = store::payment_by_token(tx, t)?
    {
        if purchase != id {
            return Err(AppError::rule(
                "Ce formulaire de paiement a déjà servi pour un autre achat : rechargez la page.",
            ));
        }
        crate::db::replay::claim(tx, "purchase_payment", Some(t), actor.user_id, &(id, d), now)?;
        return Ok(pid);
    }
    crate::db::replay::claim(tx, "purchase_payment", d.token.as_deref(), actor.user_id, &(id, d), now)?;
    crate::text::check_all(&[("reference", &d.reference, crate::text::Text::Reference)])?;
    let p = load(tx, id)?;
    check_payable(&p, d.amount)?;
    let shift = match d.method {
        Method::Cash => Some(cash_out(tx, d.drawer, d.amount)?),
        Method::Bank | Method::Cheque => None,
    };
    let entry_id = accounting::ops::post(tx, actor, &payment_entry(&p, d), now)?;
    let pid = store::insert_payment(tx, p.id, d, entry_id, now, actor.user_id)?;
    if let Some(shift) = &shift {
        let reason = format!("Achat {} — {}", p.number, p.supplier);
        let source = ("purchase_payment", pid);
        let (kind, amount) = (MovementKind::SupplierPayment, -d.amount);
        cash::ops::record_document(tx, actor, shift, kind, amount, &reason, source, entry_id, now, d.day)?;
    }
    let after = load(tx, id)?;
    let what = format!("Paiement de {} ({}) sur l'achat {}.", d.amount, d.method.label(), p.number);
    record(tx, actor, now, &after, what)?;
    Ok(pid)
}

/// Only a received purchase is paid, and never more than what is still owed on it.
fn check_payable(p: &Purchase, amount: Money) -> Result<(), AppError> {
    match p.status {
        Status::Draft => {
            Err(AppError::rule(format!("L'achat {} est un brouillon : recevez-le avant de le payer.", p.number)))
        }
        Status::Cancelled => Err(AppError::rule(format!("L'achat {} est annulé : il ne se paie pas.", p.number))),
        Status::Received if amount.cents() <= 0 => Err(invalid("amount", "Le montant doit être supérieur à zéro.")),
        Status::Received if amount > p.owed() => {
            Err(invalid("amount", format!("Il ne reste que {} à payer sur cet achat.", p.owed().max(Money::ZERO))))
        }
        Status::Received => Ok(()),
    }
}

/// The shift whose drawer pays `amount` in cash: a shift must be open to count it out, and
/// the drawer must hold the money.
fn cash_out(tx: &Transaction, drawer: Drawer, amount: Money) -> Result<Shift, AppError> {
    let shift = match drawer {
        Drawer::FirstOpen => cash::ops::shift_for_cash(tx, None)?,
        Drawer::Till(t) => cash::ops::shift_for_cash(tx, Some(t))?,
        Drawer::Here(t) => cash::ops::shift_preferring(tx, Some(t))?,
    };
    if let Some(held) = cash::ops::short_of(tx, &shift, amount)? {
        let m = format!("Le tiroir ne devrait contenir que {held} : payez le reste par banque ou par chèque.");
        return Err(invalid("amount", m));
    }
    Ok(shift)
}

/// Dr 401 / Cr 530 (cash, journal CA) or 512 (bank and cheque, journal BQ).
fn payment_entry(p: &Purchase, d: &PaymentDraft) -> EntryDraft {
    let (journal, acct) = match d.method {
        Method::Cash => (Journal::Cash, account::CASH),
        Method::Bank | Method::Cheque => (Journal::Bank, account::BANK),
    };
    let label = format!("Paiement {} de l'achat {} — {}", d.method.label().to_lowercase(), p.number, p.supplier);
    let mut entry = EntryDraft::new(journal, d.day, label, "purchase", p.id);
    entry.add(LineDraft::debit(account::SUPPLIERS, d.amount, d.reference.trim()));
    entry.add(LineDraft::credit(acct, d.amount, d.reference.trim()));
    entry
}

/// Undoes a payment of purchase `purchase_id` (money given back by the supplier, or a payment
/// typed by mistake): its entry is reversed, dated `day`. A payment of another purchase is not
/// found. A cash payment's money comes back into a drawer: the shift of the till it left from if
/// still open, else the first open shift; none open → `shift_closed`.
pub fn reverse_payment(
    tx: &Transaction,
    actor: &Actor,
    purchase_id: i64,
    payment_id: i64,
    now: &str,
    day: NaiveDate,
) -> Result<(), AppError> {
    let pay = store::payment(tx, payment_id)?.filter(|y| y.purchase_id == purchase_id).ok_or(AppError::NotFound)?;
    if pay.reversed_at.is_some() {
        return Err(AppError::rule("Ce paiement est déjà annulé."));
    }
    let paid_from = cash::store::movements_of_source(tx, "purchase_payment", payment_id)?;
    let shift = match paid_from.first() {
        None => None,
        Some(m) => {
            let till = cash::store::shift(tx, m.shift_id)?.map(|s| s.till_id);
            Some(cash::ops::shift_preferring(tx, till)?)
        }
    };
    let reversal = accounting::ops::reverse(tx, actor, pay.entry_id, day, "annulation du paiement", now)?;
    let p = load(tx, pay.purchase_id)?;
    if let Some(shift) = &shift {
        let reason = format!("Annulation du paiement de l'achat {} — {}", p.number, p.supplier);
        let (kind, source) = (MovementKind::SupplierPayment, ("purchase_payment", payment_id));
        cash::ops::record_document(tx, actor, shift, kind, pay.amount, &reason, source, reversal, now, day)?;
    }
    store::set_payment_reversed(tx, payment_id, now, actor.user_id)?;
    let p = load(tx, p.id)?;
    record(tx, actor, now, &p, format!("Paiement de {} annulé sur l'achat {}.", pay.amount, p.number))
}

/// Returns goods of a received line to the supplier: stock out at the PMP (the goods may have
/// been mixed with others), entry Dr 401 / Cr stock for that value. Returns the value. A replayed
/// token returns the first return's value.
#[allow(clippy::too_many_arguments)]
pub fn return_goods(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    line_id: i64,
    qty: Qty,
    reason: &str,
    token: Option<&str>,
    now: &str,
    day: NaiveDate,
) -> Result<Money, AppError> {
    crate::db::replay::claim(tx, "purchase_return", token, actor.user_id, &(id, line_id, qty, reason), now)?;
    if let Some(t) = token
        && let Some(value) = store::return_by_token(tx, t)?
    {
        return Ok(value);
    }
    crate::text::check_all(&[("reason", reason, crate::text::Text::Reason)])?;
    let (p, line) = returnable(tx, id, line_id, qty)?;
    let c = MoveCtx {
        at: now.into(),
        day,
        user_id: actor.user_id,
        source_type: "purchase",
        source_id: p.id,
        note: format!("Retour {}", p.number),
    };
    // The goods leave stock at their carrying value (the PMP); the supplier credits what they
    // cost on this purchase, the last return of a line taking exactly what is left of it.
    let stock_value = stock::ops::issue(tx, &c, line.product_id, line.location_id, qty, MoveKind::SupplierReturn)?;
    let value = if qty == line.base_qty - line.returned {
        line.value - store::returned_value(tx, line.id)?
    } else {
        stock::share(line.value, qty, line.base_qty)
    };
    // The TVA deducted on the goods goes back with them: the share of the line's TVA of what has
    // been returned so far, less what earlier returns took (so the shares add up exactly).
    let tva_share = stock::share(line.tva, line.returned + qty, line.base_qty)
        - stock::share(line.tva, line.returned, line.base_qty);
    let (day_text, reason) = (day.to_string(), reason.trim());
    let rid = store::insert_return(tx, p.id, line.id, &day_text, qty, value, reason, token, now, actor.user_id)?;
    let mut entry = return_entry(tx, &p, &line, rid, day, (value, tva_share), stock_value)?;
    let product = catalog::store::product(tx, line.product_id)?.ok_or(AppError::NotFound)?;
    let mut given_back = super::purchases::deductible_of(stock_account(product.kind), &line);
    (given_back.base, given_back.tva) = (value - tva_share, tva_share);
    let src = crate::tax::ops::tva::Source { kind: "purchase_return", id: rid, day };
    for l in crate::tax::ops::tva::deductible_lines(tx, src, &[given_back], true)? {
        entry.add(l);
    }
    if entry.lines.len() >= 2 {
        let entry_id = accounting::ops::post(tx, actor, &entry, now)?;
        store::set_return_entry(tx, rid, entry_id)?;
    }
    let after = load(tx, id)?;
    let what =
        format!("Retour fournisseur de {} {} ({value}) sur l'achat {}.", line.unit.format(qty), line.product, p.number);
    record(tx, actor, now, &after, what)?;
    Ok(value)
}

/// The purchase and its line, when `qty` of the line may still go back: the purchase is
/// received and the line still holds that much.
fn returnable(tx: &Transaction, id: i64, line_id: i64, qty: Qty) -> Result<(Purchase, Line), AppError> {
    let p = load(tx, id)?;
    if p.status != Status::Received {
        return Err(AppError::rule(format!("Seul un achat reçu peut faire l'objet d'un retour ({}).", p.number)));
    }
    let line = store::lines(tx, id)?.into_iter().find(|l| l.id == line_id).ok_or(AppError::NotFound)?;
    let left = line.base_qty - line.returned;
    if qty.milli() <= 0 {
        return Err(invalid("qty", "La quantité doit être supérieure à zéro."));
    }
    if qty > left {
        let m = format!("Au plus {} peuvent encore être retournés sur cette ligne.", line.unit.format(left));
        return Err(invalid("qty", m));
    }
    Ok((p, line))
}

/// Dr 401 for what the supplier credits (`value`, TTC), Cr stock for what left the stock
/// (`stock_value`); the difference with the value before its TVA (`tva`, given back to 4456 by
/// the caller) is a loss (658) or a gain (758).
fn return_entry(
    tx: &Transaction,
    p: &Purchase,
    line: &Line,
    return_id: i64,
    day: NaiveDate,
    (value, tva): (Money, Money),
    stock_value: Money,
) -> Result<EntryDraft, AppError> {
    let product = catalog::store::product(tx, line.product_id)?.ok_or(AppError::NotFound)?;
    let label = format!("Retour au fournisseur — achat {} — {}", p.number, p.supplier);
    let mut entry = EntryDraft::new(Journal::Purchases, day, label, "purchase_return", return_id);
    entry.add(LineDraft::debit(account::SUPPLIERS, value, ""));
    entry.add(LineDraft::credit(stock_account(product.kind), stock_value, ""));
    let cost = value - tva;
    if cost > stock_value {
        entry.add(LineDraft::credit(account::GAINS, cost - stock_value, "écart de prix du retour"));
    } else if stock_value > cost {
        entry.add(LineDraft::debit(account::LOSSES, stock_value - cost, "écart de prix du retour"));
    }
    Ok(entry)
}
