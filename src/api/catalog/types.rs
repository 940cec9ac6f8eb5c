//! The catalogue API's inputs and outputs.

use poem_openapi::Object;

use crate::catalog::cost::{Costing, LineCost};
use crate::catalog::views::Visibility;
use crate::catalog::views::product_form::ProductValues;
use crate::catalog::{Product, format_unit_cost, money_of};
use crate::purchases::{self, SupplierForm};

#[derive(Debug, Clone, Object)]
pub struct ProductOut {
    pub id: i64,
    pub name: String,
    #[oai(nullable)]
    pub reference: Option<String>,
    /// ingredient, semi_fini, fini, revente, consommable
    pub kind: String,
    #[oai(nullable)]
    pub category_id: Option<i64>,
    #[oai(nullable)]
    pub category: Option<String>,
    /// g, ml ou piece
    pub unit: String,
    /// Par pièce, kg ou L ; absent sans le droit de voir les prix.
    #[oai(nullable)]
    pub sale_price: Option<String>,
    /// Coût de référence par pièce, kg ou L ; absent sans le droit de voir les coûts.
    #[oai(nullable)]
    pub ref_cost: Option<String>,
    /// Allergènes du produit, y compris ceux de sa recette.
    pub allergens: Vec<String>,
    pub track_stock: bool,
    pub active: bool,
}

pub(super) fn product_out(p: Product, allergens: Vec<String>, v: Visibility) -> ProductOut {
    ProductOut {
        id: p.id,
        reference: p.reference,
        kind: p.kind.code().into(),
        category_id: p.category_id,
        category: p.category,
        unit: p.unit.code().into(),
        sale_price: if v.prices { p.sale_price.map(|m| m.to_string()) } else { None },
        ref_cost: if v.costs { p.ref_cost.map(|c| format_unit_cost(c, p.unit)) } else { None },
        allergens,
        track_stock: p.track_stock,
        active: p.active,
        name: p.name,
    }
}

/// A product to create or replace, as the form takes it.
#[derive(Debug, Clone, Object)]
pub struct ProductIn {
    pub name: String,
    #[oai(default)]
    pub reference: String,
    pub kind: String,
    #[oai(default)]
    pub category_id: Option<i64>,
    pub unit: String,
    /// "1 200,50" : par pièce, kg ou L.
    #[oai(default)]
    pub sale_price: String,
    /// "60" : DA par pièce, kg ou L.
    #[oai(default)]
    pub ref_cost: String,
    /// Codes : gluten, lait, oeufs, fruits_a_coque…
    #[oai(default)]
    pub allergens: Vec<String>,
    #[oai(default = "yes")]
    pub track_stock: bool,
    #[oai(default)]
    pub description: String,
}

fn yes() -> bool {
    true
}

impl ProductIn {
    pub(super) fn values(&self) -> ProductValues {
        ProductValues {
            name: self.name.clone(),
            reference: self.reference.clone(),
            kind: self.kind.clone(),
            category_id: self.category_id.map(|c| c.to_string()).unwrap_or_default(),
            unit: self.unit.clone(),
            sale_price: self.sale_price.clone(),
            ref_cost: self.ref_cost.clone(),
            allergens: self.allergens.clone(),
            track_stock: self.track_stock,
            description: self.description.clone(),
            thresholds: Vec::new(),
            receive_location_id: String::new(),
        }
    }
}

#[derive(Debug, Clone, Object)]
pub struct RecipeLineIo {
    pub ingredient_id: i64,
    /// "250 g", "1,5 L", "3 pièces"
    pub qty: String,
    #[oai(default)]
    pub note: String,
}

#[derive(Debug, Clone, Object)]
pub struct RecipeIo {
    /// Ce que donne une fournée : "12 pièces", "2,5 kg".
    #[oai(rename = "yield")]
    pub yield_qty: String,
    /// Perte en % : "2,5".
    #[oai(default)]
    pub loss: String,
    pub location_id: i64,
    #[oai(default)]
    pub method: String,
    pub lines: Vec<RecipeLineIo>,
}

#[derive(Debug, Clone, Object)]
pub struct CostLineOut {
    pub ingredient_id: i64,
    pub name: String,
    pub qty: String,
    /// Coût de l'ingrédient par pièce, kg ou L.
    pub unit_cost: String,
    pub cost: String,
    /// recette, PMP, coût de référence, coût inconnu
    pub basis: String,
}

impl From<&LineCost> for CostLineOut {
    fn from(l: &LineCost) -> Self {
        CostLineOut {
            ingredient_id: l.ingredient_id,
            name: l.name.clone(),
            qty: l.unit.format(l.qty),
            unit_cost: money_of(l.unit_cost * rust_decimal::Decimal::from(l.unit.display_factor())).to_string(),
            cost: money_of(l.cost).to_string(),
            basis: l.basis.label().into(),
        }
    }
}

#[derive(Debug, Clone, Object)]
pub struct CostOut {
    pub product_id: i64,
    pub basis: String,
    /// Par pièce, kg ou L.
    pub unit_cost: String,
    #[oai(nullable)]
    pub batch_cost: Option<String>,
    #[oai(nullable)]
    pub sale_price: Option<String>,
    #[oai(nullable)]
    pub margin: Option<String>,
    #[oai(nullable)]
    pub margin_percent: Option<String>,
    /// Pourquoi la marge est nulle alors qu'un prix est connu : « coût inconnu (…) ».
    #[oai(nullable)]
    pub margin_reason: Option<String>,
    pub lines: Vec<CostLineOut>,
    /// Produits dont le coût est inconnu (comptés zéro).
    pub missing: Vec<String>,
}

impl CostOut {
    /// A product's costing; the sale price and the margin only for who may see prices.
    pub fn of(p: &Product, costing: &Costing, prices: bool) -> CostOut {
        let unit_cost = costing.per_display_unit(p.unit);
        let sale_price = p.sale_price.filter(|_| prices);
        let m = sale_price.map(|price| costing.margin_at(price, p.unit));
        let (m, margin_reason) = match m {
            Some(Err(why)) => (None, Some(why)),
            m => (m.and_then(Result::ok), None),
        };
        CostOut {
            product_id: p.id,
            basis: costing.basis.label().into(),
            unit_cost: unit_cost.to_string(),
            batch_cost: (!costing.lines.is_empty()).then(|| costing.batch().to_string()),
            sale_price: sale_price.map(|m| m.to_string()),
            margin: m.map(|m| m.amount.to_string()),
            margin_percent: m.map(|m| m.percent_text()),
            margin_reason,
            lines: costing.lines.iter().map(CostLineOut::from).collect(),
            missing: costing.missing.clone(),
        }
    }
}

#[derive(Debug, Clone, Object)]
pub struct CategoryIo {
    #[oai(default)]
    pub id: i64,
    pub name: String,
    #[oai(default)]
    pub position: i64,
    #[oai(default = "default_color")]
    pub color: String,
    #[oai(default = "yes")]
    pub at_till: bool,
    /// TVA class under the réel regime: `exonere`, `reduit` or `normal`.
    #[oai(default = "default_tva_class")]
    pub tva_class: String,
}

fn default_tva_class() -> String {
    "normal".into()
}

fn default_color() -> String {
    "#b5652b".into()
}

#[derive(Debug, Clone, Object)]
pub struct SupplierIo {
    #[oai(default)]
    pub id: i64,
    pub name: String,
    #[oai(default)]
    pub contact: String,
    #[oai(default)]
    pub phone: String,
    #[oai(default)]
    pub email: String,
    #[oai(default)]
    pub address: String,
    #[oai(default)]
    pub nif: String,
    #[oai(default)]
    pub rc: String,
    #[oai(default)]
    pub payment_days: i64,
    #[oai(default)]
    pub notes: String,
}

impl SupplierIo {
    pub(super) fn of(s: purchases::Supplier) -> SupplierIo {
        SupplierIo {
            id: s.id,
            name: s.name,
            contact: s.contact,
            phone: s.phone,
            email: s.email,
            address: s.address,
            nif: s.nif,
            rc: s.rc,
            payment_days: s.payment_days,
            notes: s.notes,
        }
    }
    pub(super) fn form(&self) -> SupplierForm {
        SupplierForm {
            name: self.name.clone(),
            contact: self.contact.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            nif: self.nif.clone(),
            rc: self.rc.clone(),
            payment_days: self.payment_days.to_string(),
            notes: self.notes.clone(),
        }
    }
}
