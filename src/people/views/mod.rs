//! The staff pages: pure maud functions, one file per subject. Shared here: the section's tabs
//! and the small pieces every staff page writes the same way.

pub mod calendar;
pub mod day;
pub mod devices;
pub mod employees;
pub mod hours;
pub mod leave;
pub mod schedules;

use chrono::{NaiveDate, NaiveDateTime};
use maud::{Markup, html};

use super::{Direction, duration_text, weekday_name};

/// The section's tabs; the management ones only for those who manage.
pub fn tabs(current: &str, manage: bool) -> Markup {
    let mut items = vec![
        ("/personnel/jour", "Tableau du jour"),
        ("/personnel", "Employés"),
        ("/personnel/heures", "Heures du mois"),
        ("/personnel/conges", "Congés"),
        ("/personnel/calendrier", "Calendrier"),
    ];
    if manage {
        items.extend([
            ("/personnel/pointeuses", "Pointeuses"),
            ("/personnel/quarantaine", "Quarantaine"),
            ("/personnel/reglages", "Réglages"),
        ]);
    }
    html! {
        nav.subnav aria-label="Personnel" {
            @for (href, label) in items {
                a href=(href) aria-current=[(href == current).then_some("page")] { (label) }
            }
        }
    }
}

/// `mardi 24/11/2026`
pub fn day_long(day: NaiveDate) -> String {
    format!("{} {}", weekday_name(super::iso_weekday(day)), day.format("%d/%m/%Y"))
}

/// `24/11 08:02`
pub fn moment(t: NaiveDateTime) -> String {
    t.format("%d/%m %H:%M").to_string()
}

/// Minutes as `7 h 05`, a dash for nothing.
pub fn minutes(m: i64) -> String {
    if m == 0 { "—".to_string() } else { duration_text(m) }
}

/// An arrow and the time of a punch: `↓ 08:02` in, `↑ 16:00` out.
pub fn punch_mark(direction: Direction, t: NaiveDateTime) -> Markup {
    let (arrow, class) = match direction {
        Direction::In => ("→", "in"),
        Direction::Out => ("←", "out"),
    };
    html! { span.punch.(class) title=(direction.label()) { (arrow) " " (t.format("%H:%M")) } }
}
