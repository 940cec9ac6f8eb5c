//! The home page: a greeting, the drawer line, tomorrow's orders (for those who take them), and a
//! tile per page the menu offers this user.

use maud::{Markup, html};

use crate::auth::CurrentUser;
use crate::ui::MenuItem;

/// `orders`: tomorrow's orders; `clocks`: the time clocks' health (for who manages the staff);
/// `one_disk`: the backups are on this PC's disk only (told to admins, in red).
pub fn page(
    user: &CurrentUser,
    menu: &[MenuItem],
    drawer: Option<Markup>,
    orders: Option<Markup>,
    clocks: Option<Markup>,
    one_disk: bool,
) -> Markup {
    let tiles: Vec<&MenuItem> = menu.iter().filter(|m| m.href != "/").collect();
    html! {
        h1 { "Bonjour " (user.display_name) }
        p.muted { "Rôle : " (user.role.name) "." }
        @if one_disk { (crate::backup::views::one_disk()) }
        @if let Some(d) = drawer { (d) }
        @if let Some(o) = orders { (o) }
        @if let Some(c) = clocks { section.card #clocks { h2 { "Pointeuses" } (c) } }
        @if tiles.is_empty() {
            section.card {
                p { "Votre rôle n'ouvre encore aucun écran ici. Les écrans de vente, de production et de stock "
                    "apparaîtront dans ce menu dès qu'ils seront installés et que votre rôle y donnera accès." }
                p { a href="/compte" { "Mon compte" } " : changer votre mot de passe." }
            }
        } @else {
            div.grid {
                @for t in &tiles {
                    a.tile href=(t.href) { strong { (t.label) } span.muted { (t.group) } }
                }
                a.tile href="/compte" { strong { "Mon compte" } span.muted { "Mot de passe" } }
            }
        }
    }
}
