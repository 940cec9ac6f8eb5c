//! The home page: a greeting, the drawer line, tomorrow's orders (for those who take them), and a
//! tile per page the menu offers this user.

use maud::{Markup, html};

use crate::auth::CurrentUser;
use crate::ui::MenuItem;

pub mod board;
pub mod summary;

/// What the home shows beside the tiles, each part present only for who it concerns.
pub struct Parts {
    /// The owner's board (admin, gérante): then the tiles fold under "Tous les écrans".
    pub board: Option<Markup>,
    /// This tablet's till.
    pub drawer: Option<Markup>,
    /// Tomorrow's orders.
    pub orders: Option<Markup>,
    /// The time clocks' health (for who manages the staff).
    pub clocks: Option<Markup>,
    /// The backups are on this PC's disk only (told to admins, in red).
    pub one_disk: bool,
}

pub fn page(user: &CurrentUser, menu: &[MenuItem], parts: Parts) -> Markup {
    let Parts { board, drawer, orders, clocks, one_disk } = parts;
    let folded = board.is_some();
    let tiles: Vec<&MenuItem> = menu.iter().filter(|m| m.href != "/").collect();
    html! {
        h1 { "Bonjour " (user.display_name) }
        p.muted { "Rôle : " (user.role.name) "." }
        @if one_disk { (crate::backup::views::one_disk()) }
        @if let Some(b) = board { (b) }
        @if let Some(d) = drawer { (d) }
        @if let Some(o) = orders { (o) }
        @if let Some(c) = clocks { section.card #clocks { h2 { "Pointeuses" } (c) } }
        @if tiles.is_empty() {
            section.card {
                p { "Votre rôle n'ouvre encore aucun écran ici. Les écrans de vente, de production et de stock "
                    "apparaîtront dans ce menu dès qu'ils seront installés et que votre rôle y donnera accès." }
                p { a href="/compte" { "Mon compte" } " : changer votre mot de passe." }
            }
        } @else if folded {
            details.all-screens { summary { "Tous les écrans" } (grid(&tiles)) }
        } @else {
            (grid(&tiles))
        }
    }
}

fn grid(tiles: &[&MenuItem]) -> Markup {
    html! {
        div.grid {
            @for t in tiles {
                a.tile href=(t.href) { strong { (t.label) } span.muted { (t.group) } }
            }
            a.tile href="/compte" { strong { "Mon compte" } span.muted { "Mot de passe" } }
        }
    }
}
