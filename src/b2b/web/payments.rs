//! Routes of a business customer's payments, and the payment form.

use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};

use crate::audit::Stamp;
use crate::auth::random_hex;
use crate::b2b::views::payments::{self as views, PaymentValues};
use crate::b2b::{PayMode, PaymentDraft, ops, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

type Fields = Vec<(String, String)>;

fn get<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim()).unwrap_or("")
}

impl PaymentValues {
    pub fn of(f: &Fields) -> PaymentValues {
        PaymentValues {
            mode: get(f, "mode").into(),
            amount: get(f, "amount").into(),
            reference: get(f, "reference").into(),
            invoices: f.iter().filter(|(k, _)| k == "invoice").map(|(_, v)| v.trim().to_string()).collect(),
            token: get(f, "token").into(),
        }
    }

    pub fn parse(&self, customer_id: i64, till_id: i64) -> Result<PaymentDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let mode = PayMode::from_code(&self.mode);
        if mode.is_none() {
            e.add("mode", "Choisissez le mode de paiement.");
        }
        let amount = crate::money::field(&mut e, "amount", &self.amount, true);
        let invoices = self.invoices.iter().filter_map(|i| i.parse().ok()).collect();
        let token = Some(self.token.clone()).filter(|t| !t.is_empty());
        match (mode, amount) {
            (Some(mode), Some(amount)) if e.is_empty() => Ok(PaymentDraft {
                customer_id,
                mode,
                amount,
                reference: self.reference.clone(),
                invoices,
                till_id,
                token,
            }),
            _ => Err(e),
        }
    }
}

async fn form_page(
    app: &App,
    shell: &Shell,
    id: i64,
    v: &PaymentValues,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let (c, open) = app
        .db
        .read(move |conn| {
            let c = store::customer(conn, id)?.ok_or(AppError::NotFound)?;
            let open = ops::payments::open_invoices(conn, &c, &[])?;
            Ok((c, open))
        })
        .await?;
    Ok(views::page(&shell.csrf, &c, &open, v, e))
}

#[handler]
pub async fn new_payment(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let v = PaymentValues { mode: "cheque".into(), token: random_hex(16), ..Default::default() };
    let main = form_page(app, &shell, id, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Paiement", main))
}

#[handler]
pub async fn pay(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let till = crate::pos::web::current_till(app, req).await?;
    let v = PaymentValues::of(&f);
    let result = match v.parse(id, till.id) {
        Ok(d) => app.db.write(move |tx| ops::payments::pay(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/b2b/factures?client={id}&ok=paiement-pro")),
        async |e| Ok(hx::invalid(hx, &shell, "Paiement", form_page(app, &shell, id, &v, &e).await?)),
    )
    .await
}

#[handler]
pub async fn dunning(Data(app): Data<&App>, hx: Hx, shell: Shell, st: Stamp) -> Result<Response, AppError> {
    let list = app.db.read(move |c| ops::payments::dunning(c, st.day)).await?;
    Ok(hx::page(hx, &shell, "Relances", views::dunning(&list)))
}
