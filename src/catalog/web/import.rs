//! Routes of import (upload → preview → confirm) and export.

use poem::http::header;
use poem::web::{Data, Form, Multipart, Query};
use poem::{IntoResponse, Response, handler};
use serde::Deserialize;

use crate::auth::{CurrentUser, random_hex};
use crate::catalog::import::{self, ImportKind};
use crate::catalog::store;
use crate::catalog::views::Visibility;
use crate::catalog::views::import as views;
use crate::clock::stamp;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// 5 MB is far more than 400 products with their recipes.
const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

#[handler]
pub async fn page(hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    Ok(hx::page(
        hx,
        &shell,
        "Import / export",
        views::page(&shell.csrf, Visibility::of(&me), "produits", &FieldErrors::new(), None),
    ))
}

/// Reads the upload, stores it for confirmation, and shows the dry run.
#[handler]
pub async fn preview(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let mut kind_code = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut errors = FieldErrors::new();
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("kind") => kind_code = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("import.csv").to_string();
                match field.bytes().await {
                    Ok(b) if b.len() > MAX_FILE_BYTES => errors.add("file", "Fichier trop lourd : 5 Mo au plus."),
                    Ok(b) if b.is_empty() => errors.add("file", "Choisissez un fichier CSV ou XLSX."),
                    Ok(b) => file = Some((name, b)),
                    Err(_) => errors.add("file", "L'envoi du fichier a échoué."),
                }
            }
            _ => {}
        }
    }
    let kind = ImportKind::from_code(&kind_code);
    if kind.is_none() {
        errors.add("kind", "Choisissez ce que contient le fichier.");
    }
    let table = match &file {
        Some((name, bytes)) => import::read_table(name, bytes).map_err(|e| errors.add("file", e)).ok(),
        None => {
            errors.add("file", "Choisissez un fichier CSV ou XLSX.");
            None
        }
    };
    let (Some(kind), Some(table), Some((name, bytes)), true) = (kind, table, file, errors.is_empty()) else {
        let main = views::page(&shell.csrf, Visibility::of(&me), &kind_code, &errors, None);
        return Ok(hx::invalid(hx, &shell, "Import / export", main));
    };
    let (actor, now) = (me.actor(), app.clock.now_text());
    let t = table.clone();
    let report = app.db.dry_run(move |tx| import::run(tx, &actor, kind, &t, &now)).await?;
    let token = random_hex(16);
    if report.ok() {
        let (tok, user, now, cutoff) =
            (token.clone(), me.id, app.clock.now_text(), stamp(app.clock.now() - chrono::Duration::days(1)));
        app.db
            .write(move |tx| {
                store::delete_old_pending_imports(tx, &cutoff)?;
                Ok(store::insert_pending_import(tx, &tok, kind.code(), &name, &bytes, user, &now)?)
            })
            .await?;
    }
    let main =
        views::page(&shell.csrf, Visibility::of(&me), kind.code(), &FieldErrors::new(), Some((&report, &token, kind)));
    Ok(hx::page(hx, &shell, "Import / export", main))
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
    Form(f): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let (actor, now, user) = (me.actor(), app.clock.now_text(), me.id);
    let outcome = app
        .db
        .write(move |tx| {
            let (kind, name, bytes) = store::pending_import(tx, &f.token, user)?.ok_or_else(|| AppError::rule("Cet import a déjà été fait ou a expiré : renvoyez le fichier."))?;
            let kind = ImportKind::from_code(&kind).ok_or(AppError::NotFound)?;
            let table = import::read_table(&name, &bytes).map_err(AppError::Rule)?;
            let report = import::run(tx, &actor, kind, &table, &now)?;
            if !report.ok() {
                // Dropping the transaction undoes every row: nothing half-imported.
                return Err(AppError::rule("Le catalogue a changé depuis l'aperçu et des lignes ne passent plus : rien n'a été importé. Renvoyez le fichier."));
            }
            store::delete_pending_import(tx, &f.token)?;
            Ok((report, kind))
        })
        .await?;
    let (report, kind) = outcome;
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
        (
            import::to_xlsx(&table, kind.code())?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    } else {
        (import::to_csv(&table)?, "text/csv; charset=utf-8", "csv")
    };
    let disposition = format!("attachment; filename=\"fournil-{}-{date}.{ext}\"", kind.code());
    Ok(bytes.with_content_type(ct).with_header(header::CONTENT_DISPOSITION, disposition).into_response())
}
