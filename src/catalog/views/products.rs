//! The product list and a product's page.

use maud::{Markup, html};

use super::{Visibility, kind_badge, subnav};
use crate::catalog::cost::Costing;
use crate::catalog::store::ProductFilter;
use crate::catalog::{Allergens, Barcode, Category, Kind, Pack, Product, Recipe, format_loss, format_unit_cost};
use crate::error::FieldErrors;
use crate::money::{Money, Qty};
use crate::stock::Location;
use crate::ui::form::{self, Input};
use crate::ui::table;

/// The list filters as typed.
#[derive(Debug, Clone, Default)]
pub struct ListValues {
    pub q: String,
    pub kind: String,
    pub categorie: String,
    pub archives: String,
}

fn price_text(p: &Product) -> String {
    match p.sale_price {
        Some(m) if p.unit.display_factor() == 1 => m.to_string(),
        Some(m) => format!("{m}/{}", p.unit.display_name()),
        None => String::new(),
    }
}

pub fn list(
    v: Visibility,
    values: &ListValues,
    categories: &[Category],
    products: &[(Product, Option<Costing>)],
    filter: &ProductFilter,
    more: bool,
    query: &str,
) -> Markup {
    let mut kinds = vec![(String::new(), "Tous les types".to_string())];
    kinds.extend(Kind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())));
    let mut cats = vec![(String::new(), "Toutes les catégories".to_string())];
    cats.extend(categories.iter().map(|c| (c.id.to_string(), c.name.clone())));
    let states = vec![
        (String::new(), "Actifs".to_string()),
        ("seuls".into(), "Archivés".into()),
        ("tous".into(), "Actifs et archivés".into()),
    ];
    let none = FieldErrors::new();
    html! {
        (crate::ui::page_header("Catalogue", html! {
            @if v.edit { a.button href="/catalogue/produits/nouveau" { "Nouveau produit" } }
        }))
        (subnav("/catalogue/produits", v))
        form.filters.card method="get" action="/catalogue/produits" role="search" {
            (Input::new("q", "Rechercher", &values.q).kind("search").help("Nom, référence ou code-barres").render(&none))
            (form::select("kind", "Type", &kinds, &values.kind, &none))
            (form::select("categorie", "Catégorie", &cats, &values.categorie, &none))
            (form::select("archives", "État", &states, &values.archives, &none))
            button type="submit" { "Filtrer" }
        }
        @if products.is_empty() {
            (table::empty(if filter.q.is_empty() { "Aucun produit. Créez-en un ou importez votre catalogue." } else { "Aucun produit ne correspond." }))
        } @else {
            div.table-wrap {
                table #products {
                    thead { tr {
                        th { "Produit" } th { "Type" } th { "Catégorie" }
                        @if v.prices { th.num { "Prix" } }
                        @if v.costs { th.num { "Coût" } th.num { "Marge" } }
                    } }
                    tbody {
                        @for (p, costing) in products {
                            @let m = match (p.sale_price, costing) { (Some(price), Some(c)) if v.costs => Some(c.margin_at(price, p.unit)), _ => None };
                            tr.below-cost[matches!(m, Some(Ok(m)) if m.below_cost())] {
                                td {
                                    a href=(format!("/catalogue/produits/{}", p.id)) { (p.name) }
                                    @if !p.active { " " span.badge.off { "archivé" } }
                                    @if let Some(r) = &p.reference { br; small.muted { (r) } }
                                }
                                td { (kind_badge(p.kind)) }
                                td { (p.category.clone().unwrap_or_default()) }
                                @if v.prices { td.num { span.money { (price_text(p)) } } }
                                @if v.costs {
                                    td.num { @if let Some(c) = costing { span.money { (c.per_display_unit(p.unit)) @if p.unit.display_factor() != 1 { "/" (p.unit.display_name()) } } } }
                                    td.num { @match m {
                                        Some(Ok(m)) => { (m.amount) " " small { (m.percent_text()) } }
                                        Some(Err(_)) => { small.muted { "coût inconnu" } }
                                        None => {}
                                    } }
                                }
                            }
                        }
                    }
                }
            }
        }
        (table::pager(query, filter.page, more))
    }
}

/// Everything the product page shows.
pub struct ProductPage<'a> {
    pub product: &'a Product,
    pub packs: &'a [Pack],
    pub barcodes: &'a [Barcode],
    pub thresholds: &'a [(Location, Qty)],
    pub recipe: Option<&'a Recipe>,
    pub recipe_location: Option<&'a str>,
    pub ingredient_names: &'a [(i64, String, crate::catalog::Unit)],
    pub costing: Option<&'a Costing>,
    pub allergens: Allergens,
    pub used_by: &'a [String],
    pub errors: &'a FieldErrors,
}

pub fn page(csrf: &str, v: Visibility, pp: &ProductPage) -> Markup {
    let p = pp.product;
    let base = format!("/catalogue/produits/{}", p.id);
    html! {
        (crate::ui::page_header(&p.name, html! {
            @if v.edit { a.button href=(format!("{base}/modifier")) { "Modifier" } }
            @if p.kind.has_recipe() { a.button.secondary href=(format!("{base}/fiche")) { "Fiche de production" } }
            a.button.secondary href=(format!("{base}/etiquette")) { "Étiquette" }
        }))
        (subnav("/catalogue/produits", v))
        div.row {
            section.card #identity {
                @if p.has_photo {
                    img.product-photo src=(format!("{base}/photo?v={}", p.photo_hash.clone().unwrap_or_default())) alt=(p.name);
                }
                p { (kind_badge(p.kind)) " " @if !p.active { span.badge.off { "Archivé" } } }
                dl.facts {
                    @if let Some(c) = &p.category { dt { "Catégorie" } dd { (c) } }
                    @if let Some(r) = &p.reference { dt { "Référence" } dd { (r) } }
                    dt { "Unité de base" } dd { (p.unit.label()) }
                    @if v.prices && p.kind.is_sold() {
                        dt { "Prix de vente" } dd { @if let Some(m) = p.sale_price { (m) " par " (p.unit.display_name()) } @else { "—" } }
                    }
                    @if v.costs {
                        @if let Some(c) = p.ref_cost { dt { "Coût de référence" } dd { (format_unit_cost(c, p.unit)) } }
                        @if let Some(c) = pp.costing {
                            dt { "Coût de revient" } dd { (c.per_display_unit(p.unit)) " par " (p.unit.display_name()) " " small.muted { "(" (c.basis.label()) ")" } }
                            @if let (Some(price), true) = (p.sale_price, p.kind.is_sold()) {
                                @match c.margin_at(price, p.unit) {
                                    Ok(m) => { dt { "Marge" } dd.below-cost[m.below_cost()] { (m.amount) " (" (m.percent_text()) ")" @if m.below_cost() { " — vendu à perte !" } } }
                                    Err(why) => { dt { "Marge" } dd.muted { (why) } }
                                }
                            }
                        }
                    }
                    dt { "Stock suivi" } dd { @if p.track_stock { "oui" } @else { "non" } }
                }
                @if !p.description.is_empty() { p { (p.description) } }
                h2 { "Allergènes" }
                @if pp.allergens.is_empty() { p.muted { "Aucun allergène déclaré." } }
                @else { p.allergens { @for a in pp.allergens.labels() { span.badge.err { (a) } " " } } }
                @if p.kind.has_recipe() { p.muted { small { "Calculés à partir de la recette et de ses sous-recettes." } } }
            }
            @if let Some(r) = pp.recipe { (recipe_card(v, p, r, pp)) }
            @else if p.kind.has_recipe() {
                section.card {
                    h2 { "Recette" }
                    p.muted { "Pas encore de recette." }
                    @if v.edit { a.button href=(format!("{base}/recette")) { "Écrire la recette" } }
                }
            }
        }
        @if !pp.used_by.is_empty() {
            section.card { h2 { "Utilisé dans" } p { (pp.used_by.join(", ")) } }
        }
        @if p.kind.is_bought() || !pp.packs.is_empty() { (packs_card(csrf, v, p, pp)) }
        (barcodes_card(csrf, v, p, pp))
        @if !pp.thresholds.is_empty() {
            section.card { h2 { "Seuils minimum" }
                ul { @for (l, q) in pp.thresholds { li { (l.name) " : " (p.unit.format(*q)) } } }
            }
        }
        @if v.edit { (admin_card(csrf, p, pp.errors)) }
    }
}

fn recipe_card(v: Visibility, p: &Product, r: &Recipe, pp: &ProductPage) -> Markup {
    let name_of = |id: i64| pp.ingredient_names.iter().find(|(i, _, _)| *i == id).map(|(_, n, u)| (n.clone(), *u));
    html! {
        section.card #recipe {
            h2 { "Recette" }
            p { "Une fournée donne " strong { (p.unit.format(r.yield_qty)) }
                @if r.loss_bp > 0 { " (perte " (format_loss(r.loss_bp)) " %)" }
                @if let Some(l) = pp.recipe_location { ", ingrédients pris : " (l) } "." }
            div.table-wrap { table {
                thead { tr { th { "Ingrédient" } th.num { "Quantité" } @if v.costs { th.num { "Coût" } } } }
                tbody {
                    @for (i, line) in r.lines.iter().enumerate() {
                        @let (name, unit) = name_of(line.ingredient_id).unwrap_or_else(|| ("?".into(), p.unit));
                        tr {
                            td { a href=(format!("/catalogue/produits/{}", line.ingredient_id)) { (name) } @if !line.note.is_empty() { br; small.muted { (line.note) } } }
                            td.num { (unit.format(line.qty)) }
                            @if v.costs { td.num { @if let Some(c) = pp.costing.and_then(|c| c.lines.get(i)) { (crate::catalog::money_of(c.cost)) } } }
                        }
                    }
                }
                @if v.costs { @if let Some(c) = pp.costing { tfoot {
                    tr { th { "Coût d'une fournée" } td {} td.num { (c.batch()) } }
                    tr { th { "Coût par " (p.unit.display_name()) } td {} td.num { (c.per_display_unit(p.unit)) } }
                } } }
            } }
            @if v.costs { @if let Some(c) = pp.costing { @if !c.missing.is_empty() {
                p.form-error { "Coût inconnu pour : " (c.missing.join(", ")) " (compté zéro)." }
            } } }
            @if !r.method.is_empty() { h2 { "Méthode" } p.method { (r.method) } }
            @if v.edit { p { a.button.secondary href=(format!("/catalogue/produits/{}/recette", p.id)) { "Modifier la recette" } } }
        }
    }
}

fn packs_card(csrf: &str, v: Visibility, p: &Product, pp: &ProductPage) -> Markup {
    let base = format!("/catalogue/produits/{}", p.id);
    html! {
        section.card #packs {
            h2 { "Conditionnements d'achat" }
            @if pp.packs.is_empty() { p.muted { "Aucun : le produit s'achète à l'unité de base." } }
            ul.plain {
                @for k in pp.packs {
                    li {
                        strong { (k.name) } " = " (p.unit.format(k.content))
                        @if v.edit {
                            form.inline method="post" action=(format!("{base}/conditionnements/{}/supprimer", k.id)) {
                                (form::csrf(csrf)) button.secondary.small type="submit" { "Retirer" }
                            }
                        }
                    }
                }
            }
            @if v.edit {
                form.filters method="post" action=(format!("{base}/conditionnements")) {
                    (form::csrf(csrf))
                    (Input::new("pack_name", "Nom", "").help("Sac 25 kg, Bidon 5 L, Carton de 12").render(pp.errors))
                    (Input::new("pack_content", "Contenu", "").help(match p.unit { crate::catalog::Unit::Gram => "25 kg", crate::catalog::Unit::Milliliter => "5 L", crate::catalog::Unit::Piece => "12 pièces" }).render(pp.errors))
                    button type="submit" { "Ajouter" }
                }
            }
        }
    }
}

fn barcodes_card(csrf: &str, v: Visibility, p: &Product, pp: &ProductPage) -> Markup {
    let base = format!("/catalogue/produits/{}", p.id);
    let mut packs = vec![(String::new(), "Une unité".to_string())];
    packs.extend(pp.packs.iter().map(|k| (k.id.to_string(), k.name.clone())));
    html! {
        section.card #barcodes {
            h2 { "Codes-barres" }
            @if pp.barcodes.is_empty() { p.muted { "Aucun." } }
            ul.plain {
                @for b in pp.barcodes {
                    li {
                        code { (b.code) }
                        @if let Some(k) = b.pack_id.and_then(|id| pp.packs.iter().find(|k| k.id == id)) { " — " (k.name) }
                        @if v.edit {
                            form.inline method="post" action=(format!("{base}/codes-barres/supprimer")) {
                                (form::csrf(csrf)) input type="hidden" name="code" value=(b.code);
                                button.secondary.small type="submit" { "Retirer" }
                            }
                        }
                    }
                }
            }
            @if v.edit {
                form.filters method="post" action=(format!("{base}/codes-barres")) {
                    (form::csrf(csrf))
                    (Input::new("barcode", "Code-barres", "").inputmode("numeric").help("Scannez-le ici").render(pp.errors))
                    @if !pp.packs.is_empty() { (form::select("pack_id", "Correspond à", &packs, "", pp.errors)) }
                    button type="submit" { "Ajouter" }
                }
            }
        }
    }
}

fn admin_card(csrf: &str, p: &Product, errors: &FieldErrors) -> Markup {
    let base = format!("/catalogue/produits/{}", p.id);
    html! {
        section.card #photo {
            h2 { "Photo" }
            form.filters method="post" action=(format!("{base}/photo?_csrf={csrf}")) enctype="multipart/form-data" {
                div.field.invalid[errors.get("photo").is_some()] {
                    label for="f-photo" { "Image JPEG, PNG ou WebP, 2 Mo au plus" }
                    input #f-photo type="file" name="photo" accept="image/jpeg,image/png,image/webp";
                    @if let Some(e) = errors.get("photo") { small.error { (e) } }
                }
                button type="submit" { "Envoyer la photo" }
            }
            @if p.has_photo {
                form method="post" action=(format!("{base}/photo/supprimer")) { (form::csrf(csrf)) button.secondary type="submit" { "Retirer la photo" } }
            }
        }
        section.card #state {
            h2 { "Archivage" }
            @if p.active {
                p.muted { "Un produit archivé disparaît des listes, de la caisse et des recettes nouvelles ; son historique reste." }
                form.inline method="post" action=(format!("{base}/archiver")) { (form::csrf(csrf)) button.secondary type="submit" { "Archiver" } }
            } @else {
                form.inline method="post" action=(format!("{base}/reactiver")) { (form::csrf(csrf)) button type="submit" { "Réactiver" } }
            }
            form.inline method="post" action=(format!("{base}/supprimer")) data-confirm="Supprimer définitivement ce produit ?" {
                (form::csrf(csrf)) button.danger type="submit" { "Supprimer" }
            }
        }
    }
}

/// A price as typed back into a form (`1234,50`).
pub fn money_input(m: Option<Money>) -> String {
    m.map(|m| m.input_value()).unwrap_or_default()
}
