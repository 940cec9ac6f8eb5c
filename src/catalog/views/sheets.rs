//! Printable pages: the production sheet (scaled to N units or N batches) and the label.

use maud::{Markup, html};
use rust_decimal::Decimal;

use crate::catalog::cost::Sheet;
use crate::catalog::{Allergens, Product};
use crate::error::FieldErrors;
use crate::money::Money;
use crate::ui::form::Input;

fn batches_text(b: Decimal) -> String {
    b.round_dp(2).normalize().to_string().replace('.', ",")
}

fn sheet_block(s: &Sheet, level: usize) -> Markup {
    html! {
        section.sheet-block {
            @if level == 0 { h2 { (s.name) } } @else { h3 { "À préparer d'abord : " (s.name) } }
            p { strong { (batches_text(s.batches)) } " fournée(s) → " (s.unit.format(s.output))
                @if s.usable_output != s.output { " (" (s.unit.format(s.usable_output)) " après perte)" } }
            table.sheet {
                thead { tr { th { "Ingrédient" } th.num { "Quantité" } th.check-col { "✓" } } }
                tbody {
                    @for l in &s.lines {
                        tr {
                            td { (l.name) @if l.made_here { " " small.muted { "(voir plus bas)" } } @if !l.note.is_empty() { br; small { (l.note) } } }
                            td.num.big { (l.unit.format(l.qty)) }
                            td.check-col { span.box {} }
                        }
                    }
                }
            }
            @if !s.method.is_empty() { p.method { (s.method) } }
        }
        @for sub in &s.sub_sheets { (sheet_block(sub, level + 1)) }
    }
}

pub fn sheet(
    p: &Product,
    s: &Sheet,
    pieces: &str,
    fournees: &str,
    errors: &FieldErrors,
    shop: &str,
    today: &str,
) -> Markup {
    html! {
        div.no-print {
            form.filters.card method="get" action=(format!("/catalogue/produits/{}/fiche", p.id)) {
                (Input::new("quantite", &format!("Quantité voulue ({})", match p.unit { crate::catalog::Unit::Piece => "pièces", crate::catalog::Unit::Gram => "g ou kg", crate::catalog::Unit::Milliliter => "ml ou L" }), pieces).help("ou bien :").render(errors))
                (Input::new("fournees", "Nombre de fournées", fournees).inputmode("decimal").render(errors))
                button type="submit" { "Calculer" }
                button.secondary type="button" data-print="1" { "Imprimer" }
            }
        }
        article.sheet-page {
            header.sheet-head { span { (shop) } span { "Fiche de production — " (today) } }
            (sheet_block(s, 0))
            footer.sheet-foot { "Fait par : ____________   Contrôlé par : ____________" }
        }
    }
}

pub fn label(p: &Product, allergens: Allergens, price: Option<Money>, shop: &str) -> Markup {
    html! {
        div.no-print.actions { button type="button" data-print="1" { "Imprimer l'étiquette" } a.button.secondary href=(format!("/catalogue/produits/{}", p.id)) { "Retour" } }
        article.label-page {
            div.label {
                p.label-shop { (shop) }
                p.label-name { (p.name) }
                @if let Some(price) = price { p.label-price { (price) @if p.unit.display_factor() != 1 { " / " (p.unit.display_name()) } } }
                p.label-allergens {
                    @if allergens.is_empty() { "Sans allergène déclaré." }
                    @else { "Allergènes : " strong { (allergens.labels().join(", ")) } }
                }
            }
        }
    }
}
