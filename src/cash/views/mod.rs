//! The cash pages: the shift at the counter, the shift history with its X and Z reports, the
//! bank deposit of handed-over cash.

pub mod bank;
pub mod report;
pub mod shift;

use maud::{Markup, html};

/// The sub-navigation of the cash pages.
pub fn subnav(active: &str) -> Markup {
    let items = [
        ("/caisse/session", "Caisse"),
        ("/caisse/mouvements", "Entrées et sorties"),
        ("/caisse/fermer", "Fermer la caisse"),
        ("/caisse/sessions", "Historique"),
        ("/caisse/versement", "Versement en banque"),
    ];
    html! {
        nav.subnav aria-label="Caisse" {
            @for (href, label) in items {
                a href=(href) aria-current=[(href == active).then_some("page")] { (label) }
            }
        }
    }
}
