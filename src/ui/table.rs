//! Lists: empty states and pagination links.

use maud::{Markup, html};

/// "Nothing here yet" in a list, with what to do about it.
pub fn empty(message: &str) -> Markup {
    html! { p.empty { (message) } }
}

/// Previous / next links keeping the other query parameters.
pub fn pager(base_query: &str, page: u32, has_more: bool) -> Markup {
    let link = |p: u32| {
        if base_query.is_empty() { format!("?page={p}") } else { format!("?{base_query}&page={p}") }
    };
    html! {
        @if page > 0 || has_more {
            nav.pager aria-label="Pages" {
                @if page > 0 { a.button.secondary href=(link(page - 1)) { "← Précédents" } }
                span { "Page " (page + 1) }
                @if has_more { a.button.secondary href=(link(page + 1)) { "Suivants →" } }
            }
        }
    }
}
