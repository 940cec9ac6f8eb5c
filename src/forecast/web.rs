//! The forecast's page: reads what the server's thread stored, never computes.

use poem::web::Data;
use poem::{Response, handler};

use super::{ops, views};
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let (run, rows) = app.db.read(ops::read).await?;
    let run = run.map(|r| {
        let at = app.clock.datetime_text(&r.computed_at);
        (r, at)
    });
    let main = views::page(run.as_ref().map(|(r, at)| (r, at.clone())), &rows);
    Ok(hx::page(hx, &shell, "Prévision", main))
}
