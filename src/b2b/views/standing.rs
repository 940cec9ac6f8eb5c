//! The standing orders' pages: the list with "Générer les commandes du …" and its report, the
//! form (a grid products × Sa…Ve, and the grid of special days), the one-off change of one date,
//! the B2B calendar.

use maud::{Markup, html};

use crate::b2b::standing::{Generated, OnSpecial, Outcome, Period, RowInput, Standing, StandingInput, WEEKDAYS};
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{day_fr, page_header, table};

/// Empty rows a grid offers beyond its lines.
pub const EXTRA_ROWS: usize = 3;

pub struct Choices<'a> {
    pub customers: &'a [(i64, String)],
    pub products: &'a [(i64, String)],
}

fn options(first: &str, items: &[(i64, String)]) -> Vec<(String, String)> {
    std::iter::once((String::new(), first.to_string()))
        .chain(items.iter().map(|(i, n)| (i.to_string(), n.clone())))
        .collect()
}

fn name_of(products: &[(i64, String)], id: i64) -> String {
    products.iter().find(|p| p.0 == id).map(|p| p.1.clone()).unwrap_or_else(|| format!("Produit {id}"))
}

fn actions() -> Markup {
    html! {
        a.button.secondary href="/b2b/abonnements/calendrier" { "Calendrier pro" }
        a.button href="/b2b/abonnements/nouveau" { "Nouvel abonnement" }
    }
}

fn outcome(o: &Outcome) -> Markup {
    html! {
        @match o {
            Outcome::Made(id, n) => { span.badge.ok { "Créée" } " " a href=(format!("/b2b/commandes/{id}")) { (n) } }
            Outcome::Already(n) => { span.badge.off { "Existe déjà" } " " (n) " (déjà générée)" }
            Outcome::Blocked(m) => { span.badge.err { "Bloquée" } " " (m) }
            Outcome::Nothing(why) => { span.badge.off { "Rien" } " " (why) }
        }
    }
}

fn report(day: &str, done: &[Generated]) -> Markup {
    html! {
        section.card #b2b-standing-report {
            h2 { "Commandes du " (day_fr(day)) }
            @if done.is_empty() { p { "Aucun abonnement ne court ce jour-là." } }
            @else { div.table-wrap { table {
                thead { tr { th { "Client" } th { "Résultat" } } }
                tbody { @for g in done { tr { td { (g.customer) } td { (outcome(&g.outcome)) } } } }
            } } }
        }
    }
}

fn period_text(s: &Standing) -> String {
    match s.active_to {
        Some(to) => format!("du {} au {}", s.active_from.format("%d/%m/%Y"), to.format("%d/%m/%Y")),
        None => format!("depuis le {}", s.active_from.format("%d/%m/%Y")),
    }
}

/// The standing orders, the generate form, and the report of the last generation.
pub fn list(csrf: &str, all: &[Standing], day: &str, done: Option<&[Generated]>, e: &FieldErrors) -> Markup {
    html! {
        (page_header("Abonnements pro", actions()))
        form.filters.card method="post" action="/b2b/abonnements/generer" #b2b-generate-form {
            (form::csrf(csrf))
            (Input::new("day", "Livraison le", day).kind("date").required().render(e))
            div.actions { button type="submit" { "Générer les commandes du jour choisi" } }
        }
        @if let Some(done) = done { (report(day, done)) }
        @if all.is_empty() {
            (table::empty("Aucun abonnement pro."))
        } @else {
            div.table-wrap { table {
                thead { tr { th { "Client" } th { "Période" } th { "Heure limite (la veille)" } th { "Jours spéciaux" } th.num { "Produits" } } }
                tbody { @for s in all { tr {
                    td { a href=(format!("/b2b/abonnements/{}", s.id)) { (s.customer) } }
                    td { (period_text(s)) } td { (s.cutoff.format("%H:%M")) } td { (s.on_special.label()) }
                    td.num { (s.normal.len()) }
                } } }
            } }
        }
    }
}

fn cell(name: String, label: String, value: &str, e: &FieldErrors) -> Markup {
    let error = e.get(&name);
    let id = format!("f-{name}");
    html! {
        td { div.field.invalid[error.is_some()] {
            input id=(id) name=(name) value=(value) inputmode="decimal" aria-label=(label)
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-err"))];
            @if let Some(m) = error { small.error id=(format!("{id}-err")) { (m) } }
        } }
    }
}

fn grid(tag: &str, rows: &[RowInput], products: &[(i64, String)], e: &FieldErrors) -> Markup {
    let choices = options("— produit —", products);
    html! {
        div.table-wrap { table.qty-grid {
            thead { tr { th { "Produit" } @for d in WEEKDAYS { th { (d) } } } }
            tbody { @for (i, r) in rows.iter().enumerate() { tr {
                td { @if tag == "n" { (form::select(&format!("p.{i}"), "Produit", &choices, &r.product, e)) }
                     @else { (r.product.parse::<i64>().map(|id| name_of(products, id)).unwrap_or_else(|_| format!("Ligne {}", i + 1))) } }
                @for d in 0..7 {
                    @let v = if tag == "n" { &r.normal[d] } else { &r.alternate[d] };
                    (cell(format!("{tag}.{i}.{d}"), format!("Ligne {} {}", i + 1, WEEKDAYS[d]), v, e))
                }
            } } }
        } }
    }
}

/// The form of a standing order (new when `id` is None).
pub fn form_page(csrf: &str, id: Option<i64>, v: &StandingInput, c: &Choices, e: &FieldErrors) -> Markup {
    let action = id.map(|i| format!("/b2b/abonnements/{i}")).unwrap_or_else(|| "/b2b/abonnements/nouveau".into());
    let specials: Vec<(String, String)> = OnSpecial::ALL.iter().map(|o| (o.code().into(), o.label().into())).collect();
    html! {
        form.stack.card method="post" action=(action) #b2b-standing-form {
            (form::csrf(csrf))
            div.row {
                (form::select("customer_id", "Client pro", &options("— client —", c.customers), &v.customer_id, e))
                (Input::new("active_from", "Du", &v.active_from).kind("date").required().render(e))
                (Input::new("active_to", "Au (vide : sans fin)", &v.active_to).kind("date").render(e))
                (Input::new("cutoff", "Heure limite, la veille", &v.cutoff).kind("time").required().render(e))
            }
            h2 { "Quantités par jour" }
            p.help { "La semaine commence le samedi ; laissez vide les jours sans livraison." }
            (grid("n", &v.rows, c.products, e))
            @if let Some(m) = e.get("grid") { p.form-error role="alert" { (m) } }
            (form::select("on_special", "Les jours spéciaux (fériés, Ramadan, Aïd)", &specials, &v.on_special, e))
            details open[v.on_special == "alterne" || e.get("alternate").is_some()] {
                summary { "Quantités des jours spéciaux" }
                (grid("a", &v.rows, c.products, e))
                @if let Some(m) = e.get("alternate") { p.form-error role="alert" { (m) } }
            }
            (form::form_error(e))
            div.actions { button type="submit" { "Enregistrer l'abonnement" } }
        }
    }
}

/// The one-off change of one date: typed values (day, rows of product and quantity).
#[derive(Debug, Clone, Default)]
pub struct DayValues {
    pub day: String,
    pub rows: Vec<(String, String)>,
}

fn day_form(csrf: &str, id: i64, v: &DayValues, products: &[(i64, String)], e: &FieldErrors) -> Markup {
    let choices = options("— produit —", products);
    html! {
        form.stack.card method="post" action=(format!("/b2b/abonnements/{id}/jour")) #b2b-standing-day-form {
            (form::csrf(csrf))
            h2 { "Changer un seul jour" }
            p.help { "Les quantités de ce jour remplacent la grille ce jour-là seulement, avant l'heure limite." }
            (Input::new("day", "Le", &v.day).kind("date").required().render(e))
            @for (i, (p, q)) in v.rows.iter().enumerate() {
                div.row {
                    (form::select(&format!("op.{i}"), "Produit", &choices, p, e))
                    (Input::new(&format!("oq.{i}"), "Quantité", q).inputmode("decimal").render(e))
                }
            }
            (form::checkbox("cancel", "1", "Rien ce jour-là", false, false))
            @if let Some(m) = e.get("lines") { p.form-error role="alert" { (m) } }
            @if let Some(m) = e.get("grid") { p.form-error role="alert" { (m) } }
            div.actions { button type="submit" { "Enregistrer le changement du jour" } }
        }
    }
}

/// A standing order's page: its form, the one-off change, the dates already changed.
pub struct ShowPage<'a> {
    pub standing: &'a Standing,
    pub values: &'a StandingInput,
    pub day: &'a DayValues,
    pub changed: &'a [(String, i64)],
}

pub fn show(csrf: &str, p: &ShowPage, c: &Choices, e: &FieldErrors, day_e: &FieldErrors) -> Markup {
    let s = p.standing;
    html! {
        (page_header(&format!("Abonnement de {}", s.customer), html! { a.button.secondary href="/b2b/abonnements" { "Abonnements pro" } }))
        (form_page(csrf, Some(s.id), p.values, c, e))
        (day_form(csrf, s.id, p.day, c.products, day_e))
        @if !p.changed.is_empty() {
            section.card { h2 { "Jours changés" } ul { @for (d, n) in p.changed {
                li { (day_fr(d)) " : " @if *n == 0 { "rien ce jour-là" } @else { (n) " produit(s)" } }
            } } }
        }
    }
}

/// The B2B calendar: its periods, the public holidays ahead, and the form that adds a period.
pub fn calendar(
    csrf: &str,
    periods: &[Period],
    holidays: &[(String, String)],
    v: &[String; 4],
    e: &FieldErrors,
) -> Markup {
    let kinds = vec![
        ("special".to_string(), "Jours spéciaux (Ramadan, Aïd…)".to_string()),
        ("ferme".into(), "Fermé : aucune livraison".into()),
    ];
    html! {
        (page_header("Calendrier pro", html! { a.button.secondary href="/b2b/abonnements" { "Abonnements pro" } }))
        p.help { "Les jours fériés comptent comme jours spéciaux ; chaque abonnement dit ce qu'il fait ces jours-là." }
        @if periods.is_empty() { (table::empty("Aucune période.")) } @else { div.table-wrap { table {
            thead { tr { th { "Période" } th { "Nom" } th { "Type" } th {} } }
            tbody { @for p in periods { tr {
                td { (p.first_day.format("%d/%m/%Y")) " – " (p.last_day.format("%d/%m/%Y")) }
                td { (p.name) } td { @if p.closed { span.badge.err { "fermé" } } @else { span.badge { "spécial" } } }
                td { form method="post" action=(format!("/b2b/abonnements/calendrier/{}/supprimer", p.id)) {
                    (form::csrf(csrf)) button.secondary type="submit" { "Retirer" } } }
            } } }
        } } }
        form.stack.card method="post" action="/b2b/abonnements/calendrier" #b2b-calendar-form {
            (form::csrf(csrf))
            h2 { "Ajouter une période" }
            div.row {
                (Input::new("first_day", "Du", &v[0]).kind("date").required().render(e))
                (Input::new("last_day", "Au", &v[1]).kind("date").required().render(e))
                (form::select("kind", "Type", &kinds, &v[2], e))
                (Input::new("name", "Nom", &v[3]).required().render(e))
            }
            div.actions { button type="submit" { "Ajouter" } }
        }
        @if !holidays.is_empty() {
            section.card { h2 { "Jours fériés à venir" } ul { @for (d, n) in holidays { li { (day_fr(d)) " : " (n) } } } }
        }
    }
}
