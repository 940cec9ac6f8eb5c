//! The customers' pages: the list with its search, the form (new and edit). The customer's
//! account (orders, balance, store credit) is drawn by the orders domain with `card` below.

use maud::{Markup, html};

use super::Customer;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{page_header, table};

/// The form as typed.
#[derive(Debug, Clone, Default)]
pub struct CustomerValues {
    pub name: String,
    pub phone: String,
    pub addresses: String,
    pub notes: String,
    pub allergies: String,
    pub token: String,
}

impl CustomerValues {
    pub fn of(c: &Customer) -> CustomerValues {
        CustomerValues {
            name: c.name.clone(),
            phone: c.phone_text(),
            addresses: c.addresses.clone(),
            notes: c.notes.clone(),
            allergies: c.allergies.clone(),
            token: String::new(),
        }
    }
}

/// The list: a search box that refreshes `#customers` as one types, and the table.
pub fn list(query: &str, with_inactive: bool, found: &[Customer], page: u32, more: bool) -> Markup {
    html! {
        (page_header("Clients", html! { a.button href="/clients/nouveau" { "Nouveau client" } }))
        form.filters method="get" action="/clients" hx-get="/clients" hx-target="#customers" hx-select="#customers"
            hx-trigger="input changed delay:250ms from:#f-q, change" hx-push-url="true" {
            (Input::new("q", "Nom ou téléphone", query).kind("search").autocomplete("off").render(&FieldErrors::new()))
            (form::checkbox("inactifs", "1", "Afficher les clients désactivés", with_inactive, false))
            noscript { button type="submit" { "Chercher" } }
        }
        (table_of(query, with_inactive, found, page, more))
    }
}

/// The result table alone (what the search box swaps).
pub fn table_of(query: &str, with_inactive: bool, found: &[Customer], page: u32, more: bool) -> Markup {
    let base = format!("q={}{}", urlencoding(query), if with_inactive { "&inactifs=1" } else { "" });
    html! {
        div #customers {
            @if found.is_empty() {
                (table::empty("Aucun client ne correspond. Créez-le avec « Nouveau client »."))
            } @else {
                div.table-wrap { table {
                    thead { tr { th { "Nom" } th { "Téléphone" } th { "Adresse" } th { "Allergies" } } }
                    tbody { @for c in found { tr {
                        td { a href=(format!("/clients/{}", c.id)) { (c.name) }
                            @if !c.active { " " span.badge.off { "désactivé" } } }
                        td.money { a href=(format!("tel:{}", c.phone)) { (c.phone_text()) } }
                        td { (c.address_list().first().copied().unwrap_or("")) }
                        td { @if !c.allergies.is_empty() { span.badge.err { (c.allergies) } } }
                    } } }
                } }
            }
            (table::pager(&base, page, more))
        }
    }
}

/// Percent-encodes a query value for a link.
fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The fields of a customer, shared by the new and edit pages.
pub fn fields(v: &CustomerValues, errors: &FieldErrors) -> Markup {
    html! {
        div.row {
            (Input::new("name", "Nom et prénom", &v.name).required().autocomplete("off").render(errors))
            (Input::new("phone", "Téléphone", &v.phone).kind("tel").inputmode("tel").required()
                .help("0551 23 45 67, 021 23 45 67 ou +213…").render(errors))
        }
        (form::textarea("addresses", "Adresses (une par ligne)", &v.addresses, errors))
        div.row {
            (form::textarea("allergies", "Allergies", &v.allergies, errors))
            (form::textarea("notes", "Notes", &v.notes, errors))
        }
    }
}

/// The new-customer page, or the edit page when `id` is given.
pub fn form_page(csrf: &str, id: Option<i64>, v: &CustomerValues, errors: &FieldErrors) -> Markup {
    let (title, action) = match id {
        Some(id) => ("Modifier le client", format!("/clients/{id}")),
        None => ("Nouveau client", "/clients/nouveau".to_string()),
    };
    html! {
        (page_header(title, html! { a.button.secondary href=(id.map(|i| format!("/clients/{i}")).unwrap_or("/clients".into())) { "Retour" } }))
        form.stack.card method="post" action=(action) #customer-form {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(v.token);
            (fields(v, errors))
            (form::form_error(errors))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}

/// Who the customer is, for the account page and the order pages: name, phone, addresses,
/// allergies in red (the lab must see them), notes.
pub fn card(c: &Customer) -> Markup {
    html! {
        dl.facts {
            dt { "Téléphone" } dd { a href=(format!("tel:{}", c.phone)) { (c.phone_text()) } }
            @if !c.addresses.is_empty() {
                dt { "Adresses" } dd { @for a in c.address_list() { (a) br; } }
            }
            @if !c.allergies.is_empty() { dt { "Allergies" } dd { span.badge.err { (c.allergies) } } }
            @if !c.notes.is_empty() { dt { "Notes" } dd { (c.notes) } }
            @if !c.active { dt { "État" } dd { span.badge.off { "désactivé" } } }
        }
    }
}
