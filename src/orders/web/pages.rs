//! Routes of the pages that show orders: the list, one order, the shop's day with its calendar,
//! the customer's account, the slip for the browser to print.

use poem::web::{Data, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::{shift_open, till_here};
use crate::auth::{Permission, random_hex};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::orders::ops::slips::{self, Slip};
use crate::orders::store::{self, Filter};
use crate::orders::views::detail::{self, DetailView};
use crate::orders::views::lists::{self, Account, Day, ListQuery};
use crate::orders::{Status, ops};
use crate::state::App;
use crate::ui::Shell;

const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    q: String,
    jour: String,
    statut: String,
    page: u32,
}

impl ListParams {
    fn filter(&self) -> Filter {
        let statuses = match self.statut.as_str() {
            "" => vec![Status::Confirmed, Status::InProduction, Status::Ready],
            "toutes" => Vec::new(),
            code => Status::from_code(code).into_iter().collect(),
        };
        let day = Some(self.jour.trim().to_string()).filter(|d| !d.is_empty());
        let query = Some(self.q.trim().to_string()).filter(|q| !q.is_empty());
        let offset = i64::from(self.page) * PAGE;
        Filter { from: day.clone(), to: day, statuses, query, limit: PAGE + 1, offset, ..Filter::default() }
    }
}

#[handler]
pub async fn list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(p): Query<ListParams>,
) -> Result<Response, AppError> {
    let f = p.filter();
    let mut found = app.db.read(move |c| Ok(store::list(c, &f)?)).await?;
    let more = found.len() as i64 > PAGE;
    found.truncate(PAGE as usize);
    let q = ListQuery { q: p.q, day: p.jour, status: p.statut, page: p.page };
    Ok(hx::page(hx, &shell, "Commandes", lists::list(&q, &found, more)))
}

/// One order with the actions its state allows (422 when a form on it came back with messages).
pub(crate) async fn render_detail(
    app: &App,
    hx: Hx,
    shell: &Shell,
    req: &Request,
    id: i64,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (f, credit) = app
        .db
        .read(move |c| {
            let f = ops::full(c, id)?;
            let credit = store::credit_of(c, f.customer.id)?;
            Ok((f, credit))
        })
        .await?;
    let open = match till_here(app, req).await {
        Ok(t) => shift_open(app, t.id).await?,
        Err(_) => false,
    };
    let v = DetailView {
        f: &f,
        csrf: &shell.csrf,
        clock: &app.clock,
        credit,
        can_cancel: shell.user.as_ref().is_some_and(|u| u.can(Permission::OrdersCancel)),
        shift_open: open,
        tokens: [random_hex(16), random_hex(16), random_hex(16)],
    };
    let (title, main) = (format!("Commande {}", f.order.number), detail::page(&v, errors));
    Ok(if errors.is_empty() { hx::page(hx, shell, &title, main) } else { hx::invalid(hx, shell, &title, main) })
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    req: &Request,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_detail(app, hx, &shell, req, id, &FieldErrors::new()).await
}

/// The shop's day: to receive from the lab, waiting for their customer, late; the weeks ahead.
#[handler]
pub async fn day_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let (today, now) = (app.clock.business_day(), app.clock.now());
    let b = app.db.read(move |c| ops::day_board(c, today, now)).await?;
    let d = Day {
        day: today,
        csrf: &shell.csrf,
        at_lab: &b.at_lab,
        waiting: &b.waiting,
        late: &b.late,
        minutes_late: &b.minutes_late,
        calendar: &b.calendar,
    };
    Ok(hx::page(hx, &shell, "Commandes du jour", lists::day(&d)))
}

/// The customer's account: who they are, their orders, what they spent and owe, their credit.
#[handler]
pub async fn account(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (customer, orders, (count, spent, owed), credit) = app
        .db
        .read(move |c| {
            let customer = crate::customers::store::customer(c, id)?.ok_or(AppError::NotFound)?;
            Ok((customer, store::of_customer(c, id, 100)?, store::customer_totals(c, id)?, store::credit_of(c, id)?))
        })
        .await?;
    let a = Account { customer: &customer, csrf: &shell.csrf, orders: &orders, count, spent, owed, credit };
    Ok(hx::page(hx, &shell, &customer.name, lists::account(&a)))
}

/// The order's slip (the pickup receipt once handed over), for the browser to print.
#[handler]
pub async fn slip(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (number, doc) =
        app.db.read(move |c| Ok((ops::full(c, id)?.order.number, slips::current_doc(c, id, Slip::Customer)?))).await?;
    let main = detail::slip_page(&number, id, crate::printing::html(&doc));
    Ok(hx::page(hx, &shell, &format!("Bon {number}"), main))
}
