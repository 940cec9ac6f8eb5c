//! Supplier pages.

use maud::{Markup, html};

use crate::catalog::Product;
use crate::error::FieldErrors;
use crate::purchases::{Supplier, SupplierForm};
use crate::ui::form::{self, Input};
use crate::ui::table;

pub fn list(suppliers: &[Supplier]) -> Markup {
    html! {
        (crate::ui::page_header("Fournisseurs", html! { a.button href="/fournisseurs/nouveau" { "Nouveau fournisseur" } }))
        @if suppliers.is_empty() { (table::empty("Aucun fournisseur. Créez-en un ou importez-les (Catalogue → Import).")) } @else {
            div.table-wrap { table #suppliers {
                thead { tr { th { "Fournisseur" } th { "Contact" } th { "Téléphone" } th { "Paiement" } } }
                tbody {
                    @for s in suppliers {
                        tr {
                            td { a href=(format!("/fournisseurs/{}", s.id)) { (s.name) } }
                            td { (s.contact) }
                            td { (s.phone) }
                            td { @if s.payment_days == 0 { "comptant" } @else { (s.payment_days) " jours" } }
                        }
                    }
                }
            } }
        }
    }
}

fn fields(v: &SupplierForm, errors: &FieldErrors) -> Markup {
    html! {
        div.row {
            (Input::new("name", "Nom", &v.name).required().render(errors))
            (Input::new("contact", "Contact", &v.contact).render(errors))
            (Input::new("phone", "Téléphone", &v.phone).kind("tel").render(errors))
            (Input::new("email", "E-mail", &v.email).kind("email").render(errors))
        }
        (form::textarea("address", "Adresse", &v.address, errors))
        div.row {
            (Input::new("nif", "NIF", &v.nif).inputmode("numeric").render(errors))
            (Input::new("rc", "RC", &v.rc).render(errors))
            (Input::new("payment_days", "Délai de paiement (jours)", &v.payment_days).inputmode("numeric").help("0 : comptant").render(errors))
        }
        (form::textarea("notes", "Notes", &v.notes, errors))
    }
}

pub fn form(csrf: &str, id: Option<i64>, v: &SupplierForm, errors: &FieldErrors) -> Markup {
    let action = id.map(|i| format!("/fournisseurs/{i}")).unwrap_or_else(|| "/fournisseurs/nouveau".into());
    html! {
        h1 { @if id.is_some() { "Fournisseur « " (v.name) " »" } @else { "Nouveau fournisseur" } }
        section.card {
            form.stack method="post" action=(action) {
                (form::csrf(csrf))
                (fields(v, errors))
                (form::form_error(errors))
                div.actions { button type="submit" { "Enregistrer" } a.button.secondary href="/fournisseurs" { "Annuler" } }
            }
        }
    }
}

pub fn page(
    csrf: &str,
    s: &Supplier,
    v: &SupplierForm,
    errors: &FieldErrors,
    supplied: &[Product],
    others: &[Product],
) -> Markup {
    html! {
        (form(csrf, Some(s.id), v, errors))
        section.card #supplier-purchases {
            h2 { "Achats" }
            p {
                a.button.secondary href=(format!("/fournisseurs/{}/releve", s.id)) { "Relevé du fournisseur" }
                " "
                a.button.secondary href=(format!("/achats?fournisseur={}", s.id)) { "Ses achats" }
                " "
                a.button href=(format!("/achats/nouveau?fournisseur={}", s.id)) { "Nouvel achat" }
            }
        }
        section.card #supplied {
            h2 { "Produits fournis" }
            @if supplied.is_empty() { p.muted { "Aucun pour l'instant." } }
            ul.plain {
                @for p in supplied {
                    li {
                        a href=(format!("/catalogue/produits/{}", p.id)) { (p.name) }
                        form.inline method="post" action=(format!("/fournisseurs/{}/produits/retirer", s.id)) {
                            (form::csrf(csrf)) input type="hidden" name="product_id" value=(p.id);
                            button.secondary.small type="submit" { "Retirer" }
                        }
                    }
                }
            }
            @if !others.is_empty() {
                form.filters method="post" action=(format!("/fournisseurs/{}/produits", s.id)) {
                    (form::csrf(csrf))
                    (form::select("product_id", "Ajouter un produit", &others.iter().map(|p| (p.id.to_string(), p.name.clone())).collect::<Vec<_>>(), "", errors))
                    button type="submit" { "Ajouter" }
                }
            }
        }
    }
}
