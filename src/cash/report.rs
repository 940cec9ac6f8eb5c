//! The X (mid-shift) and Z (closed) reports: one computation from the database, read from the
//! shift's tickets, refunds and movements, and one receipt layout. Also the slip of a movement.

use rusqlite::{Connection, params};

use super::{MovementKind, Shift, store};
use crate::error::AppError;
use crate::money::Money;
use crate::printing::Doc;

/// A labelled total: a payment method, a category, a seller.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Total {
    pub label: String,
    pub count: i64,
    pub amount: Money,
}

#[derive(Debug, Clone)]
pub struct ShiftReport {
    pub shift: Shift,
    pub shop: String,
    pub till: String,
    pub opened_by: String,
    pub closed_by: String,
    /// Opened and closed, in the shop's time (`24/11/2026 08:00`).
    pub opened_at: String,
    pub closed_at: String,
    pub tickets: i64,
    pub gross: Money,
    pub discounts: Money,
    pub net_sales: Money,
    /// Cash net of the change given.
    pub by_method: Vec<Total>,
    pub by_category: Vec<Total>,
    pub by_seller: Vec<Total>,
    pub refunds_count: i64,
    pub refunds_total: Money,
    pub refunds_by_method: Vec<Total>,
    pub pay_ins: Money,
    /// Positive: what went out.
    pub pay_outs: Money,
    /// The pay-outs by purpose (owner, expense, staff advance), read from their entries' debit account.
    pub pay_outs_by_purpose: Vec<Total>,
    pub deposits: Money,
    pub supplier_payments: Money,
    /// Customer orders: deposits and balances in cash, less deposits refunded.
    pub order_cash: Money,
    pub cash_sales: Money,
    pub cash_refunds: Money,
    pub opening_float: Money,
    pub expected: Money,
    pub counted: Option<Money>,
    pub variance: Option<Money>,
    pub next_float: Option<Money>,
    pub handover: Option<Money>,
}

impl ShiftReport {
    /// Z once closed, X before.
    pub fn is_z(&self) -> bool {
        !self.shift.open
    }
    pub fn title(&self) -> &'static str {
        if self.is_z() { "Rapport Z (clôture)" } else { "Rapport X (en cours)" }
    }
}

pub fn method_label(code: &str) -> &'static str {
    crate::pos::PayMethod::label_of(code)
}

fn totals(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> rusqlite::Result<Vec<Total>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(p, |r| Ok(Total { label: r.get(0)?, count: r.get(1)?, amount: r.get(2)? }))?;
    rows.collect()
}

/// The refunds of a shift: the cash ones it paid out, and the others made at its till while it was open.
const REFUNDS: &str =
    "refunds WHERE shift_id = ?1 OR (shift_id IS NULL AND till_id = ?2 AND at >= ?3 AND (?4 IS NULL OR at <= ?4))";

pub use crate::clock::local_text as local;

/// Computes a shift's report from what is stored: X while open, Z once closed.
pub fn compute(conn: &Connection, shift_id: i64) -> Result<ShiftReport, AppError> {
    let shift = store::shift(conn, shift_id)?.ok_or(AppError::NotFound)?;
    let settings = crate::settings::store::get(conn)?;
    let tz = settings.shop_time().tz;
    let till = store::till(conn, shift.till_id)?.map(|t| t.name).unwrap_or_default();
    let sales = crate::pos::store::sales_totals(conn, crate::pos::store::Scope::Shift(shift.id))?;
    let (tickets, gross, discounts, net_sales, cash_sales) =
        (sales.tickets, sales.gross, sales.discount, sales.total, sales.cash());
    let by_method: Vec<Total> = sales
        .by_method
        .iter()
        .map(|m| Total { label: method_label(&m.code).to_string(), count: m.tickets, amount: m.amount })
        .collect();
    let by_category = totals(
        conn,
        "SELECT coalesce(c.name, 'Sans catégorie'), count(*), sum(l.total) FROM sale_lines l
         JOIN sales s ON s.id = l.sale_id LEFT JOIN categories c ON c.id = l.category_id
         WHERE s.shift_id = ?1
         GROUP BY c.name ORDER BY c.name",
        [shift.id],
    )?;
    let by_seller = totals(
        conn,
        "SELECT coalesce(nullif(u.display_name, ''), u.username), count(*), sum(s.total) FROM sales s
         JOIN users u ON u.id = s.user_id
         WHERE s.shift_id = ?1
         GROUP BY u.id ORDER BY 1",
        [shift.id],
    )?;
    let mut refunds_by_method = totals(
        conn,
        &format!("SELECT method, count(*), sum(total) FROM {REFUNDS} GROUP BY method ORDER BY method"),
        params![shift.id, shift.till_id, shift.opened_at, shift.closed_at],
    )?;
    let cash_refunds = refunds_by_method.iter().filter(|t| t.label == "especes").map(|t| t.amount).sum();
    for t in &mut refunds_by_method {
        t.label = method_label(&t.label).to_string();
    }
    let refunds_count = refunds_by_method.iter().map(|t| t.count).sum();
    let refunds_total = refunds_by_method.iter().map(|t| t.amount).sum();
    let movements = store::movements(conn, shift.id)?;
    let sum_of = |k: MovementKind| -> Money { movements.iter().filter(|m| m.kind == k.code()).map(|m| m.amount).sum() };
    let mut pay_outs_by_purpose = totals(
        conn,
        "SELECT l.account, count(*), sum(l.debit) FROM cash_movements m
         JOIN journal_lines l ON l.entry_id = m.entry_id AND l.debit > 0
         WHERE m.shift_id = ?1 AND m.kind = 'retrait' GROUP BY l.account ORDER BY l.account",
        [shift.id],
    )?;
    for t in &mut pay_outs_by_purpose {
        let purpose = super::Purpose::ALL.iter().find(|p| {
            p.sign() < 0 && p.kind() == MovementKind::PayOut && p.counter_account() == Some(t.label.as_str())
        });
        t.label = purpose.map(|p| p.label().to_string()).unwrap_or_else(|| t.label.clone());
    }
    let expected = store::expected(conn, shift.id)?;
    let opened_by = store::user_name(conn, shift.opened_by)?;
    let closed_by = match shift.closed_by {
        Some(u) => store::user_name(conn, u)?,
        None => String::new(),
    };
    Ok(ShiftReport {
        shop: settings.name.clone(),
        till,
        opened_by,
        closed_by,
        opened_at: local(Some(&shift.opened_at), tz),
        closed_at: local(shift.closed_at.as_deref(), tz),
        tickets,
        gross,
        discounts,
        net_sales,
        by_method,
        by_category,
        by_seller,
        refunds_count,
        refunds_total,
        refunds_by_method,
        pay_ins: sum_of(MovementKind::PayIn),
        pay_outs: -sum_of(MovementKind::PayOut),
        pay_outs_by_purpose,
        deposits: -sum_of(MovementKind::BankDeposit),
        supplier_payments: -sum_of(MovementKind::SupplierPayment),
        order_cash: sum_of(MovementKind::Order),
        cash_sales,
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
    d.row("Remises", r.discounts.to_string()).total("Ventes nettes", r.net_sales.to_string());
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

/// The Z report as queued at the close.
pub fn doc(r: &ShiftReport) -> Doc {
    receipt(r, true)
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
