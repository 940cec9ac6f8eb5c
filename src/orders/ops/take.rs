//! Taking an order and editing it: the customer, the lines priced from the catalogue (a price of
//! one's own needs `prix.modifier` and is audited), the due moment in shop time, the deposit.
//! Lines are editable only until the lab starts.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone};
use rusqlite::Transaction;
use serde_json::json;

use super::{invalid, order, pay, slips, till, user_of, wrong_state};
use crate::accounting;
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::auth::{CurrentUser, Permission};
use crate::catalog::{self, Product};
use crate::customers::{self, Customer};
use crate::error::{AppError, FieldErrors};
use crate::money::{Money, Qty};
use crate::orders::store::{self, Header, NewLine, NewOrder};
use crate::orders::{Line, LineDraft, OrderDraft, PaymentDraft, Service, Source, Status, line_total};

/// A line with its price settled.
pub(crate) struct Priced {
    pub product: Product,
    pub qty: Qty,
    pub unit_price: Money,
    pub catalog_price: Money,
    pub total: Money,
    pub options: String,
    pub source: Source,
}

/// A price someone changed, for the audit trail.
pub(super) struct PriceChange {
    name: String,
    catalog: Money,
    agreed: Money,
}

/// The customer of an order: known and active, else a message beside the customer field.
pub(super) fn customer_of(tx: &Transaction, id: i64) -> Result<Customer, AppError> {
    customers::ops::active(tx, id).map_err(|e| invalid("customer_id", e.user_message()))
}

/// The due moment in UTC, from the shop's local day and time.
fn due_at(tx: &Transaction, day: NaiveDate, time: NaiveTime) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    let tz = crate::settings::store::get(tx)?.shop_time().tz;
    let local = day.and_time(time);
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(|| invalid("due_time", "Cette heure n'existe pas ce jour-là."))
}

/// Checks the due moment and the service, adding messages to `e`; returns the due moment stamp.
fn check_when(
    tx: &Transaction,
    st: &Stamp,
    d: (NaiveDate, NaiveTime, Service, &str),
    e: &mut FieldErrors,
) -> Result<String, AppError> {
    let (day, time, service, address) = d;
    let due = due_at(tx, day, time)?;
    if crate::clock::parse_stamp(&st.now).is_some_and(|now| due < now) {
        e.add("due_day", "Cette date de retrait est déjà passée : choisissez un jour et une heure à venir.");
    }
    check_address(service, address, e);
    Ok(crate::clock::stamp(due))
}

/// A delivery needs its address.
pub(super) fn check_address(service: Service, address: &str, e: &mut FieldErrors) {
    if service == Service::Delivery && address.trim().is_empty() {
        e.add("address", "Indiquez l'adresse de livraison.");
    }
}

/// A deposit never above the order's total (said once the lines are right).
pub(super) fn check_deposit(deposit: Option<&PaymentDraft>, total: Money, e: &mut FieldErrors) {
    if let Some(p) = deposit
        && p.amount > total
        && e.is_empty()
    {
        e.add("deposit", format!("L'acompte ({}) dépasse le total de la commande ({total}).", p.amount));
    }
}

/// Prices each line: today's catalogue price, or the price agreed on the line it replaces, or a
/// price of one's own (`prix.modifier`). Refuses unknown, archived or unsold products and
/// quantities that are not positive, each beside its line. `counter`: every line's goods come
/// from the counter (nothing for the lab to make).
pub(super) fn price_lines(
    tx: &Transaction,
    who: &CurrentUser,
    (lines, existing): (&[LineDraft], &[Line]),
    counter: bool,
    e: &mut FieldErrors,
) -> Result<(Vec<Priced>, Vec<PriceChange>), AppError> {
    if lines.is_empty() {
        e.add("lines", "Ajoutez au moins un produit à la commande.");
    }
    let mut priced = Vec::with_capacity(lines.len());
    let mut changes = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(p) = catalog::store::product(tx, l.product_id)? else {
            e.add(&format!("lines.{i}.product_id"), "Produit inconnu.");
            continue;
        };
        let catalog_price = match p.sale_price {
            Some(price) if p.active && p.kind.is_sold() => price,
            _ if !p.active => {
                e.add(
                    &format!("lines.{i}.product_id"),
                    format!("« {} » est archivé : il ne se commande plus.", p.name),
                );
                continue;
            }
            _ => {
                e.add(
                    &format!("lines.{i}.product_id"),
                    format!("« {} » ne se vend pas (pas de prix de vente).", p.name),
                );
                continue;
            }
        };
        if l.qty.milli() <= 0 {
            e.add(&format!("lines.{i}.qty"), "La quantité doit être positive.");
            continue;
        }
        let agreed = existing.iter().find(|x| Some(x.id) == l.line_id && x.product_id == p.id).map(|x| x.unit_price);
        let unit_price = match l.price {
            Some(price) if Some(price) != agreed && price != catalog_price => {
                if !who.can(Permission::PriceOverride) {
                    e.add(&format!("lines.{i}.price"), "Changer le prix demande le droit « prix.modifier ».");
                    continue;
                }
                changes.push(PriceChange { name: p.name.clone(), catalog: catalog_price, agreed: price });
                price
            }
            Some(price) => price,
            None => agreed.unwrap_or(catalog_price),
        };
        let made_here = !counter && p.kind.has_recipe() && catalog::store::recipe(tx, p.id)?.is_some();
        priced.push(Priced {
            total: line_total(unit_price, p.unit, l.qty),
            qty: l.qty,
            unit_price,
            catalog_price,
            options: l.options.trim().chars().take(300).collect(),
            source: if made_here { Source::Lab } else { Source::Counter },
            product: p,
        });
    }
    Ok((priced, changes))
}

fn write_lines(tx: &Transaction, order_id: i64, priced: &[Priced]) -> Result<Money, AppError> {
    for (i, l) in priced.iter().enumerate() {
        let line = NewLine {
            position: i as i64 + 1,
            product_id: l.product.id,
            name: &l.product.name,
            qty: l.qty,
            unit_price: l.unit_price,
            catalog_price: l.catalog_price,
            total: l.total,
            options: &l.options,
            source: l.source,
        };
        store::insert_line(tx, order_id, &line)?;
    }
    let total: Money = priced.iter().map(|l| l.total).sum();
    store::set_total(tx, order_id, total)?;
    Ok(total)
}

fn audit_prices(
    tx: &Transaction,
    st: &Stamp,
    order_id: i64,
    number: &str,
    changes: &[PriceChange],
) -> Result<(), AppError> {
    for c in changes {
        let e = Event::new(
            AuditKind::OrderPriceChanged,
            "orders",
            order_id,
            format!("{number} : « {} » à {} au lieu de {} (prix du catalogue).", c.name, c.agreed, c.catalog),
        )
        .before(json!({"price": c.catalog.cents()}))
        .after(json!({"price": c.agreed.cents()}));
        audit::record(tx, &st.actor, &st.now, e)?;
    }
    Ok(())
}

/// Takes an order; returns its id. With a deposit, the money goes through the till's open shift
/// in the same transaction. The slips (customer copy with the deposit, lab copy without prices)
/// are queued for the till's printer. A replayed token returns the first order.
pub fn create(tx: &Transaction, st: &Stamp, who: &CurrentUser, d: &OrderDraft) -> Result<i64, AppError> {
    texts(&d.address, &d.notes, &d.lines)?;
    crate::db::replay::claim(tx, "order", Some(&d.token), Some(who.id), d, &st.now)?;
    if let Some(id) = store::by_token(tx, &d.token)? {
        return Ok(id);
    }
    if d.token.trim().len() < 8 {
        return Err(AppError::refused("bad_token", "Jeton de commande manquant : rechargez la page."));
    }
    let user_id = user_of(st)?;
    let customer = customer_of(tx, d.customer_id)?;
    let mut e = FieldErrors::new();
    let due = check_when(tx, st, (d.due_day, d.due_time, d.service, &d.address), &mut e)?;
    let (priced, changes) = price_lines(tx, who, (&d.lines, &[]), false, &mut e)?;
    check_deposit(d.deposit.as_ref(), priced.iter().map(|l| l.total).sum(), &mut e);
    if !e.is_empty() {
        return Err(e.into());
    }
    let (id, till) = record(tx, st, d, (&customer, &due, user_id), (&priced, &changes))?;
    let mut cash = false;
    if let Some(p) = d.deposit.as_ref().filter(|p| p.amount.cents() > 0) {
        let o = order(tx, id)?;
        pay::take(tx, st, &o, &till, p, pay::Kind::Deposit, "deposit")?;
        cash = p.method == crate::orders::Method::Cash;
    }
    slips::queue_order(tx, id, &till, cash, st)?;
    Ok(id)
}

/// Writes a checked order: its number, header, lines, and the audit of its taking and of the
/// prices changed. Returns its id and its till.
pub(super) fn record(
    tx: &Transaction,
    st: &Stamp,
    d: &OrderDraft,
    (customer, due, user_id): (&Customer, &str, i64),
    (priced, changes): (&[Priced], &[PriceChange]),
) -> Result<(i64, crate::cash::Till), AppError> {
    let till = till(tx, d.till_id)?;
    let year = st.day.year();
    let number = format!("CMD-{year}-{:05}", accounting::store::next_number(tx, "CMD", year)?);
    let (due_day, due_time, day) = (d.due_day.to_string(), d.due_time.format("%H:%M").to_string(), st.day.to_string());
    let new = NewOrder {
        number: &number,
        token: &d.token,
        customer_id: customer.id,
        service: d.service,
        address: d.address.trim(),
        due_day: &due_day,
        due_time: &due_time,
        due_at: due,
        notes: d.notes.trim(),
        till_id: till.id,
        day: &day,
        now: &st.now,
        user_id,
    };
    let id = store::insert_order(tx, &new)?;
    let total = write_lines(tx, id, priced)?;
    let summary = format!(
        "Commande {number} de {} pour le {} à {due_time} : {total}.",
        customer.name,
        crate::ui::day_fr(&due_day)
    );
    let e = Event::new(AuditKind::OrderCreated, "orders", id, summary)
        .after(json!({"customer_id": customer.id, "total": total.cents(), "due_day": due_day, "due_time": due_time}));
    audit::record(tx, &st.actor, &st.now, e)?;
    audit_prices(tx, st, id, &number, changes)?;
    Ok((id, till))
}

/// What an edit asks for: the same fields as a new order, without the deposit.
#[derive(Debug, Clone)]
pub struct EditDraft {
    pub service: Service,
    pub address: String,
    pub due_day: NaiveDate,
    pub due_time: NaiveTime,
    pub notes: String,
    pub lines: Vec<LineDraft>,
}

fn same_lines(lines: &[LineDraft], existing: &[Line]) -> bool {
    lines.len() == existing.len()
        && lines.iter().zip(existing).all(|(l, x)| {
            l.line_id == Some(x.id)
                && l.product_id == x.product_id
                && l.qty == x.qty
                && l.options.trim() == x.options
                && l.price.is_none_or(|p| p == x.unit_price)
        })
}

/// Edits an order before it is handed over. Its lines change only while it is confirmed (the lab
/// has not started): afterwards the edit is refused with the reason. Agreed prices stay; new lines
/// take today's price. The total may not fall below what was already paid.
pub fn edit(tx: &Transaction, st: &Stamp, who: &CurrentUser, id: i64, d: &EditDraft) -> Result<(), AppError> {
    texts(&d.address, &d.notes, &d.lines)?;
    let o = order(tx, id)?;
    if !o.status.is_open() {
        return Err(wrong_state(&o, "la modifier"));
    }
    let existing = store::lines(tx, id)?;
    let lines_change = !same_lines(&d.lines, &existing);
    if lines_change && o.status != Status::Confirmed {
        return Err(AppError::refused(
            "production_started",
            format!(
                "Le labo a commencé la commande {} : ses produits ne se modifient plus. \
                 Changez seulement l'heure ou les notes, ou annulez-la.",
                o.number
            ),
        ));
    }
    let mut e = FieldErrors::new();
    let due = check_when(tx, st, (d.due_day, d.due_time, d.service, &d.address), &mut e)?;
    let (priced, changes) = if lines_change {
        price_lines(tx, who, (&d.lines, &existing), false, &mut e)?
    } else {
        (Vec::new(), Vec::new())
    };
    let total: Money = if lines_change { priced.iter().map(|l| l.total).sum() } else { o.total };
    if lines_change && total < o.paid && e.is_empty() {
        e.add("lines", format!("Le nouveau total ({total}) est inférieur à ce qui est déjà payé ({}).", o.paid));
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    let (due_day, due_time) = (d.due_day.to_string(), d.due_time.format("%H:%M").to_string());
    let header = Header {
        service: d.service,
        address: d.address.trim(),
        due_day: &due_day,
        due_time: &due_time,
        due_at: &due,
        notes: d.notes.trim(),
    };
    store::update_header(tx, id, &header, &st.now)?;
    if lines_change {
        store::delete_lines(tx, id)?;
        write_lines(tx, id, &priced)?;
    }
    let before =
        json!({"total": o.total.cents(), "due_day": o.due_day, "due_time": o.due_time, "lines": existing.len()});
    let after = json!({"total": total.cents(), "due_day": due_day, "due_time": due_time, "lines": d.lines.len()});
    let e = Event::new(AuditKind::OrderChanged, "orders", id, format!("Commande {} modifiée.", o.number))
        .before(before)
        .after(after);
    audit::record(tx, &st.actor, &st.now, e)?;
    audit_prices(tx, st, id, &o.number, &changes)?;
    Ok(())
}

/// The texts of an order: the address and notes, each line's options (the shared text rule).
pub(super) fn texts(address: &str, notes: &str, lines: &[LineDraft]) -> Result<(), AppError> {
    use crate::text::Text;
    let mut fields = vec![("address", address, Text::Note), ("notes", notes, Text::Note)];
    fields.extend(lines.iter().map(|l| ("options", l.options.as_str(), Text::Reason)));
    Ok(crate::text::check_all(&fields)?)
}
