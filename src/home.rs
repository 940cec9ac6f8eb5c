//! The landing page every role reaches after signing in: what this person may open.

use maud::html;
use poem::web::Data;
use poem::{Request, Response, handler};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn index(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    user: CurrentUser,
    req: &Request,
) -> Result<Response, AppError> {
    let drawer = crate::cash::web::home_status(app, &user, req).await;
    let tiles: Vec<_> = shell.menu.iter().filter(|m| m.href != "/").cloned().collect();
    let main = html! {
        h1 { "Bonjour " (user.display_name) }
        p.muted { "Rôle : " (user.role.name) "." }
        @if let Some(d) = drawer { (d) }
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
