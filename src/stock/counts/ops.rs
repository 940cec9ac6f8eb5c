//! Operations of physical counts: open, record what was counted, validate (book the variances)
//! or abandon, each in the caller's transaction. `submit` is the count page's one button: it
//! records the typed quantities and, when asked, validates them in the same transaction.

use rusqlite::Transaction;

use super::{Count, CountAction, CountLine, CountStatus, Typed, parse_costs, parse_counted, store};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account, stock_account};
use crate::audit::{self, Actor, AuditKind, Event, Stamp};
use crate::catalog;
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::stock::{self, MoveCtx, MoveKind};

fn open_count(tx: &Transaction, id: i64) -> Result<Count, AppError> {
    let c = store::count(tx, id)?.ok_or(AppError::NotFound)?;
    if c.status != CountStatus::Open {
        return Err(AppError::rule(format!(
            "Cet inventaire est déjà {} : il ne se modifie plus.",
            c.status.label().to_lowercase()
        )));
    }
    Ok(c)
}

/// The count's lines, each product with no known cost carrying the value the page proposes.
pub fn lines_with_proposals(conn: &rusqlite::Connection, id: i64) -> Result<Vec<CountLine>, AppError> {
    let mut lines = store::lines(conn, id)?;
    let unknown: Vec<i64> = lines.iter().filter(|l| !l.cost_known).map(|l| l.product_id).collect();
    for (product_id, proposal) in stock::ops::proposals(conn, &unknown)? {
        if let Some(l) = lines.iter_mut().find(|l| l.product_id == product_id) {
            l.proposal = proposal;
        }
    }
    Ok(lines)
}

/// Opens a count of one location: a line per product allowed there (by the place's kind) that is
/// active and stock-tracked or still holds something there, with what the ledger shows now.
pub fn open(tx: &Transaction, actor: &Actor, location_id: i64, note: &str, now: &str) -> Result<i64, AppError> {
    crate::text::check_all(&[("note", note, crate::text::Text::Note)])?;
    let Some(place) = stock::store::location(tx, location_id)? else {
        let mut e = FieldErrors::new();
        e.add("location_id", "Choisissez un lieu de stock.");
        return Err(AppError::Invalid(e));
    };
    if store::open_count_of(tx, location_id)?.is_some() {
        return Err(AppError::rule(format!(
            "Un inventaire de « {} » est déjà en cours : terminez-le d'abord.",
            place.name
        )));
    }
    let id = store::insert_count(tx, location_id, note.trim(), now, actor.user_id)?;
    let mut n = 0;
    for p in catalog::store::all_products(tx)? {
        let b = stock::store::balance(tx, p.id, location_id)?;
        // Only products allowed in this kind of place; an archived one still holding stock is counted.
        let allowed = p.kind.locations().contains(&place.kind.as_str());
        if allowed && ((p.active && p.track_stock) || b.qty.milli() != 0) {
            store::insert_line(tx, id, p.id, b.qty, b.value)?;
            n += 1;
        }
    }
    let text = format!("Inventaire n° {id} de « {} » ouvert ({n} produits).", place.name);
    audit::record(tx, actor, now, Event::new(AuditKind::StockMoved, "stock_counts", id, text))?;
    Ok(id)
}

/// The count page's submit: abandons, or records the typed quantities and values and, for
/// `Validate`, books them at once. One transaction: a refused validation saves nothing.
pub fn submit(tx: &Transaction, st: &Stamp, count_id: i64, action: CountAction, typed: &Typed) -> Result<(), AppError> {
    if action == CountAction::Abandon {
        return abandon(tx, &st.actor, count_id, &st.now);
    }
    let c = open_count(tx, count_id)?;
    let mut lines = store::lines(tx, count_id)?;
    save_counted(tx, &c, &mut lines, &typed.counted)?;
    save_costs(tx, &c, &mut lines, &typed.costs)?;
    if action == CountAction::Validate {
        book_variances(tx, &st.actor, &c, &lines, &st.now, st.day)?;
    }
    Ok(())
}

/// Records counted quantities as typed: (product id, text in natural units; empty = not counted).
/// Every bad line is refused beside its field and nothing is saved.
pub fn record(tx: &Transaction, count_id: i64, typed: &[(i64, String)]) -> Result<(), AppError> {
    record_typed(tx, count_id, &Typed { counted: typed.to_vec(), costs: Vec::new() })
}

/// Records counted quantities and the unit values typed for surpluses.
pub fn record_typed(tx: &Transaction, count_id: i64, typed: &Typed) -> Result<(), AppError> {
    let c = open_count(tx, count_id)?;
    let mut lines = store::lines(tx, count_id)?;
    save_counted(tx, &c, &mut lines, &typed.counted)?;
    save_costs(tx, &c, &mut lines, &typed.costs)
}

/// Saves the unit values typed for surpluses (in the database and in `lines`).
fn save_costs(tx: &Transaction, c: &Count, lines: &mut [CountLine], typed: &[(i64, String)]) -> Result<(), AppError> {
    for (product_id, cost) in parse_costs(lines, typed)? {
        let Some(line) = lines.iter_mut().find(|l| l.product_id == product_id) else { continue };
        if line.entry_cost != cost {
            store::set_entry_cost(tx, c.id, product_id, cost)?;
            line.entry_cost = cost;
        }
    }
    Ok(())
}

/// Refuses, beside its value, each counted surplus of a product with no known cost and no value
/// typed; clears the values typed that will not be used (no surplus, or a cost known now), so
/// that a validated line's value is the one its surplus entered at (`fournil check` proves it).
fn check_costs(tx: &Transaction, c: &Count, lines: &[CountLine]) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    for l in lines {
        let surplus = l.counted_qty.is_some_and(|q| q > l.counted_book.unwrap_or(l.current_qty));
        let p = catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
        let known = stock::ops::known_cost(tx, &p)?.is_some();
        if surplus && !known && l.entry_cost.is_none() {
            errors.add(&format!("cost-{}", l.product_id), stock::ops::missing_cost_message(tx, &p)?);
        } else if l.entry_cost.is_some() && (known || !surplus) {
            store::set_entry_cost(tx, c.id, l.product_id, None)?;
        }
    }
    Ok(errors.into_result(())?)
}

/// Saves what was typed on the lines (in the database and in `lines`). The ledger figure now is
/// what a counted line is compared with: sales made after the line was counted are not
/// surpluses. A line counted again keeps the figure of its new count.
fn save_counted(tx: &Transaction, c: &Count, lines: &mut [CountLine], typed: &[(i64, String)]) -> Result<(), AppError> {
    for (product_id, q) in parse_counted(lines, typed)? {
        let Some(line) = lines.iter_mut().find(|l| l.product_id == product_id) else { continue };
        if line.counted_qty == q {
            continue;
        }
        let book = q.map(|_| line.current_qty);
        store::set_counted(tx, c.id, product_id, q, book)?;
        (line.counted_qty, line.counted_book) = (q, book);
    }
    Ok(())
}

/// Books the variance of every counted line — counted minus what the ledger held when it was
/// counted — on the stock as it is now, and closes the count.
pub fn validate(
    tx: &Transaction,
    actor: &Actor,
    count_id: i64,
    now: &str,
    day: chrono::NaiveDate,
) -> Result<(), AppError> {
    let c = open_count(tx, count_id)?;
    let lines = store::lines(tx, count_id)?;
    book_variances(tx, actor, &c, &lines, now, day)
}

fn book_variances(
    tx: &Transaction,
    actor: &Actor,
    c: &Count,
    lines: &[CountLine],
    now: &str,
    day: chrono::NaiveDate,
) -> Result<(), AppError> {
    if lines.iter().all(|l| l.counted_qty.is_none()) {
        return Err(AppError::rule(
            "Aucune quantité n'a été comptée : saisissez au moins une ligne, ou abandonnez l'inventaire.",
        ));
    }
    check_costs(tx, c, lines)?;
    let ctx = MoveCtx {
        at: now.into(),
        day,
        user_id: actor.user_id,
        source_type: "stock_count",
        source_id: c.id,
        note: c.note.clone(),
    };
    let title = format!("Inventaire n° {} — {}", c.id, c.location);
    let mut entry = EntryDraft::new(Journal::Misc, day, title.clone(), "stock_count", c.id);
    let (mut gains, mut losses) = (Money::ZERO, Money::ZERO);
    for l in lines {
        let Some(counted) = l.counted_qty else { continue };
        let book = l.counted_book.unwrap_or(l.current_qty);
        let value = book_variance(tx, &ctx, c.location_id, l, counted - book, &mut entry)?;
        if value.is_negative() {
            losses -= value;
        } else {
            gains += value;
        }
        store::set_variance(tx, c.id, l.product_id, book, counted - book, value)?;
    }
    let entry_id = if entry.lines.len() >= 2 { Some(accounting::ops::post(tx, actor, &entry, now)?) } else { None };
    store::close(tx, c.id, CountStatus::Validated, now, actor.user_id, entry_id)?;
    let text = format!("{title} validé : écarts +{gains} / −{losses}.");
    audit::record(tx, actor, now, Event::new(AuditKind::StockMoved, "stock_counts", c.id, text))?;
    Ok(())
}

/// Moves one line's variance in or out of stock at the PMP and adds its lines to the entry
/// (surplus: stock / 758; shortfall: 658 / stock). Returns the signed value moved.
fn book_variance(
    tx: &Transaction,
    ctx: &MoveCtx,
    location_id: i64,
    l: &CountLine,
    diff: crate::money::Qty,
    entry: &mut EntryDraft,
) -> Result<Money, AppError> {
    if diff.is_zero() {
        return Ok(Money::ZERO);
    }
    let p = catalog::store::product(tx, l.product_id)?.ok_or(AppError::NotFound)?;
    if diff.milli() > 0 {
        let v = stock::ops::gain(tx, ctx, l.product_id, location_id, diff, MoveKind::Count, l.entry_cost)?;
        if v.cents() > 0 {
            entry.add(LineDraft::debit(stock_account(p.kind), v, &l.name));
            entry.add(LineDraft::credit(account::GAINS, v, &l.name));
        }
        Ok(v)
    } else {
        let v = stock::ops::issue(tx, ctx, l.product_id, location_id, -diff, MoveKind::Count)?;
        if v.cents() > 0 {
            entry.add(LineDraft::debit(account::LOSSES, v, &l.name));
            entry.add(LineDraft::credit(stock_account(p.kind), v, &l.name));
        }
        Ok(-v)
    }
}

/// Closes an open count without any effect on the stock or the books.
pub fn abandon(tx: &Transaction, actor: &Actor, count_id: i64, now: &str) -> Result<(), AppError> {
    let c = open_count(tx, count_id)?;
    store::close(tx, count_id, CountStatus::Abandoned, now, actor.user_id, None)?;
    let text = format!("Inventaire n° {count_id} de « {} » abandonné.", c.location);
    audit::record(tx, actor, now, Event::new(AuditKind::StockMoved, "stock_counts", count_id, text))?;
    Ok(())
}
