//! Routes of the e-mail pages: the settings (saved, tested) and the outbox (a given-up message
//! sent again). The settings form and its parse live here.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::ops::{self, SettingsDraft};
use super::{MailSettings, Security, Status, is_address, sender, store, views};
use crate::audit::Stamp;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

pub use super::views::State;

/// The settings form as typed (the password field is never filled back).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub host: String,
    pub port: String,
    pub security: String,
    pub username: String,
    pub password: String,
    pub sender: String,
    pub owner_to: String,
    pub summary_hour: String,
}

impl SettingsForm {
    pub fn of(s: &MailSettings) -> SettingsForm {
        SettingsForm {
            host: s.host.clone(),
            port: s.port.to_string(),
            security: s.security.code().into(),
            username: s.username.clone(),
            password: String::new(),
            sender: s.sender.clone(),
            owner_to: s.owner_to.clone(),
            summary_hour: s.summary_hour.to_string(),
        }
    }

    /// Field by field; an empty server means "no e-mail" and needs nothing else.
    pub fn parse(&self) -> Result<SettingsDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let host = self.host.trim().to_string();
        if host.chars().count() > 253 || host.contains(|c: char| c.is_whitespace() || c == '/' || c == ':') {
            e.add("host", "Un nom de serveur, sans espace ni « : » (par exemple smtp.gmail.com).");
        }
        let port = self.port.trim().parse::<u16>().ok().filter(|p| *p > 0);
        if port.is_none() {
            e.add("port", "Un port entre 1 et 65535 (587 le plus souvent).");
        }
        let security = Security::from_code(self.security.trim());
        if security.is_none() {
            e.add("security", "Choisissez la sécurité de la connexion.");
        }
        let sender = self.sender.trim().to_string();
        if !host.is_empty() && sender.is_empty() {
            e.add("sender", "L'adresse d'expéditeur est obligatoire pour envoyer.");
        } else if !sender.is_empty() && !is_address(&sender) {
            e.add("sender", format!("« {sender} » n'est pas une adresse e-mail."));
        }
        let owner_to = super::addresses(&self.owner_to);
        if let Some(bad) = owner_to.iter().find(|a| !is_address(a)) {
            e.add("owner_to", format!("« {bad} » n'est pas une adresse e-mail."));
        }
        let summary_hour = self.summary_hour.trim().parse::<u32>().ok().filter(|h| *h < 24);
        if summary_hour.is_none() {
            e.add("summary_hour", "Une heure entre 0 et 23.");
        }
        for (field, value) in [("username", &self.username), ("password", &self.password)] {
            if value.chars().count() > 200 || value.chars().any(char::is_control) {
                e.add(field, "Au plus 200 caractères, sans retour à la ligne.");
            }
        }
        let password = (!self.password.is_empty()).then(|| self.password.clone());
        e.into_result(SettingsDraft {
            settings: MailSettings {
                host,
                port: port.unwrap_or(587),
                security: security.unwrap_or(Security::StartTls),
                username: self.username.trim().to_string(),
                password: String::new(),
                sender,
                owner_to: owner_to.join(", "),
                summary_hour: summary_hour.unwrap_or(7),
            },
            password,
        })
    }
}

async fn render(
    app: &App,
    shell: &Shell,
    form: Option<&SettingsForm>,
    errors: &FieldErrors,
    test: Option<&Result<String, String>>,
) -> Result<maud::Markup, AppError> {
    let (settings, counts) = app.db.read(|c| Ok((store::settings(c)?, store::counts(c)?))).await?;
    let counts: Vec<(Status, i64)> = counts.iter().filter_map(|(s, n)| Some((Status::from_code(s)?, *n))).collect();
    let state =
        State { configured: settings.configured(), password_set: !settings.password.is_empty(), counts: &counts, test };
    let form = form.cloned().unwrap_or_else(|| SettingsForm::of(&settings));
    Ok(views::settings_page(&shell.csrf, &state, &form, errors))
}

#[handler]
pub async fn settings_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let main = render(app, &shell, None, &FieldErrors::new(), None).await?;
    Ok(hx::page(hx, &shell, "Messagerie", main))
}

#[handler]
pub async fn save_settings(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let result = match form.parse() {
        Ok(draft) => app.db.write(move |tx| ops::save_settings(tx, &st, &draft)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/admin/messagerie?ok=messagerie"),
        async |e| {
            let main = render(app, &shell, Some(&form), &e, None).await?;
            Ok(hx::invalid(hx, &shell, "Messagerie", main))
        },
    )
    .await
}

/// "Envoyer un message d'essai": sent at once with the saved settings; the server's answer shown.
#[handler]
pub async fn send_test(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let settings = app.db.read(ops::settings).await?;
    let shop = app.settings().name;
    let answer = crate::db::blocking(move || sender::send_test(&settings, &shop)).await;
    let main = render(app, &shell, None, &FieldErrors::new(), Some(&answer)).await?;
    Ok(hx::page(hx, &shell, "Messagerie", main))
}

#[handler]
pub async fn outbox_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let lines = app.db.read(|c| Ok(store::lines(c, 200)?)).await?;
    Ok(hx::page(hx, &shell, "Boîte d'envoi", views::outbox_page(&app.clock, &shell.csrf, &lines)))
}

#[handler]
pub async fn retry(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::retry(tx, &st, id)).await?;
    Ok(hx::redirect(hx, "/admin/messagerie/envois?ok=courriel-renvoye"))
}
