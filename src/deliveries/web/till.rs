//! The till's "Livraison": the cart sold for delivery from counter stock (sales.md §2.3). The
//! window opens with the cart the tablet holds; the sale is one operation (`ops::sell`); a field
//! refused comes back beside it in the same window, the cart kept.

use poem::http::StatusCode;
use poem::web::{Data, Form};
use poem::{IntoResponse, Request, Response, handler};

use super::forms::TillSaleForm;
use super::till_here;
use crate::audit::Stamp;
use crate::auth::{CurrentUser, random_hex};
use crate::deliveries::ops;
use crate::deliveries::views::till as views;
use crate::error::{AppError, FieldErrors};
use crate::state::App;
use crate::ui::Shell;

/// The window with the form (422 when it comes back with messages).
async fn window(
    app: &App,
    req: &Request,
    shell: &Shell,
    f: &TillSaleForm,
    e: &FieldErrors,
) -> Result<Response, AppError> {
    let (till, cart) = (till_here(app, req).await?, f.cart()?);
    let (quote, zones) = app.db.read(move |c| ops::till::form_page(c, &till, &cart)).await?;
    let body = views::form(&shell.csrf, &quote, &zones, &f.values(), e);
    Ok(if e.is_empty() {
        body.into_response()
    } else {
        body.with_status(StatusCode::UNPROCESSABLE_ENTITY).into_response()
    })
}

/// "Livraison" at the till: the form for the cart the tablet sent.
#[handler]
pub async fn form(
    Data(app): Data<&App>,
    req: &Request,
    shell: Shell,
    Form(mut f): Form<TillSaleForm>,
) -> Result<Response, AppError> {
    f.token = random_hex(16);
    window(app, req, &shell, &f, &FieldErrors::new()).await
}

/// Records the delivery; the till starts a new ticket (`sale-done`: the grid reloads its stock).
#[handler]
pub async fn sell(
    Data(app): Data<&App>,
    req: &Request,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<TillSaleForm>,
) -> Result<Response, AppError> {
    let till = till_here(app, req).await?;
    let result = match f.parse(till.id) {
        Ok(d) => app.db.write(move |tx| ops::sell(tx, &st, &me, &d)).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(id) => {
            crate::printing::wake();
            let (number, paid, at_door) = app.db.read(move |c| ops::till::sold(c, id)).await?;
            Ok(views::done(&number, paid, at_door).with_header("HX-Trigger", r#"{"sale-done": true}"#).into_response())
        }
        Err(AppError::Invalid(e)) => window(app, req, &shell, &f, &e).await,
        Err(e) => Err(e),
    }
}
