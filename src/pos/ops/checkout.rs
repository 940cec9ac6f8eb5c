//! A counter sale: the ticket with its gapless number, its lines priced from the catalogue with
//! their frozen cost, the stock leaving the counter, the packaging its rules consume, the cash
//! movement of the open shift, the entry and the receipt's print job, in one transaction.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;
use serde_json::json;

use super::quote::{Quote, quote};
use super::{Doc, cost_account, packaging, payment_account, receipt, record_cash, revenue_account, till_and_shift};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::auth::ops::{Approval, Approver, Authorised, Denial, Need};
use crate::auth::{self, CurrentUser, Permission};
use crate::cash::{self, MovementKind, Shift, Till};
use crate::catalog::Product;
use crate::error::{AppError, FieldErrors};
use crate::money::{Money, Qty};
use crate::pos::{CheckoutDraft, PayMethod, Sold, Tender, store};
use crate::stock::{self, MoveCtx, MoveKind};
use crate::tax::ops::tva;
use crate::text::{self, Text};

/// Refuses a discount the seller may not give (unless someone allowed to approves this one, with
/// her PIN), or one above the gérante's threshold with no reason. Returns who approved, if anyone.
fn check_discounts(
    tx: &Transaction,
    st: &Stamp,
    seller: &CurrentUser,
    worst_pct: i64,
    reason: &str,
    approval: Option<&Approval>,
) -> Result<Result<Option<Approver>, Denial>, AppError> {
    if worst_pct == 0 {
        return Ok(Ok(None));
    }
    let refused = || {
        let max_pct = crate::auth::store::max_discount_pct(tx, seller.role.id).unwrap_or(0);
        let msg = if !seller.can(Permission::Discount) || max_pct == 0 {
            "Vous n'avez pas le droit d'accorder une remise.".to_string()
        } else {
            format!("Remise de {worst_pct} % refusée : votre limite est de {max_pct} %.")
        };
        AppError::refused("discount_limit", msg)
    };
    let approver = match auth::ops::authorise(tx, st, seller, Need::Discount { pct: worst_pct }, approval, refused)? {
        Ok(a) => a,
        Err(denied) => return Ok(Err(denied)),
    };
    let reason_pct = crate::pos::rules::store::settings(tx)?.discount_reason_pct;
    if worst_pct > reason_pct && reason.trim().is_empty() {
        let mut e = FieldErrors::new();
        e.add("discount_reason", format!("Une remise de plus de {reason_pct} % demande un motif."));
        return Err(e.into());
    }
    Ok(Ok(approver))
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

/// What a checkout did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checkout {
    /// The ticket recorded; or, when the same request comes again, the first one (`replayed`).
    Sold(Sold),
    /// The token was already used for another cart: the first ticket stands, nothing more was sold.
    TokenReused(Sold),
}

impl Checkout {
    /// The ticket to show: the new one, or the first one recorded under the token.
    pub fn ticket(&self) -> &Sold {
        match self {
            Checkout::Sold(s) | Checkout::TokenReused(s) => s,
        }
    }

    /// What the seller must read beside the ticket when the token had sold another cart.
    pub fn warning(&self) -> Option<String> {
        match self {
            Checkout::Sold(_) => None,
            Checkout::TokenReused(s) => Some(reused(&s.number)),
        }
    }

    /// For callers that treat a reused token as a refusal (the API): the ticket, or
    /// `token_reused` naming the first ticket (`sale_id`, `number`).
    pub fn sold(self) -> Result<Sold, AppError> {
        match self {
            Checkout::Sold(s) => Ok(s),
            Checkout::TokenReused(s) => Err(AppError::Refused {
                code: "token_reused",
                message: reused(&s.number),
                detail: BTreeMap::from([("sale_id".into(), s.id.to_string()), ("number".into(), s.number)]),
            }),
        }
    }
}

fn reused(number: &str) -> String {
    format!(
        "Ce ticket a déjà été enregistré ({number}) avec un autre contenu : rien de plus n'a été vendu. \
         Vérifiez le ticket {number} avant de vendre le reste."
    )
}

/// Records a counter sale. The same token again answers the first ticket and does nothing else.
/// A discount beyond the seller's limit needs `approval` (someone allowed, with her PIN): refused
/// (`Denied`) when it is wrong, nothing sold but the wrong PIN counted.
pub fn checkout(
    tx: &Transaction,
    st: &Stamp,
    seller: &CurrentUser,
    d: &CheckoutDraft,
    approval: Option<&Approval>,
) -> Result<Authorised<Checkout>, AppError> {
    let print = fingerprint(d);
    if let Some(first) = first_answer(tx, seller, &d.token, &print)? {
        return Ok(Authorised::Done(first));
    }
    if d.token.trim().len() < 8 {
        return Err(AppError::refused("bad_token", "Jeton de ticket manquant : rechargez la caisse."));
    }
    let (till, shift, q) = price_cart(tx, d)?;
    let approver = match check_discounts(tx, st, seller, q.worst_pct, &d.cart.discount_reason, approval)? {
        Ok(a) => a,
        Err(denied) => return Ok(Authorised::Denied(denied)),
    };
    let (now, day) = (st.now.as_str(), st.day);
    // Payments: non-cash never above the total; cash may be more (change).
    let (paid, change) = check_tenders(tx, d, q.total, day)?;
    let number = format!("T-{}-{:06}", day.year(), accounting::store::next_number(tx, "T", day.year())?);
    let reason = d.cart.discount_reason.trim();
    let id =
        store::insert_sale(tx, &number, &d.token, &print, till.id, shift.id, now, &day.to_string(), seller.id, reason)?;
    let doc = Doc { source_type: "sale", id, number: &number, user: seller, now, day };
    let (entry_id, cost, cash_in) = sale_entry(tx, &doc, &till, &q, &paid, change)?;
    let tendered: Money = paid.iter().map(|p| p.1).sum();
    store::finish_sale(tx, id, q.gross, q.discount, tendered, change, cost, entry_id)?;
    crate::kpi::ops::record_sale(tx, id)?;
    record_cash(tx, &shift, &doc, MovementKind::Sale, cash_in, entry_id)?;
    audit_discount(tx, &doc, &q, reason, approver.as_ref())?;
    // A till without a receipt printer queues nothing: its receipt is printed from the browser.
    let prints = till.printer_driver != "aucun";
    if prints {
        let opens_drawer = till.drawer && paid.iter().any(|p| p.0 == PayMethod::Cash);
        receipt::queue_ticket(tx, id, opens_drawer, false, Some(seller.id), now)?;
    }
    Ok(Authorised::Done(Checkout::Sold(Sold { id, number, total: q.total, change, prints, replayed: false })))
}

/// The ticket already recorded under this token, if any: the same request again (a double tap,
/// a retry) is a replay; another cart under the same token sells nothing.
/// A token is its seller's: another user's ticket is never answered as a replay of theirs.
fn first_answer(
    tx: &Transaction,
    seller: &CurrentUser,
    token: &str,
    print: &str,
) -> Result<Option<Checkout>, AppError> {
    let Some((id, _, first)) = store::sale_by_token(tx, token)? else { return Ok(None) };
    let s = store::summary(tx, id)?.ok_or(AppError::NotFound)?;
    let till = cash::store::till(tx, s.till_id)?.ok_or(AppError::NotFound)?;
    let prints = till.printer_driver != "aucun";
    let sold = Sold { id, number: s.number, total: s.total, change: s.change, prints, replayed: true };
    let same = first == print && s.user_id == seller.id;
    Ok(Some(if same { Checkout::Sold(sold) } else { Checkout::TokenReused(sold) }))
}

/// The cart priced at its till, whose shift must be open: refused when the counter lacks
/// something. Returns the till, its shift, the quote.
fn price_cart(tx: &Transaction, d: &CheckoutDraft) -> Result<(Till, Shift, Quote), AppError> {
    let mut fields = vec![("discount_reason", d.cart.discount_reason.as_str(), Text::Reason)];
    fields.extend(d.payments.iter().map(|t| ("payments", t.reference.as_str(), Text::Reference)));
    text::check_all(&fields)?;
    let (till, shift) = till_and_shift(tx, d.till_id)?;
    if d.cart.lines.is_empty() {
        return Err(AppError::refused("empty_cart", "Le ticket est vide."));
    }
    let q = quote(tx, &till, &d.cart)?;
    if let Some(short) = q.shortages.first() {
        return Err(short.refusal());
    }
    Ok((till, shift, q))
}

/// The ticket's lines, payments and packaging, and its one entry. Returns the entry, the cost of
/// the goods sold and the cash that stayed in the drawer.
fn sale_entry(
    tx: &Transaction,
    doc: &Doc,
    till: &Till,
    q: &Quote,
    paid: &[Paid],
    change: Money,
) -> Result<(i64, Money, Money), AppError> {
    let mut entry = EntryDraft::new(Journal::Sales, doc.day, format!("Ticket {}", doc.number), "sale", doc.id);
    let ctx = doc.moves(doc.number.to_string());
    let cost = issue_lines(tx, &ctx, till, q, &mut entry)?;
    let cash_in = record_payments(tx, doc.id, paid, change, &mut entry)?;
    packaging::consume(tx, &ctx, &q.lines.iter().map(|l| (&l.product, l.qty)).collect::<Vec<_>>(), &mut entry)?;
    let entry_id = accounting::ops::post(tx, &doc.user.actor(), &entry, doc.now)?;
    Ok((entry_id, cost, cash_in))
}

/// Each line: the goods out of the counter at the PMP (the line's frozen cost), the line itself,
/// its revenue and cost of goods in the entry. Returns the ticket's cost.
fn issue_lines(
    tx: &Transaction,
    ctx: &MoveCtx,
    till: &Till,
    q: &Quote,
    entry: &mut EntryDraft,
) -> Result<Money, AppError> {
    let mut cost_total = Money::ZERO;
    let mut revenue = Vec::new();
    for (i, l) in q.lines.iter().enumerate() {
        let p = &l.product;
        let cost = issue(tx, ctx, till, p, l.qty)?;
        cost_total += cost;
        let discount = l.discount();
        let row = store::LineRow {
            position: i as i64 + 1,
            product_id: p.id,
            name: &p.name,
            category_id: p.category_id,
            qty: l.qty,
            unit_price: l.price,
            gross: l.gross,
            discount,
            line_discount: l.line_discount,
            cost,
        };
        store::insert_line(tx, ctx.source_id, &row)?;
        let account = revenue_account(p.kind).to_string();
        revenue.push(tva::Revenue { product_id: p.id, account, ttc: l.gross - discount });
        entry.add(LineDraft::debit(cost_account(p.kind), cost, "Coût des ventes"));
        entry.add(LineDraft::credit(stock_account(p.kind), cost, "Coût des ventes"));
    }
    let src = tva::Source { kind: "sale", id: ctx.source_id, day: ctx.day };
    for line in tva::revenue_lines(tx, src, ctx.day, &revenue, tva::Side::Sale)? {
        entry.add(line);
    }
    Ok(cost_total)
}

/// The payments and their side of the entry: cards and cheques to the bank, vouchers to the
/// customers' credits, and the cash that stayed in the drawer (all cash tenders together less
/// the change), which it returns.
fn record_payments(
    tx: &Transaction,
    sale_id: i64,
    paid: &[Paid],
    change: Money,
    entry: &mut EntryDraft,
) -> Result<Money, AppError> {
    for (method, amount, reference, voucher) in paid {
        store::insert_payment(tx, sale_id, method.code(), *amount, reference, *voucher)?;
        if *method != PayMethod::Cash {
            entry.add(LineDraft::debit(payment_account(*method), *amount, ""));
        }
    }
    let cash_in: Money = paid.iter().filter(|p| p.0 == PayMethod::Cash).map(|p| p.1).sum::<Money>() - change;
    entry.add(LineDraft::debit(account::CASH, cash_in, ""));
    Ok(cash_in)
}

/// A discount goes to the audit trail: how much, on which ticket, why, and who approved it when
/// the seller could not give it herself.
fn audit_discount(
    tx: &Transaction,
    doc: &Doc,
    q: &Quote,
    reason: &str,
    approver: Option<&Approver>,
) -> Result<(), AppError> {
    if q.discount.cents() <= 0 {
        return Ok(());
    }
    let by = approver.map(|a| format!(" Autorisée par « {} » (code PIN).", a.username)).unwrap_or_default();
    let summary = format!("Remise de {} sur le ticket {}.{by}", q.discount, doc.number);
    let approved_by = approver.map(|a| json!({"id": a.id, "username": a.username}));
    let after = json!({"gross": q.gross.cents(), "discount": q.discount.cents(), "reason": reason,
                       "pct": q.worst_pct, "approved_by": approved_by});
    let e = Event::new(AuditKind::DiscountGiven, "sales", doc.id, summary).after(after);
    audit::record(tx, &doc.user.actor(), doc.now, e)?;
    Ok(())
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
        if let Err(e) = t.amount.bounded() {
            return Err(AppError::refused("bad_payment", format!("Un paiement : {e}")));
        }
        let voucher = match t.method {
            PayMethod::Voucher => Some(voucher(tx, t, day, &paid)?),
            _ => None,
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

/// The voucher a tender spends: known, unexpired, holding the amount. One voucher may appear in
/// several tenders: together, never beyond what it holds. Returns its id.
fn voucher(tx: &Transaction, t: &Tender, day: NaiveDate, paid: &[Paid]) -> Result<i64, AppError> {
    let (id, left, expires) = store::voucher(tx, &t.reference)?.ok_or_else(|| {
        AppError::refused("unknown_voucher", format!("Bon d'achat « {} » inconnu.", t.reference.trim()))
    })?;
    if expires.is_some_and(|e| e < day.to_string()) {
        return Err(AppError::refused("voucher_expired", "Ce bon d'achat a expiré."));
    }
    let already: Money = paid.iter().filter(|p| p.3 == Some(id)).map(|p| p.1).sum();
    if already + t.amount > left {
        return Err(AppError::refused("voucher_short", format!("Il ne reste que {left} sur ce bon d'achat.")));
    }
    Ok(id)
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
