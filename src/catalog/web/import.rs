//! Routes of import (upload → preview → confirm) and export.

use poem::web::{Data, Form, Multipart, Query};
use poem::{Response, handler};
use serde::Deserialize;

use crate::audit::Stamp;
use crate::auth::{CurrentUser, random_hex};
use crate::catalog::import::{self, ImportKind, Upload};
use crate::catalog::views::Visibility;
use crate::catalog::views::import as views;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// 5 MB is far more than 400 products with their recipes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

const TITLE: &str = "Import / export";

#[handler]
pub async fn page(hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    Ok(hx::page(
        hx,
        &shell,
        TITLE,
        views::page(&shell.csrf, Visibility::of(&me), "produits", &FieldErrors::new(), None),
    ))
}

/// The upload form as sent (multipart): what the file holds, as chosen, and the file, with what
/// went wrong receiving it.
#[derive(Default)]
pub struct UploadForm {
    kind: String,
    file: Option<(String, Vec<u8>)>,
    errors: FieldErrors,
}

impl UploadForm {
    async fn read(mut form: Multipart) -> UploadForm {
        let mut f = UploadForm::default();
        while let Ok(Some(field)) = form.next_field().await {
            match field.name() {
                Some("kind") => f.kind = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let name = field.file_name().unwrap_or("import.csv").to_string();
                    match field.bytes().await {
                        Ok(b) if b.len() > MAX_FILE_BYTES => f.errors.add("file", "Fichier trop lourd : 5 Mo au plus."),
                        Ok(b) if b.is_empty() => f.errors.add("file", "Choisissez un fichier CSV ou XLSX."),
                        Ok(b) => f.file = Some((name, b)),
                        Err(_) => f.errors.add("file", "L'envoi du fichier a échoué."),
                    }
                }
                _ => {}
            }
        }
        f
    }

    /// The upload, its rows read; every problem goes beside its field.
    fn parse(self) -> Result<Upload, FieldErrors> {
        let mut errors = self.errors;
        let kind = ImportKind::from_code(&self.kind);
        if kind.is_none() {
            errors.add("kind", "Choisissez ce que contient le fichier.");
        }
        let table = match &self.file {
            Some((name, bytes)) => import::read_table(name, bytes).map_err(|e| errors.add("file", e)).ok(),
            None => {
                errors.add("file", "Choisissez un fichier CSV ou XLSX.");
                None
            }
        };
        match (kind, table, self.file) {
            (Some(kind), Some(table), Some((name, bytes))) => errors.into_result(Upload { kind, name, bytes, table }),
            _ => Err(errors),
        }
    }
}

/// Reads the upload and shows the dry run; a file that passes is kept for the confirmation.
#[handler]
pub async fn preview(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    form: Multipart,
) -> Result<Response, AppError> {
    let form = UploadForm::read(form).await;
    let (chosen, token, user) = (form.kind.clone(), random_hex(16), me.id);
    let tok = token.clone();
    let result = match form.parse() {
        Ok(u) => app.db.write(move |tx| Ok((import::preview(tx, &st, user, &u, &tok)?, u.kind))).await,
        Err(e) => Err(e.into()),
    };
    let vis = Visibility::of(&me);
    hx::saved(
        result,
        |(report, kind)| {
            let main = views::page(&shell.csrf, vis, kind.code(), &FieldErrors::new(), Some((&report, &token, kind)));
            hx::page(hx, &shell, TITLE, main)
        },
        async |e| Ok(hx::invalid(hx, &shell, TITLE, views::page(&shell.csrf, vis, &chosen, &e, None))),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    token: String,
}

/// Runs the stored import for real: everything or nothing.
#[handler]
pub async fn confirm(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let user = me.id;
    let (report, kind) = app.db.write(move |tx| import::confirm(tx, &st, user, &f.token)).await?;
    let main = views::done(Visibility::of(&me), &report, kind);
    Ok(hx::page(hx, &shell, "Import terminé", main))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportQuery {
    kind: String,
    format: String,
}

#[handler]
pub async fn export(Data(app): Data<&App>, Query(q): Query<ExportQuery>) -> Result<Response, AppError> {
    let kind = ImportKind::from_code(&q.kind).ok_or(AppError::NotFound)?;
    let table = app.db.read(move |c| import::export_rows(c, kind)).await?;
    let date = app.clock.local(app.clock.now()).format("%Y-%m-%d");
    let (bytes, ct, ext) = if q.format == "xlsx" {
        (import::to_xlsx(&table, kind.code())?, hx::XLSX, "xlsx")
    } else {
        (import::to_csv(&table)?, "text/csv; charset=utf-8", "csv")
    };
    Ok(hx::download(bytes, ct, &format!("fournil-{}-{date}.{ext}", kind.code())))
}
