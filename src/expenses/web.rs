//! Routes of the expenses: the month's bills with the monthly ones to enter again, a new bill,
//! a bill and its payment.

use chrono::{Datelike, NaiveDate};
use poem::web::{Data, Form, Multipart, Path, Query};
use poem::{IntoResponse, Response, handler};
use serde::Deserialize;

use super::{ExpenseDraft, PaidBy, PaymentDraft, ops, store, views};
use crate::audit::Stamp;
use crate::auth::random_hex;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

fn day(e: &mut FieldErrors, field: &str, text: &str) -> NaiveDate {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y"));
    d.unwrap_or_else(|_| {
        e.add(field, "Date invalide (jj/mm/aaaa).");
        NaiveDate::default()
    })
}

/// The bill as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ExpenseForm {
    pub day: String,
    pub label_id: String,
    pub beneficiary: String,
    pub reference: String,
    pub amount: String,
    /// The TVA rate on the bill, in % (empty: none).
    pub tva_rate: String,
    /// The TVA written on the bill (empty: computed from the amount TTC and the rate).
    pub tva: String,
    pub paid_by: String,
    pub monthly: String,
    pub note: String,
    pub token: String,
}

impl ExpenseForm {
    /// The draft, or the messages beside each field (the operation checks the label and month).
    pub fn parse(&self) -> Result<ExpenseDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let day = day(&mut e, "day", &self.day);
        let label_id = self.label_id.trim().parse().unwrap_or_else(|_| {
            e.add("label_id", "Choisissez la nature de la dépense.");
            0
        });
        if self.beneficiary.trim().is_empty() {
            e.add("beneficiary", "Indiquez le fournisseur ou le bénéficiaire.");
        }
        let amount = match Money::parse(&self.amount) {
            Ok(m) if m.cents() > 0 => m,
            _ => {
                e.add("amount", "Un montant supérieur à zéro, comme 1 500 ou 1 234,50.");
                Money::ZERO
            }
        };
        let tva_bp = crate::tax::parse_rate(&self.tva_rate).unwrap_or_else(|| {
            e.add("tva_rate", "Un taux de TVA comme 19 ou 9 (vide : sans TVA).");
            0
        });
        let tva = super::tva_part(amount, tva_bp, &self.tva).unwrap_or_else(|(field, m)| {
            e.add(field, m);
            Money::ZERO
        });
        let paid_by = PaidBy::from_code(&self.paid_by).unwrap_or_else(|| {
            e.add("paid_by", "Choisissez comment elle est payée.");
            PaidBy::Later
        });
        let (beneficiary, reference, note) = (self.beneficiary.clone(), self.reference.clone(), self.note.clone());
        let (monthly, token) = (!self.monthly.is_empty(), Some(self.token.clone()).filter(|t| !t.is_empty()));
        let (tva, tva_bp) = (tva, tva_bp);
        e.into_result(ExpenseDraft {
            day,
            label_id,
            beneficiary,
            reference,
            amount,
            tva,
            tva_bp,
            paid_by,
            till_id: None,
            monthly,
            note,
            token,
        })
    }
}

async fn form_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    f: &ExpenseForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let (labels, regime) = app.db.read(move |c| Ok((store::labels(c)?, crate::tax::regime_on(c, today)?))).await?;
    let main = views::new_expense(&shell.csrf, &labels, regime, f, errors);
    let title = "Nouvelle dépense";
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    modele: Option<i64>,
}

#[handler]
pub async fn new_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let model = match q.modele {
        Some(id) => app.db.read(move |c| Ok(store::expense(c, id)?)).await?,
        None => None,
    };
    let f = views::blank_form(model.as_ref(), &st.day.to_string(), random_hex(16));
    form_response(app, hx, &shell, &f, &FieldErrors::new()).await
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<ExpenseForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::record(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/compta/depenses/{id}")),
        async |e| form_response(app, hx, &shell, &f, &e).await,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MonthQuery {
    mois: String,
}

#[handler]
pub async fn list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let this_month = st.day.with_day(1).unwrap_or(st.day);
    let first = crate::accounting::ops::periods::parse_month(&q.mois, "mois").unwrap_or(this_month);
    let last = crate::accounting::ops::periods::next_month(first).pred_opt().unwrap_or(first);
    let (from, to, start) = (first.to_string(), last.to_string(), this_month.to_string());
    let (rows, total, proposals) = app
        .db
        .read(move |c| {
            Ok((store::expenses(c, &from, &to)?, store::total(c, &from, &to)?, store::proposals(c, &start)?))
        })
        .await?;
    let main = views::list(&first, &rows, total, &proposals);
    Ok(hx::page(hx, &shell, "Dépenses", main))
}

async fn page_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    id: i64,
    typed: views::PayTyped,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (x, attached) = app.db.read(move |c| Ok((store::expense(c, id)?, store::has_attachment(c, id)?))).await?;
    let x = x.ok_or(AppError::NotFound)?;
    let main = views::expense(&shell.csrf, &x, attached, &typed, errors);
    let title = format!("Dépense n° {id}");
    Ok(if errors.is_empty() { hx::page(hx, shell, &title, main) } else { hx::invalid(hx, shell, &title, main) })
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let typed = views::PayTyped { payment_day: st.day.to_string(), by: PaidBy::Bank.code().into() };
    page_response(app, hx, &shell, id, typed, &FieldErrors::new()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PayForm {
    payment_day: String,
    by: String,
}

impl PayForm {
    fn parse(&self) -> Result<PaymentDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let day = day(&mut e, "payment_day", &self.payment_day);
        let by = PaidBy::from_code(&self.by).unwrap_or_else(|| {
            e.add("by", "Choisissez le tiroir ou la banque.");
            PaidBy::Later
        });
        e.into_result(PaymentDraft { day, by })
    }
}

#[handler]
pub async fn pay(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<PayForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(p) => app.db.write(move |tx| ops::pay(tx, &st, id, &p)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/compta/depenses/{id}")),
        async |e| {
            let typed = views::PayTyped { payment_day: f.payment_day.clone(), by: f.by.clone() };
            page_response(app, hx, &shell, id, typed, &e).await
        },
    )
    .await
}

/// A bill's photo or PDF: 3 MB at most (a phone's photo of a page).
pub const MAX_ATTACHMENT_BYTES: usize = 3 * 1024 * 1024;

/// The media type of an attachment, read from its first bytes.
pub fn attachment_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The file sent (multipart field `piece`), or the message for its field.
async fn read_attachment(mut form: Multipart) -> Result<(&'static str, Vec<u8>), FieldErrors> {
    let mut e = FieldErrors::new();
    let mut file = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() != Some("piece") {
            continue;
        }
        match field.bytes().await {
            Ok(b) if b.len() > MAX_ATTACHMENT_BYTES => e.add("piece", "Fichier trop lourd : 3 Mo au plus."),
            Ok(b) if b.is_empty() => {}
            Ok(b) => match attachment_type(&b) {
                Some(ct) => file = Some((ct, b)),
                None => e.add("piece", "Ce fichier n'est ni un PDF ni une photo (JPEG, PNG, WebP)."),
            },
            Err(_) => e.add("piece", "L'envoi du fichier a échoué."),
        }
    }
    e.add("piece", "Choisissez la photo ou le PDF de la facture."); // kept only when nothing else was said
    file.ok_or(e)
}

#[handler]
pub async fn attach(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<Response, AppError> {
    let result = match read_attachment(form).await {
        Ok((ct, bytes)) => app.db.write(move |tx| ops::attach(tx, &st, id, ct, &bytes)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/compta/depenses/{id}")),
        async |e| page_response(app, hx, &shell, id, views::PayTyped::default(), &e).await,
    )
    .await
}

#[handler]
pub async fn attachment(Data(app): Data<&App>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (ct, bytes) = app.db.read(move |c| Ok(store::attachment(c, id)?)).await?.ok_or(AppError::NotFound)?;
    Ok(bytes.with_content_type(ct).with_header("Cache-Control", "private, no-store").into_response())
}

/// The till's quick expense as typed: a familiar label, the amount, who was paid, the till whose
/// drawer pays. Dated today, paid from the drawer: the same bill as `/compta/depenses`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TillExpenseForm {
    pub till: String,
    pub label_id: String,
    pub amount: String,
    pub beneficiary: String,
    pub note: String,
    pub token: String,
}

impl TillExpenseForm {
    /// The bill, or the messages beside each field (read as the expense form reads them).
    pub fn parse(&self, today: NaiveDate) -> Result<ExpenseDraft, FieldErrors> {
        let bill = ExpenseForm {
            day: today.to_string(),
            label_id: self.label_id.clone(),
            beneficiary: self.beneficiary.clone(),
            amount: self.amount.clone(),
            paid_by: PaidBy::Drawer.code().into(),
            note: self.note.clone(),
            token: self.token.clone(),
            ..Default::default()
        };
        let till = self.till.trim().parse::<i64>().ok();
        bill.parse().map(|d| ExpenseDraft { till_id: till, ..d })
    }
}

async fn till_form(
    app: &App,
    hx: Hx,
    shell: &Shell,
    cookie: Option<String>,
    f: &TillExpenseForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (counter, labels) =
        app.db.read(move |c| Ok((crate::cash::ops::counter(c, cookie.as_deref())?, store::labels(c)?))).await?;
    let main = views::till_expense(&shell.csrf, &counter, &labels, f, errors);
    let title = "Dépense payée en espèces";
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

/// `/caisse/depense`: a bill paid from this tablet's drawer.
#[handler]
pub async fn till_page(Data(app): Data<&App>, hx: Hx, shell: Shell, req: &poem::Request) -> Result<Response, AppError> {
    let cookie = crate::auth::session::cookie(req, crate::cash::TILL_COOKIE);
    let f = TillExpenseForm { token: random_hex(16), ..Default::default() };
    till_form(app, hx, &shell, cookie, &f, &FieldErrors::new()).await
}

#[handler]
pub async fn till_create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<TillExpenseForm>,
) -> Result<Response, AppError> {
    let result = match f.parse(st.day) {
        Ok(d) => app.db.write(move |tx| ops::record(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/caisse/mouvements"),
        async |e| till_form(app, hx, &shell, Some(f.till.clone()), &f, &e).await,
    )
    .await
}
