//! The audit trail page.

use maud::{Markup, html};

use super::{AuditKind, Entry};
use crate::auth::User;
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::ui::{datetime, form, table};

/// The filter form as typed (strings, so bad input comes back as typed).
#[derive(Debug, Default, Clone)]
pub struct FilterValues {
    pub user: String,
    pub kind: String,
    pub du: String,
    pub au: String,
}

fn pretty(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| json.to_string())
}

/// One page of the trail with the filters that produced it.
pub struct Listing<'a> {
    pub entries: &'a [Entry],
    pub page: u32,
    pub more: bool,
    /// The filters as a query string, for the pager links.
    pub query: &'a str,
}

pub fn page(clock: &Clock, users: &[User], v: &FilterValues, errors: &FieldErrors, list: &Listing) -> Markup {
    let Listing { entries, page, more, query } = *list;
    let mut user_options = vec![(String::new(), "Tous".to_string())];
    user_options.extend(users.iter().map(|u| (u.id.to_string(), u.username.clone())));
    let mut kind_options = vec![(String::new(), "Tous".to_string())];
    kind_options.extend(AuditKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())));
    let label =
        |code: &str| AuditKind::from_code(code).map(|k| k.label().to_string()).unwrap_or_else(|| code.to_string());
    html! {
        h1 { "Journal d'audit" }
        p.muted { "Chaque changement de droits, d'utilisateur, de paramètre (et plus tard de prix, de stock, de caisse et d'écriture) "
            "est écrit ici, avec son auteur et l'avant / après. Le journal ne peut être ni modifié ni effacé." }
        form.filters.card method="get" action="/admin/journal-audit" {
            (form::select("user", "Utilisateur", &user_options, &v.user, errors))
            (form::select("kind", "Événement", &kind_options, &v.kind, errors))
            (form::Input::new("du", "Du", &v.du).kind("date").render(errors))
            (form::Input::new("au", "Au", &v.au).kind("date").render(errors))
            button type="submit" { "Filtrer" }
            a.button.secondary href="/admin/journal-audit" { "Tout afficher" }
        }
        @if entries.is_empty() {
            (table::empty("Aucun événement pour ces filtres."))
        } @else {
            div.table-wrap {
                table #audit {
                    thead { tr { th { "Quand" } th { "Qui" } th { "Événement" } th { "Détail" } } }
                    tbody {
                        @for e in entries {
                            tr {
                                td { (datetime(clock, &e.at)) }
                                td { (e.actor) @if !e.ip.is_empty() { br; small.muted { (e.ip) } } }
                                td { span.badge { (label(&e.kind)) } }
                                td {
                                    (e.summary)
                                    @if e.before.is_some() || e.after.is_some() {
                                        details {
                                            summary { "Avant / après" }
                                            div.row {
                                                @if let Some(b) = &e.before { div { strong { "Avant" } pre.json { (pretty(b)) } } }
                                                @if let Some(a) = &e.after { div { strong { "Après" } pre.json { (pretty(a)) } } }
                                            }
                                        }
                                    }
                                    @if !e.entity.is_empty() { br; small.muted { (e.entity) " #" (e.entity_id) " · n° " (e.id) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        (table::pager(query, page, more))
    }
}
