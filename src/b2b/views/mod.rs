//! The B2B pages: customers and price lists here; orders and delivery notes in `orders.rs`,
//! invoices in `invoices.rs`.

use maud::{Markup, html};

use super::{Customer, CustomerInput, Terms};
use crate::error::FieldErrors;
use crate::money::Money;
use crate::ui::form::{self, Input};
use crate::ui::{page_header, table};

/// The form's values of an existing customer.
pub fn input_of(c: &Customer) -> CustomerInput {
    CustomerInput {
        name: c.name.clone(),
        legal_form: c.legal_form.clone(),
        contact: c.contact.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        address: c.address.clone(),
        delivery_address: c.delivery_address.clone(),
        nif: c.nif.clone(),
        nis: c.nis.clone(),
        rc: c.rc.clone(),
        ai: c.ai.clone(),
        terms: c.terms.code().into(),
        credit_limit: c.credit_limit.map(Money::input_value).unwrap_or_default(),
        price_list_id: c.price_list_id.map(|i| i.to_string()).unwrap_or_default(),
        token: String::new(),
    }
}

/// The customers with what each owes and its limit.
pub fn list(customers: &[(Customer, Money)]) -> Markup {
    html! {
        (page_header("Clients pro", html! {
            a.button href="/b2b/clients/nouveau" { "Nouveau client pro" }
            a.button.secondary href="/b2b/prix" { "Listes de prix" }
        }))
        @if customers.is_empty() {
            (table::empty("Aucun client pro. Créez le premier avec « Nouveau client pro »."))
        } @else {
            div.table-wrap { table {
                thead { tr { th { "Raison sociale" } th { "Contact" } th { "Paiement" } th.money { "Doit" } th.money { "Encours autorisé" } } }
                tbody { @for (c, owed) in customers { tr {
                    td { a href=(format!("/b2b/clients/{}", c.id)) { (c.name) }
                        @if !c.active { " " span.badge.off { "désactivé" } } }
                    td { (c.contact) @if !c.phone.is_empty() { " · " a href=(format!("tel:{}", c.phone)) { (c.phone) } } }
                    td { (c.terms.label()) }
                    td.money { (owed) }
                    td.money { @match c.credit_limit { Some(l) => (l), None => span.muted { "sans limite" } } }
                } } }
            } }
        }
    }
}

fn fields(v: &CustomerInput, lists: &[(i64, String)], e: &FieldErrors) -> Markup {
    let terms: Vec<(String, String)> = Terms::ALL.iter().map(|t| (t.code().into(), t.label().into())).collect();
    let lists: Vec<(String, String)> = std::iter::once((String::new(), "Prix du catalogue".to_string()))
        .chain(lists.iter().map(|(id, n)| (id.to_string(), n.clone())))
        .collect();
    html! {
        div.row {
            (Input::new("name", "Raison sociale", &v.name).required().autocomplete("off").render(e))
            (Input::new("legal_form", "Forme juridique", &v.legal_form).help("SARL, EURL, SPA, personne physique…").render(e))
        }
        div.row {
            (Input::new("nif", "NIF", &v.nif).inputmode("numeric").required().help("15 chiffres").render(e))
            (Input::new("nis", "NIS", &v.nis).inputmode("numeric").required().help("15 chiffres").render(e))
        }
        div.row {
            (Input::new("rc", "RC", &v.rc).help("16/00-1234567 B 22").render(e))
            (Input::new("ai", "Article d'imposition", &v.ai).inputmode("numeric").render(e))
        }
        div.row {
            (Input::new("contact", "Contact", &v.contact).render(e))
            (Input::new("phone", "Téléphone", &v.phone).kind("tel").inputmode("tel").render(e))
            (Input::new("email", "E-mail", &v.email).kind("email").render(e))
        }
        div.row {
            (form::textarea("address", "Adresse de facturation", &v.address, e))
            (form::textarea("delivery_address", "Adresse de livraison", &v.delivery_address, e))
        }
        div.row {
            (form::select("terms", "Conditions de paiement", &terms, &v.terms, e))
            (Input::new("credit_limit", "Encours autorisé (DA)", &v.credit_limit).inputmode("decimal")
                .help("Vide : sans limite. Au-delà, la commande demande l'accord de la gérante.").render(e))
            (form::select("price_list_id", "Liste de prix", &lists, &v.price_list_id, e))
        }
    }
}

/// The new customer's page, or an existing one's (`Some((id, active, owed))`).
pub fn form_page(
    csrf: &str,
    id: Option<(i64, bool, Money)>,
    v: &CustomerInput,
    lists: &[(i64, String)],
    e: &FieldErrors,
) -> Markup {
    let (title, action) = match id {
        Some((id, ..)) => ("Client pro", format!("/b2b/clients/{id}")),
        None => ("Nouveau client pro", "/b2b/clients/nouveau".to_string()),
    };
    html! {
        (page_header(title, html! {
            @if let Some((id, ..)) = id {
                a.button href=(format!("/b2b/clients/{id}/facturer")) { "Facturer" }
                a.button.secondary href=(format!("/b2b/clients/{id}/paiement")) { "Paiement" }
                a.button.secondary href=(format!("/b2b/factures?client={id}")) { "Factures" }
                a.button.secondary href=(format!("/b2b/clients/{id}/releve")) { "Relevé" }
            }
            a.button.secondary href="/b2b/clients" { "Retour" }
        }))
        @if let Some((id, active, owed)) = id {
            dl.facts {
                dt { "Doit" } dd { (owed) }
                dt { "Compte" } dd { (format!("411{id:04}")) }
                @if !active { dt { "État" } dd { span.badge.off { "désactivé" } } }
            }
        }
        form.stack.card method="post" action=(action) #b2b-customer-form {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(v.token);
            (fields(v, lists, e))
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer" } }
        }
        @if let Some((id, active, _)) = id {
            form method="post" action=(format!("/b2b/clients/{id}/{}", if active { "desactiver" } else { "activer" })) {
                (form::csrf(csrf))
                button.secondary type="submit" { @if active { "Désactiver" } @else { "Réactiver" } }
            }
        }
    }
}

/// The price lists and the form for a new one.
pub fn price_lists(csrf: &str, lists: &[(i64, String)], name: &str, e: &FieldErrors) -> Markup {
    html! {
        (page_header("Listes de prix", html! { a.button.secondary href="/b2b/clients" { "Clients pro" } }))
        p.muted { "Une liste par client ou par groupe (« Cafés », « Hôtels ») ; un produit sans prix dans la liste prend le prix du catalogue." }
        @if lists.is_empty() {
            (table::empty("Aucune liste de prix."))
        } @else {
            ul { @for (id, n) in lists { li { a href=(format!("/b2b/prix/{id}")) { (n) } } } }
        }
        form.stack.card method="post" action="/b2b/prix" #price-list-form {
            (form::csrf(csrf))
            (Input::new("name", "Nouvelle liste", name).required().render(e))
            div.actions { button type="submit" { "Créer la liste" } }
        }
    }
}

/// The price form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PriceValues {
    pub product_id: String,
    pub valid_from: String,
    pub price: String,
}

/// One list: its prices (every dated price, newest first) and the form to set one.
pub fn price_list(
    csrf: &str,
    (id, name): (i64, &str),
    prices: &[(i64, String, String, Money)],
    products: &[(i64, String)],
    v: &PriceValues,
    e: &FieldErrors,
) -> Markup {
    let options: Vec<(String, String)> = std::iter::once((String::new(), "— produit —".to_string()))
        .chain(products.iter().map(|(id, n)| (id.to_string(), n.clone())))
        .collect();
    html! {
        (page_header(&format!("Liste de prix « {name} »"), html! { a.button.secondary href="/b2b/prix" { "Listes de prix" } }))
        @if prices.is_empty() {
            (table::empty("Aucun prix : les produits prennent le prix du catalogue."))
        } @else {
            div.table-wrap { table {
                thead { tr { th { "Produit" } th { "À partir du" } th.money { "Prix HT" } } }
                tbody { @for (_, product, from, price) in prices { tr {
                    td { (product) } td { (crate::ui::day_fr(from)) } td.money { (price) }
                } } }
            } }
        }
        form.stack.card method="post" action=(format!("/b2b/prix/{id}")) #price-form {
            (form::csrf(csrf))
            div.row {
                (form::select("product_id", "Produit", &options, &v.product_id, e))
                (Input::new("valid_from", "À partir du", &v.valid_from).kind("date").required().render(e))
                (Input::new("price", "Prix HT (DA)", &v.price).inputmode("decimal").required().render(e))
            }
            div.actions { button type="submit" { "Enregistrer le prix" } }
        }
    }
}

pub mod invoice_pdf;
pub mod invoices;
pub mod orders;
pub mod payments;
pub mod standing;
pub mod statement;
