//! Routes of the till screen: the page, the priced cart, the checkout (with a discount's approval),
//! the receipt after it, parked tickets, scans. The till's refunds are in `refund`.

use maud::Markup;
use poem::http::StatusCode;
use poem::web::{Data, Form, Json, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use rusqlite::Connection;
use serde::Deserialize;

use super::current_till;
use crate::audit::Stamp;
use crate::auth::ops::{Approval, Authorised, Need};
use crate::auth::{CurrentUser, Permission};
use crate::cash::{self, Till};
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::pos::ops::Checkout;
use crate::pos::ops::quote::{Quote, quote};
use crate::pos::views::till as views;
use crate::pos::{Cart, CheckoutDraft, ForSale, Tender, ops, store};
use crate::printing::TillHealth;
use crate::state::App;
use crate::ui::Shell;

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

/// What the till screen needs once its shift is open: the products for sale, how many tickets
/// wait, the printer's state, who may approve a discount. None while the shift is closed.
struct Screen {
    for_sale: Vec<ForSale>,
    waiting: usize,
    printer: TillHealth,
    approvers: Vec<(i64, String)>,
}

fn screen(c: &Connection, till: &Till, me: i64) -> Result<Option<Screen>, AppError> {
    if cash::store::open_shift(c, till.id)?.is_none() {
        return Ok(None);
    }
    Ok(Some(Screen {
        for_sale: store::for_sale(c, till.location_id)?,
        waiting: store::parked(c, till.id)?.len(),
        printer: crate::printing::store::till_health(c, till.id)?,
        approvers: crate::auth::ops::approvers(c, Need::Discount { pct: 0 }, me)?,
    }))
}

/// The till: a screen of its own while its drawer is open (no site menu), else the page that
/// says it is closed.
#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    req: &Request,
) -> Result<Response, AppError> {
    let (till, who) = (current_till(app, req).await?, me.id);
    let t = till.clone();
    let Some(s) = app.db.read(move |c| screen(c, &t, who)).await? else {
        return Ok(hx::page(hx, &shell, "Caisse", views::closed(&till, me.can(Permission::CashHold))));
    };
    let seller = if me.display_name.trim().is_empty() { &me.username } else { &me.display_name };
    let (printer, approvers, orders) = (&s.printer, &s.approvers, me.can(Permission::OrdersTake));
    let page = views::Page { till: &till, seller, parked: s.waiting, printer, approvers, orders };
    let main = views::page(&page, &s.for_sale, &empty_quote(), &crate::auth::random_hex(16));
    Ok(hx::screen(hx, &shell, "Caisse", main))
}

#[handler]
pub async fn products(Data(app): Data<&App>, req: &Request) -> Result<Markup, AppError> {
    let till = current_till(app, req).await?;
    let list = app.db.read(move |c| Ok(store::for_sale(c, till.location_id)?)).await?;
    Ok(views::grid(&list))
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
        Ok(q) => views::cart(&q),
        Err(e @ (AppError::Refused { .. } | AppError::Rule(_))) => views::cart_problem(&e.user_message()),
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
    /// Who approves a discount beyond the seller's limit, and her PIN (empty: nobody).
    #[serde(default)]
    approver_id: String,
    #[serde(default)]
    pin: String,
}

impl CheckoutForm {
    /// The cart and the payments the tablet sent (JSON), with the reason typed in the panel and
    /// the approval, if someone gave one.
    fn parse(self) -> Result<(CheckoutDraft, Option<Approval>), AppError> {
        let mut basket = read_cart(&self.cart)?;
        if !self.discount_reason.trim().is_empty() {
            basket.discount_reason = self.discount_reason.trim().to_string();
        }
        let payments: Vec<Tender> = serde_json::from_str(&self.payments)
            .map_err(|_| AppError::rule("Paiements illisibles : recommencez l'encaissement."))?;
        let approval = approval_of(&self.approver_id, &self.pin);
        Ok((CheckoutDraft { token: self.token, till_id: self.till_id, cart: basket, payments }, approval))
    }
}

/// An approval as typed at the till: someone chosen and a PIN (none when no PIN was typed).
pub(super) fn approval_of(approver_id: &str, pin: &str) -> Option<Approval> {
    let pin = pin.trim();
    (!pin.is_empty()).then(|| Approval { approver_id: approver_id.trim().parse().unwrap_or(0), pin: pin.to_string() })
}

/// Records the ticket. The same token again (a double tap, a retry after a dropped connection)
/// answers the same ticket; the same token with another cart shows that first ticket, warned.
#[handler]
pub async fn checkout(
    Data(app): Data<&App>,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<CheckoutForm>,
) -> Result<Response, AppError> {
    let (d, approval) = f.parse()?;
    let result = app.db.write(move |tx| ops::checkout(tx, &st, &me, &d, approval.as_ref())).await;
    checkout_answer(result)
}

/// The payment panel's answer to a checkout: the ticket, or why not, where the person is looking
/// (the cart is kept). A discount beyond the seller's limit opens the approval fields.
fn checkout_answer(result: Result<Authorised<Checkout>, AppError>) -> Result<Response, AppError> {
    let needs_approval = |body: Markup, status: StatusCode| {
        body.with_status(status).with_header("HX-Trigger", r#"{"till-need-approval": true}"#).into_response()
    };
    Ok(match result {
        Ok(Authorised::Done(done)) => {
            crate::printing::wake();
            let body = views::done(done.ticket(), done.warning().as_deref());
            body.with_header("HX-Trigger", r#"{"sale-done": true}"#).into_response()
        }
        Ok(Authorised::Denied(d)) => needs_approval(views::refused(&d.message()), d.clone().into_error().status()),
        // A missing discount reason: said in the payment panel, beside its field.
        Err(AppError::Invalid(errors)) => views::reason_needed(&errors)
            .with_status(StatusCode::UNPROCESSABLE_ENTITY)
            .with_header("HX-Trigger", r#"{"till-need-reason": true}"#)
            .into_response(),
        Err(e @ AppError::Refused { code: "discount_limit", .. }) => {
            needs_approval(views::approval_needed(&e.user_message()), StatusCode::CONFLICT)
        }
        Err(e @ (AppError::Refused { .. } | AppError::Rule(_))) => {
            views::refused(&e.user_message()).with_status(StatusCode::CONFLICT).into_response()
        }
        Err(e) => return Err(e),
    })
}

/// A ticket's receipt in the payment window ("Voir le ticket"); a whole page elsewhere.
#[handler]
pub async fn receipt(Data(app): Data<&App>, hx: Hx, Path(id): Path<i64>) -> Result<Response, AppError> {
    if !hx.wants_fragment() {
        return Ok(hx::redirect(hx, &format!("/ventes/{id}/recu")));
    }
    let (doc, prints) = app.db.read(move |c| ops::receipt::ticket_receipt(c, id)).await?;
    Ok(views::receipt(id, crate::printing::html(&doc), prints).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ParkForm {
    cart: String,
    #[serde(default)]
    label: String,
}

/// Puts the ticket on hold; anyone at this till can recall it. Answers the new count.
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
    let label = f.label.trim().to_string();
    let count = app.db.write(move |tx| ops::parked::park(tx, till.id, me.id, &basket, &f.label, &now)).await?;
    let trigger = hx::trigger(&serde_json::json!({"till-parked": {"count": count, "label": label}}));
    Ok(views::parked_count(count).with_header("HX-Trigger", trigger).into_response())
}

/// The tickets waiting at this till, with their amount, time and seller (asked for, never shown
/// by itself).
#[handler]
pub async fn parked(Data(app): Data<&App>, req: &Request) -> Result<Markup, AppError> {
    let till = current_till(app, req).await?;
    let list = app.db.read(move |c| ops::parked::waiting(c, &till)).await?;
    Ok(views::parked(&list, &app.clock))
}

/// Takes a parked ticket back into the till (once: two tablets cannot both recall it).
#[handler]
pub async fn recall(Data(app): Data<&App>, req: &Request, Path(id): Path<i64>) -> Result<Response, AppError> {
    let till = current_till(app, req).await?;
    let (basket, count) = app.db.write(move |tx| ops::parked::recall(tx, till.id, id)).await?;
    let trigger = hx::trigger(&serde_json::json!({"till-recalled": {"cart": basket, "count": count}}));
    Ok(views::parked_count(count).with_header("HX-Trigger", trigger).into_response())
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
