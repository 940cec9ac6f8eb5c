//! The cash's part of `fournil check`: account 530 is the drawers' sub-ledger, every closed shift
//! reconciles with its movements, every hand-made movement has its balanced entry. Incremental:
//! the shifts closed after the mark and the movements after it (a closed shift is frozen, the
//! movements append-only; a movement slipped into an old shift makes every shift proven again).

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::store;
use crate::accounting::{self, account};
use crate::error::AppError;
use crate::money::Money;
use crate::system::marks::{Found, Incremental, Mark, Proven, Since};

/// The drawers' rules, from the mark of the last passing check when there is one.
pub const INCREMENTAL: Incremental = Incremental {
    rule: "tiroirs",
    rules: proven,
    triggers: &[
        "cash_shifts_frozen",
        "cash_shifts_no_delete",
        "cash_movements_no_update",
        "cash_movements_no_delete",
        "cash_movements_mark_insert",
        "cash_movements_held",
    ],
};

/// The shifts before the first one still open (all closed, frozen) and the last movement.
pub fn mark(conn: &Connection) -> Result<Mark, AppError> {
    let (shifts, movements) = store::check_mark(conn)?;
    let sums = BTreeMap::from([("caisses".to_string(), (shifts, 0)), ("mouvements".to_string(), (movements, 0))]);
    Ok(Mark { upto: movements, day: String::new(), sums })
}

/// The rules, and the mark of what they just read.
fn proven(conn: &Connection, since: Option<Since>) -> Proven {
    Ok((findings(conn, since)?, mark(conn)?))
}

pub fn findings(conn: &Connection, since: Option<Since>) -> Found {
    let after = |key: &str| since.and_then(|s| s.mark.sums.get(key)).map(|(id, _)| *id).unwrap_or(0);
    let shifts_after = if since.is_some_and(|s| s.dirty.is_empty()) { after("caisses") } else { 0 };
    // 530 = Σ over tills of (open shift ? expected : float left by the last closed shift).
    let mut drawers = Money::ZERO;
    for till in store::tills(conn)? {
        drawers += match store::open_shift(conn, till.id)? {
            Some(s) => store::expected(conn, s.id)?,
            None => store::last_closed(conn, till.id)?.and_then(|s| s.next_float).unwrap_or(Money::ZERO),
        };
    }
    let ledger = accounting::store::net_of(conn, account::CASH)?;
    let mut sub_ledger = Vec::new();
    if ledger != drawers {
        sub_ledger.push(format!("compte 530 : {ledger}, tiroirs : {drawers}"));
    }

    let mut shifts: Vec<String> = store::held_mismatches(conn, shifts_after)?
        .into_iter()
        .map(|(id, held, sum)| format!("caisse n° {id} : tenu {held}, somme des mouvements {sum}"))
        .collect();
    for s in store::closed_shifts_after(conn, shifts_after)? {
        let derived = store::expected(conn, s.id)?;
        if s.expected != Some(derived) {
            shifts.push(format!("caisse n° {} : attendu enregistré {:?}, mouvements {derived}", s.id, s.expected));
        }
        if let (Some(c), Some(e), Some(v)) = (s.counted, s.expected, s.variance)
            && v != c - e
        {
            shifts.push(format!("caisse n° {} : écart {v} ≠ compté {c} − attendu {e}", s.id));
        }
    }

    let entries = movement_entries(conn, after("mouvements"))?;

    Ok(vec![
        ("Compte 530 = espèces des tiroirs", sub_ledger),
        ("Caisses : tenu = Σ mouvements ; fermées : attendu = fond + mouvements, écart = compté − attendu", shifts),
        ("Mouvements de caisse : chacun son écriture équilibrée", entries),
    ])
}

/// Every hand-made movement (tickets and refunds are the till's) has its balanced entry moving
/// exactly its amount on 530. Read a thousand at a time: five years of movements never sit in
/// memory together.
fn movement_entries(conn: &Connection, mut after: i64) -> Result<Vec<String>, AppError> {
    let mut found = Vec::new();
    loop {
        let page = store::money_movements_after(conn, after, 1000)?;
        let Some(last) = page.last() else { return Ok(found) };
        after = last.id;
        for m in page {
            let Some(entry_id) = m.entry_id else {
                found.push(format!("mouvement n° {} ({}, {}) sans écriture", m.id, m.kind, m.amount));
                continue;
            };
            let Some(e) = accounting::store::entry(conn, entry_id)? else {
                found.push(format!("mouvement n° {} : écriture {entry_id} introuvable", m.id));
                continue;
            };
            let (debit, credit): (Money, Money) =
                (e.lines.iter().map(|l| l.debit).sum(), e.lines.iter().map(|l| l.credit).sum());
            let cash: Money = e.lines.iter().filter(|l| l.account == account::CASH).map(|l| l.debit - l.credit).sum();
            if debit != credit {
                found.push(format!("mouvement n° {} : écriture {} déséquilibrée", m.id, e.number));
            } else if cash != m.amount {
                found.push(format!("mouvement n° {} ({}) : {cash} au 530 dans {}", m.id, m.amount, e.number));
            }
        }
    }
}
