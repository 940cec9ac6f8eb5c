//! Pages of the catalogue. What a page shows depends on `Visibility`: production never sees a
//! price or a cost, a vendeuse sees prices but not costs (checked on the rendered HTML by tests).

pub mod categories;
pub mod costs;
pub mod import;
pub mod product_form;
pub mod products;
pub mod recipes;
pub mod sheets;

use maud::{Markup, html};

use super::{Kind, Product};
use crate::auth::{CurrentUser, Permission};

/// What the viewer may see and do.
#[derive(Debug, Clone, Copy)]
pub struct Visibility {
    pub prices: bool,
    pub costs: bool,
    pub edit: bool,
}

impl Visibility {
    pub fn of(user: &CurrentUser) -> Visibility {
        Visibility {
            prices: user.can(Permission::PricesView),
            costs: user.can(Permission::CostsView),
            edit: user.can(Permission::CatalogEdit),
        }
    }
}

pub fn kind_badge(kind: Kind) -> Markup {
    let class = match kind {
        Kind::Ingredient => "badge k-ingredient",
        Kind::SemiFini => "badge k-semi",
        Kind::Fini => "badge k-fini",
        Kind::Revente => "badge k-revente",
        Kind::Consommable => "badge k-conso",
    };
    html! { span class=(class) { (kind.label()) } }
}

pub fn product_link(p: &Product) -> Markup {
    html! { a href=(format!("/catalogue/produits/{}", p.id)) { (p.name) } }
}

/// The catalogue's sub-navigation, for what this viewer may open.
pub fn subnav(active: &str, v: Visibility) -> Markup {
    let mut items: Vec<(&str, &str)> = vec![("/catalogue/produits", "Produits")];
    if v.edit {
        items.push(("/catalogue/categories", "Catégories"));
    }
    if v.costs {
        items.push(("/catalogue/marges", "Marges"));
        items.push(("/catalogue/couts/changements", "Variations de coût"));
    }
    if v.edit {
        items.push(("/catalogue/import", "Import / export"));
    }
    html! {
        nav.subnav.no-print aria-label="Catalogue" {
            @for (href, label) in items {
                a href=(href) aria-current=[(href == active).then_some("page")] { (label) }
            }
        }
    }
}
