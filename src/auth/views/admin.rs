//! Administration pages: users, their API tokens, roles and what each may do.

use maud::{Markup, html};

use super::pin;
use crate::auth::{ApiToken, MIN_PASSWORD_LEN, Permission, Role, User};
use crate::clock::Clock;
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};
use crate::ui::{self, datetime, table};

/// What the user form holds when it comes back with errors.
#[derive(Debug, Default, Clone)]
pub struct UserValues {
    pub username: String,
    pub display_name: String,
    pub role_id: String,
}

impl UserValues {
    pub fn of(u: &User) -> UserValues {
        UserValues {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role_id: u.role_id.to_string(),
        }
    }
}

fn role_options(roles: &[Role]) -> Vec<(String, String)> {
    roles.iter().map(|r| (r.id.to_string(), r.name.clone())).collect()
}

pub fn users(clock: &Clock, users: &[User]) -> Markup {
    html! {
        (ui::page_header("Utilisateurs", html! { a.button href="/admin/utilisateurs/nouveau" { "Nouvel utilisateur" } }))
        div.table-wrap {
            table {
                thead { tr { th { "Nom d'utilisateur" } th { "Nom affiché" } th { "Rôle" } th { "État" } th { "Dernière connexion" } } }
                tbody {
                    @for u in users {
                        tr {
                            td { a href=(format!("/admin/utilisateurs/{}", u.id)) { (u.username) } }
                            td { (u.display_name) }
                            td { (u.role_name) }
                            td { @if u.active { span.badge.ok { "Actif" } } @else { span.badge.off { "Désactivé" } } }
                            td { @match &u.last_login_at { Some(t) => (datetime(clock, t)), None => span.muted { "jamais" } } }
                        }
                    }
                }
            }
        }
    }
}

fn identity_fields(v: &UserValues, roles: &[Role], errors: &FieldErrors) -> Markup {
    html! {
        (Input::new("username", "Nom d'utilisateur", &v.username).required().autocomplete("off")
            .help("Sert à se connecter. Lettres, chiffres, point, tiret.").render(errors))
        (Input::new("display_name", "Nom affiché", &v.display_name).help("Sur les tickets et dans les listes.").render(errors))
        (form::select("role_id", "Rôle", &role_options(roles), &v.role_id, errors))
    }
}

fn password_fields(errors: &FieldErrors) -> Markup {
    let help = format!("Au moins {MIN_PASSWORD_LEN} caractères.");
    html! {
        (Input::new("password", "Mot de passe", "").kind("password").required().autocomplete("new-password").help(&help).render(errors))
        (Input::new("password_confirm", "Confirmez le mot de passe", "").kind("password").required().autocomplete("new-password").render(errors))
    }
}

pub fn new_user(csrf: &str, v: &UserValues, roles: &[Role], errors: &FieldErrors) -> Markup {
    html! {
        div.narrow {
        h1 { "Nouvel utilisateur" }
        section.card {
            form.stack method="post" action="/admin/utilisateurs/nouveau" {
                (form::csrf(csrf))
                (identity_fields(v, roles, errors))
                (password_fields(errors))
                (form::form_error(errors))
                div.actions {
                    button type="submit" { "Créer l'utilisateur" }
                    a.button.secondary href="/admin/utilisateurs" { "Annuler" }
                }
            }
        }
        }
    }
}

/// The parts of the user page that may come back with errors or a new secret.
#[derive(Default)]
pub struct UserPageState<'a> {
    pub values: Option<UserValues>,
    pub identity_errors: FieldErrors,
    pub password_errors: FieldErrors,
    pub token_errors: FieldErrors,
    pub new_secret: Option<&'a str>,
}

/// A user's page: identity and role, the account's state and password, API tokens, the PIN.
pub fn user(
    csrf: &str,
    clock: &Clock,
    u: &User,
    roles: &[Role],
    tokens: &[ApiToken],
    has_pin: bool,
    state: &UserPageState,
) -> Markup {
    let values = state.values.clone().unwrap_or_else(|| UserValues::of(u));
    html! {
        (ui::page_header(&format!("Utilisateur « {} »", u.username), html! {
            a.button.secondary href="/admin/utilisateurs" { "← Tous les utilisateurs" }
        }))
        div.row {
            (identity_card(csrf, u, &values, roles, &state.identity_errors))
            (account_card(csrf, clock, u, &state.password_errors))
        }
        (tokens_card(csrf, clock, u, tokens, state))
        (pin::admin_pin_card(csrf, u.id, has_pin, &FieldErrors::new()))
    }
}

fn identity_card(csrf: &str, u: &User, values: &UserValues, roles: &[Role], errors: &FieldErrors) -> Markup {
    let base = format!("/admin/utilisateurs/{}", u.id);
    html! {
        section.card #identity {
            h2 { "Identité et rôle" }
            form.stack method="post" action=(base) {
                (form::csrf(csrf))
                (identity_fields(values, roles, errors))
                (form::form_error(errors))
                button type="submit" { "Enregistrer" }
            }
        }
    }
}

fn account_card(csrf: &str, clock: &Clock, u: &User, errors: &FieldErrors) -> Markup {
    let base = format!("/admin/utilisateurs/{}", u.id);
    html! {
        section.card #account-state {
            h2 { "Compte" }
            p { "Créé le " (datetime(clock, &u.created_at)) "." }
            @if u.active {
                p { span.badge.ok { "Actif" } }
                form method="post" action=(format!("{base}/desactiver")) data-confirm="Désactiver ce compte ? Ses sessions et jetons seront révoqués." {
                    (form::csrf(csrf))
                    button.danger type="submit" { "Désactiver le compte" }
                }
            } @else {
                p { span.badge.off { "Désactivé" } " Ce compte ne peut plus se connecter." }
                form method="post" action=(format!("{base}/activer")) {
                    (form::csrf(csrf))
                    button type="submit" { "Réactiver le compte" }
                }
            }
            h2 { "Réinitialiser le mot de passe" }
            form.stack method="post" action=(format!("{base}/mot-de-passe")) {
                (form::csrf(csrf))
                (password_fields(errors))
                button.secondary type="submit" { "Définir ce mot de passe" }
            }
        }
    }
}

fn tokens_card(csrf: &str, clock: &Clock, u: &User, tokens: &[ApiToken], state: &UserPageState) -> Markup {
    let base = format!("/admin/utilisateurs/{}", u.id);
    html! {
        section.card #tokens {
            h2 { "Jetons d'API" }
            p.muted { "Un jeton permet à un autre programme (balance, tableur, comptable) d'utiliser l'API "
                code { "/api/v1" } " avec les droits de ce compte." }
            @if let Some(secret) = state.new_secret {
                div.card {
                    p { strong { "Nouveau jeton — copiez-le maintenant, il ne sera plus affiché :" } }
                    p.secret #new-token { (secret) }
                }
            }
            @if tokens.is_empty() {
                (table::empty("Aucun jeton."))
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Nom" } th { "Début" } th { "Créé" } th { "Dernier usage" } th { "" } } }
                        tbody {
                            @for t in tokens {
                                tr {
                                    td { (t.name) }
                                    td { code { (t.prefix) "…" } }
                                    td { (datetime(clock, &t.created_at)) }
                                    td { @match &t.last_used_at { Some(at) => (datetime(clock, at)), None => span.muted { "jamais" } } }
                                    td {
                                        @if t.revoked_at.is_some() { span.badge.off { "Révoqué" } }
                                        @else {
                                            form method="post" action=(format!("/admin/jetons/{}/revoquer", t.id)) data-confirm="Révoquer ce jeton ?" {
                                                (form::csrf(csrf))
                                                button.secondary type="submit" { "Révoquer" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if u.active {
                form.filters method="post" action=(format!("{base}/jetons")) {
                    (form::csrf(csrf))
                    (Input::new("token_name", "Nom du nouveau jeton", "").help("Par exemple « balance labo ».").render(&state.token_errors))
                    button type="submit" { "Créer un jeton" }
                }
            }
        }
    }
}

pub fn roles(roles: &[Role]) -> Markup {
    html! {
        h1 { "Rôles" }
        p.muted { "Chaque utilisateur a un rôle ; le rôle dit ce qu'il peut ouvrir et faire. "
            "Le menu de chacun ne montre que ce qui lui est permis." }
        div.table-wrap {
            table {
                thead { tr { th { "Rôle" } th { "Description" } th { "Droits" } } }
                tbody {
                    @for r in roles {
                        tr {
                            td { a href=(format!("/admin/roles/{}", r.id)) { (r.name) } }
                            td { (r.description) }
                            td {
                                @if r.is_superuser { span.badge { "Tous les droits" } }
                                @else { (r.permissions.len()) " sur " (Permission::ALL.len()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn role(csrf: &str, r: &Role, name: &str, description: &str, errors: &FieldErrors) -> Markup {
    let mut groups: Vec<&str> = Vec::new();
    for p in Permission::ALL {
        if !groups.contains(&p.group()) {
            groups.push(p.group());
        }
    }
    html! {
        (ui::page_header(&format!("Rôle « {} »", r.name), html! { a.button.secondary href="/admin/roles" { "← Tous les rôles" } }))
        section.card {
            form.stack method="post" action=(format!("/admin/roles/{}", r.id)) {
                (form::csrf(csrf))
                (Input::new("name", "Nom", name).required().render(errors))
                (form::field("description", "Description", description, errors))
                @if r.is_superuser {
                    p.muted { "Ce rôle est administrateur : il a tous les droits, quels que soient les cases ci-dessous." }
                }
                @for group in &groups {
                    fieldset {
                        legend { (group) }
                        @for p in Permission::ALL.iter().filter(|p| p.group() == *group) {
                            (form::checkbox("permission", p.code(), p.label(), r.grants(*p), r.is_superuser))
                        }
                    }
                }
                (form::form_error(errors))
                button type="submit" { "Enregistrer le rôle" }
            }
        }
    }
}
