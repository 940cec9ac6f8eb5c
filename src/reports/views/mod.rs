//! The report pages: the period form with its presets, the KPIs against the compared period,
//! then each section (`sections.rs`) with its chart (`charts.rs`) and its table; the exports
//! (`export.rs`); the definitions page.

pub mod cash;
pub mod charts;
pub mod export;
pub mod sections;

use chrono::{Datelike, Duration, NaiveDate};
use maud::{Markup, html};

use super::{Compare, Report};
use crate::error::FieldErrors;
use crate::home::views::board::delta;
use crate::kpi::{Figure, Kpi, Period, Unit, Value};
use crate::ui::form::Input;

/// The period as typed, to show it back.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PeriodForm {
    pub du: String,
    pub au: String,
    pub comparer: String,
}

/// Links to the usual periods, relative to `today`.
fn presets(today: NaiveDate, compare: Compare) -> Markup {
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let list = [
        ("Aujourd'hui", Period::day(today)),
        ("Hier", Period::day(today - Duration::days(1))),
        ("7 derniers jours", Period { from: today - Duration::days(6), to: today }),
        ("Ce mois-ci", Period::month_to(today)),
        ("Le mois dernier", Period::previous_month(today)),
        ("Cette année", Period { from: year_start, to: today }),
    ];
    html! {
        nav.presets aria-label="Périodes" {
            @for (label, p) in list {
                a href=(query(p, compare)) { (label) }
            }
        }
    }
}

/// The report's URL for a period and a comparison.
pub fn query(p: Period, c: Compare) -> String {
    format!("/rapports?du={}&au={}&comparer={}", p.from, p.to, c.code())
}

/// The period form; `errors` beside its dates.
pub fn period_form(f: &PeriodForm, errors: &FieldErrors, today: NaiveDate) -> Markup {
    let compare = Compare::parse(&f.comparer);
    html! {
        form.period-form method="get" action="/rapports" {
            (Input::new("du", "Du", &f.du).kind("date").render(errors))
            (Input::new("au", "Au", &f.au).kind("date").render(errors))
            div.field {
                label for="f-comparer" { "Comparer avec" }
                select #f-comparer name="comparer" {
                    option value="precedente" selected[compare == Compare::Previous] { "la période précédente" }
                    option value="annee" selected[compare == Compare::YearBefore] { "l'an dernier" }
                }
            }
            button type="submit" { "Afficher" }
        }
        (presets(today, compare))
    }
}

fn cents(v: Value) -> Option<i64> {
    match v {
        Value::Money(m) => Some(m.cents()),
        Value::Count(n) => Some(n),
        Value::Percent(Some(bp)) => Some(bp),
        _ => None,
    }
}

fn figure_row(f: &Figure, before: Value) -> Markup {
    html! {
        tr {
            th scope="row" { a href=(format!("/rapports/definitions#{}", f.kpi.code())) { (f.kpi.label()) } }
            td.num { @if let Value::NoData(_) = f.value { span.muted { (f.value.text()) } } @else { (f.value.text()) } }
            td.num { (before.text()) }
            td.num {
                @match (cents(f.value), cents(before), f.kpi.unit()) {
                    (Some(a), Some(b), Unit::Money | Unit::Count) => (delta(a, b)),
                    _ => "",
                }
            }
        }
    }
}

/// The KPIs of the period against the compared one.
pub fn figures(r: &Report) -> Markup {
    let before = |k: Kpi| crate::kpi::ops::value_of(&r.figures_before, k);
    html! {
        section.card #kpis {
            h2 { "Indicateurs" }
            p.muted { "Comparés avec " (r.compare.label()) " (" (r.against.label()) "). Les soldes (stock, dettes) sont ceux d'aujourd'hui." }
            div.table-wrap { table {
                thead { tr { th { "Indicateur" } th.num { (r.period.label()) } th.num { (r.against.label()) } th.num { "Écart" } } }
                tbody { @for f in &r.figures { (figure_row(f, before(f.kpi))) } }
            } }
        }
    }
}

/// The whole report page.
pub fn page(f: &PeriodForm, r: &Report, today: NaiveDate) -> Markup {
    let q = format!("du={}&au={}&comparer={}", r.period.from, r.period.to, r.compare.code());
    html! {
        h1 { "Rapports — " (r.period.label()) }
        (period_form(f, &FieldErrors::new(), today))
        p.exports {
            a href=(format!("/rapports/export.csv?{q}")) download { "Exporter en CSV" } " · "
            a href=(format!("/rapports/export.xlsx?{q}")) download { "Exporter en Excel (XLSX)" } " · "
            a href="/rapports/definitions" { "Définitions des indicateurs" }
        }
        (figures(r))
        (sections::trend(r))
        (sections::heat(r))
        (sections::products(r))
        (sections::categories(r))
        (sections::sellers(r))
        (cash::cash(r))
        (cash::waste(r))
    }
}

/// The period form alone, with what is wrong beside its fields.
pub fn refused(f: &PeriodForm, errors: &FieldErrors, today: NaiveDate) -> Markup {
    html! {
        h1 { "Rapports" }
        (period_form(f, errors, today))
        p.muted { "Choisissez une période valide pour voir les chiffres." }
    }
}

/// Every KPI with its definition: the same text as its doc comment.
pub fn definitions() -> Markup {
    html! {
        h1 { "Définitions des indicateurs" }
        p.muted { "Chaque chiffre de Fournil est calculé d'une seule façon, ici décrite. Un indicateur dont la source n'existe pas encore affiche « pas encore de données » : aucun chiffre n'est inventé." }
        dl.definitions {
            @for k in Kpi::ALL {
                dt id=(k.code()) { strong { (k.label()) } " " code.muted { (k.code()) } }
                dd { (k.definition()) }
            }
        }
        p { a href="/rapports" { "← Rapports" } }
    }
}
