//! Routes of the counter: the till screen (`till`), the till's refunds (`refund`) and the sales
//! pages (`sales`).

pub mod refund;
pub mod sales;
pub mod till;

use poem::Request;

use crate::cash::{self, TILL_COOKIE, Till};
use crate::error::AppError;
use crate::state::App;

/// The till this tablet works at (its cookie, else the first active till).
pub async fn current_till(app: &App, req: &Request) -> Result<Till, AppError> {
    let cookie = crate::auth::session::cookie(req, TILL_COOKIE);
    Ok(app.db.read(move |c| cash::ops::till_here(c, cookie.as_deref())).await?.1)
}
