//! Routes of the till's refund, fragments of its dialog: the recent tickets, one ticket's refund
//! form, the refund itself. A seller without the right to refund brings the approval of someone
//! who has it (her PIN, for this refund only); the operation checks it.

use poem::http::StatusCode;
use poem::web::{Data, Form, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::current_till;
use super::sales::{draft, read_refund, refund_errors};
use super::till::approval_of;
use crate::audit::Stamp;
use crate::auth::ops::{Approval, Authorised, Need};
use crate::auth::{CurrentUser, Permission};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::pos::ops::{self, receipt};
use crate::pos::views::refund as views;
use crate::pos::views::sales::RefundForm;
use crate::pos::{PayMethod, Refunded, Ticket, store};
use crate::state::App;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindQuery {
    numero: String,
}

/// The latest tickets of this till, or those whose number ends with the digits typed.
#[handler]
pub async fn find(
    Data(app): Data<&App>,
    hx: Hx,
    req: &Request,
    Query(q): Query<FindQuery>,
) -> Result<Response, AppError> {
    if !hx.wants_fragment() {
        return Ok(hx::redirect(hx, "/caisse"));
    }
    let till = current_till(app, req).await?;
    let number: String = q.numero.chars().filter(char::is_ascii_digit).collect();
    let n = number.clone();
    let list = app.db.read(move |c| Ok(store::recent_tickets(c, till.id, &n, 20)?)).await?;
    Ok(views::finder(&list, &number, &app.clock).into_response())
}

/// The refund form of one ticket, with a fresh one-time token.
#[handler]
pub async fn form(Data(app): Data<&App>, hx: Hx, me: CurrentUser, Path(id): Path<i64>) -> Result<Response, AppError> {
    if !hx.wants_fragment() {
        return Ok(hx::redirect(hx, "/caisse"));
    }
    let t = app.db.read(move |c| receipt::ticket(c, id)).await?;
    let f = RefundForm { token: crate::auth::random_hex(16), method: "especes".into(), ..RefundForm::default() };
    form_answer(app, &me, &t, &f, &FieldErrors::new(), StatusCode::OK).await
}

/// Refunds what the form says from this till's drawer (or bank, or as a voucher).
#[handler]
pub async fn refund(
    Data(app): Data<&App>,
    me: CurrentUser,
    st: Stamp,
    req: &Request,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let till = current_till(app, req).await?;
    let t = app.db.read(move |c| receipt::ticket(c, id)).await?;
    let (f, lines) = read_refund(&t, &pairs);
    let approval = approval_typed(&f, &pairs);
    let result = match lines {
        Ok(lines) => {
            let (d, user) = (draft(&f, id, till.id, lines), me.clone());
            app.db.write(move |tx| ops::refund(tx, &st, &user, &d, approval.as_ref())).await
        }
        Err(errors) => Err(errors.into()),
    };
    refund_answer(app, &me, &t, &f, result).await
}

/// The approval typed in the refund form: who was chosen and her PIN (never kept in the form, so
/// never shown again).
fn approval_typed(f: &RefundForm, pairs: &[(String, String)]) -> Option<Approval> {
    let pin = pairs.iter().find(|(k, _)| k == "pin").map(|(_, v)| v.as_str()).unwrap_or("");
    approval_of(&f.approver, pin)
}

/// The dialog's answer: the credit note, or the form again with why not (a wrong PIN beside it).
async fn refund_answer(
    app: &App,
    me: &CurrentUser,
    t: &Ticket,
    f: &RefundForm,
    result: Result<Authorised<Refunded>, AppError>,
) -> Result<Response, AppError> {
    let (errors, status) = match result {
        Ok(Authorised::Done(r)) => {
            crate::printing::wake();
            let id = r.id;
            let (_, doc) = app.db.read(move |c| receipt::credit_note_doc(c, id, false)).await?;
            let method = PayMethod::from_code(&f.method).unwrap_or(PayMethod::Cash);
            let body = views::done(&r, method, crate::printing::html(&doc));
            return Ok(body.with_header("HX-Trigger", r#"{"refund-done": true}"#).into_response());
        }
        Ok(Authorised::Denied(d)) => {
            let mut errors = FieldErrors::new();
            errors.add("pin", d.message());
            (errors, d.into_error().status())
        }
        Err(e) => (refund_errors(e)?, StatusCode::UNPROCESSABLE_ENTITY),
    };
    form_answer(app, me, t, f, &errors, status).await
}

/// The refund form, with who may approve it when the seller may not refund herself.
async fn form_answer(
    app: &App,
    me: &CurrentUser,
    t: &Ticket,
    f: &RefundForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let approvers = if me.can(Permission::Refund) {
        None
    } else {
        let who = me.id;
        Some(app.db.read(move |c| crate::auth::ops::approvers(c, Need::Permission(Permission::Refund), who)).await?)
    };
    let ask = views::Ask { ticket: t, form: f, errors, approvers: approvers.as_deref() };
    Ok(views::form(&ask, &app.clock).with_status(status).into_response())
}
