//! Operations on purchases: create a draft, receive it (stock in, entry), edit, cancel.

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;
use serde_json::json;

use crate::accounting::{self, EntryDraft, Journal, account, stock_account};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::catalog::{self, Product};
use crate::error::{AppError, FieldErrors};
use crate::money::{Money, Qty};
use crate::purchases::{LineDraft, Purchase, PurchaseDraft, Status, store};
use crate::stock::{self, MoveCtx, MoveKind};
use crate::tax::ops::tva;
use crate::text::Text;

/// Where a line's base quantity and exact value come from.
fn priced(conn: &rusqlite::Connection, p: &Product, l: &LineDraft) -> Result<Result<(Qty, Money), String>, AppError> {
    match l.pack_id {
        Some(pack_id) => {
            let packs = catalog::store::packs_of(conn, p.id)?;
            let Some(pack) = packs.iter().find(|k| k.id == pack_id) else {
                return Ok(Err(format!("Ce conditionnement n'est pas un conditionnement de « {} ».", p.name)));
            };
            let bought = catalog::pack_purchase(l.count, pack.content, l.price);
            Ok(Ok((bought.base_qty, bought.value)))
        }
        None => {
            // Counted in base units, priced per natural unit (kg, L, pièce).
            let dinars = rust_decimal::Decimal::new(l.price.cents(), 2)
                * rust_decimal::Decimal::new(l.count.milli(), 3)
                / rust_decimal::Decimal::from(p.unit.display_factor());
            Ok(Ok((l.count, catalog::money_of(dinars))))
        }
    }
}

/// Checks a draft field by field; returns each line with its base quantity and value.
fn validate(tx: &Transaction, d: &PurchaseDraft) -> Result<Vec<(LineDraft, Qty, Money)>, AppError> {
    let mut e = FieldErrors::new();
    Text::Reference.check(&mut e, "invoice_ref", &d.invoice_ref);
    Text::Note.check(&mut e, "note", &d.note);
    if store::supplier(tx, d.supplier_id)?.is_none() {
        e.add("supplier_id", "Choisissez un fournisseur.");
    }
    if d.lines.is_empty() {
        e.add("lines", "Ajoutez au moins une ligne.");
    }
    let places = crate::stock::store::locations(tx)?;
    let mut out = Vec::new();
    for (i, l) in d.lines.iter().enumerate() {
        let Some(p) = catalog::store::product(tx, l.product_id)? else {
            e.add(&format!("line-{i}-product"), "Produit inconnu.");
            continue;
        };
        if !p.active {
            e.add(
                &format!("line-{i}-product"),
                format!("« {} » est archivé : réactivez-le ou retirez la ligne.", p.name),
            );
            continue;
        }
        if l.count.milli() <= 0 {
            e.add(&format!("line-{i}-count"), "La quantité doit être supérieure à zéro.");
        }
        if l.price.is_negative() {
            e.add(&format!("line-{i}-price"), "Le prix ne peut pas être négatif.");
        }
        crate::tax::check_rate(tx, l.tva_bp, d.day, &format!("line-{i}-tva"), &mut e)?;
        match places.iter().find(|x| x.id == l.location_id) {
            None => e.add(&format!("line-{i}-location"), "Choisissez un lieu de stock."),
            Some(x) if !p.kind.locations().contains(&x.kind.as_str()) => e.add(
                &format!("line-{i}-location"),
                format!("« {} » ({}) ne se range pas en « {} ».", p.name, p.kind.label().to_lowercase(), x.name),
            ),
            Some(_) => {}
        }
        match priced(tx, &p, l)? {
            Err(m) => e.add(&format!("line-{i}-pack"), m),
            Ok((qty, value)) if l.count.milli() > 0 && !l.price.is_negative() => {
                if qty.milli() <= 0 {
                    e.add(&format!("line-{i}-count"), "La quantité doit être supérieure à zéro.");
                }
                out.push((l.clone(), qty, value));
            }
            Ok(_) => {}
        }
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    Ok(out)
}

fn load(tx: &Transaction, id: i64) -> Result<Purchase, AppError> {
    store::purchase(tx, id)?.ok_or(AppError::NotFound)
}

/// Replaces the lines and the total (TTC); returns the total. Each line's value is its HT
/// (price × count) plus the TVA at its rate; under réel that TVA is deductible (kept on the line,
/// the stock takes the HT), under IFU it is part of the cost (the stock takes the TTC).
fn write_lines(
    tx: &Transaction,
    id: i64,
    day: NaiveDate,
    lines: &[(LineDraft, Qty, Money)],
) -> Result<Money, AppError> {
    store::delete_lines(tx, id)?;
    let reel = crate::tax::regime_on(tx, day)?.has_tva();
    let mut total = Money::ZERO;
    for (i, (l, qty, ht)) in lines.iter().enumerate() {
        let tva = crate::tax::tva_of_ht(*ht, l.tva_bp);
        let deductible = if reel { tva } else { Money::ZERO };
        store::insert_line(tx, id, i as i64, l, *qty, (*ht + tva, deductible))?;
        total += *ht + tva;
    }
    store::set_total(tx, id, total)?;
    Ok(total)
}

fn record(tx: &Transaction, actor: &Actor, now: &str, p: &Purchase, what: String) -> Result<(), AppError> {
    let after =
        json!({"number": p.number, "status": p.status.code(), "total": p.total.cents(), "supplier_id": p.supplier_id});
    audit::record(tx, actor, now, Event::new(AuditKind::PurchaseChanged, "purchases", p.id, what).after(after))?;
    Ok(())
}

/// Creates a draft purchase (a replayed token returns the first one). Moves nothing, posts nothing.
pub fn create(tx: &Transaction, actor: &Actor, d: &PurchaseDraft, now: &str) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "purchase", d.token.as_deref(), actor.user_id, d, now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::purchase_by_token(tx, t)?
    {
        return Ok(id);
    }
    let lines = validate(tx, d)?;
    let seq = accounting::store::next_number(tx, "ACH", d.day.year())?;
    let number = format!("ACH-{}-{seq:05}", d.day.year());
    let id = store::insert_purchase(
        tx,
        &number,
        d.supplier_id,
        &d.day.to_string(),
        d.invoice_ref.trim(),
        d.note.trim(),
        d.token.as_deref(),
        now,
        actor.user_id,
    )?;
    let total = write_lines(tx, id, d.day, &lines)?;
    let p = load(tx, id)?;
    record(tx, actor, now, &p, format!("Achat {number} créé (brouillon, {total})."))?;
    Ok(id)
}

fn ctx(actor: &Actor, p: &Purchase, now: &str, day: NaiveDate) -> MoveCtx {
    MoveCtx {
        at: now.into(),
        day,
        user_id: actor.user_id,
        source_type: "purchase",
        source_id: p.id,
        note: p.number.clone(),
    }
}

fn day_of(p: &Purchase) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(&p.day, "%Y-%m-%d")
        .map_err(|e| AppError::Internal(anyhow::anyhow!("date d'achat {}: {e}", p.day)))
}

/// Stock in for every line at its exact value, and the entry Dr stock (per kind) / Cr 401.
fn bring_in(tx: &Transaction, actor: &Actor, p: &Purchase, now: &str) -> Result<(), AppError> {
    let lines = store::lines(tx, p.id)?;
    if lines.is_empty() {
        return Err(AppError::rule("Cet achat n'a aucune ligne."));
    }
    if p.total.cents() <= 0 {
        return Err(AppError::rule("Le total de l'achat est nul : saisissez les prix avant de le recevoir."));
    }
    let day = day_of(p)?;
    let c = ctx(actor, p, now, day);
    let mut entry =
        EntryDraft::new(Journal::Purchases, day, format!("Achat {} — {}", p.number, p.supplier), "purchase", p.id);
    let mut deductible = Vec::new();
    for l in &lines {
        stock::ops::receive(tx, &c, l.product_id, l.location_id, l.base_qty, l.cost(), MoveKind::Purchase)?;
        let product = catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
        entry.add(accounting::LineDraft::debit(stock_account(product.kind), l.cost(), ""));
        deductible.push(deductible_of(stock_account(product.kind), l));
    }
    for line in tva::deductible_lines(tx, tva::Source { kind: "purchase", id: p.id, day }, &deductible, false)? {
        entry.add(line);
    }
    entry.add(accounting::LineDraft::credit(account::SUPPLIERS, p.total, ""));
    let entry_id = accounting::ops::post(tx, actor, &entry, now)?;
    store::set_received(tx, p.id, entry_id, now, actor.user_id)?;
    Ok(())
}

/// A line's deductible TVA (zero under IFU) for the TVA records.
pub(crate) fn deductible_of(account: &str, l: &crate::purchases::Line) -> tva::Deductible {
    tva::Deductible { account: account.to_string(), rate_bp: l.tva_bp, base: l.cost(), tva: l.tva }
}

/// Takes back exactly what the receipt brought in and reverses its entry (dated `day`).
fn take_back(
    tx: &Transaction,
    actor: &Actor,
    p: &Purchase,
    why: &str,
    now: &str,
    day: NaiveDate,
) -> Result<(), AppError> {
    let c = ctx(actor, p, now, day);
    let mut deductible = Vec::new();
    for l in store::lines(tx, p.id)? {
        stock::ops::unreceive(tx, &c, l.product_id, l.location_id, l.base_qty, l.cost(), MoveKind::PurchaseCancel)?;
        let product = catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
        deductible.push(deductible_of(stock_account(product.kind), &l));
    }
    // The reversal gives the TVA back to 4456's credit; the documents' TVA follows.
    tva::deductible_lines(tx, tva::Source { kind: "purchase", id: p.id, day }, &deductible, true)?;
    let entry_id =
        p.entry_id.ok_or_else(|| AppError::Internal(anyhow::anyhow!("achat {} reçu sans écriture", p.number)))?;
    accounting::ops::reverse(tx, actor, entry_id, day, why, now)?;
    Ok(())
}

/// Receives a draft: stock in at cost (the PMP follows), entry Dr stock / Cr 401.
pub fn receive(tx: &Transaction, actor: &Actor, id: i64, now: &str) -> Result<(), AppError> {
    let p = load(tx, id)?;
    match p.status {
        Status::Received => return Err(AppError::rule(format!("L'achat {} est déjà reçu.", p.number))),
        Status::Cancelled => return Err(AppError::rule(format!("L'achat {} est annulé.", p.number))),
        Status::Draft => {}
    }
    bring_in(tx, actor, &p, now)?;
    let p = load(tx, id)?;
    record(tx, actor, now, &p, format!("Achat {} reçu ({}).", p.number, p.total))
}

/// Changes a purchase. A draft is rewritten; a received one is taken back exactly (moves and
/// entry reversed, dated `day`) and received again with the new lines, in this one transaction.
pub fn edit(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    d: &PurchaseDraft,
    now: &str,
    day: NaiveDate,
) -> Result<(), AppError> {
    let p = load(tx, id)?;
    let lines = validate(tx, d)?;
    match p.status {
        Status::Cancelled => {
            return Err(AppError::rule(format!("L'achat {} est annulé : il ne se modifie plus.", p.number)));
        }
        Status::Received => {
            if p.returned.cents() > 0 {
                return Err(AppError::rule(format!(
                    "L'achat {} a des retours fournisseur : il ne se modifie plus. Faites un nouvel achat.",
                    p.number
                )));
            }
            if p.supplier_id != d.supplier_id && p.paid.cents() > 0 {
                return Err(AppError::rule("Cet achat est déjà (en partie) payé : son fournisseur ne change plus."));
            }
            take_back(tx, actor, &p, "modification de l'achat", now, day)?;
        }
        Status::Draft => {}
    }
    store::update_header(tx, id, d.supplier_id, &d.day.to_string(), d.invoice_ref.trim(), d.note.trim())?;
    let total = write_lines(tx, id, d.day, &lines)?;
    if p.status == Status::Received {
        if total < p.paid {
            return Err(AppError::rule(format!(
                "Le nouveau total ({total}) est inférieur à ce qui a déjà été payé ({}) : annulez d'abord un paiement.",
                p.paid
            )));
        }
        let fresh = load(tx, id)?;
        bring_in(tx, actor, &fresh, now)?;
    }
    let after = load(tx, id)?;
    record(tx, actor, now, &after, format!("Achat {} modifié ({} → {total}).", p.number, p.total))
}

/// Cancels a purchase. A draft simply becomes `annule`. A received one is taken back exactly
/// (quantity, value and PMP as without it) and its entry reversed; refused while it has payments
/// (reverse them first) or returns, or when its goods were already consumed or moved.
pub fn cancel(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: &str,
    day: NaiveDate,
) -> Result<(), AppError> {
    let p = load(tx, id)?;
    match p.status {
        Status::Cancelled => return Err(AppError::rule(format!("L'achat {} est déjà annulé.", p.number))),
        Status::Received => {
            if p.paid.cents() > 0 {
                return Err(AppError::rule(format!(
                    "L'achat {} a des paiements ({}) : annulez d'abord ces paiements (remboursez le fournisseur), puis l'achat.",
                    p.number, p.paid
                )));
            }
            if p.returned.cents() > 0 {
                return Err(AppError::rule(format!(
                    "L'achat {} a déjà des retours fournisseur : retournez plutôt le reste au fournisseur.",
                    p.number
                )));
            }
            let why =
                if reason.trim().is_empty() { "annulation de l'achat".to_string() } else { reason.trim().to_string() };
            take_back(tx, actor, &p, &why, now, day)?;
        }
        Status::Draft => {}
    }
    store::set_cancelled(tx, id, reason.trim(), now, actor.user_id)?;
    let after = load(tx, id)?;
    record(tx, actor, now, &after, format!("Achat {} annulé.", p.number))
}
