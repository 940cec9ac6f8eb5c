//! The cash operations: open a shift, move cash in or out, close blind, send the handed-over
//! cash to the bank. Each one writes its rows, its entry and its print job in the caller's
//! transaction; a replayed form token answers the first result.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde_json::json;

pub mod report;

use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::cash::{
    Counter, Counts, MovementDraft, MovementKind, Purpose, Shift, Till, account as cash_account, store, till_id_of,
};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::printing::{self, JobKind, Source};

/// The refusal when no shift is open: nothing touches a drawer that nobody counted.
pub fn no_open_shift() -> AppError {
    AppError::refused("shift_closed", "Aucune caisse ouverte : ouvrez la caisse d'abord.")
}

fn user_of(actor: &Actor) -> Result<i64, AppError> {
    actor.user_id.ok_or_else(|| AppError::rule("La caisse se tient par une personne identifiée."))
}

/// The till's open shift, or the `shift_closed` refusal.
pub fn require_open(tx: &Transaction, till_id: i64) -> Result<Shift, AppError> {
    store::open_shift(tx, till_id)?.ok_or_else(no_open_shift)
}

/// When taking `amount` out would leave the drawer below zero, what it should hold (the one rule
/// for every cash out: pay-outs, deposits, refunds, supplier payments).
pub fn short_of(tx: &Transaction, shift: &Shift, amount: Money) -> Result<Option<Money>, AppError> {
    let held = store::expected(tx, shift.id)?;
    Ok((amount > held).then_some(held))
}

/// The shift a cash payment goes through: the given till's, else the first till with an open shift.
pub fn shift_for_cash(tx: &Transaction, till_id: Option<i64>) -> Result<Shift, AppError> {
    if let Some(t) = till_id {
        return require_open(tx, t);
    }
    for t in store::tills(tx)?.iter().filter(|t| t.active) {
        if let Some(s) = store::open_shift(tx, t.id)? {
            return Ok(s);
        }
    }
    Err(no_open_shift())
}

/// The shift cash goes through when a till is preferred but not required: that till's open
/// shift, else the first till with an open shift.
pub fn shift_preferring(tx: &Transaction, till_id: Option<i64>) -> Result<Shift, AppError> {
    if let Some(t) = till_id
        && let Some(s) = store::open_shift(tx, t)?
    {
        return Ok(s);
    }
    shift_for_cash(tx, None)
}

/// How the opening float was given: counted note by note, or as one amount (API).
#[derive(Debug, Clone)]
pub enum Float {
    Counted(Counts),
    Amount(Money),
}

#[derive(Debug, Clone)]
pub struct OpenDraft {
    pub till_id: i64,
    pub float: Float,
    pub token: Option<String>,
}

/// Opens a shift with its counted float. The float differs from what the last shift left? The
/// owner put cash in (Dr 530 / Cr 108) or took some (Dr 108 / Cr 530). Returns the shift id.
pub fn open(tx: &Transaction, actor: &Actor, d: &OpenDraft, now: &str, day: NaiveDate) -> Result<i64, AppError> {
    if let Some(t) = &d.token
        && let Some(id) = store::shift_by_token(tx, t)?
    {
        return Ok(id);
    }
    let user = user_of(actor)?;
    let till = store::till(tx, d.till_id)?.filter(|t| t.active).ok_or(AppError::NotFound)?;
    if store::open_shift(tx, till.id)?.is_some() {
        return Err(AppError::refused(
            "shift_already_open",
            format!("La caisse « {} » est déjà ouverte : fermez-la avant d'en ouvrir une autre.", till.name),
        ));
    }
    let (float, counts) = match &d.float {
        Float::Counted(c) => (c.total(), c.to_json()),
        Float::Amount(m) => (*m, "{}".to_string()),
    };
    if float.is_negative() {
        let mut e = FieldErrors::new();
        e.add("amount", "Le fond de caisse ne peut pas être négatif.");
        return Err(e.into());
    }
    let carried = store::last_closed(tx, till.id)?.and_then(|s| s.next_float).unwrap_or(Money::ZERO);
    let id =
        store::insert_shift(tx, till.id, &day.to_string(), now, user, float, &counts, carried, d.token.as_deref())?;
    if float != carried {
        let mut e = EntryDraft::new(
            Journal::Cash,
            day,
            format!("Ouverture de {} : fond de caisse", till.name),
            "cash_shift",
            id,
        );
        if float > carried {
            let diff = float - carried;
            e.add(LineDraft::debit(account::CASH, diff, "Fond de caisse apporté"));
            e.add(LineDraft::credit(cash_account::OWNER, diff, "Fond de caisse apporté"));
        } else {
            let diff = carried - float;
            e.add(LineDraft::debit(cash_account::OWNER, diff, "Fond de caisse repris"));
            e.add(LineDraft::credit(account::CASH, diff, "Fond de caisse repris"));
        }
        let entry = accounting::ops::post(tx, actor, &e, now)?;
        store::set_opening_entry(tx, id, entry)?;
    }
    let summary = format!("{} ouverte avec un fond de {float} (laissé : {carried}).", till.name);
    let after = json!({"till": till.id, "float": float.cents(), "carried": carried.cents(), "counts": counts});
    audit::record(tx, actor, now, Event::new(AuditKind::ShiftOpened, "cash_shifts", id, summary).after(after))?;
    Ok(id)
}

/// Which drawer a movement goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The till's open shift (the pages name the till).
    Till(i64),
    /// This shift, which must be open (the API names the shift).
    Shift(i64),
}

#[derive(Debug, Clone)]
pub struct MovementInput {
    pub at: At,
    pub purpose: Purpose,
    /// Typed positive; the purpose gives the sign.
    pub amount: Money,
    pub reason: String,
    pub token: Option<String>,
}

/// Puts cash in or takes it out of the till's open shift, with its entry (one counter-account per
/// purpose), its slip and the drawer pulse; "sans vente" only opens the drawer. Returns the
/// movement id.
pub fn move_cash(
    tx: &Transaction,
    actor: &Actor,
    m: &MovementInput,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    let till_id = match m.at {
        At::Till(t) => t,
        At::Shift(s) => open_till_of(tx, s)?,
    };
    if let Some(t) = &m.token
        && let Some((id, _)) = store::movement_by_token(tx, t)?
    {
        return Ok(id);
    }
    let user = user_of(actor)?;
    let shift = require_open(tx, till_id)?;
    let till = store::till(tx, till_id)?.ok_or(AppError::NotFound)?;
    let amount = movable(tx, m, &shift)?;
    let (reason, signed) = (m.reason.trim(), Money::from_cents(amount.cents() * m.purpose.sign()));
    let id = store::next_movement_id(tx)?;
    let entry_id = match movement_entry(m.purpose, &till, amount, signed, reason, id, day) {
        Some(entry) => Some(accounting::ops::post(tx, actor, &entry, now)?),
        None => None,
    };
    let label = format!("{} : {reason}", m.purpose.label());
    let written = store::insert_movement(
        tx,
        &MovementDraft {
            shift_id: shift.id,
            at: now,
            day,
            kind: m.purpose.kind(),
            amount: signed,
            reason: &label,
            source_type: "",
            source_id: None,
            entry_id,
            user_id: user,
            token: m.token.as_deref(),
        },
    )?;
    if written != id {
        return Err(AppError::Internal(anyhow::anyhow!("mouvement {written} écrit, {id} attendu")));
    }
    let audit_kind = queue_slip(tx, actor, &till, m.purpose, (id, &label, signed), now)?;
    let summary = format!("{} — {label} ({signed}).", till.name);
    let after = json!({"shift": shift.id, "kind": m.purpose.code(), "amount": signed.cents(), "reason": reason});
    audit::record(tx, actor, now, Event::new(audit_kind, "cash_movements", id, summary).after(after))?;
    Ok(id)
}

/// The till of a shift that must be open (not found, or `shift_closed`).
fn open_till_of(tx: &Transaction, shift_id: i64) -> Result<i64, AppError> {
    let s = store::shift(tx, shift_id)?.ok_or(AppError::NotFound)?;
    if !s.open {
        return Err(no_open_shift());
    }
    Ok(s.till_id)
}

/// The amount a movement moves (none for "sans vente"), once its reason is given, it is above
/// zero, and a cash out does not take more than the drawer should hold.
fn movable(tx: &Transaction, m: &MovementInput, shift: &Shift) -> Result<Money, AppError> {
    let mut e = FieldErrors::new();
    if m.reason.trim().is_empty() {
        e.add("reason", "Indiquez le motif.");
    }
    let amount = if m.purpose == Purpose::NoSale { Money::ZERO } else { m.amount };
    if m.purpose != Purpose::NoSale {
        if amount.cents() <= 0 {
            e.add("amount", "Le montant doit être supérieur à zéro.");
        } else if m.purpose.sign() < 0
            && let Some(expected) = short_of(tx, shift, amount)?
        {
            let what = if m.purpose == Purpose::BankDeposit { "déposer" } else { "sortir" };
            e.add("amount", format!("Le tiroir ne devrait contenir que {expected} : impossible de {what} {amount}."));
        }
    }
    Ok(e.into_result(amount)?)
}

/// The movement's entry: 530 against the purpose's account (journal BQ for a bank deposit, CA
/// otherwise); none when no money moves.
fn movement_entry(
    purpose: Purpose,
    till: &Till,
    amount: Money,
    signed: Money,
    reason: &str,
    id: i64,
    day: NaiveDate,
) -> Option<EntryDraft> {
    let other = purpose.counter_account()?;
    let journal = if purpose == Purpose::BankDeposit { Journal::Bank } else { Journal::Cash };
    let label = format!("{} — {} : {reason}", purpose.label(), till.name);
    let mut entry = EntryDraft::new(journal, day, label, "cash_movement", id);
    if signed.is_negative() {
        entry.add(LineDraft::debit(other, amount, reason));
        entry.add(LineDraft::credit(account::CASH, amount, reason));
    } else {
        entry.add(LineDraft::debit(account::CASH, amount, reason));
        entry.add(LineDraft::credit(other, amount, reason));
    }
    Some(entry)
}

/// Queues the movement's slip, with the drawer pulse ("sans vente": the pulse alone); returns
/// how the audit log names the event.
fn queue_slip(
    tx: &Transaction,
    actor: &Actor,
    till: &Till,
    purpose: Purpose,
    (id, label, signed): (i64, &str, Money),
    now: &str,
) -> Result<AuditKind, AppError> {
    let tz = crate::settings::store::get(tx)?.shop_time().tz;
    let doc = report::slip(&till.name, label, signed, &actor.name, &report::local(Some(now), tz));
    let (kind, audit_kind) = match purpose {
        Purpose::NoSale => (JobKind::Drawer, AuditKind::DrawerOpened),
        _ => (JobKind::CashSlip, AuditKind::CashMoved),
    };
    let source = Source { kind, source_type: "cash_movement", source_id: Some(id) };
    printing::enqueue(tx, till.id, source, &doc, true, actor.user_id, now)?;
    Ok(audit_kind)
}

/// A cash movement of another domain's document (a supplier payment and its undoing), written in
/// that document's transaction. The entry is the document's. Returns the movement id.
#[allow(clippy::too_many_arguments)]
pub fn record_document(
    tx: &Transaction,
    actor: &Actor,
    shift: &Shift,
    kind: MovementKind,
    amount: Money,
    reason: &str,
    source: (&str, i64),
    entry_id: i64,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    let user = actor.user_id.unwrap_or(shift.opened_by);
    Ok(store::insert_movement(
        tx,
        &MovementDraft {
            shift_id: shift.id,
            at: now,
            day,
            kind,
            amount,
            reason,
            source_type: source.0,
            source_id: Some(source.1),
            entry_id: Some(entry_id),
            user_id: user,
            token: None,
        },
    )?)
}

#[derive(Debug, Clone)]
pub struct CloseDraft {
    pub counts: Counts,
    /// Left in the drawer for the next shift; `None`: the opening float (at most what was counted).
    pub next_float: Option<Money>,
    pub comment: String,
    pub token: Option<String>,
}

/// Closes a shift blind: the count is typed without seeing what was expected. The variance is
/// posted (shortage Dr 658 / Cr 530, excess Dr 530 / Cr 758), the cash taken out goes to transit
/// (Dr 581 / Cr 530), the Z report is queued. Returns the shift id.
pub fn close(
    tx: &Transaction,
    actor: &Actor,
    shift_id: i64,
    d: &CloseDraft,
    now: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    if let Some(t) = &d.token
        && let Some(id) = store::shift_by_close_token(tx, t)?
    {
        return Ok(id);
    }
    let user = user_of(actor)?;
    let shift = store::shift(tx, shift_id)?.ok_or(AppError::NotFound)?;
    if !shift.open {
        return Err(AppError::refused("shift_already_closed", "Cette caisse est déjà fermée."));
    }
    let till = store::till(tx, shift.till_id)?.ok_or(AppError::NotFound)?;
    let (counted, expected) = (d.counts.total(), store::expected(tx, shift.id)?);
    let (variance, comment) = (counted - expected, d.comment.trim());
    let next_float = left_for_next(tx, &shift, d, counted, variance)?;
    let handover = counted - next_float;
    let post = |label: &str, lines: [LineDraft; 2]| -> Result<i64, AppError> {
        let mut entry = EntryDraft::new(Journal::Cash, day, format!("{label} — {}", till.name), "cash_shift", shift.id);
        lines.into_iter().for_each(|l| entry.add(l));
        accounting::ops::post(tx, actor, &entry, now)
    };
    let variance_entry = variance_lines(variance).map(|lines| post(VARIANCE, lines)).transpose()?;
    let handover_lines =
        [LineDraft::debit(account::TRANSIT, handover, HANDOVER), LineDraft::credit(account::CASH, handover, HANDOVER)];
    let handover_entry = (handover.cents() > 0).then(|| post(HANDOVER, handover_lines)).transpose()?;
    let counts = d.counts.to_json();
    let closing = store::Closing {
        at: now,
        user_id: user,
        expected,
        counted,
        counts: &counts,
        variance_entry,
        next_float,
        handover_entry,
        comment,
        token: d.token.as_deref(),
    };
    if store::close_shift(tx, shift.id, &closing)? != 1 {
        return Err(AppError::refused("shift_already_closed", "Cette caisse est déjà fermée."));
    }
    report::print(tx, shift.id, true, user, now)?;
    let summary = format!("{} fermée : compté {counted}, attendu {expected}, écart {variance}.", till.name);
    let after = json!({"expected": expected.cents(), "counted": counted.cents(), "variance": variance.cents(),
        "next_float": next_float.cents(), "handover": handover.cents(), "comment": comment});
    audit::record(tx, actor, now, Event::new(AuditKind::ShiftClosed, "cash_shifts", shift.id, summary).after(after))?;
    Ok(shift.id)
}

const VARIANCE: &str = "Écart de caisse";
const HANDOVER: &str = "Remise des espèces (coffre / banque)";

/// What stays in the drawer for the next shift (by default the opening float, at most what was
/// counted), once the count is explained when it is off by more than the shop's threshold.
fn left_for_next(
    tx: &Transaction,
    shift: &Shift,
    d: &CloseDraft,
    counted: Money,
    variance: Money,
) -> Result<Money, AppError> {
    let mut e = FieldErrors::new();
    let next_float = d.next_float.unwrap_or_else(|| shift.opening_float.min(counted));
    if next_float.is_negative() {
        e.add("next_float", "Le fond laissé ne peut pas être négatif.");
    } else if next_float > counted {
        e.add("next_float", format!("Vous ne pouvez pas laisser plus que ce que vous avez compté ({counted})."));
    }
    let threshold = store::variance_threshold(tx)?;
    if variance.cents().abs() > threshold.cents() && d.comment.trim().is_empty() {
        e.add("comment", format!("Le comptage s'écarte de plus de {threshold} : expliquez l'écart."));
    }
    Ok(e.into_result(next_float)?)
}

/// A shortage is a loss (Dr 658 / Cr 530), an excess a gain (Dr 530 / Cr 758); none when exact.
fn variance_lines(variance: Money) -> Option<[LineDraft; 2]> {
    match variance.cents() {
        0 => None,
        ..0 => Some([
            LineDraft::debit(account::LOSSES, -variance, VARIANCE),
            LineDraft::credit(account::CASH, -variance, VARIANCE),
        ]),
        _ => Some([
            LineDraft::debit(account::CASH, variance, VARIANCE),
            LineDraft::credit(account::GAINS, variance, VARIANCE),
        ]),
    }
}

/// Carries cash handed over at closes (581) to the bank: Dr 512 / Cr 581, journal BQ. At most
/// what is in transit. Returns the entry id.
pub fn bank_transit(
    tx: &Transaction,
    actor: &Actor,
    amount: Money,
    reference: &str,
    token: Option<&str>,
    now: &str,
    day: NaiveDate,
) -> Result<Option<i64>, AppError> {
    if let Some(t) = token
        && store::transit_deposit_done(tx, t)?
    {
        return Ok(None);
    }
    let in_transit = accounting::store::net_of(tx, account::TRANSIT)?;
    let mut e = FieldErrors::new();
    if amount.cents() <= 0 {
        e.add("amount", "Le montant doit être supérieur à zéro.");
    } else if amount > in_transit {
        e.add("amount", format!("Seulement {in_transit} de remises attendent d'être versées."));
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    let label = "Versement en banque des remises";
    let mut entry = EntryDraft::new(Journal::Bank, day, format!("{label} {}", reference.trim()), "cash_transit", 0);
    entry.add(LineDraft::debit(account::BANK, amount, reference.trim()));
    entry.add(LineDraft::credit(account::TRANSIT, amount, reference.trim()));
    let id = accounting::ops::post(tx, actor, &entry, now)?;
    let key = token.map(str::to_string).unwrap_or_else(|| format!("entry-{id}"));
    let summary = format!("{label} : {amount}.");
    audit::record(tx, actor, now, Event::new(AuditKind::CashMoved, "versement_banque", key, summary))?;
    Ok(Some(id))
}

/// Every till, and the one this tablet works at: its cookie's, else the first active till.
pub fn till_here(conn: &Connection, cookie: Option<&str>) -> Result<(Vec<Till>, Till), AppError> {
    let tills = store::tills(conn)?;
    let id = till_id_of(cookie, &tills)
        .ok_or_else(|| AppError::rule("Aucune caisse active : la gérante doit en créer une."))?;
    let till = tills.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?;
    Ok((tills, till))
}

/// The drawer of the till this tablet works at, for the counter's pages (its cookie's till, else
/// the first active one).
pub fn counter(conn: &Connection, cookie: Option<&str>) -> Result<Counter, AppError> {
    let (tills, till) = till_here(conn, cookie)?;
    let shift = match store::open_shift(conn, till.id)? {
        Some(s) => Some((s.clone(), store::user_name(conn, s.opened_by)?)),
        None => None,
    };
    let movements = match &shift {
        Some((s, _)) => store::movements(conn, s.id)?,
        None => Vec::new(),
    };
    let carried = store::last_closed(conn, till.id)?.and_then(|s| s.next_float).unwrap_or(Money::ZERO);
    Ok(Counter { tills, till, shift, carried, movements })
}

/// The drawer of the till this tablet works at, for the home page: the till, and its open shift
/// with the name of who opened it.
pub fn drawer_here(conn: &Connection, cookie: Option<&str>) -> Result<(Till, Option<(Shift, String)>), AppError> {
    let (_, till) = till_here(conn, cookie)?;
    let shift = match store::open_shift(conn, till.id)? {
        Some(s) => Some((s.clone(), store::user_name(conn, s.opened_by)?)),
        None => None,
    };
    Ok((till, shift))
}
