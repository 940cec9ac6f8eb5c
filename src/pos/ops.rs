//! The counter's operations. A checkout does, in one transaction: the ticket with its gapless
//! number, its lines priced from the catalogue with their frozen cost, the stock leaving the
//! counter, the packaging its rules consume, the cash movement of the open shift, the entry
//! (sales, cost of goods, payment accounts) and the receipt's print job. A refund undoes a part
//! of a ticket the same way. A replayed token answers the first document and does nothing else.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;
use serde_json::json;

use super::{CheckoutDraft, PayMethod, RefundDraft, line_amount, store};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, AuditKind, Event};
use crate::auth::{CurrentUser, Permission};
use crate::cash::{self, MovementDraft, MovementKind, Shift, Till};
use crate::catalog::{self, Kind, Product};
use crate::error::{AppError, FieldErrors};
use crate::money::{Money, Qty};
use crate::stock::{self, MoveCtx, MoveKind};

/// The counter account of a sale's revenue: goods bought for resale (700) or made here (701).
pub fn revenue_account(kind: Kind) -> &'static str {
    match kind {
        Kind::Revente => account::GOODS_SALES,
        _ => account::PRODUCT_SALES,
    }
}

/// Where the cost of goods sold goes: goods bought for resale (600), goods made here (601).
pub fn cost_account(kind: Kind) -> &'static str {
    match kind {
        Kind::Revente => account::GOODS_SOLD,
        _ => account::MATERIALS_USED,
    }
}

/// The account a payment method debits (a sale) or credits (a refund).
pub fn payment_account(m: PayMethod) -> &'static str {
    match m {
        PayMethod::Cash => account::CASH,
        PayMethod::Card | PayMethod::Cheque => account::BANK,
        PayMethod::Voucher => account::CUSTOMER_CREDITS,
    }
}

pub(crate) fn till_and_shift(tx: &Transaction, till_id: i64) -> Result<(Till, Shift), AppError> {
    let till = cash::store::till(tx, till_id)?
        .filter(|t| t.active)
        .ok_or_else(|| AppError::refused("unknown_till", "Cette caisse n'existe pas ou est désactivée."))?;
    let shift = cash::store::open_shift(tx, till_id)?.ok_or_else(|| {
        AppError::refused(
            "shift_closed",
            format!("La caisse « {} » est fermée : ouvrez-la avant de vendre.", till.name),
        )
    })?;
    Ok((till, shift))
}

fn sellable(tx: &rusqlite::Connection, product_id: i64) -> Result<(Product, Money), AppError> {
    let unknown = || {
        let mut e = AppError::refused("unknown_product", format!("Produit n° {product_id} inconnu ou pas à vendre."));
        if let AppError::Refused { detail, .. } = &mut e {
            detail.insert("product_id".into(), product_id.to_string());
        }
        e
    };
    let p = catalog::store::product(tx, product_id)?.filter(|p| p.active).ok_or_else(unknown)?;
    if !p.kind.is_sold() {
        return Err(unknown());
    }
    let price = p.sale_price.ok_or_else(|| {
        AppError::refused("no_price", format!("« {} » n'a pas de prix de vente : la gérante doit le fixer.", p.name))
    })?;
    Ok((p, price))
}

/// What the counter holds of a stock-tracked product; None when the product is not tracked.
pub fn available(conn: &rusqlite::Connection, till: &Till, p: &Product) -> Result<Option<Qty>, AppError> {
    if !p.track_stock {
        return Ok(None);
    }
    Ok(Some(stock::store::balance(conn, p.id, till.location_id)?.qty))
}

/// The share of `whole` that `part` of `of` stands for, half away from zero.
fn share(whole: Money, part: Qty, of: Qty) -> Money {
    stock::ops::share(whole, part, of)
}

/// Splits a ticket discount over the lines in proportion to what each still costs; the rounding
/// remainder goes to the largest line.
fn spread(discount: Money, nets: &[Money]) -> Vec<Money> {
    let base: Money = nets.iter().copied().sum();
    if discount.cents() == 0 || base.cents() == 0 {
        return vec![Money::ZERO; nets.len()];
    }
    let mut parts: Vec<Money> = nets
        .iter()
        .map(|n| {
            Money::from_cents(
                i64::try_from(i128::from(discount.cents()) * i128::from(n.cents()) / i128::from(base.cents()))
                    .unwrap_or(0),
            )
        })
        .collect();
    let rest = discount - parts.iter().copied().sum::<Money>();
    if let Some(i) = (0..nets.len()).max_by_key(|&i| nets[i]) {
        parts[i] += rest;
    }
    parts
}

/// The percentage `part` is of `of`, rounded up (5,01 % counts as more than 5 %).
fn pct(part: Money, of: Money) -> i64 {
    if of.cents() <= 0 {
        return if part.cents() > 0 { 100 } else { 0 };
    }
    (part.cents() * 100 + of.cents() - 1) / of.cents()
}

/// Refuses a discount the seller may not give, or one above the gérante's threshold with no reason.
fn check_discounts(tx: &Transaction, seller: &CurrentUser, worst_pct: i64, reason: &str) -> Result<(), AppError> {
    if worst_pct == 0 {
        return Ok(());
    }
    let (reason_pct, max_pct) = store::discount_limits(tx, seller.role.id)?;
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

/// A cart priced from the catalogue: what the till shows and what a checkout records.
#[derive(Debug, Clone)]
pub struct Quote {
    pub lines: Vec<QuotedLine>,
    pub gross: Money,
    /// Lines' discounts plus the ticket's.
    pub discount: Money,
    pub total: Money,
    /// The largest discount given, in % of a line or of the ticket.
    pub worst_pct: i64,
    /// Products the counter does not hold enough of.
    pub shortages: Vec<Shortage>,
}

#[derive(Debug, Clone)]
pub struct QuotedLine {
    pub product: Product,
    pub price: Money,
    pub qty: Qty,
    pub gross: Money,
    pub line_discount: Money,
    /// Its share of the ticket's discount.
    pub ticket_share: Money,
}

impl QuotedLine {
    pub fn discount(&self) -> Money {
        self.line_discount + self.ticket_share
    }
    pub fn total(&self) -> Money {
        self.gross - self.discount()
    }
}

#[derive(Debug, Clone)]
pub struct Shortage {
    pub product_id: i64,
    pub name: String,
    pub unit: crate::catalog::Unit,
    pub left: Qty,
    pub wanted: Qty,
}

impl Shortage {
    pub fn message(&self) -> String {
        format!(
            "Stock insuffisant : il ne reste que {} de « {} » au comptoir (demandé : {}).",
            self.unit.format(self.left),
            self.name,
            self.unit.format(self.wanted)
        )
    }

    pub fn refusal(&self) -> AppError {
        AppError::Refused {
            code: "insufficient_stock",
            message: self.message(),
            detail: BTreeMap::from([
                ("product_id".into(), self.product_id.to_string()),
                ("product".into(), self.name.clone()),
                ("available".into(), self.left.milli().to_string()),
                ("requested".into(), self.wanted.milli().to_string()),
            ]),
        }
    }
}

/// Prices a cart at a till: every line from the catalogue, the discounts (lines first, then the
/// ticket's, spread over the lines), and what the counter lacks. Refuses what no till could sell.
pub fn quote(conn: &rusqlite::Connection, till: &Till, cart: &super::Cart) -> Result<Quote, AppError> {
    let mut lines = Vec::with_capacity(cart.lines.len());
    let mut wanted: Vec<(i64, Qty)> = Vec::new();
    for l in &cart.lines {
        let (p, price) = sellable(conn, l.product_id)?;
        if l.qty.milli() <= 0 {
            return Err(AppError::refused("bad_quantity", format!("Quantité invalide pour « {} ».", p.name)));
        }
        let gross = line_amount(price, p.unit, l.qty);
        if l.discount.is_negative() || l.discount > gross {
            return Err(AppError::refused("bad_discount", format!("Remise invalide sur « {} ».", p.name)));
        }
        match wanted.iter_mut().find(|w| w.0 == p.id) {
            Some(w) => w.1 = w.1 + l.qty,
            None => wanted.push((p.id, l.qty)),
        }
        lines.push(QuotedLine {
            product: p,
            price,
            qty: l.qty,
            gross,
            line_discount: l.discount,
            ticket_share: Money::ZERO,
        });
    }
    let mut shortages = Vec::new();
    for (id, want) in &wanted {
        let p = &lines.iter().find(|l| l.product.id == *id).expect("a line of it").product;
        if let Some(left) = available(conn, till, p)?
            && left < *want
        {
            shortages.push(Shortage { product_id: p.id, name: p.name.clone(), unit: p.unit, left, wanted: *want });
        }
    }
    let gross: Money = lines.iter().map(|l| l.gross).sum();
    let nets: Vec<Money> = lines.iter().map(|l| l.gross - l.line_discount).collect();
    let after_lines: Money = nets.iter().copied().sum();
    if cart.discount.is_negative() || cart.discount > after_lines {
        return Err(AppError::refused("bad_discount", "La remise du ticket dépasse son montant."));
    }
    for (l, share) in lines.iter_mut().zip(spread(cart.discount, &nets)) {
        l.ticket_share = share;
    }
    let discount = gross - after_lines + cart.discount;
    let worst_pct = lines
        .iter()
        .map(|l| pct(l.line_discount, l.gross))
        .chain(std::iter::once(pct(discount, gross)))
        .max()
        .unwrap_or(0);
    Ok(Quote { lines, gross, discount, total: gross - discount, worst_pct, shortages })
}

/// Records a counter sale; returns the ticket's id. A replayed token returns the first ticket.
pub fn checkout(
    tx: &Transaction,
    seller: &CurrentUser,
    d: &CheckoutDraft,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    if let Some(id) = store::sale_by_token(tx, &d.token)? {
        return Ok(id);
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
    let id = store::insert_sale(tx, &number, &d.token, till.id, shift.id, now, &day_text, seller.id, reason)?;
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
        let booked = if *method == PayMethod::Cash { *amount - change } else { *amount };
        entry.add(LineDraft::debit(payment_account(*method), booked, ""));
    }
    super::packaging::consume(tx, &ctx, &q.lines.iter().map(|l| (&l.product, l.qty)).collect::<Vec<_>>(), &mut entry)?;
    let entry_id = accounting::ops::post(tx, &seller.actor(), &entry, now)?;
    let tendered: Money = paid.iter().map(|p| p.1).sum();
    store::finish_sale(tx, id, gross, discount, tendered, change, cost_total, entry_id)?;

    let cash_in: Money = paid.iter().filter(|p| p.0 == PayMethod::Cash).map(|p| p.1).sum::<Money>() - change;
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
    super::receipt::queue_ticket(tx, id, opens_drawer, false, Some(seller.id), now)?;
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
        return Err(AppError::refused("payment_short", format!("Encaissez {total} avant de valider le ticket.")));
    }
    let mut paid = Vec::new();
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
            if t.amount > left {
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

/// Refunds part or all of a past ticket; returns the refund's id. A replayed token returns it.
pub fn refund(
    tx: &Transaction,
    user: &CurrentUser,
    d: &RefundDraft,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    if let Some(id) = store::refund_by_token(tx, &d.token)? {
        return Ok(id);
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
            (share(l.total, a.qty, l.qty), share(l.cost, a.qty, l.qty))
        };
        store::insert_refund_line(tx, id, l.id, a.qty, amount, cost, a.destination.code())?;
        total += amount;
        entry.add(LineDraft::debit(revenue_account(l.kind), amount, ""));
        match a.destination {
            super::Destination::Counter => {
                if cost.cents() > 0 || catalog::store::product(tx, l.product_id)?.is_some_and(|p| p.track_stock) {
                    stock::ops::receive(tx, &ctx, l.product_id, till.location_id, a.qty, cost, MoveKind::Refund)?;
                    entry.add(LineDraft::debit(stock_account(l.kind), cost, "Retour en stock"));
                    entry.add(LineDraft::credit(cost_account(l.kind), cost, "Retour en stock"));
                }
            }
            super::Destination::Waste => {
                entry.add(LineDraft::debit(account::LOSSES, cost, "Retour jeté"));
                entry.add(LineDraft::credit(cost_account(l.kind), cost, "Retour jeté"));
            }
        }
    }
    entry.add(LineDraft::credit(payment_account(d.method), total, ""));
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
    super::receipt::queue_credit_note(tx, id, shift.is_some() && till.drawer, Some(user.id), now)?;
    Ok(id)
}
