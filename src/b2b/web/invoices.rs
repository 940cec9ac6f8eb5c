//! Routes of the B2B invoices, proformas and credit notes, and their forms.

use chrono::NaiveDate;
use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};

use crate::audit::Stamp;
use crate::auth::random_hex;
use crate::b2b::views::invoices::{self as views, CreditLineValues, CreditValues, InvoiceValues};
use crate::b2b::{CreditDraft, CreditLineDraft, InvoiceDraft, InvoiceKind, ops, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Qty;
use crate::state::App;
use crate::ui::Shell;

type Fields = Vec<(String, String)>;

fn get<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim()).unwrap_or("")
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

impl InvoiceValues {
    pub fn of(f: &Fields) -> InvoiceValues {
        InvoiceValues {
            kind: get(f, "kind").to_string(),
            from: get(f, "du").to_string(),
            to: get(f, "au").to_string(),
            notes: f.iter().filter(|(k, _)| k == "note").map(|(_, v)| v.trim().to_string()).collect(),
            token: get(f, "token").to_string(),
        }
    }

    pub fn parse(&self, customer_id: i64) -> Result<InvoiceDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = InvoiceKind::from_code(&self.kind).filter(|k| *k != InvoiceKind::Avoir);
        if kind.is_none() {
            e.add("kind", "Choisissez facture ou proforma.");
        }
        let notes: Vec<i64> = self.notes.iter().filter_map(|n| n.parse().ok()).collect();
        let period = day(&self.from).zip(day(&self.to));
        if notes.is_empty() && period.is_none() {
            e.add("notes", "Cochez au moins un bon de livraison, ou choisissez une période.");
        }
        let token = Some(self.token.clone()).filter(|t| !t.is_empty());
        e.into_result(InvoiceDraft { customer_id, kind: kind.unwrap_or(InvoiceKind::Facture), notes, period, token })
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub client: String,
    pub etat: String,
}

#[handler]
pub async fn invoices(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let who = q.client.parse::<i64>().ok();
    let (all, customers) = app
        .db
        .read(move |c| {
            let names = store::customers(c, true)?.into_iter().map(|c| (c.id, c.name)).collect::<Vec<_>>();
            Ok((store::invoices::invoices(c, who)?, names))
        })
        .await?;
    let shown: Vec<_> = all.into_iter().filter(|i| views::in_state(i, &q.etat, st.day)).collect();
    Ok(hx::page(hx, &shell, "Factures pro", views::list(&shown, &customers, (&q.client, &q.etat), st.day)))
}

async fn new_page(
    app: &App,
    shell: &Shell,
    id: i64,
    v: &InvoiceValues,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let period = day(&v.from).zip(day(&v.to));
    let (c, notes) = app
        .db
        .read(move |conn| {
            let c = store::customer(conn, id)?.ok_or(AppError::NotFound)?;
            let notes = store::orders::notes_to_invoice(conn, id)?;
            let keep = |d: &String| period.is_none_or(|(f, t)| *d >= f.to_string() && *d <= t.to_string());
            Ok((c, notes.into_iter().filter(|n| keep(&n.2)).collect::<Vec<_>>()))
        })
        .await?;
    Ok(views::new_page(&shell.csrf, &c, &notes, v, e))
}

#[handler]
pub async fn new_invoice(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Path(id): Path<i64>,
    Query(f): Query<Fields>,
) -> Result<Response, AppError> {
    let v = InvoiceValues { kind: "facture".into(), token: random_hex(16), notes: vec![], ..InvoiceValues::of(&f) };
    let main = new_page(app, &shell, id, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Facturer", main))
}

#[handler]
pub async fn issue(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let v = InvoiceValues::of(&f);
    let result = match v.parse(id) {
        Ok(d) => app.db.write(move |tx| ops::invoices::issue(tx, &st, &d).map(|n| (n, d.kind))).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |(n, kind)| {
            let flag = if kind == InvoiceKind::Proforma { "proforma-pro" } else { "facture-pro" };
            hx::redirect(hx, &format!("/b2b/factures/{n}?ok={flag}"))
        },
        async |e| Ok(hx::invalid(hx, &shell, "Facturer", new_page(app, &shell, id, &v, &e).await?)),
    )
    .await
}

impl CreditValues {
    pub fn of(f: &Fields) -> CreditValues {
        let lines = f
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("qty.").and_then(|p| p.parse::<i64>().ok()).map(|p| (p, v)))
            .map(|(p, q)| CreditLineValues {
                position: p,
                qty: q.trim().to_string(),
                price: get(f, &format!("price.{p}")).to_string(),
                returned: get(f, &format!("returned.{p}")).trim().to_string(),
                wasted: get(f, &format!("wasted.{p}")).trim().to_string(),
            })
            .collect();
        CreditValues { reason: get(f, "reason").to_string(), lines, token: get(f, "token").to_string() }
    }

    pub fn parse(&self, invoice_id: i64) -> Result<CreditDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut lines = Vec::new();
        for l in &self.lines {
            if let Some(line) = l.parse(&mut e) {
                lines.push(line);
            }
        }
        if self.reason.trim().is_empty() {
            e.add("reason", "Indiquez le motif de l'avoir (retour, correction de prix…).");
        }
        let token = Some(self.token.clone()).filter(|t| !t.is_empty());
        e.into_result(CreditDraft { invoice_id, reason: self.reason.trim().to_string(), lines, token })
    }
}

impl CreditLineValues {
    /// The line as typed, its errors beside its fields; None when nothing is credited on it.
    fn parse(&self, e: &mut FieldErrors) -> Option<CreditLineDraft> {
        let pos = self.position;
        let goods = |field: &str, v: &str, e: &mut FieldErrors| match v {
            "" => Some(Qty::ZERO),
            v => Qty::parse(v)
                .map_err(|_| e.add(&format!("{field}.{pos}"), "Quantité invalide : un nombre, par exemple 2."))
                .ok(),
        };
        let (returned, wasted) = (goods("returned", &self.returned, e), goods("wasted", &self.wasted, e));
        if self.qty.is_empty() {
            if returned.is_some_and(|q| q.milli() > 0) || wasted.is_some_and(|q| q.milli() > 0) {
                e.add(&format!("qty.{pos}"), "Indiquez la quantité créditée (revenus compris).");
            }
            return None;
        }
        let Ok(qty) = Qty::parse(&self.qty) else {
            e.add(&format!("qty.{pos}"), "Quantité invalide : un nombre, par exemple 12 ou 2,5.");
            return None;
        };
        let price = crate::money::field(e, &format!("price.{pos}"), &self.price, true)?;
        Some(CreditLineDraft { position: pos, qty, price, returned: returned?, wasted: wasted? })
    }
}

async fn invoice_page(
    app: &App,
    shell: &Shell,
    st: &Stamp,
    id: i64,
    v: &CreditValues,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let p = app.db.read(move |c| ops::invoices::page_data(c, id)).await?;
    let tva = ops::invoices::shows_tva(&p.invoice);
    let around = views::Around { credits: &p.credits, payments: &p.payments, today: st.day, tva, sending: &p.sending };
    Ok(views::page(&shell.csrf, &p.invoice, &p.lines, &around, v, e))
}

#[handler]
pub async fn invoice(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let v = CreditValues { token: random_hex(16), ..Default::default() };
    let main = invoice_page(app, &shell, &st, id, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Facture pro", main))
}

#[handler]
pub async fn credit(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let v = CreditValues::of(&f);
    let page_st = st.clone();
    let result = match v.parse(id) {
        Ok(d) => app.db.write(move |tx| ops::invoices::credit(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |n| hx::redirect(hx, &format!("/b2b/factures/{n}?ok=avoir-pro")),
        async |e| Ok(hx::invalid(hx, &shell, "Facture pro", invoice_page(app, &shell, &page_st, id, &v, &e).await?)),
    )
    .await
}

#[handler]
pub async fn pdf(Data(app): Data<&App>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (bytes, number) = app.db.read(move |c| ops::invoices::pdf(c, id)).await?;
    Ok(hx::pdf(bytes, &format!("{number}.pdf")))
}

/// Queues the document's PDF to its customer (after commit the outbox's sender sends it).
#[handler]
pub async fn send(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page_st = st.clone();
    let result = app.db.write(move |tx| ops::email::send(tx, &st, id)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/b2b/factures/{id}?ok=facture-envoyee")),
        async |e| {
            let v = CreditValues { token: random_hex(16), ..Default::default() };
            Ok(hx::invalid(hx, &shell, "Facture pro", invoice_page(app, &shell, &page_st, id, &v, &e).await?))
        },
    )
    .await
}
