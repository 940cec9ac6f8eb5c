//! The home page's route: the tiles of the menu, and the drawer line for those who hold it.

use poem::web::Data;
use poem::{Request, Response, handler};

use super::views;
use crate::auth::{CurrentUser, Permission, session};
use crate::backup;
use crate::cash::{self, TILL_COOKIE};
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::orders;
use crate::people;
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn index(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    user: CurrentUser,
    req: &Request,
) -> Result<Response, AppError> {
    let drawer = if user.can(Permission::CashHold) {
        let cookie = session::cookie(req, TILL_COOKIE);
        // No till yet is no reason to refuse the home page: the line is simply absent.
        app.db.read(move |c| cash::ops::drawer_here(c, cookie.as_deref())).await.ok()
    } else {
        None
    };
    let drawer = drawer.map(|(till, shift)| {
        cash::views::shift::drawer_status(&app.clock, &till, shift.as_ref().map(|(s, n)| (s, n.as_str())))
    });
    let tomorrow = if user.can(Permission::OrdersTake) {
        let day = (app.clock.business_day() + chrono::Duration::days(1)).to_string();
        let (first, total) = app.db.read(move |c| orders::ops::due_on_first(c, &day)).await?;
        Some(orders::views::lists::tomorrow(&first, total))
    } else {
        None
    };
    let (clocks, one_disk) = (clocks(app, &user).await, one_disk(app, &user).await?);
    let board = board(app, &user).await?;
    let parts = views::Parts { board, drawer, orders: tomorrow, clocks, one_disk };
    Ok(hx::page(hx, &shell, "Accueil", views::page(&user, &shell.menu, parts)))
}

/// For who reads the figures (admin, gérante): the owner's board.
async fn board(app: &App, user: &CurrentUser) -> Result<Option<maud::Markup>, AppError> {
    if !user.can(Permission::ReportsView) {
        return Ok(None);
    }
    let (today, now) = (app.clock.business_day(), app.clock.now());
    let hour = i64::from(chrono::Timelike::hour(&app.clock.local(now)));
    let b = app.db.read(move |c| super::ops::owner_board(c, today, hour, now)).await?;
    let last = b.last_backup.as_deref().map(|s| app.clock.datetime_text(s));
    let checked = b.last_check.as_ref().map(|r| app.clock.datetime_text(&r.started_at));
    Ok(Some(views::board::owner_board(&b, last, checked, user.can(Permission::SystemCheck))))
}

/// For those who manage the staff: each clock's last signal and last punch, in red when late.
async fn clocks(app: &App, user: &CurrentUser) -> Option<maud::Markup> {
    if !user.can(Permission::PeopleManage) {
        return None;
    }
    let now = app.clock.now();
    let health = app.db.read(move |c| people::ops::board::health(c, now)).await.ok()?;
    (!health.is_empty()).then(|| people::views::devices::health_lines(&health))
}

/// Whether to tell this user in red that the backups are on this PC's disk only (admins only).
async fn one_disk(app: &App, user: &CurrentUser) -> Result<bool, AppError> {
    if !user.can(Permission::BackupsManage) {
        return Ok(false);
    }
    let (data_dir, db) = (app.config.data_dir.clone(), app.db.path().to_path_buf());
    Ok(app.db.read(move |c| backup::ops::second_copy(c, &data_dir, &db)).await?.is_none())
}
