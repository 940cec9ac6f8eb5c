//! THE costing function, used by every screen and the API: the cost of a product through every
//! level of sub-recipes, from each bought product's cost. Also the recipe-graph rules that go
//! with it: cycle detection, allergen roll-up and scaling of production sheets. Pure functions
//! over a `Graph` loaded once per request by `store::graph`.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;

use super::{Allergens, Kind, Recipe, Unit, UnitCost, money_of};
use crate::money::{Money, Qty};

/// A product as the costing sees it.
#[derive(Debug, Clone)]
pub struct Node {
    pub id: i64,
    pub name: String,
    pub kind: Kind,
    pub unit: Unit,
    pub sale_price: Option<Money>,
    pub ref_cost: Option<UnitCost>,
    /// The weighted average cost from the stock ledger, once it has one (stock issue).
    pub pmp: Option<UnitCost>,
    pub allergens: Allergens,
    pub recipe: Option<Recipe>,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: HashMap<i64, Node>,
}

/// Where a cost comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Computed from the product's recipe.
    Recipe,
    /// The weighted average cost of the stock.
    Pmp,
    /// The reference cost typed in the product form.
    Reference,
    /// Nothing known: counted as zero and reported.
    Missing,
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::Recipe => "recette",
            Basis::Pmp => "PMP",
            Basis::Reference => "coût de référence",
            Basis::Missing => "coût inconnu",
        }
    }
}

#[derive(Debug, Clone)]
pub struct LineCost {
    pub ingredient_id: i64,
    pub name: String,
    pub unit: Unit,
    pub qty: Qty,
    /// Dinars per base unit of the ingredient.
    pub unit_cost: Decimal,
    /// Dinars, exact (rounded only for display).
    pub cost: Decimal,
    pub basis: Basis,
}

/// The cost of one product, with its breakdown when it has a recipe.
#[derive(Debug, Clone)]
pub struct Costing {
    pub product_id: i64,
    pub basis: Basis,
    /// Dinars per base unit.
    pub unit_cost: Decimal,
    /// Dinars for one batch (recipes only).
    pub batch_cost: Decimal,
    /// Base units one batch really gives, after loss (recipes only).
    pub usable_yield: Decimal,
    pub lines: Vec<LineCost>,
    /// Products somewhere below whose cost is unknown (counted as zero).
    pub missing: Vec<String>,
}

impl Costing {
    /// The cost of one pièce, kg or L, rounded to the centime for display.
    pub fn per_display_unit(&self, unit: Unit) -> Money {
        money_of(self.unit_cost * Decimal::from(unit.display_factor()))
    }

    pub fn batch(&self) -> Money {
        money_of(self.batch_cost)
    }

    /// The margin at `price`, or why there is none: a cost unknown somewhere below is not zero,
    /// and a margin over it would read "100 %".
    pub fn margin_at(&self, price: Money, unit: Unit) -> Result<Margin, String> {
        if self.missing.is_empty() {
            Ok(margin(price, self.per_display_unit(unit)))
        } else {
            Err(format!("coût inconnu ({})", self.missing.join(", ")))
        }
    }
}

/// Price − cost per pièce/kg/L, and that margin as a share of the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margin {
    pub amount: Money,
    /// Hundredths of a percent of the price (3 125 = 31,25 %); None when the price is zero.
    pub percent_bp: Option<i64>,
}

impl Margin {
    pub fn below_cost(self) -> bool {
        self.amount.is_negative()
    }
    pub fn percent_text(self) -> String {
        match self.percent_bp {
            Some(bp) => format!("{} %", Decimal::new(bp, 2).round_dp(1).normalize().to_string().replace('.', ",")),
            None => "—".into(),
        }
    }
}

pub fn margin(price: Money, cost: Money) -> Margin {
    let amount = price - cost;
    let percent_bp = (price.cents() != 0).then(|| {
        let bp = Decimal::from(amount.cents()) * Decimal::from(10_000) / Decimal::from(price.cents());
        i64::try_from(super::round_whole(bp).mantissa()).unwrap_or(0)
    });
    Margin { amount, percent_bp }
}

/// A cost per base unit imposed on a product: what "what changed" uses to recompute with an
/// ingredient's previous cost.
pub type Overrides = HashMap<i64, UnitCost>;

impl Graph {
    pub fn node(&self, id: i64) -> Option<&Node> {
        self.nodes.get(&id)
    }

    /// The costing of `id`, through every sub-recipe.
    pub fn costing(&self, id: i64, overrides: &Overrides) -> Option<Costing> {
        let mut memo = HashMap::new();
        self.costing_in(id, overrides, &mut memo, &mut HashSet::new())
    }

    /// Dinars per base unit of `id` (zero when unknown).
    pub fn unit_cost(&self, id: i64, overrides: &Overrides) -> Decimal {
        self.costing(id, overrides).map(|c| c.unit_cost).unwrap_or_default()
    }

    fn costing_in(
        &self,
        id: i64,
        overrides: &Overrides,
        memo: &mut HashMap<i64, Costing>,
        visiting: &mut HashSet<i64>,
    ) -> Option<Costing> {
        if let Some(done) = memo.get(&id) {
            return Some(done.clone());
        }
        let node = self.nodes.get(&id)?;
        let bare = |basis: Basis, cost: Decimal| Costing {
            product_id: id,
            basis,
            unit_cost: cost,
            batch_cost: Decimal::ZERO,
            usable_yield: Decimal::ZERO,
            lines: Vec::new(),
            missing: if basis == Basis::Missing { vec![node.name.clone()] } else { Vec::new() },
        };
        let costing = if let Some(cost) = overrides.get(&id) {
            bare(Basis::Reference, cost.dinars())
        } else if let Some(recipe) = node.recipe.as_ref().filter(|r| !r.lines.is_empty()) {
            if !visiting.insert(id) {
                // A cycle cannot be saved (see `cycle`); should one exist, it costs nothing more.
                return Some(bare(Basis::Missing, Decimal::ZERO));
            }
            let mut lines = Vec::with_capacity(recipe.lines.len());
            let mut missing = Vec::new();
            let mut batch = Decimal::ZERO;
            for line in &recipe.lines {
                let Some(ing) = self.nodes.get(&line.ingredient_id) else { continue };
                let sub = self.costing_in(ing.id, overrides, memo, visiting)?;
                let qty = Decimal::new(line.qty.milli(), 3);
                let cost = qty * sub.unit_cost;
                batch += cost;
                missing.extend(sub.missing.iter().cloned());
                lines.push(LineCost {
                    ingredient_id: ing.id,
                    name: ing.name.clone(),
                    unit: ing.unit,
                    qty: line.qty,
                    unit_cost: sub.unit_cost,
                    cost,
                    basis: sub.basis,
                });
            }
            visiting.remove(&id);
            let usable = recipe.usable_yield();
            missing.sort();
            missing.dedup();
            Costing {
                product_id: id,
                basis: Basis::Recipe,
                unit_cost: if usable.is_zero() { Decimal::ZERO } else { batch / usable },
                batch_cost: batch,
                usable_yield: usable,
                lines,
                missing,
            }
        } else if let Some(pmp) = node.pmp {
            bare(Basis::Pmp, pmp.dinars())
        } else if let Some(reference) = node.ref_cost {
            bare(Basis::Reference, reference.dinars())
        } else {
            bare(Basis::Missing, Decimal::ZERO)
        };
        memo.insert(id, costing.clone());
        Some(costing)
    }

    /// If `product` used `ingredients` in its recipe, the path of a cycle back to it, by name.
    pub fn cycle(&self, product: i64, ingredients: &[i64]) -> Option<Vec<String>> {
        let name = |id: i64| self.nodes.get(&id).map(|n| n.name.clone()).unwrap_or_else(|| format!("n° {id}"));
        let mut stack: Vec<(i64, Vec<i64>)> = ingredients.iter().map(|i| (*i, vec![product, *i])).collect();
        let mut seen = HashSet::new();
        while let Some((at, path)) = stack.pop() {
            if at == product {
                return Some(path.into_iter().map(name).collect());
            }
            if !seen.insert(at) {
                continue;
            }
            if let Some(recipe) = self.nodes.get(&at).and_then(|n| n.recipe.as_ref()) {
                for line in &recipe.lines {
                    let mut next = path.clone();
                    next.push(line.ingredient_id);
                    stack.push((line.ingredient_id, next));
                }
            }
        }
        None
    }

    /// Every allergen of a product, its own and its recipe's at every level.
    pub fn allergens(&self, id: i64) -> Allergens {
        let mut set = Allergens::NONE;
        let mut stack = vec![id];
        let mut seen = HashSet::new();
        while let Some(at) = stack.pop() {
            if !seen.insert(at) {
                continue;
            }
            let Some(node) = self.nodes.get(&at) else { continue };
            set = set.union(node.allergens);
            if let Some(recipe) = &node.recipe {
                stack.extend(recipe.lines.iter().map(|l| l.ingredient_id));
            }
        }
        set
    }

    /// Products whose recipe uses `id`, directly or through sub-recipes.
    pub fn users_of(&self, id: i64) -> Vec<i64> {
        let mut found = Vec::new();
        let mut frontier = vec![id];
        let mut seen = HashSet::from([id]);
        while let Some(at) = frontier.pop() {
            for node in self.nodes.values() {
                let uses = node.recipe.as_ref().is_some_and(|r| r.lines.iter().any(|l| l.ingredient_id == at));
                if uses && seen.insert(node.id) {
                    found.push(node.id);
                    frontier.push(node.id);
                }
            }
        }
        found.sort_by_key(|id| self.nodes.get(id).map(|n| n.name.to_lowercase()));
        found
    }

    /// A production sheet: the recipe of `id` scaled by `factor` batches, and, for every semi-fini
    /// it uses, the sheet of what must be made of it first.
    pub fn sheet(&self, id: i64, factor: Decimal) -> Option<Sheet> {
        self.sheet_in(id, factor, &mut HashSet::new())
    }

    fn sheet_in(&self, id: i64, factor: Decimal, visiting: &mut HashSet<i64>) -> Option<Sheet> {
        let node = self.nodes.get(&id)?;
        let recipe = node.recipe.as_ref()?;
        if !visiting.insert(id) {
            return None;
        }
        let scale = |q: Qty| {
            Qty::from_milli(
                i64::try_from(super::round_whole(Decimal::from(q.milli()) * factor).mantissa()).unwrap_or(i64::MAX),
            )
        };
        let mut lines = Vec::new();
        let mut subs: BTreeMap<String, Sheet> = BTreeMap::new();
        for line in &recipe.lines {
            let Some(ing) = self.nodes.get(&line.ingredient_id) else { continue };
            let qty = scale(line.qty);
            lines.push(SheetLine {
                name: ing.name.clone(),
                unit: ing.unit,
                qty,
                note: line.note.clone(),
                made_here: ing.recipe.is_some(),
            });
            if let Some(sub_recipe) = &ing.recipe {
                let usable = sub_recipe.usable_yield();
                if !usable.is_zero() {
                    let sub_factor = Decimal::new(qty.milli(), 3) / usable;
                    if let Some(sub) = self.sheet_in(ing.id, sub_factor, visiting) {
                        subs.insert(ing.name.to_lowercase(), sub);
                    }
                }
            }
        }
        visiting.remove(&id);
        Some(Sheet {
            product_id: id,
            name: node.name.clone(),
            unit: node.unit,
            batches: factor,
            output: scale(recipe.yield_qty),
            usable_output: Qty::from_milli(
                i64::try_from(super::round_whole(recipe.usable_yield() * factor * Decimal::from(1000)).mantissa())
                    .unwrap_or(0),
            ),
            method: recipe.method.clone(),
            lines,
            sub_sheets: subs.into_values().collect(),
        })
    }
}

#[derive(Debug, Clone)]
pub struct SheetLine {
    pub name: String,
    pub unit: Unit,
    pub qty: Qty,
    pub note: String,
    /// A semi-fini: its own sheet follows.
    pub made_here: bool,
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub product_id: i64,
    pub name: String,
    pub unit: Unit,
    /// Number of batches (may be fractional).
    pub batches: Decimal,
    /// What the batches give before loss, and after.
    pub output: Qty,
    pub usable_output: Qty,
    pub method: String,
    pub lines: Vec<SheetLine>,
    pub sub_sheets: Vec<Sheet>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Allergen, RecipeLine};

    fn node(id: i64, name: &str, kind: Kind, unit: Unit, cost_micro: Option<i64>) -> Node {
        Node {
            id,
            name: name.into(),
            kind,
            unit,
            sale_price: None,
            ref_cost: cost_micro.map(UnitCost),
            pmp: None,
            allergens: Allergens::NONE,
            recipe: None,
        }
    }

    fn recipe(product_id: i64, yield_qty: Qty, loss_bp: i64, lines: &[(i64, Qty)]) -> Recipe {
        Recipe {
            product_id,
            yield_qty,
            loss_bp,
            location_id: 2,
            method: String::new(),
            lines: lines.iter().map(|(i, q)| RecipeLine { ingredient_id: *i, qty: *q, note: String::new() }).collect(),
        }
    }

    /// The team's Mhadjeb example: yield 10; flour 1 000 g × 0,05 + margarine 200 g × 0,10 +
    /// salt 50 g × 0,02 = 71 DA → 7,10 DA per piece; margarine at 0,12 → 75 DA → 7,50 DA.
    #[test]
    fn mhadjeb_costs_7_10_then_7_50_when_margarine_rises() {
        let mut g = Graph::default();
        g.nodes.insert(1, node(1, "Farine", Kind::Ingredient, Unit::Gram, Some(50_000)));
        g.nodes.insert(2, node(2, "Margarine", Kind::Ingredient, Unit::Gram, Some(100_000)));
        g.nodes.insert(3, node(3, "Sel", Kind::Ingredient, Unit::Gram, Some(20_000)));
        let mut m = node(4, "Mhadjeb", Kind::Fini, Unit::Piece, None);
        m.recipe =
            Some(recipe(4, Qty::whole(10), 0, &[(1, Qty::whole(1000)), (2, Qty::whole(200)), (3, Qty::whole(50))]));
        g.nodes.insert(4, m);
        let c = g.costing(4, &Overrides::new()).unwrap();
        assert_eq!(c.batch(), Money::from_da(71));
        assert_eq!(c.per_display_unit(Unit::Piece), Money::from_cents(710));
        let risen = Overrides::from([(2, UnitCost(120_000))]);
        let c = g.costing(4, &risen).unwrap();
        assert_eq!(c.batch(), Money::from_da(75));
        assert_eq!(c.per_display_unit(Unit::Piece), Money::from_cents(750));
        assert_eq!(g.users_of(2), vec![4]);
    }

    #[test]
    fn a_recipe_may_not_reach_its_own_product() {
        let mut g = Graph::default();
        g.nodes.insert(1, node(1, "Farine", Kind::Ingredient, Unit::Gram, Some(1)));
        let mut pate = node(2, "Pâte", Kind::SemiFini, Unit::Gram, None);
        pate.recipe = Some(recipe(2, Qty::whole(1000), 0, &[(1, Qty::whole(1000)), (3, Qty::whole(10))]));
        g.nodes.insert(2, pate);
        let mut creme = node(3, "Crème", Kind::SemiFini, Unit::Gram, None);
        creme.recipe = Some(recipe(3, Qty::whole(1000), 0, &[(1, Qty::whole(100))]));
        g.nodes.insert(3, creme);
        // Crème using Pâte, which uses Crème: refused, with the path.
        assert_eq!(g.cycle(3, &[2]).unwrap(), vec!["Crème", "Pâte", "Crème"]);
        assert_eq!(g.cycle(3, &[3]).unwrap(), vec!["Crème", "Crème"]);
        assert!(g.cycle(3, &[1]).is_none());
    }

    #[test]
    fn allergens_roll_up_through_sub_recipes() {
        let mut g = Graph::default();
        let mut farine = node(1, "Farine", Kind::Ingredient, Unit::Gram, Some(1));
        farine.allergens = Allergens::NONE.with(Allergen::Gluten);
        let mut lait = node(2, "Lait", Kind::Ingredient, Unit::Milliliter, Some(1));
        lait.allergens = Allergens::NONE.with(Allergen::Lait);
        g.nodes.insert(1, farine);
        g.nodes.insert(2, lait);
        let mut creme = node(3, "Crème", Kind::SemiFini, Unit::Gram, None);
        creme.recipe = Some(recipe(3, Qty::whole(1000), 0, &[(2, Qty::whole(500))]));
        g.nodes.insert(3, creme);
        let mut gateau = node(4, "Gâteau", Kind::Fini, Unit::Piece, None);
        gateau.recipe = Some(recipe(4, Qty::whole(8), 0, &[(1, Qty::whole(300)), (3, Qty::whole(400))]));
        g.nodes.insert(4, gateau);
        assert_eq!(g.allergens(4).labels(), vec!["Gluten", "Lait"]);
        assert_eq!(g.allergens(3).labels(), vec!["Lait"]);
    }

    #[test]
    fn margins_are_a_share_of_the_price() {
        let m = margin(Money::from_da(40), Money::from_da(30));
        assert_eq!(m.amount, Money::from_da(10));
        assert_eq!(m.percent_text(), "25 %");
        assert!(margin(Money::from_da(40), Money::from_cents(137_468)).below_cost());
        assert_eq!(margin(Money::ZERO, Money::from_da(1)).percent_text(), "—");
    }
}
