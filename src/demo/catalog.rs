//! The demo shop's catalogue, made through the catalogue's and the suppliers' operations:
//! categories, suppliers, ~400 products (ingredients with packs and suppliers, semi-finis and
//! finished goods with recipes, drinks for resale, packaging), each with a plausible cost and price.

use std::collections::HashMap;

use rusqlite::Transaction;

use super::rng::Rng;
use crate::audit::Actor;
use crate::catalog::{self, Allergen, Allergens, Category, Kind, Unit, UnitCost};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::purchases::{self, Supplier};

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
            thresholds: Vec::new(),
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

struct IngredientSpec {
    name: &'static str,
    unit: Unit,
    pack: &'static str,
    content: i64,
    /// DA per pack.
    price: i64,
    allergens: &'static [Allergen],
    supplier: usize,
}

const fn ing(
    name: &'static str,
    unit: Unit,
    pack: &'static str,
    content: i64,
    price: i64,
    allergens: &'static [Allergen],
    supplier: usize,
) -> IngredientSpec {
    IngredientSpec { name, unit, pack, content, price, allergens, supplier }
}

use Allergen::{FruitsACoque as Nuts, Gluten, Lait, Oeufs, Sesame};
use Unit::{Gram as G, Milliliter as ML, Piece as PC};

const SUPPLIERS: &[(&str, i64)] = &[
    ("Moulins de la Mitidja", 30),
    ("Laiterie Soummam Distribution", 15),
    ("Cevital Agro", 30),
    ("Fruits secs El Djazair", 45),
    ("Ovo Blida", 7),
    ("Metro Cash & Carry Alger", 0),
    ("Boissons Hamoud Distribution", 30),
    ("Emballages Tizi Pack", 60),
];

const INGREDIENTS: &[IngredientSpec] = &[
    ing("Farine T55", G, "Sac 25 kg", 25_000, 1_500, &[Gluten], 0),
    ing("Farine T65", G, "Sac 25 kg", 25_000, 1_650, &[Gluten], 0),
    ing("Farine complète", G, "Sac 25 kg", 25_000, 1_900, &[Gluten], 0),
    ing("Farine de seigle", G, "Sac 10 kg", 10_000, 1_100, &[Gluten], 0),
    ing("Semoule fine", G, "Sac 25 kg", 25_000, 1_050, &[Gluten], 0),
    ing("Semoule moyenne", G, "Sac 25 kg", 25_000, 1_150, &[Gluten], 0),
    ing("Levure boulangère", G, "Carton 10 kg", 10_000, 8_400, &[], 5),
    ing("Sel fin", G, "Sac 25 kg", 25_000, 375, &[], 5),
    ing("Sucre cristallisé", G, "Sac 50 kg", 50_000, 4_000, &[], 2),
    ing("Sucre glace", G, "Sac 10 kg", 10_000, 1_400, &[], 2),
    ing("Beurre doux", G, "Carton 10 kg", 10_000, 14_000, &[Lait], 1),
    ing("Beurre de tourage", G, "Carton 10 kg", 10_000, 16_500, &[Lait], 1),
    ing("Margarine", G, "Carton 10 kg", 10_000, 3_180, &[], 2),
    ing("Huile de table", ML, "Bidon 5 L", 5_000, 600, &[], 2),
    ing("Lait entier", ML, "Pack 6 × 1 L", 6_000, 780, &[Lait], 1),
    ing("Crème liquide 35 %", ML, "Carton 6 × 1 L", 6_000, 4_200, &[Lait], 1),
    ing("Lait en poudre", G, "Sac 25 kg", 25_000, 22_500, &[Lait], 1),
    ing("Œufs", PC, "Plateau 30 œufs", 30, 600, &[Oeufs], 4),
    ing("Miel", G, "Seau 5 kg", 5_000, 9_000, &[], 3),
    ing("Amandes", G, "Carton 10 kg", 10_000, 22_000, &[Nuts], 3),
    ing("Poudre d'amande", G, "Sac 5 kg", 5_000, 12_500, &[Nuts], 3),
    ing("Noisettes", G, "Sac 5 kg", 5_000, 11_000, &[Nuts], 3),
    ing("Noix", G, "Sac 5 kg", 5_000, 9_500, &[Nuts], 3),
    ing("Pistaches", G, "Sac 5 kg", 5_000, 25_000, &[Nuts], 3),
    ing("Cacahuètes", G, "Sac 10 kg", 10_000, 5_500, &[Allergen::Arachides], 3),
    ing("Sésame", G, "Sac 5 kg", 5_000, 2_750, &[Sesame], 3),
    ing("Dattes (pâte)", G, "Carton 10 kg", 10_000, 4_500, &[], 3),
    ing("Raisins secs", G, "Carton 5 kg", 5_000, 3_500, &[], 3),
    ing("Chocolat noir 64 %", G, "Sac 5 kg", 5_000, 13_500, &[Lait, Allergen::Soja], 5),
    ing("Chocolat au lait", G, "Sac 5 kg", 5_000, 12_000, &[Lait, Allergen::Soja], 5),
    ing("Chocolat blanc", G, "Sac 5 kg", 5_000, 12_500, &[Lait], 5),
    ing("Cacao en poudre", G, "Sac 1 kg", 1_000, 2_200, &[], 5),
    ing("Bâtons de chocolat", G, "Carton 1,6 kg", 1_600, 2_900, &[Lait, Allergen::Soja], 5),
    ing("Vanille (extrait)", ML, "Flacon 1 L", 1_000, 6_000, &[], 5),
    ing("Eau de fleur d'oranger", ML, "Bouteille 1 L", 1_000, 450, &[], 5),
    ing("Café soluble", G, "Boîte 500 g", 500, 1_600, &[], 5),
    ing("Purée de fraise", G, "Seau 1 kg", 1_000, 1_400, &[], 5),
    ing("Purée de framboise", G, "Seau 1 kg", 1_000, 1_700, &[], 5),
    ing("Purée de mangue", G, "Seau 1 kg", 1_000, 1_500, &[], 5),
    ing("Purée de fruit de la passion", G, "Seau 1 kg", 1_000, 1_900, &[], 5),
    ing("Citrons", G, "Cagette 10 kg", 10_000, 2_500, &[], 5),
    ing("Pommes", G, "Cagette 10 kg", 10_000, 2_200, &[], 5),
    ing("Fraises fraîches", G, "Barquette 2 kg", 2_000, 1_200, &[], 5),
    ing("Pâte de pistache", G, "Seau 1 kg", 1_000, 6_500, &[Nuts], 3),
    ing("Praliné noisette", G, "Seau 5 kg", 5_000, 14_000, &[Nuts], 5),
    ing("Caramel", G, "Seau 5 kg", 5_000, 4_500, &[Lait], 5),
    ing("Confiture d'abricot", G, "Seau 5 kg", 5_000, 2_600, &[], 2),
    ing("Nappage neutre", G, "Seau 5 kg", 5_000, 3_000, &[], 5),
    ing("Gélatine", G, "Boîte 1 kg", 1_000, 3_800, &[], 5),
    ing("Levure chimique", G, "Boîte 1 kg", 1_000, 650, &[], 5),
    ing("Fromage râpé", G, "Sac 2 kg", 2_000, 3_200, &[Lait], 1),
    ing("Thon", G, "Boîte 1,7 kg", 1_700, 2_800, &[Allergen::Poissons], 5),
    ing("Sauce tomate", G, "Boîte 4 kg", 4_000, 1_100, &[], 5),
    ing("Olives", G, "Seau 5 kg", 5_000, 2_400, &[], 5),
    ing("Oignons", G, "Sac 10 kg", 10_000, 700, &[], 5),
    ing("Poivrons", G, "Cagette 5 kg", 5_000, 900, &[], 5),
    ing("Viande hachée", G, "Barquette 2 kg", 2_000, 3_600, &[], 5),
    ing("Fromage frais", G, "Seau 2 kg", 2_000, 1_900, &[Lait], 1),
    ing("Graines de nigelle", G, "Sachet 1 kg", 1_000, 1_200, &[], 3),
    ing("Anis", G, "Sachet 1 kg", 1_000, 900, &[], 3),
    ing("Cannelle", G, "Sachet 500 g", 500, 800, &[], 3),
    ing("Noix de coco râpée", G, "Sac 5 kg", 5_000, 3_500, &[], 3),
    ing("Flocons d'avoine", G, "Sac 5 kg", 5_000, 1_600, &[Gluten], 0),
    ing("Graines de tournesol", G, "Sac 5 kg", 5_000, 2_200, &[], 3),
    ing("Graines de lin", G, "Sac 5 kg", 5_000, 2_000, &[], 3),
    ing("Colorant alimentaire", ML, "Flacon 250 ml", 250, 450, &[], 5),
    ing("Sucre vanillé", G, "Boîte 1 kg", 1_000, 700, &[], 2),
    ing("Glucose", G, "Seau 5 kg", 5_000, 2_500, &[], 2),
    ing("Fondant pâtissier", G, "Seau 5 kg", 5_000, 3_300, &[], 5),
    ing("Mascarpone", G, "Barquette 500 g", 500, 900, &[Lait], 1),
    ing("Fromage à la crème", G, "Pain 1 kg", 1_000, 1_500, &[Lait], 1),
    ing("Crème fraîche", G, "Pot 1 kg", 1_000, 700, &[Lait], 1),
    ing("Yaourt nature", G, "Seau 5 kg", 5_000, 1_300, &[Lait], 1),
    ing("Amande effilée", G, "Sac 2 kg", 2_000, 5_200, &[Nuts], 3),
    ing("Cerises confites", G, "Seau 2 kg", 2_000, 2_600, &[Allergen::Sulfites], 3),
    ing("Écorces d'orange confites", G, "Seau 2 kg", 2_000, 2_400, &[Allergen::Sulfites], 3),
    ing("Cumin", G, "Sachet 500 g", 500, 600, &[], 3),
    ing("Poivre noir", G, "Sachet 500 g", 500, 1_100, &[], 3),
    ing("Persil", G, "Botte 1 kg", 1_000, 300, &[], 5),
];

/// Semi-finis: name, batch (g), loss bp, lines (ingredient name, grams per batch).
/// (name, batch in g, loss in bp, lines: (ingredient, grams per batch)).
type SemiSpec = (&'static str, i64, i64, &'static [(&'static str, i64)]);
const SEMIS: &[SemiSpec] = &[
    ("Pâte à pain", 10_000, 200, &[("Farine T65", 6_000), ("Sel fin", 110), ("Levure boulangère", 60)]),
    ("Pâte à pain complet", 10_000, 200, &[("Farine complète", 5_800), ("Sel fin", 110), ("Levure boulangère", 70)]),
    (
        "Pâte semoule",
        10_000,
        200,
        &[("Semoule fine", 6_200), ("Sel fin", 100), ("Levure boulangère", 50), ("Huile de table", 300)],
    ),
    (
        "Pâte levée feuilletée",
        10_000,
        300,
        &[
            ("Farine T55", 4_500),
            ("Beurre de tourage", 2_500),
            ("Sucre cristallisé", 500),
            ("Lait entier", 1_500),
            ("Levure boulangère", 180),
            ("Sel fin", 90),
        ],
    ),
    ("Pâte feuilletée", 10_000, 300, &[("Farine T55", 4_800), ("Beurre de tourage", 3_800), ("Sel fin", 90)]),
    (
        "Pâte à brioche",
        10_000,
        250,
        &[
            ("Farine T55", 4_800),
            ("Œufs", 25),
            ("Beurre doux", 2_000),
            ("Sucre cristallisé", 700),
            ("Levure boulangère", 200),
            ("Lait entier", 800),
        ],
    ),
    (
        "Pâte sucrée",
        10_000,
        300,
        &[
            ("Farine T55", 5_000),
            ("Beurre doux", 2_500),
            ("Sucre glace", 1_900),
            ("Œufs", 12),
            ("Poudre d'amande", 600),
        ],
    ),
    ("Pâte brisée", 10_000, 300, &[("Farine T55", 6_000), ("Margarine", 3_000), ("Sel fin", 100), ("Œufs", 6)]),
    (
        "Pâte à choux",
        10_000,
        400,
        &[("Farine T55", 2_200), ("Beurre doux", 1_800), ("Œufs", 70), ("Lait entier", 2_000), ("Sel fin", 40)],
    ),
    ("Génoise", 10_000, 300, &[("Farine T55", 2_800), ("Sucre cristallisé", 2_800), ("Œufs", 90)]),
    (
        "Crème pâtissière",
        10_000,
        200,
        &[
            ("Lait entier", 7_000),
            ("Sucre cristallisé", 1_400),
            ("Œufs", 40),
            ("Farine T55", 600),
            ("Vanille (extrait)", 50),
        ],
    ),
    ("Crème au beurre", 10_000, 200, &[("Beurre doux", 5_000), ("Sucre glace", 3_500), ("Œufs", 30)]),
    ("Ganache chocolat", 10_000, 200, &[("Chocolat noir 64 %", 5_000), ("Crème liquide 35 %", 5_000)]),
    (
        "Crème d'amande",
        10_000,
        200,
        &[("Poudre d'amande", 3_000), ("Beurre doux", 2_500), ("Sucre cristallisé", 2_500), ("Œufs", 40)],
    ),
    ("Chantilly", 10_000, 500, &[("Crème liquide 35 %", 9_000), ("Sucre glace", 900), ("Vanille (extrait)", 30)]),
    ("Sirop de miel", 10_000, 100, &[("Miel", 6_000), ("Sucre cristallisé", 2_000), ("Eau de fleur d'oranger", 500)]),
    (
        "Farce amandes",
        10_000,
        200,
        &[("Amandes", 6_000), ("Sucre cristallisé", 3_000), ("Eau de fleur d'oranger", 400), ("Œufs", 10)],
    ),
    (
        "Pâte à makrout",
        10_000,
        300,
        &[("Semoule moyenne", 6_500), ("Margarine", 1_800), ("Dattes (pâte)", 2_000), ("Eau de fleur d'oranger", 300)],
    ),
    (
        "Pâte à pizza",
        10_000,
        200,
        &[("Farine T55", 6_000), ("Huile de table", 400), ("Sel fin", 120), ("Levure boulangère", 80)],
    ),
    (
        "Garniture pizza",
        10_000,
        300,
        &[("Sauce tomate", 4_000), ("Fromage râpé", 3_000), ("Olives", 800), ("Poivrons", 1_500), ("Oignons", 1_200)],
    ),
    (
        "Pâte à msemen",
        10_000,
        200,
        &[("Semoule fine", 3_500), ("Farine T55", 3_500), ("Huile de table", 800), ("Sel fin", 100)],
    ),
    ("Meringue", 10_000, 400, &[("Œufs", 120), ("Sucre cristallisé", 6_000)]),
    (
        "Crème citron",
        10_000,
        200,
        &[("Citrons", 3_000), ("Sucre cristallisé", 2_500), ("Œufs", 60), ("Beurre doux", 2_000)],
    ),
    ("Mousse chocolat", 10_000, 300, &[("Chocolat noir 64 %", 3_500), ("Crème liquide 35 %", 5_000), ("Œufs", 40)]),
    ("Glaçage fondant", 10_000, 200, &[("Fondant pâtissier", 8_000), ("Glucose", 1_500)]),
];

/// Flavours of the pâtisseries: (label, ingredient, grams per piece).
const FLAVOURS: &[(&str, &str, i64)] = &[
    ("au chocolat", "Chocolat noir 64 %", 25),
    ("à la vanille", "Vanille (extrait)", 2),
    ("au café", "Café soluble", 3),
    ("au citron", "Citrons", 25),
    ("à la pistache", "Pâte de pistache", 15),
    ("à la fraise", "Purée de fraise", 30),
    ("à la framboise", "Purée de framboise", 30),
    ("au caramel", "Caramel", 25),
    ("praliné", "Praliné noisette", 20),
    ("à la mangue", "Purée de mangue", 30),
    ("passion", "Purée de fruit de la passion", 30),
    ("au chocolat blanc", "Chocolat blanc", 25),
];

/// Pastry forms: (name, base semi, grams of base, cream semi, grams of cream, weight).
const FORMS: &[(&str, &str, i64, &str, i64, u64)] = &[
    ("Éclair", "Pâte à choux", 45, "Crème pâtissière", 60, 8),
    ("Tartelette", "Pâte sucrée", 55, "Crème d'amande", 40, 7),
    ("Mille-feuille", "Pâte feuilletée", 60, "Crème pâtissière", 80, 6),
    ("Entremets individuel", "Génoise", 40, "Chantilly", 70, 5),
    ("Religieuse", "Pâte à choux", 60, "Crème au beurre", 50, 4),
    ("Cupcake", "Génoise", 50, "Crème au beurre", 40, 3),
];

/// Traditional cakes: (name, semi, grams, extra ingredient, grams, weight).
const TRADITIONAL: &[(&str, &str, i64, &str, i64, u64)] = &[
    ("Baklawa", "Pâte feuilletée", 20, "Amandes", 25, 9),
    ("Baklawa cacahuète", "Pâte feuilletée", 20, "Cacahuètes", 25, 5),
    ("Makrout", "Pâte à makrout", 45, "Miel", 8, 9),
    ("Makrout el louz", "Farce amandes", 40, "Miel", 8, 5),
    ("Kalb el louz", "Pâte semoule", 60, "Sirop de miel", 20, 8),
    ("Dziriette", "Pâte sucrée", 20, "Farce amandes", 30, 6),
    ("Tcharek el ariane", "Pâte brisée", 25, "Farce amandes", 30, 5),
    ("Tcharek msaker", "Pâte brisée", 25, "Sucre glace", 10, 4),
    ("Griwech", "Pâte brisée", 30, "Miel", 12, 6),
    ("Mchewek", "Farce amandes", 35, "Amande effilée", 8, 5),
    ("Skandraniette", "Pâte feuilletée", 20, "Amandes", 20, 3),
    ("Arayech", "Pâte sucrée", 20, "Glaçage fondant", 10, 4),
    ("Bniouen", "Crème au beurre", 10, "Noix de coco râpée", 10, 4),
    ("Sablé à la confiture", "Pâte sucrée", 35, "Confiture d'abricot", 10, 6),
    ("Ghribia", "Pâte sucrée", 30, "Sucre glace", 4, 6),
    ("Mkhabez", "Farce amandes", 30, "Glaçage fondant", 8, 4),
    ("Kaak", "Pâte brisée", 40, "Anis", 1, 5),
    ("Halwat tabaa", "Pâte sucrée", 25, "Confiture d'abricot", 5, 4),
    ("Qnidlet", "Farce amandes", 30, "Sucre glace", 5, 3),
    ("Mkhabez cacahuète", "Pâte sucrée", 20, "Cacahuètes", 20, 3),
    ("Chebakia", "Pâte brisée", 30, "Miel", 15, 4),
    ("Samsa amandes", "Pâte feuilletée", 15, "Farce amandes", 25, 4),
    ("Cigare aux amandes", "Pâte feuilletée", 15, "Farce amandes", 25, 4),
    ("Mhencha", "Pâte feuilletée", 25, "Farce amandes", 30, 3),
    ("Basboussa", "Pâte semoule", 60, "Sirop de miel", 25, 6),
    ("Qalb el louz noisette", "Pâte semoule", 60, "Noisettes", 10, 3),
];

/// Breads and viennoiseries: (name, semi, grams, extra, grams, weight, category index).
type BreadSpec = (&'static str, &'static str, i64, Option<(&'static str, i64)>, u64, usize);
const BREADS: &[BreadSpec] = &[
    ("Baguette", "Pâte à pain", 280, None, 120, 0),
    ("Baguette tradition", "Pâte à pain", 300, None, 60, 0),
    ("Pain de campagne", "Pâte à pain", 500, Some(("Farine de seigle", 60)), 10, 0),
    ("Pain complet", "Pâte à pain complet", 400, None, 12, 0),
    ("Pain aux céréales", "Pâte à pain complet", 400, Some(("Graines de tournesol", 25)), 10, 0),
    ("Pain de mie", "Pâte à brioche", 500, None, 8, 0),
    ("Pain semoule", "Pâte semoule", 350, None, 25, 0),
    ("Khobz eddar", "Pâte semoule", 450, Some(("Graines de nigelle", 3)), 18, 0),
    ("Matlouh", "Pâte semoule", 300, None, 20, 0),
    ("Pain rond", "Pâte à pain", 250, None, 15, 0),
    ("Pain au sésame", "Pâte à pain", 300, Some(("Sésame", 10)), 6, 0),
    ("Pain au lin", "Pâte à pain complet", 350, Some(("Graines de lin", 15)), 4, 0),
    ("Petit pain", "Pâte à pain", 80, None, 15, 0),
    ("Pain à l'avoine", "Pâte à pain complet", 350, Some(("Flocons d'avoine", 40)), 4, 0),
    ("Croissant", "Pâte levée feuilletée", 70, None, 45, 1),
    ("Pain au chocolat", "Pâte levée feuilletée", 75, Some(("Bâtons de chocolat", 10)), 40, 1),
    ("Pain aux raisins", "Pâte levée feuilletée", 70, Some(("Raisins secs", 15)), 12, 1),
    ("Croissant aux amandes", "Pâte levée feuilletée", 70, Some(("Crème d'amande", 35)), 12, 1),
    ("Chausson aux pommes", "Pâte feuilletée", 80, Some(("Pommes", 60)), 10, 1),
    ("Brioche", "Pâte à brioche", 300, None, 10, 1),
    ("Brioche individuelle", "Pâte à brioche", 60, None, 14, 1),
    ("Brioche au sucre", "Pâte à brioche", 70, Some(("Sucre cristallisé", 8)), 8, 1),
    ("Brioche aux pépites", "Pâte à brioche", 80, Some(("Chocolat noir 64 %", 15)), 9, 1),
    ("Torsade chocolat", "Pâte levée feuilletée", 80, Some(("Crème pâtissière", 30)), 8, 1),
    ("Suisse", "Pâte à brioche", 90, Some(("Crème pâtissière", 35)), 8, 1),
    ("Croissant au beurre XL", "Pâte levée feuilletée", 110, None, 6, 1),
    ("Pain au chocolat amandes", "Pâte levée feuilletée", 80, Some(("Crème d'amande", 30)), 6, 1),
    ("Roulé cannelle", "Pâte à brioche", 90, Some(("Cannelle", 2)), 6, 1),
    ("Msemen", "Pâte à msemen", 110, Some(("Margarine", 10)), 20, 4),
    ("Msemen farci", "Pâte à msemen", 120, Some(("Oignons", 30)), 8, 4),
    ("Mhadjeb", "Pâte à msemen", 110, Some(("Sauce tomate", 40)), 15, 4),
    ("Pizza (part)", "Pâte à pizza", 120, Some(("Garniture pizza", 90)), 20, 4),
    ("Pizza familiale", "Pâte à pizza", 600, Some(("Garniture pizza", 450)), 4, 4),
    ("Quiche", "Pâte brisée", 90, Some(("Fromage râpé", 30)), 8, 4),
    ("Bourek viande", "Pâte feuilletée", 40, Some(("Viande hachée", 45)), 10, 4),
    ("Bourek thon", "Pâte feuilletée", 40, Some(("Thon", 40)), 8, 4),
    ("Chausson thon", "Pâte feuilletée", 80, Some(("Thon", 50)), 8, 4),
    ("Sandwich thon", "Pâte à pain", 150, Some(("Thon", 60)), 10, 4),
    ("Sandwich fromage", "Pâte à pain", 150, Some(("Fromage frais", 50)), 6, 4),
    ("Feuilleté fromage", "Pâte feuilletée", 60, Some(("Fromage râpé", 25)), 6, 4),
    ("Garantita (part)", "Pâte à pizza", 80, Some(("Cumin", 1)), 10, 4),
];

/// Whole cakes (6 and 10 parts): (name, semi, grams per part, flavour index).
const CAKES: &[(&str, &str, i64)] = &[
    ("Fraisier", "Génoise", 60),
    ("Forêt noire", "Génoise", 60),
    ("Tarte", "Pâte sucrée", 55),
    ("Bûche", "Génoise", 55),
    ("Royal", "Mousse chocolat", 70),
];

/// Drinks: brand, flavours, formats (name, ml, DA buying price, DA sale price).
type DrinkSpec = (&'static str, &'static [&'static str], &'static [(&'static str, i64, i64, i64)]);
const DRINKS: &[DrinkSpec] = &[
    ("Eau minérale Ifri", &[""], &[("0,5 L", 500, 22, 40), ("1,5 L", 1_500, 35, 60)]),
    ("Eau minérale Lalla Khedidja", &[""], &[("0,5 L", 500, 24, 40), ("1,5 L", 1_500, 38, 60)]),
    ("Eau gazeuse Saïda", &[""], &[("1 L", 1_000, 45, 80)]),
    (
        "Hamoud Boualem",
        &["Selecto", "Limonade", "Slim citron", "Hamoud"],
        &[("33 cl", 330, 45, 80), ("1 L", 1_000, 90, 150)],
    ),
    ("Coca-Cola", &[""], &[("33 cl", 330, 55, 100), ("1 L", 1_000, 110, 180)]),
    (
        "Jus Rouiba",
        &["orange", "cocktail", "pomme", "ananas", "mangue"],
        &[("20 cl", 200, 35, 60), ("1 L", 1_000, 150, 230)],
    ),
    ("Jus Ngaous", &["orange", "pêche", "fraise"], &[("25 cl", 250, 40, 70)]),
    ("Lben Soummam", &[""], &[("1 L", 1_000, 95, 140)]),
    ("Raïb Soummam", &[""], &[("1 L", 1_000, 100, 150)]),
    ("Yaourt à boire Soummam", &["fraise", "vanille", "banane"], &[("20 cl", 200, 40, 70)]),
    ("Café canette", &["latte", "cappuccino"], &[("25 cl", 250, 90, 150)]),
    ("Thé glacé", &["pêche", "citron"], &[("50 cl", 500, 70, 120)]),
];

/// Packaging: (name, pack, pieces, DA per pack).
const PACKAGING: &[(&str, &str, i64, i64)] = &[
    ("Boîte pâtisserie S", "Carton 100", 100, 1_800),
    ("Boîte pâtisserie M", "Carton 100", 100, 2_400),
    ("Boîte pâtisserie L", "Carton 50", 50, 1_900),
    ("Boîte à gâteau 6 parts", "Carton 50", 50, 2_500),
    ("Boîte à gâteau 10 parts", "Carton 50", 50, 3_200),
    ("Sachet baguette", "Paquet 1000", 1_000, 1_500),
    ("Sachet kraft S", "Paquet 1000", 1_000, 1_800),
    ("Sachet kraft M", "Paquet 500", 500, 1_400),
    ("Sac plastique", "Paquet 1000", 1_000, 900),
    ("Plateau carton 20 cm", "Paquet 100", 100, 1_100),
    ("Plateau carton 28 cm", "Paquet 100", 100, 1_500),
    ("Barquette 1185", "Carton 100", 100, 3_000),
    ("Caissette papier", "Paquet 1000", 1_000, 800),
    ("Ruban doré", "Bobine 100", 100, 600),
    ("Serviette papier", "Paquet 500", 500, 500),
    ("Gobelet carton", "Paquet 100", 100, 700),
    ("Papier cuisson (feuille)", "Paquet 500", 500, 2_500),
    ("Étiquette prix", "Rouleau 1000", 1_000, 400),
    ("Film alimentaire (mètre)", "Rouleau 300", 300, 1_200),
    ("Boîte pizza", "Carton 100", 100, 2_800),
    ("Sachet sandwich", "Paquet 500", 500, 700),
    ("Pique à gâteau", "Paquet 1000", 1_000, 600),
    ("Bougie d'anniversaire", "Boîte 100", 100, 900),
    ("Dentelle papier", "Paquet 250", 250, 800),
    ("Sachet isotherme", "Paquet 100", 100, 1_600),
];

const CATEGORIES: &[(&str, &str, bool)] = &[
    ("Pains", "#b5652b", true),
    ("Viennoiseries", "#d9a441", true),
    ("Pâtisseries", "#c0587e", true),
    ("Gâteaux traditionnels", "#7a4fa3", true),
    ("Salé", "#4f8a4b", true),
    ("Gâteaux entiers", "#a33f3f", true),
    ("Boissons", "#2f7bbf", true),
    ("Matières premières", "#777777", false),
    ("Préparations", "#999999", false),
    ("Emballages", "#555555", false),
];

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
        let id = c.product(name, Kind::SemiFini, G, Some(cats[8]), None, None, Allergens::NONE)?;
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
        let id =
            c.product(name, Kind::Consommable, PC, Some(cats[9]), None, Some(UnitCost(unit_cost)), Allergens::NONE)?;
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
    let id = c.product(name, Kind::Fini, PC, Some(category), Some(price), None, Allergens::NONE)?;
    let lines: Vec<(i64, Qty)> = per_piece.iter().map(|(i, q)| (*i, Qty::from_milli(q.milli() * batch))).collect();
    c.recipe(id, Qty::whole(batch), 0, &lines)?;
    c.shop.sold.push(Sold { id, weight, fresh, made: true, group });
    Ok(id)
}
