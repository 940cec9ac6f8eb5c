//! The till screen: product grid, cart, keypad, payment panel. The cart lives in the tablet (so a
//! dropped connection loses nothing) and every change is priced by the server (`/caisse/panier`).

use maud::{Markup, html};

use crate::cash::Till;
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::pos::ops::parked::Waiting;
use crate::pos::ops::quote::Quote;
use crate::pos::{ForSale, Sold};
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
/// sold another cart: the ticket shown is that first one). "Voir le ticket" brings the receipt
/// itself into the payment window.
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
                button.secondary type="button" hx-get=(format!("/caisse/recu/{}", t.id)) hx-target="#till-pay-result" {
                    "Voir le ticket"
                }
            }
        }
    }
}

/// A ticket's receipt in the payment window, as the customer gets it.
pub fn receipt(sale_id: i64, receipt: Markup, prints: bool) -> Markup {
    html! {
        div.till-receipt {
            (receipt)
            p.actions {
                button.primary type="button" data-act="new" { "Nouveau ticket" }
                @if !prints {
                    a.button href=(format!("/ventes/{sale_id}/recu")) target="_blank" { "Imprimer le ticket" }
                }
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

/// The payment panel's answer when a discount is beyond the seller's limit: who may approve it
/// types her PIN below, and the same payment is validated again.
pub fn approval_needed(message: &str) -> Markup {
    html! {
        p.form-error role="alert" { (message) }
        p.muted { "Une personne autorisée peut accorder cette remise : elle choisit son nom et tape son code PIN ci-dessous, puis « Valider le paiement »." }
    }
}

/// Parked tickets, to recall: what each is worth now, since when, and who parked it.
pub fn parked(list: &[Waiting], clock: &Clock) -> Markup {
    html! {
        div #till-parked {
            h2 { "Tickets en attente" }
            @if list.is_empty() { p.empty { "Aucun ticket en attente." } }
            ul.parked-list {
                @for w in list {
                    @let p = &w.parked;
                    li {
                        span.parked-what {
                            strong { (if p.label.is_empty() { "Ticket sans nom" } else { &p.label }) }
                            span.muted { (clock.datetime_text(&p.at)) " · " (p.seller) }
                        }
                        span.money.parked-total { @match w.total { Some(t) => (t), None => "—" } }
                        button type="button" hx-post=(format!("/caisse/attente/{}/reprendre", p.id))
                            hx-target="#till-parked-count" hx-swap="outerHTML" { "Reprendre" }
                    }
                }
            }
        }
    }
}

/// How many tickets wait at this till (the count on the "Reprendre" button).
pub fn parked_count(n: usize) -> Markup {
    html! { span #till-parked-count { (n) } }
}

/// The keypad, row by row: digits on the left, what to do with the number on the right.
const KEYPAD: [[(&str, &str, &str); 4]; 4] = [
    [("7", "key", "7"), ("8", "key", "8"), ("9", "key", "9"), ("Qté", "mode", "qty")],
    [("4", "key", "4"), ("5", "key", "5"), ("6", "key", "6"), ("Poids kg", "mode", "weight")],
    [("1", "key", "1"), ("2", "key", "2"), ("3", "key", "3"), ("Remise ligne", "mode", "discount")],
    [("0", "key", "0"), (",", "key", ","), ("C", "key", "C"), ("Remise ticket", "mode", "ticket")],
];

/// Who and where: the till, the seller, the parked tickets, the printer's state, and who may
/// approve a discount beyond the seller's limit.
pub struct Page<'a> {
    pub till: &'a Till,
    pub seller: &'a str,
    pub parked: usize,
    pub printer: &'a TillHealth,
    /// (id, name) of the people who may approve a discount with their PIN.
    pub approvers: &'a [(i64, String)],
    /// She may take a customer's order: the bar leads to the order form (deposit included).
    pub orders: bool,
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

/// The till, a screen of its own (`ui::screen`): a thin bar, the products, the ticket. Nothing
/// scrolls but the category tabs (sideways), the grid and the ticket's lines, each in its panel.
pub fn page(p: &Page, products: &[ForSale], empty: &Quote, token: &str) -> Markup {
    html! {
        div #till .till-screen data-till=(p.till.id) data-token=(token) {
            (top_bar(p))
            div.till {
                (products_panel(products))
                (ticket_panel(p.parked, p.orders, empty))
            }
            (pay_dialog(p, token))
            (park_dialog())
            dialog #till-dialog .till-dialog {
                div #till-dialog-body {}
                p.actions { button.secondary type="button" data-act="close-dialog" { "Fermer" } }
            }
        }
    }
}

/// The thin bar: back to the menu, the till and its seller, the search and scan field, the
/// printer's trouble if any, a customer's order, the seller switch.
fn top_bar(p: &Page) -> Markup {
    html! {
        header.till-top {
            a.button.till-back href="/" title="Retour au menu" { "← Menu" }
            span.till-who { strong { (p.till.name) } " · " span #till-seller { (p.seller) } }
            input #till-scan type="search" inputmode="search" autocomplete="off" placeholder="Chercher, scanner…" aria-label="Rechercher un produit ou scanner un code-barres";
            (printer_state(p.till, p.printer))
            @if p.orders {
                a.button.till-orders href="/commandes/nouvelle" title="Prendre la commande d'un client (avec son acompte)" { "Commande" }
            }
            button.till-switch type="button" hx-get="/caisse/vendeuses" hx-target="#till-dialog-body" data-open="#till-dialog"
                aria-label="Changer de vendeuse" {
                "Changer" span.wide { " de vendeuse" }
            }
        }
    }
}

/// The category tabs (one row that scrolls sideways) and the product grid (which scrolls in its
/// panel; it reloads its stock after a sale or a refund).
fn products_panel(products: &[ForSale]) -> Markup {
    let mut categories: Vec<(i64, &str, &str)> = Vec::new();
    for f in products {
        let id = f.category_id.unwrap_or(0);
        if !categories.iter().any(|c| c.0 == id) {
            categories.push((id, &f.category, &f.color));
        }
    }
    html! {
        section.till-products aria-label="Produits" {
            nav.till-tabs aria-label="Catégories" {
                button.tab.on type="button" data-cat="all" { "Tous" }
                @for (id, name, color) in &categories {
                    button.tab type="button" data-cat=(id) data-color=(color) { (name) }
                }
            }
            div.till-grid-panel hx-get="/caisse/produits" hx-trigger="sale-done from:body, refund-done from:body" hx-swap="innerHTML" {
                (grid(products))
            }
        }
    }
}

/// The ticket being made, the keypad, what to do with the ticket; *Encaisser* always in view.
/// `orders`: she may sell the ticket for delivery ("Livraison": a customer order, ready at once).
fn ticket_panel(waiting: usize, orders: bool, empty: &Quote) -> Markup {
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
                    span { "Reprendre " (parked_count(waiting)) }
                }
                button.secondary type="button" hx-get="/caisse/retours" hx-target="#till-dialog-body" data-open="#till-dialog" { "Retour" }
                button.secondary type="button" data-act="clear" { "Vider" }
                @if orders {
                    button.secondary type="button" data-act="deliver" title="Vendre ce ticket en livraison (commande prête à partir)" { "Livraison" }
                }
                button.primary.pay type="button" data-act="pay" { "Encaisser" }
            }
        }
    }
}

/// The touch dialog that names a ticket put on hold (a customer's name, or a quick tag).
fn park_dialog() -> Markup {
    html! {
        dialog #till-park .till-dialog aria-label="Mettre en attente" {
            h2 { "Mettre le ticket en attente" }
            div.field {
                label for="park-label" { "Repère (nom du client…), facultatif" }
                input #park-label type="text" autocomplete="off" maxlength="40" placeholder="Ex. Mme Benali";
            }
            div.quick-amounts {
                @for tag in ["Client 1", "Client 2", "Client 3", "Téléphone"] {
                    button.secondary type="button" data-park-tag=(tag) { (tag) }
                }
            }
            p.actions {
                button.secondary type="button" data-act="close-park" { "Annuler" }
                button.primary type="button" data-act="park-confirm" { "Mettre en attente" }
            }
        }
    }
}

/// The payment dialog: methods, amounts, tenders, the approval of a discount when needed, and the
/// form htmx sends to record the ticket. Its answer goes below the form (not in it: a link or a
/// button there must not inherit the form's target).
fn pay_dialog(p: &Page, token: &str) -> Markup {
    html! {
        dialog #till-pay .till-pay aria-label="Encaissement" {
            form #till-checkout hx-post="/caisse/encaisser" hx-target="#till-pay-result" hx-swap="innerHTML" {
                input type="hidden" name="cart" value="{}";
                input type="hidden" name="payments" value="[]";
                input type="hidden" name="token" value=(token);
                input type="hidden" name="till_id" value=(p.till.id);
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
                (approval_fields("pay-approval", p.approvers, "", None))
                p.actions {
                    button.secondary type="button" data-act="close-pay" { "Retour au ticket" }
                    button.primary type="button" data-act="validate" { "Valider le paiement" }
                }
                }
            }
            div #till-pay-result {}
        }
    }
}

/// Who approves and her PIN, for one operation (`approver_id`, `pin`). Hidden until needed when
/// `error` is None and `id` names the payment panel's copy.
pub fn approval_fields(id: &str, approvers: &[(i64, String)], chosen: &str, error: Option<&str>) -> Markup {
    html! {
        fieldset.approval #(id) hidden[id == "pay-approval" && error.is_none()] {
            legend { "Accord d'une personne autorisée" }
            @if approvers.is_empty() {
                p.muted { "Personne ne peut l'autoriser avec un code PIN : la gérante définit le sien dans « Mon compte »." }
            } @else {
                div.row {
                    div.field {
                        label for=(format!("{id}-who")) { "Qui autorise" }
                        select #(format!("{id}-who")) name="approver_id" {
                            @for (uid, name) in approvers {
                                option value=(uid) selected[chosen == uid.to_string()] { (name) }
                            }
                        }
                    }
                    div.field.invalid[error.is_some()] {
                        label for=(format!("{id}-pin")) { "Son code PIN" }
                        input #(format!("{id}-pin")) name="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="6";
                        @if let Some(m) = error { small.error { (m) } }
                    }
                }
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
