//! Routes of the orders: taking and editing an order (`taking`), the pages that show orders
//! (`pages`), and the actions on one order (`actions`). Forms and their `parse` in `forms`.

pub mod actions;
pub mod forms;
pub mod pages;
pub mod taking;

use poem::Request;

use crate::auth::session;
use crate::cash::{self, TILL_COOKIE, Till};
use crate::error::AppError;
use crate::state::App;

/// The till this tablet works at (its cookie, else the first active till): its shift takes the
/// money, its printer prints the slips.
pub(crate) async fn till_here(app: &App, req: &Request) -> Result<Till, AppError> {
    let cookie = session::cookie(req, TILL_COOKIE);
    app.db.read(move |c| Ok(cash::ops::till_here(c, cookie.as_deref())?.1)).await
}

/// Whether the till has an open shift (the pages say so before anyone tries to pay).
pub(crate) async fn shift_open(app: &App, till_id: i64) -> Result<bool, AppError> {
    app.db.read(move |c| Ok(cash::store::open_shift(c, till_id)?.is_some())).await
}
