//! Routes of the actions on one order, each one operation: pay, receive from the lab, hand over
//! (with the balance), cancel, reprint. Print jobs are woken after commit.

use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::forms::{CancelForm, HandOverForm, PaymentForm};
use super::pages::render_detail;
use super::till_here;
use crate::audit::Stamp;
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::orders::ops;
use crate::state::App;
use crate::ui::Shell;

use crate::printing::woken;

#[handler]
pub async fn pay(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Path(id): Path<i64>,
    Form(f): Form<PaymentForm>,
) -> Result<Response, AppError> {
    let till = till_here(app, req).await?;
    let result = match f.required() {
        Ok(d) => woken(app.db.write(move |tx| ops::pay(tx, &st, id, till.id, &d)).await),
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/commandes/{id}?ok=commande-payee")),
        async |e| render_detail(app, hx, &shell, req, id, &e).await,
    )
    .await
}

/// Where to go back after a tap on a board (the day's page), else the order.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Back {
    retour: String,
}

impl Back {
    fn to(&self, id: i64, ok: &str) -> String {
        match self.retour.as_str() {
            "jour" => format!("/commandes/jour?ok={ok}"),
            _ => format!("/commandes/{id}?ok={ok}"),
        }
    }
}

#[handler]
pub async fn receive(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
    Form(b): Form<Back>,
) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::receive(tx, &st, id)).await?;
    Ok(hx::redirect(hx, &b.to(id, "commande-recue")))
}

#[handler]
pub async fn hand_over(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Path(id): Path<i64>,
    Form(f): Form<HandOverForm>,
) -> Result<Response, AppError> {
    let till = till_here(app, req).await?;
    let result = match f.parse(till.id) {
        Ok(d) => woken(app.db.write(move |tx| ops::hand_over(tx, &st, id, &d)).await),
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/commandes/{id}?ok=commande-remise")),
        async |e| render_detail(app, hx, &shell, req, id, &e).await,
    )
    .await
}

#[handler]
pub async fn cancel(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Path(id): Path<i64>,
    Form(f): Form<CancelForm>,
) -> Result<Response, AppError> {
    let till = till_here(app, req).await?;
    let result = match f.parse(till.id) {
        Ok(d) => woken(app.db.write(move |tx| ops::cancel(tx, &st, id, &d)).await),
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/commandes/{id}?ok=commande-annulee")),
        async |e| render_detail(app, hx, &shell, req, id, &e).await,
    )
    .await
}

#[handler]
pub async fn reprint(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    req: &Request,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let till = till_here(app, req).await?;
    woken(app.db.write(move |tx| ops::slips::reprint(tx, &st, id, &till)).await)?;
    Ok(hx::redirect(hx, &format!("/commandes/{id}?ok=duplicata")))
}
