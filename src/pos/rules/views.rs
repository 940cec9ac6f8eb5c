//! Pages of the till rules: packaging rules and limits.

use maud::{Markup, html};

use super::TillRules;
use super::ops::RuleForm;
use super::store::RuleRow;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};

pub const PACKAGING_RULE: &str = "Pour chaque ticket, les pièces d'une même catégorie sont emballées ensemble : la plus grande boîte autant de fois que nécessaire, puis la plus petite boîte qui contient le reste. Les règles d'un produit remplacent celles de sa catégorie.";

pub struct PackagingChoices<'a> {
    pub categories: &'a [(i64, String)],
    pub products: &'a [(i64, String)],
    pub packagings: &'a [(i64, String)],
}

pub fn packaging_page(
    csrf: &str,
    rules: &[RuleRow],
    c: &PackagingChoices,
    f: &RuleForm,
    errors: &FieldErrors,
) -> Markup {
    let mut owners: Vec<(String, String)> = vec![(String::new(), "— choisir —".into())];
    owners.extend(c.categories.iter().map(|(id, n)| (format!("c:{id}"), format!("Catégorie : {n}"))));
    owners.extend(c.products.iter().map(|(id, n)| (format!("p:{id}"), format!("Produit : {n}"))));
    let mut boxes: Vec<(String, String)> = vec![(String::new(), "— choisir —".into())];
    boxes.extend(c.packagings.iter().map(|(id, n)| (id.to_string(), n.clone())));
    html! {
        (crate::ui::page_header("Règles d'emballage", html! {}))
        p #packaging-rule { (PACKAGING_RULE) }
        @if rules.is_empty() {
            (crate::ui::table::empty("Aucune règle : les ventes ne consomment aucun emballage."))
        } @else {
            div.table-wrap { table #packaging-rules {
                thead { tr { th { "Pour" } th { "De" } th { "À" } th { "Emballage" } th {} } }
                tbody { @for r in rules { tr {
                    td { @if r.product_id.is_some() { "Produit : " } @else { "Catégorie : " } (r.owner_name) }
                    td { (r.min_pieces) " pièce(s)" }
                    td { (r.max_pieces) " pièce(s)" }
                    td { (r.packaging_name) }
                    td { form method="post" action=(format!("/caisse/emballages/{}/supprimer", r.id)) {
                        (form::csrf(csrf))
                        button.secondary type="submit" { "Supprimer" }
                    } }
                } } }
            } }
        }
        form.card.stack method="post" action="/caisse/emballages" #new-rule {
            (form::csrf(csrf))
            h2 { "Nouvelle règle" }
            @if c.packagings.is_empty() {
                p.muted { "Créez d'abord vos boîtes et sachets dans le catalogue, type « consommable »." }
            }
            div.row {
                (form::select("owner", "Pour", &owners, &f.owner, errors))
                (form::select("packaging_id", "Emballage", &boxes, &f.packaging_id, errors))
            }
            div.row {
                (Input::new("min_pieces", "De (pièces)", &f.min_pieces).kind("number").inputmode("numeric").required().render(errors))
                (Input::new("max_pieces", "À (pièces)", &f.max_pieces).kind("number").inputmode("numeric").required().render(errors))
            }
            (form::form_error(errors))
            div.actions { button type="submit" { "Ajouter la règle" } }
        }
    }
}

fn value(pairs: Option<&[(String, String)]>, name: &str, fallback: String) -> String {
    pairs.and_then(|p| p.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())).unwrap_or(fallback)
}

pub fn limits_page(
    csrf: &str,
    rules: &TillRules,
    roles: &[(i64, String, i64)],
    typed: Option<&[(String, String)]>,
    errors: &FieldErrors,
) -> Markup {
    let discount = value(typed, "discount_reason_pct", rules.discount_reason_pct.to_string());
    let variance = value(typed, "variance_reason", rules.variance_reason.input_value());
    html! {
        (crate::ui::page_header("Limites de caisse", html! {}))
        form.card.stack method="post" action="/caisse/parametres" #limits {
            (form::csrf(csrf))
            h2 { "Justifications" }
            div.row {
                (Input::new("discount_reason_pct", "Remise demandant un motif, au-delà de (%)", &discount)
                    .kind("number").inputmode("numeric").required()
                    .help("Une remise plus forte exige que la vendeuse en donne la raison.").render(errors))
                (Input::new("variance_reason", "Écart de caisse demandant un commentaire, au-delà de (DA)", &variance)
                    .inputmode("decimal").required()
                    .help("À la clôture, un écart plus grand (en plus ou en moins) doit être expliqué.").render(errors))
            }
            h2 { "Remise maximale par rôle" }
            p.muted { small { "Les administrateurs peuvent accorder toute remise." } }
            div.row {
                @for (id, name, pct) in roles {
                    @let field = format!("role_{id}");
                    @let label = format!("{name} (%)");
                    @let v = value(typed, &field, pct.to_string());
                    (Input::new(&field, &label, &v).kind("number").inputmode("numeric").required().render(errors))
                }
            }
            (form::form_error(errors))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}
