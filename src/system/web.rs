//! Routes of health and integrity.

use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};

use super::{VERSION, check, views};
use crate::db::migrate;
use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// `GET /healthz`: for the service manager and monitoring. Never needs a session.
#[handler]
pub async fn healthz(Data(app): Data<&App>) -> Response {
    let probe = app.db.read(|c| Ok(migrate::version(c)?)).await;
    let (status, db, schema) = match probe {
        Ok(v) => ("ok", "ok", Some(v)),
        Err(e) => {
            tracing::error!(error = %e, "healthz: base inaccessible");
            ("erreur", "inaccessible", None)
        }
    };
    let body = serde_json::json!({
        "status": status,
        "version": VERSION,
        "schema_version": schema,
        "schema_expected": migrate::LATEST,
        "database": db,
    });
    let mut resp = Json(body).into_response();
    if status != "ok" {
        resp.set_status(poem::http::StatusCode::SERVICE_UNAVAILABLE);
    }
    resp
}

#[handler]
pub async fn check_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let started = app.clock.now_text();
    let checked = super::child::run_apart_async(&app.db, check::Origin::Page, check::Depth::Quick, started).await?;
    Ok(hx::page(hx, &shell, "Contrôle", views::check(&checked.report)))
}
