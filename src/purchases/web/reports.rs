//! Supplier statements and ageing: what is owed, to whom, since when.

use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::purchases::ops;
use crate::purchases::views::purchases as views;
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn statement(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (s, rows) = app.db.read(move |c| ops::statement(c, id)).await?;
    Ok(hx::page(hx, &shell, &format!("Relevé — {}", s.name), views::statement(&s, &rows)))
}

#[handler]
pub async fn ageing(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let rows = app.db.read(move |c| ops::ageing(c, today)).await?;
    Ok(hx::page(hx, &shell, "Échéances fournisseurs", views::ageing(&rows)))
}
