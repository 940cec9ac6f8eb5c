//! Pages of signing in and of one's own account (with its PIN card).

pub mod admin;
pub mod pin;

use maud::{Markup, html};

use crate::auth::{CurrentUser, MIN_PASSWORD_LEN, Permission};
use crate::error::FieldErrors;
use crate::ui::form::{self, Input};

/// What the setup form holds when it comes back with errors (never the password).
#[derive(Debug, Default, Clone)]
pub struct SetupValues {
    pub code: String,
    pub username: String,
    pub display_name: String,
}

pub fn setup(csrf: &str, v: &SetupValues, errors: &FieldErrors) -> Markup {
    let help = format!("Au moins {MIN_PASSWORD_LEN} caractères.");
    html! {
        section.card.auth-card.narrow #setup {
            h1 { "Installation de Fournil" }
            p { "Bienvenue. Créez le compte administrateur de la boutique. Le "
                strong { "code d'installation" } " est affiché dans le journal du serveur "
                "(la fenêtre où Fournil a démarré, ou " code { "journalctl -u fournil" } ")." }
            form.stack method="post" action="/setup" {
                (form::csrf(csrf))
                (Input::new("code", "Code d'installation", &v.code).required().inputmode("numeric").autocomplete("off").help("12 chiffres, par exemple 1234-5678-9012.").render(errors))
                (Input::new("username", "Nom d'utilisateur", &v.username).required().autocomplete("username").render(errors))
                (Input::new("display_name", "Nom affiché", &v.display_name).help("Par exemple « Samia Benali ». Facultatif.").render(errors))
                (Input::new("password", "Mot de passe", "").kind("password").required().autocomplete("new-password").help(&help).render(errors))
                (Input::new("password_confirm", "Confirmez le mot de passe", "").kind("password").required().autocomplete("new-password").render(errors))
                (form::form_error(errors))
                button type="submit" { "Créer le compte administrateur" }
            }
        }
    }
}

pub fn login(csrf: &str, username: &str, next: &str, notice: Option<&str>, errors: &FieldErrors) -> Markup {
    html! {
        section.card.auth-card.narrow #login {
            h1 { "Connexion" }
            @if let Some(n) = notice { p.muted role="status" { (n) } }
            form.stack method="post" action="/connexion" {
                (form::csrf(csrf))
                input type="hidden" name="suivant" value=(next);
                (Input::new("username", "Nom d'utilisateur", username).required().autocomplete("username").render(errors))
                (Input::new("password", "Mot de passe", "").kind("password").required().autocomplete("current-password").render(errors))
                (form::form_error(errors))
                button type="submit" { "Se connecter" }
            }
        }
    }
}

pub fn logout(csrf: &str, user: &CurrentUser) -> Markup {
    html! {
        section.card.narrow {
            h1 { "Déconnexion" }
            p { "Vous êtes connecté en tant que " strong { (user.display_name) } "." }
            form method="post" action="/deconnexion" {
                (form::csrf(csrf))
                button type="submit" { "Se déconnecter" }
            }
        }
    }
}

/// "Mon compte": who I am, what I may do, my password and my PIN.
pub fn account(
    csrf: &str,
    user: &CurrentUser,
    has_pin: bool,
    errors: &FieldErrors,
    pin_errors: &FieldErrors,
) -> Markup {
    let help = format!("Au moins {MIN_PASSWORD_LEN} caractères. Vos autres sessions seront fermées.");
    html! {
        h1 { "Mon compte" }
        div.row {
            section.card {
                h2 { "Identité" }
                p { strong { (user.display_name) } " (" (user.username) ")" }
                p { "Rôle : " span.badge { (user.role.name) } }
                @if user.role.is_superuser {
                    p.muted { "Administrateur : tous les droits." }
                } @else {
                    h2 { "Ce que vous pouvez faire" }
                    @if user.role.permissions.is_empty() {
                        p.muted { "Aucun droit particulier pour l'instant." }
                    }
                    ul {
                        @for p in Permission::ALL.iter().filter(|p| user.can(**p)) { li { (p.label()) } }
                    }
                }
            }
            section.card #password-card {
                h2 { "Changer mon mot de passe" }
                form.stack method="post" action="/compte/mot-de-passe" {
                    (form::csrf(csrf))
                    (Input::new("current", "Mot de passe actuel", "").kind("password").required().autocomplete("current-password").render(errors))
                    (Input::new("password", "Nouveau mot de passe", "").kind("password").required().autocomplete("new-password").help(&help).render(errors))
                    (Input::new("password_confirm", "Confirmez le nouveau mot de passe", "").kind("password").required().autocomplete("new-password").render(errors))
                    (form::form_error(errors))
                    button type="submit" { "Changer le mot de passe" }
                }
            }
        }
        (pin::own_pin_card(csrf, has_pin, pin_errors))
    }
}
