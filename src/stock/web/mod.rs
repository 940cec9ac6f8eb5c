//! Routes of the stock pages: overview, stock card, alerts. Transfers and adjustments, counts
//! and locations have their own files.

pub mod counts;
pub mod documents;
pub mod locations;

use poem::web::{Data, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::ops::levels;
use super::views::{self, Visibility};
use crate::auth::CurrentUser;
use crate::catalog;
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OverviewQuery {
    lieu: String,
    q: String,
}

/// Case- and accent-insensitive enough for a search box: lowercase contains.
fn matches(name: &str, q: &str) -> bool {
    q.trim().is_empty() || crate::catalog::allergen::fold(name).contains(&crate::catalog::allergen::fold(q.trim()))
}

#[handler]
pub async fn overview(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<OverviewQuery>,
) -> Result<Response, AppError> {
    let (locations, all) = app.db.read(levels::levels).await?;
    let current = q.lieu.parse::<i64>().ok().filter(|id| locations.iter().any(|l| l.id == *id));
    let current = current.or_else(|| levels::place_to_open(&locations, &all)).unwrap_or(0);
    let mut totals: Vec<(i64, Money)> = Vec::new();
    for l in &all {
        match totals.iter_mut().find(|(id, _)| *id == l.location_id) {
            Some((_, m)) => *m += l.held.value,
            None => totals.push((l.location_id, l.held.value)),
        }
    }
    let mut rows: Vec<_> = all.iter().filter(|l| l.location_id == current && matches(&l.product.name, &q.q)).collect();
    // What the place holds first (domain notes D-20), then by name (products come sorted by kind and name).
    rows.sort_by_key(|l| l.held.qty.is_zero());
    let main = views::overview(Visibility::of(&me), &locations, current, &q.q, &rows, &totals);
    Ok(hx::page(hx, &shell, "Stock", main))
}

#[handler]
pub async fn card(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (p, moves, (held, pmp)) = app
        .db
        .read(move |c| {
            let p = catalog::store::product(c, id)?.ok_or(AppError::NotFound)?;
            Ok((p, super::store::moves_of(c, id, 500)?, levels::product_summary(c, id)?))
        })
        .await?;
    let main = views::card(Visibility::of(&me), &app.clock, &p, &moves, &held, pmp);
    Ok(hx::page(hx, &shell, &format!("Stock : {}", p.name), main))
}

#[handler]
pub async fn alerts(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let groups = app.db.read(levels::suggestions).await?;
    Ok(hx::page(hx, &shell, "Alertes de stock", views::alerts(Visibility::of(&me), &groups)))
}
