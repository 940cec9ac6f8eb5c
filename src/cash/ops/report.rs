//! The X (mid-shift) and Z (closed) reports: one computation from the database, read from the
//! shift's tickets, refunds and movements, and one receipt layout. Also the slip of a movement.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::accounting;
use crate::cash::{Movement, MovementKind, Purpose, Shift, ShiftReport, Total, store};
use crate::error::AppError;
use crate::money::Money;
use crate::pos::store::report::{self as sales, Tally};
use crate::pos::store::{Scope, net_sales, sales_totals};
use crate::printing::{Doc, JobKind, Source};

pub fn method_label(code: &str) -> &'static str {
    crate::pos::PayMethod::label_of(code)
}

fn total(t: Tally) -> Total {
    Total { label: t.label, count: t.count, amount: t.amount }
}

pub use crate::clock::local_text as local;

/// Computes a shift's report from what is stored: X while open, Z once closed.
pub fn compute(conn: &Connection, shift_id: i64) -> Result<ShiftReport, AppError> {
    let shift = store::shift(conn, shift_id)?.ok_or(AppError::NotFound)?;
    let settings = crate::settings::store::get(conn)?;
    let tz = settings.shop_time().tz;
    let sales = sales_totals(conn, Scope::Shift(shift.id))?;
    let by_method = sales
        .by_method
        .iter()
        .map(|m| Total { label: method_label(&m.code).to_string(), count: m.tickets, amount: m.amount })
        .collect();
    let (refunds_by_method, cash_refunds) = refunds(conn, &shift)?;
    let movements = store::movements(conn, shift.id)?;
    let sum_of = |k: MovementKind| -> Money { movements.iter().filter(|m| m.kind == k.code()).map(|m| m.amount).sum() };
    let expected = store::expected(conn, shift.id)?;
    let refunds_total = refunds_by_method.iter().map(|t| t.amount).sum();
    Ok(ShiftReport {
        shop: settings.name.clone(),
        till: store::till(conn, shift.till_id)?.map(|t| t.name).unwrap_or_default(),
        opened_by: store::user_name(conn, shift.opened_by)?,
        closed_by: shift.closed_by.map(|u| store::user_name(conn, u)).transpose()?.unwrap_or_default(),
        opened_at: local(Some(&shift.opened_at), tz),
        closed_at: local(shift.closed_at.as_deref(), tz),
        tickets: sales.tickets,
        gross: sales.gross,
        discounts: sales.discount,
        sales: sales.total,
        net_sales: net_sales(&sales, refunds_total),
        by_method,
        by_category: sales::sales_by_category(conn, shift.id)?.into_iter().map(total).collect(),
        by_seller: sales::sales_by_seller(conn, shift.id)?.into_iter().map(total).collect(),
        refunds_count: refunds_by_method.iter().map(|t| t.count).sum(),
        refunds_total,
        refunds_by_method,
        pay_ins: sum_of(MovementKind::PayIn),
        pay_outs: -sum_of(MovementKind::PayOut),
        pay_outs_by_purpose: pay_outs_by_purpose(conn, &movements)?,
        deposits: -sum_of(MovementKind::BankDeposit),
        supplier_payments: -sum_of(MovementKind::SupplierPayment),
        order_cash: sum_of(MovementKind::Order),
        cash_sales: sales.cash(),
        cash_refunds,
        opening_float: shift.opening_float,
        expected: shift.expected.unwrap_or(expected),
        counted: shift.counted,
        variance: shift.variance,
        next_float: shift.next_float,
        handover: shift.counted.zip(shift.next_float).map(|(c, n)| c - n),
        shift,
    })
}

/// The shift's refunds by method (labelled), and the cash ones' total.
fn refunds(conn: &Connection, shift: &Shift) -> Result<(Vec<Total>, Money), AppError> {
    let by_code =
        sales::refunds_by_method(conn, shift.id, shift.till_id, &shift.opened_at, shift.closed_at.as_deref())?;
    let cash = by_code.iter().filter(|t| t.label == "especes").map(|t| t.amount).sum();
    let labelled =
        by_code.into_iter().map(|t| Total { label: method_label(&t.label).to_string(), ..total(t) }).collect();
    Ok((labelled, cash))
}

/// The pay-outs by purpose (owner, expense, staff advance), read from the debit lines of their
/// entries, by account; an account no purpose posts to keeps its code as label.
fn pay_outs_by_purpose(conn: &Connection, movements: &[Movement]) -> Result<Vec<Total>, AppError> {
    let mut by_account: BTreeMap<String, (i64, Money)> = BTreeMap::new();
    for m in movements.iter().filter(|m| m.kind == MovementKind::PayOut.code()) {
        let Some(entry) = m.entry_id.map(|id| accounting::store::entry(conn, id)).transpose()?.flatten() else {
            continue;
        };
        for l in entry.lines.iter().filter(|l| l.debit.cents() > 0) {
            let (count, amount) = by_account.entry(l.account.clone()).or_insert((0, Money::ZERO));
            *count += 1;
            *amount += l.debit;
        }
    }
    // A purpose's label; a document's pay-out (a bill paid from the drawer) is named by its account.
    let label = |account: &str| -> Result<String, AppError> {
        let purpose = Purpose::ALL
            .iter()
            .find(|p| p.sign() < 0 && p.kind() == MovementKind::PayOut && p.counter_account() == Some(account));
        Ok(match purpose {
            Some(p) => p.label().to_string(),
            None => accounting::store::account(conn, account)?.map_or_else(|| account.to_string(), |a| a.name),
        })
    };
    by_account.into_iter().map(|(a, (count, amount))| Ok(Total { label: label(&a)?, count, amount })).collect()
}

/// The report on the till's paper. `with_expected`: an X shows the expected cash only to the
/// gérante (the close stays blind); a Z always does.
pub fn receipt(r: &ShiftReport, with_expected: bool) -> Doc {
    let mut d = Doc::default();
    d.title(r.shop.clone()).center(r.title()).center(format!("{} — caisse n° {}", r.till, r.shift.id));
    d.text(format!("Ouverte le {} par {}", r.opened_at, r.opened_by));
    if r.is_z() {
        d.text(format!("Fermée le {} par {}", r.closed_at, r.closed_by));
    }
    d.rule();
    d.row("Tickets", r.tickets.to_string()).row("Ventes brutes", r.gross.to_string());
    d.row("Remises", r.discounts.to_string())
        .row(format!("Retours ({})", r.refunds_count), (-r.refunds_total).to_string());
    d.total("Ventes nettes", r.net_sales.to_string());
    d.rule().text("Par mode de paiement");
    for t in &r.by_method {
        d.row(&t.label, t.amount.to_string());
    }
    d.rule().text("Par catégorie");
    for t in &r.by_category {
        d.row(&t.label, t.amount.to_string());
    }
    d.rule().text("Par vendeuse");
    for t in &r.by_seller {
        d.row(format!("{} ({})", t.label, t.count), t.amount.to_string());
    }
    d.rule().row(format!("Retours ({})", r.refunds_count), r.refunds_total.to_string());
    for t in &r.refunds_by_method {
        d.row(format!("  {}", t.label), t.amount.to_string());
    }
    d.rule().text("Espèces");
    d.row("Fond de caisse", r.opening_float.to_string()).row("Ventes en espèces", r.cash_sales.to_string());
    d.row("Retours en espèces", (-r.cash_refunds).to_string()).row("Entrées", r.pay_ins.to_string());
    d.row("Sorties", (-r.pay_outs).to_string());
    for t in &r.pay_outs_by_purpose {
        d.row(format!("  {}", t.label), (-t.amount).to_string());
    }
    d.row("Dépôts en banque", (-r.deposits).to_string());
    d.row("Paiements fournisseurs", (-r.supplier_payments).to_string());
    if r.order_cash.cents() != 0 {
        d.row("Commandes (acomptes, soldes)", r.order_cash.to_string());
    }
    if r.is_z() || with_expected {
        d.total("Espèces attendues", r.expected.to_string());
    }
    if let (Some(c), Some(v), Some(n), Some(h)) = (r.counted, r.variance, r.next_float, r.handover) {
        d.total("Espèces comptées", c.to_string()).total("Écart", v.to_string());
        d.row("Fond laissé", n.to_string()).row("Remise (coffre / banque)", h.to_string());
    }
    if !r.shift.comment.is_empty() {
        d.text(format!("Commentaire : {}", r.shift.comment));
    }
    d.push(crate::printing::Block::Feed(3));
    d
}

/// The slip of a cash movement (signed by hand at the counter).
pub fn slip(till: &str, label: &str, amount: Money, by: &str, at: &str) -> Doc {
    let mut d = Doc::default();
    d.center(if amount.is_negative() { "SORTIE D'ESPÈCES" } else { "MOUVEMENT D'ESPÈCES" });
    d.text(till).text(label).total("Montant", amount.to_string());
    d.text(format!("Par {by}, {at}")).push(crate::printing::Block::Feed(1));
    d.text("Signature :").push(crate::printing::Block::Feed(3));
    d
}

/// Queues the X (open) or Z (closed) report of a shift for its till's printer. `with_expected`:
/// whether an X shows the expected cash.
pub fn print(
    tx: &rusqlite::Transaction,
    shift_id: i64,
    with_expected: bool,
    user_id: i64,
    now: &str,
) -> Result<i64, AppError> {
    let r = compute(tx, shift_id)?;
    let kind = if r.is_z() { JobKind::ZReport } else { JobKind::XReport };
    let source = Source { kind, source_type: "cash_shift", source_id: Some(shift_id) };
    crate::printing::enqueue(tx, r.shift.till_id, source, &receipt(&r, with_expected), false, Some(user_id), now)
}
