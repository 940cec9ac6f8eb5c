//! Routes of the shift at the counter: open with a count, move cash, close blind.

use poem::web::{Data, Form, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;

use crate::auth::{CurrentUser, random_hex, session};
use crate::cash::ops::{self, CloseDraft, Float, MovementInput, OpenDraft};
use crate::cash::views::shift::{self as views, CountValues, MovementValues};
use crate::cash::{Counts, Purpose, TILL_COOKIE, Till, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

type Pairs = Vec<(String, String)>;

fn get(pairs: &Pairs, k: &str) -> String {
    pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn token_of(pairs: &Pairs) -> Option<String> {
    Some(get(pairs, "token")).filter(|t| !t.is_empty())
}

fn counts_of(pairs: &Pairs, errors: &mut FieldErrors) -> (Counts, CountValues) {
    let counts = Counts::parse(|k| get(pairs, k), errors);
    let values = CountValues {
        counts: pairs.iter().filter(|(k, _)| k.starts_with("c_")).cloned().collect(),
        next_float: get(pairs, "next_float"),
        comment: get(pairs, "comment"),
        token: get(pairs, "token"),
    };
    (counts, values)
}

fn render(hx: Hx, shell: &Shell, title: &str, main: maud::Markup, errors: &FieldErrors) -> Response {
    if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) }
}

/// Every till, and the one this tablet works at (its cookie, else the first active till).
async fn current_till(app: &App, cookie: Option<String>) -> Result<(Vec<Till>, Till), AppError> {
    app.db.read(move |c| ops::till_here(c, cookie.as_deref())).await
}

#[derive(Deserialize)]
pub struct TillQuery {
    caisse: Option<i64>,
}

async fn session_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    cookie: Option<String>,
    values: CountValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (tills, till) = current_till(app, cookie).await?;
    let id = till.id;
    let (shift, carried) = app
        .db
        .read(move |c| {
            let shift = match store::open_shift(c, id)? {
                Some(s) => Some((store::user_name(c, s.opened_by)?, s)),
                None => None,
            };
            let carried = store::last_closed(c, id)?.and_then(|s| s.next_float).unwrap_or(Money::ZERO);
            Ok((shift, carried))
        })
        .await?;
    let s = shift.as_ref().map(|(n, s)| (s, n.as_str()));
    let main = views::session(&app.clock, &shell.csrf, &tills, &till, s, carried, &values, errors);
    Ok(render(hx, shell, "Caisse", main, errors))
}

fn fresh_counts() -> CountValues {
    CountValues { token: random_hex(16), ..Default::default() }
}

#[handler]
pub async fn session_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    req: &Request,
    Query(q): Query<TillQuery>,
) -> Result<Response, AppError> {
    let chosen = q.caisse.map(|c| c.to_string());
    let cookie = chosen.clone().or_else(|| session::cookie(req, TILL_COOKIE));
    let mut resp = session_response(app, hx, &shell, cookie, fresh_counts(), &FieldErrors::new()).await?;
    if let Some(c) = chosen {
        let value = session::set_cookie(app, TILL_COOKIE, &c, 400 * 24 * 3600);
        resp.headers_mut().append(poem::http::header::SET_COOKIE, value.parse().map_err(anyhow::Error::from)?);
    }
    Ok(resp)
}

#[handler]
pub async fn open(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let (counts, values) = counts_of(&pairs, &mut errors);
    let till = get(&pairs, "till");
    let result = match till.parse::<i64>() {
        Ok(till_id) if errors.is_empty() => {
            let d = OpenDraft { till_id, float: Float::Counted(counts), token: token_of(&pairs) };
            let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
            app.db.write(move |tx| ops::open(tx, &actor, &d, &now, day)).await
        }
        Ok(_) => Err(AppError::Invalid(errors)),
        Err(_) => Err(AppError::NotFound),
    };
    match result {
        Ok(_) => Ok(hx::redirect(hx, &format!("/caisse/session?caisse={till}"))),
        Err(AppError::Invalid(e)) => session_response(app, hx, &shell, Some(till), values, &e).await,
        Err(e) => Err(e),
    }
}

/// "Sans vente": the drawer opens, nothing moves, the audit log keeps who and why.
#[handler]
pub async fn no_sale(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let till = get(&pairs, "till");
    let till_id = till.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let m = MovementInput {
        till_id,
        purpose: Purpose::NoSale,
        amount: Money::ZERO,
        reason: get(&pairs, "reason"),
        token: token_of(&pairs),
    };
    let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
    match app.db.write(move |tx| ops::move_cash(tx, &actor, &m, &now, day)).await {
        Ok(_) => Ok(hx::redirect(hx, "/caisse/session")),
        Err(AppError::Invalid(e)) => {
            let values =
                CountValues { token: get(&pairs, "token"), comment: get(&pairs, "reason"), ..Default::default() };
            session_response(app, hx, &shell, Some(till), values, &e).await
        }
        Err(e) => Err(e),
    }
}

async fn movements_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    cookie: Option<String>,
    values: MovementValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (_, till) = current_till(app, cookie).await?;
    let id = till.id;
    let (shift, list) = app
        .db
        .read(move |c| {
            let shift = store::open_shift(c, id)?;
            let list = match &shift {
                Some(s) => store::movements(c, s.id)?,
                None => Vec::new(),
            };
            Ok((shift, list))
        })
        .await?;
    let main = views::movements(&app.clock, &shell.csrf, &till, shift.as_ref(), &list, &values, errors);
    Ok(render(hx, shell, "Entrées et sorties", main, errors))
}

#[handler]
pub async fn movements_page(Data(app): Data<&App>, hx: Hx, shell: Shell, req: &Request) -> Result<Response, AppError> {
    let values =
        MovementValues { token: random_hex(16), purpose: Purpose::Expense.code().into(), ..Default::default() };
    movements_response(app, hx, &shell, session::cookie(req, TILL_COOKIE), values, &FieldErrors::new()).await
}

#[handler]
pub async fn add_movement(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let values = MovementValues {
        purpose: get(&pairs, "purpose"),
        amount: get(&pairs, "amount"),
        reason: get(&pairs, "reason"),
        token: get(&pairs, "token"),
    };
    let till = get(&pairs, "till");
    let mut errors = FieldErrors::new();
    let purpose = Purpose::from_code(&values.purpose).filter(|p| *p != Purpose::NoSale).unwrap_or_else(|| {
        errors.add("purpose", "Choisissez la nature du mouvement.");
        Purpose::Expense
    });
    let amount = Money::parse_signed(&values.amount).unwrap_or_else(|_| {
        errors.add("amount", "Un montant comme 1 500 ou 1 234,50.");
        Money::ZERO
    });
    let till_id = till.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let result = if errors.is_empty() {
        let m = MovementInput { till_id, purpose, amount, reason: values.reason.clone(), token: token_of(&pairs) };
        let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
        app.db.write(move |tx| ops::move_cash(tx, &actor, &m, &now, day)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(_) => Ok(hx::redirect(hx, "/caisse/mouvements")),
        Err(AppError::Invalid(e)) => movements_response(app, hx, &shell, Some(till), values, &e).await,
        Err(e) => Err(e),
    }
}

async fn close_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    cookie: Option<String>,
    values: CountValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (_, till) = current_till(app, cookie).await?;
    let id = till.id;
    let shift = app.db.read(move |c| Ok(store::open_shift(c, id)?)).await?;
    let main = views::close_form(&shell.csrf, &till, shift.as_ref(), &values, errors);
    Ok(render(hx, shell, "Fermer la caisse", main, errors))
}

#[handler]
pub async fn close_page(Data(app): Data<&App>, hx: Hx, shell: Shell, req: &Request) -> Result<Response, AppError> {
    close_response(app, hx, &shell, session::cookie(req, TILL_COOKIE), fresh_counts(), &FieldErrors::new()).await
}

#[handler]
pub async fn close(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    req: &Request,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let (counts, values) = counts_of(&pairs, &mut errors);
    let shift_id = get(&pairs, "shift").parse::<i64>().map_err(|_| AppError::NotFound)?;
    let next_float = match values.next_float.trim() {
        "" => None,
        text => Some(Money::parse(text).unwrap_or_else(|_| {
            errors.add("next_float", "Un montant comme 2 000 ou 2 000,50.");
            Money::ZERO
        })),
    };
    let result = if errors.is_empty() {
        let d = CloseDraft { counts, next_float, comment: values.comment.clone(), token: token_of(&pairs) };
        let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
        app.db.write(move |tx| ops::close(tx, &actor, shift_id, &d, &now, day)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(id) => Ok(hx::redirect(hx, &format!("/caisse/sessions/{id}"))),
        Err(AppError::Invalid(e)) => {
            close_response(app, hx, &shell, session::cookie(req, TILL_COOKIE), values, &e).await
        }
        Err(e) => Err(e),
    }
}
