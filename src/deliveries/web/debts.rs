//! Routes of what deliverymen owe: the list with its ageing, a payment at the till (a receipt
//! printed), the report per period and deliveryman.

use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::forms::PayForm;
use super::till_here;
use crate::audit::Stamp;
use crate::auth::random_hex;
use crate::deliveries::ops;
use crate::deliveries::views::debts::{self as views, PayValues};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

async fn debts_view(
    app: &App,
    shell: &Shell,
    req: &Request,
    v: &PayValues,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let (today, till) = (app.clock.business_day(), till_here(app, req).await?);
    let (list, open) = app.db.read(move |c| ops::debts_page(c, today, till.id)).await?;
    Ok(views::debts(&shell.csrf, &list, open, v, e))
}

#[handler]
pub async fn debts(Data(app): Data<&App>, hx: Hx, shell: Shell, req: &Request) -> Result<Response, AppError> {
    let v = PayValues { man: 0, amount: String::new(), token: random_hex(16) };
    let main = debts_view(app, &shell, req, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Ce que doivent les livreurs", main))
}

#[handler]
pub async fn pay(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Path(id): Path<i64>,
    Form(f): Form<PayForm>,
) -> Result<Response, AppError> {
    let till = till_here(app, req).await?;
    let result = match f.parse(till.id) {
        Ok(d) => crate::printing::woken(app.db.write(move |tx| ops::pay(tx, &st, id, &d)).await),
        Err(e) => Err(e.into()),
    };
    hx::kept(
        result,
        |_| hx::redirect(hx, "/livraisons/dettes?ok=paiement-livreur"),
        async |e| {
            let main = debts_view(app, &shell, req, &f.values(id), &e).await?;
            Ok(hx::invalid(hx, &shell, "Ce que doivent les livreurs", main))
        },
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Period {
    du: String,
    au: String,
}

#[handler]
pub async fn report(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(p): Query<Period>,
) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let from = if p.du.is_empty() { (today - chrono::Duration::days(30)).to_string() } else { p.du };
    let to = if p.au.is_empty() { today.to_string() } else { p.au };
    let (f, t) = (from.clone(), to.clone());
    let lines = app.db.read(move |c| ops::report::report(c, &f, &t)).await?;
    Ok(hx::page(hx, &shell, "Rapport des livraisons", views::report(&from, &to, &lines)))
}
