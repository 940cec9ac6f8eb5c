//! Routes of the shift at the counter: open with a count, move cash, close blind.

use poem::web::{Data, Form, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;

use crate::audit::Stamp;
use crate::auth::{random_hex, session};
use crate::cash::ops::{self, At, CloseDraft, Float, MovementInput, OpenDraft};
use crate::cash::views::shift::{self as views, CountValues, MovementValues};
use crate::cash::{Counts, Purpose, TILL_COOKIE};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

type Pairs = Vec<(String, String)>;

/// A form of the counter as posted. A count comes as one field per note or coin (`c_2000`,
/// `c_p200`…), so the form stays a list of pairs; each form's fields are read here, and the
/// count in one place (`Counts::parse`).
pub struct CashForm(Pairs);

impl CashForm {
    fn get(&self, k: &str) -> String {
        self.0.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    fn token(&self) -> Option<String> {
        Some(self.get("token")).filter(|t| !t.is_empty())
    }

    /// The till or shift the form names (a hidden field): not found unless a number.
    fn id(&self, k: &str) -> Result<i64, AppError> {
        self.get(k).parse::<i64>().map_err(|_| AppError::NotFound)
    }

    /// What was typed on a count form, to show it again.
    pub fn count_values(&self) -> CountValues {
        CountValues {
            counts: self.0.iter().filter(|(k, _)| k.starts_with("c_")).cloned().collect(),
            next_float: self.get("next_float"),
            comment: self.get("comment"),
            token: self.get("token"),
        }
    }

    /// The opening: the till and its float, counted note by note.
    pub fn parse_open(&self) -> Result<OpenDraft, AppError> {
        let mut e = FieldErrors::new();
        let counts = Counts::parse(|k| self.get(k), &mut e);
        let till_id = self.id("till")?;
        Ok(e.into_result(OpenDraft { till_id, float: Float::Counted(counts), token: self.token() })?)
    }

    /// "Sans vente": the drawer opens, nothing moves; only the reason is asked.
    pub fn parse_no_sale(&self) -> Result<MovementInput, AppError> {
        let (purpose, amount, reason) = (Purpose::NoSale, Money::ZERO, self.get("reason"));
        Ok(MovementInput { at: At::Till(self.id("till")?), purpose, amount, reason, token: self.token() })
    }

    /// What was typed on the "sans vente" form, to show it again.
    pub fn no_sale_values(&self) -> CountValues {
        CountValues { token: self.get("token"), comment: self.get("reason"), ..Default::default() }
    }

    /// Cash put in or taken out: its purpose (not "sans vente", which has its own button) and
    /// its amount, typed positive.
    pub fn parse_movement(&self) -> Result<MovementInput, AppError> {
        let (v, mut e) = (self.movement_values(), FieldErrors::new());
        let purpose = Purpose::from_code(&v.purpose).filter(|p| *p != Purpose::NoSale).unwrap_or_else(|| {
            e.add("purpose", "Choisissez la nature du mouvement.");
            Purpose::OwnerOut
        });
        let amount = Money::parse_signed(&v.amount).unwrap_or_else(|_| {
            e.add("amount", "Un montant comme 1 500 ou 1 234,50.");
            Money::ZERO
        });
        let at = At::Till(self.id("till")?);
        Ok(e.into_result(MovementInput { at, purpose, amount, reason: v.reason, token: self.token() })?)
    }

    /// What was typed on the movement form, to show it again.
    pub fn movement_values(&self) -> MovementValues {
        MovementValues {
            purpose: self.get("purpose"),
            amount: self.get("amount"),
            reason: self.get("reason"),
            token: self.get("token"),
        }
    }

    /// The blind close of a shift: the count, the float left (blank: the opening float), a comment.
    pub fn parse_close(&self) -> Result<(i64, CloseDraft), AppError> {
        let mut e = FieldErrors::new();
        let counts = Counts::parse(|k| self.get(k), &mut e);
        let shift_id = self.id("shift")?;
        let next_float = match self.get("next_float").trim() {
            "" => None,
            text => Some(Money::parse(text).unwrap_or_else(|_| {
                e.add("next_float", "Un montant comme 2 000 ou 2 000,50.");
                Money::ZERO
            })),
        };
        let d = CloseDraft { counts, next_float, comment: self.get("comment"), token: self.token() };
        Ok(e.into_result((shift_id, d))?)
    }
}

/// Which page of the counter, with what was typed on it.
enum Page {
    Session(CountValues),
    Movements(MovementValues),
    Close(CountValues),
}

/// A page of the counter for the drawer of this tablet (`cookie`'s till, else the first
/// active one); 422 when `errors` has messages.
async fn counter_page(
    app: &App,
    hx: Hx,
    shell: &Shell,
    cookie: Option<String>,
    page: Page,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let d = app.db.read(move |c| ops::counter(c, cookie.as_deref())).await?;
    let (title, main) = match &page {
        Page::Session(v) => ("Caisse", views::session(&app.clock, &shell.csrf, &d, v, errors)),
        Page::Movements(v) => ("Entrées et sorties", views::movements(&app.clock, &shell.csrf, &d, v, errors)),
        Page::Close(v) => ("Fermer la caisse", views::close_form(&shell.csrf, &d, v, errors)),
    };
    Ok(super::page(hx, shell, title, main, errors))
}

fn fresh_counts() -> CountValues {
    CountValues { token: random_hex(16), ..Default::default() }
}

#[derive(Deserialize)]
pub struct TillQuery {
    caisse: Option<i64>,
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
    let page = Page::Session(fresh_counts());
    let mut resp = counter_page(app, hx, &shell, cookie, page, &FieldErrors::new()).await?;
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
    st: Stamp,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let f = CashForm(pairs);
    let result = match f.parse_open() {
        Ok(d) => app.db.write(move |tx| ops::open(tx, &st.actor, &d, &st.now, st.day)).await,
        Err(e) => Err(e),
    };
    let (till, values) = (f.get("till"), f.count_values());
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/caisse/session?caisse={till}")),
        async |e| counter_page(app, hx, &shell, Some(till.clone()), Page::Session(values), &e).await,
    )
    .await
}

/// "Sans vente": the drawer opens, nothing moves, the audit log keeps who and why.
#[handler]
pub async fn no_sale(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let f = CashForm(pairs);
    let m = f.parse_no_sale()?;
    let result = app.db.write(move |tx| ops::move_cash(tx, &st.actor, &m, &st.now, st.day)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, "/caisse/session"),
        async |e| counter_page(app, hx, &shell, Some(f.get("till")), Page::Session(f.no_sale_values()), &e).await,
    )
    .await
}

#[handler]
pub async fn movements_page(Data(app): Data<&App>, hx: Hx, shell: Shell, req: &Request) -> Result<Response, AppError> {
    let values =
        MovementValues { token: random_hex(16), purpose: Purpose::OwnerIn.code().into(), ..Default::default() };
    let cookie = session::cookie(req, TILL_COOKIE);
    counter_page(app, hx, &shell, cookie, Page::Movements(values), &FieldErrors::new()).await
}

#[handler]
pub async fn add_movement(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let f = CashForm(pairs);
    let result = match f.parse_movement() {
        Ok(m) => app.db.write(move |tx| ops::move_cash(tx, &st.actor, &m, &st.now, st.day)).await,
        Err(e) => Err(e),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/caisse/mouvements"),
        async |e| counter_page(app, hx, &shell, Some(f.get("till")), Page::Movements(f.movement_values()), &e).await,
    )
    .await
}

#[handler]
pub async fn close_page(Data(app): Data<&App>, hx: Hx, shell: Shell, req: &Request) -> Result<Response, AppError> {
    let cookie = session::cookie(req, TILL_COOKIE);
    counter_page(app, hx, &shell, cookie, Page::Close(fresh_counts()), &FieldErrors::new()).await
}

#[handler]
pub async fn close(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let f = CashForm(pairs);
    let result = match f.parse_close() {
        Ok((shift_id, d)) => app.db.write(move |tx| ops::close(tx, &st.actor, shift_id, &d, &st.now, st.day)).await,
        Err(e) => Err(e),
    };
    let cookie = session::cookie(req, TILL_COOKIE);
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/caisse/sessions/{id}")),
        async |e| counter_page(app, hx, &shell, cookie, Page::Close(f.count_values()), &e).await,
    )
    .await
}
