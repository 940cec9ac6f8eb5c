//! The demo shop's catalogue, made through the catalogue's and the suppliers' operations:
//! categories, suppliers, ~400 products (ingredients with packs and suppliers, semi-finis and
//! finished goods with recipes, drinks for resale, packaging), each with a plausible cost and price.

use std::collections::HashMap;

use rusqlite::Transaction;

use super::catalog_data::*;
use super::rng::Rng;
use crate::audit::Actor;
use crate::catalog::{self, Allergens, Category, Kind, Unit, UnitCost};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::purchases::{self, Supplier};
use Unit::{Gram as G, Piece as PC};

/// A bought product: who sells it, in which pack, at what price per pack (in the first year).
#[derive(Debug, Clone)]
pub struct Bought {
    pub id: i64,
    pub supplier_id: i64,
    pub pack_id: i64,
    pub pack_content: Qty,
    pub pack_price: Money,
    /// Where it is received: the lab for ingredients, the counter for drinks, packaging's place.
    pub location_id: i64,
}

/// A product sold at the till, and how much it sells relative to the others.
#[derive(Debug, Clone)]
pub struct Sold {
    pub id: i64,
    pub weight: u64,
    /// Sold the day it is made; what is left in the evening is thrown away.
    pub fresh: bool,
    pub made: bool,
    /// 0 pains, 1 viennoiseries, 2 pâtisseries, 3 traditionnels, 4 salé, 5 gâteaux entiers, 6 boissons.
    pub group: usize,
}

#[derive(Debug, Clone)]
pub struct RecipeData {
    pub yield_qty: Qty,
    pub loss_bp: i64,
    pub lines: Vec<(i64, Qty)>,
}

/// What the history needs to know about the shop it drives.
#[derive(Debug, Default)]
pub struct Shop {
    pub bought: Vec<Bought>,
    pub semis: Vec<i64>,
    pub sold: Vec<Sold>,
    pub recipes: HashMap<i64, RecipeData>,
    pub kinds: HashMap<i64, Kind>,
    pub names: HashMap<i64, String>,
    pub units: HashMap<i64, Unit>,
    /// Packaging the till's rules take at each sale (kept in stock by the morning purchases).
    pub packaging_used: Vec<i64>,
}

pub const RESERVE: i64 = 1;
pub const LABO: i64 = 2;
pub const COMPTOIR: i64 = 3;
pub const EMBALLAGES: i64 = 4;

fn g(grams: i64) -> Qty {
    Qty::whole(grams)
}

fn text(q: Qty) -> String {
    let m = q.milli();
    if m % 1000 == 0 { (m / 1000).to_string() } else { format!("{},{:03}", m / 1000, m % 1000) }
}

struct Ctx<'a> {
    tx: &'a Transaction<'a>,
    actor: &'a Actor,
    now: &'a str,
    shop: Shop,
    /// Unit cost (µDA per base unit) of everything made or bought so far, for pricing.
    cost: HashMap<i64, i64>,
    by_name: HashMap<String, i64>,
}

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments)]
    fn product(
        &mut self,
        name: &str,
        kind: Kind,
        unit: Unit,
        category: Option<i64>,
        price: Option<Money>,
        ref_cost: Option<UnitCost>,
        allergens: Allergens,
        thresholds: Vec<(i64, Qty)>,
    ) -> Result<i64, AppError> {
        let d = catalog::ops::ProductDraft {
            name: name.into(),
            reference: None,
            kind,
            category_id: category,
            unit,
            sale_price: price,
            ref_cost,
            allergens,
            track_stock: true,
            description: String::new(),
            thresholds,
            receive_location_id: None,
        };
        let id = catalog::ops::create_product(self.tx, self.actor, &d, self.now)?;
        self.shop.kinds.insert(id, kind);
        self.shop.names.insert(id, name.into());
        self.shop.units.insert(id, unit);
        self.by_name.insert(name.into(), id);
        Ok(id)
    }

    /// Saves a recipe and returns the unit cost it gives (for pricing).
    fn recipe(&mut self, product: i64, yield_qty: Qty, loss_bp: i64, lines: &[(i64, Qty)]) -> Result<i64, AppError> {
        let d = catalog::ops::RecipeDraft {
            yield_text: text(yield_qty),
            loss_text: catalog::format_loss(loss_bp),
            location_id: LABO,
            method: String::new(),
            lines: lines.iter().map(|(id, q)| (*id, text(*q), String::new())).collect(),
        };
        catalog::ops::save_recipe(self.tx, self.actor, product, &d, self.now)?;
        let batch: i128 =
            lines.iter().map(|(id, q)| i128::from(self.cost[id]) * i128::from(q.milli()) / 1000).sum::<i128>();
        let usable = i128::from(yield_qty.milli()) * i128::from(10_000 - loss_bp) / 10_000;
        let unit_cost = (batch * 1000 / usable.max(1)) as i64;
        self.cost.insert(product, unit_cost);
        self.shop.recipes.insert(product, RecipeData { yield_qty, loss_bp, lines: lines.to_vec() });
        Ok(unit_cost)
    }

    fn id(&self, name: &str) -> i64 {
        *self.by_name.get(name).unwrap_or_else(|| panic!("demo: produit inconnu {name}"))
    }
}

/// Price at about `markup` × cost, rounded to 5 DA, at least 10 DA. `per` base units per priced unit.
fn price_of(unit_cost: i64, per: i64, markup_pct: i64) -> Money {
    let cost_cents = i128::from(unit_cost) * i128::from(per) / 10_000;
    let raw = cost_cents * i128::from(markup_pct) / 100;
    let rounded = ((raw + 250) / 500 * 500).max(1_000);
    Money::from_cents(rounded as i64)
}

/// Builds the whole catalogue; returns what the history needs.
pub fn build(tx: &Transaction, actor: &Actor, now: &str, rng: &mut Rng) -> Result<Shop, AppError> {
    let mut c = Ctx { tx, actor, now, shop: Shop::default(), cost: HashMap::new(), by_name: HashMap::new() };
    let mut cats = Vec::new();
    for (i, (name, color, at_till)) in CATEGORIES.iter().enumerate() {
        let cat = Category {
            id: 0,
            name: (*name).into(),
            position: i as i64,
            color: (*color).into(),
            at_till: *at_till,
            products: 0,
            // Bread is exempt from TVA (CTCA art. 9); the rest at the normal rate until the
            // accountant says otherwise.
            tva_class: if name.starts_with("Pain") { "exonere" } else { "normal" }.into(),
        };
        cats.push(catalog::ops::save_category(tx, actor, &cat, now)?);
    }
    let mut suppliers = Vec::new();
    for (i, (name, days)) in SUPPLIERS.iter().enumerate() {
        let s = Supplier {
            id: 0,
            name: (*name).into(),
            contact: String::new(),
            phone: format!("0555 {:02} {:02} {:02}", 10 + i, rng.range(10, 99), rng.range(10, 99)),
            email: String::new(),
            address: "Alger".into(),
            nif: format!("0009160{:08}", rng.range(10_000_000, 99_999_999)),
            rc: String::new(),
            payment_days: *days,
            notes: String::new(),
            active: true,
        };
        suppliers.push(purchases::ops::save_supplier(tx, actor, 0, &s, now)?);
    }
    // Ingredients, with their pack and their supplier.
    for spec in INGREDIENTS {
        let allergens = spec.allergens.iter().fold(Allergens::NONE, |a, x| a.with(*x));
        // µDA per base unit = DA per pack × 1 000 000 / content.
        let unit_cost = spec.price * 1_000_000 / spec.content;
        let id = c.product(
            spec.name,
            Kind::Ingredient,
            spec.unit,
            Some(cats[7]),
            None,
            Some(UnitCost(unit_cost)),
            allergens,
            // The lab asks for more when it is down to its last pack: the owner's "Stock bas".
            vec![(LABO, Qty::whole(spec.content))],
        )?;
        c.cost.insert(id, unit_cost);
        let content = Qty::whole(spec.content);
        let pack_id = catalog::ops::add_pack(tx, actor, id, spec.pack, &text(content), now)?;
        purchases::ops::link_products(tx, suppliers[spec.supplier], &[id])?;
        c.shop.bought.push(Bought {
            id,
            supplier_id: suppliers[spec.supplier],
            pack_id,
            pack_content: content,
            pack_price: Money::from_da(spec.price),
            location_id: LABO,
        });
    }
    // Semi-finis.
    for (name, batch, loss, lines) in SEMIS {
        let id = c.product(name, Kind::SemiFini, G, Some(cats[8]), None, None, Allergens::NONE, Vec::new())?;
        let lines: Vec<(i64, Qty)> = lines.iter().map(|(n, q)| (c.id(n), g(*q))).collect();
        c.recipe(id, g(*batch), *loss, &lines)?;
        c.shop.semis.push(id);
    }
    // Breads, viennoiseries, savoury: one per row.
    for (name, semi, grams, extra, weight, cat) in BREADS {
        let mut lines = vec![(c.id(semi), g(*grams))];
        if let Some((e, q)) = extra {
            lines.push((c.id(e), g(*q)));
        }
        made(&mut c, name, &lines, (cats[*cat], *cat), *weight, *cat <= 1, 20, 260)?;
    }
    // Pastries: every form in every flavour (and a mini version of the first four forms).
    for (fi, (form, base, bg, cream, cg, weight)) in FORMS.iter().enumerate() {
        for (li, (label, flavour, fg)) in FLAVOURS.iter().enumerate() {
            let lines = vec![(c.id(base), g(*bg)), (c.id(cream), g(*cg)), (c.id(flavour), g(*fg))];
            let w = weight * if li < 4 { 3 } else { 1 };
            made(&mut c, &format!("{form} {label}"), &lines, (cats[2], 2), w, true, 10, 280)?;
            if fi < 4 && li < 6 {
                let mini: Vec<(i64, Qty)> =
                    lines.iter().map(|(id, q)| (*id, Qty::from_milli(q.milli() * 2 / 5))).collect();
                made(&mut c, &format!("Mini {} {label}", form.to_lowercase()), &mini, (cats[2], 2), 2, true, 30, 300)?;
            }
        }
    }
    // Traditional cakes, by the piece.
    for (name, semi, sg, extra, eg, weight) in TRADITIONAL {
        let lines = vec![(c.id(semi), g(*sg)), (c.id(extra), g(*eg))];
        made(&mut c, name, &lines, (cats[3], 3), *weight, false, 40, 300)?;
    }
    // Whole cakes: 6 and 10 parts, in four flavours each.
    for (name, semi, per_part) in CAKES {
        for (label, flavour, fg) in FLAVOURS.iter().take(4) {
            for parts in [6, 10] {
                let lines = vec![
                    (c.id(semi), g(per_part * parts)),
                    (c.id("Chantilly"), g(40 * parts)),
                    (c.id(flavour), g(fg * parts)),
                ];
                made(&mut c, &format!("{name} {label} {parts} parts"), &lines, (cats[5], 5), 1, false, 2, 260)?;
            }
        }
    }
    // Drinks for resale, received at the counter.
    for (brand, flavours, formats) in DRINKS {
        for flavour in *flavours {
            for (format, ml, buy, sell) in *formats {
                let name = if flavour.is_empty() {
                    format!("{brand} {format}")
                } else {
                    format!("{brand} {flavour} {format}")
                };
                let unit_cost = buy * 1_000_000;
                let id = c.product(
                    &name,
                    Kind::Revente,
                    PC,
                    Some(cats[6]),
                    Some(Money::from_da(*sell)),
                    Some(UnitCost(unit_cost)),
                    Allergens::NONE,
                    Vec::new(),
                )?;
                let pack_id = catalog::ops::add_pack(tx, actor, id, &format!("Pack de 12 ({ml} ml)"), "12", now)?;
                purchases::ops::link_products(tx, suppliers[6], &[id])?;
                c.shop.bought.push(Bought {
                    id,
                    supplier_id: suppliers[6],
                    pack_id,
                    pack_content: Qty::whole(12),
                    pack_price: Money::from_da(buy * 12),
                    location_id: COMPTOIR,
                });
                c.shop.sold.push(Sold {
                    id,
                    weight: if *ml <= 500 { 6 } else { 3 },
                    fresh: false,
                    made: false,
                    group: 6,
                });
            }
        }
    }
    // Packaging, and the till's rules that take it at each sale.
    for (name, pack, pieces, price) in PACKAGING {
        let unit_cost = price * 1_000_000 / pieces;
        let id = c.product(
            name,
            Kind::Consommable,
            PC,
            Some(cats[9]),
            None,
            Some(UnitCost(unit_cost)),
            Allergens::NONE,
            Vec::new(),
        )?;
        let pack_id = catalog::ops::add_pack(tx, actor, id, pack, &pieces.to_string(), now)?;
        purchases::ops::link_products(tx, suppliers[7], &[id])?;
        c.shop.bought.push(Bought {
            id,
            supplier_id: suppliers[7],
            pack_id,
            pack_content: Qty::whole(*pieces),
            pack_price: Money::from_da(*price),
            location_id: EMBALLAGES,
        });
    }
    let rules: &[(usize, i64, i64, &str)] = &[
        (0, 1, 10_000, "Sachet baguette"),
        (1, 1, 10_000, "Sachet kraft S"),
        (2, 1, 4, "Boîte pâtisserie S"),
        (2, 5, 9, "Boîte pâtisserie M"),
        (2, 10, 10_000, "Boîte pâtisserie L"),
        (3, 1, 12, "Boîte pâtisserie M"),
        (3, 13, 10_000, "Boîte pâtisserie L"),
        (4, 1, 10_000, "Sachet sandwich"),
    ];
    for (cat, min, max, packaging) in rules {
        let packaging_id = c.id(packaging);
        let form = crate::pos::rules::ops::RuleForm {
            owner: format!("c:{}", cats[*cat]),
            min_pieces: min.to_string(),
            max_pieces: max.to_string(),
            packaging_id: packaging_id.to_string(),
        };
        crate::pos::rules::ops::add_rule(tx, actor, &form, now)?;
        if !c.shop.packaging_used.contains(&packaging_id) {
            c.shop.packaging_used.push(packaging_id);
        }
    }
    Ok(c.shop)
}

/// A finished product by the piece: `lines` per piece, a batch of `batch` pieces.
#[allow(clippy::too_many_arguments)]
fn made(
    c: &mut Ctx,
    name: &str,
    per_piece: &[(i64, Qty)],
    (category, group): (i64, usize),
    weight: u64,
    fresh: bool,
    batch: i64,
    markup_pct: i64,
) -> Result<i64, AppError> {
    // Cost first, to price it: Σ unit cost × quantity per piece.
    let cost: i128 = per_piece.iter().map(|(id, q)| i128::from(c.cost[id]) * i128::from(q.milli()) / 1000).sum();
    let price = price_of((cost * 1000 / 1000) as i64, 1, markup_pct);
    let id = c.product(name, Kind::Fini, PC, Some(category), Some(price), None, Allergens::NONE, Vec::new())?;
    let lines: Vec<(i64, Qty)> = per_piece.iter().map(|(i, q)| (*i, Qty::from_milli(q.milli() * batch))).collect();
    c.recipe(id, Qty::whole(batch), 0, &lines)?;
    c.shop.sold.push(Sold { id, weight, fresh, made: true, group });
    Ok(id)
}
