//! The orders' pages: the order form (new and edit), the order with its actions, the lists (all
//! orders, the shop's day, the calendar) and the customer's account. Pure functions of what the
//! handlers read.

pub mod detail;
pub mod form;
pub mod lists;

use maud::{Markup, html};

use super::{Service, Status};
use crate::money::Money;

/// The status as a coloured badge.
pub fn badge(s: Status) -> Markup {
    let class = match s {
        Status::Confirmed => "badge",
        Status::InProduction => "badge warn",
        Status::Ready => "badge ok",
        Status::HandedOver => "badge off",
        Status::Cancelled => "badge err",
    };
    html! { span class=(class) { (s.label()) } }
}

/// "Retrait le 25/11/2026 à 15:00".
pub fn due_text(service: Service, day: &str, time: &str) -> String {
    let verb = match service {
        Service::Pickup => "Retrait",
        Service::Delivery => "Livraison",
    };
    format!("{verb} le {} à {time}", crate::ui::day_fr(day))
}

/// An amount left to pay: red while something is owed.
pub fn balance(b: Money) -> Markup {
    html! {
        @if b.cents() > 0 { span.money.owed { (b) } } @else { span.money.paid { "payée" } }
    }
}

/// How late (or how soon) a due moment is, for the boards: "en retard de 1 h 20", "dans 45 min".
pub fn countdown(minutes: i64) -> String {
    let m = minutes.abs();
    let text = match (m / 1440, (m % 1440) / 60, m % 60) {
        (0, 0, min) => format!("{min} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, min) => format!("{h} h {min:02}"),
        (d, h, _) => format!("{d} j {h} h"),
    };
    if minutes < 0 { format!("en retard de {text}") } else { format!("dans {text}") }
}

#[cfg(test)]
mod tests {
    use super::countdown;

    #[test]
    fn countdowns_read_like_the_lab_says_them() {
        assert_eq!(countdown(45), "dans 45 min");
        assert_eq!(countdown(-80), "en retard de 1 h 20");
        assert_eq!(countdown(120), "dans 2 h");
        assert_eq!(countdown(-(26 * 60)), "en retard de 1 j 2 h");
    }
}
