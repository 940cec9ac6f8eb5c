//! A counter sale: the ticket with its gapless number, its lines priced from the catalogue with
//! their frozen cost, the stock leaving the counter, the packaging its rules consume, the cash
//! movement of the open shift, the entry and the receipt's print job, in one transaction.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;
use serde_json::json;

use super::quote::quote;
use super::{cost_account, payment_account, revenue_account, till_and_shift};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, AuditKind, Event};
use crate::auth::{CurrentUser, Permission};
use crate::cash::{self, MovementDraft, MovementKind, Till};
use crate::catalog::Product;
use crate::error::{AppError, FieldErrors};
use crate::money::{Money, Qty};
use crate::pos::{CheckoutDraft, PayMethod, store};
use crate::stock::{self, MoveCtx, MoveKind};

/// Refuses a discount the seller may not give, or one above the gérante's threshold with no reason.
fn check_discounts(tx: &Transaction, seller: &CurrentUser, worst_pct: i64, reason: &str) -> Result<(), AppError> {
    if worst_pct == 0 {
        return Ok(());
    }
    let reason_pct = crate::pos::rules::store::settings(tx)?.discount_reason_pct;
    let max_pct = crate::auth::store::max_discount_pct(tx, seller.role.id)?;
    let max_pct = if seller.role.is_superuser {
        100
    } else if seller.can(Permission::Discount) {
        max_pct
    } else {
        0
    };
    if worst_pct > max_pct {
        let msg = if max_pct == 0 {
            "Vous n'avez pas le droit d'accorder une remise.".to_string()
        } else {
            format!("Remise de {worst_pct} % refusée : votre limite est de {max_pct} %.")
        };
        return Err(AppError::refused("discount_limit", msg));
    }
    if worst_pct > reason_pct && reason.trim().is_empty() {
        let mut e = FieldErrors::new();
        e.add("discount_reason", format!("Une remise de plus de {reason_pct} % demande un motif."));
        return Err(e.into());
    }
    Ok(())
}

/// What a checkout asked for, in a canonical form: a replayed token must carry the same request.
pub fn fingerprint(d: &CheckoutDraft) -> String {
    use sha2::{Digest, Sha256};
    let mut text = format!("{};{};{}", d.till_id, d.cart.discount.cents(), d.cart.discount_reason.trim());
    for l in &d.cart.lines {
        text.push_str(&format!("|{}:{}:{}", l.product_id, l.qty.milli(), l.discount.cents()));
    }
    for t in &d.payments {
        text.push_str(&format!("|{}:{}:{}", t.method.code(), t.amount.cents(), t.reference.trim().to_uppercase()));
    }
    Sha256::digest(text.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// Records a counter sale; returns the ticket's id. A replayed token returns the first ticket.
pub fn checkout(
    tx: &Transaction,
    seller: &CurrentUser,
    d: &CheckoutDraft,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    let print = fingerprint(d);
    if let Some((id, number, first)) = store::sale_by_token(tx, &d.token)? {
        if first == print {
            return Ok(id);
        }
        // The same token with another cart: the first ticket stands, nothing more is sold.
        return Err(AppError::Refused {
            code: "token_reused",
            message: format!(
                "Ce ticket a déjà été enregistré ({number}) avec un autre contenu : rien de plus n'a été vendu. \
                 Vérifiez le ticket {number} avant de vendre le reste."
            ),
            detail: BTreeMap::from([("sale_id".into(), id.to_string()), ("number".into(), number)]),
        });
    }
    if d.token.trim().len() < 8 {
        return Err(AppError::refused("bad_token", "Jeton de ticket manquant : rechargez la caisse."));
    }
    let (till, shift) = till_and_shift(tx, d.till_id)?;
    if d.cart.lines.is_empty() {
        return Err(AppError::refused("empty_cart", "Le ticket est vide."));
    }

    let q = quote(tx, &till, &d.cart)?;
    if let Some(short) = q.shortages.first() {
        return Err(short.refusal());
    }
    check_discounts(tx, seller, q.worst_pct, &d.cart.discount_reason)?;
    let (gross, discount, total) = (q.gross, q.discount, q.total);

    // Payments: non-cash never above the total; cash may be more (change).
    let (paid, change) = check_tenders(tx, d, total, day)?;

    let number = format!("T-{}-{:06}", day.year(), accounting::store::next_number(tx, "T", day.year())?);
    let day_text = day.to_string();
    let reason = d.cart.discount_reason.trim();
    let id = store::insert_sale(tx, &number, &d.token, &print, till.id, shift.id, now, &day_text, seller.id, reason)?;
    let ctx = MoveCtx {
        at: now.into(),
        day,
        user_id: Some(seller.id),
        source_type: "sale",
        source_id: id,
        note: number.clone(),
    };
    let mut entry = EntryDraft::new(Journal::Sales, day, format!("Ticket {number}"), "sale", id);
    let mut cost_total = Money::ZERO;
    for (i, l) in q.lines.iter().enumerate() {
        let (p, qty) = (&l.product, &l.qty);
        let cost = issue(tx, &ctx, &till, p, *qty)?;
        cost_total += cost;
        let discount = l.discount();
        store::insert_line(
            tx,
            id,
            &store::LineRow {
                position: i as i64 + 1,
                product_id: p.id,
                name: &p.name,
                category_id: p.category_id,
                qty: *qty,
                unit_price: l.price,
                gross: l.gross,
                discount,
                line_discount: l.line_discount,
                cost,
            },
        )?;
        entry.add(LineDraft::credit(revenue_account(p.kind), l.gross - discount, ""));
        entry.add(LineDraft::debit(cost_account(p.kind), cost, "Coût des ventes"));
        entry.add(LineDraft::credit(stock_account(p.kind), cost, "Coût des ventes"));
    }
    for (method, amount, reference, voucher) in &paid {
        store::insert_payment(tx, id, method.code(), *amount, reference, *voucher)?;
        if *method != PayMethod::Cash {
            entry.add(LineDraft::debit(payment_account(*method), *amount, ""));
        }
    }
    // Cash: what stayed in the drawer, all cash tenders together less the change.
    let cash_in: Money = paid.iter().filter(|p| p.0 == PayMethod::Cash).map(|p| p.1).sum::<Money>() - change;
    entry.add(LineDraft::debit(account::CASH, cash_in, ""));
    super::packaging::consume(tx, &ctx, &q.lines.iter().map(|l| (&l.product, l.qty)).collect::<Vec<_>>(), &mut entry)?;
    let entry_id = accounting::ops::post(tx, &seller.actor(), &entry, now)?;
    let tendered: Money = paid.iter().map(|p| p.1).sum();
    store::finish_sale(tx, id, gross, discount, tendered, change, cost_total, entry_id)?;

    if cash_in.cents() > 0 {
        cash::store::insert_movement(
            tx,
            &MovementDraft {
                shift_id: shift.id,
                at: now,
                day,
                kind: MovementKind::Sale,
                amount: cash_in,
                reason: &number,
                source_type: "sale",
                source_id: Some(id),
                entry_id: Some(entry_id),
                user_id: seller.id,
                token: None,
            },
        )?;
    }
    if discount.cents() > 0 {
        let e =
            Event::new(AuditKind::DiscountGiven, "sales", id, format!("Remise de {discount} sur le ticket {number}."))
                .after(
                    json!({"gross": gross.cents(), "discount": discount.cents(), "reason": reason, "pct": q.worst_pct}),
                );
        audit::record(tx, &seller.actor(), now, e)?;
    }
    let opens_drawer = till.drawer && paid.iter().any(|p| p.0 == PayMethod::Cash);
    // A till without a receipt printer queues nothing: its receipt is printed from the browser.
    if till.printer_driver != "aucun" {
        super::receipt::queue_ticket(tx, id, opens_drawer, false, Some(seller.id), now)?;
    }
    Ok(id)
}

type Paid = (PayMethod, Money, String, Option<i64>);

/// The tenders, checked: each > 0; cards, cheques and vouchers never above what is due; vouchers
/// known, unexpired, holding the amount; everything together at least the total. Returns the
/// payments and the change (given back in cash, never more than the cash handed over).
fn check_tenders(
    tx: &Transaction,
    d: &CheckoutDraft,
    total: Money,
    day: NaiveDate,
) -> Result<(Vec<Paid>, Money), AppError> {
    if d.payments.is_empty() {
        if total.cents() == 0 {
            return Ok((Vec::new(), Money::ZERO));
        }
        return Err(AppError::refused("payment_short", format!("Encaissez {total} avant de valider le ticket.")));
    }
    let mut paid: Vec<Paid> = Vec::new();
    let mut non_cash = Money::ZERO;
    let mut cash = Money::ZERO;
    for t in &d.payments {
        if t.amount.cents() <= 0 {
            return Err(AppError::refused("bad_payment", "Un paiement doit être supérieur à zéro."));
        }
        let voucher = if t.method == PayMethod::Voucher {
            let (id, left, expires) = store::voucher(tx, &t.reference)?.ok_or_else(|| {
                AppError::refused("unknown_voucher", format!("Bon d'achat « {} » inconnu.", t.reference.trim()))
            })?;
            if expires.is_some_and(|e| e < day.to_string()) {
                return Err(AppError::refused("voucher_expired", "Ce bon d'achat a expiré."));
            }
            // One voucher may appear in several tenders: together, never beyond what it holds.
            let already: Money = paid.iter().filter(|p| p.3 == Some(id)).map(|p| p.1).sum();
            if already + t.amount > left {
                return Err(AppError::refused("voucher_short", format!("Il ne reste que {left} sur ce bon d'achat.")));
            }
            Some(id)
        } else {
            None
        };
        match t.method {
            PayMethod::Cash => cash += t.amount,
            _ => non_cash += t.amount,
        }
        paid.push((t.method, t.amount, t.reference.trim().to_uppercase(), voucher));
    }
    if non_cash > total {
        return Err(AppError::refused(
            "overpaid",
            format!("Carte, chèque et bons ne peuvent pas dépasser le total ({total}) : pas de monnaie rendue dessus."),
        ));
    }
    let tendered = cash + non_cash;
    if tendered < total {
        return Err(AppError::refused(
            "payment_short",
            format!("Paiement insuffisant : il manque {}.", total - tendered),
        ));
    }
    Ok((paid, tendered - total))
}

/// Stock out of the counter at the PMP. A product not tracked takes what the counter holds (its
/// receipts came in) and sells the rest without a move. Returns the value out (the line's cost).
fn issue(tx: &Transaction, ctx: &MoveCtx, till: &Till, p: &Product, qty: Qty) -> Result<Money, AppError> {
    let out = if p.track_stock { qty } else { qty.min(stock::store::balance(tx, p.id, till.location_id)?.qty) };
    if out.milli() <= 0 {
        return Ok(Money::ZERO);
    }
    stock::ops::issue(tx, ctx, p.id, till.location_id, out, MoveKind::Sale)
}
