//! Operations of the standing orders: save one, change one date, edit the B2B calendar, and
//! generate the orders of a day through `orders::create_order` (its credit limit included: an
//! order beyond it is reported as blocked, never made without the gérante). Generating is
//! idempotent: each order carries the token `abonnement-{id}-{day}`, found again the next time.

use std::collections::{BTreeSet, HashSet};
use std::sync::Mutex;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::invalid;
use crate::audit::{self, Actor, AuditKind, Event, Stamp};
use crate::auth::ops::approval::Authorised;
use crate::auth::{CurrentUser, Role};
use crate::b2b::standing::{DayChange, Generated, OnSpecial, Outcome, Standing, StandingDraft, lines_on, weekday_of};
use crate::b2b::store::{self, standing as db};
use crate::b2b::{Customer, OrderDraft};
use crate::error::AppError;
use crate::money::Qty;
use crate::state::App;

const DAY_NAMES: [&str; 7] = ["samedi", "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi"];

fn known_products(tx: &Connection, lines: impl Iterator<Item = i64>) -> Result<(), AppError> {
    for id in lines {
        match crate::catalog::store::product(tx, id)? {
            Some(p) if p.active => {}
            _ => return Err(invalid("grid", "Produit inconnu ou archivé : choisissez un produit du catalogue.")),
        }
    }
    Ok(())
}

fn check(tx: &Transaction, id: i64, d: &StandingDraft) -> Result<Customer, AppError> {
    let c = super::active(tx, d.customer_id)?;
    known_products(tx, d.normal.iter().chain(&d.alternate).map(|l| l.product_id))?;
    if let Some((from, to)) = db::overlapping(tx, c.id, d.active_from, d.active_to, id)? {
        let to = to.map(|t| format!("au {}", crate::ui::day_fr(&t))).unwrap_or_else(|| "sans fin".into());
        return Err(invalid(
            "active_from",
            format!("« {} » a déjà un abonnement sur ces dates (du {} {to}).", c.name, crate::ui::day_fr(&from)),
        ));
    }
    Ok(c)
}

/// Creates (`id` 0) or changes a standing order. Days already generated keep their orders.
pub fn save(tx: &Transaction, st: &Stamp, id: i64, d: &StandingDraft) -> Result<i64, AppError> {
    if id != 0 && db::one(tx, id)?.is_none() {
        return Err(AppError::NotFound);
    }
    let c = check(tx, id, d)?;
    let saved = db::write(tx, id, d, &st.now)?;
    let verb = if id == 0 { "créé" } else { "modifié" };
    let e = Event::new(AuditKind::B2bOrder, "b2b_standing", saved, format!("Abonnement de « {} » {verb}.", c.name))
        .after(json!(d));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(saved)
}

fn token(s: &Standing, day: NaiveDate) -> String {
    format!("abonnement-{}-{day}", s.id)
}

/// Changes one date of a standing order (other quantities; none: nothing that day); the template
/// stays. Refused once the cut-off has passed (`now` is the shop's local time) or once that
/// day's order is generated.
pub fn change_day(tx: &Transaction, st: &Stamp, now: NaiveDateTime, id: i64, ch: &DayChange) -> Result<(), AppError> {
    let s = db::one(tx, id)?.ok_or(AppError::NotFound)?;
    let day_fr = ch.day.format("%d/%m/%Y");
    if !s.runs_on(ch.day) {
        return Err(invalid("day", format!("L'abonnement ne court pas le {day_fr}.")));
    }
    if now >= s.deadline(ch.day) {
        let cutoff = s.cutoff.format("%H:%M");
        return Err(invalid(
            "day",
            format!("Heure limite passée pour le {day_fr} : les changements se font avant {cutoff} la veille."),
        ));
    }
    if let Some(o) =
        store::orders::by_token(tx, &token(&s, ch.day))?.and_then(|o| store::orders::order(tx, o).transpose())
    {
        let o = o?;
        return Err(invalid(
            "day",
            format!("La commande {} du {day_fr} est déjà générée : changez-la dans Commandes pro.", o.number),
        ));
    }
    known_products(tx, ch.lines.iter().map(|l| l.0))?;
    db::set_day(tx, id, ch.day, &ch.lines, st.actor.user_id, &st.now)?;
    let what =
        if ch.lines.is_empty() { "rien ce jour-là".to_string() } else { format!("{} produit(s)", ch.lines.len()) };
    let e = Event::new(
        AuditKind::B2bOrder,
        "b2b_standing",
        id,
        format!("Abonnement de « {} », le {day_fr} seulement : {what}.", s.customer),
    )
    .after(
        json!({"day": ch.day.to_string(), "lines": ch.lines.iter().map(|(p, q)| (p, q.milli())).collect::<Vec<_>>()}),
    );
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}

/// Adds a period to the B2B calendar (closed days, or special days such as Ramadan).
pub fn add_period(
    tx: &Transaction,
    st: &Stamp,
    first: NaiveDate,
    last: NaiveDate,
    closed: bool,
    name: &str,
) -> Result<i64, AppError> {
    crate::text::check_all(&[("name", name, crate::text::Text::Name)])?;
    if last < first {
        return Err(invalid("last_day", "La fin vient avant le début."));
    }
    let id = db::insert_period(tx, first, last, closed, name.trim())?;
    let kind = if closed { "fermé" } else { "jours spéciaux" };
    let summary = format!(
        "Calendrier pro : « {} » ({kind}) du {} au {}.",
        name.trim(),
        first.format("%d/%m/%Y"),
        last.format("%d/%m/%Y")
    );
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::B2bOrder, "b2b_calendar", id, summary))?;
    Ok(id)
}

pub fn delete_period(tx: &Transaction, st: &Stamp, id: i64) -> Result<(), AppError> {
    let p = db::period(tx, id)?.ok_or(AppError::NotFound)?;
    db::delete_period(tx, id)?;
    let summary = format!("Calendrier pro : « {} » retiré.", p.name);
    audit::record(tx, &st.actor, &st.now, Event::new(AuditKind::B2bOrder, "b2b_calendar", id, summary))?;
    Ok(())
}

/// What kind of day it is for the standing orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    Closed(String),
    Special(String),
    Ordinary,
}

pub fn day_kind(c: &Connection, day: NaiveDate) -> Result<DayKind, AppError> {
    let periods = db::periods(c, day, day)?;
    if let Some(p) = periods.iter().find(|p| p.closed) {
        return Ok(DayKind::Closed(p.name.clone()));
    }
    if let Some(p) = periods.first() {
        return Ok(DayKind::Special(p.name.clone()));
    }
    let holidays = crate::people::store::calendar::holidays_between(c, day, day)?;
    Ok(holidays.into_iter().next().map(|h| DayKind::Special(h.name)).unwrap_or(DayKind::Ordinary))
}

/// The lines a standing order asks for on `day`, or why none.
pub fn lines_for(
    c: &Connection,
    s: &Standing,
    day: NaiveDate,
    kind: &DayKind,
) -> Result<Result<Vec<(i64, Qty)>, String>, AppError> {
    let wd = weekday_of(day);
    let lines = match (db::day_change(c, s.id, day)?, kind) {
        (_, DayKind::Closed(name)) => return Ok(Err(format!("Fermé : {name}."))),
        (Some(lines), _) if lines.is_empty() => return Ok(Err("Annulé pour ce jour seulement.".into())),
        (Some(lines), _) => lines,
        (None, DayKind::Special(name)) if s.on_special == OnSpecial::Skip => {
            return Ok(Err(format!("{name} : rien ce jour.")));
        }
        (None, DayKind::Special(_)) if s.on_special == OnSpecial::Alternate => lines_on(&s.alternate, wd),
        (None, _) => lines_on(&s.normal, wd),
    };
    Ok(if lines.is_empty() { Err(format!("Pas de livraison le {}.", DAY_NAMES[wd])) } else { Ok(lines) })
}

/// Whoever generates, the orders are taken as by someone without the right to go beyond a credit
/// limit: such an order is reported, for the gérante to take with her PIN.
fn generator() -> CurrentUser {
    let role = Role {
        id: 0,
        code: "abonnements".into(),
        name: "Abonnements".into(),
        description: String::new(),
        is_superuser: false,
        permissions: BTreeSet::new(),
    };
    CurrentUser { id: 0, username: "abonnements".into(), display_name: "Abonnements".into(), role, csrf: String::new() }
}

fn generate_one(
    tx: &Transaction,
    st: &Stamp,
    s: &Standing,
    day: NaiveDate,
    kind: &DayKind,
) -> Result<Outcome, AppError> {
    let token = token(s, day);
    if let Some(id) = store::orders::by_token(tx, &token)? {
        return Ok(Outcome::Already(store::orders::order(tx, id)?.map(|o| o.number).unwrap_or_default()));
    }
    let lines = match lines_for(tx, s, day, kind)? {
        Ok(lines) => lines,
        Err(why) => return Ok(Outcome::Nothing(why)),
    };
    if let Some(number) = store::orders::order_of_day(tx, s.customer_id, &day.to_string())? {
        return Ok(Outcome::Already(number));
    }
    let d = OrderDraft {
        customer_id: s.customer_id,
        delivery_day: day,
        lines,
        notes: "Abonnement".into(),
        token: Some(token),
    };
    db::savepoint(tx)?;
    let made = super::orders::create_order(tx, st, (&generator(), None), &d);
    db::end_savepoint(tx, matches!(made, Ok(Authorised::Done(_))))?;
    match made {
        Ok(Authorised::Done(id)) => {
            Ok(Outcome::Made(id, store::orders::order(tx, id)?.map(|o| o.number).unwrap_or_default()))
        }
        Ok(Authorised::Denied(_)) => Ok(Outcome::Blocked("Accord refusé.".into())),
        Err(AppError::Invalid(e)) => {
            Ok(Outcome::Blocked(e.iter().map(|(_, m)| m.to_string()).collect::<Vec<_>>().join(" ")))
        }
        Err(e) => Err(e),
    }
}

/// Generates the orders of `day` from the standing orders running that day; with `due_at`, only
/// those whose cut-off has passed by then (the server's job). One line per standing order.
pub fn generate(
    tx: &Transaction,
    st: &Stamp,
    day: NaiveDate,
    due_at: Option<NaiveDateTime>,
) -> Result<Vec<Generated>, AppError> {
    let kind = day_kind(tx, day)?;
    let mut out = Vec::new();
    for s in db::all(tx)?.into_iter().filter(|s| s.runs_on(day) && due_at.is_none_or(|now| now >= s.deadline(day))) {
        let outcome = generate_one(tx, st, &s, day, &kind)?;
        out.push(Generated { standing_id: s.id, customer: s.customer, outcome });
    }
    Ok(out)
}

/// The standing orders already tried by the server's job (standing order, day): each is tried
/// once, at its cut-off; one refused stays for the gérante.
static TRIED: Mutex<Option<HashSet<(i64, NaiveDate)>>> = Mutex::new(None);

/// The server's job, every minute: tomorrow's orders of the standing orders whose cut-off passed.
pub fn job(app: &App) {
    let now = app.clock.local(app.clock.now()).naive_local();
    let day = now.date() + Duration::days(1);
    let due = app.db.read_sync(|c| {
        Ok(db::all(c)?
            .into_iter()
            .filter(|s| s.runs_on(day) && now >= s.deadline(day))
            .map(|s| s.id)
            .collect::<Vec<_>>())
    });
    let mut tried = TRIED.lock().unwrap_or_else(|p| p.into_inner());
    let tried = tried.get_or_insert_with(HashSet::new);
    if due.as_ref().is_ok_and(|ids| ids.iter().all(|id| tried.contains(&(*id, day)))) {
        return;
    }
    let st = Stamp::new(Actor::system(), &app.clock);
    match app.db.write_sync(|tx| generate(tx, &st, day, Some(now))) {
        Ok(done) => {
            let made = done.iter().filter(|g| matches!(g.outcome, Outcome::Made(..))).count();
            let blocked = done.iter().filter(|g| matches!(g.outcome, Outcome::Blocked(_))).count();
            tried.extend(done.iter().map(|g| (g.standing_id, day)));
            tracing::info!(jour = %day, commandes = made, bloquees = blocked, "abonnements pro générés");
        }
        Err(e) => tracing::error!(error = %e, "abonnements pro : génération impossible"),
    }
}
