//! The setup pages: zones (with the one fee setting), deliverymen, an order's zone and fee.

use maud::{Markup, html};

use crate::deliveries::{Deliveryman, Kind, OrderDelivery, Zone};
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{page_header, table};

/// A zone form as typed.
#[derive(Debug, Clone, Default)]
pub struct ZoneValues {
    pub name: String,
    pub fee: String,
    pub max_fee: String,
}

impl ZoneValues {
    pub fn of(z: &Zone) -> ZoneValues {
        ZoneValues { name: z.name.clone(), fee: z.fee.input_value(), max_fee: z.max_fee.input_value() }
    }
}

fn zone_fields(v: &ZoneValues, e: &FieldErrors) -> Markup {
    html! {
        div.row {
            (Input::new("name", "Commune", &v.name).required().autocomplete("off").render(e))
            (Input::new("fee", "Frais de livraison (DA)", &v.fee).inputmode("decimal").required().render(e))
            (Input::new("max_fee", "Plafond sans autorisation (DA)", &v.max_fee).inputmode("decimal")
                .help("Vide : les frais eux-mêmes. Au-delà, il faut le droit « livraisons.frais ».").render(e))
        }
    }
}

/// The zones page: the fee setting, a new zone, the list.
pub fn zones(csrf: &str, fee_to_shop: bool, list: &[Zone], v: &ZoneValues, e: &FieldErrors) -> Markup {
    html! {
        (page_header("Zones de livraison", html! {
            a.button.secondary href="/livraisons/livreurs" { "Livreurs" }
            a.button.secondary href="/livraisons/tournees" { "Tournées" }
        }))
        form.card.stack method="post" action="/livraisons/reglage" #fee-setting {
            (form::csrf(csrf))
            h2 { "À qui vont les frais de livraison ?" }
            (form::checkbox("fee_to_shop", "1", "Nos livreurs rapportent les frais à la boutique (recette 706). Sinon, ils les gardent. Une plateforme garde toujours les siens.", fee_to_shop, false))
            div.actions { button type="submit" { "Enregistrer" } }
        }
        form.card.stack method="post" action="/livraisons/zones" #zone-form {
            (form::csrf(csrf))
            h2 { "Nouvelle zone" }
            (zone_fields(v, e))
            (form::form_error(e))
            div.actions { button type="submit" { "Ajouter la zone" } }
        }
        @if list.is_empty() {
            (table::empty("Aucune zone : ajoutez les communes que vous livrez."))
        } @else {
            div.table-wrap { table #zones {
                thead { tr { th { "Commune" } th.num { "Frais" } th.num { "Plafond" } th { "État" } th {} } }
                tbody { @for z in list { tr {
                    td { a href=(format!("/livraisons/zones/{}", z.id)) { (z.name) } }
                    td.num { (z.fee) } td.num { (z.max_fee) }
                    td { @if z.active { span.badge.ok { "active" } } @else { span.badge.off { "désactivée" } } }
                    td { (toggle(csrf, &format!("/livraisons/zones/{}", z.id), z.active)) }
                } } }
            } }
        }
    }
}

fn toggle(csrf: &str, base: &str, active: bool) -> Markup {
    let (action, label) = if active { ("desactiver", "Désactiver") } else { ("activer", "Réactiver") };
    html! {
        form method="post" action=(format!("{base}/{action}")) {
            (form::csrf(csrf)) button.secondary type="submit" { (label) }
        }
    }
}

/// One zone's edit page.
pub fn zone_page(csrf: &str, id: i64, v: &ZoneValues, e: &FieldErrors) -> Markup {
    html! {
        (page_header("Modifier la zone", html! { a.button.secondary href="/livraisons/zones" { "Retour" } }))
        form.card.stack method="post" action=(format!("/livraisons/zones/{id}")) #zone-form {
            (form::csrf(csrf))
            (zone_fields(v, e))
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}

/// A deliveryman form as typed.
#[derive(Debug, Clone, Default)]
pub struct ManValues {
    pub name: String,
    pub phone: String,
    pub kind: String,
    pub commission_pct: String,
    pub employee_id: String,
    pub token: String,
}

impl ManValues {
    pub fn of(m: &Deliveryman) -> ManValues {
        ManValues {
            name: m.name.clone(),
            phone: crate::customers::format_phone(&m.phone),
            kind: m.kind.code().into(),
            commission_pct: m.commission_pct.to_string(),
            employee_id: m.employee_id.map(|i| i.to_string()).unwrap_or_default(),
            token: String::new(),
        }
    }
}

fn man_fields(v: &ManValues, employees: &[(i64, String)], e: &FieldErrors) -> Markup {
    let kinds: Vec<(String, String)> =
        [Kind::Staff, Kind::Platform].iter().map(|k| (k.code().to_string(), k.label().to_string())).collect();
    let mut staff = vec![(String::new(), "— aucun —".to_string())];
    staff.extend(employees.iter().map(|(id, n)| (id.to_string(), n.clone())));
    html! {
        div.row {
            (Input::new("name", "Nom", &v.name).required().autocomplete("off").render(e))
            (Input::new("phone", "Téléphone", &v.phone).kind("tel").inputmode("tel").render(e))
        }
        div.row {
            (form::select("kind", "Type", &kinds, &v.kind, e))
            (Input::new("commission_pct", "Commission de la plateforme (%)", &v.commission_pct).inputmode("numeric")
                .help("Une plateforme seulement : sa part des produits livrés.").render(e))
            (form::select("employee_id", "Employé (si c'est quelqu'un du personnel)", &staff, &v.employee_id, e))
        }
    }
}

/// The deliverymen page: a new one, the list.
pub fn men(csrf: &str, list: &[Deliveryman], employees: &[(i64, String)], v: &ManValues, e: &FieldErrors) -> Markup {
    html! {
        (page_header("Livreurs", html! {
            a.button.secondary href="/livraisons/zones" { "Zones" }
            a.button.secondary href="/livraisons/dettes" { "Ce que doivent les livreurs" }
        }))
        form.card.stack method="post" action="/livraisons/livreurs" #man-form {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(v.token);
            h2 { "Nouveau livreur" }
            (man_fields(v, employees, e))
            (form::form_error(e))
            div.actions { button type="submit" { "Ajouter le livreur" } }
        }
        @if list.is_empty() {
            (table::empty("Aucun livreur : ajoutez-en un."))
        } @else {
            div.table-wrap { table #deliverymen {
                thead { tr { th { "Nom" } th { "Téléphone" } th { "Type" } th { "Compte" } th { "État" } th {} } }
                tbody { @for m in list { tr {
                    td { a href=(format!("/livraisons/livreurs/{}", m.id)) { (m.name) } }
                    td { @if !m.phone.is_empty() { a href=(format!("tel:{}", m.phone)) { (crate::customers::format_phone(&m.phone)) } } }
                    td { (m.kind.label()) @if m.commission_pct > 0 { " (" (m.commission_pct) " %)" } }
                    td { (m.account) }
                    td { @if m.active { span.badge.ok { "actif" } } @else { span.badge.off { "désactivé" } } }
                    td { (toggle(csrf, &format!("/livraisons/livreurs/{}", m.id), m.active)) }
                } } }
            } }
        }
    }
}

/// One deliveryman's edit page.
pub fn man_page(csrf: &str, id: i64, employees: &[(i64, String)], v: &ManValues, e: &FieldErrors) -> Markup {
    html! {
        (page_header("Modifier le livreur", html! {
            a.button.secondary href=(format!("/livraisons/livreurs/{id}/jour")) { "Sa tournée du jour" }
            a.button.secondary href="/livraisons/livreurs" { "Retour" }
        }))
        form.card.stack method="post" action=(format!("/livraisons/livreurs/{id}")) #man-form {
            (form::csrf(csrf))
            (man_fields(v, employees, e))
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}

/// The gérante's page of a deliveryman: his form, then his phone link.
pub fn man_page_full(csrf: &str, id: i64, employees: &[(i64, String)], v: &ManValues, has_link: bool) -> Markup {
    html! {
        (man_page(csrf, id, employees, v, &FieldErrors::new()))
        section.card #phone-link {
            h2 { "Lien pour son téléphone" }
            p.muted {
                "Il ouvre ses tournées du jour (adresses, téléphones, montants à encaisser) sans compte ni mot "
                "de passe. Envoyez-le-lui par SMS. Téléphone perdu ? Retirez le lien ou faites-en un nouveau : "
                "l'ancien ne marchera plus."
            }
            p { @if has_link { strong { "Un lien est actif." } } @else { "Aucun lien actif." } }
            div.actions {
                form method="post" action=(format!("/livraisons/livreurs/{id}/lien")) {
                    (form::csrf(csrf))
                    button type="submit" { @if has_link { "Faire un nouveau lien" } @else { "Faire un lien" } }
                }
                @if has_link {
                    form method="post" action=(format!("/livraisons/livreurs/{id}/lien/retirer")) {
                        (form::csrf(csrf))
                        button.secondary type="submit" { "Retirer le lien" }
                    }
                }
            }
        }
    }
}

/// The new link, shown once.
pub fn link_made(name: &str, id: i64, url: &str) -> Markup {
    html! {
        (page_header(&format!("Lien pour le téléphone de {name}"), html! {
            a.button.secondary href=(format!("/livraisons/livreurs/{id}")) { "Retour au livreur" }
        }))
        section.card.stack {
            p { "Envoyez ce lien à " (name) " maintenant : " strong { "il ne sera plus affiché." } }
            label for="phone-url" { "Lien" }
            input #phone-url type="text" readonly value=(url);
            p.muted { "Sur son téléphone, il l'ouvre et l'ajoute à l'écran d'accueil." }
        }
    }
}

/// An order's delivery form as typed.
#[derive(Debug, Clone, Default)]
pub struct DeliveryValues {
    pub zone_id: String,
    pub fee: String,
}

impl DeliveryValues {
    pub fn of(d: Option<&OrderDelivery>) -> DeliveryValues {
        d.map(|d| DeliveryValues { zone_id: d.zone_id.to_string(), fee: d.fee.input_value() }).unwrap_or_default()
    }
}

/// Where an order is delivered and for how much.
pub fn order_delivery(
    csrf: &str,
    order: (i64, &str, &str),
    zones: &[Zone],
    v: &DeliveryValues,
    e: &FieldErrors,
) -> Markup {
    let (id, number, address) = order;
    let options: Vec<(String, String)> = std::iter::once((String::new(), "— choisir —".to_string()))
        .chain(zones.iter().filter(|z| z.active).map(|z| (z.id.to_string(), format!("{} — {}", z.name, z.fee))))
        .collect();
    html! {
        (page_header(&format!("Livraison de la commande {number}"), html! {
            a.button.secondary href=(format!("/commandes/{id}")) { "La commande" }
            a.button.secondary href="/livraisons/tournees" { "Tournées" }
        }))
        form.card.stack method="post" action=(format!("/livraisons/commandes/{id}")) #delivery-form {
            (form::csrf(csrf))
            p { "Adresse : " strong { (address) } }
            div.row {
                (form::select("zone_id", "Zone (commune)", &options, &v.zone_id, e))
                (Input::new("fee", "Frais de livraison (DA)", &v.fee).inputmode("decimal")
                    .help("Vide : les frais de la zone. Ils ne comptent pas dans le total de la commande : ils reviennent à qui livre.").render(e))
            }
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer" } }
        }
    }
}
