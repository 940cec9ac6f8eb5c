//! Routes of the cost views: margins and what changed.

use poem::web::Data;
use poem::{Response, handler};

use crate::auth::CurrentUser;
use crate::catalog::cost::Overrides;
use crate::catalog::views::Visibility;
use crate::catalog::views::costs::{self as views, Impact};
use crate::catalog::{UnitCost, money_of, store};
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn margins(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let (products, graph) = app.db.read(|c| Ok((store::all_products(c)?, crate::catalog::ops::graph(c)?))).await?;
    let mut rows: Vec<_> = products
        .into_iter()
        .filter(|p| p.active && p.kind.is_sold())
        .filter_map(|p| {
            let price = p.sale_price?;
            let costing = graph.costing(p.id, &Overrides::new())?;
            let m = costing.margin_at(price, p.unit);
            let cost = costing.per_display_unit(p.unit);
            Some((p, cost, m))
        })
        .collect();
    // Worst first: what loses money is what the owner must see; an unknown cost on top.
    rows.sort_by_key(|(_, _, m)| m.as_ref().map_or(i64::MIN, |m| m.percent_bp.unwrap_or(i64::MAX)));
    Ok(hx::page(hx, &shell, "Marges", views::margins(Visibility::of(&me), &rows)))
}

#[handler]
pub async fn changes(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let (changes, products, graph) = app
        .db
        .read(|c| Ok((store::cost_changes(c, 30)?, store::all_products(c)?, crate::catalog::ops::graph(c)?)))
        .await?;
    let impacts = changes
        .into_iter()
        .map(|change| {
            let before = Overrides::from([(change.product_id, change.old_cost.unwrap_or(UnitCost(0)))]);
            let after = Overrides::from([(change.product_id, change.new_cost.unwrap_or(UnitCost(0)))]);
            let affected = graph
                .users_of(change.product_id)
                .into_iter()
                .filter_map(|id| products.iter().find(|p| p.id == id).cloned())
                .map(|p| {
                    let per = rust_decimal::Decimal::from(p.unit.display_factor());
                    let b = money_of(graph.unit_cost(p.id, &before) * per);
                    let a = money_of(graph.unit_cost(p.id, &after) * per);
                    (p, b, a)
                })
                .collect();
            Impact { change, products: affected }
        })
        .collect::<Vec<_>>();
    Ok(hx::page(hx, &shell, "Variations de coût", views::changes(Visibility::of(&me), &app.clock, &impacts)))
}
