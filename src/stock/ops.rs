//! Stock operations. The move functions (`receive`, `issue`, `transfer`, `gain`) do the ledger
//! arithmetic; the document operations (`adjust`, `move_between`) use them and post the entry
//! that keeps the stock accounts equal to the ledger's value, all in the caller's transaction.

use rusqlite::{Connection, Transaction};

use super::{Balance, DocumentKind, Location, MoveCtx, MoveKind, Reason, store};
use super::{pmp_of, share};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, Actor, AuditKind, Event, Stamp};
use crate::catalog::{self, Product};
use crate::error::{AppError, FieldErrors};
use crate::money::{Money, Qty};

fn product(conn: &Connection, id: i64) -> Result<Product, AppError> {
    catalog::store::product(conn, id)?.ok_or(AppError::NotFound)
}

fn location(conn: &Connection, id: i64) -> Result<Location, AppError> {
    store::location(conn, id)?.ok_or_else(|| AppError::rule("Lieu de stock inconnu."))
}

/// Refuses a product in a place its kind does not live in (flour at the counter, cakes in the store room).
fn check_place(conn: &Connection, p: &Product, location_id: i64) -> Result<Location, AppError> {
    let l = location(conn, location_id)?;
    if !p.kind.locations().contains(&l.kind.as_str()) {
        return Err(AppError::rule(format!(
            "« {} » ({}) ne se range pas en « {} ».",
            p.name,
            p.kind.label().to_lowercase(),
            l.name
        )));
    }
    Ok(l)
}

/// Brings every place of a product to its share of the product's value at the PMP, after a
/// receipt (or its take-back) moved the PMP. Zero-quantity moves between places of one product:
/// the totals, the PMP and the stock account do not change, so nothing is posted. Without it a
/// place would keep older costs and issues there would be valued off the PMP.
pub fn revalue(tx: &Transaction, ctx: &MoveCtx, product_id: i64) -> Result<(), AppError> {
    let places = store::balances_of(tx, product_id)?;
    if places.len() < 2 {
        return Ok(());
    }
    let total = store::totals(tx, product_id)?;
    let mut targets: Vec<Money> = places.iter().map(|(_, b)| share(total.value, b.qty, total.qty)).collect();
    // The rounding remainder goes to the place holding the most.
    let remainder = total.value - targets.iter().copied().sum::<Money>();
    if let Some((i, _)) = places.iter().enumerate().max_by_key(|(_, (_, b))| b.qty) {
        targets[i] += remainder;
    }
    // Take value from the places above their share first, so no balance dips below zero.
    let mut deltas: Vec<(i64, Money)> =
        places.iter().zip(&targets).map(|((l, b), t)| (*l, *t - b.value)).filter(|(_, d)| d.cents() != 0).collect();
    deltas.sort_by_key(|(_, d)| *d);
    let moved = MoveCtx { note: "Réévaluation au PMP".into(), ..ctx.clone() };
    for (location, delta) in deltas {
        store::apply(tx, &moved, product_id, location, Qty::ZERO, delta, MoveKind::Revaluation)?;
    }
    Ok(())
}

/// Stock in, at its cost (purchase, production, count surplus). Quantity > 0, value ≥ 0.
pub fn receive(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    value: Money,
    kind: MoveKind,
) -> Result<(), AppError> {
    if qty.milli() <= 0 || value.is_negative() {
        return Err(AppError::Internal(anyhow::anyhow!("entrée de stock invalide : {qty} pour {value}")));
    }
    let p = product(tx, product_id)?;
    check_place(tx, &p, location_id)?;
    let before = store::totals(tx, product_id)?;
    store::apply(tx, ctx, product_id, location_id, qty, value, kind)?;
    revalue(tx, ctx, product_id)?;
    if kind == MoveKind::Purchase {
        // A receipt at another price moves the PMP: the catalogue's "what changed" shows its effect.
        let (old, new) = (pmp_of(before), pmp_of(store::totals(tx, product_id)?));
        if old != new {
            let old = (before.qty.milli() > 0).then_some(old).or(p.ref_cost);
            catalog::store::insert_cost_change_from(tx, product_id, &ctx.at, old, Some(new), ctx.user_id, "pmp")?;
        }
    }
    Ok(())
}

/// Stock out, valued at the product's PMP; the last of a place takes what value is left.
/// Refused, with what is left, when the place does not hold the quantity. Returns the value out.
pub fn issue(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    kind: MoveKind,
) -> Result<Money, AppError> {
    if qty.milli() <= 0 {
        return Err(AppError::Internal(anyhow::anyhow!("sortie de stock invalide : {qty}")));
    }
    let p = product(tx, product_id)?;
    let value = value_out(tx, &p, location_id, qty, "sortir")?;
    store::apply(tx, ctx, product_id, location_id, -qty, -value, kind)?;
    Ok(value)
}

/// What `qty` of a product leaving a place is worth: its share of the place's value (every place
/// is kept at the PMP, see `revalue`), the last of it taking what value is left. Refused, with
/// what is left, when the place does not hold that much (`verb`: what could not be done).
fn value_out(conn: &Connection, p: &Product, location_id: i64, qty: Qty, verb: &str) -> Result<Money, AppError> {
    let here = store::balance(conn, p.id, location_id)?;
    if here.qty < qty {
        let l = location(conn, location_id)?;
        return Err(AppError::rule(format!(
            "Il ne reste que {} de « {} » en « {} » : impossible d'en {verb} {}.",
            p.unit.format(here.qty),
            p.name,
            l.name,
            p.unit.format(qty)
        )));
    }
    Ok(if qty == here.qty { here.value } else { share(here.value, qty, here.qty) })
}

/// Takes back exactly what a receipt brought in (a cancelled purchase): the same quantity and the
/// same value, so the product's totals and PMP are what they would be without the receipt.
/// Refused, with the reason, when the place no longer holds that quantity or that value, or when
/// the exact value would leave value without quantity (the goods were consumed or moved).
pub fn unreceive(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    value: Money,
    kind: MoveKind,
) -> Result<(), AppError> {
    if qty.milli() <= 0 || value.is_negative() {
        return Err(AppError::Internal(anyhow::anyhow!("reprise de stock invalide : {qty} pour {value}")));
    }
    let p = product(tx, product_id)?;
    // Exact only if nothing left since the receipt: otherwise the older stock would lose value
    // (10 at 100 DA and 10 at 300 DA, 5 used, then the second receipt taken back → 5 worth 0).
    if store::outflow_since_receipt(tx, product_id, ctx.source_type, ctx.source_id)? {
        return Err(AppError::rule(format!(
            "Du stock de « {} » est sorti depuis cette réception (vente, perte, transfert, production) : \
             elle ne peut plus être reprise à l'identique. Faites plutôt un retour fournisseur.",
            p.name
        )));
    }
    let here = store::balance(tx, product_id, location_id)?;
    let left = Balance { qty: here.qty - qty, value: here.value - value };
    if left.qty.milli() < 0 || left.value.is_negative() || (left.qty.is_zero() && left.value.cents() != 0) {
        let l = location(tx, location_id)?;
        return Err(AppError::rule(format!(
            "« {} » en « {} » : il reste {} pour {}, la réception était de {} pour {}. \
             La marchandise a déjà été consommée ou déplacée : faites plutôt un retour fournisseur.",
            p.name,
            l.name,
            p.unit.format(here.qty),
            here.value,
            p.unit.format(qty),
            value
        )));
    }
    let before = store::totals(tx, product_id)?;
    store::apply(tx, ctx, product_id, location_id, -qty, -value, kind)?;
    revalue(tx, ctx, product_id)?;
    // Taking a receipt back moves the PMP back: "what changed" shows it like the receipt.
    let after = store::totals(tx, product_id)?;
    let (old, new) = (pmp_of(before), pmp_of(after));
    if old != new && after.qty.milli() > 0 {
        catalog::store::insert_cost_change_from(tx, product_id, &ctx.at, Some(old), Some(new), ctx.user_id, "pmp")?;
    }
    Ok(())
}

/// Quantity and value from one place to another; the product's totals and PMP do not change.
pub fn transfer(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    from: i64,
    to: i64,
    qty: Qty,
) -> Result<Money, AppError> {
    let p = product(tx, product_id)?;
    check_place(tx, &p, to)?;
    let value = value_out(tx, &p, from, qty, "transférer")?;
    store::apply(tx, ctx, product_id, from, -qty, -value, MoveKind::TransferOut)?;
    store::apply(tx, ctx, product_id, to, qty, value, MoveKind::TransferIn)?;
    Ok(value)
}

/// A surplus found (count, correction): valued at the PMP, or the reference cost when the
/// product holds nothing yet. Returns the value in.
pub fn gain(
    tx: &Transaction,
    ctx: &MoveCtx,
    product_id: i64,
    location_id: i64,
    qty: Qty,
    kind: MoveKind,
) -> Result<Money, AppError> {
    let p = product(tx, product_id)?;
    let all = store::totals(tx, product_id)?;
    let cost = if all.qty.milli() > 0 { pmp_of(all) } else { p.ref_cost.unwrap_or_default() };
    let value = cost.times(qty);
    receive(tx, ctx, product_id, location_id, qty, value, kind)?;
    Ok(value)
}

/// An adjustment or a loss, as typed: (product id, signed quantity) at one place.
#[derive(Debug, Clone)]
pub struct AdjustmentDraft {
    pub location_id: i64,
    pub reason: Reason,
    pub lines: Vec<(i64, Qty)>,
    pub note: String,
    pub token: Option<String>,
}

/// A transfer of several products from one place to another: all lines or none.
#[derive(Debug, Clone)]
pub struct TransferDraft {
    pub from: i64,
    pub to: i64,
    pub lines: Vec<(i64, Qty)>,
    pub note: String,
    pub token: Option<String>,
}

/// A stock document as a page posts it.
#[derive(Debug, Clone)]
pub enum DocumentDraft {
    Transfer(TransferDraft),
    Adjustment(AdjustmentDraft),
}

/// Records a transfer or an adjustment (the pages' one operation for both).
pub fn record(tx: &Transaction, st: &Stamp, d: &DocumentDraft) -> Result<i64, AppError> {
    match d {
        DocumentDraft::Transfer(d) => move_between(tx, &st.actor, d, &st.now, st.day),
        DocumentDraft::Adjustment(d) => adjust(tx, &st.actor, d, &st.now, st.day),
    }
}

/// The document a replayed one-time token already recorded.
fn replayed(tx: &Transaction, token: Option<&str>) -> Result<Option<i64>, AppError> {
    Ok(match token {
        Some(t) => store::document_by_token(tx, t)?,
        None => None,
    })
}

/// Refuses a document without lines, and each line whose quantity `wrong` finds fault with
/// (its message goes beside the line's quantity).
fn check_lines(errors: &mut FieldErrors, lines: &[(i64, Qty)], wrong: impl Fn(Qty) -> Option<&'static str>) {
    if lines.is_empty() {
        errors.add("lines", "Ajoutez au moins un produit.");
    }
    for (i, (_, qty)) in lines.iter().enumerate() {
        if let Some(message) = wrong(*qty) {
            errors.add(&format!("line-{i}-qty"), message);
        }
    }
}

/// Writes a new document and returns its id with the context of its moves.
fn new_document(
    tx: &Transaction,
    actor: &Actor,
    doc: &store::NewDocument,
    now: &str,
    day: chrono::NaiveDate,
) -> Result<(i64, MoveCtx), AppError> {
    let id = store::insert_document(tx, doc, &day.to_string(), now, actor.user_id)?;
    let ctx = MoveCtx {
        at: now.into(),
        day,
        user_id: actor.user_id,
        source_type: "stock_document",
        source_id: id,
        note: doc.note.to_string(),
    };
    Ok((id, ctx))
}

/// Records an adjustment (correction: + or −) or a loss (casse, périmé, perte: −), valued at the
/// PMP, and posts it: losses to 658, surpluses to 758, against each kind's stock account.
/// A replayed token returns the first document.
pub fn adjust(
    tx: &Transaction,
    actor: &Actor,
    d: &AdjustmentDraft,
    now: &str,
    day: chrono::NaiveDate,
) -> Result<i64, AppError> {
    if let Some(id) = replayed(tx, d.token.as_deref())? {
        return Ok(id);
    }
    let mut errors = FieldErrors::new();
    check_lines(&mut errors, &d.lines, |qty| {
        if qty.is_zero() {
            Some("La quantité ne peut pas être nulle.")
        } else if qty.milli() > 0 && d.reason != Reason::Correction {
            Some("Une perte se saisit en quantité sortie, sans signe.")
        } else {
            None
        }
    });
    errors.into_result(())?;
    let place = location(tx, d.location_id)?;
    let doc = store::NewDocument {
        kind: DocumentKind::Adjustment,
        reason: d.reason.code(),
        from: Some(d.location_id),
        to: None,
        note: &d.note,
        token: d.token.as_deref(),
    };
    let (id, ctx) = new_document(tx, actor, &doc, now, day)?;
    let title = format!("{} n° {id} — {}", d.reason.label(), place.name);
    let mut entry = EntryDraft::new(Journal::Misc, day, title.clone(), "stock_document", id);
    let kind = if d.reason == Reason::Correction { MoveKind::Adjustment } else { MoveKind::Waste };
    let mut summary = Vec::new();
    for (product_id, qty) in &d.lines {
        let p = product(tx, *product_id)?;
        adjust_line(tx, &ctx, &p, d.location_id, *qty, kind, &mut entry)?;
        summary.push(format!("{} {}", p.unit.format(*qty), p.name));
    }
    if entry.lines.len() >= 2 {
        accounting::ops::post(tx, actor, &entry, now)?;
    }
    let text = format!("{title} : {}.", summary.join(", "));
    audit::record(tx, actor, now, Event::new(AuditKind::StockMoved, "stock_documents", id, text))?;
    Ok(id)
}

/// One line of an adjustment: a surplus in at the PMP (stock / 758), a shortfall out (658 / stock).
fn adjust_line(
    tx: &Transaction,
    ctx: &MoveCtx,
    p: &Product,
    location_id: i64,
    qty: Qty,
    kind: MoveKind,
    entry: &mut EntryDraft,
) -> Result<(), AppError> {
    let stock = stock_account(p.kind);
    if qty.milli() > 0 {
        let value = gain(tx, ctx, p.id, location_id, qty, kind)?;
        entry.add(LineDraft::debit(stock, value, ""));
        entry.add(LineDraft::credit(account::GAINS, value, ""));
    } else {
        let value = issue(tx, ctx, p.id, location_id, -qty, kind)?;
        entry.add(LineDraft::debit(account::LOSSES, value, ""));
        entry.add(LineDraft::credit(stock, value, ""));
    }
    Ok(())
}

/// Records a transfer: every line from one place to the other, or none. A replayed token
/// returns the first document.
pub fn move_between(
    tx: &Transaction,
    actor: &Actor,
    d: &TransferDraft,
    now: &str,
    day: chrono::NaiveDate,
) -> Result<i64, AppError> {
    if let Some(id) = replayed(tx, d.token.as_deref())? {
        return Ok(id);
    }
    let mut errors = FieldErrors::new();
    if d.from == d.to {
        errors.add("to", "Choisissez un autre lieu que celui de départ.");
    }
    check_lines(&mut errors, &d.lines, |qty| (qty.milli() <= 0).then_some("La quantité doit être supérieure à zéro."));
    errors.into_result(())?;
    let (from, to) = (location(tx, d.from)?, location(tx, d.to)?);
    let doc = store::NewDocument {
        kind: DocumentKind::Transfer,
        reason: "",
        from: Some(d.from),
        to: Some(d.to),
        note: &d.note,
        token: d.token.as_deref(),
    };
    let (id, ctx) = new_document(tx, actor, &doc, now, day)?;
    let mut summary = Vec::new();
    for (product_id, qty) in &d.lines {
        let p = product(tx, *product_id)?;
        transfer(tx, &ctx, p.id, d.from, d.to, *qty)?;
        summary.push(format!("{} {}", p.unit.format(*qty), p.name));
    }
    let text = format!("Transfert n° {id} de « {} » vers « {} » : {}.", from.name, to.name, summary.join(", "));
    audit::record(tx, actor, now, Event::new(AuditKind::StockMoved, "stock_documents", id, text))?;
    Ok(id)
}
