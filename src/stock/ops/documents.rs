//! Stock documents: transfers (from one place to another) and adjustments (losses and
//! corrections at one place), each with its lines, its moves, its entry and its audit line, in
//! the caller's transaction. A replayed one-time token returns the first document.

use rusqlite::Transaction;

use super::{entry_cost, gain, issue, known_cost, location, missing_cost_message, product, transfer};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, Actor, AuditKind, Event, Stamp};
use crate::catalog::{Product, UnitCost, format_unit_cost};
use crate::error::{AppError, FieldErrors};
use crate::money::Qty;
use crate::stock::{DocumentKind, MoveCtx, MoveKind, Reason, store};

/// An adjustment or a loss, as typed: (product id, signed quantity) at one place.
#[derive(Debug, Clone)]
pub struct AdjustmentDraft {
    pub location_id: i64,
    pub reason: Reason,
    pub lines: Vec<(i64, Qty)>,
    /// The unit values typed for surpluses (product id, µDA per base unit): used only where the
    /// product has no known cost (see `costs.rs`), required there.
    pub costs: Vec<(i64, UnitCost)>,
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
    crate::db::replay::claim(tx, "stock_document", d.token.as_deref(), actor.user_id, d, now)?;
    if let Some(id) = replayed(tx, d.token.as_deref())? {
        return Ok(id);
    }
    let mut errors = FieldErrors::new();
    crate::text::Text::Note.check(&mut errors, "note", &d.note);
    check_lines(&mut errors, &d.lines, |qty| {
        if qty.is_zero() {
            Some("La quantité ne peut pas être nulle.")
        } else if qty.milli() > 0 && d.reason != Reason::Correction {
            Some("Une perte se saisit en quantité sortie, sans signe.")
        } else {
            None
        }
    });
    check_costs(tx, d, &mut errors)?;
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
        // The value typed counts only for a surplus of a product with no known cost: said in the audit.
        let typed = match typed_cost(d, p.id) {
            Some(c) if qty.milli() > 0 && known_cost(tx, &p)?.is_none() => Some(c),
            _ => None,
        };
        adjust_line(tx, &ctx, &p, (d.location_id, *qty, typed), kind, &mut entry)?;
        let valued = typed.map(|c| format!(" (valeur saisie : {})", format_unit_cost(c, p.unit))).unwrap_or_default();
        summary.push(format!("{} {}{valued}", p.unit.format(*qty), p.name));
    }
    if entry.lines.len() >= 2 {
        accounting::ops::post(tx, actor, &entry, now)?;
    }
    let text = format!("{title} : {}.", summary.join(", "));
    audit::record(tx, actor, now, Event::new(AuditKind::StockMoved, "stock_documents", id, text))?;
    Ok(id)
}

fn typed_cost(d: &AdjustmentDraft, product_id: i64) -> Option<UnitCost> {
    d.costs.iter().find(|(p, _)| *p == product_id).map(|(_, c)| *c)
}

/// Refuses, beside its value, each surplus of a product with no known cost and no value typed.
fn check_costs(tx: &Transaction, d: &AdjustmentDraft, errors: &mut FieldErrors) -> Result<(), AppError> {
    for (i, (product_id, qty)) in d.lines.iter().enumerate() {
        if qty.milli() <= 0 {
            continue;
        }
        let p = product(tx, *product_id)?;
        if entry_cost(tx, &p, typed_cost(d, p.id))?.is_none() {
            errors.add(&format!("line-{i}-cost"), &missing_cost_message(tx, &p)?);
        }
    }
    Ok(())
}

/// One line of an adjustment (place, signed quantity, unit value typed): a surplus in at its
/// entry cost (stock / 758), a shortfall out at the PMP (658 / stock).
fn adjust_line(
    tx: &Transaction,
    ctx: &MoveCtx,
    p: &Product,
    (location_id, qty, typed): (i64, Qty, Option<UnitCost>),
    kind: MoveKind,
    entry: &mut EntryDraft,
) -> Result<(), AppError> {
    let stock = stock_account(p.kind);
    if qty.milli() > 0 {
        let value = gain(tx, ctx, p.id, location_id, qty, kind, typed)?;
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
    crate::db::replay::claim(tx, "stock_document", d.token.as_deref(), actor.user_id, d, now)?;
    if let Some(id) = replayed(tx, d.token.as_deref())? {
        return Ok(id);
    }
    let mut errors = FieldErrors::new();
    crate::text::Text::Note.check(&mut errors, "note", &d.note);
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
