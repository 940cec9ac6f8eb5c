//! The lab's side of the orders: the production plan of a day (what the orders due that day
//! still need, the business customers' orders delivered that day (src/b2b), plus the counter's target for that weekday less what the counter holds), exploded
//! through the recipes to semi-finished goods and ingredients and compared with what the places
//! hold; and the lab board (today's and tomorrow's orders by due hour, the counter's lines), where
//! "fait" records the production through the production operation. Owns `plan_targets`. Shows
//! quantities only: the production role never sees a price.

pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::catalog::cost::Graph;
use crate::catalog::{Kind, Unit};
use crate::money::Qty;
use crate::production::need;

/// Why something is to be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    Order(i64),
    /// A business customer's order (the b2b domain).
    B2b(i64),
    Counter,
}

/// A quantity of a product to make.
#[derive(Debug, Clone)]
pub struct Demand {
    pub product_id: i64,
    pub qty: Qty,
    pub origin: Origin,
}

/// What the plan needs of one product at one place (an ingredient, or a semi-finished good), what
/// that place holds, and who needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub product_id: i64,
    pub location_id: i64,
    pub qty: Qty,
    pub held: Qty,
    pub origins: BTreeSet<Origin>,
    pub semi: bool,
}

impl Need {
    /// What is missing (zero when the place holds enough).
    pub fn short(&self) -> Qty {
        if self.held < self.qty { self.qty - self.held } else { Qty::ZERO }
    }

    /// The orders a shortage blocks.
    pub fn orders(&self) -> Vec<i64> {
        self.origins.iter().filter_map(|o| if let Origin::Order(id) = o { Some(*id) } else { None }).collect()
    }
}

/// One product of the plan.
#[derive(Debug, Clone)]
pub struct PlanLine {
    pub product_id: i64,
    pub name: String,
    pub category: String,
    pub unit: Unit,
    /// Still to make for the orders due that day.
    pub orders: Qty,
    /// The counter's target for the weekday.
    pub target: Qty,
    /// What the counter holds now.
    pub counter: Qty,
    pub has_recipe: bool,
}

impl PlanLine {
    /// For the counter: the target less what it still holds, never below zero.
    pub fn for_counter(&self) -> Qty {
        if self.target > self.counter { self.target - self.counter } else { Qty::ZERO }
    }

    pub fn total(&self) -> Qty {
        self.orders + self.for_counter()
    }
}

/// A day's plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub day: chrono::NaiveDate,
    pub lines: Vec<PlanLine>,
    /// Semi-finished goods first, then ingredients, by name.
    pub needs: Vec<Need>,
    /// Names and units of the products the needs mention.
    pub names: HashMap<i64, (String, Unit)>,
    pub places: HashMap<i64, String>,
    pub order_numbers: HashMap<i64, String>,
}

/// Explodes what is to be made through the recipes: each recipe line's need (yield and loss
/// included), taken where production takes it (semi-finished goods at the lab, the rest at the
/// recipe's place). A semi-finished good the lab does not hold enough of is to be made in turn,
/// level by level. Products nobody counts (`tracked` excludes them) are left out.
pub fn explode(
    graph: &Graph,
    demands: &[Demand],
    held: &HashMap<(i64, i64), Qty>,
    lab: Option<i64>,
    tracked: &HashSet<i64>,
) -> Vec<Need> {
    let mut needs: BTreeMap<(i64, i64), Need> = BTreeMap::new();
    let mut left: HashMap<(i64, i64), Qty> = held.clone();
    let mut level: Vec<Demand> = demands.to_vec();
    for _depth in 0..8 {
        let mut semis: BTreeMap<(i64, i64), (Qty, BTreeSet<Origin>)> = BTreeMap::new();
        for d in &level {
            let Some(recipe) = graph.node(d.product_id).and_then(|n| n.recipe.as_ref()) else { continue };
            for line in &recipe.lines {
                let Some(ing) = graph.node(line.ingredient_id) else { continue };
                if !tracked.contains(&ing.id) {
                    continue;
                }
                let qty = need(line.qty, d.qty, recipe.yield_qty, recipe.loss_bp);
                let semi = ing.kind == Kind::SemiFini;
                let place = match (semi, lab) {
                    (true, Some(lab)) => lab,
                    _ => recipe.location_id,
                };
                let key = (ing.id, place);
                let n = needs.entry(key).or_insert_with(|| Need {
                    product_id: ing.id,
                    location_id: place,
                    qty: Qty::ZERO,
                    held: held.get(&key).copied().unwrap_or_default(),
                    origins: BTreeSet::new(),
                    semi,
                });
                n.qty = n.qty + qty;
                n.origins.insert(d.origin);
                if semi {
                    let s = semis.entry(key).or_default();
                    s.0 = s.0 + qty;
                    s.1.insert(d.origin);
                }
            }
        }
        // What the lab does not hold of a semi-finished good is made from its own recipe.
        level = Vec::new();
        for ((product_id, place), (qty, origins)) in semis {
            let have = left.entry((product_id, place)).or_default();
            let used = (*have).min(qty);
            *have = *have - used;
            let missing = qty - used;
            if missing.milli() > 0 {
                // The shortfall is made once; every origin it serves is named on the deeper needs.
                let mut origins = origins.into_iter();
                if let Some(first) = origins.next() {
                    level.push(Demand { product_id, qty: missing, origin: first });
                }
                level.extend(origins.map(|origin| Demand { product_id, qty: Qty::ZERO, origin }));
            }
        }
        if level.is_empty() {
            break;
        }
    }
    let mut out: Vec<Need> = needs.into_values().filter(|n| n.qty.milli() > 0).collect();
    out.sort_by_key(|n| (!n.semi, n.product_id, n.location_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::cost::Node;
    use crate::catalog::{Allergens, Recipe, RecipeLine};

    fn node(id: i64, kind: Kind, recipe: Option<Recipe>) -> Node {
        Node {
            id,
            name: format!("p{id}"),
            kind,
            unit: Unit::Gram,
            sale_price: None,
            ref_cost: None,
            pmp: None,
            allergens: Allergens::NONE,
            recipe,
        }
    }

    fn recipe(product_id: i64, yield_g: i64, lines: &[(i64, i64)]) -> Option<Recipe> {
        Some(Recipe {
            product_id,
            yield_qty: Qty::whole(yield_g),
            loss_bp: 0,
            location_id: 2,
            method: String::new(),
            lines: lines
                .iter()
                .map(|(i, q)| RecipeLine { ingredient_id: *i, qty: Qty::whole(*q), note: String::new() })
                .collect(),
        })
    }

    /// Croissants (yield 20) from 1 kg of dough; dough (yield 1 kg) from 600 g flour and 400 g butter.
    fn graph() -> Graph {
        let mut g = Graph::default();
        g.nodes.insert(1, node(1, Kind::Ingredient, None));
        g.nodes.insert(2, node(2, Kind::Ingredient, None));
        g.nodes.insert(3, node(3, Kind::SemiFini, recipe(3, 1_000, &[(1, 600), (2, 400)])));
        g.nodes.insert(4, node(4, Kind::Fini, recipe(4, 20, &[(3, 1_000)])));
        g
    }

    #[test]
    fn what_the_lab_lacks_of_a_semi_finished_good_is_exploded_to_its_ingredients() {
        let tracked: HashSet<i64> = [1, 2, 3, 4].into();
        let demands = vec![
            Demand { product_id: 4, qty: Qty::whole(30), origin: Origin::Order(7) },
            Demand { product_id: 4, qty: Qty::whole(10), origin: Origin::Counter },
        ];
        // 40 croissants need 2 kg of dough; the lab holds 500 g, so 1,5 kg is made: 900 g flour, 600 g butter.
        let held: HashMap<(i64, i64), Qty> = [((3, 2), Qty::whole(500)), ((1, 2), Qty::whole(800))].into();
        let needs = explode(&graph(), &demands, &held, Some(2), &tracked);
        let of = |id: i64| needs.iter().find(|n| n.product_id == id).unwrap();
        assert_eq!(of(3).qty, Qty::whole(2_000));
        assert_eq!(of(3).short(), Qty::whole(1_500));
        assert!(of(3).semi);
        assert_eq!(of(1).qty, Qty::whole(900));
        assert_eq!(of(1).short(), Qty::whole(100));
        assert_eq!(of(1).orders(), vec![7], "the flour shortage blocks order 7");
        assert_eq!(of(2).qty, Qty::whole(600));
        assert_eq!(needs[0].product_id, 3, "semi-finished goods first");
    }

    #[test]
    fn nothing_is_needed_when_the_lab_holds_the_semi_finished_goods() {
        let tracked: HashSet<i64> = [1, 2, 3, 4].into();
        let demands = vec![Demand { product_id: 4, qty: Qty::whole(20), origin: Origin::Counter }];
        let held: HashMap<(i64, i64), Qty> = [((3, 2), Qty::whole(5_000))].into();
        let needs = explode(&graph(), &demands, &held, Some(2), &tracked);
        assert_eq!(needs.len(), 1);
        assert_eq!(needs[0].short(), Qty::ZERO);
    }
}
