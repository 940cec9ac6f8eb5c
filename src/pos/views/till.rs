//! The till screen: product grid, cart, keypad, payment panel. The cart lives in the tablet (so a
//! dropped connection loses nothing) and every change is priced by the server (`/caisse/panier`).

use maud::{Markup, html};

use crate::cash::Till;
use crate::error::FieldErrors;
use crate::pos::ops::quote::Quote;
use crate::pos::{ForSale, Parked, Sold};
use crate::printing::TillHealth;

/// A tile per product; the grid is filtered in the tablet by category and search.
pub fn grid(products: &[ForSale]) -> Markup {
    html! {
        div #till-grid .till-grid {
            @for p in products {
                button.product-tile.sold-out[p.sold_out()] type="button"
                    data-id=(p.id) data-name=(p.name) data-cat=(p.category_id.unwrap_or(0))
                    data-unit=(p.unit.code()) data-codes=(p.barcodes)
                    data-color=(p.color) disabled[p.sold_out()] {
                    @if let Some(hash) = &p.photo {
                        img src=(format!("/catalogue/produits/{}/photo?v={hash}", p.id)) alt="" loading="lazy";
                    }
                    span.name { (p.name) }
                    span.price { (p.price) @if p.unit.display_factor() > 1 { " /" (p.unit.display_name()) } }
                    @if p.tracked {
                        span.stock { @if p.sold_out() { "Épuisé" } @else { (p.unit.format(p.available)) } }
                    }
                }
            }
            @if products.is_empty() {
                p.empty { "Aucun produit à vendre : ajoutez des produits finis ou de revente avec un prix." }
            }
        }
    }
}

/// The priced cart, as the server sees it.
pub fn cart(q: &Quote) -> Markup {
    html! {
        div #till-cart-lines {
            @if q.lines.is_empty() {
                p.empty { "Ticket vide : touchez un produit ou scannez son code." }
            }
            ol.cart-lines {
                @for (i, l) in q.lines.iter().enumerate() {
                    li.cart-line data-index=(i) {
                        span.name { (l.product.name) }
                        span.qty { (l.product.unit.format(l.qty)) " × " (l.price) }
                        span.amount.money { (l.gross) }
                        @if l.line_discount.cents() > 0 {
                            span.discount { "Remise −" (l.line_discount) }
                        }
                    }
                }
            }
            @for s in &q.shortages {
                p.form-error { (s.message()) }
            }
            dl.cart-totals {
                @if q.discount.cents() > 0 {
                    dt { "Sous-total" } dd.money { (q.gross) }
                    dt { "Remises" } dd.money { "−" (q.discount) }
                }
                dt.total { "Total" } dd.total.money #till-total data-cents=(q.total.cents()) { (q.total) }
            }
        }
    }
}

/// A cart that cannot be priced: why, and how to start again.
pub fn cart_problem(message: &str) -> Markup {
    html! {
        div #till-cart-lines {
            p.form-error role="alert" { (message) }
            p { button.secondary type="button" data-act="clear" { "Vider le ticket" } }
            dl.cart-totals { dt.total { "Total" } dd.total.money #till-total data-cents="0" { "—" } }
        }
    }
}

/// What the till shows when a ticket was recorded (with a warning when the token had already
/// sold another cart: the ticket shown is that first one).
pub fn done(t: &Sold, warning: Option<&str>) -> Markup {
    html! {
        div.sale-done role="status" {
            @if let Some(w) = warning { p.form-error { (w) } }
            p.big { "Ticket " (t.number) " enregistré" }
            p { "Total " strong { (t.total) } }
            @if t.change.cents() > 0 {
                p.change { "Rendu : " strong { (t.change) } }
            }
            p.actions {
                button.primary type="button" data-act="new" { "Nouveau ticket" }
                @if !t.prints {
                    a.button href=(format!("/ventes/{}/recu", t.id)) target="_blank" { "Imprimer le ticket" }
                }
                a.button.secondary href=(format!("/ventes/{}", t.id)) { "Voir le ticket" }
            }
        }
    }
}

/// The payment panel's answer when a discount needs its reason: said beside that field.
pub fn reason_needed(errors: &FieldErrors) -> Markup {
    let message = errors.get("discount_reason").unwrap_or("Vérifiez le ticket.");
    html! { p.form-error data-field="discount_reason" { (message) } }
}

/// The payment panel's answer when the checkout was refused: the cart is kept.
pub fn refused(message: &str) -> Markup {
    html! { p.form-error role="alert" { (message) } }
}

/// Parked tickets, to recall.
pub fn parked(list: &[Parked]) -> Markup {
    html! {
        div #till-parked {
            @if list.is_empty() { p.empty { "Aucun ticket en attente." } }
            ul.parked-list {
                @for p in list {
                    li {
                        span { strong { (if p.label.is_empty() { "Ticket" } else { &p.label }) } " · " (p.seller) }
                        button type="button" hx-post=(format!("/caisse/attente/{}/reprendre", p.id)) hx-target="#till-parked" hx-swap="outerHTML" { "Reprendre" }
                    }
                }
            }
        }
    }
}

/// The keypad, row by row: digits on the left, what to do with the number on the right.
const KEYPAD: [[(&str, &str, &str); 4]; 4] = [
    [("7", "key", "7"), ("8", "key", "8"), ("9", "key", "9"), ("Qté", "mode", "qty")],
    [("4", "key", "4"), ("5", "key", "5"), ("6", "key", "6"), ("Poids kg", "mode", "weight")],
    [("1", "key", "1"), ("2", "key", "2"), ("3", "key", "3"), ("Remise ligne", "mode", "discount")],
    [("0", "key", "0"), (",", "key", ","), ("C", "key", "C"), ("Remise ticket", "mode", "ticket")],
];

/// Who and where: the till, the seller, the parked tickets, the printer's state.
pub struct Page<'a> {
    pub till: &'a Till,
    pub seller: &'a str,
    pub parked: usize,
    pub printer: &'a TillHealth,
}

/// What the printer is up to, when it needs someone's attention.
fn printer_state(till: &Till, h: &TillHealth) -> Markup {
    html! {
        @if h.failed > 0 {
            a.badge.err href=(format!("/caisse/imprimantes#caisse-{}", till.id)) title=[h.last_error.as_deref()] {
                "Imprimante : " (h.failed) " ticket(s) non imprimé(s)"
            }
        } @else if h.waiting > 2 {
            span.badge { "Imprimante : " (h.waiting) " en attente" }
        }
    }
}

/// The whole till page (inside the shell).
pub fn page(p: &Page, products: &[ForSale], empty: &Quote, token: &str) -> Markup {
    html! {
        div #till .till data-till=(p.till.id) data-token=(token) {
            (products_panel(p, products))
            (ticket_panel(p.parked, empty))
            (pay_dialog(p.till, token))
            dialog #till-dialog .till-dialog {
                div #till-dialog-body {}
                p.actions { button.secondary type="button" data-act="close-dialog" { "Fermer" } }
            }
        }
    }
}

/// The left of the screen: search and scan, who and where, the category tabs, the product grid.
fn products_panel(p: &Page, products: &[ForSale]) -> Markup {
    let mut categories: Vec<(i64, &str, &str)> = Vec::new();
    for f in products {
        let id = f.category_id.unwrap_or(0);
        if !categories.iter().any(|c| c.0 == id) {
            categories.push((id, &f.category, &f.color));
        }
    }
    html! {
        section.till-products {
            div.till-bar {
                input #till-scan type="search" inputmode="search" autocomplete="off" placeholder="Rechercher ou scanner un code…" aria-label="Rechercher un produit ou scanner un code-barres";
                span.till-who { (p.till.name) " · " (p.seller) }
                (printer_state(p.till, p.printer))
                button.secondary type="button" hx-get="/caisse/vendeuses" hx-target="#till-dialog-body" data-open="#till-dialog" { "Changer de vendeuse" }
            }
            nav.till-tabs aria-label="Catégories" {
                button.tab.on type="button" data-cat="all" { "Tous" }
                @for (id, name, color) in &categories {
                    button.tab type="button" data-cat=(id) data-color=(color) { (name) }
                }
            }
            div hx-get="/caisse/produits" hx-trigger="sale-done from:body" hx-swap="innerHTML" {
                (grid(products))
            }
        }
    }
}

/// The right of the screen: the ticket being made, the keypad, what to do with the ticket.
fn ticket_panel(waiting: usize, empty: &Quote) -> Markup {
    html! {
        section.till-ticket aria-label="Ticket en cours" {
            form #till-cart hx-post="/caisse/panier" hx-trigger="cart-changed" hx-target="#till-cart-lines" hx-swap="outerHTML" hx-sync="this:replace" {
                input type="hidden" name="cart" value="{}";
            }
            (cart(empty))
            div.keypad-display {
                span #till-mode { "Quantité" } output #till-entry { "" }
                button.danger.small type="button" data-act="remove" { "Retirer la ligne" }
            }
            div.keypad {
                @for row in KEYPAD {
                    @for (label, attr, value) in row.iter() {
                        @match *attr {
                            "key" => button type="button" data-key=(value) { (label) },
                            "mode" => button.fn type="button" data-mode=(value) { (label) },
                            _ => button.fn.danger type="button" data-act=(value) { (label) },
                        }
                    }
                }
            }
            div.till-actions {
                button.secondary type="button" data-act="park" { "En attente" }
                button.secondary type="button" hx-get="/caisse/attente" hx-target="#till-dialog-body" data-open="#till-dialog" {
                    span { "Reprendre (" span #till-parked-count { (waiting) } ")" }
                }
                button.secondary type="button" data-act="clear" { "Vider" }
                button.primary.pay type="button" data-act="pay" { "Encaisser" }
            }
        }
    }
}

/// The payment dialog: methods, amounts, tenders, and the form htmx sends to record the ticket.
fn pay_dialog(till: &Till, token: &str) -> Markup {
    html! {
        dialog #till-pay .till-pay aria-label="Encaissement" {
            form #till-checkout hx-post="/caisse/encaisser" hx-target="#till-pay-result" hx-swap="innerHTML" {
                input type="hidden" name="cart" value="{}";
                input type="hidden" name="payments" value="[]";
                input type="hidden" name="token" value=(token);
                input type="hidden" name="till_id" value=(till.id);
                div.pay-entry {
                h2 { "À payer : " span #pay-due { "" } }
                div.pay-methods {
                    button type="button" data-method="especes" .on { "Espèces" }
                    button type="button" data-method="carte" { "Carte (TPE)" }
                    button type="button" data-method="cheque" { "Chèque" }
                    button type="button" data-method="bon" { "Bon / avoir" }
                }
                div.field {
                    label for="pay-amount" { "Montant remis" }
                    input #pay-amount type="text" inputmode="decimal" autocomplete="off";
                }
                div.field #pay-ref-field hidden {
                    label for="pay-ref" { "Référence (n° de chèque, ticket TPE, code du bon)" }
                    input #pay-ref type="text" autocomplete="off";
                }
                div.quick-amounts {
                    button type="button" data-quick="exact" { "Montant exact" }
                    @for a in [200, 500, 1000, 2000] { button type="button" data-quick=(a) { (a) " DA" } }
                    button.secondary type="button" data-act="add-tender" { "Ajouter ce paiement" }
                }
                ul #pay-tenders .pay-tenders {}
                p #pay-status .pay-status {}
                div.field #pay-reason-field hidden {
                    label for="pay-reason" { "Motif de la remise" }
                    input #pay-reason name="discount_reason" type="text" autocomplete="off";
                }
                p.actions {
                    button.secondary type="button" data-act="close-pay" { "Retour au ticket" }
                    button.primary type="button" data-act="validate" { "Valider le paiement" }
                }
                }
                div #till-pay-result {}
            }
        }
    }
}

/// The till when its drawer is not open.
pub fn closed(till: &Till, can_open: bool) -> Markup {
    html! {
        section.card.narrow {
            h1 { "La caisse « " (till.name) " » est fermée" }
            p { "Ouvrez la caisse en comptant le fond de caisse avant de vendre." }
            @if can_open {
                p.actions { a.button.primary href="/caisse/session" { "Ouvrir la caisse" } }
            } @else {
                p.muted { "Demandez à une personne autorisée d'ouvrir la caisse." }
            }
        }
    }
}
