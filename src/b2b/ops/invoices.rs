//! Invoices (`FAC-2026-00001`), proformas (`PRO-…`) and credit notes (`AVF-…`), each series
//! gapless per year. An invoice bills one customer's delivered notes not yet invoiced (ticked,
//! or those of a period: "facturer la semaine" in one action), a section per note, the delivered
//! quantities (shorts and returns left out) at the price HT in force on the delivery day. It is
//! posted in the same transaction (Dr 411-customer TTC · Cr 70x HT · Cr 4457 TVA per rate under
//! réel, its `tva_lines` kept like a ticket's) and never edited (triggers): a correction is a
//! credit note against it, never beyond what it still carries. A proforma posts nothing and
//! invoices no note. The droit de timbre is not on the invoice: it is due on a payment in cash
//! (see `payments.rs`), which the invoice cannot know when it is issued.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::invalid;
use crate::accounting::{self, EntryDraft, Journal, LineDraft};
use crate::audit::{self, AuditKind, Event, Stamp};
use crate::b2b::store::{self, invoices::NewInvoice, orders::NoteHead};
use crate::b2b::{
    CreditDraft, CreditLineDraft, Customer, Goods, Invoice, InvoiceDraft, InvoiceKind, InvoiceLine, NoteLine,
};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::tax::{self, Regime};

/// The notes to bill: those ticked, else those delivered in the period, else all not invoiced;
/// each checked: this customer's, delivered (its return recorded), not invoiced yet.
fn pick_notes(tx: &Transaction, c: &Customer, d: &InvoiceDraft) -> Result<Vec<NoteHead>, AppError> {
    let ids: Vec<i64> = if d.notes.is_empty() {
        store::orders::notes_to_invoice(tx, c.id)?
            .into_iter()
            .filter(|(_, _, day)| d.period.is_none_or(|(from, to)| *day >= from.to_string() && *day <= to.to_string()))
            .map(|(id, ..)| id)
            .collect()
    } else {
        d.notes.clone()
    };
    if ids.is_empty() {
        return Err(invalid("notes", format!("« {} » n'a aucun bon livré à facturer sur cette période.", c.name)));
    }
    let mut out = Vec::new();
    for id in ids {
        let n: NoteHead = store::orders::note(tx, id)?.ok_or_else(|| invalid("notes", "Bon de livraison inconnu."))?;
        if n.3 != c.id {
            return Err(invalid("notes", format!("Le bon {} n'est pas de « {} ».", n.1, c.name)));
        }
        if n.5 != "livre" {
            return Err(invalid(
                "notes",
                format!("Le bon {} n'est pas encore livré : enregistrez son retour avant de le facturer.", n.1),
            ));
        }
        if let Some(inv) = n.6 {
            let number = store::invoices::invoice(tx, inv)?.map(|i| i.number).unwrap_or_default();
            return Err(invalid("notes", format!("Le bon {} est déjà facturé ({number}).", n.1)));
        }
        out.push(n);
    }
    out.sort_by(|a, b| (&a.4, a.0).cmp(&(&b.4, b.0)));
    Ok(out)
}

/// The unit price HT of a delivered line: its list's price in force on the delivery day; else
/// the catalogue's price, which is TTC at the till, so under réel its HT (`split_ttc`).
fn unit_ht(
    tx: &Transaction,
    c: &Customer,
    l: &NoteLine,
    delivered_on: NaiveDate,
    bp: Option<u32>,
) -> Result<Money, AppError> {
    if let Some(list) = c.price_list_id
        && let Some(p) = store::price_on(tx, list, l.product_id, &delivered_on.to_string())?
    {
        return Ok(p);
    }
    Ok(match bp {
        Some(bp) => tax::split_ttc(l.unit_price, bp).0,
        None => l.unit_price,
    })
}

/// The lines of the notes, a section per note, at the rates of `day` (none under IFU).
fn bill_lines(
    tx: &Transaction,
    c: &Customer,
    notes: &[NoteHead],
    day: NaiveDate,
) -> Result<Vec<InvoiceLine>, AppError> {
    let mut out = Vec::new();
    for (id, number, order_id, ..) in notes {
        let o = store::orders::order(tx, *order_id)?.ok_or(AppError::NotFound)?;
        let delivered_on = NaiveDate::parse_from_str(&o.delivery_day, "%Y-%m-%d")
            .map_err(|e| AppError::Internal(anyhow::anyhow!("jour de livraison illisible : {e}")))?;
        let section = format!("Livraison du {} ({number})", delivered_on.format("%d/%m/%Y"));
        for l in store::orders::note_lines(tx, *id)? {
            let qty = l.delivered();
            if qty.milli() <= 0 {
                continue;
            }
            let bp = tax::product_tva_bp(tx, l.product_id, day)?;
            let unit_price = unit_ht(tx, c, &l, delivered_on, bp)?;
            let total_ht = unit_price.times(qty);
            out.push(InvoiceLine {
                position: out.len() as i64 + 1,
                section: section.clone(),
                note_id: Some(*id),
                product_id: Some(l.product_id),
                label: l.name.clone(),
                qty,
                unit_price,
                tva_bp: bp.unwrap_or(0),
                total_ht,
                tva: bp.map_or(Money::ZERO, |bp| tax::tva_of_ht(total_ht, bp)),
                goods: Goods::default(),
            });
        }
    }
    if out.is_empty() {
        return Err(invalid("notes", "Rien n'a été livré sur ces bons : il n'y a rien à facturer."));
    }
    Ok(out)
}

fn totals(lines: &[InvoiceLine]) -> (Money, Money) {
    (lines.iter().map(|l| l.total_ht).sum(), lines.iter().map(|l| l.tva).sum())
}

/// The entry of an invoice (or, reversed, of a credit note) and its `tva_lines` under réel.
fn post(
    tx: &Transaction,
    st: &Stamp,
    (kind, id, number, reel): (InvoiceKind, i64, &str, bool),
    c: &Customer,
    lines: &[InvoiceLine],
) -> Result<i64, AppError> {
    let sale = kind == InvoiceKind::Facture;
    let side = |account: &str, amount: Money, label: &str| {
        if sale { LineDraft::credit(account, amount, label) } else { LineDraft::debit(account, amount, label) }
    };
    let label = format!("{} {number} — {}", kind.title(), c.name);
    let mut e = EntryDraft::new(Journal::Sales, st.day, label.clone(), "b2b_invoice", id);
    let (ht, tva) = totals(lines);
    let ttc = ht + tva;
    e.add(if sale { LineDraft::debit(&c.account, ttc, &label) } else { LineDraft::credit(&c.account, ttc, &label) });
    let mut groups: BTreeMap<(String, u32), (Money, Money)> = BTreeMap::new();
    for l in lines {
        let p = l.product_id.and_then(|p| crate::catalog::store::product(tx, p).ok().flatten());
        let account = crate::pos::ops::revenue_account(p.map_or(crate::catalog::Kind::Fini, |p| p.kind));
        let g = groups.entry((account.to_string(), l.tva_bp)).or_insert((Money::ZERO, Money::ZERO));
        g.0 += l.total_ht;
        g.1 += l.tva;
    }
    let mut by_rate: BTreeMap<u32, Money> = BTreeMap::new();
    for ((account, bp), (base, tva)) in groups {
        e.add(side(&account, base, "Ventes aux clients pro"));
        *by_rate.entry(bp).or_insert(Money::ZERO) += tva;
        if reel {
            let sign = if sale { 1 } else { -1 };
            let row = tax::store::TvaRow {
                direction: "collectee",
                account,
                rate_bp: bp,
                base: sign * base.cents(),
                tva: sign * tva.cents(),
            };
            tax::store::insert_tva_line(tx, "b2b_invoice", id, &st.day.to_string(), &row)?;
        }
    }
    for (bp, tva) in by_rate {
        e.add(side(tax::TVA_COLLECTED, tva, &format!("TVA collectée {}", tax::pct_text(bp))));
    }
    accounting::ops::post(tx, &st.actor, &e, &st.now)
}

/// Writes the head and lines of a document of `kind`, numbered in its series. Returns its id.
fn write(
    tx: &Transaction,
    st: &Stamp,
    head: (InvoiceKind, &Customer, Option<i64>, &str),
    lines: &[InvoiceLine],
    token: Option<&str>,
) -> Result<(i64, String), AppError> {
    let (kind, c, corrects_id, reason) = head;
    let year = st.day.year();
    let number = format!("{}-{year}-{:05}", kind.series(), accounting::store::next_number(tx, kind.series(), year)?);
    let id = store::invoices::next_id(tx)?;
    let regime = tax::regime_on(tx, st.day)?;
    let entry_id = match kind {
        InvoiceKind::Proforma => None,
        _ => Some(post(tx, st, (kind, id, &number, regime.has_tva()), c, lines)?),
    };
    let due = if kind == InvoiceKind::Facture { c.terms.due(st.day) } else { st.day };
    let new = NewInvoice {
        id,
        kind,
        number: &number,
        customer_id: c.id,
        day: &st.day.to_string(),
        due_day: &due.to_string(),
        regime: regime.code(),
        totals: totals(lines),
        corrects_id,
        reason,
        entry_id,
        token,
        user_id: st.actor.user_id,
        now: &st.now,
    };
    store::invoices::insert_invoice(tx, &new)?;
    for l in lines {
        store::invoices::insert_line(tx, id, l)?;
    }
    Ok((id, number))
}

/// Issues an invoice or a proforma from a customer's delivered notes. Refused (nothing saved)
/// for a note not delivered, already invoiced or another customer's. A replayed token answers
/// the first document.
pub fn issue(tx: &Transaction, st: &Stamp, d: &InvoiceDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "b2b_invoice", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::invoices::by_token(tx, t)?
    {
        return Ok(id);
    }
    if d.kind == InvoiceKind::Avoir {
        return Err(invalid("kind", "Un avoir se fait depuis la facture qu'il corrige."));
    }
    let c = store::customer(tx, d.customer_id)?.ok_or_else(|| invalid("customer_id", "Client pro inconnu."))?;
    let notes = pick_notes(tx, &c, d)?;
    let lines = bill_lines(tx, &c, &notes, st.day)?;
    let (id, number) = write(tx, st, (d.kind, &c, None, ""), &lines, d.token.as_deref())?;
    crate::kpi::ops::record_b2b_invoice(tx, id)?;
    if d.kind == InvoiceKind::Facture {
        for n in &notes {
            if store::orders::set_invoiced(tx, n.0, id)? == 0 {
                return Err(invalid("notes", format!("Le bon {} est déjà facturé.", n.1)));
            }
        }
    }
    let (ht, tva) = totals(&lines);
    let bons: Vec<&str> = notes.iter().map(|n| n.1.as_str()).collect();
    let e = Event::new(
        AuditKind::B2bInvoice,
        "b2b_invoices",
        id,
        format!("{} {number} de « {} » : {} TTC.", d.kind.title(), c.name, ht + tva),
    )
    .after(json!({"notes": bons, "total_ht": ht.cents(), "total_tva": tva.cents()}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(id)
}

/// The lines of a credit note: per invoice line, at most its quantity, at most its unit price,
/// and at most what its earlier credit notes left of its total HT; with what came back of it.
fn credit_lines(tx: &Transaction, inv: &Invoice, d: &CreditDraft) -> Result<Vec<InvoiceLine>, AppError> {
    let lines = store::invoices::lines(tx, inv.id)?;
    let done = store::invoices::credited_lines(tx, inv.id)?;
    let mut out = Vec::new();
    for c in d.lines.iter().filter(|c| c.qty.milli() > 0) {
        let pos = c.position;
        let l =
            lines.iter().find(|l| l.position == pos).ok_or_else(|| invalid("lines", "Ligne de facture inconnue."))?;
        let (credited, came_back) =
            done.iter().find(|(p, ..)| *p == pos).map_or((Money::ZERO, Qty::ZERO), |(_, ht, back)| (*ht, *back));
        if c.qty > l.qty {
            return Err(invalid(&format!("qty.{pos}"), format!("Au plus {} de « {} » (facturé).", l.qty, l.label)));
        }
        if c.price > l.unit_price {
            return Err(invalid(&format!("price.{pos}"), format!("Au plus {} HT (le prix facturé).", l.unit_price)));
        }
        if c.price.times(c.qty) > l.total_ht - credited {
            return Err(invalid(
                &format!("qty.{pos}"),
                format!(
                    "Au plus {} HT à créditer sur « {} » (facturé, moins les avoirs).",
                    l.total_ht - credited,
                    l.label
                ),
            ));
        }
        let total_ht = c.price.times(c.qty);
        let tva = if l.tva_bp > 0 { tax::tva_of_ht(total_ht, l.tva_bp) } else { Money::ZERO };
        out.push(InvoiceLine {
            position: pos, // the invoice line it credits
            section: format!("Avoir sur la facture {}", inv.number),
            note_id: l.note_id,
            product_id: l.product_id,
            label: l.label.clone(),
            qty: c.qty,
            unit_price: c.price,
            tva_bp: l.tva_bp,
            total_ht,
            tva,
            goods: goods(tx, l, c, came_back)?,
        });
    }
    if out.is_empty() {
        return Err(invalid("lines", "Indiquez au moins une quantité à créditer."));
    }
    Ok(out)
}

/// What came back with a credit-note line, checked: at most the quantity credited, and with what
/// the earlier credit notes brought back at most what was invoiced; thrown away at most what came
/// back; only goods the shop knows (a line of a delivery note, a product tracked in stock). The
/// rest is valued at what it left the counter with on that note (`notes::value_back`).
fn goods(tx: &Transaction, l: &InvoiceLine, c: &CreditLineDraft, came_back: Qty) -> Result<Goods, AppError> {
    let (pos, returned, wasted) = (c.position, c.returned, c.wasted);
    if returned.milli() <= 0 && wasted.milli() <= 0 {
        return Ok(Goods::default());
    }
    let field = format!("returned.{pos}");
    if wasted > returned {
        return Err(invalid(&format!("wasted.{pos}"), "On ne jette pas plus que ce qui est revenu."));
    }
    if returned > c.qty {
        return Err(invalid(&field, format!("Au plus {} revenus (la quantité créditée).", c.qty)));
    }
    if came_back + returned > l.qty {
        let left = l.qty - came_back;
        return Err(invalid(&field, format!("Au plus {left} revenus de « {} » (facturé, moins les avoirs).", l.label)));
    }
    let (Some(note_id), Some(product_id)) = (l.note_id, l.product_id) else {
        return Err(invalid(&field, "Cette ligne ne vient d'aucun bon de livraison : rien ne peut revenir en stock."));
    };
    let p = crate::catalog::store::product(tx, product_id)?.ok_or(AppError::NotFound)?;
    if !p.track_stock {
        return Err(invalid(
            &field,
            format!("« {} » n'est pas suivi en stock : rien ne peut y revenir (laissez 0, un avoir de prix).", p.name),
        ));
    }
    let (cost, shipped) = store::orders::note_lines(tx, note_id)?
        .iter()
        .filter(|n| n.product_id == product_id)
        .fold((Money::ZERO, Qty::ZERO), |(c, s), n| (c + n.cost, s + n.shipped));
    Ok(Goods { returned, wasted, back_value: super::notes::value_back(cost, shipped, returned - wasted) })
}

/// The goods of a credit note back on the counter, each at the value its line carries, and
/// their entry (Dr stock · Cr cost of sales); what was thrown away moves nothing.
fn goods_back(tx: &Transaction, st: &Stamp, (id, number): (i64, &str), lines: &[InvoiceLine]) -> Result<(), AppError> {
    let label = format!("Retour sur l'avoir {number}");
    let moves = super::notes::ctx(st, ("b2b_invoice", id), label.clone());
    let mut entry = EntryDraft::new(Journal::Misc, st.day, label, "b2b_invoice", id);
    for l in lines {
        if let Some(product_id) = l.product_id {
            super::notes::back_to_counter(tx, &moves, &mut entry, product_id, l.goods.back(), l.goods.back_value)?;
        }
    }
    if entry.lines.len() >= 2 {
        accounting::ops::post(tx, &st.actor, &entry, &st.now)?;
    }
    Ok(())
}

/// Issues a credit note against an invoice (a return after invoicing, a price correction):
/// never more than what the invoice still carries (its TTC less its earlier credit notes). What
/// came back and was not thrown away goes back to the counter in the same transaction.
pub fn credit(tx: &Transaction, st: &Stamp, d: &CreditDraft) -> Result<i64, AppError> {
    crate::db::replay::claim(tx, "b2b_credit", d.token.as_deref(), st.actor.user_id, d, &st.now)?;
    if let Some(t) = &d.token
        && let Some(id) = store::invoices::by_token(tx, t)?
    {
        return Ok(id);
    }
    crate::text::check_all(&[("reason", &d.reason, crate::text::Text::Note)])?;
    if d.reason.trim().is_empty() {
        return Err(invalid("reason", "Indiquez le motif de l'avoir (retour, correction de prix…)."));
    }
    let inv = store::invoices::invoice(tx, d.invoice_id)?.ok_or(AppError::NotFound)?;
    if inv.kind != InvoiceKind::Facture {
        return Err(invalid("lines", format!("{} n'est pas une facture : rien à créditer.", inv.number)));
    }
    let lines = credit_lines(tx, &inv, d)?;
    let (ht, tva) = totals(&lines);
    let carried = inv.total_ttc - store::invoices::credit_notes(tx, inv.id)?.iter().map(|a| a.total_ttc).sum();
    if ht + tva > carried {
        return Err(invalid(
            "lines",
            format!("L'avoir ({}) dépasse ce que la facture {} porte encore ({carried}).", ht + tva, inv.number),
        ));
    }
    let c = store::customer(tx, inv.customer_id)?.ok_or(AppError::NotFound)?;
    let (id, number) =
        write(tx, st, (InvoiceKind::Avoir, &c, Some(inv.id), d.reason.trim()), &lines, d.token.as_deref())?;
    goods_back(tx, st, (id, &number), &lines)?;
    crate::kpi::ops::record_b2b_invoice(tx, id)?;
    let e = Event::new(
        AuditKind::B2bInvoice,
        "b2b_invoices",
        id,
        format!("Avoir {number} sur {} : {} TTC.", inv.number, ht + tva),
    )
    .after(json!({"invoice": inv.number, "reason": d.reason.trim(), "total_ht": ht.cents(), "total_tva": tva.cents(),
                  "goods": lines.iter().filter(|l| l.goods.returned.milli() > 0)
                      .map(|l| json!([l.position, l.goods.returned.milli(), l.goods.wasted.milli(), l.goods.back_value.cents()]))
                      .collect::<Vec<_>>()}));
    audit::record(tx, &st.actor, &st.now, e)?;
    Ok(id)
}

/// A document with its lines, its customer and its credit notes, for its page and its PDF.
pub fn full(conn: &Connection, id: i64) -> Result<(Invoice, Vec<InvoiceLine>, Customer, Vec<Invoice>), AppError> {
    let inv = store::invoices::invoice(conn, id)?.ok_or(AppError::NotFound)?;
    let lines = store::invoices::lines(conn, id)?;
    let c = store::customer(conn, inv.customer_id)?.ok_or(AppError::NotFound)?;
    let credits = store::invoices::credit_notes(conn, id)?;
    Ok((inv, lines, c, credits))
}

/// Whether a document's regime shows TVA.
pub fn shows_tva(inv: &Invoice) -> bool {
    Regime::from_parts(&inv.regime, 0).is_some_and(Regime::has_tva)
}

/// The document on A4, with the droit de timbre a payment of what is open in cash would add.
/// (bytes, number)
pub fn pdf(conn: &Connection, id: i64) -> Result<(Vec<u8>, String), AppError> {
    let (inv, lines, c, _) = full(conn, id)?;
    let shop = crate::settings::store::get(conn)?;
    let day = NaiveDate::parse_from_str(&inv.day, "%Y-%m-%d").unwrap_or_default();
    let cash_stamp = tax::stamp_duty(conn, day, inv.total_ttc)?;
    let facts =
        crate::b2b::views::invoice_pdf::PdfFacts { shop: &shop, customer: &c, tva: shows_tva(&inv), cash_stamp };
    Ok((crate::b2b::views::invoice_pdf::invoice_pdf(&inv, &lines, &facts), inv.number))
}

/// A payment as its invoice shows it: (day, mode, reference, amount allocated).
pub type PaymentRow = (String, String, String, Money);

/// What a document's page shows.
pub struct InvoicePage {
    pub invoice: Invoice,
    pub lines: Vec<InvoiceLine>,
    pub credits: Vec<Invoice>,
    pub payments: Vec<PaymentRow>,
    pub sending: super::email::Sending,
}

pub fn page_data(conn: &Connection, id: i64) -> Result<InvoicePage, AppError> {
    let (invoice, lines, customer, credits) = full(conn, id)?;
    let sending = super::email::sending(conn, &customer)?;
    let payments = store::payments::of_invoice(conn, id)?
        .into_iter()
        .map(|(d, m, r, a)| (d, crate::b2b::PayMode::from_code(&m).map_or(m, |m| m.label().to_string()), r, a))
        .collect();
    Ok(InvoicePage { invoice, lines, credits, payments, sending })
}
