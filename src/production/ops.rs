//! The production operation: explode the recipe, take the ingredients out at PMP, bring the made
//! product in at that exact value, post the entry. All or nothing, in the caller's transaction.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

use super::{ProductionDraft, TypedProduction, need, store};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, stock_account};
use crate::audit::{self, Actor, AuditKind, Event, Stamp};
use crate::catalog::{self, Kind, Product, Recipe};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::stock::{self, Location, MoveCtx, MoveKind};

/// One ingredient to take out: what, from where, how much.
struct Take {
    product: Product,
    location_id: i64,
    qty: Qty,
}

use crate::error::invalid;

/// A production as typed: the quantity read in the product's own unit, then `produce`.
pub fn produce_typed(tx: &Transaction, st: &Stamp, typed: &TypedProduction) -> Result<i64, AppError> {
    let unit = match typed.product_id() {
        Some(id) => catalog::store::product(tx, id)?.map(|p| p.unit),
        None => None,
    };
    let draft = typed.parse(unit)?;
    produce(tx, &st.actor, &draft, &st.now, st.day)
}

/// Records a production of `d.qty` of a product from its recipe. Refused, with nothing saved,
/// when the quantity is not positive, the product has no recipe, the destination does not suit
/// the product, or an ingredient is short (the message names each one and what is left).
/// A replayed token returns the first production.
pub fn produce(
    tx: &Transaction,
    actor: &Actor,
    d: &ProductionDraft,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "production", d.token.as_deref(), actor.user_id, d, now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::by_token(tx, t)?
    {
        return Ok(id);
    }
    crate::text::check_all(&[("note", &d.note, crate::text::Text::Note)])?;
    let locations = stock::store::locations(tx)?;
    let (product, recipe, dest) = what_and_where(tx, d, &locations)?;
    let takes = explode(tx, d.qty, &recipe, &locations)?;
    check_available(tx, &takes, &product, d.qty, &locations)?;
    let (day_text, token) = (day.to_string(), d.token.as_deref());
    let (note, user) = (d.note.trim(), actor.user_id);
    let id =
        store::insert(tx, product.id, d.qty, d.location_id, recipe.location_id, note, &day_text, now, user, token)?;
    let title = format!("Production n° {id} — {} {}", product.unit.format(d.qty), product.name);
    let ctx = MoveCtx {
        at: now.into(),
        day,
        user_id: actor.user_id,
        source_type: "production",
        source_id: id,
        note: title.clone(),
    };
    let mut entry = EntryDraft::new(Journal::Misc, day, title.clone(), "production", id);
    let value = move_stock(tx, &ctx, &takes, &product, d, &mut entry)?;
    let entry_id = if entry.lines.len() >= 2 { Some(accounting::ops::post(tx, actor, &entry, now)?) } else { None };
    store::set_value(tx, id, value, entry_id)?;
    let text = format!("{title} vers « {} ».", dest.name);
    audit::record(tx, actor, now, Event::new(AuditKind::StockMoved, "productions", id, text))?;
    Ok(id)
}

/// What is made, by which recipe, and where it goes: refused when the quantity is not
/// positive, the product is bought rather than made or has no recipe yet, or the destination
/// does not suit it.
fn what_and_where(
    tx: &Transaction,
    d: &ProductionDraft,
    locations: &[Location],
) -> Result<(Product, Recipe, Location), AppError> {
    if d.qty.milli() <= 0 {
        return Err(invalid("qty", "La quantité doit être positive."));
    }
    let Some(product) = catalog::store::product(tx, d.product_id)? else {
        return Err(invalid("product_id", "Choisissez le produit à fabriquer."));
    };
    if !product.kind.has_recipe() {
        let text = format!("« {} » ne se fabrique pas : c'est un produit acheté.", product.name);
        return Err(invalid("product_id", text));
    }
    let Some(recipe) = catalog::store::recipe(tx, product.id)? else {
        return Err(AppError::rule(format!(
            "« {} » n'a pas de recette : saisissez-la au catalogue avant de le produire.",
            product.name
        )));
    };
    let Some(dest) = locations.iter().find(|l| l.id == d.location_id).cloned() else {
        return Err(invalid("location_id", "Choisissez la destination."));
    };
    if !product.kind.locations().contains(&dest.kind.as_str()) {
        let kind = product.kind.label().to_lowercase();
        let text = format!("« {} » ({kind}) ne se range pas en « {} ».", product.name, dest.name);
        return Err(invalid("location_id", text));
    }
    Ok((product, recipe, dest))
}

/// What each line of the recipe needs for `qty`, and from where: the recipe's place, except
/// semi-finis, which live at the lab. Ingredients nobody counts (tap water) are left out.
fn explode(tx: &Connection, qty: Qty, recipe: &Recipe, locations: &[Location]) -> Result<Vec<Take>, AppError> {
    let lab = locations.iter().find(|l| l.kind == "labo").map(|l| l.id);
    let mut takes = Vec::with_capacity(recipe.lines.len());
    for line in &recipe.lines {
        let ing = catalog::store::product(tx, line.ingredient_id)?.ok_or(AppError::NotFound)?;
        if !ing.track_stock {
            continue; // tap water, a pinch of something nobody counts
        }
        let need = need(line.qty, qty, recipe.yield_qty, recipe.loss_bp);
        if need.is_zero() {
            continue;
        }
        // Semi-finis live at the lab: taken there even when the recipe draws from the store room.
        let location_id = match (ing.kind, lab) {
            (Kind::SemiFini, Some(lab)) => lab,
            _ => recipe.location_id,
        };
        takes.push(Take { product: ing, location_id, qty: need });
    }
    Ok(takes)
}

/// What a refused production could take from the store room: each ingredient short at the
/// recipe's place that the store room holds enough of to make up, as one transfer.
#[derive(Debug, Clone)]
pub struct TransferOffer {
    pub from: Location,
    pub to: Location,
    /// (ingredient, quantity missing at `to`).
    pub lines: Vec<(Product, Qty)>,
}

impl TransferOffer {
    /// "1,2 kg de Farine et 800 g de Beurre".
    pub fn what(&self) -> String {
        let parts: Vec<String> =
            self.lines.iter().map(|(p, q)| format!("{} de {}", p.unit.format(*q), p.name)).collect();
        match parts.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// The transfer that would let this production go through (None: nothing to offer, or the
/// production is not even valid as typed).
pub fn transfer_offer(conn: &Connection, typed: &TypedProduction) -> Result<Option<TransferOffer>, AppError> {
    let unit = match typed.product_id() {
        Some(id) => catalog::store::product(conn, id)?.map(|p| p.unit),
        None => None,
    };
    let Ok(d) = typed.parse(unit) else { return Ok(None) };
    let Some(recipe) = catalog::store::recipe(conn, d.product_id)? else { return Ok(None) };
    let locations = stock::store::locations(conn)?;
    let (Some(from), Some(to)) = (
        locations.iter().find(|l| l.kind == "reserve").cloned(),
        locations.iter().find(|l| l.id == recipe.location_id).cloned(),
    ) else {
        return Ok(None);
    };
    let mut lines = Vec::new();
    for t in
        explode(conn, d.qty, &recipe, &locations)?.into_iter().filter(|t| t.location_id == to.id && to.id != from.id)
    {
        let missing = t.qty - stock::store::balance(conn, t.product.id, to.id)?.qty;
        if missing.milli() > 0 && stock::store::balance(conn, t.product.id, from.id)?.qty >= missing {
            lines.push((t.product, missing));
        }
    }
    Ok((!lines.is_empty()).then_some(TransferOffer { from, to, lines }))
}

/// Every ingredient checked before anything moves: one refusal names each one short, with
/// what is left and where.
fn check_available(
    tx: &Transaction,
    takes: &[Take],
    product: &Product,
    qty: Qty,
    locations: &[Location],
) -> Result<(), AppError> {
    let place_name = |id: i64| locations.iter().find(|l| l.id == id).map(|l| l.name.clone()).unwrap_or_default();
    let mut short = Vec::new();
    for t in takes {
        let here = stock::store::balance(tx, t.product.id, t.location_id)?;
        if here.qty < t.qty {
            short.push(format!(
                "« {} » : il en faut {}, il n'en reste que {} en « {} »",
                t.product.name,
                t.product.unit.format(t.qty),
                t.product.unit.format(here.qty),
                place_name(t.location_id)
            ));
        }
    }
    if short.is_empty() {
        return Ok(());
    }
    let text =
        format!("Impossible de produire {} de « {} » : {}.", product.unit.format(qty), product.name, short.join(" ; "));
    Err(AppError::refused("insufficient_stock", text))
}

/// The ingredients out at their PMP, the product in at exactly that value, and the entry's lines
/// (each stock account credited, the product's debited). Returns the value moved.
fn move_stock(
    tx: &Transaction,
    ctx: &MoveCtx,
    takes: &[Take],
    product: &Product,
    d: &ProductionDraft,
    entry: &mut EntryDraft,
) -> Result<Money, AppError> {
    let mut value = Money::ZERO;
    for t in takes {
        let out = stock::ops::issue(tx, ctx, t.product.id, t.location_id, t.qty, MoveKind::ProductionOut)?;
        entry.add(LineDraft::credit(stock_account(t.product.kind), out, ""));
        value += out;
    }
    stock::ops::receive(tx, ctx, product.id, d.location_id, d.qty, value, MoveKind::ProductionIn)?;
    entry.add(LineDraft::debit(stock_account(product.kind), value, ""));
    Ok(value)
}

/// Takes a production back exactly: its product out at the value it came in, its ingredients back
/// where they came from at the values they left with, its entry reversed; audited. Refused, with
/// the reason, once some of the product left after it (sold, transferred, consumed…): the value
/// would no longer be what came in. Cancelling a cancelled production changes nothing.
pub fn cancel(tx: &Transaction, st: &Stamp, id: i64) -> Result<i64, AppError> {
    let (product_id, qty, _, entry_id, cancelled) = store::recorded(tx, id)?.ok_or(AppError::NotFound)?;
    if cancelled {
        return Ok(id);
    }
    let product = catalog::store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    if let Some(kind) = stock::store::first_outflow_since_receipt(tx, product_id, "production", id)? {
        let gone = match MoveKind::from_code(&kind) {
            Some(MoveKind::Sale) => "vendu",
            Some(MoveKind::TransferOut) => "transféré",
            Some(MoveKind::ProductionOut) => "consommé en production",
            Some(MoveKind::Waste) => "déclaré en perte",
            _ => "sorti du stock",
        };
        let text = format!(
            "La production n° {id} ne peut plus être annulée : du « {} » a été {gone} depuis. \
             Corrigez plutôt le stock (pertes et corrections).",
            product.name
        );
        return Err(AppError::refused("production_output_gone", text));
    }
    let title = format!("Production n° {id} annulée — {} {}", product.unit.format(qty), product.name);
    let ctx = MoveCtx {
        at: st.now.clone(),
        day: st.day,
        user_id: st.actor.user_id,
        source_type: "production",
        source_id: id,
        note: title.clone(),
    };
    let moves = stock::store::moves_of_source(tx, "production", id)?;
    for (p, place, q, value, _) in moves.iter().filter(|m| m.4 == MoveKind::ProductionIn.code()) {
        stock::ops::unreceive(tx, &ctx, *p, *place, *q, *value, MoveKind::ProductionCancel)?;
    }
    for (p, place, q, value, _) in moves.iter().filter(|m| m.4 == MoveKind::ProductionOut.code()) {
        stock::ops::receive(tx, &ctx, *p, *place, -*q, -*value, MoveKind::ProductionCancel)?;
    }
    if let Some(entry) = entry_id {
        accounting::ops::reverse(tx, &st.actor, entry, st.day, "production annulée", &st.now)?;
    }
    store::set_cancelled(tx, id, &st.now, st.actor.user_id)?;
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::StockMoved, "productions", id, format!("{title}.")))?;
    Ok(id)
}
