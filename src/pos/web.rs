//! Routes of the till screen: the page, the priced cart, the checkout, parked tickets, scans.

use maud::Markup;
use poem::http::StatusCode;
use poem::web::{Data, Form, Json, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::quote::{Quote, quote};
use super::{Cart, CheckoutDraft, Tender, store, till_views};
use crate::auth::{CurrentUser, Permission};
use crate::cash::{self, TILL_COOKIE, Till};
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// The till this tablet works at (its cookie, else the first active till).
pub async fn current_till(app: &App, req: &Request) -> Result<Till, AppError> {
    let cookie = crate::auth::session::cookie(req, TILL_COOKIE);
    Ok(app.db.read(move |c| cash::ops::till_here(c, cookie.as_deref())).await?.1)
}

fn empty_quote() -> Quote {
    Quote {
        lines: Vec::new(),
        gross: Default::default(),
        discount: Default::default(),
        total: Default::default(),
        worst_pct: 0,
        shortages: Vec::new(),
    }
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    req: &Request,
) -> Result<Response, AppError> {
    let till = current_till(app, req).await?;
    let t = till.clone();
    let (shift, for_sale, on_hold, printer) = app
        .db
        .read(move |c| {
            Ok((
                cash::store::open_shift(c, t.id)?,
                store::for_sale(c, t.location_id)?,
                store::parked(c, t.id)?,
                crate::printing::store::till_health(c, t.id)?,
            ))
        })
        .await?;
    let main = match shift {
        None => till_views::closed(&till, me.can(Permission::CashHold)),
        Some(_) => {
            let token = crate::auth::random_hex(16);
            let page =
                till_views::Page { till: &till, seller: &me.display_name, parked: on_hold.len(), printer: &printer };
            till_views::page(&page, &for_sale, &empty_quote(), &token)
        }
    };
    Ok(hx::page(hx, &shell, "Caisse", main))
}

#[handler]
pub async fn products(Data(app): Data<&App>, req: &Request) -> Result<Markup, AppError> {
    let till = current_till(app, req).await?;
    let list = app.db.read(move |c| Ok(store::for_sale(c, till.location_id)?)).await?;
    Ok(till_views::grid(&list))
}

#[derive(Debug, Deserialize)]
pub struct CartForm {
    cart: String,
}

fn read_cart(text: &str) -> Result<Cart, AppError> {
    if text.trim().is_empty() || text.trim() == "{}" {
        return Ok(Cart::default());
    }
    serde_json::from_str(text).map_err(|_| AppError::rule("Ticket illisible : videz-le et recommencez."))
}

/// The cart priced by the server: what the tablet shows.
#[handler]
pub async fn cart(Data(app): Data<&App>, req: &Request, Form(f): Form<CartForm>) -> Result<Markup, AppError> {
    let till = current_till(app, req).await?;
    let basket = read_cart(&f.cart)?;
    // A cart the till cannot price (a product archived since it was kept in the tablet) says so
    // in place of the lines, with the way out.
    Ok(match app.db.read(move |c| quote(c, &till, &basket)).await {
        Ok(q) => till_views::cart(&q),
        Err(e @ (AppError::Refused { .. } | AppError::Rule(_))) => till_views::cart_problem(&e.user_message()),
        Err(e) => return Err(e),
    })
}

#[derive(Debug, Deserialize)]
pub struct CheckoutForm {
    cart: String,
    payments: String,
    token: String,
    till_id: i64,
    #[serde(default)]
    discount_reason: String,
}

/// Records the ticket. The same token again (a double tap, a retry after a dropped connection)
/// answers the same ticket.
#[handler]
pub async fn checkout(
    Data(app): Data<&App>,
    me: CurrentUser,
    Form(f): Form<CheckoutForm>,
) -> Result<Response, AppError> {
    let mut basket = read_cart(&f.cart)?;
    if !f.discount_reason.trim().is_empty() {
        basket.discount_reason = f.discount_reason.trim().to_string();
    }
    let payments: Vec<Tender> = serde_json::from_str(&f.payments)
        .map_err(|_| AppError::rule("Paiements illisibles : recommencez l'encaissement."))?;
    let d = CheckoutDraft { token: f.token, till_id: f.till_id, cart: basket, payments };
    let (user, now, day) = (me.clone(), app.clock.now_text(), app.clock.business_day());
    let result = app.db.write(move |tx| super::ops::checkout(tx, &user, &d, &now, day)).await;
    let mut warning = None;
    let id = match result {
        Ok(id) => id,
        // The token was already used for another cart: show the ticket that was recorded, so the
        // seller sees what was sold (and sells the rest as a new ticket).
        Err(AppError::Refused { code: "token_reused", message, detail }) => {
            warning = Some(message);
            detail.get("sale_id").and_then(|v| v.parse().ok()).ok_or(AppError::NotFound)?
        }
        // A missing discount reason: said in the payment panel, beside its field.
        Err(AppError::Invalid(errors)) => {
            let message = errors.get("discount_reason").unwrap_or("Vérifiez le ticket.").to_string();
            return Ok(maud::html! { p.form-error data-field="discount_reason" { (message) } }
                .with_status(StatusCode::UNPROCESSABLE_ENTITY)
                .with_header("HX-Trigger", r#"{"till-need-reason": true}"#)
                .into_response());
        }
        // A refusal stays in the payment panel, where the person is looking; the cart is kept.
        Err(e @ (AppError::Refused { .. } | AppError::Rule(_))) => {
            return Ok(maud::html! { p.form-error role="alert" { (e.user_message()) } }
                .with_status(StatusCode::CONFLICT)
                .into_response());
        }
        Err(e) => return Err(e),
    };
    crate::printing::wake();
    let (ticket, till) = app
        .db
        .read(move |c| {
            let t = super::receipt::ticket(c, id)?;
            let till = cash::store::till(c, t.summary.till_id)?.ok_or(AppError::NotFound)?;
            Ok((t, till))
        })
        .await?;
    let s = &ticket.summary;
    let body = till_views::done(&s.number, s.total, s.change, s.id, till.printer_driver == "aucun", warning.as_deref());
    Ok(body.with_header("HX-Trigger", r#"{"sale-done": true}"#).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ParkForm {
    cart: String,
    #[serde(default)]
    label: String,
}

/// Puts the ticket on hold; anyone at this till can recall it.
#[handler]
pub async fn park(
    Data(app): Data<&App>,
    me: CurrentUser,
    req: &Request,
    Form(f): Form<ParkForm>,
) -> Result<Response, AppError> {
    let till = current_till(app, req).await?;
    let basket = read_cart(&f.cart)?;
    let now = app.clock.now_text();
    let list = app.db.write(move |tx| super::parked::park(tx, till.id, me.id, &basket, &f.label, &now)).await?;
    let trigger = hx::trigger(&serde_json::json!({"till-parked": {"count": list.len()}}));
    Ok(till_views::parked(&list).with_header("HX-Trigger", trigger).into_response())
}

#[handler]
pub async fn parked(Data(app): Data<&App>, req: &Request) -> Result<Markup, AppError> {
    let till = current_till(app, req).await?;
    let list = app.db.read(move |c| Ok(store::parked(c, till.id)?)).await?;
    Ok(till_views::parked(&list))
}

/// Takes a parked ticket back into the till (once: two tablets cannot both recall it).
#[handler]
pub async fn recall(Data(app): Data<&App>, req: &Request, Path(id): Path<i64>) -> Result<Response, AppError> {
    let till = current_till(app, req).await?;
    let (basket, list) = app.db.write(move |tx| super::parked::recall(tx, till.id, id)).await?;
    let trigger = hx::trigger(&serde_json::json!({"till-recalled": {"cart": basket, "count": list.len()}}));
    Ok(till_views::parked(&list).with_header("HX-Trigger", trigger).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ScanQuery {
    c: String,
}

/// A scanned code → the product and what one scan means (None: weigh it).
#[handler]
pub async fn scan(Data(app): Data<&App>, Query(q): Query<ScanQuery>) -> Result<Response, AppError> {
    let code = q.c.trim().to_string();
    let found = app.db.read(move |c| Ok(store::scan(c, &code)?)).await?;
    Ok(match found {
        Some((id, qty, unit)) => Json(serde_json::json!({"product_id": id, "qty": qty, "unit": unit})).into_response(),
        None => Json(serde_json::json!({"error": format!("Code-barres « {} » inconnu.", q.c.trim())}))
            .with_status(StatusCode::NOT_FOUND)
            .into_response(),
    })
}
