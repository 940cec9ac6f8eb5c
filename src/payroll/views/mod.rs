//! Payroll's pages (pure maud): the month, a payslip, the rates, the advances.

pub mod advances;
pub mod month;
pub mod pdf;
pub mod rates;
pub mod slip;

use maud::{Markup, html};

/// The tabs of the payroll pages.
pub fn tabs(current: &str) -> Markup {
    let tabs = [("/paie", "Paie du mois"), ("/paie/avances", "Avances"), ("/paie/baremes", "Barèmes")];
    html! {
        nav.tabs aria-label="Paie" {
            @for (href, label) in tabs {
                a href=(href) aria-current=[(href == current).then_some("page")] { (label) }
            }
        }
    }
}

/// Minutes as `12 h 30`, or a dash.
pub fn minutes(m: i64) -> String {
    if m == 0 { "—".into() } else { format!("{} h {:02}", m / 60, m % 60) }
}
