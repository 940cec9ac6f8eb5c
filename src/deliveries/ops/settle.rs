//! Settling a run at the till, like a cash shift: each stop delivered (the order handed over by
//! the orders domain, its balance paid in cash into this shift), not delivered (its goods back,
//! the order waits for another run) or refused (its goods back, the order cancelled: what was paid
//! kept as the customer's credit). The cash handed in is counted against what he had to bring;
//! one entry posts the fees that are the shop's (706), a platform's commission (622) and the
//! difference: his receivable (467…) or, approved by the gérante, a loss (658).

use rusqlite::Transaction;
use serde_json::json;

use super::runs::{move_goods, run_full};
use super::{invalid, out_place};
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::auth::ops::approval::{self, Approval, Authorised, Need};
use crate::auth::{CurrentUser, Permission};
use crate::cash::{self, MovementKind, Shift, Till};
use crate::deliveries::store::{self, RunEnd, StopEnd};
use crate::deliveries::{Goods, Outcome, RunFull, RunStatus, SettleDraft, Stop, brought, kept};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::orders::{self, CancelDraft, HandOverDraft, Method, PaymentDraft, Refund};
use crate::stock::MoveCtx;
use crate::tax::ops::tva;

/// A stop as it will be settled.
struct Plan<'a> {
    stop: &'a Stop,
    outcome: Outcome,
    goods: Option<Goods>,
    fee_kept: Money,
    commission: Money,
}

impl Plan<'_> {
    /// What this stop brings back into the drawer.
    fn brought(&self) -> Money {
        match self.outcome {
            Outcome::Delivered => brought(self.stop.balance, self.stop.fee, self.fee_kept, self.commission),
            _ => Money::ZERO,
        }
    }
}

/// Each stop with its outcome (every stop needs one; a stop of another run is refused).
fn plan<'a>(r: &'a RunFull, d: &SettleDraft) -> Result<Vec<Plan<'a>>, AppError> {
    let mut e = FieldErrors::new();
    for s in &d.stops {
        if !r.stops.iter().any(|x| x.id == s.stop_id) {
            e.add("stops", format!("L'arrêt n° {} n'est pas de cette tournée.", s.stop_id));
        }
    }
    let mut out = Vec::new();
    for stop in &r.stops {
        let Some(s) = d.stops.iter().find(|s| s.stop_id == stop.id) else {
            e.add(&format!("stops.{}", stop.id), format!("Dites si la commande {} a été livrée.", stop.number));
            continue;
        };
        let (fee_kept, commission) = match s.outcome {
            Outcome::Delivered => kept(stop.fee, r.run.fee_to_shop, r.run.commission_pct, stop.total),
            _ => (Money::ZERO, Money::ZERO),
        };
        out.push(Plan { stop, outcome: s.outcome, goods: s.goods, fee_kept, commission });
    }
    e.into_result(out).map_err(AppError::Invalid)
}

/// Where a stop is settled: the till taking the cash, the stock moves' context.
struct At<'a> {
    till: &'a Till,
    ctx: &'a MoveCtx,
}

/// One stop settled: the order handed over from "En livraison", or its goods back (and, refused,
/// the order cancelled, what was paid kept as the customer's credit).
fn settle_stop(tx: &Transaction, st: &Stamp, p: &Plan, at: &At) -> Result<(), AppError> {
    let id = p.stop.order_id;
    match p.outcome {
        Outcome::Delivered => {
            let payment = (p.stop.balance.cents() > 0).then(|| PaymentDraft {
                method: Method::Cash,
                amount: p.stop.balance,
                tendered: None,
                reference: String::new(),
                token: None,
            });
            let d = HandOverDraft { till_id: at.till.id, payment, token: None };
            orders::ops::hand_over_from(tx, st, id, &d, Some(out_place(tx)?))?;
        }
        Outcome::NotDelivered | Outcome::Refused => {
            let f = orders::ops::full(tx, id)?;
            move_goods(tx, at.ctx, &f, false)?;
            if p.outcome == Outcome::Refused {
                let d = CancelDraft {
                    reason: format!("Refusée à la livraison (tournée n° {})", at.ctx.source_id),
                    refund: (f.order.paid.cents() > 0).then_some(Refund::Credit),
                    goods: Some(match p.goods {
                        Some(Goods::Waste) => orders::Goods::Waste,
                        _ => orders::Goods::Counter,
                    }),
                    till_id: at.till.id,
                    token: None,
                };
                orders::ops::cancel(tx, st, id, &d)?;
            }
        }
    }
    let end = StopEnd {
        outcome: p.outcome,
        goods: p.goods.filter(|_| p.outcome == Outcome::Refused).map(Goods::code),
        balance: p.stop.balance,
        fee_kept: p.fee_kept,
        commission: p.commission,
    };
    store::settle_stop(tx, p.stop.id, &end)?;
    Ok(())
}

/// The fees of the stops delivered that are the shop's.
fn shop_fees(plans: &[Plan]) -> Money {
    plans.iter().filter(|p| p.outcome == Outcome::Delivered).map(|p| p.stop.fee - p.fee_kept).sum()
}

/// The run's entry: the shop's fees (`fee_lines`: Cr 706, and under réel its TVA to 4457), a platform's commission (Dr 622), the difference
/// (his 467… or, written off, 658), the drawer (530) for the net. None when nothing moves.
fn entry(
    r: &RunFull,
    plans: &[Plan],
    fee_lines: Vec<LineDraft>,
    (diff, write_off): (Money, bool),
    day: chrono::NaiveDate,
) -> Option<EntryDraft> {
    let fees = shop_fees(plans);
    let commission: Money = plans.iter().map(|p| p.commission).sum();
    let label = format!("Tournée n° {} — {}", r.run.id, r.man.name);
    let mut e = EntryDraft::new(Journal::Cash, day, format!("Règlement de la {label}"), "delivery_run", r.run.id);
    for line in fee_lines {
        e.add(line);
    }
    e.add(LineDraft::debit(account::COMMISSIONS, commission, "Commission de la plateforme"));
    let other = if write_off { account::LOSSES } else { r.man.account.as_str() };
    if diff.is_negative() {
        e.add(LineDraft::debit(other, -diff, "Manquant du livreur"));
    } else {
        e.add(LineDraft::credit(&r.man.account, diff, "Excédent du livreur"));
    }
    let net = fees - commission + diff;
    if net.is_negative() {
        e.add(LineDraft::credit(account::CASH, -net, &label));
    } else {
        e.add(LineDraft::debit(account::CASH, net, &label));
    }
    (e.lines.len() >= 2).then_some(e)
}

/// Who approves a shortage taken as a loss: the gérante (or whoever may manage deliveries),
/// with her PIN when the one settling may not.
fn approve(
    tx: &Transaction,
    st: &Stamp,
    who: &CurrentUser,
    ask: Option<&Approval>,
) -> Result<Result<Option<i64>, approval::Denial>, AppError> {
    let refused = || {
        invalid(
            "write_off",
            "Passer un manquant en perte demande l'accord de la gérante : choisissez-la et tapez son code.",
        )
    };
    let need = Need::Permission(Permission::DeliveriesManage);
    Ok(approval::authorise(tx, st, who, need, ask, refused)?.map(|a| a.map(|a| a.id).or(Some(who.id))))
}

/// The settlement's slip: what was expected, counted, and the difference.
fn slip(r: &RunFull, expected: Money, counted: Money, write_off: bool) -> crate::printing::Doc {
    let mut d = crate::printing::Doc::default();
    d.title(format!("RÈGLEMENT TOURNÉE N° {}", r.run.id));
    d.text(format!("Livreur : {}", r.man.name));
    for s in &r.stops {
        let what = s.outcome.map(Outcome::label).unwrap_or("");
        d.row(format!("{}. {}", s.position, s.number), what);
    }
    d.rule();
    d.row("Attendu", expected.to_string()).row("Remis", counted.to_string());
    let diff = counted - expected;
    let label = match (diff.is_negative(), write_off) {
        (true, true) => "Manquant (perte)",
        (true, false) => "Manquant (dû par le livreur)",
        _ => "Écart",
    };
    d.total(label, diff.to_string());
    d.text("Signature du livreur :");
    d.push(crate::printing::Block::Feed(3));
    d
}

/// Settles a run at the till: every stop's outcome, the cash counted. Refused (nothing saved)
/// when the run is settled already, a stop lacks its outcome, or no shift is open; a shortage
/// written off needs the approval of someone who may manage deliveries (a wrong PIN is counted:
/// `Denied`, nothing else done). A replayed token answers the first settlement.
pub fn settle(
    tx: &Transaction,
    st: &Stamp,
    (who, ask): (&CurrentUser, Option<&Approval>),
    run_id: i64,
    d: &SettleDraft,
) -> Result<Authorised<()>, AppError> {
    crate::db::replay::claim(tx, "delivery_settle", d.token.as_deref(), st.actor.user_id, &(run_id, d), &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::run_by_settle_token(tx, t)?
    {
        return if id == run_id {
            Ok(Authorised::Done(()))
        } else {
            Err(AppError::refused("token_reused", "Ce formulaire a déjà servi."))
        };
    }
    let r = run_full(tx, run_id)?;
    if r.run.status != RunStatus::Out {
        return Err(AppError::refused("already_settled", format!("La tournée n° {run_id} est déjà réglée.")));
    }
    let plans = plan(&r, d)?;
    let expected: Money = plans.iter().map(Plan::brought).sum();
    let diff = d.counted - expected;
    let write_off = d.write_off && diff.is_negative();
    let approved_by = if write_off {
        match approve(tx, st, who, ask)? {
            Ok(by) => by,
            Err(denial) => return Ok(Authorised::Denied(denial)),
        }
    } else {
        None
    };
    let till = orders::ops::till(tx, d.till_id)?;
    let shift = cash::ops::require_open(tx, till.id)?;
    let ctx = MoveCtx {
        at: st.now.clone(),
        day: st.day,
        user_id: st.actor.user_id,
        source_type: "delivery_run",
        source_id: run_id,
        note: format!("Tournée n° {run_id} — retour"),
    };
    for p in &plans {
        settle_stop(tx, st, p, &At { till: &till, ctx: &ctx })?;
    }
    let entry_id = post(tx, st, &r, &plans, (diff, write_off), &shift)?;
    let day = st.day.to_string();
    let end = RunEnd {
        now: &st.now,
        day: &day,
        user_id: st.actor.user_id,
        shift_id: shift.id,
        expected,
        counted: d.counted,
        written_off: write_off,
        approved_by,
        entry_id,
        token: d.token.as_deref(),
    };
    if store::settle_run(tx, run_id, &end)? == 0 {
        return Err(AppError::refused("already_settled", format!("La tournée n° {run_id} est déjà réglée.")));
    }
    finish(tx, st, &till, run_id, (expected, d.counted, write_off), approved_by)?;
    Ok(Authorised::Done(()))
}

/// The run's entry and the drawer's movement for its net. Returns the entry id.
fn post(
    tx: &Transaction,
    st: &Stamp,
    r: &RunFull,
    plans: &[Plan],
    (diff, write_off): (Money, bool),
    shift: &Shift,
) -> Result<Option<i64>, AppError> {
    // A delivery fee is a service: under réel, TVA at the normal rate (tax::ops::tva).
    let src = tva::Source { kind: "delivery_run", id: r.run.id, day: st.day };
    let fees = tva::service_lines(tx, src, st.day, (account::DELIVERY_FEES, shop_fees(plans)), "Frais de livraison")?;
    let Some(e) = entry(r, plans, fees, (diff, write_off), st.day) else { return Ok(None) };
    let net: Money = e.lines.iter().filter(|l| l.account == account::CASH).map(|l| l.debit - l.credit).sum();
    let entry_id = accounting::ops::post(tx, &st.actor, &e, &st.now)?;
    if net.cents() != 0 {
        let reason = format!("Règlement de la tournée n° {} — {}", r.run.id, r.man.name);
        let source = ("delivery_run", r.run.id);
        cash::ops::record_document(
            tx,
            &st.actor,
            shift,
            MovementKind::Order,
            net,
            &reason,
            source,
            entry_id,
            &st.now,
            st.day,
        )?;
    }
    Ok(Some(entry_id))
}

/// After the money: the slip at the till (the drawer opens for the cash handed in) and the audit.
fn finish(
    tx: &Transaction,
    st: &Stamp,
    till: &Till,
    run_id: i64,
    (expected, counted, write_off): (Money, Money, bool),
    approved_by: Option<i64>,
) -> Result<(), AppError> {
    let r = run_full(tx, run_id)?;
    if till.printer_driver != "aucun" {
        let source = crate::printing::Source {
            kind: crate::printing::JobKind::Ticket,
            source_type: "delivery_run",
            source_id: Some(run_id),
        };
        let doc = slip(&r, expected, counted, write_off);
        crate::printing::enqueue(
            tx,
            till.id,
            source,
            &doc,
            counted.cents() > 0 && till.drawer,
            st.actor.user_id,
            &st.now,
        )?;
    }
    let e = Event::new(
        AuditKind::DeliverySettled,
        "delivery_runs",
        run_id,
        format!("Tournée n° {run_id} de {} réglée : attendu {expected}, remis {counted}.", r.man.name),
    )
    .after(json!({"expected": expected.cents(), "counted": counted.cents(), "written_off": write_off, "approved_by": approved_by}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(())
}
