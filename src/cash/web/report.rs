//! Routes of the shift history and the X and Z reports.

use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::auth::{CurrentUser, Permission};
use crate::cash::ops::report;
use crate::cash::store;
use crate::cash::views::report as views;
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn history(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let may = me.can(Permission::TillSettings);
    let (tills, shifts, live) = app
        .db
        .read(move |c| {
            let shifts = store::shifts(c, None, 200)?;
            let mut live = Vec::new();
            for s in shifts.iter().filter(|s| s.open && may) {
                live.push((s.id, store::expected(c, s.id)?));
            }
            Ok((store::tills(c)?, shifts, live))
        })
        .await?;
    let main = views::history(&app.clock, &tills, &shifts, &live);
    Ok(hx::page(hx, &shell, "Historique des caisses", main))
}

#[handler]
pub async fn report_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let r = app.db.read(move |c| report::compute(c, id)).await?;
    let main = views::report(&shell.csrf, &r, me.can(Permission::TillSettings));
    Ok(hx::page(hx, &shell, r.title(), main))
}

/// Queues the X or Z report for the till's printer.
#[handler]
pub async fn print_report(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (now, user, may) = (app.clock.now_text(), me.id, me.can(Permission::TillSettings));
    app.db.write(move |tx| report::print(tx, id, may, user, &now)).await?;
    Ok(hx::redirect(hx, &format!("/caisse/sessions/{id}")))
}
