//! The ledgers' part of `fournil check`: the stock ledger agrees with itself and with the books.
//! Incremental: the balances are the mark's proven totals plus the moves after it (the moves are
//! append-only: `stock_moves_no_update` and `stock_moves_no_delete` abort any change).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use super::store;
use crate::accounting::{self, stock_account};
use crate::catalog::Kind;
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::system::marks::{Found, Incremental, Mark, Proven, Since};

type Row = (i64, i64, Qty, Money);

/// The stock's rules, from the mark of the last passing check when there is one.
pub const INCREMENTAL: Incremental = Incremental {
    rule: "stock",
    rules: proven,
    triggers: &["stock_moves_no_update", "stock_moves_no_delete", "stock_moves_mark_insert"],
};

/// The rules, and the mark of what they just read.
fn proven(conn: &Connection, since: Option<Since>) -> Proven {
    Ok((findings(conn, since)?, mark(conn)?))
}

pub fn findings(conn: &Connection, since: Option<Since>) -> Found {
    let balances = store::all_balances(conn)?;
    // A move slipped in behind the mark (never by the app): every move is summed again.
    let replayed = match since {
        Some(s) if s.dirty.is_empty() => replayed_since(conn, s.mark)?,
        _ => store::replayed_balances(conn)?,
    };
    Ok(vec![
        ("Stock : soldes = somme des mouvements", drift(&balances, &replayed)),
        ("Stock : ni quantité ni valeur négative, pas de valeur sans quantité", impossible(&balances)),
        ("Stock : chaque lieu valorisé au PMP du produit", off_pmp(&balances)),
        ("Comptes de stock = valeur du stock (inventaire permanent)", stock_accounts(conn)?),
        (
            "Inventaires : écarts validés = mouvements passés, rien pour les autres",
            super::counts::store::count_drift(conn)?,
        ),
        (
            "Inventaires : chaque valeur saisie est celle du surplus passé",
            super::counts::store::typed_values_off(conn)?,
        ),
    ])
}

/// The mark's totals per (product, location) plus the moves after it, zero sums left out.
fn replayed_since(conn: &Connection, mark: &Mark) -> Result<Vec<Row>, AppError> {
    let mut sums: BTreeMap<(i64, i64), (i64, i64)> = BTreeMap::new();
    for (key, (q, v)) in &mark.sums {
        let Some((p, l)) = key.split_once(':').and_then(|(p, l)| Some((p.parse().ok()?, l.parse().ok()?))) else {
            return Err(AppError::Internal(anyhow::anyhow!("repère du stock illisible : {key}")));
        };
        sums.insert((p, l), (*q, *v));
    }
    for (p, l, q, v) in store::moves_after(conn, mark.upto)? {
        let s = sums.entry((p, l)).or_insert((0, 0));
        *s = (s.0 + q.milli(), s.1 + v.cents());
    }
    Ok(sums
        .into_iter()
        .filter(|(_, (q, v))| *q != 0 || *v != 0)
        .map(|((p, l), (q, v))| (p, l, Qty::from_milli(q), Money::from_cents(v)))
        .collect())
}

/// What the balances just proven make: the last move and each balance's totals.
pub fn mark(conn: &Connection) -> Result<Mark, AppError> {
    let sums = store::all_balances(conn)?
        .into_iter()
        .filter(|(_, _, q, v)| !q.is_zero() || v.cents() != 0)
        .map(|(p, l, q, v)| (format!("{p}:{l}"), (q.milli(), v.cents())))
        .collect();
    Ok(Mark { upto: store::last_move(conn)?, day: String::new(), sums })
}

/// Balances that differ from the sum of their moves.
fn drift(balances: &[Row], replayed: &[Row]) -> Vec<String> {
    let stored: BTreeMap<(i64, i64), _> = balances
        .iter()
        .filter(|(_, _, q, v)| !q.is_zero() || v.cents() != 0)
        .map(|(p, l, q, v)| ((*p, *l), (*q, *v)))
        .collect();
    let moved: BTreeMap<(i64, i64), _> = replayed.iter().map(|(p, l, q, v)| ((*p, *l), (*q, *v))).collect();
    let keys: BTreeSet<&(i64, i64)> = stored.keys().chain(moved.keys()).collect();
    keys.into_iter()
        .filter(|key| stored.get(key) != moved.get(key))
        .map(|key| {
            format!("produit {} lieu {} : solde {:?}, mouvements {:?}", key.0, key.1, stored.get(key), moved.get(key))
        })
        .collect()
}

/// A negative quantity or value, or value without quantity.
fn impossible(balances: &[Row]) -> Vec<String> {
    balances
        .iter()
        .filter(|(_, _, q, v)| q.milli() < 0 || v.is_negative() || (q.is_zero() && v.cents() != 0))
        .map(|(p, l, q, v)| format!("produit {p} lieu {l} : {q} pour {v}"))
        .collect()
}

/// Every place holds its share at the PMP (to the rounding of its issues: within 1 DA).
fn off_pmp(balances: &[Row]) -> Vec<String> {
    let mut totals: BTreeMap<i64, (Qty, Money)> = BTreeMap::new();
    for (p, _, q, v) in balances {
        let t = totals.entry(*p).or_insert((Qty::ZERO, Money::ZERO));
        *t = (t.0 + *q, t.1 + *v);
    }
    let mut out = Vec::new();
    for (p, l, q, v) in balances {
        let (tq, tv) = totals[p];
        let fair = super::share(tv, *q, tq);
        if (*v - fair).cents().abs() > 100 {
            out.push(format!("produit {p} lieu {l} : {v} au lieu de {fair} au PMP"));
        }
    }
    out
}

/// Each stock account's balance in the books equals the ledger's value of the kinds it holds.
fn stock_accounts(conn: &Connection) -> Result<Vec<String>, AppError> {
    let by_kind: BTreeMap<String, Money> = store::value_by_kind(conn)?.into_iter().collect();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for kind in Kind::ALL {
        let acct = stock_account(*kind);
        if !seen.insert(acct) {
            continue;
        }
        let ledger: Money = Kind::ALL
            .iter()
            .filter(|k| stock_account(**k) == acct)
            .filter_map(|k| by_kind.get(k.code()).copied())
            .sum();
        let books = accounting::store::net_of(conn, acct)?;
        if ledger != books {
            out.push(format!("compte {acct} : {books} en comptabilité, {ledger} en stock"));
        }
    }
    Ok(out)
}
