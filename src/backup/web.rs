//! Routes of the backup page. Each handler: parse, one operation, a view.

use poem::http::header;
use poem::web::{Data, Form};
use poem::{Body, IntoResponse, Response, handler};

use super::snapshot::{self, Options};
use super::{Reason, SettingsForm, default_dir, file_name, ops, schedule, store, views};
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

async fn render(
    app: &App,
    shell: &Shell,
    form: Option<SettingsForm>,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let (data_dir, db) = (app.config.data_dir.clone(), app.db.path().to_path_buf());
    let (settings, runs, last, second) = app
        .db
        .read(move |c| {
            let second = ops::second_copy(c, &data_dir, &db)?;
            Ok((store::settings(c)?, store::recent_runs(c, 60)?, store::last_success(c)?, second))
        })
        .await?;
    let form = form.unwrap_or_else(|| SettingsForm::of(&settings));
    let age = last.as_ref().map(|r| ops::age_hours(&r.finished_at, app.clock.now()));
    let dir = default_dir(&app.config.data_dir).display().to_string();
    let status = views::Status { last_success: last.as_ref(), age_hours: age, main_dir: &dir, second_copy: second };
    Ok(views::page(&app.clock, &shell.csrf, &status, &form, errors, &runs))
}

#[handler]
pub async fn backups_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let main = render(app, &shell, None, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Sauvegardes", main))
}

#[handler]
pub async fn save_settings(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let settings = match form.parse() {
        Ok(s) => s,
        Err(errors) => {
            let main = render(app, &shell, Some(form), &errors).await?;
            return Ok(hx::invalid(hx, &shell, "Sauvegardes", main));
        }
    };
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::save_settings(tx, &actor, &settings, &now)).await?;
    Ok(hx::redirect(hx, "/admin/sauvegardes?ok=sauvegardes-reglages"))
}

/// "Lancer une sauvegarde maintenant": recorded either way; a failure answers 409 with its reason.
#[handler]
pub async fn run_now(Data(app): Data<&App>, hx: Hx, me: CurrentUser) -> Result<Response, AppError> {
    let runs = schedule::take_and_record(app, Reason::Manual, Some(me.actor())).await?;
    if let Some(Err(e)) = runs.iter().map(|r| &r.outcome).find(|o| o.is_err()) {
        return Err(AppError::rule(format!("Sauvegarde échouée : {e}")));
    }
    Ok(hx::redirect(hx, "/admin/sauvegardes?ok=sauvegarde-faite"))
}

/// "Télécharger maintenant": a fresh, verified snapshot streamed as a download. The temporary
/// file is unlinked once open, so nothing is left behind whatever happens to the connection.
#[handler]
pub async fn download_now(Data(app): Data<&App>, me: CurrentUser) -> Result<Response, AppError> {
    let dir = default_dir(&app.config.data_dir);
    let name = file_name(app.clock.local(app.clock.now()).naive_local());
    let (source, tmp_name) =
        (app.db.path().to_path_buf(), format!(".telechargement-{}.db", crate::auth::random_hex(8)));
    let snap = crate::db::blocking(move || {
        std::fs::create_dir_all(&dir).map_err(|e| AppError::rule(format!("Dossier {} : {e}", dir.display())))?;
        snapshot::write(&source, &dir, &tmp_name, &Options::default(), &mut |_, _| {})
            .map_err(|e| AppError::rule(format!("Copie impossible : {e}")))
    })
    .await?;
    let file = tokio::fs::File::open(&snap.path).await.map_err(anyhow::Error::from)?;
    let _ = tokio::fs::remove_file(&snap.path).await;
    let (actor, now, size) = (me.actor(), app.clock.now_text(), snap.size);
    app.db.write(move |tx| ops::record_download(tx, &actor, size, &now)).await?;
    Ok(Body::from_async_read(file)
        .into_response()
        .with_header(header::CONTENT_TYPE, "application/vnd.sqlite3")
        .with_header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))
        .with_header(header::CONTENT_LENGTH, size.to_string())
        .into_response())
}
