//! Shared HTML: the page shell (head, menu, flash area, main), error pages and toasts.
//! Knows no business domain: pages hand it a `Shell` and their `main`.

pub mod flash;
pub mod form;
pub mod table;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use poem::http::StatusCode;

use crate::assets;
use crate::auth::CurrentUser;

/// One entry of the menu, already filtered by what the user may open.
#[derive(Debug, Clone)]
pub struct MenuItem {
    pub label: &'static str,
    pub href: &'static str,
    pub group: &'static str,
}

/// What every page's frame needs to know about the request.
#[derive(Debug, Clone, Default)]
pub struct Shell {
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub shop_name: String,
    pub menu: Vec<MenuItem>,
    pub path: String,
    /// A confirmation to show once (after a redirect), already resolved to French text.
    pub flash: Option<&'static str>,
    pub warnings: Vec<String>,
}

fn head(title: &str, shop_name: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="htmx-config" content=r#"{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0}"#;
            title { (title) " · " (shop_name) }
            link rel="icon" href=(assets::url("favicon.svg")) type="image/svg+xml";
            link rel="stylesheet" href=(assets::url("app.css"));
            script src=(assets::url("htmx.min.js")) defer {}
            script src=(assets::url("app.js")) defer {}
            // The till's script and styles do nothing elsewhere; in the head, a boosted
            // navigation to the till finds them loaded (htmx runs no swapped-in script).
            link rel="stylesheet" href=(assets::url("till.css"));
            script src=(assets::url("till.js")) defer {}
        }
    }
}

/// The `hx-headers` value that sends the CSRF token with every htmx request.
fn csrf_headers(csrf: &str) -> String {
    serde_json::json!({ crate::auth::session::CSRF_HEADER: csrf }).to_string()
}

/// A whole page: the frame, the menu for this user, and `main`.
pub fn page(shell: &Shell, title: &str, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="fr" {
            (head(title, &shell.shop_name))
            body hx-boost="true" hx-headers=(csrf_headers(&shell.csrf)) {
                a.skip href="#main" { "Aller au contenu" }
                (top_bar(shell))
                // Standing warnings (no backup yet…) stay in the flow; only the messages of the
                // moment follow the scroll, so a warning never covers the form being filled.
                @if !shell.warnings.is_empty() {
                    div.warnings { @for w in &shell.warnings { (toast_warning(w)) } }
                }
                div #flash aria-live="polite" {
                    @if let Some(message) = shell.flash { (toast_ok(message)) }
                }
                main #main { (main) }
            }
        }
    }
}

/// A whole screen for one job on a tablet (the till): the same document, without the site's
/// menu, `main` filling the window. The screen brings its own thin bar and a way back to the menu.
pub fn screen(shell: &Shell, title: &str, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="fr" {
            (head(title, &shell.shop_name))
            body hx-boost="true" hx-headers=(csrf_headers(&shell.csrf)) {
                div #flash .over aria-live="polite" {
                    @if let Some(message) = shell.flash { (toast_ok(message)) }
                    @for w in &shell.warnings { (toast_warning(w)) }
                }
                main #main .screen { (main) }
            }
        }
    }
}

fn top_bar(shell: &Shell) -> Markup {
    // The current item is the one whose address is the longest prefix of the page's: on
    // /caisse/session, "Ma caisse", not "Vendre" (/caisse).
    let current = shell.menu.iter().filter(|i| is_current(&shell.path, i.href)).map(|i| i.href).max_by_key(|h| h.len());
    let here = |href: &str| current == Some(href);
    let mut groups: Vec<&str> = Vec::new();
    for item in &shell.menu {
        if !groups.contains(&item.group) {
            groups.push(item.group);
        }
    }
    html! {
        header.topbar {
            a.brand href="/" { (assets::logo()) span { (shell.shop_name) } }
            @if let Some(user) = &shell.user {
                nav.menu aria-label="Menu principal" {
                    @for item in shell.menu.iter().filter(|i| i.group.is_empty()) {
                        a href=(item.href) aria-current=[here(item.href).then_some("page")] { (item.label) }
                    }
                    @if groups.iter().any(|g| !g.is_empty()) {
                        @let open_group = groups.iter().find(|g| !g.is_empty() && shell.menu.iter().any(|i| i.group == **g && here(i.href)));
                        // One sheet with every group side by side: one row of bar on a tablet
                        // however many domains the shop uses, no script needed.
                        details.menu-drawer {
                            summary.current[open_group.is_some()] {
                                "Menu"
                                @if let Some(g) = open_group { span.menu-where { " · " (g) } }
                            }
                            div.menu-sheet { div.menu-cols {
                                @for group in groups.iter().filter(|g| !g.is_empty()) {
                                    section.menu-col {
                                        h2 { (group) }
                                        @for item in shell.menu.iter().filter(|i| i.group == *group) {
                                            a href=(item.href) aria-current=[here(item.href).then_some("page")] { (item.label) }
                                        }
                                    }
                                }
                            } }
                        }
                    }
                }
                div.account {
                    a href="/compte" title="Mon compte" {
                        span.who { (user.display_name) } small.role { (user.role.name) }
                    }
                    form method="post" action="/deconnexion" {
                        input type="hidden" name="_csrf" value=(shell.csrf);
                        button.secondary type="submit" { "Déconnexion" }
                    }
                }
            }
        }
    }
}

fn is_current(path: &str, href: &str) -> bool {
    if href == "/" { path == "/" } else { path == href || path.starts_with(&format!("{href}/")) }
}

pub fn toast_ok(message: &str) -> Markup {
    html! { div.toast.ok role="status" { (message) } }
}

pub fn toast_warning(message: &str) -> Markup {
    html! { div.toast.warning role="status" { (message) } }
}

pub fn toast_error(message: &str) -> Markup {
    html! { div.toast.error role="alert" { (message) } }
}

/// A French error page, for a request that wanted a whole page.
pub fn error_page(status: StatusCode, message: &str, shop_name: &str) -> Markup {
    let title = match status {
        StatusCode::NOT_FOUND => "Page introuvable",
        StatusCode::FORBIDDEN => "Accès refusé",
        StatusCode::CONFLICT => "Opération refusée",
        StatusCode::TOO_MANY_REQUESTS => "Trop de tentatives",
        s if s.is_server_error() => "Erreur interne",
        _ => "Erreur",
    };
    html! {
        (DOCTYPE)
        html lang="fr" {
            (head(title, shop_name))
            body {
                header.topbar { a.brand href="/" { (assets::logo()) span { (shop_name) } } }
                main #main.narrow {
                    section.card.error-page {
                        p.status { (status.as_u16()) }
                        h1 { (title) }
                        p { (message) }
                        p.actions {
                            a.button href="/" { "Retour à l'accueil" }
                        }
                    }
                }
            }
        }
    }
}

/// A heading with optional actions on the right.
pub fn page_header(title: &str, actions: Markup) -> Markup {
    html! {
        div.page-header {
            h1 { (title) }
            div.actions { (actions) }
        }
    }
}

/// Inline SVG or other trusted, compile-time markup.
pub fn trusted(markup: &'static str) -> PreEscaped<&'static str> {
    PreEscaped(markup)
}

/// A stored day (`2026-11-24`) as people read it: `24/11/2026`.
pub fn day_fr(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| day.to_string())
}

/// A date-time stored in UTC, shown in the shop's zone as `24/11/2026 09:15`.
pub fn datetime(clock: &crate::clock::Clock, stored: &str) -> String {
    clock.datetime_text(stored)
}
