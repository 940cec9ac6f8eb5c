//! Routes of the sales pages: a day's tickets, a ticket, its receipt, reprints, refunds.

use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::current_till;
use crate::audit::Stamp;
use crate::auth::ops::Authorised;
use crate::auth::{CurrentUser, Permission};
use crate::cash;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::pos::ops::{self, receipt};
use crate::pos::views::sales::{self as views, Filters, RefundForm};
use crate::pos::{Destination, PayMethod, RefundDraft, RefundLineDraft, Ticket, store};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    jour: String,
    caisse: String,
    vendeuse: String,
    numero: String,
}

#[handler]
pub async fn list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let day = chrono::NaiveDate::parse_from_str(q.jour.trim(), "%Y-%m-%d").unwrap_or_else(|_| app.clock.business_day());
    let f =
        Filters { day: day.to_string(), till: q.caisse.clone(), seller: q.vendeuse.clone(), number: q.numero.clone() };
    let (till, seller) = (q.caisse.parse::<i64>().ok(), q.vendeuse.parse::<i64>().ok());
    let d = f.day.clone();
    let number = q.numero.trim().to_string();
    let (tills, sellers, tickets, totals, refunds) = app
        .db
        .read(move |c| {
            Ok((
                cash::store::tills(c)?,
                store::sellers(c)?,
                store::tickets_of_day(c, &d, till, seller, &number)?,
                store::day_totals(c, &d, till)?,
                store::refunds_of_day(c, &d)?,
            ))
        })
        .await?;
    let main = views::list(&f, &tills, &sellers, &tickets, &totals, &refunds, &app.clock);
    Ok(hx::page(hx, &shell, "Ventes", main))
}

async fn ticket_page(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    f: RefundForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let (t, doc) = app.db.read(move |c| receipt::ticket_doc(c, id, false)).await?;
    let f = if f.token.is_empty() {
        RefundForm { token: crate::auth::random_hex(16), method: "especes".into(), ..f }
    } else {
        f
    };
    let main = views::ticket(
        &t,
        crate::printing::html(&doc),
        &app.clock,
        &shell.csrf,
        me.can(Permission::Refund),
        &f,
        &errors,
    );
    let title = format!("Ticket {}", t.summary.number);
    Ok(if errors.is_empty() { hx::page(hx, shell, &title, main) } else { hx::invalid(hx, shell, &title, main) })
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    ticket_page(app, hx, &shell, &me, id, RefundForm::default(), FieldErrors::new()).await
}

/// The receipt as a page: what a till without a receipt printer prints from the browser.
#[handler]
pub async fn receipt_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (t, doc) = app.db.read(move |c| receipt::ticket_doc(c, id, false)).await?;
    let main = views::receipt_page(crate::printing::html(&doc), &format!("/ventes/{id}"));
    Ok(hx::page(hx, &shell, &format!("Ticket {}", t.summary.number), main))
}

/// A credit note alone on a page, for a till without a receipt printer (the browser prints it).
#[handler]
pub async fn credit_note_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (r, doc) = app.db.read(move |c| receipt::credit_note_doc(c, id, false)).await?;
    let main = views::receipt_page(crate::printing::html(&doc), &format!("/ventes/{}", r.sale_id));
    Ok(hx::page(hx, &shell, &format!("Avoir {}", r.number), main))
}

/// Prints the ticket again, marked DUPLICATA; never opens the drawer.
#[handler]
pub async fn reprint(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| receipt::reprint_ticket(tx, &st.actor, id, &st.now)).await?;
    crate::printing::wake();
    Ok(hx::redirect(hx, &format!("/ventes/{id}?ok=duplicata")))
}

#[handler]
pub async fn reprint_credit_note(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let sale_id = app.db.write(move |tx| receipt::reprint_credit_note(tx, &st.actor, id, &st.now)).await?;
    crate::printing::wake();
    Ok(hx::redirect(hx, &format!("/ventes/{sale_id}?ok=duplicata")))
}

/// Reads the refund form: a quantity and a destination per line, the reason, the method, and who
/// approves it (the till's form, for a seller without the right to refund).
pub(super) fn read_refund(
    t: &Ticket,
    pairs: &[(String, String)],
) -> (RefundForm, Result<Vec<RefundLineDraft>, FieldErrors>) {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let (token, reason, method, approver) = (get("token"), get("reason"), get("method"), get("approver_id"));
    let mut f = RefundForm { token, reason, method, approver, lines: Vec::new() };
    let mut errors = FieldErrors::new();
    let mut lines = Vec::new();
    for l in &t.lines {
        let (qty, dest) = (get(&format!("qty-{}", l.id)), get(&format!("dest-{}", l.id)));
        f.lines.push((l.id, qty.clone(), dest.clone()));
        if qty.is_empty() || qty == "0" {
            continue;
        }
        let destination = if dest == "perte" { Destination::Waste } else { Destination::Counter };
        match l.unit.parse_positive(&qty) {
            Ok(q) => lines.push(RefundLineDraft { line_id: l.id, qty: q, destination }),
            Err(m) => errors.add(&format!("qty-{}", l.id), m),
        }
    }
    if PayMethod::from_code(&f.method).is_none() {
        errors.add("method", "Choisissez comment le client est remboursé.");
    }
    (f, errors.into_result(lines))
}

/// The refund asked for at the till `till_id`.
pub(super) fn draft(f: &RefundForm, sale_id: i64, till_id: i64, lines: Vec<RefundLineDraft>) -> RefundDraft {
    let method = PayMethod::from_code(&f.method).unwrap_or(PayMethod::Cash);
    RefundDraft { token: f.token.clone(), sale_id, till_id, lines, reason: f.reason.clone(), method }
}

/// A refusal of the refund, said at the top of its form; a missing line, there too.
pub(super) fn refund_errors(e: AppError) -> Result<FieldErrors, AppError> {
    match e {
        AppError::Invalid(mut errors) => {
            if let Some(m) = errors.get("lines").map(str::to_string) {
                errors.add("_form", m);
            }
            Ok(errors)
        }
        e @ (AppError::Refused { .. } | AppError::Rule(_)) => {
            let mut errors = FieldErrors::new();
            errors.add("_form", e.user_message());
            Ok(errors)
        }
        e => Err(e),
    }
}

#[handler]
pub async fn refund(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    req: &poem::Request,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let t = app.db.read(move |c| receipt::ticket(c, id)).await?;
    let (f, lines) = read_refund(&t, &pairs);
    let result = match lines {
        // The money leaves the drawer of the till where the customer stands, not the one that sold.
        Ok(lines) => {
            let d = draft(&f, id, current_till(app, req).await?.id, lines);
            let (user, st) = (me.clone(), Stamp::new(me.actor(), &app.clock));
            app.db.write(move |tx| ops::refund(tx, &st, &user, &d, None)).await.and_then(Authorised::done)
        }
        Err(errors) => Err(errors.into()),
    };
    match result {
        Ok(r) => {
            crate::printing::wake();
            // "Printed" only when the till has a printer; else the credit note waits on this page.
            Ok(hx::redirect(hx, &format!("/ventes/{id}?ok={}", if r.prints { "avoir" } else { "avoir-a-imprimer" })))
        }
        Err(e) => ticket_page(app, hx, &shell, &me, id, f, refund_errors(e)?).await,
    }
}
