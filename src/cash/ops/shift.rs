//! Opening a shift with a counted float, and closing it blind.

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::json;

use super::{report, user_of};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::cash::{Counts, Shift, account as cash_account, store};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;

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
    crate::db::replay::claim(tx, "shift_open", d.token.as_deref(), actor.user_id, d, now)?;
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
    crate::db::replay::claim(tx, "shift_close", d.token.as_deref(), actor.user_id, &(shift_id, d), now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::shift_by_close_token(tx, t)?
    {
        return Ok(id);
    }
    crate::text::check_all(&[("comment", &d.comment, crate::text::Text::Note)])?;
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
