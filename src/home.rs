//! The landing page every role reaches after signing in: what this person may open.

use maud::html;
use poem::{Response, handler};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::ui::Shell;

#[handler]
pub async fn index(hx: Hx, shell: Shell, user: CurrentUser) -> Result<Response, AppError> {
    let tiles: Vec<_> = shell.menu.iter().filter(|m| m.href != "/").cloned().collect();
    let main = html! {
        h1 { "Bonjour " (user.display_name) }
        p.muted { "Rôle : " (user.role.name) "." }
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
    };
    Ok(hx::page(hx, &shell, "Accueil", main))
}
