//! What business customers pay: a cheque, a transfer or a bill of exchange to the bank (Dr 512,
//! with its reference), or cash into the drawer of the till's open shift (Dr 530, through the
//! cash domain's movement, as deliveries' debts and orders' deposits do) · Cr 411-customer;
//! allocated to one or many of its open invoices, the oldest due first, partly or wholly. Never
//! above what the chosen invoices still carry. The droit de timbre (Code du timbre art. 100,
//! dated brackets in `tax`) is due on a payment in cash only, on the amount paid: the customer
//! hands it on top, it goes to 44575. It is not on the invoice, issued before anyone knows how
//! it will be paid (a "comptant" invoice paid by cheque owes none).

use rusqlite::Transaction;
use serde_json::json;

use super::invalid;
use crate::accounting::{self, EntryDraft, Journal, LineDraft, account};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::b2b::store::{self, payments::NewPayment};
use crate::b2b::{Customer, Invoice, InvoiceKind, PayMode, PaymentDraft};
use crate::cash::{self, MovementKind};
use crate::error::AppError;
use crate::money::Money;

/// The invoices a payment pays, oldest due first: those ticked, else all open ones.
pub fn open_invoices(tx: &rusqlite::Connection, c: &Customer, ticked: &[i64]) -> Result<Vec<Invoice>, AppError> {
    let mut open: Vec<Invoice> = store::invoices::invoices(tx, Some(c.id))?
        .into_iter()
        .filter(|i| i.kind == InvoiceKind::Facture && i.open.cents() > 0)
        .filter(|i| ticked.is_empty() || ticked.contains(&i.id))
        .collect();
    open.sort_by(|a, b| (&a.due_day, a.id).cmp(&(&b.due_day, b.id)));
    Ok(open)
}

fn check(tx: &Transaction, c: &Customer, d: &PaymentDraft) -> Result<Vec<Invoice>, AppError> {
    crate::text::check_all(&[("reference", &d.reference, crate::text::Text::Reference)])?;
    if d.amount.cents() <= 0 {
        return Err(invalid("amount", "Le montant doit être supérieur à zéro."));
    }
    if matches!(d.mode, PayMode::Cheque | PayMode::Virement | PayMode::Traite) && d.reference.trim().is_empty() {
        return Err(invalid("reference", "Indiquez le numéro du chèque, du virement ou de la traite."));
    }
    let open = open_invoices(tx, c, &d.invoices)?;
    let total: Money = open.iter().map(|i| i.open).sum();
    if open.is_empty() {
        return Err(invalid("amount", format!("« {} » n'a aucune facture à payer.", c.name)));
    }
    if d.amount > total {
        return Err(invalid(
            "amount",
            format!("Le paiement ({}) dépasse ce qui reste à payer sur les factures choisies ({total}).", d.amount),
        ));
    }
    Ok(open)
}

/// Records a payment and allocates it. Refused (nothing saved) at or below zero, above what is
/// open, without its reference; cash without an open shift. A replayed token answers the first.
pub fn pay(tx: &Transaction, st: &Stamp, d: &PaymentDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "b2b_payment", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::payments::by_token(tx, t)?
    {
        return Ok(id);
    }
    let c = store::customer(tx, d.customer_id)?.ok_or_else(|| invalid("customer_id", "Client pro inconnu."))?;
    let open = check(tx, &c, d)?;
    let id = store::payments::next_id(tx)?;
    let label = format!("Paiement de « {} » ({})", c.name, d.mode.label().to_lowercase());
    let (journal, to) =
        if d.mode == PayMode::Especes { (Journal::Cash, account::CASH) } else { (Journal::Bank, account::BANK) };
    let duty = if d.mode == PayMode::Especes { crate::tax::stamp_duty(tx, st.day, d.amount)? } else { Money::ZERO };
    let mut e = EntryDraft::new(journal, st.day, label.clone(), "b2b_payment", id);
    e.add(LineDraft::debit(to, d.amount + duty, &label));
    e.add(LineDraft::credit(&c.account, d.amount, &label));
    e.add(LineDraft::credit(crate::tax::STAMP_DUTY, duty, "Droit de timbre"));
    let shift = match d.mode {
        PayMode::Especes => Some(cash::ops::require_open(tx, crate::orders::ops::till(tx, d.till_id)?.id)?),
        _ => None,
    };
    let entry_id = accounting::ops::post(tx, &st.actor, &e, &st.now)?;
    let new = NewPayment {
        id,
        customer_id: c.id,
        day: &st.day.to_string(),
        mode: d.mode.code(),
        amount: d.amount,
        stamp_duty: duty,
        reference: d.reference.trim(),
        shift_id: shift.as_ref().map(|s| s.id),
        entry_id,
        token: d.token.as_deref(),
        user_id: st.actor.user_id,
        now: &st.now,
    };
    store::payments::insert(tx, &new)?;
    crate::kpi::ops::record_b2b_payment(tx, id)?;
    if let Some(shift) = &shift {
        let src = ("b2b_payment", id);
        cash::ops::record_document(
            tx,
            &st.actor,
            shift,
            MovementKind::Order,
            d.amount + duty,
            &label,
            src,
            entry_id,
            &st.now,
            st.day,
        )?;
    }
    let mut left = d.amount;
    let mut paid = Vec::new();
    for inv in &open {
        if left.cents() <= 0 {
            break;
        }
        let part = if inv.open < left { inv.open } else { left };
        store::payments::allocate(tx, id, inv.id, part)?;
        paid.push(json!([inv.number, part.cents()]));
        left -= part;
    }
    let ev = Event::new(AuditKind::B2bPayment, "b2b_payments", id, format!("{label} : {}.", d.amount)).after(
        json!({"amount": d.amount.cents(), "stamp_duty": duty.cents(), "invoices": paid, "reference": d.reference}),
    );
    audit::record(tx, &st.actor, &st.now, ev)?;
    Ok(id)
}

/// A customer's open invoices on the dunning page: its name and id, each open invoice with its
/// days past due (negative: not due yet), oldest first, and what it owes by age — not yet due,
/// 0–30, 31–60, 61–90, more than 90 days past due.
pub struct Dunning {
    pub customer_id: i64,
    pub customer: String,
    pub invoices: Vec<(Invoice, i64)>,
    pub ageing: [Money; 5],
}

/// The column of the ageing an amount `late` days past due falls in: not yet due, 1–30, 31–60,
/// 61–90, more than 90 days.
pub fn age_bucket(late: i64) -> usize {
    match late {
        ..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    }
}

/// Every customer with an open invoice, the one with the oldest overdue first.
pub fn dunning(conn: &rusqlite::Connection, today: chrono::NaiveDate) -> Result<Vec<Dunning>, AppError> {
    let mut by: std::collections::BTreeMap<i64, Dunning> = Default::default();
    for inv in store::invoices::invoices(conn, None)? {
        if inv.kind != InvoiceKind::Facture || inv.open.cents() <= 0 {
            continue;
        }
        let due = chrono::NaiveDate::parse_from_str(&inv.due_day, "%Y-%m-%d").unwrap_or(today);
        let late = (today - due).num_days();
        let bucket = age_bucket(late);
        let d = by.entry(inv.customer_id).or_insert_with(|| Dunning {
            customer_id: inv.customer_id,
            customer: inv.customer.clone(),
            invoices: Vec::new(),
            ageing: [Money::ZERO; 5],
        });
        d.ageing[bucket] += inv.open;
        d.invoices.push((inv, late));
    }
    let mut out: Vec<Dunning> = by.into_values().collect();
    for d in &mut out {
        d.invoices.sort_by_key(|(i, late)| (-late, i.id));
    }
    out.sort_by_key(|d| (-d.invoices.first().map_or(0, |(_, l)| *l), d.customer_id));
    Ok(out)
}
