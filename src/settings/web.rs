//! Routes of the settings page.

use poem::web::{Data, Form};
use poem::{Response, handler};

use super::{SettingsForm, ops, views};
use crate::audit::Stamp;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn settings_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let form = SettingsForm::of(&app.settings());
    Ok(hx::page(hx, &shell, "Paramètres", views::page(&shell.csrf, &form, &FieldErrors::new())))
}

#[handler]
pub async fn save_settings(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let settings = match form.parse() {
        Ok(s) => s,
        Err(errors) => return Ok(hx::invalid(hx, &shell, "Paramètres", views::page(&shell.csrf, &form, &errors))),
    };
    let saved = app.db.write(move |tx| ops::save(tx, &st.actor, &settings, &st.now)).await?;
    app.settings_changed(saved);
    Ok(hx::redirect(hx, "/admin/parametres?ok=parametres"))
}
