//! Routes of the lab's side: the plan and its sheets, the counter's targets, the lab board and
//! its taps (start an order, an order made, a counter line made).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use poem::web::{Data, Form, Html, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::{ops, views};
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission, random_hex};
use crate::catalog::{self, Kind, Unit};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Qty;
use crate::orders;
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DayQuery {
    jour: String,
    categorie: String,
}

impl DayQuery {
    fn day(&self, today: NaiveDate) -> NaiveDate {
        NaiveDate::parse_from_str(self.jour.trim(), "%Y-%m-%d").unwrap_or(today)
    }
}

#[handler]
pub async fn plan_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<DayQuery>,
) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let day = q.day(today);
    let plan = app.db.read(move |c| ops::plan(c, day)).await?;
    let main = views::plan(&plan, today, me.can(Permission::PlanEdit));
    Ok(hx::page(hx, &shell, "Plan de production", main))
}

#[handler]
pub async fn sheet(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<DayQuery>,
) -> Result<Response, AppError> {
    let day = q.day(app.clock.business_day());
    let (plan, list) = app
        .db
        .read(move |c| {
            let d = day.to_string();
            let f = orders::store::Filter {
                from: Some(d.clone()),
                to: Some(d),
                statuses: vec![orders::Status::Confirmed, orders::Status::InProduction],
                limit: 500,
                ..Default::default()
            };
            let list = orders::store::list(c, &f)?
                .iter()
                .map(|s| orders::ops::full(c, s.id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((ops::plan(c, day)?, list))
        })
        .await?;
    let category = Some(q.categorie.trim()).filter(|c| !c.is_empty());
    Ok(hx::page(hx, &shell, "Feuille du boulanger", views::sheet(&plan, category, &list)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TargetsQuery {
    jour: u32,
    proposer: Option<String>,
}

#[handler]
pub async fn targets_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<TargetsQuery>,
) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let weekday = if (1..=7).contains(&q.jour) { q.jour } else { ops::weekday_of(today) };
    // The next such weekday: its last four are the ones the suggestion averages.
    let day =
        (0..7).map(|i| today + chrono::Duration::days(i)).find(|d| ops::weekday_of(*d) == weekday).unwrap_or(today);
    let propose = q.proposer.is_some();
    let (products, saved, suggested) = app
        .db
        .read(move |c| {
            let products: Vec<_> = catalog::store::products_of_kinds(c, &[Kind::Fini])?
                .into_iter()
                .filter(|p| p.sale_price.is_some())
                .collect();
            Ok((products, super::store::targets(c, weekday)?, ops::suggest(c, day)?))
        })
        .await?;
    let (suggested, from) = suggested;
    let use_suggestion = (propose || saved.is_empty()).then_some(from);
    let values: BTreeMap<i64, Qty> = if use_suggestion.is_some() { suggested } else { saved }.into_iter().collect();
    let main = views::targets(&shell.csrf, weekday, &products, &values, use_suggestion);
    Ok(hx::page(hx, &shell, "Objectifs du comptoir", main))
}

/// The targets as typed: a weekday, then (product_id, qty) pairs by position.
pub struct TargetsForm(Vec<(String, String)>);

impl TargetsForm {
    fn parse(&self, units: &BTreeMap<i64, Unit>) -> Result<(u32, Vec<(i64, Qty)>), FieldErrors> {
        let mut e = FieldErrors::new();
        let weekday = self.0.iter().find(|(k, _)| k == "weekday").and_then(|(_, v)| v.trim().parse().ok()).unwrap_or(0);
        let ids = self.0.iter().filter(|(k, _)| k == "product_id").map(|(_, v)| v.trim().parse::<i64>().ok());
        let qtys = self.0.iter().filter(|(k, _)| k == "qty").map(|(_, v)| v.as_str());
        let mut out = Vec::new();
        for (id, text) in ids.zip(qtys) {
            let (Some(id), false) = (id, text.trim().is_empty()) else { continue };
            let unit = units.get(&id).copied().unwrap_or(Unit::Piece);
            match unit.parse_qty(text) {
                Ok(q) => out.push((id, q)),
                Err(m) => e.add("qty", m),
            }
        }
        e.into_result((weekday, out))
    }
}

#[handler]
pub async fn save_targets(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let units: BTreeMap<i64, Unit> =
        app.db.read(|c| Ok(catalog::store::all_products(c)?)).await?.into_iter().map(|p| (p.id, p.unit)).collect();
    let (weekday, targets) = TargetsForm(pairs).parse(&units)?;
    app.db.write(move |tx| ops::save_targets(tx, &st, weekday, &targets)).await?;
    Ok(hx::redirect(hx, &format!("/production/objectifs?jour={weekday}&ok=objectifs")))
}

async fn board_of(app: &App) -> Result<ops::Board, AppError> {
    let (today, now) = (app.clock.business_day(), app.clock.now());
    app.db.read(move |c| ops::board(c, today, now)).await
}

#[handler]
pub async fn board(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let b = board_of(app).await?;
    Ok(hx::page(hx, &shell, "Tableau du labo", views::board_page(&shell.csrf, &b, &random_hex(12))))
}

/// The board alone, for its polling.
#[handler]
pub async fn board_part(Data(app): Data<&App>, shell: Shell) -> Result<Html<String>, AppError> {
    let b = board_of(app).await?;
    Ok(Html(views::board(&shell.csrf, &b, &random_hex(12)).into_string()))
}

#[handler]
pub async fn start(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| orders::ops::start(tx, &st, id)).await?;
    Ok(hx::redirect(hx, "/labo?ok=commande-lancee"))
}

#[handler]
pub async fn made(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| orders::ops::make(tx, &st, id, None)).await?;
    Ok(hx::redirect(hx, "/labo?ok=commande-fabriquee"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CounterForm {
    product_id: String,
    qty: String,
    token: String,
}

impl CounterForm {
    /// The product and the quantity made, in the product's unit.
    async fn parse(&self, app: &App) -> Result<(i64, Qty), FieldErrors> {
        let mut e = FieldErrors::new();
        let id = self.product_id.trim().parse::<i64>().ok();
        let unit = match id {
            Some(id) => app.db.read(move |c| Ok(catalog::store::product(c, id)?.map(|p| p.unit))).await.ok().flatten(),
            None => None,
        };
        let qty = match unit {
            Some(u) => u.parse_positive(&self.qty).map_err(|m| e.add("qty", m)).ok(),
            None => {
                e.add("product_id", "Produit inconnu.");
                None
            }
        };
        match (id, qty) {
            (Some(id), Some(qty)) => Ok((id, qty)),
            _ => Err(e),
        }
    }
}

#[handler]
pub async fn made_for_counter(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Form(f): Form<CounterForm>,
) -> Result<Response, AppError> {
    let (product, qty) = f.parse(app).await?;
    let token = Some(f.token).filter(|t| !t.is_empty());
    app.db.write(move |tx| ops::make_for_counter(tx, &st, product, qty, token)).await?;
    Ok(hx::redirect(hx, "/labo?ok=production"))
}
